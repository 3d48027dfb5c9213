import { describe, expect, it } from 'vitest';
import { BindingMigration, ClusterTarget, PluginKits, VirtualMachine, VmNetwork } from '../../src';
import { errorsOf, kitCluster, manifestsOf, one, registrations, warningsOf } from './support';

describe('PluginKits.passt', () => {
  // GIVEN each release the plugin exists in WHEN the kit is synthesized with its defaults THEN the manifests are
  // the release's (snapshot) and the key fields are exact
  for (const version of ['1.6', '1.7.4', '1.8', '1.9']) {
    it(`GIVEN kubevirt ${version} WHEN the kit runs with its defaults THEN it registers passt, creates the nad and the cni installer with the release's images`, () => {
      const { chart, networking } = kitCluster(version);
      const kit = PluginKits.passt(chart, { networking });
      const manifests = manifestsOf(chart);
      expect(manifests).toMatchSnapshot();
      const tag = version.split('.').length === 2 ? `v${version}.0` : `v${version}`;
      expect(registrations(manifests)).toEqual({
        passt: {
          sidecarImage: `quay.io/kubevirt/network-passt-binding:${tag}`,
          networkAttachmentDefinition: 'vms/netbindingpasst',
          migration: {},
          computeResourceOverhead: { requests: { memory: '250Mi' } },
        },
      });
      expect(JSON.parse(one(manifests, 'NetworkAttachmentDefinition').spec.config)).toEqual({
        cniVersion: '1.0.0', name: 'netbindingpasst', plugins: [{ type: 'kubevirt-passt-binding' }],
      });
      const ds = one(manifests, 'DaemonSet', 'passt-binding-cni');
      expect(ds.metadata.namespace).toBe('kubevirt');
      expect(ds.spec.template.spec.containers[0].image).toBe(`quay.io/kubevirt/network-passt-binding-cni:${tag}`);
      expect(ds.spec.template.spec.containers[0].env).toContainEqual({ name: 'CNI_NAME', value: 'kubevirt-passt-binding' });
      expect(kit.binding.name).toBe('passt');
      expect(kit.createdConstructs.map((c) => c.node.path)).toEqual(['test/c/passt/Nad', 'test/c/passt/Installer']);
    });
  }

  it('GIVEN kubevirt 1.1.1 WHEN the kit runs with a cni image of the user THEN the registration has only the fields 1.1.1 has', () => {
    const { chart, networking } = kitCluster('1.1.1');
    PluginKits.passt(chart, { networking, cniImage: 'registry.example.org/passt-cni:v1.1.1' });
    const manifests = manifestsOf(chart);
    expect(manifests).toMatchSnapshot();
    expect(registrations(manifests)).toEqual({
      passt: { sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.1.1', networkAttachmentDefinition: 'vms/netbindingpasst' },
    });
    expect(one(manifests, 'KubeVirt').spec.configuration.developerConfiguration.featureGates).toEqual(['NetworkBindingPlugins']);
    expect(one(manifests, 'DaemonSet').spec.template.spec.containers[0].image).toBe('registry.example.org/passt-cni:v1.1.1');
  });

  it('GIVEN kubevirt 1.4 WHEN installCni is false THEN no installer is created and the rest is as on 1.6', () => {
    const { chart, networking } = kitCluster('1.4');
    const kit = PluginKits.passt(chart, { networking, installCni: false, migration: BindingMigration.linkRefresh(), memoryOverhead: '500Mi' });
    const manifests = manifestsOf(chart);
    expect(manifests.map((m) => m.kind)).toEqual(['KubeVirt', 'NetworkAttachmentDefinition']);
    expect(kit.installer).toBeUndefined();
    expect(registrations(manifests).passt).toEqual({
      sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.4.0',
      networkAttachmentDefinition: 'vms/netbindingpasst',
      migration: { method: 'link-refresh' },
      computeResourceOverhead: { requests: { memory: '500Mi' } },
    });
  });

  it('GIVEN a chart without a namespace and an hco target WHEN the kit runs THEN the nad goes to default and the installer to hco\'s namespace', () => {
    const { chart, networking } = kitCluster('1.6', { target: ClusterTarget.HCO_V1BETA1 }, null);
    PluginKits.passt(chart, { networking, installer: { privileged: true } });
    const manifests = manifestsOf(chart);
    expect(one(manifests, 'NetworkAttachmentDefinition').metadata.namespace).toBe('default');
    expect(one(manifests, 'HyperConverged').spec.networkBinding.passt.networkAttachmentDefinition).toBe('default/netbindingpasst');
    const ds = one(manifests, 'DaemonSet');
    expect(ds.metadata.namespace).toBe('kubevirt-hyperconverged');
    expect(ds.spec.template.spec.containers[0].securityContext).toEqual({ privileged: true, allowPrivilegeEscalation: true });
    // and the kit warns that hco can deploy passt itself
    expect(warningsOf(chart)).toContain('[test/c/passt] under hco, the HyperConverged CR\'s annotation hco.kubevirt.io/deployPasstNetworkBinding: "true" makes hco deploy the passt plugin itself (its cni daemonset, nad and registration "passt"); keep that annotation off while this kit manages passt, or drop the kit and use the annotation');
  });

  it('GIVEN an hco target on 1.8 WHEN the kit runs THEN the one advice toward the core binding names hco\'s way to switch the gate on', () => {
    const { chart, networking } = kitCluster('1.8', { target: ClusterTarget.HCO_V1 });
    PluginKits.passt(chart, { networking });
    manifestsOf(chart);
    // the rule passt-plugin-superseded on the registration the kit wrote; the kit adds none of its own
    expect(warningsOf(chart).filter((w) => /replaced in kubevirt 1\.8|replaces the passt binding plugin/.test(w))).toEqual([
      expect.stringContaining('gate PasstBinding, beta: set the annotation hco.kubevirt.io/deployPasstNetworkBinding: "true" on the HyperConverged CR)'),
    ]);
  });

  it('GIVEN kubevirt 1.8 and 1.9 WHEN the kit runs THEN one warning advises the core passt binding with the gate\'s state; none before', () => {
    const expectations: Array<[string, RegExp | undefined]> = [
      ['1.7', undefined],
      ['1.8', /^\[test\/c\/kv\] .*registration "passt" uses the passt binding plugin, replaced in kubevirt 1\.8 by the core binding; use interfaces\[\]\.passtBinding: \{\} instead \(gate PasstBinding, beta: list it in featureGates\), then drop the registration, its nad and the passt cni daemonset/],
      ['1.9', /^\[test\/c\/kv\] .*replaced in kubevirt 1\.8 by the core binding; use interfaces\[\]\.passtBinding: \{\} instead \(its gate PasstBinding is on by default\)/],
    ];
    for (const [version, advice] of expectations) {
      const { chart, networking } = kitCluster(version);
      PluginKits.passt(chart, { networking });
      manifestsOf(chart);
      const found = warningsOf(chart).filter((w) => /replaced in kubevirt 1\.8|replaces the passt binding plugin/.test(w));
      if (advice) expect(found).toEqual([expect.stringMatching(advice)]);
      else expect(found).toEqual([]);
    }
  });


  it('GIVEN kubevirt 1.1.0 WHEN the kit runs THEN the synth error names the plugin, the release and the fix', () => {
    const { chart, networking } = kitCluster('1.1');
    PluginKits.passt(chart, { networking });
    expect(errorsOf(chart)).toEqual([
      '[test/c/passt] the passt plugin needs kubevirt 1.1.1 or newer: kubevirt 1.1.0 ships no passt sidecar or cni (both first in v1.1.1, cmd/sidecars/network-passt-binding and cmd/cniplugins/passt-binding); set the cluster\'s version to 1.1.1 or newer, or use the slirp kit',
    ]);
  });

  it('GIVEN kubevirt 1.5 WHEN no cni image is given THEN the synth error says kubevirt publishes none before 1.6 and what to give', () => {
    const { chart, networking } = kitCluster('1.5.3');
    PluginKits.passt(chart, { networking });
    expect(errorsOf(chart)).toEqual([
      '[test/c/passt] props.cniImage: the passt kit has no cni image for kubevirt 1.5.3: kubevirt publishes the passt binding CNI binary at /cni/kubevirt-passt-binding (busybox based) (quay.io/kubevirt/network-passt-binding-cni) from v1.6.0 on, not for 1.5.3; give cniImage, an image holding the kubevirt-passt-binding binary (a kubevirt release asset before 1.6), or installCni: false when the binary is on the nodes already',
    ]);
  });

  it('GIVEN a patch release the image table does not list WHEN no images are given THEN both images are asked for', () => {
    const { chart, networking } = kitCluster('1.6.9');
    PluginKits.passt(chart, { networking });
    const errors = errorsOf(chart);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^\[test\/c\/passt\] props\.sidecarImage: the passt kit has no sidecar image for kubevirt 1\.6\.9: kubevirt 1\.6\.9 is not a release this library knows the images of \(1\.1\.0 to 1\.9\.0\); give sidecarImage/);
    expect(errors[1]).toMatch(/^\[test\/c\/passt\] props\.cniImage: the passt kit has no cni image for kubevirt 1\.6\.9/);
  });

  it('GIVEN the kit\'s binding on a multus network WHEN synthesized THEN the kit reports it, naming the plugin, the release and the fix', () => {
    const { chart, networking } = kitCluster('1.6');
    const kit = PluginKits.passt(chart, { networking });
    new VirtualMachine(chart, 'vm', { memory: '1Gi', interfaces: [kit.interface('net', { network: VmNetwork.multus('vms/some-bridge') })] });
    const errors = errorsOf(chart).filter((e) => e.startsWith('[test/c/passt]'));
    expect(errors).toEqual([
      '[test/c/passt] interface("net").network: the passt plugin serves the pod network only on kubevirt 1.6, but the network is a multus network; use VmNetwork.pod() (the default of interface()), or a binding for multus networks such as bridge or macvtap',
    ]);
  });

  it('GIVEN the kit\'s interface() on the pod network WHEN a VM uses it THEN the app synthesizes with no error', () => {
    const { chart, networking } = kitCluster('1.6');
    const kit = PluginKits.passt(chart, { networking });
    new VirtualMachine(chart, 'vm', { memory: '1Gi', interfaces: [kit.interface('net', { ports: [{ port: 80 }] })] });
    const vm = one(manifestsOf(chart), 'VirtualMachine');
    expect(vm.spec.template.spec.domain.devices.interfaces).toEqual([{ name: 'net', binding: { name: 'passt' }, ports: [{ port: 80 }] }]);
    expect(vm.spec.template.spec.networks).toEqual([{ name: 'net', pod: {} }]);
  });

  it('GIVEN networking that is not a KubeVirtNetworking WHEN the kit runs THEN the error says what it takes', () => {
    const { chart } = kitCluster('1.6');
    PluginKits.passt(chart, { networking: 'kubevirt' as any, installCni: false });
    expect(errorsOf(chart)).toContain('[test/c/passt] props.networking: the passt kit registers its binding in a KubeVirtNetworking (the cluster\'s KubeVirt or HyperConverged CR); got "kubevirt"');
  });
});
