/**
 * The GitOps layout: a folder per cluster, a folder per layer with a kustomization, one file per object; layers by
 * kind, by chart and by `Layer.assign()`; files added with `Layer.addFile()`; nested folders through the output
 * machinery (all or nothing, files of the user's own kept, foreign folders refused).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ApiObject, Chart } from 'cdk8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BindingCni, ClusterTarget, KubeVirtCluster, KubeVirtNetworking, Layer, NetbindApp, NetworkAttachmentDefinition, SynthError,
  VirtualMachine, VmDisk, VmNetwork, objectFileName,
} from '../../src';
import type { GitOpsProps } from '../../src';

function tmpDist(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-gitops-')), 'dist');
}

/** Every file under `dir`, relative, sorted. */
function tree(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? tree(dir, rel) : [rel];
  }).sort();
}

function read(dir: string, file: string): any {
  return yaml.load(fs.readFileSync(path.join(dir, file), 'utf8'));
}

/** A cluster with a KubeVirt CR, a passt NAD and a VM using it, plus a plugin-kit-like chart (DaemonSet, SA, role). */
function labApp(dist: string, gitOps: GitOpsProps = {}, name = 'lab') {
  const app = new NetbindApp({ outdir: dist, gitOps });
  const lab = new KubeVirtCluster(app, name, { version: '1.6' });
  const kv = new KubeVirtNetworking(new Chart(lab, 'kubevirt'), 'kubevirt');
  const net = new Chart(lab, 'net', { namespace: 'vms' });
  const nad = new NetworkAttachmentDefinition(net, 'nad', { name: 'netbindingpasst', namespace: 'vms', cni: BindingCni.passt() });
  const passt = kv.addBinding('passt', { sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.6.0', networkAttachmentDefinition: nad });
  const kit = new Chart(lab, 'kit', { namespace: 'kube-system' });
  new ApiObject(kit, 'ds', { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'passt-cni' }, spec: {} });
  new ApiObject(kit, 'sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'passt-cni' } });
  new ApiObject(kit, 'crb', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'passt-cni', namespace: undefined }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'x' }, subjects: [] });
  const vms = new Chart(lab, 'vms', { namespace: 'vms' });
  new VirtualMachine(vms, 'vm', { name: 'web', memory: '1Gi', interfaces: [{ name: 'default', binding: passt, network: VmNetwork.pod() }], disks: [VmDisk.containerDisk({ name: 'root', image: 'quay.io/containerdisks/fedora:41' })] });
  new ApiObject(vms, 'secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-cloudinit' }, stringData: { userdata: '#cloud-config' } });
  return { app, lab, kit, vms };
}

describe('objectFileName', () => {
  it('GIVEN namespaced and cluster-scoped objects WHEN named THEN <kind>_<namespace>_<name>.yaml and <kind>_<name>.yaml, lowercase', () => {
    expect(objectFileName({ kind: 'VirtualMachine', metadata: { name: 'web', namespace: 'vms' } })).toBe('virtualmachine_vms_web.yaml');
    expect(objectFileName({ kind: 'ClusterRole', metadata: { name: 'system:passt' } })).toBe('clusterrole_system-passt.yaml');
    expect(objectFileName({ kind: 'KubeVirt', metadata: { name: 'kubevirt', namespace: 'kubevirt' } })).toBe('kubevirt_kubevirt_kubevirt.yaml');
  });

  it('GIVEN any two different (kind, namespace, name) of valid Kubernetes names WHEN named THEN the files differ', () => {
    const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$/);
    const subdomain = fc.array(label, { minLength: 1, maxLength: 3 }).map((p) => p.join('.'));
    const kind = fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,12}$/);
    const obj = fc.record({ kind, namespace: fc.option(label, { nil: undefined }), name: subdomain });
    fc.assert(fc.property(obj, obj, (a, b) => {
      const same = a.kind.toLowerCase() === b.kind.toLowerCase() && a.namespace === b.namespace && a.name === b.name;
      const fa = objectFileName({ kind: a.kind, metadata: { name: a.name, namespace: a.namespace } });
      const fb = objectFileName({ kind: b.kind, metadata: { name: b.name, namespace: b.namespace } });
      return same === (fa === fb);
    }), { numRuns: 2000 });
  });
});

