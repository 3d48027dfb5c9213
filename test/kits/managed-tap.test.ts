import { describe, expect, it } from 'vitest';
import { PluginKits, SupportedNetworks, VirtualMachine, VmNetwork } from '../../src';
import { errorsOf, kitCluster, manifestsOf, one, registrations } from './support';

describe('PluginKits.managedTap', () => {
  for (const version of ['1.4', '1.9']) {
    it(`GIVEN kubevirt ${version} WHEN the kit runs THEN it registers managedTap and serves the pod network`, () => {
      const { chart, networking } = kitCluster(version);
      const kit = PluginKits.managedTap(chart, { networking, migratable: true });
      new VirtualMachine(chart, 'vm', { memory: '1Gi', interfaces: [kit.interface('default')] });
      const manifests = manifestsOf(chart);
      expect(manifests).toMatchSnapshot();
      expect(registrations(manifests)).toEqual({ 'managed-tap': { domainAttachmentType: 'managedTap', migration: {} } });
      expect(kit.networks).toBe(SupportedNetworks.BOTH);
      expect(one(manifests, 'VirtualMachine').spec.template.spec.networks).toEqual([{ name: 'default', pod: {} }]);
    });
  }

  it('GIVEN a bridge network WHEN the kit runs THEN a bridge-cni nad is created and an interface on it synthesizes', () => {
    const { chart, networking } = kitCluster('1.6');
    const kit = PluginKits.managedTap(chart, { networking, bridgeNetwork: { bridge: 'br10', ipam: { type: 'host-local', subnet: '10.1.1.0/24' } } });
    new VirtualMachine(chart, 'vm', { memory: '1Gi', interfaces: [kit.interface('mynet1', { network: VmNetwork.multus(kit.networkAttachmentDefinition!, { default: true }) })] });
    const manifests = manifestsOf(chart);
    const nad = one(manifests, 'NetworkAttachmentDefinition');
    expect(nad.metadata).toEqual({ name: 'managed-tap-br10', namespace: 'vms' });
    expect(JSON.parse(nad.spec.config)).toEqual({ cniVersion: '0.3.1', name: 'managed-tap-br10', type: 'bridge', bridge: 'br10', ipam: { type: 'host-local', subnet: '10.1.1.0/24' } });
    expect(one(manifests, 'VirtualMachine').spec.template.spec.networks).toEqual([{ name: 'mynet1', multus: { networkName: 'vms/managed-tap-br10', default: true } }]);
  });

  it('GIVEN kubevirt 1.3 WHEN the kit runs THEN the error names the plugin, the release and the fix', () => {
    const { chart, networking } = kitCluster('1.3');
    PluginKits.managedTap(chart, { networking });
    expect(errorsOf(chart)).toContain('[test/c/managed-tap] the managed-tap plugin needs kubevirt 1.4 or newer: kubevirt 1.3.0 has no domainAttachmentType managedTap (first in v1.4.0, kubevirt types.go const ManagedTap); set the cluster\'s version to 1.4 or newer, or use the macvtap kit (tap) on a multus network');
  });
});
