/**
 * A binding plugin of your own on a KubeVirt 1.9 cluster: a hypothetical plugin `vdpa-lite` whose CNI binary ships
 * in an image of its own and whose domain attachment is a tap device, serving Multus networks only. The kit
 * registers it, creates its NAD from a CNI configuration, and installs its CNI binary on every node.
 *
 * Images here are placeholders of registry.example.org, pinned to a tag: use your plugin's.
 *
 * Run from this folder: node ../../bin/kubevirt-netbind.js synth main.ts
 */
import { Chart } from 'cdk8s';
import {
  CniConfig, CoreBinding, DomainAttachmentType, KubeVirtCluster, KubeVirtNetworking, NetbindApp, PluginKits, SupportedNetworks,
  VirtualMachine, VmDisk, VmNetwork, runSynth,
} from '../../src';

export function buildApp(outdir?: string): NetbindApp {
  const app = new NetbindApp(outdir ? { outdir } : {});
  const lab = new KubeVirtCluster(app, 'lab', { version: '1.9' });
  const networking = new KubeVirtNetworking(new Chart(lab, 'cluster'), 'kubevirt');

  const plugin = PluginKits.custom(new Chart(lab, 'vdpa-lite', { namespace: 'default' }), {
    networking,
    name: 'vdpa-lite',
    networks: SupportedNetworks.MULTUS,
    domainAttachmentType: DomainAttachmentType.TAP,
    cni: CniConfig.plugin('1.0.0', { type: 'vdpa-lite', mtu: 1500 }),
    cniInstaller: { image: 'registry.example.org/vdpa-lite-cni:v0.3.2', binaryPath: '/plugins/vdpa-lite', name: 'vdpa-lite-cni' },
  });

  new VirtualMachine(new Chart(lab, 'vms', { namespace: 'default' }), 'vm', {
    name: 'vm-vdpa-lite',
    memory: '1Gi',
    interfaces: [
      { name: 'podnet', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod() },
      plugin.interface('fast'),
    ],
    disks: [VmDisk.containerDisk({ name: 'containerdisk', image: 'quay.io/kubevirt/fedora-with-test-tooling-container-disk:v1.9.0' })],
  });
  return app;
}

if (require.main === module) {
  process.exitCode = runSynth(() => buildApp());
}
