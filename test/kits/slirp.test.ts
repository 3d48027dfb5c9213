import { describe, expect, it } from 'vitest';
import { PluginKits, VirtualMachine, VmNetwork } from '../../src';
import { errorsOf, kitCluster, manifestsOf, registrations } from './support';

describe('PluginKits.slirp', () => {
  for (const version of ['1.1', '1.4.1', '1.9']) {
    it(`GIVEN kubevirt ${version} WHEN the kit runs with its defaults THEN it registers slirp with the release's sidecar and creates nothing else`, () => {
      const { chart, networking } = kitCluster(version);
      const kit = PluginKits.slirp(chart, { networking });
      const manifests = manifestsOf(chart);
      expect(manifests).toMatchSnapshot();
      const tag = version.split('.').length === 2 ? `v${version}.0` : `v${version}`;
      expect(registrations(manifests)).toEqual({ slirp: { sidecarImage: `quay.io/kubevirt/network-slirp-binding:${tag}` } });
      expect(manifests.map((m) => m.kind)).toEqual(['KubeVirt']);
      expect(kit.createdConstructs).toEqual([]);
    });
  }

  it('GIVEN an image of the user WHEN the kit runs THEN that image is registered', () => {
    const { chart, networking } = kitCluster('1.5');
    PluginKits.slirp(chart, { networking, sidecarImage: 'registry.example.org/slirp@sha256:' + 'a'.repeat(64) });
    expect(registrations(manifestsOf(chart))).toEqual({ slirp: { sidecarImage: 'registry.example.org/slirp@sha256:' + 'a'.repeat(64) } });
  });

  it('GIVEN a release the table does not list WHEN no image is given THEN the error asks for one', () => {
    const { chart, networking } = kitCluster('1.9.7');
    PluginKits.slirp(chart, { networking });
    expect(errorsOf(chart)).toContain('[test/c/slirp] props.sidecarImage: the slirp kit has no sidecar image for kubevirt 1.9.7: kubevirt 1.9.7 is not a release this library knows the images of (1.1.0 to 1.9.0); give sidecarImage, pinned to a tag or digest');
  });

  it('GIVEN a slirp interface on a multus network WHEN synthesized THEN the kit reports it', () => {
    const { chart, networking } = kitCluster('1.3');
    const kit = PluginKits.slirp(chart, { networking });
    new VirtualMachine(chart, 'vm', { memory: '1Gi', interfaces: [kit.interface('net', { network: VmNetwork.multus('br') })] });
    expect(errorsOf(chart)).toContain('[test/c/slirp] interface("net").network: the slirp plugin serves the pod network only on kubevirt 1.3, but the network is a multus network; use VmNetwork.pod() (the default of interface()), or a binding for multus networks such as bridge or macvtap');
  });
});
