/**
 * A KubeVirt CR owned elsewhere (base/kubevirt-cr.yaml, listed by base/kustomization.yaml), patched rather than
 * replaced: ClusterTarget.kubevirtPatch. The synth writes a kustomize overlay whose JSON patch adds the passt
 * registration and the NetworkBindingPlugins gate (KubeVirt 1.4 needs it), guarded by `test` operations, so a base
 * that changed under the patch makes `kustomize build` fail instead of losing the owner's settings.
 *
 * Cluster `lab` on KubeVirt 1.4, in the GitOps layout with Flux. Output in dist/: lab/{cluster-config,networks,
 * workloads}/ (cluster-config/cluster-configuration/ is the overlay), flux/lab/.
 *
 * Run from this folder: node ../../bin/kubevirt-netbind.js synth main.ts
 */
import * as path from 'path';
import { Chart } from 'cdk8s';
import {
  BindingCni, BindingPlugins, ClusterTarget, KubeVirtCluster, KubeVirtNetworking, NetbindApp, NetworkAttachmentDefinition,
  VirtualMachine, VmDisk, VmNetwork, runSynth,
} from '../../src';

export function buildApp(outdir = 'dist'): NetbindApp {
  const app = new NetbindApp({ outdir, gitOps: { flux: { sourceRef: { name: 'flux-system' }, pathPrefix: 'examples/kubevirt-patch/dist' } } });
  // the base sits next to the output folder: base/kubevirt-cr.yaml
  const base = path.join(path.dirname(path.resolve(outdir)), 'base', 'kubevirt-cr.yaml');
  const lab = new KubeVirtCluster(app, 'lab', { version: '1.4', target: ClusterTarget.kubevirtPatch({ base }) });
  const kubevirt = new KubeVirtNetworking(new Chart(lab, 'kubevirt'), 'kubevirt');

  const net = new Chart(lab, 'networks', { namespace: 'vms' });
  const nad = new NetworkAttachmentDefinition(net, 'passt', { name: 'netbindingpasst', namespace: 'vms', cni: BindingCni.passt() });
  const passt = BindingPlugins.passt(kubevirt, {
    sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.4.0',
    networkAttachmentDefinition: nad,
  });

  new VirtualMachine(new Chart(lab, 'vms', { namespace: 'vms' }), 'web', {
    name: 'web',
    runStrategy: 'Always',
    memory: '1Gi',
    interfaces: [{ name: 'default', binding: passt, network: VmNetwork.pod() }],
    disks: [VmDisk.containerDisk({ name: 'rootdisk', image: 'quay.io/containerdisks/fedora:41' })],
  });
  return app;
}

if (require.main === module) {
  process.exitCode = runSynth(() => buildApp());
}
