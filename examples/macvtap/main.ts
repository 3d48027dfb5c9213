/**
 * The macvtap binding plugin on a KubeVirt 1.9 cluster: the registration `macvtap` (domainAttachmentType: tap), a
 * macvtap NAD asking the macvtap device plugin for the nodes' eth0, and a VM with a masquerade interface on the pod
 * network and a macvtap interface on that NAD.
 *
 * The macvtap CNI and device plugin themselves are not created here: deploy them with the
 * cluster-network-addons-operator or kubevirt/macvtap-cni's manifests.
 *
 * Run from this folder: node ../../bin/kubevirt-netbind.js synth main.ts
 */
import { Chart } from 'cdk8s';
import { CoreBinding, KubeVirtCluster, KubeVirtNetworking, NetbindApp, PluginKits, VirtualMachine, VmDisk, VmNetwork, runSynth } from '../../src';

export function buildApp(outdir?: string): NetbindApp {
  const app = new NetbindApp(outdir ? { outdir } : {});
  const lab = new KubeVirtCluster(app, 'lab', { version: '1.9' });
  const networking = new KubeVirtNetworking(new Chart(lab, 'cluster'), 'kubevirt');

  const macvtap = PluginKits.macvtap(new Chart(lab, 'macvtap', { namespace: 'default' }), { networking, hostInterface: 'eth0' });

  new VirtualMachine(new Chart(lab, 'vms', { namespace: 'default' }), 'vm', {
    name: 'vm-macvtap',
    memory: '1Gi',
    interfaces: [
      { name: 'podnet', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod() },
      // on the kit's NAD, default/macvtap-eth0
      macvtap.interface('hostnetwork'),
    ],
    disks: [VmDisk.containerDisk({ name: 'containerdisk', image: 'quay.io/kubevirt/fedora-with-test-tooling-container-disk:v1.9.0' })],
  });
  return app;
}

if (require.main === module) {
  process.exitCode = runSynth(() => buildApp());
}
