import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing, Yaml, YamlOutputType } from 'cdk8s';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ClusterTarget, CniConfig, CoreBinding, NetworkAttachmentDefinition, DomainAttachmentType, KubeVirtCluster, NetworkBinding, KubeVirtNetworking, LAST_GOOD_DIR, NetbindApp, OUTPUT_RECORD, SynthError,
  VirtualMachine, VmNetwork, runSynth,
} from '../src';
import { chartObjects } from '../src/synth';

const scratch: string[] = [];

/** Runs `fn` as `cdk8s synth` runs an app: with CDK8S_OUTDIR naming the output folder. */
function underCli<T>(dist: string, fn: () => T): T {
  const before = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = dist;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = before;
  }
}
afterEach(() => {
  for (const d of scratch.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh folder holding `dist/` with a file an earlier synth wrote and a file of the user's own. */
function tmpDist(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-synth-'));
  scratch.push(root);
  const dir = path.join(root, 'dist');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'previous.k8s.yaml'), 'kind: Previous\n');
  fs.writeFileSync(path.join(dir, OUTPUT_RECORD), 'previous.k8s.yaml\n');
  fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'resources: []\n');
  return dir;
}

function listing(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

function vm(scope: Chart, id: string, binding: { name: string }) {
  return new VirtualMachine(scope, id, { memory: '1Gi', interfaces: [{ name: 'net', binding, network: VmNetwork.pod() }] });
}

/** Two problems in two constructs: a field the release lacks and a binding no configuration registers. */
function badApp(outdir: string): NetbindApp {
  const app = new NetbindApp({ outdir, kubeVirtVersion: '1.2' });
  const chart = new Chart(app, 'c');
  const kv = new KubeVirtNetworking(chart, 'kv');
  vm(chart, 'vm', kv.addBinding('passt', { sidecarImage: 'example.org/p:1', memoryOverhead: '500Mi' }));
  // a binding no configuration of this app registers
  vm(chart, 'vm2', NetworkBinding.fromName('ghost'));
  return app;
}

function goodApp(outdir: string): NetbindApp {
  const app = new NetbindApp({ outdir });
  new KubeVirtNetworking(new Chart(app, 'cluster'), 'kv');
  return app;
}

describe('NetbindApp.synth', () => {
  it('GIVEN bad input WHEN synthesized THEN a SynthError lists every problem and dist/ is left as it was', () => {
    // GIVEN
    const dist = tmpDist();
    const before = listing(dist);
    // WHEN
    let error: unknown;
    try { badApp(dist).synth(); } catch (e) { error = e; }
    // THEN
    expect(error).toBeInstanceOf(SynthError);
    const problems = (error as SynthError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^\[c\/kv\] addBinding\("passt"\)\.memoryOverhead \(spec\.configuration\.network\.binding\.passt\.computeResourceOverhead\): .*is not in kubevirt 1\.2; it is first in kubevirt 1\.3/);
    expect(problems[1]).toMatch(/^\[c\/vm2\] .*binding "ghost" is not registered/);
    expect(listing(dist)).toEqual(before);
    expect(fs.readdirSync(path.dirname(dist))).toEqual(['dist']);
  });

  it('GIVEN good input WHEN synthesized THEN the synth\'s old files are replaced, the user\'s are kept, and no staging is left', () => {
    // GIVEN
    const dist = tmpDist();
    // WHEN
    goodApp(dist).synth();
    // THEN
    expect(listing(dist)).toEqual([OUTPUT_RECORD, 'cluster.k8s.yaml', 'kustomization.yaml']);
    expect(fs.readFileSync(path.join(dist, 'kustomization.yaml'), 'utf8')).toBe('resources: []\n');
    expect(fs.readFileSync(path.join(dist, OUTPUT_RECORD), 'utf8')).toBe('cluster.k8s.yaml\n');
    expect(fs.readdirSync(path.dirname(dist)).sort()).toEqual([LAST_GOOD_DIR, 'dist']);
    expect(fs.statSync(dist).mode & 0o777).toBe(0o755);
  });

  it('GIVEN a file the synth did not write where a chart would go WHEN synthesized THEN it is refused and nothing changes', () => {
    // GIVEN
    const dist = tmpDist();
    fs.writeFileSync(path.join(dist, 'cluster.k8s.yaml'), 'mine\n');
    const before = listing(dist);
    // WHEN
    const run = () => goodApp(dist).synth();
    // THEN
    expect(run).toThrow(/dist\/cluster\.k8s\.yaml: the synth would overwrite this file, which it did not write; move or remove it, or give the chart another id/);
    expect(listing(dist)).toEqual(before);
    expect(fs.readFileSync(path.join(dist, 'cluster.k8s.yaml'), 'utf8')).toBe('mine\n');
  });

  it('GIVEN a folder that holds files but no record of an earlier synth (such as src/) WHEN synthesized THEN it is refused and nothing changes', () => {
    // GIVEN
    const dist = tmpDist();
    fs.rmSync(path.join(dist, OUTPUT_RECORD));
    const before = listing(dist);
    // WHEN
    const run = () => goodApp(dist).synth();
    // THEN
    expect(run).toThrow(/dist: the output folder holds files no synth wrote \(kustomization\.yaml, previous\.k8s\.yaml\) and no \.netbind-files record of an earlier synth; synth writes only into a missing or empty folder or one it wrote before, so set outdir to such a folder \(dist\) or empty this one/);
    expect(listing(dist)).toEqual(before);
    // nothing was made next to it either
    expect(fs.readdirSync(path.dirname(dist))).toEqual(['dist']);
  });

  it('GIVEN an empty output folder WHEN synthesized THEN it is written', () => {
    // GIVEN
    const dist = tmpDist();
    for (const f of fs.readdirSync(dist)) fs.rmSync(path.join(dist, f));
    // WHEN
    goodApp(dist).synth();
    // THEN
    expect(listing(dist)).toEqual([OUTPUT_RECORD, 'cluster.k8s.yaml']);
  });

  it('GIVEN an output folder that holds the working directory WHEN synthesized THEN it is refused', () => {
    // GIVEN
    const dist = tmpDist();
    const cwd = process.cwd();
    process.chdir(dist);
    try {
      // WHEN / THEN
      expect(() => goodApp(dist).synth()).toThrow(/the output folder holds the working directory .*; synth replaces its output folder, so give it a folder of its own such as dist/);
      expect(() => goodApp(path.dirname(dist)).synth()).toThrow(/holds the working directory/);
    } finally {
      process.chdir(cwd);
    }
    expect(fs.readdirSync(dist).sort()).toEqual([OUTPUT_RECORD, 'kustomization.yaml', 'previous.k8s.yaml']);
  });

  it('GIVEN an output folder removed after a good synth (as cdk8s synth does) WHEN a bad synth runs THEN the last good output is put back', () => {
    // GIVEN
    const dist = tmpDist();
    goodApp(dist).synth();
    const good = listing(dist);
    fs.rmSync(dist, { recursive: true });
    // WHEN
    let error: unknown;
    underCli(dist, () => { try { badApp(dist).synth(); } catch (e) { error = e; } });
    // THEN
    expect(error).toBeInstanceOf(SynthError);
    expect((error as SynthError).message).toMatch(/the output folder was missing \(cdk8s synth empties it before the app runs\); its last good content was put back from .*\.netbind-last\/dist$/);
    expect(listing(dist)).toEqual(good);
  });

  it('GIVEN an output folder removed after a good synth WHEN a good synth runs THEN the user\'s files of the last good output come back with the new output', () => {
    // GIVEN
    const dist = tmpDist();
    goodApp(dist).synth();
    fs.rmSync(dist, { recursive: true });
    // WHEN
    const app = goodApp(dist);
    underCli(dist, () => app.synth());
    // THEN
    expect(listing(dist)).toEqual([OUTPUT_RECORD, 'cluster.k8s.yaml', 'kustomization.yaml']);
    expect(app.warnings).toEqual([expect.stringMatching(/dist\/kustomization\.yaml: put back from .*\.netbind-last\/dist\/kustomization\.yaml, as the last synth left it, because cdk8s synth removed the output folder; changes made to it since then are not in it/)]);
  });

  it('GIVEN an output folder the user removed (not cdk8s synth) WHEN a synth fails, or succeeds THEN nothing is put back', () => {
    // GIVEN
    const dist = tmpDist();
    goodApp(dist).synth();
    fs.rmSync(dist, { recursive: true });
    // WHEN / THEN
    expect(() => badApp(dist).synth()).toThrow(SynthError);
    expect(fs.existsSync(dist)).toBe(false);
    goodApp(dist).synth();
    expect(listing(dist)).toEqual([OUTPUT_RECORD, 'cluster.k8s.yaml']);
  });

  it('GIVEN a synth that failed while the output folder exists WHEN it fails THEN nothing is put back or changed', () => {
    // GIVEN
    const dist = tmpDist();
    goodApp(dist).synth();
    fs.writeFileSync(path.join(dist, 'notes.txt'), 'x');
    // WHEN
    expect(() => badApp(dist).synth()).toThrow(SynthError);
    // THEN
    expect(listing(dist)).toEqual([OUTPUT_RECORD, 'cluster.k8s.yaml', 'kustomization.yaml', 'notes.txt']);
  });

  it('GIVEN a VM whose metadata and spec change between two synths WHEN synthesized again THEN the output and the check follow the change', () => {
    // GIVEN
    const dist = tmpDist();
    const app = new NetbindApp({ outdir: dist });
    const chart = new Chart(app, 'c');
    const kv = new KubeVirtNetworking(chart, 'kv');
    const machine = vm(chart, 'vm', kv.addBinding('passt', { sidecarImage: 'example.org/p:1' }));
    app.synth();
    // WHEN
    machine.metadata.addLabel('tier', 'web');
    machine.addInterface({ name: 'bad name', binding: kv.addBinding('slirp', { sidecarImage: 'example.org/s:1' }), network: VmNetwork.pod() });
    // THEN
    expect(() => app.synth()).toThrow(SynthError);
    expect(fs.readFileSync(path.join(dist, 'c.k8s.yaml'), 'utf8')).not.toContain('tier: web');
    // WHEN
    const good = new NetbindApp({ outdir: tmpDist() });
    const goodChart = new Chart(good, 'c');
    const goodVm = vm(goodChart, 'vm', new KubeVirtNetworking(goodChart, 'kv').addBinding('passt', { sidecarImage: 'example.org/p:1' }));
    good.synth();
    goodVm.metadata.addLabel('tier', 'web');
    good.synth();
    // THEN
    const text = fs.readFileSync(path.join(good.outdir, 'c.k8s.yaml'), 'utf8');
    expect(text).toContain('tier: web');
    // what cdk8s makes of the chart outside a synth, where nothing is kept
    expect(text).toBe(Yaml.stringify(...goodChart.toJson()));
  });

  it('GIVEN per-resource output WHEN synthesized THEN it is refused, naming the collision it would risk', () => {
    const dist = tmpDist();
    const app = new NetbindApp({ outdir: dist, yamlOutputType: YamlOutputType.FILE_PER_RESOURCE });
    new KubeVirtNetworking(new Chart(app, 'cluster'), 'kv');
    expect(() => app.synth()).toThrow(/yamlOutputType FILE_PER_RESOURCE: NetbindApp writes FILE_PER_CHART \(the default\) or FILE_PER_APP/);
  });
});

describe('NetbindApp layout', () => {
  function synthTree(build: (app: NetbindApp) => void): { dist: string; files: string[] } {
    const dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-layout-')), 'dist');
    scratch.push(path.dirname(dist));
    const app = new NetbindApp({ outdir: dist });
    build(app);
    app.synth();
    return { dist, files: listing(dist).filter((f) => fs.statSync(path.join(dist, f)).isFile()) };
  }

  it('GIVEN one cluster WHEN synthesized THEN its charts are files at the top, named by chart id without hashes', () => {
    const { files } = synthTree((app) => {
      const prod = new KubeVirtCluster(app, 'prod', { version: '1.6' });
      new KubeVirtNetworking(new Chart(prod, 'config'), 'kv');
      new Chart(new Chart(prod, 'team-a'), 'workloads');
    });
    expect(files).toEqual([OUTPUT_RECORD, 'config.k8s.yaml', 'team-a-workloads.k8s.yaml', 'team-a.k8s.yaml']);
  });

  it('GIVEN two clusters on different releases and targets WHEN synthesized THEN each is a folder, and each is checked at its own release', () => {
    const { dist, files } = synthTree((app) => {
      const prod = new KubeVirtCluster(app, 'prod', { version: '1.4' });
      const edge = new KubeVirtCluster(app, 'edge', { version: '1.9', target: ClusterTarget.HCO_V1 });
      for (const cluster of [prod, edge]) {
        const config = new KubeVirtNetworking(new Chart(cluster, 'config'), 'cr');
        vm(new Chart(cluster, 'workloads', { namespace: 'vms' }), 'web', config.addBinding('slirp', { sidecarImage: 'example.org/s:1' }));
      }
    });
    expect(files).toEqual([OUTPUT_RECORD, 'edge/config.k8s.yaml', 'edge/workloads.k8s.yaml', 'prod/config.k8s.yaml', 'prod/workloads.k8s.yaml']);
    expect(fs.readFileSync(path.join(dist, 'prod/config.k8s.yaml'), 'utf8')).toMatch(/kind: KubeVirt\n[\s\S]*- NetworkBindingPlugins/);
    expect(fs.readFileSync(path.join(dist, 'edge/config.k8s.yaml'), 'utf8')).toMatch(/apiVersion: hco\.kubevirt\.io\/v1\nkind: HyperConverged/);
  });

  it('GIVEN a VM in one cluster using a binding registered only in another WHEN synthesized THEN the finding stays in its cluster', () => {
    const app = Testing.app();
    const a = new KubeVirtCluster(app, 'a');
    const b = new KubeVirtCluster(app, 'b');
    const onlyInA = new KubeVirtNetworking(new Chart(a, 'config'), 'cr').addBinding('passt', { sidecarImage: 'example.org/p:1' });
    new KubeVirtNetworking(new Chart(b, 'config'), 'cr').addBinding('slirp', { sidecarImage: 'example.org/s:1' });
    vm(new Chart(b, 'workloads'), 'web', onlyInA);
    expect(() => app.synth()).toThrow(/\[b\/workloads\/web\] .*binding "passt" is not registered in the cluster configuration \(registered: slirp\)/);
  });

  it('GIVEN two clusters with one name WHEN synthesized THEN the error names both and nothing is written', () => {
    const dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-layout-')), 'dist');
    scratch.push(path.dirname(dist));
    const app = new NetbindApp({ outdir: dist });
    new Chart(new KubeVirtCluster(app, 'one', { name: 'prod' }), 'c');
    new Chart(new KubeVirtCluster(app, 'two', { name: 'prod' }), 'c');
    expect(() => app.synth()).toThrow(/clusters one and two are both named "prod"; each cluster needs a name of its own/);
    expect(fs.existsSync(dist)).toBe(false);
  });

  it('GIVEN a cluster with a bad name, a bad version, inside a chart WHEN synthesized THEN all three are reported', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'outer');
    new KubeVirtCluster(chart, 'Prod_1', { version: '2.0' });
    const run = () => app.synth();
    expect(run).toThrow(/\[outer\/Prod_1\] props\.name: a cluster name is a folder name and must be a lowercase dns label .*; got "Prod_1" \(the construct id\)/);
    expect(run).toThrow(/\[outer\/Prod_1\] props\.version: expected a kubevirt version from 1\.1 to 1\.9, such as "1\.4" or "1\.1\.1"; got "2\.0"/);
    expect(run).toThrow(/a cluster cannot be inside a chart \(outer\)/);
  });

  it('GIVEN objects under no cluster WHEN the app names a default release THEN they are checked against it', () => {
    // computeResourceOverhead (memoryOverhead) is first in kubevirt 1.3
    const build = (app: App) => new KubeVirtNetworking(new Chart(app, 'c'), 'kv').addBinding('m', { domainAttachmentType: DomainAttachmentType.TAP, memoryOverhead: '1Mi' });
    const old = new NetbindApp({ outdir: path.join(os.tmpdir(), 'unused'), kubeVirtVersion: '1.2' });
    build(old);
    expect(() => Testing.synth(old.charts[0])).toThrow(/field computeResourceOverhead is not in kubevirt 1\.2; it is first in kubevirt 1\.3/);
    const viaContext = Testing.app();
    viaContext.node.setContext('kubevirt-netbind:version', '1.4');
    build(viaContext);
    expect(() => Testing.synth(viaContext.charts[0])).not.toThrow();
  });
});

