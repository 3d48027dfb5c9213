/**
 * KubeVirtNetworking under the patch targets (ClusterTarget.kubevirtPatch / hcoPatch): the output holds a kustomize
 * overlay instead of the CR, the rules judge the base plus the app's registrations and gates, and bad input is a
 * synth error with nothing written.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { applyPatch, deepClone, Operation } from 'fast-json-patch';
import * as yaml from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ClusterTarget, KubeVirtCluster, SynthError, KubeVirtClusterProps, KubeVirtNetworking, KubeVirtNetworkingProps, NetbindApp, NetworkBinding, VirtualMachine, VmNetwork,
} from '../src';

const scratch: string[] = [];
afterEach(() => {
  for (const d of scratch.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const KUBEVIRT_CR = `apiVersion: kubevirt.io/v1
kind: KubeVirt
metadata:
  name: kubevirt
  namespace: kubevirt
spec:
  configuration:
    developerConfiguration:
      featureGates:
        - LiveMigration
    network:
      binding:
        passt:
          sidecarImage: quay.io/kubevirt/network-passt-binding:v1.6.0
  imagePullPolicy: IfNotPresent
`;

const HCO_CR = `apiVersion: hco.kubevirt.io/v1beta1
kind: HyperConverged
metadata:
  name: kubevirt-hyperconverged
  namespace: openshift-cnv
spec:
  infra: {}
  networkBinding: {}
`;

/** A project folder with the base CR in clusters/prod/ (listed by its kustomization unless `kustomize` is false). */
function project(cr: string, file = 'kubevirt-cr.yaml', kustomize = true): { root: string; base: string; dist: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-patch-app-'));
  scratch.push(root);
  const dir = path.join(root, 'clusters', 'prod');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), cr);
  if (kustomize) fs.writeFileSync(path.join(dir, 'kustomization.yaml'), `resources:\n  - ${file}\n`);
  return { root, base: path.join(dir, file), dist: path.join(root, 'dist') };
}

const SLIRP_IMAGE = 'quay.io/kubevirt/network-slirp-binding:v1.1.0';

function app(dist: string, target: ClusterTarget, cluster: KubeVirtClusterProps = {}, props: KubeVirtNetworkingProps = {}) {
  const a = new NetbindApp({ outdir: dist });
  const chart = new Chart(new KubeVirtCluster(a, 'prod', { version: '1.4', ...cluster, target }), 'c');
  const kv = new KubeVirtNetworking(chart, 'kv', props);
  return { app: a, chart, kv };
}

function vm(chart: Chart, id: string, binding: { name: string }) {
  return new VirtualMachine(chart, id, { memory: '1Gi', interfaces: [{ name: 'net', binding, network: VmNetwork.pod() }] });
}

const read = (file: string) => fs.readFileSync(file, 'utf8');

