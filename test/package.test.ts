/**
 * The package as users get it: `npm pack`, installed into a fresh cdk8s app next to its peers, synthesized with the
 * real cdk8s CLI through `kubevirt-netbind synth`, imported from CommonJS and from ESM, type-checked, linted.
 */
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { REPO, useScratchApp } from './support/scratch-app';

/** One app, written three ways: TypeScript (the synth route), CommonJS `require`, and ESM `import`. */
const APP_BODY = `
  const app = new NetbindApp();
  const lab = new KubeVirtCluster(app, 'lab', { version: '1.4' });
  const chart = new Chart(lab, 'c');
  const kv = new KubeVirtNetworking(chart, 'kv');
  const passt = kv.addBinding('passt', { sidecarImage: 'quay.io/x/y:v1' });
  new VirtualMachine(chart, 'vm', {
    name: 'vm1',
    memory: '1Gi',
    interfaces: [{ name: 'net', binding: passt, network: VmNetwork.pod() }],
    disks: [VmDisk.containerDisk({ name: 'root', image: 'quay.io/x/disk:v1' })],
  });
  return app;
`;
const NAMES = 'KubeVirtCluster, KubeVirtNetworking, NetbindApp, VirtualMachine, VmDisk, VmNetwork, runSynth';

const MAIN_TS = `import { Chart } from 'cdk8s';
import { ${NAMES} } from 'cdk8s-kubevirt-netbind';

process.exitCode = runSynth(() => {${APP_BODY}});
`;

const MAIN_CJS = `'use strict';
const { Chart } = require('cdk8s');
const { ${NAMES} } = require('cdk8s-kubevirt-netbind');

process.exitCode = runSynth(() => {${APP_BODY}});
`;

const MAIN_MJS = `import { Chart } from 'cdk8s';
import { ${NAMES} } from 'cdk8s-kubevirt-netbind';

process.exitCode = runSynth(() => {${APP_BODY}});
`;

/** The same app on KubeVirt 1.2, which has no computeResourceOverhead: a synth error. */
const MAIN_BAD_TS = MAIN_TS.replace("version: '1.4'", "version: '1.2'")
  .replace("{ sidecarImage: 'quay.io/x/y:v1' }", "{ sidecarImage: 'quay.io/x/y:v1', memoryOverhead: '500Mi' }");

/** A GitOps app as a user writes one: a KubeVirt CR owned elsewhere (base/), the passt kit, layers and Flux. */
const GITOPS_TS = `import { Chart } from 'cdk8s';
import { ClusterTarget, KubeVirtCluster, KubeVirtNetworking, NetbindApp, PluginKits, VirtualMachine, VmDisk, runSynth } from 'cdk8s-kubevirt-netbind';

process.exitCode = runSynth(() => {
  const app = new NetbindApp({ outdir: 'gitops-dist', gitOps: { flux: { sourceRef: { name: 'flux-system' }, pathPrefix: 'gitops-dist' } } });
  const lab = new KubeVirtCluster(app, 'lab', { version: '1.7', target: ClusterTarget.kubevirtPatch({ base: 'base/kubevirt-cr.yaml' }) });
  const networking = new KubeVirtNetworking(new Chart(lab, 'kubevirt'), 'kubevirt');
  const passt = PluginKits.passt(new Chart(lab, 'passt', { namespace: 'default' }), { networking });
  new VirtualMachine(new Chart(lab, 'vms', { namespace: 'default' }), 'vm', {
    memory: '1Gi',
    interfaces: [passt.interface('net')],
    disks: [VmDisk.containerDisk({ name: 'root', image: 'quay.io/x/disk:v1' })],
  });
  return app;
});
`;

const BASE_CR = 'apiVersion: kubevirt.io/v1\nkind: KubeVirt\nmetadata:\n  name: kubevirt\n  namespace: kubevirt\nspec:\n'
  + '  configuration:\n    developerConfiguration:\n      featureGates: [Snapshot]\n  imagePullPolicy: IfNotPresent\n';

