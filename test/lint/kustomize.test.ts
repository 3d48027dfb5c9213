import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli';
import { mergePatch, scopeRead } from '../../src/lint/kustomize';
import { loadInputs } from '../../src/lint/load';
import { ALL_RULES } from '../../src/rules';

/** The GitOps fixtures: `repo/` (a base, two overlays, two cluster folders, two example folders) and `broken/`. */
const GITOPS = path.join(__dirname, '..', 'fixtures', 'gitops');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process in the GitOps fixtures, with the library's rules. */
async function run(argv: string[], stdin = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdin, stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, cwd: GITOPS, rules: ALL_RULES,
  });
  return { code, stdout, stderr };
}

/** `rule file:line` of each finding of a JSON report, in order. */
async function findings(argv: string[], stdin = ''): Promise<string[]> {
  const r = await run(['lint', '--format', 'json', ...argv], stdin);
  return (JSON.parse(r.stdout) as { findings: Array<{ rule: string; file: string; line: number }> }).findings.map((f) => `${f.rule} ${f.file}:${f.line}`);
}

describe('lint: a GitOps repository', () => {
  it('GIVEN overlays, cluster folders and example folders WHEN linted THEN each is checked on its own, patched, and findings point at the patch or the base', async () => {
    // GIVEN repo/: base (HyperConverged + VM web), overlays/prod (a merge patch registering mybind, a VM db using
    // it), overlays/dev (a json 6902 patch registering passt, its own VM db), clusters/a and clusters/b (VM app
    // in each; only a registers mybind), examples/one and examples/two (VM demo in each)
    // WHEN linted
    const r = await run(['lint', 'repo']);
    // THEN exactly these findings:
    expect(await findings(['repo'])).toEqual([
      // the base's own field, seen by both overlays, reported once
      'sidecar-image-pinned repo/base/hyperconverged.yaml:9',
      // clusters/b does not register mybind (clusters/a does: no finding there)
      'binding-registered repo/clusters/b/vm.yaml:15',
      // fields the json 6902 patch wrote: lines of its value
      'passt-plugin-superseded repo/overlays/dev/hco-passt.yaml:4',
      'nad-resolves repo/overlays/dev/hco-passt.yaml:5',
      'registration-value repo/overlays/dev/hco-passt.yaml:7',
      // a field the merge patch wrote
      'registration-field repo/overlays/prod/hco-bindings.yaml:10',
    ]);
    // and no duplicate-object for the VMs named alike in two overlays, two clusters or two example folders,
    // nor for the HyperConverged CR and its patches; prod's VM db is not told mybind is unregistered
    expect(r.stdout).not.toMatch(/duplicate-object|input-/);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('2 errors, 4 warnings in 15 files\n');
  });

  it('GIVEN the repository WHEN split into scopes THEN overlays, cluster folders and example folders are the scopes, with their files', async () => {
    // GIVEN the read of repo/
    const loaded = await loadInputs(['repo'], { cwd: GITOPS });
    // WHEN split
    const read = scopeRead(loaded, ['repo'], { cwd: GITOPS });
    // THEN one scope per overlay (with the base), per cluster folder and per example folder; patch and kustomization
    // files are no objects
    expect(read.scopes.map((s) => [s.name, s.files, s.objects.map((o) => `${o.manifest.kind}/${(o.manifest.metadata as { name: string }).name}`)])).toEqual([
      ['clusters/a', ['repo/clusters/a/kubevirt.yaml', 'repo/clusters/a/vm.yaml'], ['KubeVirt/kubevirt', 'VirtualMachine/app']],
      ['clusters/b', ['repo/clusters/b/kubevirt.yaml', 'repo/clusters/b/vm.yaml'], ['KubeVirt/kubevirt', 'VirtualMachine/app']],
      ['examples/one', ['repo/examples/one/vm.yaml'], ['VirtualMachine/demo']],
      ['examples/two', ['repo/examples/two/vm.yaml'], ['VirtualMachine/demo']],
      ['overlays/dev', ['repo/overlays/dev/kustomization.yaml', 'repo/base/hyperconverged.yaml', 'repo/base/vm-web.yaml', 'repo/base/kustomization.yaml', 'repo/overlays/dev/vm-db.yaml'],
        ['HyperConverged/kubevirt-hyperconverged', 'VirtualMachine/web', 'VirtualMachine/db']],
      ['overlays/prod', ['repo/overlays/prod/kustomization.yaml', 'repo/base/hyperconverged.yaml', 'repo/base/vm-web.yaml', 'repo/base/kustomization.yaml', 'repo/overlays/prod/vm-db.yaml'],
        ['HyperConverged/kubevirt-hyperconverged', 'VirtualMachine/web', 'VirtualMachine/db', 'NetworkAttachmentDefinition/data-net']],
    ]);
    // and each overlay sees its own patch merged: prod registers mybind, dev passt; the base keeps slirp
    const bindings = (name: string) => {
      const hco = read.scopes.find((s) => s.name === name)!.objects[0].manifest as { spec: { networkBinding: Record<string, unknown> } };
      return Object.keys(hco.spec.networkBinding);
    };
    expect(bindings('overlays/prod')).toEqual(['slirp', 'mybind']);
    expect(bindings('overlays/dev')).toEqual(['slirp', 'passt']);
    expect((loaded.objects.find((o) => o.manifest.kind === 'HyperConverged')!.manifest as { spec: { networkBinding: object } }).spec.networkBinding).toEqual({
      slirp: { sidecarImage: 'quay.io/kubevirt/network-slirp-binding:latest' },
    });
  });

  it('GIVEN the repository WHEN graphed THEN graph draws the scopes lint checks, and finds what lint finds', async () => {
    // GIVEN repo/ WHEN drawn as markdown
    const r = await run(['graph', '--format', 'markdown', 'repo']);
    // THEN one cluster per scope, named by folder
    expect(r.stdout.split('\n').filter((l) => l.startsWith('## Cluster'))).toEqual([
      '## Cluster `clusters/a`', '## Cluster `clusters/b`', '## Cluster `examples/one`', '## Cluster `examples/two`',
      '## Cluster `overlays/dev`', '## Cluster `overlays/prod`',
    ]);
    // and the same summary as lint
    expect(r.stderr).toBe('2 errors, 4 warnings in 15 files\n');
    expect(r.code).toBe(1);
  });

  it('GIVEN two clusters named alike in two trees WHEN diffed THEN clusters are matched by folder', async () => {
    // GIVEN repo/clusters as old and new WHEN diffed
    const r = await run(['diff', 'repo/clusters', 'repo/clusters']);
    // THEN nothing changed, in either cluster
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^0 new errors, 0 new warnings \(the new side has 1 finding\)/);
  });

  it('GIVEN bases, components, patchesStrategicMerge and a Kustomization file WHEN linted THEN the component\'s patch applies to the overlay', async () => {
    // GIVEN forms/: base/Kustomization (no extension) with a HyperConverged CR; component/ whose
    // patchesStrategicMerge registers slirp with a bad migration method; overlay/ with bases, components and a VM
    // using slirp
    // WHEN linted
    // THEN the bad field, in the component's patch; the VM's binding registered by the component's patch
    expect(await findings(['forms'])).toEqual(['registration-value forms/component/hco-slirp.yaml:11']);
    // and a file in the overlay's folder that its kustomization does not list is checked on its own, named so
    const read = scopeRead(await loadInputs(['forms'], { cwd: GITOPS }), ['forms'], { cwd: GITOPS });
    expect(read.scopes.map((s) => [s.name, s.files])).toEqual([
      // resources, then bases (kustomize appends bases to resources), then components
      ['overlay', ['forms/overlay/kustomization.yaml', 'forms/overlay/vm.yaml', 'forms/base/hco.yaml', 'forms/base/Kustomization', 'forms/component/kustomization.yaml']],
      ['overlay (files its kustomization does not list)', ['forms/overlay/extra.yaml']],
    ]);
    // and the VM named alone is checked alone: the kustomization beside it is not brought in
    expect(await findings(['forms/overlay/vm.yaml'])).toEqual(['binding-registered forms/overlay/vm.yaml:15']);
  });

  it('GIVEN an overlay with a remote KubeVirt release and a base outside the inputs WHEN linted THEN the base is read, the remote noted, and its release used', async () => {
    // GIVEN remote/: kubevirt-operator.yaml of v1.3.0 from GitHub, and ../version/cr (not an input)
    // WHEN linted
    const r = await run(['lint', 'remote']);
    // THEN the base's files are checked for 1.3
    expect(await findings(['remote'])).toEqual(['registration-needs-gate version/cr/kubevirt.yaml:7', 'binding-plugins-gate version/cr/vm.yaml:14']);
    expect(r.stdout).toContain('kubevirt 1.3 needs');
    // and notes say what was not read and which release applied
    expect(r.stderr).toBe([
      'kubevirt-netbind: note: remote/kustomization.yaml:2: resources[0] "https://github.com/kubevirt/kubevirt/releases/download/v1.3.0/kubevirt-operator.yaml" is remote: not read, its objects are not checked',
      'kubevirt-netbind: note: the inputs: checked for kubevirt 1.3, from resources[0] "https://github.com/kubevirt/kubevirt/releases/download/v1.3.0/kubevirt-operator.yaml" (remote/kustomization.yaml:2)',
      '1 error, 1 warning in 4 files',
      '',
    ].join('\n'));
  });

  it('GIVEN two overlays WHEN diffed THEN each side is one cluster, matched with the other: the changes from one to the other', async () => {
    // GIVEN overlays/prod as old and overlays/dev as new WHEN diffed
    const r = await run(['diff', 'repo/overlays/prod', 'repo/overlays/dev']);
    // THEN the registrations and VMs changed between them, in one cluster
    expect(r.stdout.split('\n').filter((l) => l.startsWith('### Cluster'))).toEqual(['### Cluster `kubevirt-hyperconverged/kubevirt-hyperconverged`']);
    expect(r.stdout).toContain('- removed `mybind` (was: bogusField `true`, sidecarImage `quay.io/example/mybind:v1.0.0`)');
    expect(r.stdout).toContain('- moved `apps/db`: `data` removed (was via `mybind` over `multus apps/data-net`)');
    expect(r.stderr).toBe('0 new errors, 3 new warnings (the new side has 4 findings); old: 6 files, new: 6 files\n');
    // no new error: the exit code says the new side is fine
    expect(r.code).toBe(0);
  });

  it('GIVEN kustomize build output on stdin WHEN linted THEN it is one scope, where two objects of one name are a duplicate', async () => {
    // GIVEN a rendered stream: two VMs named web in one namespace
    const vm = 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  runStrategy: Halted\n'
      + '  template:\n    spec:\n      domain:\n        devices: {}\n';
    // WHEN piped in
    // THEN the second is a duplicate, on its own line of the stream
    expect(await findings(['-'], `${vm}---\n${vm}`)).toEqual(['duplicate-object -:16']);
  });

  it('GIVEN a kustomization that pins a KubeVirt release WHEN linted THEN its scope is checked for that release, and a note says so', async () => {
    // GIVEN version/pinned: images sets virt-operator to v1.4.0 over a base without the NetworkBindingPlugins gate
    // WHEN linted
    const r = await run(['lint', 'version']);
    // THEN the 1.4 gate findings, and the note naming the hint
    expect(await findings(['version'])).toEqual(['registration-needs-gate version/cr/kubevirt.yaml:7', 'binding-plugins-gate version/cr/vm.yaml:14']);
    expect(r.stderr).toContain('note: the inputs: checked for kubevirt 1.4, from images[0] newTag "v1.4.0" of quay.io/kubevirt/virt-operator (version/pinned/kustomization.yaml:5)');
    // and the base alone, with no hint, is checked for --kubevirt-version
    expect(await findings(['version/cr'])).toEqual([]);
    expect(await findings(['--kubevirt-version', '1.4', 'version/cr'])).toEqual(['registration-needs-gate version/cr/kubevirt.yaml:7', 'binding-plugins-gate version/cr/vm.yaml:14']);
  });
});