describe('Layer', () => {
  it('GIVEN kinds WHEN asked for their layer THEN operator CRs, networks and workloads; undefined for any-layer kinds', () => {
    expect(Layer.forKind('kubevirt.io/v1', 'KubeVirt')).toBe(Layer.CLUSTER_CONFIGURATION);
    expect(Layer.forKind('hco.kubevirt.io/v1', 'HyperConverged')).toBe(Layer.CLUSTER_CONFIGURATION);
    expect(Layer.forKind('k8s.cni.cncf.io/v1', 'NetworkAttachmentDefinition')).toBe(Layer.NETWORKS);
    expect(Layer.forKind('apps/v1', 'DaemonSet')).toBe(Layer.NETWORKS);
    expect(Layer.forKind('security.openshift.io/v1', 'SecurityContextConstraints')).toBe(Layer.NETWORKS);
    expect(Layer.forKind('kubevirt.io/v1', 'VirtualMachine')).toBe(Layer.WORKLOADS);
    expect(Layer.forKind('pool.kubevirt.io/v1alpha1', 'VirtualMachinePool')).toBe(Layer.WORKLOADS);
    expect(Layer.forKind('cdi.kubevirt.io/v1beta1', 'DataVolume')).toBe(Layer.WORKLOADS);
    expect(Layer.forKind('v1', 'ServiceAccount')).toBeUndefined();
  });

  it('GIVEN an app with the GitOps layout WHEN synthesized THEN a folder per layer, each object in the layer of its kind or chart', () => {
    const dist = tmpDist();
    labApp(dist).app.synth();
    expect(tree(dist)).toEqual([
      '.netbind-files',
      'lab/cluster-config/kubevirt_kubevirt_kubevirt.yaml',
      'lab/cluster-config/kustomization.yaml',
      'lab/kustomization.yaml',
      // the kit's ServiceAccount and ClusterRoleBinding follow its DaemonSet
      'lab/networks/clusterrolebinding_kube-system_passt-cni.yaml',
      'lab/networks/daemonset_kube-system_passt-cni.yaml',
      'lab/networks/kustomization.yaml',
      'lab/networks/networkattachmentdefinition_vms_netbindingpasst.yaml',
      'lab/networks/serviceaccount_kube-system_passt-cni.yaml',
      // the Secret follows its chart's VM
      'lab/workloads/kustomization.yaml',
      'lab/workloads/secret_vms_web-cloudinit.yaml',
      'lab/workloads/virtualmachine_vms_web.yaml',
    ]);
    expect(read(dist, 'lab/kustomization.yaml')).toEqual({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['cluster-config', 'networks', 'workloads'] });
    expect(read(dist, 'lab/networks/kustomization.yaml').resources).toEqual([
      'clusterrolebinding_kube-system_passt-cni.yaml', 'daemonset_kube-system_passt-cni.yaml',
      'networkattachmentdefinition_vms_netbindingpasst.yaml', 'serviceaccount_kube-system_passt-cni.yaml',
    ]);
    // without argoCd no Argo CD annotations
    expect(read(dist, 'lab/workloads/virtualmachine_vms_web.yaml').metadata.annotations).toBeUndefined();
    expect(fs.readFileSync(path.join(dist, '.netbind-files'), 'utf8').split('\n')).toContain('lab/networks/kustomization.yaml');
  });

  it('GIVEN Layer.assign on a chart and on one object WHEN synthesized THEN the nearer assignment wins', () => {
    const dist = tmpDist();
    const { app, kit, vms } = labApp(dist);
    Layer.assign(kit, Layer.CLUSTER_CONFIGURATION);
    Layer.assign(kit.node.findChild('ds'), Layer.NETWORKS);
    Layer.assign(vms.node.findChild('secret'), Layer.NETWORKS);
    app.synth();
    const files = tree(dist);
    expect(files).toContain('lab/cluster-config/serviceaccount_kube-system_passt-cni.yaml');
    expect(files).toContain('lab/networks/daemonset_kube-system_passt-cni.yaml');
    expect(files).toContain('lab/networks/secret_vms_web-cloudinit.yaml');
  });

  it('GIVEN files added to layers WHEN synthesized THEN they are written and listed as resources or patches, or not listed', () => {
    const dist = tmpDist();
    const { app, lab } = labApp(dist);
    Layer.addFile(lab, Layer.CLUSTER_CONFIGURATION, 'patches/kubevirt-gates.yaml', 'apiVersion: kubevirt.io/v1\nkind: KubeVirt\n', {
      kustomization: 'patches', patchTarget: { group: 'kubevirt.io', kind: 'KubeVirt', name: 'kubevirt' },
    });
    Layer.addFile(lab, Layer.CLUSTER_CONFIGURATION, 'README.md', '# lab\n', { kustomization: 'none' });
    Layer.addFile(lab, Layer.NETWORKS, 'extra-ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: extra\n');
    app.synth();
    expect(fs.readFileSync(path.join(dist, 'lab/cluster-config/patches/kubevirt-gates.yaml'), 'utf8')).toBe('apiVersion: kubevirt.io/v1\nkind: KubeVirt\n');
    expect(read(dist, 'lab/cluster-config/kustomization.yaml')).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization',
      patches: [{ path: 'patches/kubevirt-gates.yaml', target: { group: 'kubevirt.io', kind: 'KubeVirt', name: 'kubevirt' } }],
      resources: ['kubevirt_kubevirt_kubevirt.yaml'],
    });
    expect(read(dist, 'lab/networks/kustomization.yaml').resources).toContain('extra-ns.yaml');
    expect(tree(dist)).toContain('lab/cluster-config/README.md');
  });

  it('GIVEN bad Layer.addFile arguments WHEN synthesized THEN each is an error naming the file and what is accepted; nothing written', () => {
    const dist = tmpDist();
    const { app, lab } = labApp(dist);
    Layer.addFile(lab, Layer.NETWORKS, '../escape.yaml', 'x');
    Layer.addFile(lab, Layer.NETWORKS, 'kustomization.yaml', 'x');
    Layer.addFile(lab, Layer.NETWORKS, 'p.yaml', 'x', { kustomization: 'resources', patchTarget: { kind: 'KubeVirt' } });
    expect(() => app.synth()).toThrow(SynthError);
    try { app.synth(); } catch (e) {
      expect((e as SynthError).problems).toEqual([
        '[lab] Layer.addFile: file "../escape.yaml" is not a path inside the layer folder; use names of letters, digits, ".", "_" and "-" joined by "/", none starting with "."',
        '[lab] Layer.addFile: file "kustomization.yaml" is the layer\'s own kustomization, which the synth writes; give its entries with options.kustomization',
        '[lab] Layer.addFile: options.patchTarget of "p.yaml" is only for a file listed under patches; set options.kustomization to "patches"',
      ]);
    }
    expect(fs.existsSync(dist)).toBe(false);
  });

  it('GIVEN an added file at the path of an object file WHEN synthesized THEN an error names both; nothing written', () => {
    const dist = tmpDist();
    const { app, lab } = labApp(dist);
    Layer.addFile(lab, Layer.WORKLOADS, 'virtualmachine_vms_web.yaml', 'x');
    expect(() => app.synth()).toThrow(/lab\/workloads\/virtualmachine_vms_web.yaml: lab\/vms\/vm\/Resource and Layer.addFile\(lab\) would all be written to this file/);
    expect(fs.existsSync(dist)).toBe(false);
  });

  it('GIVEN two object names that differ only in characters a file name leaves out WHEN synthesized THEN the file they would share is an error', () => {
    const dist = tmpDist();
    const { app, kit } = labApp(dist);
    // two names RBAC accepts (path segment names), which both become clusterrole_system-passt.yaml
    new ApiObject(kit, 'role-a', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:passt', namespace: undefined }, rules: [] });
    new ApiObject(kit, 'role-b', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system-passt', namespace: undefined }, rules: [] });
    expect(() => app.synth()).toThrow(/lab\/networks\/clusterrole_kube-system_system-passt.yaml: lab\/kit\/role-a and lab\/kit\/role-b would all be written to this file/);
    expect(fs.existsSync(dist)).toBe(false);
  });

  it('GIVEN objects of one kind and name in two namespaces WHEN synthesized THEN two files', () => {
    const dist = tmpDist();
    const { app, lab } = labApp(dist);
    new ApiObject(new Chart(lab, 'other', { namespace: 'team-b' }), 's', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-cloudinit' } });
    app.synth();
    expect(tree(dist).filter((f) => f.includes('secret_'))).toEqual(['lab/workloads/secret_team-b_web-cloudinit.yaml', 'lab/workloads/secret_vms_web-cloudinit.yaml']);
  });
});

describe('layout and the output folder', () => {
  it('GIVEN an earlier synth and a file of the user\'s own in a layer folder WHEN synthesized again with fewer objects THEN stale files go, the user\'s file stays', () => {
    const dist = tmpDist();
    labApp(dist).app.synth();
    fs.writeFileSync(path.join(dist, 'lab/networks/NOTES.md'), 'mine\n');
    const again = new NetbindApp({ outdir: dist, gitOps: {} });
    const lab = new KubeVirtCluster(again, 'lab', { version: '1.6' });
    new KubeVirtNetworking(new Chart(lab, 'kubevirt'), 'kubevirt');
    again.synth();
    expect(tree(dist)).toEqual([
      '.netbind-files', 'lab/cluster-config/kubevirt_kubevirt_kubevirt.yaml', 'lab/cluster-config/kustomization.yaml', 'lab/kustomization.yaml',
      'lab/networks/NOTES.md', 'lab/networks/kustomization.yaml', 'lab/workloads/kustomization.yaml',
    ]);
    expect(read(dist, 'lab/networks/kustomization.yaml')).toEqual({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [] });
  });

  it('GIVEN a folder with files no synth wrote WHEN synthesized into it THEN refused, and the files are untouched', () => {
    const dist = tmpDist();
    fs.mkdirSync(path.join(dist, 'lab'), { recursive: true });
    fs.writeFileSync(path.join(dist, 'lab/kustomization.yaml'), 'mine\n');
    expect(() => labApp(dist).app.synth()).toThrow(/the output folder holds files no synth wrote \(lab\/kustomization.yaml\)/);
    expect(tree(dist)).toEqual(['lab/kustomization.yaml']);
  });

  it('GIVEN a file of the user\'s where the layout writes WHEN synthesized THEN the synth refuses to overwrite it', () => {
    const dist = tmpDist();
    labApp(dist).app.synth();
    // the user's own file where the next synth writes a new object
    fs.writeFileSync(path.join(dist, 'lab/workloads/secret_vms_extra.yaml'), 'mine\n');
    const { app, vms } = labApp(dist);
    new ApiObject(vms, 'extra', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'extra' } });
    expect(() => app.synth()).toThrow(/secret_vms_extra.yaml: the synth would overwrite this file, which it did not write/);
    expect(fs.readFileSync(path.join(dist, 'lab/workloads/secret_vms_extra.yaml'), 'utf8')).toBe('mine\n');
  });

  it('GIVEN the same app WHEN synthesized twice THEN byte-identical files', () => {
    const a = tmpDist();
    const b = tmpDist();
    const props: GitOpsProps = { argoCd: { repoURL: 'https://git.example.com/r.git', pathPrefix: 'clusters' }, flux: { sourceRef: { name: 'r' }, pathPrefix: 'clusters' } };
    labApp(a, props).app.synth();
    labApp(b, props).app.synth();
    const files = tree(a);
    expect(tree(b)).toEqual(files);
    for (const f of files) expect(fs.readFileSync(path.join(b, f), 'utf8')).toBe(fs.readFileSync(path.join(a, f), 'utf8'));
  });
});