describe('runSynth', () => {
  it('GIVEN bad input WHEN run as an entry point THEN it prints the report without a stack trace and returns 1', () => {
    const dist = tmpDist();
    let printed = '';
    const code = runSynth(() => badApp(dist), { stderr: (s) => { printed += s; } });
    expect(code).toBe(1);
    expect(printed).toMatch(/^synth failed with 2 errors:\n  \[c\/kv\] /);
    expect(printed).not.toMatch(/\n\s+at /);
  });

  it('GIVEN a failing app that also has warnings WHEN run as an entry point THEN the warnings are printed after the errors', () => {
    const dist = tmpDist();
    let printed = '';
    const code = runSynth(() => {
      const app = badApp(dist);
      // an unpinned sidecar image is a policy warning
      new KubeVirtNetworking(new Chart(new KubeVirtCluster(app, 'other'), 'c'), 'kv').addBinding('slirp', { sidecarImage: 'example.org/slirp' });
      return app;
    }, { stderr: (s) => { printed += s; } });
    expect(code).toBe(1);
    expect(printed).toMatch(/^synth failed with 2 errors:[\s\S]*\nwarning: \[other\/c\/kv\] .*slirp/);
  });

  it('GIVEN a construct that throws WHEN run as an entry point THEN the message is printed without a stack trace', () => {
    let printed = '';
    const code = runSynth(() => { throw new Error('kubevirt version "0.9" is not supported'); }, { stderr: (s) => { printed += s; } });
    expect(code).toBe(1);
    expect(printed).toBe('synth failed: kubevirt version "0.9" is not supported\n');
  });
});

