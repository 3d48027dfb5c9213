/**
 * The benchmark's workload: N VMs with binding interfaces, spread over namespaces of 100 VMs each, every
 * namespace with its own passt and macvtap NADs, and one cluster configuration registering passt, slirp and
 * macvtap (KubeVirt 1.4, so the gate is emitted and every registration field is checked).
 */
import { Chart } from 'cdk8s';
import {
  BindingCni, BindingMigration, DomainAttachmentType, KubeVirtNetworking, KubeVirtVersion, NetbindApp,
  NetworkAttachmentDefinition, VirtualMachine, VmDisk, VmNetwork,
} from '../src';

export const VMS_PER_NAMESPACE = 100;
const NETWORK_DATA = 'version: 2\nethernets:\n  eth0:\n    dhcp4: true\n';

export function buildWorkload(n: number, outdir: string): NetbindApp {
  const app = new NetbindApp({ outdir, kubeVirtVersion: KubeVirtVersion.V1_4 });
  const cluster = new KubeVirtNetworking(new Chart(app, 'cluster'), 'kubevirt');
  const passt = cluster.addBinding('passt', {
    sidecarImage: 'quay.io/kubevirt/network-passt-binding:20231205_29a16d5c9',
    networkAttachmentDefinition: 'netbindingpasst',
    migration: BindingMigration.linkRefresh(),
    memoryOverhead: '500Mi',
  });
  const slirp = cluster.addBinding('slirp', { sidecarImage: 'quay.io/kubevirt/network-slirp-binding:v1.1.0' });
  const macvtap = cluster.addBinding('macvtap', { domainAttachmentType: DomainAttachmentType.TAP });
  const namespaces = Math.max(1, Math.ceil(n / VMS_PER_NAMESPACE));
  for (let ns = 0; ns < namespaces; ns++) {
    const namespace = `vms-${String(ns).padStart(3, '0')}`;
    const chart = new Chart(app, namespace, { namespace });
    new NetworkAttachmentDefinition(chart, 'netbindingpasst', { cni: BindingCni.passt() });
    const macvtapNad = new NetworkAttachmentDefinition(chart, 'macvtapnetwork', {
      cni: BindingCni.macvtap(),
      annotations: { 'k8s.v1.cni.cncf.io/resourceName': 'macvtap.network.kubevirt.io/eth0' },
    });
    const count = Math.min(VMS_PER_NAMESPACE, n - ns * VMS_PER_NAMESPACE);
    for (let i = 0; i < count; i++) {
      const name = `vm-${String(i).padStart(3, '0')}`;
      const usesPasst = i % 2 === 0;
      new VirtualMachine(chart, name, {
        labels: { 'kubevirt.io/vm': name, 'app.kubernetes.io/part-of': namespace },
        memory: '1024M',
        interfaces: usesPasst
          ? [
            { name: 'passtnet', binding: passt, network: VmNetwork.pod() },
            { name: 'hostnetwork', binding: macvtap, network: VmNetwork.multus(macvtapNad) },
          ]
          : [{ name: 'slirpnet', binding: slirp, network: VmNetwork.pod() }],
        disks: [
          VmDisk.containerDisk({ name: 'containerdisk', image: 'quay.io/kubevirt/fedora-with-test-tooling-container-disk:v1.1.0' }),
          VmDisk.cloudInitNoCloud({ name: 'cloudinitdisk', networkData: NETWORK_DATA }),
        ],
        rng: true,
        terminationGracePeriodSeconds: 0,
      });
    }
  }
  return app;
}