describe('lint: broken kustomizations', () => {
  it('GIVEN kustomizations that do not parse, list missing files, include each other or patch what is not there WHEN linted THEN each is named at file:line and the other files are still checked', async () => {
    // GIVEN broken/ WHEN linted
    const r = await run(['lint', 'broken']);
    // THEN these findings
    expect(await findings(['broken'])).toEqual([
      // an inline patch's fields, on their lines of the kustomization: the patch's interface "default" is merged by
      // name into the base's, which keeps its masquerade, as kustomize merges it: two binding methods
      'binding-method-exactly-one broken/badpatch/kustomization.yaml:20',
      'binding-registered broken/badpatch/kustomization.yaml:22',
      // the json 6902 operation that does not apply
      'kustomize-patch broken/badpatch/strategy.yaml:4',
      'kustomize-cycle broken/cycle/b/kustomization.yaml:2',
      // a file checked though no kustomization lists it
      'binding-registered broken/loose/vm.yaml:15',
      'kustomize-missing broken/missing/kustomization.yaml:3',
      'kustomize-missing broken/missing/kustomization.yaml:4',
      'kustomize-patch-target broken/notarget/hco.yaml:1',
    ]);
    expect(r.stdout).toContain('broken/badpatch/strategy.yaml:4: error kustomize-patch: operation 1 (replace /spec/running) does not apply to VirtualMachine default/patched: the path is not in the object (replace and remove need an existing field); the object is checked without this patch');
    expect(r.stdout).toContain('broken/cycle/b/kustomization.yaml:2: error kustomize-cycle: resources[0] "../a" includes a kustomization that includes this one (broken/cycle/a -> broken/cycle/b -> broken/cycle/a): kustomize refuses cycles; remove one of the references');
    expect(r.stdout).toContain('broken/missing/kustomization.yaml:3: error kustomize-missing: resources[1] "not-there.yaml" does not exist (broken/missing/not-there.yaml): kustomize expects a file or a folder with a kustomization, relative to broken/missing');
    expect(r.stdout).toContain('broken/notarget/hco.yaml:1: warning kustomize-patch-target: the patch\'s target HyperConverged kubevirt-hyperconverged/kubevirt-hyperconverged (hco.kubevirt.io/v1beta1) is not among the objects of broken/notarget/kustomization.yaml and what it includes: the rules could not check the patched object');
    // and the kustomization that does not parse is a read problem (exit 2), its folder's VM still read
    expect(r.stderr).toBe('broken/unparseable/kustomization.yaml:3: error: cannot parse: bad indentation of a mapping entry\n5 errors, 3 warnings in 13 files; 1 input could not be read\n');
    expect(r.code).toBe(2);
  });
});