describe('chartObjects', () => {
  it('GIVEN charts with dependencies between charts and objects, and a nested chart WHEN listed THEN each equals Chart.toJson()', () => {
    // GIVEN
    const app = Testing.app();
    const cluster = new Chart(app, 'cluster');
    const kv = new KubeVirtNetworking(cluster, 'kv');
    const b = kv.addBinding('slirp', { sidecarImage: 'example.org/s:1' });
    const vms = new Chart(app, 'workloads', { namespace: 'vms' });
    const second = vm(vms, 'b-vm', b);
    const first = vm(vms, 'a-vm', b);
    second.node.addDependency(first);
    const cm = new ApiObject(vms, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' });
    first.node.addDependency(cm);
    new Chart(vms, 'nested');
    vms.addDependency(cluster);
    // WHEN
    const charts = app.charts;
    const listed = chartObjects(charts);
    // THEN
    expect(listed).toEqual(charts.map((c) => c.toJson()));
    expect(listed[charts.indexOf(vms)].map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual(['ConfigMap/workloads-cm-c8861765', 'VirtualMachine/a-vm', 'VirtualMachine/b-vm']);
  });
});

describe('bad input across scopes', () => {
  it('GIVEN a VM under no cluster that uses a field its release lacks WHEN synthesized at the app default THEN the error names the VM, the value and the release', () => {
    // GIVEN the core passt binding (passtBinding: kubevirt 1.8 and later) on an app whose default release is 1.7
    const app = new NetbindApp({ kubeVirtVersion: '1.7', outdir: path.join(os.tmpdir(), 'unused') });
    const chart = new Chart(app, 'loose');
    new VirtualMachine(chart, 'web', { memory: '1Gi', interfaces: [{ name: 'default', binding: CoreBinding.PASST, network: VmNetwork.pod() }] });
    // WHEN / THEN
    expect(() => Testing.synth(chart)).toThrow(/\[loose\/web\] interfaces\[0\]\.binding \(CoreBinding\.PASST\) \(spec\.template\.spec\.domain\.devices\.interfaces\[0\]\.passtBinding\): .*1\.7/);
  });

  it('GIVEN a binding named from outside the app WHEN its cluster registers it or not THEN it passes or the error lists what is registered', () => {
    const build = (name: string) => {
      const app = Testing.app();
      const prod = new KubeVirtCluster(app, 'prod');
      new KubeVirtNetworking(new Chart(prod, 'config'), 'kv').addBinding('slirp', { sidecarImage: 'example.org/s:1' });
      vm(new Chart(prod, 'workloads'), 'web', NetworkBinding.fromName(name));
      return () => app.synth();
    };
    expect(build('slirp')).not.toThrow();
    expect(build('ghost')).toThrow(/\[prod\/workloads\/web\] interfaces\[0\]\.binding \(spec\.template\.spec\.domain\.devices\.interfaces\[0\]\.binding\.name\): binding "ghost" is not registered in the cluster configuration \(registered: slirp\)/);
  });
});

describe('KubeVirtCluster props', () => {
  it('GIVEN misspelt and mistyped cluster props WHEN synthesized THEN each is reported with the keys accepted', () => {
    const app = Testing.app();
    new KubeVirtCluster(app, 'a', { verison: '1.2', tagret: 'hco', strict: 'yes', rules: {} } as never);
    const run = () => app.synth();
    expect(run).toThrow(/\[a\] props: unknown key "verison", "tagret"; accepted: name, version, target, strict, rules/);
    expect(run).toThrow(/\[a\] props\.strict: expected true or false; got "yes"/);
    expect(run).toThrow(/\[a\] props\.rules: expected a list; got \{\}/);
  });

  it('GIVEN an app that is strict WHEN a cluster does not say THEN the cluster is strict too', () => {
    const app = new NetbindApp({ strict: true, outdir: path.join(os.tmpdir(), 'unused') });
    expect(new KubeVirtCluster(app, 'a').strict).toBe(true);
    expect(new KubeVirtCluster(app, 'b', { strict: false }).strict).toBe(false);
  });
});

describe('references across clusters', () => {
  it('GIVEN a VM in one cluster using another cluster\'s binding (registered by name in both) and NAD WHEN synthesized THEN each is an error naming both clusters', () => {
    // GIVEN
    const app = Testing.app();
    const prod = new KubeVirtCluster(app, 'prod', { version: '1.4' });
    const edge = new KubeVirtCluster(app, 'edge', { target: ClusterTarget.HCO_V1 });
    const prodSlirp = new KubeVirtNetworking(new Chart(prod, 'config'), 'kv').addBinding('slirp', { sidecarImage: 'example.org/s:1' });
    new KubeVirtNetworking(new Chart(edge, 'config'), 'hco').addBinding('slirp', { sidecarImage: 'example.org/s:1' });
    const prodNad = new NetworkAttachmentDefinition(new Chart(prod, 'net', { namespace: 'vms' }), 'br', { cni: CniConfig.plugin('1.0.0', { type: 'bridge' }) });
    new VirtualMachine(new Chart(edge, 'workloads', { namespace: 'vms' }), 'web', {
      memory: '1Gi',
      interfaces: [
        { name: 'default', binding: prodSlirp, network: VmNetwork.pod() },
        { name: 'br', binding: CoreBinding.BRIDGE, network: VmNetwork.multus(prodNad) },
      ],
    });
    // WHEN
    const run = () => app.synth();
    // THEN
    expect(run).toThrow(/\[edge\/workloads\/web\] interfaces\[0\]\.binding: the binding "slirp" is registered by prod\/config\/kv, in cluster prod; this vm is in cluster edge: register the binding in the vm's cluster/);
    expect(run).toThrow(/\[edge\/workloads\/web\] interfaces\[1\]\.network: the nad prod\/net\/br is in cluster prod; this vm is in cluster edge/);
  });
});

describe('NetbindApp props', () => {
  it('GIVEN misspelt and mistyped app props WHEN synthesized THEN each is reported with the keys accepted', () => {
    const app = new NetbindApp({ kubeVirtVerison: '1.2', strict: 'yes', rules: {} } as never);
    new Chart(app, 'c');
    const run = () => app.synth();
    expect(run).toThrow(/\[app\] NetbindApp props: unknown key "kubeVirtVerison"; accepted: outdir, outputFileExtension, yamlOutputType, recordConstructMetadata, resolvers, kubeVirtVersion, strict, rules/);
    expect(run).toThrow(/\[app\] NetbindApp props\.strict: expected true or false; got "yes"/);
    expect(run).toThrow(/\[app\] NetbindApp props\.rules: expected a list; got \{\}/);
  });
});
