import { describe, expect, it } from 'vitest';
import { CoreBinding, PluginKits, VirtualMachine, VmNetwork } from '../../src';
import { errorsOf, kitCluster, manifestsOf, one, registrations } from './support';

describe('PluginKits.macvtap', () => {
  for (const version of ['1.1.1', '1.5', '1.9']) {
    it(`GIVEN kubevirt ${version} WHEN the kit runs for eth0 THEN it registers a tap binding and a macvtap nad asking for the interface`, () => {
      const { chart, networking } = kitCluster(version);
      const kit = PluginKits.macvtap(chart, { networking, hostInterface: 'eth0' });
      new VirtualMachine(chart, 'vm', {
        memory: '1Gi',
        interfaces: [{ name: 'podnet', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod() }, kit.interface('hostnetwork')],
      });
      const manifests = manifestsOf(chart);
      expect(manifests).toMatchSnapshot();
      expect(registrations(manifests)).toEqual({ macvtap: { domainAttachmentType: 'tap' } });
      const nad = one(manifests, 'NetworkAttachmentDefinition');
      expect(nad.metadata).toEqual({ name: 'macvtap-eth0', namespace: 'vms', annotations: { 'k8s.v1.cni.cncf.io/resourceName': 'macvtap.network.kubevirt.io/eth0' } });
      expect(JSON.parse(nad.spec.config)).toEqual({ cniVersion: '0.3.1', name: 'macvtap-eth0', type: 'macvtap', mtu: 1500 });
      expect(one(manifests, 'VirtualMachine').spec.template.spec.networks).toEqual([
        { name: 'podnet', pod: {} },
        { name: 'hostnetwork', multus: { networkName: 'vms/macvtap-eth0' } },
      ]);
    });
  }

  it('GIVEN a second host interface WHEN addNetwork is called THEN a nad of its own is created with the given name and mtu', () => {
    const { chart, networking } = kitCluster('1.6');
    const kit = PluginKits.macvtap(chart, { networking, hostInterface: 'eth0', nadName: 'macvtapnetwork', nadNamespace: 'default' });
    const second = kit.addNetwork('dataplane', { mtu: 9000 });
    const manifests = manifestsOf(chart);
    expect(kit.networkAttachmentDefinition?.reference).toBe('default/macvtapnetwork');
    expect(second.reference).toBe('default/macvtap-dataplane');
    expect(kit.createdConstructs).toHaveLength(2);
    expect(JSON.parse(one(manifests, 'NetworkAttachmentDefinition', 'macvtap-dataplane').spec.config).mtu).toBe(9000);
    expect(one(manifests, 'NetworkAttachmentDefinition', 'macvtap-dataplane').metadata.annotations).toEqual({ 'k8s.v1.cni.cncf.io/resourceName': 'macvtap.network.kubevirt.io/dataplane' });
  });

  it('GIVEN kubevirt 1.1.0 WHEN the kit runs THEN the error names the plugin, the release and the fix', () => {
    const { chart, networking } = kitCluster('1.1');
    PluginKits.macvtap(chart, { networking, hostInterface: 'eth0' });
    expect(errorsOf(chart)).toContain('[test/c/macvtap] the macvtap plugin needs kubevirt 1.1.1 or newer: kubevirt 1.1.0 has no domainAttachmentType (tap is first in v1.1.1, kubevirt types.go const Tap); set the cluster\'s version to 1.1.1 or newer');
  });

  it('GIVEN a macvtap interface on the pod network WHEN synthesized THEN the kit reports it', () => {
    const { chart, networking } = kitCluster('1.6');
    const kit = PluginKits.macvtap(chart, { networking, hostInterface: 'eth0' });
    new VirtualMachine(chart, 'vm', { memory: '1Gi', interfaces: [kit.interface('net', { network: VmNetwork.pod() })] });
    expect(errorsOf(chart)).toContain('[test/c/macvtap] interface("net").network: the macvtap plugin serves multus networks only on kubevirt 1.6, but the network is the pod network; use VmNetwork.multus(<nad>) (the default of interface(): the kit\'s nad vms/macvtap-eth0), and a core binding such as masquerade for the pod network');
  });

  it('GIVEN a host interface that is not a name WHEN the kit runs THEN the error says what it takes', () => {
    const { chart, networking } = kitCluster('1.6');
    PluginKits.macvtap(chart, { networking, hostInterface: 'eth0 ; x' });
    expect(errorsOf(chart)).toContain('[test/c/macvtap] addNetwork("eth0 ; x"): expected the host interface (or the device plugin resource\'s name) the macvtap network sits on, of letters, digits, ".", "_" and "-", such as "eth0"; got "eth0 ; x"');
  });

  it('GIVEN the same host interface twice WHEN addNetwork is called THEN the error names it and the first nad is returned', () => {
    const { chart, networking } = kitCluster('1.6');
    const kit = PluginKits.macvtap(chart, { networking, hostInterface: 'eth0' });
    expect(kit.addNetwork('eth0')).toBe(kit.networkAttachmentDefinition);
    expect(errorsOf(chart)).toContain('[test/c/macvtap] addNetwork("eth0"): the kit has a macvtap network on "eth0" already (vms/macvtap-eth0); use that nad, or give each host interface one network');
  });
});