describe('mergePatch', () => {
  it('GIVEN lists of named items WHEN merged THEN items merge by name, new ones are appended, $patch: delete removes one', () => {
    // GIVEN a VM's interfaces
    const target = { interfaces: [{ name: 'default', masquerade: {} }, { name: 'data', binding: { name: 'a' } }] };
    // WHEN patched with items of the same and of new names THEN as kustomize's kyaml merges lists with a name key
    expect(mergePatch(target, { interfaces: [{ name: 'data', binding: { name: 'b' } }, { name: 'extra', bridge: {} }] })).toEqual({
      interfaces: [{ name: 'default', masquerade: {} }, { name: 'data', binding: { name: 'b' } }, { name: 'extra', bridge: {} }],
    });
    expect(mergePatch(target, { interfaces: [{ name: 'default', $patch: 'delete' }] })).toEqual({ interfaces: [{ name: 'data', binding: { name: 'a' } }] });
    // and a list of items without names is replaced
    expect(mergePatch({ ports: [{ port: 80 }, { port: 81 }] }, { ports: [{ port: 22 }] })).toEqual({ ports: [{ port: 22 }] });
  });

  it('GIVEN a target and a patch WHEN merged THEN maps merge, lists are replaced, null deletes, $patch replaces or deletes', () => {
    // GIVEN a KubeVirt-like spec
    const target = { spec: { gates: ['A', 'B'], binding: { x: { image: 'x:1' }, y: { image: 'y:1' } }, keep: 1 } };
    // WHEN patched THEN as kustomize merges a custom resource
    expect(mergePatch(target, { spec: { gates: ['C'], binding: { x: { migration: {} }, y: null } } })).toEqual({
      spec: { gates: ['C'], binding: { x: { image: 'x:1', migration: {} } }, keep: 1 },
    });
    expect(mergePatch(target, { spec: { binding: { $patch: 'replace', z: { image: 'z:1' } } } })).toEqual({
      spec: { gates: ['A', 'B'], binding: { z: { image: 'z:1' } }, keep: 1 },
    });
    expect(mergePatch(target, { spec: { binding: { $patch: 'delete' } } })).toEqual({ spec: { gates: ['A', 'B'], keep: 1 } });
    // and the target is left as it was
    expect(target.spec.binding.y).toEqual({ image: 'y:1' });
    // and a "__proto__" key of a patch stays a key of the result
    const merged = mergePatch({}, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.keys(merged)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });

  it('GIVEN any flat target and patch WHEN merged THEN the patch\'s keys win, null keys go, the others stay', () => {
    const value = fc.oneof(fc.integer(), fc.string(), fc.array(fc.integer(), { maxLength: 3 }), fc.constant(null));
    const key = fc.constantFrom('a', 'b', 'c', 'd');
    fc.assert(fc.property(fc.dictionary(key, value.filter((v) => v !== null)), fc.dictionary(key, value), (target, patch) => {
      const out = mergePatch(target, patch) as Record<string, unknown>;
      for (const k of ['a', 'b', 'c', 'd']) {
        if (k in patch) expect(out[k]).toEqual(patch[k] === null ? undefined : patch[k]);
        else expect(out[k]).toEqual(target[k]);
        if (k in patch && patch[k] === null) expect(k in out).toBe(false);
      }
    }));
  });
});

describe('scopeRead on any kustomization', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-kustomize-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('GIVEN kustomizations of any shape, patches of any shape WHEN linted THEN nothing throws, and every finding names a file and line', async () => {
    const entry = fc.oneof(fc.constantFrom('vm.yaml', 'patch.yaml', '../a', '../b', 'missing.yaml', '.', '', 'https://example.com/x.yaml'), fc.jsonValue({ maxDepth: 2 }));
    const patch = fc.oneof(
      fc.record({ path: entry, target: fc.option(fc.record({ kind: fc.constantFrom('VirtualMachine', 'HyperConverged', '(', '.*'), name: fc.constantFrom('vm', 'x', '.*') }), { nil: undefined }) }, { requiredKeys: [] }),
      fc.record({ patch: fc.oneof(fc.constantFrom('- op: remove\n  path: /spec\n', 'spec:\n  runStrategy: null\n', '[', 'kind: VirtualMachine\nmetadata:\n  name: vm\n'), fc.string()) }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const kustomization = fc.record({
      resources: fc.oneof(fc.array(entry, { maxLength: 4 }), fc.jsonValue({ maxDepth: 1 })),
      components: fc.array(entry, { maxLength: 2 }),
      patches: fc.oneof(fc.array(patch, { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
      patchesStrategicMerge: fc.array(entry, { maxLength: 2 }),
      patchesJson6902: fc.array(patch, { maxLength: 2 }),
      images: fc.array(fc.record({ name: fc.constantFrom('quay.io/kubevirt/virt-operator', 'x'), newTag: fc.constantFrom('v1.4.0', 'v9', 'latest') }), { maxLength: 2 }),
    }, { requiredKeys: [] });
    const patchText = fc.oneof(
      fc.constantFrom('- op: replace\n  path: /spec/runStrategy\n  value: Halted\n', '- op: test\n  path: /x\n  value: 1\n', 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: vm\nspec:\n  template: null\n', '{', '- 1\n- op: add\n'),
      fc.string({ maxLength: 40 }),
    );
    let n = 0;
    await fc.assert(fc.asyncProperty(kustomization, kustomization, patchText, async (ka, kb, p) => {
      const dir = path.join(tmp, String(n++));
      for (const [sub, k] of [['a', ka], ['b', kb]] as const) {
        fs.mkdirSync(path.join(dir, sub), { recursive: true });
        fs.writeFileSync(path.join(dir, sub, 'kustomization.yaml'), dump(k));
        fs.writeFileSync(path.join(dir, sub, 'vm.yaml'), 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: vm\nspec:\n  runStrategy: Always\n');
        fs.writeFileSync(path.join(dir, sub, 'patch.yaml'), p);
      }
      let stdout = '';
      let stderr = '';
      const code = await main(['lint', '--format', 'json', '.'], { stdin: '', stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, cwd: dir, rules: ALL_RULES });
      // the command's catch-all (a throw) and rule crashes print "kubevirt-netbind: error:"
      expect(stderr).not.toMatch(/^kubevirt-netbind: error:/m);
      expect([0, 1, 2]).toContain(code);
      for (const f of (JSON.parse(stdout) as { findings: Array<{ file: string; line: number }> }).findings) {
        expect(f.file).toMatch(/^(a|b)\//);
        expect(f.line).toBeGreaterThanOrEqual(1);
      }
    }), { numRuns: 60 });
  });
});
