import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { clusterChart } from './support/cluster';
import { BindingCni, BindingMigration, BindingPlugins, CoreBinding, KubeVirtNetworking, NetworkAttachmentDefinition, VirtualMachine, VmNetwork } from '../src';

function bindings(chart: Chart) {
  return Testing.synth(chart).find((o) => o.kind === 'KubeVirt').spec.configuration.network.binding;
}

describe('BindingPlugins', () => {
  it('GIVEN the four presets on 1.9 WHEN synthesized THEN registrations follow KubeVirt\'s documents', () => {
    const chart = Testing.chart();
    const kv = new KubeVirtNetworking(chart, 'kv');
    const nad = new NetworkAttachmentDefinition(chart, 'netbindingpasst', { namespace: 'vms', cni: BindingCni.passt() });
    BindingPlugins.slirp(kv, { sidecarImage: 'quay.io/kubevirt/network-slirp-binding:v1.1.0' });
    BindingPlugins.passt(kv, { sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.6.0', networkAttachmentDefinition: nad });
    BindingPlugins.macvtap(kv);
    BindingPlugins.managedTap(kv, { migratable: true });
    expect(bindings(chart)).toEqual({
      slirp: { sidecarImage: 'quay.io/kubevirt/network-slirp-binding:v1.1.0' },
      passt: {
        sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.6.0',
        networkAttachmentDefinition: 'vms/netbindingpasst',
        migration: {},
        computeResourceOverhead: { requests: { memory: '250Mi' } },
      },
      macvtap: { domainAttachmentType: 'tap' },
      'managed-tap': { domainAttachmentType: 'managedTap', migration: {} },
    });
  });

  it('GIVEN the passt preset on 1.1.1 and 1.2 WHEN synthesized THEN only the defaults the release has are written', () => {
    for (const [version, expected] of [['1.1.1', { sidecarImage: 'x/p:1', networkAttachmentDefinition: 'default/n' }], ['1.2', { sidecarImage: 'x/p:1', networkAttachmentDefinition: 'default/n', migration: {} }]] as const) {
      const chart = clusterChart({ version });
      BindingPlugins.passt(new KubeVirtNetworking(chart, 'kv'), { sidecarImage: 'x/p:1', networkAttachmentDefinition: 'default/n' });
      expect(bindings(chart).passt).toEqual(expected);
    }
  });

  it('GIVEN the passt preset with link-refresh WHEN synthesized THEN the method is kept', () => {
    const chart = clusterChart({ version: '1.4' });
    const kv = new KubeVirtNetworking(chart, 'kv');
    BindingPlugins.passt(kv, { sidecarImage: 'x/p:1', networkAttachmentDefinition: 'default/n', migration: BindingMigration.linkRefresh(), memoryOverhead: '500Mi' });
    expect(bindings(chart).passt.migration).toEqual({ method: 'link-refresh' });
  });

  it('GIVEN the macvtap preset on a multus network WHEN synthesized THEN the VM passes every rule', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'vms' });
    const macvtap = BindingPlugins.macvtap(new KubeVirtNetworking(chart, 'kv'));
    const nad = new NetworkAttachmentDefinition(chart, 'macvtapnetwork', { cni: BindingCni.macvtap(), annotations: { 'k8s.v1.cni.cncf.io/resourceName': 'macvtap.network.kubevirt.io/eth0' } });
    new VirtualMachine(chart, 'vm', {
      memory: '1Gi',
      interfaces: [
        { name: 'podnet', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod() },
        { name: 'hostnetwork', binding: macvtap, network: VmNetwork.multus(nad) },
      ],
    });
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  it('GIVEN the macvtap CNI WHEN rendered THEN it is the user guide\'s config', () => {
    expect(JSON.parse(BindingCni.macvtap().render('macvtapnetwork'))).toEqual({ cniVersion: '0.3.1', name: 'macvtapnetwork', type: 'macvtap', mtu: 1500 });
  });
});