const app = useScratchApp({
  prefix: 'netbind-package-',
  files: {
    'cdk8s.yaml': 'language: typescript\napp: npx kubevirt-netbind synth main.ts\n',
    'main.ts': MAIN_TS,
    'main-bad.ts': MAIN_BAD_TS,
    'broken.ts': "import { Chart } from 'cdk8s';\nconst chart: Chart = ;\n",
    'main.cjs': MAIN_CJS,
    'main.mjs': MAIN_MJS,
    'gitops.ts': GITOPS_TS,
    // the same app on KubeVirt 1.3, where KubeVirt publishes no passt CNI image: the kit needs one given
    'gitops-bad.ts': GITOPS_TS.replace("version: '1.7'", "version: '1.3'"),
    'base/kubevirt-cr.yaml': BASE_CR,
    'base/kustomization.yaml': 'resources:\n  - kubevirt-cr.yaml\n',
  },
});

/** Every file under `dir`, relative to it, sorted. */
function listFiles(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, r) : [r];
  }).sort();
}

/** Folders of installed packages named `name`, relative to the app, found anywhere under node_modules. */
function copiesOf(root: string, name: string): string[] {
  const found: string[] = [];
  const walk = (nm: string) => {
    if (!fs.existsSync(nm)) return;
    for (const e of fs.readdirSync(nm, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const dirs = e.name.startsWith('@')
        ? fs.readdirSync(path.join(nm, e.name)).map((s) => path.join(nm, e.name, s))
        : [path.join(nm, e.name)];
      for (const d of dirs) {
        if (path.relative(nm, d) === name && fs.existsSync(path.join(d, 'package.json'))) found.push(path.relative(root, d));
        walk(path.join(d, 'node_modules'));
      }
    }
  };
  walk(path.join(root, 'node_modules'));
  return found.sort();
}

/** The kind/name of each object in a synthesized file. */
function objectsIn(text: string): Array<Record<string, any>> {
  return parseAllDocuments(text).map((d) => d.toJSON() as Record<string, any>);
}

describe('package: the tarball', () => {
  it('holds compiled JS, declarations, bin, docs and README, and no sources, generated .ts or example app', () => {
    // GIVEN the packed repo
    const { files, size, unpackedSize } = app().packed;
    // WHEN its files are sorted into what is allowed
    const allowed = /^(package\.json|README\.md|LICENSE|bin\/kubevirt-netbind\.js|docs\/[\w.-]+\.(md|svg)|lib\/(src|imports)\/[\w/.-]+\.(js|d\.ts))$/;
    // THEN nothing else is in it
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files.filter((f) => /^(src|imports|test|scripts)\//.test(f) || /^lib\/src\/main\./.test(f))).toEqual([]);
    // AND every source module but the example app is there, compiled with its declarations
    const modules = listFiles(path.join(REPO, 'src')).filter((f) => f.endsWith('.ts') && f !== 'main.ts');
    const expected = modules.flatMap((m) => [`lib/src/${m.replace(/\.ts$/, '.js')}`, `lib/src/${m.replace(/\.ts$/, '.d.ts')}`]);
    expect(expected.filter((f) => !files.includes(f))).toEqual([]);
    // AND the generated imports, which the constructs load at run time, as JS and declarations only
    const imports = fs.readdirSync(path.join(REPO, 'imports')).filter((f) => f.endsWith('.ts')).sort();
    expect(files.filter((f) => f.startsWith('lib/imports/')))
      .toEqual(imports.flatMap((f) => [`lib/imports/${f.replace(/\.ts$/, '.d.ts')}`, `lib/imports/${f.replace(/\.ts$/, '.js')}`]));
    expect(files).toEqual(expect.arrayContaining(['README.md', 'package.json', 'bin/kubevirt-netbind.js', 'docs/rules.md']));
    // AND it stays small (0.4 MB packed, 3.6 MB unpacked when this was written)
    expect(size).toBeLessThan(1_000_000);
    expect(unpackedSize).toBeLessThan(5_000_000);
  });

  it('publishes no @internal declaration', () => {
    // GIVEN the installed package's declarations
    const lib = app().path('node_modules/cdk8s-kubevirt-netbind/lib');
    const dts = listFiles(lib).filter((f) => f.endsWith('.d.ts'));
    // WHEN they are searched for @internal THEN none is left (stripInternal)
    expect(dts.length).toBeGreaterThan(0);
    expect(dts.filter((f) => fs.readFileSync(path.join(lib, f), 'utf8').includes('@internal'))).toEqual([]);
  });

  it('declares cdk8s and constructs as peers and pins its runtime dependencies', () => {
    // GIVEN the installed package.json
    const pkg = JSON.parse(app().read('node_modules/cdk8s-kubevirt-netbind/package.json'));
    // THEN the construct libraries are peers, not dependencies, and the exports map is the public surface
    expect(pkg.peerDependencies).toEqual({ cdk8s: '^2.68.11', constructs: '^10.3.0' });
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['cdk8s-plus-28', 'esbuild', 'fast-json-patch', 'js-yaml']);
    expect(Object.values(pkg.dependencies).filter((v) => !/^\d+\.\d+\.\d+$/.test(v as string))).toEqual([]);
    expect(pkg.exports).toEqual({
      '.': { types: './lib/src/index.d.ts', require: './lib/src/index.js', default: './lib/src/index.js' },
      './package.json': './package.json',
    });
  });
});

describe('package: installed in a cdk8s app', () => {
  it('leaves the app exactly one copy of cdk8s and of constructs', () => {
    // GIVEN the app installed with the tarball and its peers
    // WHEN node_modules is searched at every depth
    // THEN cdk8s and constructs are only at the top, shared by the app and the library
    expect(copiesOf(app().dir, 'cdk8s')).toEqual(['node_modules/cdk8s']);
    expect(copiesOf(app().dir, 'constructs')).toEqual(['node_modules/constructs']);
    expect(app().exists('node_modules/cdk8s-kubevirt-netbind/node_modules')).toBe(false);
  });

  it('synthesizes main.ts with cdk8s synth through `npx kubevirt-netbind synth main.ts`', () => {
    // GIVEN cdk8s.yaml with app: npx kubevirt-netbind synth main.ts
    // WHEN the real cdk8s CLI synthesizes
    const r = app().cdk8s(['synth']);
    // THEN it succeeds and lists the one chart's file
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Synthesizing application\n  - dist/c.k8s.yaml\n');
    expect(r.status).toBe(0);
    expect(listFiles(app().path('dist'))).toEqual(['.netbind-files', 'c.k8s.yaml']);
    // AND the file holds the registration and the VM that uses it
    const [kubevirt, vm] = objectsIn(app().read('dist/c.k8s.yaml'));
    expect([kubevirt.kind, kubevirt.metadata.name, vm.kind, vm.metadata.name]).toEqual(['KubeVirt', 'kubevirt', 'VirtualMachine', 'vm1']);
    expect(kubevirt.spec.configuration.developerConfiguration.featureGates).toEqual(['NetworkBindingPlugins']);
    expect(kubevirt.spec.configuration.network.binding).toEqual({ passt: { sidecarImage: 'quay.io/x/y:v1' } });
    expect(vm.spec.template.spec.domain.devices.interfaces).toEqual([{ name: 'net', binding: { name: 'passt' } }]);
    expect(vm.spec.template.spec.networks).toEqual([{ name: 'net', pod: {} }]);
    // AND the bundle of main.ts is gone
    expect(fs.readdirSync(app().dir).filter((f) => f.endsWith('.kubevirt-netbind.cjs'))).toEqual([]);
  });

  it('gives the same manifests from CommonJS (require) and ESM (import)', () => {
    // GIVEN the app as main.cjs and as main.mjs
    // WHEN each is run with node into its own folder
    const cjs = app().node(['main.cjs'], { env: { CDK8S_OUTDIR: 'out-cjs' } });
    const esm = app().node(['main.mjs'], { env: { CDK8S_OUTDIR: 'out-esm' } });
    // THEN both succeed and write what the TypeScript entry wrote through cdk8s synth
    expect([cjs.status, cjs.stderr, esm.status, esm.stderr]).toEqual([0, '', 0, '']);
    const ts = app().read('dist/c.k8s.yaml');
    expect(listFiles(app().path('out-cjs'))).toEqual(['.netbind-files', 'c.k8s.yaml']);
    expect(listFiles(app().path('out-esm'))).toEqual(['.netbind-files', 'c.k8s.yaml']);
    expect(app().read('out-cjs/c.k8s.yaml')).toBe(ts);
    expect(app().read('out-esm/c.k8s.yaml')).toBe(ts);
  });

  it('fails a synth error through cdk8s synth with the problem list and no stack trace', () => {
    // GIVEN an app on KubeVirt 1.2 that sets a registration field first in 1.3
    // WHEN cdk8s synth runs it through the synth route
    const r = app().cdk8s(['synth', '--app', 'npx kubevirt-netbind synth main-bad.ts', '--output', 'out-bad']);
    // THEN the CLI fails, the app's stderr has the problem, and nothing is written
    expect(r.status).toBe(1);
    // (the CLI then prints its own "Error: command ... returned a non-zero exit code 1" with the CLI's stack)
    const [fromApp, fromCli] = r.stderr.split(/^(?=Error: command ")/m);
    expect(fromApp).toMatch(/^synth failed with 1 error:\n {2}\[lab\/c\/kv\] addBinding\("passt"\)\.memoryOverhead \(spec\.configuration\.network\.binding\.passt\.computeResourceOverhead\): [^\n]+\n$/);
    expect(fromCli).toMatch(/^Error: command "npx kubevirt-netbind synth main-bad\.ts ?" at .* returned a non-zero exit code 1\n/);
    expect(app().exists('out-bad')).toBe(false);
  });

  it('loads KubeVirtNetbindValidation as a cdk8s validation plugin from the installed package', () => {
    // GIVEN a cdk8s.yaml that validates with the package's plugin class (a local plugin: an absolute path)
    app().write('plugin/cdk8s.yaml', `app: node ../main.cjs
validations:
  - package: ${app().path('node_modules/cdk8s-kubevirt-netbind')}
    version: 0.1.0
    class: KubeVirtNetbindValidation
    properties:
      kubevirtVersion: "1.4"
`);
    // WHEN cdk8s synth runs there
    const r = app().cdk8s(['synth'], { cwd: 'plugin' });
    // THEN the plugin checks the one manifest file and the validation succeeds
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter((l) => /^(kubevirt-netbind:|Validations ended)/.test(l))).toEqual([
      'kubevirt-netbind: 0 error(s), 0 warning(s) in 1 manifest file(s) for kubevirt 1.4',
      'Validations ended succesfully',
    ]);
  });

  it('runs side by side in one folder, each run with its own bundle', async () => {
    // GIVEN two synths of main.ts started together into different folders
    const runs = await Promise.all(['out-a', 'out-b'].map((out) =>
      app().start(process.execPath, [app().path('node_modules/.bin/kubevirt-netbind'), 'synth', 'main.ts'], { env: { CDK8S_OUTDIR: out } })));
    // THEN both succeed with the same manifests, and no bundle is left behind
    expect(runs.map((r) => [r.status, r.stderr])).toEqual([[0, ''], [0, '']]);
    expect(app().read('out-a/c.k8s.yaml')).toBe(app().read('dist/c.k8s.yaml'));
    expect(app().read('out-b/c.k8s.yaml')).toBe(app().read('dist/c.k8s.yaml'));
    expect(fs.readdirSync(app().dir).filter((f) => f.endsWith('.kubevirt-netbind.cjs'))).toEqual([]);
  });

  it('answers --help, and a missing entry with exit 2', () => {
    // WHEN the installed bin is asked for help, or to synthesize a file that is not there
    const help = app().netbind(['synth', '--help']);
    const missing = app().netbind(['synth', 'nope.ts']);
    // THEN help is on stdout, and the missing entry is named on stderr
    expect([help.status, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toMatch(/^usage: kubevirt-netbind synth \[entry\.ts\] \[app args\.\.\.\]\n/);
    expect([missing.status, missing.stdout]).toEqual([2, '']);
    expect(missing.stderr).toBe(`kubevirt-netbind: error: cannot find the app's entry nope.ts (in ${app().dir})\nusage: kubevirt-netbind synth [entry.ts] [app args...]\n`);
  });

  it('reports a TypeScript syntax error as file:line:column from the installed bin, without a stack trace', () => {
    // GIVEN an entry that does not parse
    // WHEN the installed bin synthesizes it
    const r = app().netbind(['synth', 'broken.ts']);
    // THEN esbuild's error is printed at its place and the exit code is 1
    expect(r.stderr).toBe('broken.ts:2:22: error: Unexpected ";"\nkubevirt-netbind: 1 error in broken.ts; nothing was synthesized\n');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(1);
  });

  it('lints through the installed bin', () => {
    // GIVEN the synthesized manifests, and a copy whose VM uses a binding the cluster does not register
    const good = app().read('dist/c.k8s.yaml');
    const bad = good.replace('binding:\n                name: passt', 'binding:\n                name: slirp');
    expect(bad).not.toBe(good);
    app().write('lint/bad.yaml', bad);
    const line = bad.split('\n').findIndex((l) => l.endsWith('name: slirp')) + 1;
    // WHEN kubevirt-netbind lint runs over each
    const ok = app().netbind(['lint', '--kubevirt-version', '1.4', 'dist']);
    const ko = app().netbind(['lint', '--kubevirt-version', '1.4', 'lint/bad.yaml']);
    // THEN the synthesized output is clean and the copy has one error at the binding name
    expect([ok.status, ok.stdout, ok.stderr]).toEqual([0, '', '0 errors, 0 warnings in 1 file\n']);
    expect(ko.status).toBe(1);
    expect(ko.stdout.split('\n').filter(Boolean).map((l) => l.slice(0, l.indexOf(': ', l.indexOf('error ')))))
      .toEqual([`lint/bad.yaml:${line}: error binding-registered`]);
    expect(ko.stderr).toBe('1 error, 0 warnings in 1 file\n');
  });

  it('draws and diffs the bindings through the installed bin', () => {
    // GIVEN the synthesized manifests, and a copy whose VM moved to a binding the cluster does not register
    const good = app().read('dist/c.k8s.yaml');
    app().write('moved/c.k8s.yaml', good.replace('binding:\n                name: passt', 'binding:\n                name: slirp'));
    // WHEN graph and diff run from the installed package
    const graph = app().netbind(['graph', '--kubevirt-version', '1.4', '--format', 'markdown', 'dist']);
    const diff = app().netbind(['diff', '--kubevirt-version', '1.4', 'dist', 'moved']);
    // THEN the picture holds the registration and the VM, and the diff shows the move and the new error
    expect([graph.status, graph.stderr]).toEqual([0, '0 errors, 0 warnings in 1 file\n']);
    expect(graph.stdout).toMatch(/^# Network bindings$/m);
    expect(graph.stdout).toMatch(/`passt`/);
    expect(graph.stdout).toMatch(/`vm1`/);
    expect(diff.status).toBe(1);
    expect(diff.stdout).toMatch(/vm1/);
    expect(diff.stdout).toMatch(/slirp/);
    expect(diff.stdout).toMatch(/binding-registered/);
  });

  it('synthesizes a GitOps app with a plugin kit and a patch target, then lints it and checks an upgrade, through the installed bin', () => {
    // GIVEN gitops.ts: KubeVirt 1.7, its CR owned elsewhere (base/), the passt kit, the GitOps layout with Flux
    // WHEN synthesized by the installed bin
    const synth = app().netbind(['synth', 'gitops.ts']);
    expect([synth.status, synth.stderr]).toEqual([0, '']);
    // THEN the overlay, the kit's NAD and CNI installer, the VM and the Flux objects are in their layers
    const files = listFiles(app().path('gitops-dist'));
    expect(files).toEqual(expect.arrayContaining([
      'lab/cluster-config/cluster-configuration/kubevirt-patch.yaml',
      'lab/cluster-config/cluster-configuration/kustomization.yaml',
      'lab/workloads/virtualmachine_default_vm.yaml',
      'flux/lab/kustomizations.yaml',
    ]));
    expect(files.some((f) => /^lab\/networks\/daemonset_.*\.yaml$/.test(f))).toBe(true);
    expect(files.some((f) => /^lab\/networks\/networkattachmentdefinition_default_.*\.yaml$/.test(f))).toBe(true);
    expect(files).not.toContain(expect.stringMatching(/kubevirt_kubevirt_kubevirt\.yaml$/));
    // AND lint reads the overlay as kustomize does (the patch merged onto the base): clean at 1.7
    const lint = app().netbind(['lint', '--kubevirt-version', '1.7', 'gitops-dist']);
    expect([lint.status, lint.stdout]).toEqual([0, '']);
    // AND the upgrade check to 1.9 names the passt plugin's way to the core binding at 1.8
    const up = app().netbind(['upgrade', '--from', '1.7', '--to', '1.9', 'gitops-dist']);
    expect([0, 1]).toContain(up.status);
    expect(up.stdout).toMatch(/1\.7->1\.8 .*passt/);
  });

  it('fails a GitOps synth through the installed bin with the problem and no stack trace, and keeps the layered output as it was', () => {
    // GIVEN the GitOps app synthesized once into gitops-dist/
    expect(app().netbind(['synth', 'gitops.ts']).status).toBe(0);
    const before = listFiles(app().path('gitops-dist')).map((f) => [f, app().read(`gitops-dist/${f}`)]);
    // WHEN the same app on KubeVirt 1.3 is synthesized
    const r = app().netbind(['synth', 'gitops-bad.ts']);
    // THEN it fails naming the kit, the release and the fix, without a stack trace
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^synth failed with 1 error:\n  \[lab\/passt\/passt\] props\.cniImage: the passt kit has no cni image for kubevirt 1\.3\.0: .*give cniImage, .* or installCni: false/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    // AND every file of the layered output is as it was
    expect(listFiles(app().path('gitops-dist')).map((f) => [f, app().read(`gitops-dist/${f}`)])).toEqual(before);
  });

  it('type-checks the app against the published declarations, resolved through the exports map', () => {
    // GIVEN main.ts in a strict project with node16 resolution (which reads the exports map's types)
    // WHEN it and the package's declarations are type-checked
    // THEN main.ts has no problem, nor do the declarations without what stripInternal left out
    // AND a misspelt prop is caught through them
    app().write('typo.ts', MAIN_TS.replace("memory: '1Gi'", "memroy: '1Gi'"));
    expect(app().typeCheck(['main.ts', 'typo.ts']).map((d) => d.replace(/: error TS\d+: .*/s, ''))).toEqual(['typo.ts(12,5)']);
  });

  it('keeps dist/ through cdk8s synth with the default output folder: a failed synth leaves it as it was', () => {
    // GIVEN the README's cdk8s.yaml (no output key: the CLI's default, dist/, which the CLI empties before the app runs)
    const dir = app().path('readme-route');
    fs.mkdirSync(dir, { recursive: true });
    app().write('readme-route/cdk8s.yaml', 'language: typescript\napp: node ../node_modules/cdk8s-kubevirt-netbind/bin/kubevirt-netbind.js synth main.ts\n');
    app().write('readme-route/main.ts', MAIN_TS);
    const read = () => Object.fromEntries(listFiles(path.join(dir, 'dist')).map((f) => [f, app().read(`readme-route/dist/${f}`)]));
    // WHEN a good synth runs with the synth route alone, the user adds a kustomization.yaml of their own, and a good
    // cdk8s synth runs
    expect(app().netbind(['synth', 'main.ts'], { cwd: dir }).status).toBe(0);
    app().write('readme-route/dist/kustomization.yaml', 'resources:\n  - c.k8s.yaml\n');
    expect(app().netbind(['synth', 'main.ts'], { cwd: dir }).status).toBe(0);
    expect(app().cdk8s(['synth'], { cwd: dir }).status).toBe(0);
    // THEN the user's file is still there, beside the synth's (put back from the last good output after the CLI removed dist/)
    const good = read();
    expect(Object.keys(good)).toEqual(['.netbind-files', 'c.k8s.yaml', 'kustomization.yaml']);
    // WHEN the app breaks and cdk8s synth runs it
    app().write('readme-route/main.ts', MAIN_BAD_TS);
    const failed = app().cdk8s(['synth'], { cwd: dir });
    // THEN the synth fails with the problem and dist/ is byte for byte what it was
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/computeResourceOverhead is not in kubevirt 1\.2[\s\S]*its last good content was put back from \.netbind-last\/dist\n/);
    expect(read()).toEqual(good);
    // AND git does not see the kept copy
    expect(app().read('readme-route/.netbind-last/.gitignore')).toBe('*\n');
  });

  it('bundles an ES module project as ES module: import.meta and top-level await work', () => {
    // GIVEN a folder of a "type": "module" project whose entry reads import.meta.url and awaits at the top level
    const dir = app().path('esm-project');
    fs.mkdirSync(dir, { recursive: true });
    app().write('esm-project/package.json', '{ "type": "module" }\n');
    app().write('esm-project/main.ts', MAIN_TS.replace('process.exitCode = runSynth(', "import { fileURLToPath } from 'node:url';\nconst here = fileURLToPath(import.meta.url);\nawait Promise.resolve(here);\nprocess.exitCode = runSynth("));
    // WHEN it is synthesized through the synth route
    const r = app().netbind(['synth', 'main.ts'], { cwd: dir });
    // THEN it runs, writes its output, and leaves no bundle behind
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(listFiles(path.join(dir, 'dist'))).toEqual(['.netbind-files', 'c.k8s.yaml']);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.kubevirt-netbind.'))).toEqual([]);
  });
});
