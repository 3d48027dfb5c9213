/**
 * The slirp binding plugin on a KubeVirt 1.9 cluster: the registration `slirp` with KubeVirt's sidecar image of the
 * release (quay.io/kubevirt/network-slirp-binding:v1.9.0), and a VM with a slirp interface on the pod network.
 * Nothing runs on the nodes for slirp.
 *
 * Run from this folder: node ../../bin/kubevirt-netbind.js synth main.ts
 */
import { Chart } from 'cdk8s';
import { KubeVirtCluster, KubeVirtNetworking, NetbindApp, PluginKits, VirtualMachine, VmDisk, runSynth } from '../../src';

export function buildApp(outdir?: string): NetbindApp {
  const app = new NetbindApp(outdir ? { outdir } : {});
  const lab = new KubeVirtCluster(app, 'lab', { version: '1.9' });
  const cluster = new Chart(lab, 'cluster');
  const networking = new KubeVirtNetworking(cluster, 'kubevirt');

  // a registration only: the kit creates no object, so it lives with the cluster configuration
  const slirp = PluginKits.slirp(cluster, { networking });

  new VirtualMachine(new Chart(lab, 'vms', { namespace: 'default' }), 'vm', {
    name: 'vm-slirp',
    memory: '1Gi',
    interfaces: [slirp.interface('slirpnet')],
    disks: [VmDisk.containerDisk({ name: 'containerdisk', image: 'quay.io/kubevirt/fedora-with-test-tooling-container-disk:v1.9.0' })],
  });
  return app;
}

if (require.main === module) {
  process.exitCode = runSynth(() => buildApp());
}
