// GIVEN sidecar images and DaemonSet container images WHEN linted THEN untagged, moving-tag and local-registry images
// are warnings (errors under strict), each naming the image, why, and the fix; a digest is pinned.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { imageProblems, isLocalRegistry, registryHost, sidecarImagePinned } from '../../src/rules/images';
import type { Manifest } from '../../src/rules/types';
import { kubevirtCr, ruleTable } from './harness';

const REG = (name: string) => `spec.configuration.network.binding.${name}`;
/** A DaemonSet with the given containers (and init containers). */
const daemonSet = (containers: unknown[], initContainers?: unknown[]): Manifest => ({
  apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'passt-binding-cni', namespace: 'kube-system' },
  spec: { selector: { matchLabels: { app: 'cni' } }, template: { metadata: { labels: { app: 'cni' } }, spec: { containers, ...(initContainers ? { initContainers } : {}) } } },
});

ruleTable(sidecarImagePinned, {
  valid: [
    { name: 'a date tag and a digest', manifests: [kubevirtCr({ a: { sidecarImage: 'quay.io/kubevirt/network-passt-binding:20231205_29a16d5c9' }, b: { sidecarImage: 'x/y@sha256:abc' } })] },
    { name: 'a digest after a moving tag', manifests: [kubevirtCr({ a: { sidecarImage: 'quay.io/kubevirt/network-slirp-binding:latest@sha256:0123' } })] },
    { name: 'a private registry by address and by dotted name', manifests: [kubevirtCr({ a: { sidecarImage: '10.0.0.5:5000/kubevirt/slirp:v1.4.0' }, b: { sidecarImage: 'registry.corp.example:5000/slirp:v1' } })] },
    { name: 'a DaemonSet installer with a release tag', manifests: [daemonSet([{ name: 'installer', image: 'quay.io/kubevirt/network-passt-binding-cni:v1.9.0' }])] },
    { name: 'a Deployment is not a node-side installer', manifests: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx' }] } } } }] },
    { name: 'a DaemonSet of another group', manifests: [{ ...daemonSet([{ name: 'c', image: 'nginx' }]), apiVersion: 'example.org/v1' }] },
    { name: 'a malformed DaemonSet', manifests: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { template: { spec: { containers: 'nginx' } } } }] },
  ],
  invalid: [
    { name: 'no tag and a local registry, and latest (warnings)', manifests: [kubevirtCr({ a: { sidecarImage: 'registry:5000/kubevirt/slirp' }, b: { sidecarImage: 'x/y:latest' } })], findings: [
      { severity: 'warning', path: `${REG('a')}.sidecarImage`, message: 'registration "a" sidecarImage "registry:5000/kubevirt/slirp" is not pinned: it has no tag, which pulls latest, so nodes may run different builds; it comes from the local registry registry:5000, which the cluster\'s other nodes cannot pull from; push it to a registry every node reaches and use a fixed tag or a digest (@sha256:...)' },
      { severity: 'warning', path: `${REG('b')}.sidecarImage`, message: 'registration "b" sidecarImage "x/y:latest" is not pinned: the tag latest moves, so nodes may run different builds; use a fixed tag or a digest (@sha256:...)' },
    ] },
    { name: 'devel with --strict (an error)', strict: true, manifests: [kubevirtCr({ a: { sidecarImage: 'x/y:devel' } })], findings: [{ severity: 'error', path: `${REG('a')}.sidecarImage`, message: /"x\/y:devel" is not pinned: the tag devel moves/ }] },
    { name: 'a pinned image in a local registry, by digest', manifests: [kubevirtCr({ a: { sidecarImage: 'localhost:5000/slirp@sha256:0123' } })], findings: [{ severity: 'warning', path: `${REG('a')}.sidecarImage`, message: 'registration "a" sidecarImage "localhost:5000/slirp@sha256:0123" is not pullable by every node: it comes from the local registry localhost:5000, which the cluster\'s other nodes cannot pull from; push it to a registry every node reaches and use a fixed tag or a digest (@sha256:...)' }] },
    {
      name: "kubevirt's own development DaemonSet of the passt binding CNI, and an untagged init container",
      manifests: [daemonSet([{ name: 'installer', image: 'registry:5000/kubevirt/network-passt-binding-cni:devel' }], [{ name: 'prep', image: 'busybox' }])],
      findings: [
        { severity: 'warning', path: 'spec.template.spec.containers[0].image', message: /^container "installer" image "registry:5000\/kubevirt\/network-passt-binding-cni:devel" is not pinned: the tag devel moves, so nodes may run different builds; it comes from the local registry registry:5000/ },
        { severity: 'warning', path: 'spec.template.spec.initContainers[0].image', message: 'init container "prep" image "busybox" is not pinned: it has no tag, which pulls latest, so nodes may run different builds; use a fixed tag or a digest (@sha256:...)' },
      ],
    },
    { name: 'a DaemonSet image under strict', strict: true, manifests: [daemonSet([{ name: 'i', image: 'example.local/cni:1' }])], findings: [{ severity: 'error', path: 'spec.template.spec.containers[0].image', message: /local registry example\.local/ }] },
  ],
});

describe('imageProblems', () => {
  it.each([
    ['quay.io/kubevirt/network-slirp-binding:v1.1.0', {}],
    ['quay.io/kubevirt/network-slirp-binding', { unpinned: 'no tag' }],
    ['network-slirp-binding:latest', { unpinned: 'the tag latest' }],
    ['localhost/slirp:1', { localRegistry: 'localhost' }],
    ['127.0.0.1:5000/slirp:1', { localRegistry: '127.0.0.1:5000' }],
    ['[::1]:5000/slirp:1', { localRegistry: '[::1]:5000' }],
    ['kind-registry:5001/slirp:1', { localRegistry: 'kind-registry:5001' }],
    ['nas.local/slirp:1', { localRegistry: 'nas.local' }],
    ['docker.io/library/busybox:1.36', {}],
    ['myorg/slirp:1', {}],
  ])('GIVEN %s WHEN checked THEN %j', (image, problems) => {
    expect(imageProblems(image)).toEqual(problems);
  });

  it('GIVEN any image with a sha256 digest WHEN checked THEN it is pinned', () => {
    fc.assert(fc.property(
      fc.stringMatching(/^[a-z0-9.:-]{1,20}\/[a-z0-9-]{1,20}(:[a-z0-9._-]{1,10})?$/), fc.stringMatching(/^[0-9a-f]{8,64}$/),
      (name, hex) => imageProblems(`${name}@sha256:${hex}`).unpinned === undefined,
    ));
  });

  it('GIVEN a dotted host that is not .local, loopback or localhost WHEN checked THEN it is not local', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}\.(io|com|org|net)(:[0-9]{2,5})?$/), (host) => {
      expect(registryHost(`${host}/x/y:1`)).toBe(host);
      return !isLocalRegistry(host);
    }));
  });
});