describe('layout and the diagram file', () => {
  it('GIVEN diagramFile with the GitOps layout WHEN synthesized THEN the diagram is in the cluster folder, outside the layers', () => {
    const dist = tmpDist();
    const app = new NetbindApp({ outdir: dist, gitOps: {}, diagramFile: 'bindings.md' });
    const lab = new KubeVirtCluster(app, 'lab', { version: '1.6' });
    new KubeVirtNetworking(new Chart(lab, 'kubevirt'), 'kubevirt');
    app.synth();
    expect(tree(dist)).toContain('lab/bindings.md');
    expect(read(dist, 'lab/kustomization.yaml').resources).toEqual(['cluster-config', 'networks', 'workloads']);
  });
});

describe('layout errors', () => {
  it('GIVEN Layer.assign with something that is not a layer WHEN synthesized THEN an error names the scope and the accepted layers', () => {
    const { app, kit } = labApp(tmpDist());
    Layer.assign(kit, 'networks' as never);
    expect(() => app.synth()).toThrow(/\[lab\/kit\] Layer.assign: expected Layer.CLUSTER_CONFIGURATION, Layer.NETWORKS or Layer.WORKLOADS; got "networks"/);
  });


  it('GIVEN layer folders that are not folder names, or one folder twice WHEN synthesized THEN each is named; nothing written', () => {
    const dist = tmpDist();
    const { app } = labApp(dist, { layerFolders: { networks: 'net/works', workloads: '.hidden', clusterConfiguration: 'config' } });
    expect(() => app.synth()).toThrow(SynthError);
    try { app.synth(); } catch (e) {
      expect((e as SynthError).problems).toEqual([
        'NetbindApp props.gitOps.layerFolders.networks: "net/works" is not a folder name; use letters, digits, ".", "_" and "-", not starting with "." (such as "networks")',
        'NetbindApp props.gitOps.layerFolders.workloads: ".hidden" is not a folder name; use letters, digits, ".", "_" and "-", not starting with "." (such as "workloads")',
      ]);
    }
    const twice = labApp(tmpDist(), { layerFolders: { networks: 'apps', workloads: 'apps' } }).app;
    expect(() => twice.synth()).toThrow(/layerFolders: networks and workloads are both the folder "apps"; give each layer a folder of its own/);
    expect(fs.existsSync(dist)).toBe(false);
  });

  it('GIVEN layer folders of one\'s own WHEN synthesized THEN the cluster folder uses them', () => {
    const dist = tmpDist();
    labApp(dist, { layerFolders: { clusterConfiguration: '00-kubevirt', networks: '10-networks', workloads: '20-vms' } }).app.synth();
    expect(read(dist, 'lab/kustomization.yaml').resources).toEqual(['00-kubevirt', '10-networks', '20-vms']);
  });

  it('GIVEN a chart under no cluster WHEN synthesized THEN an error says to put it under a KubeVirtCluster', () => {
    const dist = tmpDist();
    const { app } = labApp(dist);
    new ApiObject(new Chart(app, 'loose'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    expect(() => app.synth()).toThrow(/\[loose\] chart under no KubeVirtCluster: the GitOps layout writes a folder per cluster, so create the chart under a KubeVirtCluster/);
    expect(fs.existsSync(dist)).toBe(false);
  });

  it('GIVEN two clusters of one name WHEN synthesized THEN an error names both and asks for names of their own; nothing written', () => {
    const dist = tmpDist();
    const { app } = labApp(dist);
    const twin = new KubeVirtCluster(app, 'lab2', { name: 'lab', version: '1.6', target: ClusterTarget.HCO_V1 });
    new KubeVirtNetworking(new Chart(twin, 'hco'), 'hco');
    // the app's own check names them first; the layout's check (fleet.ts) says the same of folders
    expect(() => app.synth()).toThrow(/clusters lab and lab2 are both named "lab"; each cluster needs a name of its own/);
    expect(fs.existsSync(dist)).toBe(false);
  });

  it('GIVEN Layer.addFile in an app without the GitOps layout WHEN synthesized THEN an error says the file would not be written', () => {
    const app = new NetbindApp({ outdir: tmpDist() });
    const lab = new KubeVirtCluster(app, 'lab');
    new KubeVirtNetworking(new Chart(lab, 'kv'), 'kv');
    Layer.addFile(lab, Layer.CLUSTER_CONFIGURATION, 'README.md', '# lab\n', { kustomization: 'none' });
    expect(() => app.synth()).toThrow(/\[lab\] Layer.addFile: files of a layer \(README.md\) are written only in the GitOps layout; set NetbindApp props.gitOps, or remove the files/);
  });

  it('GIVEN the GitOps layout with FILE_PER_APP WHEN synthesized THEN an error says to leave yamlOutputType unset', () => {
    const app = new NetbindApp({ outdir: tmpDist(), gitOps: {}, yamlOutputType: 0 });
    new KubeVirtNetworking(new Chart(new KubeVirtCluster(app, 'lab'), 'kv'), 'kv');
    expect(() => app.synth()).toThrow(/yamlOutputType FILE_PER_APP: the GitOps layout \(props.gitOps\) writes a file per object; leave yamlOutputType unset/);
  });

  it('GIVEN an unknown key in props.gitOps WHEN synthesized THEN it is named with the accepted keys', () => {
    const app = new NetbindApp({ outdir: tmpDist(), gitOps: { argocd: {} } as any });
    new KubeVirtNetworking(new Chart(new KubeVirtCluster(app, 'lab'), 'kv'), 'kv');
    expect(() => app.synth()).toThrow(/NetbindApp props.gitOps: unknown key "argocd"; accepted: layerFolders, argoCd, flux/);
  });
});
