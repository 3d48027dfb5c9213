/**
 * The passt binding plugin on a KubeVirt 1.7 cluster: the registration `passt`, its NAD `default/netbindingpasst`,
 * the DaemonSet that installs the passt CNI binary on every node, and a VM with a passt interface on the pod network.
 * Images are KubeVirt's own of the release (quay.io/kubevirt/network-passt-binding{,-cni}:v1.7.0).
 *
 * From KubeVirt 1.8 use the core binding instead (CoreBinding.PASST); the kit then warns.
 *
 * Run from this folder: node ../../bin/kubevirt-netbind.js synth main.ts
 */
import { Chart } from 'cdk8s';
import { KubeVirtCluster, KubeVirtNetworking, NetbindApp, PluginKits, VirtualMachine, VmDisk, runSynth } from '../../src';

export function buildApp(outdir?: string): NetbindApp {
  const app = new NetbindApp(outdir ? { outdir } : {});
  const lab = new KubeVirtCluster(app, 'lab', { version: '1.7' });
  const networking = new KubeVirtNetworking(new Chart(lab, 'cluster'), 'kubevirt');

  // registration, NAD and node-side installer, all for KubeVirt 1.7
  const passt = PluginKits.passt(new Chart(lab, 'passt', { namespace: 'default' }), { networking });

  new VirtualMachine(new Chart(lab, 'vms', { namespace: 'default' }), 'vm', {
    name: 'vm-passt',
    memory: '1Gi',
    interfaces: [passt.interface('passtnet', { ports: [{ name: 'http', port: 80, protocol: 'TCP' }] })],
    disks: [VmDisk.containerDisk({ name: 'containerdisk', image: 'quay.io/kubevirt/fedora-with-test-tooling-container-disk:v1.7.0' })],
  });
  return app;
}

if (require.main === module) {
  process.exitCode = runSynth(() => buildApp());
}