describe('ClusterTarget.kubevirtPatch', () => {
  it('GIVEN a base KubeVirt CR WHEN synthesized THEN the output holds the overlay, not the CR, and the overlay applied gives base plus the app', () => {
    const p = project(KUBEVIRT_CR);
    const { app: a, chart, kv } = app(p.dist, ClusterTarget.kubevirtPatch({ base: p.base }));
    vm(chart, 'web', kv.addBinding('slirp', { sidecarImage: SLIRP_IMAGE }));
    a.synth();
    // THEN the chart's file holds the VM only
    const chartDocs = yaml.loadAll(read(path.join(p.dist, 'c.k8s.yaml'))) as Array<Record<string, unknown>>;
    expect(chartDocs.map((d) => d.kind)).toEqual(['VirtualMachine']);
    expect(fs.readdirSync(path.join(p.dist, 'cluster-configuration')).sort()).toEqual(['kubevirt-patch.yaml', 'kustomization.yaml']);
    // THEN the overlay files, as written (reviewed snapshot)
    expect(read(path.join(p.dist, 'cluster-configuration', 'kustomization.yaml'))).toMatchSnapshot();
    const patchText = read(path.join(p.dist, 'cluster-configuration', 'kubevirt-patch.yaml'));
    expect(patchText).toMatchSnapshot();
    // THEN the overlay refers to the base's folder, relative to itself
    const k = yaml.load(read(path.join(p.dist, 'cluster-configuration', 'kustomization.yaml'))) as { resources: string[] };
    expect(k.resources).toEqual(['../../clusters/prod']);
    // THEN the patch, applied by a JSON-patch library to the base, adds the binding and the 1.4 gate and keeps the rest
    const base = yaml.load(KUBEVIRT_CR);
    const out = applyPatch(deepClone(base), yaml.load(patchText) as Operation[], true, false).newDocument as any;
    expect(out.spec).toEqual({
      configuration: {
        developerConfiguration: { featureGates: ['LiveMigration', 'NetworkBindingPlugins'] },
        network: { binding: { passt: { sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.6.0' }, slirp: { sidecarImage: SLIRP_IMAGE } } },
      },
      imagePullPolicy: 'IfNotPresent',
    });
    // THEN the files are recorded as the synth's own
    expect(read(path.join(p.dist, '.netbind-files'))).toBe('c.k8s.yaml\ncluster-configuration/kubevirt-patch.yaml\ncluster-configuration/kustomization.yaml\n');
  });

  const haveKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!haveKubectl)('GIVEN the synthesized overlay WHEN kubectl kustomize builds it THEN it gives the patched CR; after the base changes it fails', () => {
    const p = project(KUBEVIRT_CR);
    const { app: a, kv } = app(p.dist, ClusterTarget.kubevirtPatch({ base: p.base }));
    kv.addBinding('slirp', { sidecarImage: SLIRP_IMAGE });
    a.synth();
    const build = () => spawnSync('kubectl', ['kustomize', path.join(p.dist, 'cluster-configuration')], { encoding: 'utf8' });
    const ok = build();
    expect(ok.stderr).toBe('');
    expect((yaml.load(ok.stdout) as any).spec.configuration).toEqual({
      developerConfiguration: { featureGates: ['LiveMigration', 'NetworkBindingPlugins'] },
      network: { binding: { passt: { sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.6.0' }, slirp: { sidecarImage: SLIRP_IMAGE } } },
    });
    // GIVEN the owner registers slirp in the base after the synth THEN kustomize refuses the overlay
    fs.writeFileSync(p.base, KUBEVIRT_CR.replace('        passt:\n', '        slirp:\n          sidecarImage: theirs/slirp:9\n        passt:\n'));
    const refused = build();
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/testing value \/spec\/configuration\/network\/binding failed: test failed/);
  });

  it('GIVEN the GitOps layout WHEN synthesized THEN the overlay is a folder of the cluster configuration layer, listed by its kustomization, and no CR file is written', () => {
    const p = project(KUBEVIRT_CR);
    const a = new NetbindApp({ outdir: p.dist, gitOps: {} });
    const cluster = new KubeVirtCluster(a, 'prod', { version: '1.4', target: ClusterTarget.kubevirtPatch({ base: p.base }) });
    const kv = new KubeVirtNetworking(new Chart(cluster, 'config'), 'kv');
    vm(new Chart(cluster, 'vms', { namespace: 'vms' }), 'web', kv.addBinding('slirp', { sidecarImage: SLIRP_IMAGE }));
    a.synth();
    const files = read(path.join(p.dist, '.netbind-files')).split('\n').filter((f) => f.startsWith('prod/cluster-config/'));
    expect(files).toEqual([
      'prod/cluster-config/cluster-configuration/kubevirt-patch.yaml',
      'prod/cluster-config/cluster-configuration/kustomization.yaml',
      'prod/cluster-config/kustomization.yaml',
    ]);
    expect((yaml.load(read(path.join(p.dist, 'prod/cluster-config/kustomization.yaml'))) as any).resources).toEqual(['cluster-configuration']);
    // the base is referred to from the overlay's own folder
    expect((yaml.load(read(path.join(p.dist, 'prod/cluster-config/cluster-configuration/kustomization.yaml'))) as any).resources)
      .toEqual([path.relative(path.join(p.dist, 'prod/cluster-config/cluster-configuration'), path.dirname(p.base))]);
    if (haveKubectl) {
      // AND kustomize builds the whole cluster folder into the patched CR and the VM
      const built = spawnSync('kubectl', ['kustomize', path.join(p.dist, 'prod')], { encoding: 'utf8' });
      expect(built.stderr).toBe('');
      const docs = yaml.loadAll(built.stdout) as Array<Record<string, any>>;
      expect(docs.map((d) => d.kind).sort()).toEqual(['KubeVirt', 'VirtualMachine']);
      expect(Object.keys(docs.find((d) => d.kind === 'KubeVirt')!.spec.configuration.network.binding).sort()).toEqual(['passt', 'slirp']);
    }
  });

  it('GIVEN synthYaml() THEN the stream leaves the patched CR out too', () => {
    const p = project(KUBEVIRT_CR);
    const { app: a, chart, kv } = app(p.dist, ClusterTarget.kubevirtPatch({ base: p.base }));
    vm(chart, 'web', kv.addBinding('slirp', { sidecarImage: SLIRP_IMAGE }));
    expect((yaml.loadAll(a.synthYaml()) as Array<Record<string, unknown>>).map((d) => d.kind)).toEqual(['VirtualMachine']);
  });

  it('GIVEN two clusters THEN the overlay goes to the patched cluster\'s folder, referring to the base from there', () => {
    const p = project(KUBEVIRT_CR);
    const a = new NetbindApp({ outdir: p.dist });
    const prod = new Chart(new KubeVirtCluster(a, 'prod', { version: '1.4', target: ClusterTarget.kubevirtPatch({ base: p.base }) }), 'c');
    new KubeVirtNetworking(prod, 'kv').addBinding('slirp', { sidecarImage: SLIRP_IMAGE });
    const edge = new Chart(new KubeVirtCluster(a, 'edge', { version: '1.4' }), 'c');
    new KubeVirtNetworking(edge, 'kv').addBinding('slirp', { sidecarImage: SLIRP_IMAGE });
    a.synth();
    expect(read(path.join(p.dist, '.netbind-files'))).toBe('edge/c.k8s.yaml\nprod/c.k8s.yaml\nprod/cluster-configuration/kubevirt-patch.yaml\nprod/cluster-configuration/kustomization.yaml\n');
    expect((yaml.load(read(path.join(p.dist, 'prod', 'cluster-configuration', 'kustomization.yaml'))) as any).resources).toEqual(['../../../clusters/prod']);
    // the cluster with a full CR still writes it
    expect((yaml.loadAll(read(path.join(p.dist, 'edge', 'c.k8s.yaml'))) as any[]).map((d) => d.kind)).toEqual(['KubeVirt']);
  });

  it('GIVEN the same app synthesized twice THEN the output is byte-identical', () => {
    const p = project(KUBEVIRT_CR);
    const texts = [0, 1].map(() => {
      const { app: a, kv } = app(p.dist, ClusterTarget.kubevirtPatch({ base: p.base }));
      kv.addBinding('slirp', { sidecarImage: SLIRP_IMAGE });
      kv.addBinding('macvtap', { domainAttachmentType: undefined, sidecarImage: 'example.org/m@sha256:' + 'a'.repeat(64) });
      a.synth();
      return read(path.join(p.dist, 'cluster-configuration', 'kubevirt-patch.yaml'));
    });
    expect(texts[0]).toBe(texts[1]);
  });

  it('GIVEN a VM using a binding only the base registers WHEN synthesized THEN the rules accept it; one nobody registers is an error', () => {
    const p = project(KUBEVIRT_CR);
    const { app: a, chart } = app(p.dist, ClusterTarget.kubevirtPatch({ base: p.base }));
    vm(chart, 'uses-base', NetworkBinding.fromName('passt'));
    vm(chart, 'ghost', NetworkBinding.fromName('ghost'));
    expect(() => a.synth()).toThrow(/\[prod\/c\/ghost\].*"ghost"/);
    expect(() => a.synth()).not.toThrow(/uses-base/);
    expect(fs.existsSync(p.dist)).toBe(false);
  });

  it('GIVEN a base registration the release lacks a field of THEN the error names the base file, not addBinding()', () => {
    const p = project(KUBEVIRT_CR.replace('          sidecarImage: quay.io/kubevirt/network-passt-binding:v1.6.0\n', '          sidecarImage: quay.io/kubevirt/network-passt-binding:v1.6.0\n          computeResourceOverhead:\n            requests:\n              memory: 250Mi\n'));
    const { app: a, kv } = app(p.dist, ClusterTarget.kubevirtPatch({ base: p.base }), { version: '1.2' });
    kv.addBinding('slirp', { sidecarImage: SLIRP_IMAGE });
    expect(() => a.synth()).toThrow(/\[prod\/c\/kv\] the base \/tmp\/[^ ]+\/clusters\/prod\/kubevirt-cr\.yaml \(spec\.configuration\.network\.binding\.passt\.computeResourceOverhead\): /);
  });

  it('GIVEN a base that already lists the gate and the binding as wanted THEN the patch only tests them', () => {
    const p = project(KUBEVIRT_CR.replace('        - LiveMigration\n', '        - NetworkBindingPlugins\n'));
    const { app: a, kv } = app(p.dist, ClusterTarget.kubevirtPatch({ base: p.base }));
    kv.addBinding('passt', { sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.6.0' });
    a.synth();
    const ops = yaml.load(read(path.join(p.dist, 'cluster-configuration', 'kubevirt-patch.yaml'))) as Operation[];
    expect(ops.map((o) => o.op)).toEqual(['test', 'test']);
  });

  it('GIVEN release 1.5 THEN no gate is added', () => {
    const p = project(KUBEVIRT_CR);
    const { app: a, kv } = app(p.dist, ClusterTarget.kubevirtPatch({ base: p.base }), { version: '1.5' });
    kv.addBinding('slirp', { sidecarImage: SLIRP_IMAGE });
    a.synth();
    expect(read(path.join(p.dist, 'cluster-configuration', 'kubevirt-patch.yaml'))).not.toMatch(/NetworkBindingPlugins|featureGates/);
  });
});

describe('ClusterTarget.hcoPatch', () => {
  it('GIVEN a v1beta1 HyperConverged base THEN the overlay adds the registration at spec.networkBinding and nothing else', () => {
    const p = project(HCO_CR, 'hyperconverged.yaml');
    const { app: a, kv } = app(p.dist, ClusterTarget.hcoPatch({ base: p.base, apiVersion: 'v1beta1' }));
    kv.addBinding('slirp', { sidecarImage: SLIRP_IMAGE });
    a.synth();
    const dir = path.join(p.dist, 'cluster-configuration');
    expect(fs.readdirSync(dir).sort()).toEqual(['hyperconverged-patch.yaml', 'kustomization.yaml']);
    expect(yaml.load(read(path.join(dir, 'hyperconverged-patch.yaml')))).toEqual([
      { op: 'test', path: '/spec/networkBinding', value: {} },
      { op: 'add', path: '/spec/networkBinding/slirp', value: { sidecarImage: SLIRP_IMAGE } },
    ]);
    expect((yaml.load(read(path.join(dir, 'kustomization.yaml'))) as any).patches[0].target).toEqual({
      group: 'hco.kubevirt.io', version: 'v1beta1', kind: 'HyperConverged', name: 'kubevirt-hyperconverged', namespace: 'openshift-cnv',
    });
  });

  it('GIVEN l2bridge registered under hcoPatch THEN the hco-reserved-binding rule warns that hco overwrites it', () => {
    const p = project(HCO_CR, 'hyperconverged.yaml');
    const { app: a, kv } = app(p.dist, ClusterTarget.hcoPatch({ base: p.base, apiVersion: 'v1beta1' }));
    kv.addBinding('l2bridge', { sidecarImage: 'quay.io/example/bridge-plugin:v1.0.0' });
    a.synth();
    expect(a.warnings.join('\n')).toMatch(/binding name "l2bridge" is reserved by hco/);
  });

  it('GIVEN feature gates under hcoPatch THEN a synth error says hco manages them', () => {
    const p = project(HCO_CR, 'hyperconverged.yaml');
    const { app: a } = app(p.dist, ClusterTarget.hcoPatch({ base: p.base, apiVersion: 'v1beta1' }), {}, { featureGates: ['Snapshot'] });
    expect(() => a.synth()).toThrow(/props\.featureGates: featureGates and disabledFeatureGates belong to a KubeVirt CR/);
  });
});

describe('bad input: a synth error that says what to change, and nothing written', () => {
  const fails = (run: () => void, dist: string, message: RegExp) => {
    expect(run).toThrow(message);
    expect(fs.existsSync(dist)).toBe(false);
  };

  it('a base that is missing, of the wrong kind, holds several objects, or is not YAML', () => {
    const p = project(KUBEVIRT_CR);
    fails(() => app(p.dist, ClusterTarget.kubevirtPatch({ base: p.base + '.missing' })).app.synth(), p.dist,
      /\[prod\/c\/kv\] .*kubevirt-cr\.yaml\.missing: cannot read: no such file or directory; the base is the file that holds the cluster's KubeVirt cr/);
    fails(() => app(p.dist, ClusterTarget.hcoPatch({ base: p.base, apiVersion: 'v1' })).app.synth(), p.dist,
      /kubevirt-cr\.yaml:1: the base is a kubevirt\.io\/v1 KubeVirt; ClusterTarget\.hcoPatch\(\{ apiVersion: 'v1' \}\) patches a hco\.kubevirt\.io\/v1 HyperConverged; for a KubeVirt CR use ClusterTarget\.kubevirtPatch\(\)/);
    const two = project(`${KUBEVIRT_CR}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: kubevirt\n`);
    fails(() => app(two.dist, ClusterTarget.kubevirtPatch({ base: two.base })).app.synth(), two.dist,
      /kubevirt-cr\.yaml: holds 2 objects \(KubeVirt at line 1, Namespace at line 17\); the base must hold the cr alone/);
    const broken = project('apiVersion: kubevirt.io/v1\nkind: KubeVirt\nmetadata:\n  name: k\n  name: again\n');
    fails(() => app(broken.dist, ClusterTarget.kubevirtPatch({ base: broken.base })).app.synth(), broken.dist,
      /kubevirt-cr\.yaml:5: cannot parse: duplicated mapping key/);
  });

  it('a base that cannot be read: its error alone, not also an error on each VM that uses a binding of the app', () => {
    // GIVEN a missing base, and a VM on a binding the app registers
    const p = project(KUBEVIRT_CR);
    const { app: a, chart, kv } = app(p.dist, ClusterTarget.kubevirtPatch({ base: p.base + '.missing' }));
    vm(chart, 'web', kv.addBinding('slirp', { sidecarImage: SLIRP_IMAGE }));
    // WHEN synthesized THEN the one problem is the base's; nothing is written
    let problems: readonly string[] = [];
    try { a.synth(); } catch (e) { problems = (e as SynthError).problems; }
    expect(problems).toEqual([expect.stringMatching(/^\[prod\/c\/kv\] .*kubevirt-cr\.yaml\.missing: cannot read: no such file or directory/)]);
    expect(fs.existsSync(p.dist)).toBe(false);
  });

  it('a base folder without a kustomization that lists it', () => {
    const p = project(KUBEVIRT_CR, 'kubevirt-cr.yaml', false);
    fails(() => app(p.dist, ClusterTarget.kubevirtPatch({ base: p.base })).app.synth(), p.dist,
      /kubevirt-cr\.yaml: kustomize refuses files outside an overlay's folder, .*; add a kustomization\.yaml to .* that lists kubevirt-cr\.yaml under resources/);
  });

  it('a field of the wrong type in the base, named by file:line and field', () => {
    const p = project('apiVersion: kubevirt.io/v1\nkind: KubeVirt\nmetadata:\n  name: kubevirt\nspec:\n  configuration:\n    network: bridge\n');
    const { app: a, kv } = app(p.dist, ClusterTarget.kubevirtPatch({ base: p.base }));
    kv.addBinding('slirp', { sidecarImage: SLIRP_IMAGE });
    fails(() => a.synth(), p.dist, /kubevirt-cr\.yaml:1: spec\.configuration\.network: the base has the string "bridge", where the cr takes an object/);
  });

  it('props a patch cannot carry, and disabledFeatureGates before 1.8', () => {
    const p = project(KUBEVIRT_CR);
    fails(() => app(p.dist, ClusterTarget.kubevirtPatch({ base: p.base }), {}, { spec: { imagePullPolicy: 'Always' }, name: 'other' }).app.synth(), p.dist,
      /props\.name: under ClusterTarget\.kubevirtPatch\(\) the cr is the base file's .*; set name in the base file and remove this prop[\s\S]*props\.spec: under ClusterTarget\.kubevirtPatch\(\)/);
    fails(() => app(p.dist, ClusterTarget.kubevirtPatch({ base: p.base }), { version: '1.7' }, { disabledFeatureGates: ['Root'] }).app.synth(), p.dist,
      /disabledFeatureGates is not in kubevirt 1\.7; it is first in kubevirt 1\.8/);
  });

  it('bad options of the factories', () => {
    const p = project(KUBEVIRT_CR);
    fails(() => app(p.dist, ClusterTarget.hcoPatch({ base: p.base, apiVersion: 'v2' as 'v1' })).app.synth(), p.dist,
      /\[prod\] props\.target: hcoPatch\(options\)\.apiVersion: expected 'v1beta1' \(registrations at spec\.networkBinding\) or 'v1' \(spec\.networking\.networkBinding\), the apiVersion of the base HyperConverged CR; got "v2"/);
    fails(() => app(p.dist, ClusterTarget.kubevirtPatch({ base: '' })).app.synth(), p.dist,
      /props\.target: kubevirtPatch\(options\)\.base: expected the path of the file that holds the cluster's CR/);
  });

  it('an app that is not a NetbindApp', () => {
    const p = project(KUBEVIRT_CR);
    const chart = new Chart(new KubeVirtCluster(Testing.app(), 'prod', { target: ClusterTarget.kubevirtPatch({ base: p.base }) }), 'c');
    new KubeVirtNetworking(chart, 'kv');
    expect(() => Testing.synth(chart)).toThrow(/\[prod\/c\/kv\] this construct writes files of its own to the output folder \(a kustomize overlay\), which only NetbindApp writes/);
  });

  it('a base inside the output folder', () => {
    const p = project(KUBEVIRT_CR);
    const dist = path.dirname(path.dirname(p.base));
    // the output folder is clusters/, which holds the base: refused before anything is written
    const { app: a } = app(dist, ClusterTarget.kubevirtPatch({ base: p.base }));
    expect(() => a.synth()).toThrow(/kubevirt-cr\.yaml: the base is inside the output folder .*, which synth replaces; keep it in a folder of its own/);
  });
});

describe('ClusterTarget', () => {
  it('keeps the full-CR targets as they were, and tells patch targets apart', () => {
    expect([ClusterTarget.KUBEVIRT, ClusterTarget.HCO_V1BETA1, ClusterTarget.HCO_V1].map((t) => [t.id, t.isHco, t.isPatch])).toEqual([
      ['kubevirt', false, false], ['hco-v1beta1', true, false], ['hco-v1', true, false],
    ]);
    const t = ClusterTarget.hcoPatch({ base: 'clusters/prod/hco.yaml', apiVersion: 'v1' });
    expect([t.id, t.isHco, t.isPatch, t.base]).toEqual(['hco-v1', true, true, 'clusters/prod/hco.yaml']);
    expect(ClusterTarget.kubevirtPatch({ base: 'a.yaml' }).id).toBe('kubevirt');
  });
});
