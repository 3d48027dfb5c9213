/**
 * A fleet in the GitOps layout: several clusters, each validated and written on its own, an Argo CD ApplicationSet
 * over their folders and Flux Kustomizations per cluster and layer; the Argo CD and Flux objects checked against
 * their controllers' CRDs.
 *
 * The CRD checks read ../shared/crds (path.resolve(repoRoot, '..', 'shared', 'crds'); not shipped with the repo):
 * they skip when it is absent.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  BindingPlugins, ClusterTarget, KubeVirtCluster, KubeVirtNetworking, NetbindApp, NetworkBinding, SynthError, VirtualMachine, VmDisk, VmNetwork, lint, schema,
} from '../../src';
import type { GitOpsProps } from '../../src';

const CRDS = path.resolve(__dirname, '..', '..', '..', 'shared', 'crds');
const haveCrds = fs.existsSync(CRDS);

function tmpDist(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-fleet-')), 'dist');
}

function docs(dist: string, file: string): any[] {
  return yaml.loadAll(fs.readFileSync(path.join(dist, file), 'utf8')) as any[];
}

const GITOPS: GitOpsProps = {
  argoCd: { repoURL: 'https://git.example.com/fleet.git', pathPrefix: 'deploy', targetRevision: 'v1' },
  flux: { sourceRef: { name: 'fleet' }, pathPrefix: 'deploy' },
};

/** Two clusters: `a` (KubeVirt CR, slirp) and `b` (HCO v1beta1, managedTap); each with one VM. */
function fleet(dist: string, gitOps: GitOpsProps = GITOPS, names: [string, string] = ['a', 'b']) {
  const app = new NetbindApp({ outdir: dist, gitOps });
  const a = new KubeVirtCluster(app, names[0], { version: '1.4' });
  const slirp = BindingPlugins.slirp(new KubeVirtNetworking(new Chart(a, 'kv'), 'kv'), { sidecarImage: 'quay.io/kubevirt/network-slirp-binding:v1.1.0' });
  new VirtualMachine(new Chart(a, 'vms', { namespace: 'vms' }), 'vm', { name: 'web', memory: '1Gi', interfaces: [{ name: 'default', binding: slirp, network: VmNetwork.pod() }], disks: [VmDisk.containerDisk({ name: 'root', image: 'quay.io/containerdisks/fedora:41' })] });
  const b = new KubeVirtCluster(app, names[1], { version: '1.6', target: ClusterTarget.HCO_V1BETA1 });
  const tap = BindingPlugins.managedTap(new KubeVirtNetworking(new Chart(b, 'hco'), 'hco'));
  new VirtualMachine(new Chart(b, 'vms', { namespace: 'vms' }), 'vm', { name: 'web', memory: '1Gi', interfaces: [{ name: 'default', binding: tap, network: VmNetwork.pod() }], disks: [VmDisk.containerDisk({ name: 'root', image: 'quay.io/containerdisks/fedora:41' })] });
  return app;
}

