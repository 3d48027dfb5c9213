import { describe, expect, it } from 'vitest';
import { BindingDownwardApi, BindingMigration, CniConfig, DomainAttachmentType, PluginKits, SupportedNetworks, VirtualMachine, VmNetwork } from '../../src';
import { errorsOf, kitCluster, manifestsOf, one, registrations } from './support';

describe('PluginKits.custom', () => {
  it('GIVEN all six registration fields, a cni and an installer on 1.9 WHEN the kit runs THEN each is written and the nad and daemonset are created', () => {
    const { chart, networking } = kitCluster('1.9');
    const kit = PluginKits.custom(chart, {
      networking,
      name: 'mynet',
      networks: SupportedNetworks.MULTUS,
      sidecarImage: 'registry.example.org/mynet-sidecar:v2.0.1',
      cni: CniConfig.plugin('1.0.0', { type: 'mynet-cni' }),
      domainAttachmentType: DomainAttachmentType.TAP,
      migration: BindingMigration.migratable(),
      downwardApi: BindingDownwardApi.DEVICE_INFO,
      memoryOverhead: '64Mi',
      cniInstaller: { image: 'registry.example.org/mynet-cni:v2.0.1', binaryPath: '/plugins/mynet-cni' },
    });
    new VirtualMachine(chart, 'vm', { memory: '1Gi', interfaces: [kit.interface('net')] });
    const manifests = manifestsOf(chart);
    expect(manifests).toMatchSnapshot();
    expect(registrations(manifests)).toEqual({
      mynet: {
        sidecarImage: 'registry.example.org/mynet-sidecar:v2.0.1',
        networkAttachmentDefinition: 'vms/mynet',
        domainAttachmentType: 'tap',
        migration: {},
        downwardAPI: 'device-info',
        computeResourceOverhead: { requests: { memory: '64Mi' } },
      },
    });
    expect(one(manifests, 'DaemonSet').metadata).toMatchObject({ name: 'mynet-cni-cni', namespace: 'kubevirt' });
    expect(one(manifests, 'VirtualMachine').spec.template.spec.networks).toEqual([{ name: 'net', multus: { networkName: 'vms/mynet' } }]);
  });

  it('GIVEN fields the release lacks WHEN the kit runs on 1.2 THEN the registration rules report them', () => {
    const { chart, networking } = kitCluster('1.2');
    PluginKits.custom(chart, { networking, name: 'mynet', networks: SupportedNetworks.POD, sidecarImage: 'r.example.org/s:v1', memoryOverhead: '64Mi' });
    expect(errorsOf(chart).join('\n')).toMatch(/addBinding\("mynet"\)\.memoryOverhead .*computeResourceOverhead/);
  });

  it('GIVEN both cni and networkAttachmentDefinition WHEN the kit runs THEN the error asks for one', () => {
    const { chart, networking } = kitCluster('1.6');
    PluginKits.custom(chart, { networking, name: 'x', networks: SupportedNetworks.BOTH, domainAttachmentType: DomainAttachmentType.TAP, cni: CniConfig.plugin('1.0.0', { type: 'x' }), networkAttachmentDefinition: 'default/x' });
    expect(errorsOf(chart)).toContain('[test/c/x] props.cni: the x kit got both cni (a nad to create) and networkAttachmentDefinition (one made elsewhere); give one of them');
  });

  it('GIVEN a pod-only plugin WHEN an interface is on a multus network THEN the kit reports it; a multus-only plugin without a nad needs a network', () => {
    const { chart, networking } = kitCluster('1.6');
    const pod = PluginKits.custom(chart, { networking, name: 'podonly', networks: SupportedNetworks.POD, sidecarImage: 'r.example.org/p:v1' });
    const multus = PluginKits.custom(chart, { networking, name: 'multusonly', networks: SupportedNetworks.MULTUS, domainAttachmentType: DomainAttachmentType.TAP });
    pod.interface('a', { network: VmNetwork.multus('n') });
    multus.interface('b');
    const errors = errorsOf(chart);
    expect(errors).toContain('[test/c/podonly] interface("a").network: the podonly plugin serves the pod network only on kubevirt 1.6, but the network is a multus network; use VmNetwork.pod() (the default of interface()), or a binding for multus networks such as bridge or macvtap');
    expect(errors).toContain('[test/c/multusonly] interface("b").network: the multusonly plugin serves multus networks only and the kit has no nad to default to; give network: VmNetwork.multus(<nad>)');
  });

  it('GIVEN no networks WHEN the kit runs THEN the shape error names the prop', () => {
    const { chart, networking } = kitCluster('1.6');
    PluginKits.custom(chart, { networking, name: 'x', sidecarImage: 'r.example.org/p:v1' } as any);
    expect(errorsOf(chart)).toContain('[test/c/x] props.networks: expected SupportedNetworks.POD, SupportedNetworks.MULTUS or SupportedNetworks.BOTH; got nothing');
  });
});

describe('kits given hostile props', () => {
  it('GIVEN null, a number or an array as props WHEN each kit runs THEN synth reports errors and nothing throws', () => {
    for (const bad of [null, undefined, 42, [], { networking: null }]) {
      const { chart } = kitCluster('1.6');
      expect(() => {
        PluginKits.passt(chart, bad as any);
        PluginKits.slirp(chart, bad as any);
        PluginKits.macvtap(chart, bad as any);
        PluginKits.managedTap(chart, bad as any);
        PluginKits.custom(chart, bad as any);
      }).not.toThrow();
      const errors = errorsOf(chart);
      for (const kit of ['passt', 'slirp', 'macvtap', 'managed-tap', 'custom']) {
        expect(errors.some((e) => e.startsWith(`[test/c/${kit}] `)), `${String(JSON.stringify(bad))} ${kit}`).toBe(true);
      }
    }
  });
});
