/**
 * The managedTap "zero code" binding on a KubeVirt 1.9 cluster: the registration `managed-tap`
 * (domainAttachmentType: managedTap, migratable), a NAD of the CNI bridge plugin on the nodes' bridge br10 with
 * host-local IPAM, and two VMs: one with a managedTap interface on the pod network, one on the bridge network as
 * the pod's default network (as KubeVirt's e2e tests do).
 *
 * Run from this folder: node ../../bin/kubevirt-netbind.js synth main.ts
 */
import { Chart } from 'cdk8s';
import { KubeVirtCluster, KubeVirtNetworking, NetbindApp, PluginKits, VirtualMachine, VmDisk, VmNetwork, runSynth } from '../../src';

const DISK = 'quay.io/kubevirt/alpine-with-test-tooling-container-disk:v1.9.0';

export function buildApp(outdir?: string): NetbindApp {
  const app = new NetbindApp(outdir ? { outdir } : {});
  const lab = new KubeVirtCluster(app, 'lab', { version: '1.9' });
  const networking = new KubeVirtNetworking(new Chart(lab, 'cluster'), 'kubevirt');

  const tap = PluginKits.managedTap(new Chart(lab, 'managed-tap', { namespace: 'default' }), {
    networking,
    migratable: true,
    bridgeNetwork: { bridge: 'br10', ipam: { type: 'host-local', subnet: '10.1.1.0/24' } },
  });

  const vms = new Chart(lab, 'vms', { namespace: 'default' });
  new VirtualMachine(vms, 'pod', {
    name: 'vm-managed-tap-pod',
    memory: '256Mi',
    interfaces: [tap.interface('default')],
    disks: [VmDisk.containerDisk({ name: 'containerdisk', image: DISK })],
  });
  new VirtualMachine(vms, 'bridge', {
    name: 'vm-managed-tap-bridge',
    memory: '256Mi',
    interfaces: [tap.interface('mynet1', { network: VmNetwork.multus(tap.networkAttachmentDefinition!, { default: true }) })],
    disks: [VmDisk.containerDisk({ name: 'containerdisk', image: DISK })],
  });
  return app;
}

if (require.main === module) {
  process.exitCode = runSynth(() => buildApp());
}