describe('fleet', () => {
  it('GIVEN two clusters WHEN synthesized THEN each in its own folder, one ApplicationSet over both, Flux Kustomizations per cluster', () => {
    const dist = tmpDist();
    fleet(dist).synth();
    const [set] = docs(dist, 'argocd/applicationset.yaml');
    expect(set).toMatchSnapshot();
    expect(set.spec.generators[0].list.elements).toEqual([
      { cluster: 'a', destination: 'a', path: 'deploy/a' },
      { cluster: 'b', destination: 'b', path: 'deploy/b' },
    ]);
    const flux = docs(dist, 'flux/b/kustomizations.yaml');
    expect(flux).toMatchSnapshot();
    expect(flux.map((k) => [k.metadata.name, k.spec.path, k.spec.dependsOn?.[0]?.name])).toEqual([
      ['b-cluster-config', './deploy/b/cluster-config', undefined],
      ['b-networks', './deploy/b/networks', 'b-cluster-config'],
      ['b-workloads', './deploy/b/workloads', 'b-networks'],
    ]);
    expect(flux[0].spec.healthChecks).toEqual([{ apiVersion: 'hco.kubevirt.io/v1beta1', kind: 'HyperConverged', name: 'kubevirt-hyperconverged', namespace: 'kubevirt-hyperconverged' }]);
    expect(docs(dist, 'flux/a/kustomizations.yaml')[0].spec.healthChecks).toEqual([{ apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', name: 'kubevirt', namespace: 'kubevirt' }]);
    // each cluster's objects carry the wave of their layer
    expect(docs(dist, 'b/cluster-config/hyperconverged_kubevirt-hyperconverged_kubevirt-hyperconverged.yaml')[0].metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
    expect(docs(dist, 'a/workloads/virtualmachine_vms_web.yaml')[0].metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('2');
    const cm = docs(dist, 'argocd/argocd-cm-health.yaml')[0];
    expect(Object.keys(cm.data)).toEqual(['resource.customizations.health.hco.kubevirt.io_HyperConverged', 'resource.customizations.health.kubevirt.io_KubeVirt']);
  });

  it('GIVEN a rule broken in one cluster only WHEN synthesized THEN the error names that cluster; nothing written', () => {
    const dist = tmpDist();
    const app = fleet(dist);
    // a VM of a 1.3 cluster on a binding that cluster does not register
    const old = new KubeVirtCluster(app, 'old', { version: '1.3' });
    new KubeVirtNetworking(new Chart(old, 'kv'), 'kv');
    const tap = NetworkBinding.fromName('ghost');
    new VirtualMachine(new Chart(old, 'vms', { namespace: 'vms' }), 'vm', { name: 'web', memory: '1Gi', interfaces: [{ name: 'default', binding: tap, network: VmNetwork.pod() }], disks: [VmDisk.containerDisk({ name: 'root', image: 'quay.io/containerdisks/fedora:41' })] });
    expect(() => app.synth()).toThrow(SynthError);
    try { app.synth(); } catch (e) {
      const problems = (e as SynthError).problems;
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.every((p) => p.startsWith('[old/'))).toBe(true);
    }
    expect(fs.existsSync(dist)).toBe(false);
  });

  it('GIVEN a cluster named like the Argo CD folder WHEN synthesized THEN an error says to rename one; nothing written', () => {
    const dist = tmpDist();
    expect(() => fleet(dist, GITOPS, ['argocd', 'b']).synth()).toThrow(/\[argocd\] cluster "argocd": its folder is the one of props.gitOps.argoCd.folder; rename the cluster \(props.name\) or set props.gitOps.argoCd.folder to another folder/);
    expect(fs.existsSync(dist)).toBe(false);
  });

  it('GIVEN an ApplicationSet without a repoURL and Flux with a bad interval WHEN synthesized THEN both are named; nothing written', () => {
    const dist = tmpDist();
    const props = { argoCd: { pathPrefix: 'deploy' }, flux: { sourceRef: { name: 'fleet' }, pathPrefix: 'deploy', interval: 'soon' } } as unknown as GitOpsProps;
    let problems: string[] = [];
    try { fleet(dist, props).synth(); } catch (e) { problems = (e as SynthError).problems; }
    expect(problems).toEqual([
      'NetbindApp props.gitOps.argoCd.repoURL: the Argo CD ApplicationSet needs the URL of the Git repository the output is committed to; got nothing',
      'NetbindApp props.gitOps.flux.interval: expected a duration such as "10m" or "1h30m"; got "soon"',
    ]);
    expect(fs.existsSync(dist)).toBe(false);
  });

  it('GIVEN ignoreDifferences off and automated sync WHEN synthesized THEN no ignore entries, automated prune and self-heal', () => {
    const dist = tmpDist();
    fleet(dist, { argoCd: { repoURL: 'https://git.example.com/fleet.git', pathPrefix: '.', ignoreDifferences: false, automated: true } }).synth();
    const [set] = docs(dist, 'argocd/applicationset.yaml');
    expect(set.spec.template.spec.ignoreDifferences).toBeUndefined();
    expect(set.spec.template.spec.syncPolicy).toEqual({ automated: { prune: true, selfHeal: true } });
    expect(set.spec.generators[0].list.elements[0].path).toBe('a');
    expect(fs.existsSync(path.join(dist, 'flux'))).toBe(false);
  });
});

describe.skipIf(!haveCrds)('Argo CD and Flux objects against their CRDs (../shared/crds)', () => {
  it('GIVEN the fleet output WHEN every object is linted with the CRDs THEN no schema finding', () => {
    const dist = tmpDist();
    fleet(dist).synth();
    const manifests = [
      ...docs(dist, 'argocd/applicationset.yaml'), ...docs(dist, 'flux/a/kustomizations.yaml'), ...docs(dist, 'flux/b/kustomizations.yaml'),
    ];
    const crds = schema.loadCrdFiles([
      path.join(CRDS, 'argoproj.io_applicationsets.yaml'), path.join(CRDS, 'kustomize.toolkit.fluxcd.io_kustomizations.yaml'),
    ]);
    expect(lint(manifests, { crds }).filter((f) => f.rule === 'schema')).toEqual([]);
  });

  it('GIVEN an ApplicationSet with a field its CRD lacks WHEN linted THEN the schema check finds it (the check can fail)', () => {
    const dist = tmpDist();
    fleet(dist).synth();
    const [set] = docs(dist, 'argocd/applicationset.yaml');
    set.spec.template.spec.syncPolicy = { automated: { prune: 'yes' } };
    const crds = schema.loadCrdFiles([path.join(CRDS, 'argoproj.io_applicationsets.yaml')]);
    expect(lint([set], { crds }).filter((f) => f.rule === 'schema').length).toBeGreaterThan(0);
  });
});
