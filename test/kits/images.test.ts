import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KUBEVIRT_RELEASE_TAGS, KubeVirtVersion, upstreamImage, upstreamImageTable } from '../../src';

describe('upstream images', () => {
  it('GIVEN the table WHEN read at each image\'s first release and just before THEN it starts where kubevirt\'s push list does', () => {
    // kubevirt hack/bazel-push-images.sh: slirp from v1.1.0, passt sidecar from v1.1.1, passt cni from v1.6.0
    const rows = upstreamImageTable();
    expect(rows.find((r) => r.release === '1.1.0')).toEqual({
      release: '1.1.0', slirpSidecar: 'quay.io/kubevirt/network-slirp-binding:v1.1.0', passtSidecar: undefined, passtCni: undefined,
    });
    expect(rows.find((r) => r.release === '1.1.1')?.passtSidecar).toBe('quay.io/kubevirt/network-passt-binding:v1.1.1');
    expect(rows.find((r) => r.release === '1.5.3')?.passtCni).toBeUndefined();
    expect(rows.find((r) => r.release === '1.6.0')).toEqual({
      release: '1.6.0',
      slirpSidecar: 'quay.io/kubevirt/network-slirp-binding:v1.6.0',
      passtSidecar: 'quay.io/kubevirt/network-passt-binding:v1.6.0',
      passtCni: 'quay.io/kubevirt/network-passt-binding-cni:v1.6.0',
    });
    expect(rows.map((r) => r.release)).toEqual(KUBEVIRT_RELEASE_TAGS);
    expect(rows).toHaveLength(31);
  });

  it('GIVEN 1.4 spelled without a patch WHEN looked up THEN the tag is the full v1.4.0', () => {
    expect(upstreamImage('slirpSidecar', KubeVirtVersion.of('1.4'))).toBe('quay.io/kubevirt/network-slirp-binding:v1.4.0');
  });

  it('GIVEN any release in the supported range WHEN looked up THEN an image is given only for a listed tag, pinned to exactly that tag', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 999 }), (minor, patch) => {
      const v = KubeVirtVersion.of(`1.${minor}.${patch}`);
      const listed = KUBEVIRT_RELEASE_TAGS.includes(`1.${minor}.${patch}`);
      for (const name of ['slirpSidecar', 'passtSidecar', 'passtCni'] as const) {
        const image = upstreamImage(name, v);
        if (image !== undefined) {
          expect(listed).toBe(true);
          expect(image.endsWith(`:v1.${minor}.${patch}`)).toBe(true);
        }
      }
      // slirp is published for every listed release
      expect(upstreamImage('slirpSidecar', v) !== undefined).toBe(listed);
    }));
  });
});
