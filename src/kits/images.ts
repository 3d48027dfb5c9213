/**
 * The container images KubeVirt publishes for its binding plugins, per release.
 *
 * How KubeVirt publishes them: the release job (kubevirt automation/release.sh@v1.1.0:43, the same line at every tag
 * through @v1.9.0:46) runs `make bazel-push-images` for the release tag with `QUAY_REPOSITORY="kubevirt"`, which pushes
 * every target listed in hack/bazel-push-images.sh as `<prefix>/<target>:<tag>`; from v1.7.0 BUILD.bazel names the
 * repositories in full (`quay.io/kubevirt/network-slirp-binding`, BUILD.bazel@v1.7.0:267-281). The user guide shows
 * the same names: `quay.io/kubevirt/network-slirp-binding:v1.1.0` (docs/network/net_binding_plugins/slirp.md),
 * `quay.io/kubevirt/network-passt-binding:v1.6.0` and `quay.io/kubevirt/network-passt-binding-cni:v1.6.0`
 * (docs/network/net_binding_plugins/passt.md).
 *
 * Which tag lists which target (hack/bazel-push-images.sh, read at every release tag v1.1.0 to v1.9.0):
 * - `network-slirp-binding`: every tag from v1.1.0 (@v1.1.0:53, @v1.9.0:69);
 * - `network-passt-binding`: from v1.1.1 (@v1.1.1:54, @v1.9.0:70; not at v1.1.0, which has no passt sidecar in
 *   cmd/sidecars);
 * - `network-passt-binding-cni`: from v1.6.0 (@v1.6.0:61, @v1.9.0:71; BUILD.bazel@v1.6.0:397-401). Before v1.6 the
 *   CNI binary is only a release asset (automation/release.sh@v1.4.0:73 uploads `_out/cmd/cniplugins/*`), so an image
 *   holding it must be built by the user (user guide passt.md "prior to v1.6.0").
 * The targets are pushed for every architecture but s390x (hack/bazel-push-images.sh@v1.4.0:38-63, the `case` on
 * `ARCHITECTURE`).
 *
 * Tags, not digests: digests cannot be read from KubeVirt's repository, and release tags are what KubeVirt's own
 * documents use. A release this table does not list (a patch release newer than it) has no default: the kits ask
 * for the image instead of guessing one.
 */
import { KubeVirtVersion } from '../version';

/** The KubeVirt release tags this table was read at (every `vX.Y.Z` tag from v1.1.0 to v1.9.0). */
export const KUBEVIRT_RELEASE_TAGS: readonly string[] = [
  '1.1.0', '1.1.1',
  '1.2.0', '1.2.1', '1.2.2',
  '1.3.0', '1.3.1',
  '1.4.0', '1.4.1',
  '1.5.0', '1.5.1', '1.5.2', '1.5.3',
  '1.6.0', '1.6.1', '1.6.2', '1.6.3', '1.6.4', '1.6.5', '1.6.6',
  '1.7.0', '1.7.1', '1.7.2', '1.7.3', '1.7.4',
  '1.8.0', '1.8.1', '1.8.2', '1.8.3', '1.8.4',
  '1.9.0',
];

/** One image KubeVirt publishes for a binding plugin. */
export interface UpstreamImage {
  /** The repository, without tag. */
  readonly repository: string;
  /** The first release that publishes it. */
  readonly since: KubeVirtVersion;
  /** What it holds. */
  readonly description: string;
  /** Where KubeVirt says so. */
  readonly source: string;
}

/** The images by short name. */
export const UPSTREAM_IMAGES = {
  slirpSidecar: {
    repository: 'quay.io/kubevirt/network-slirp-binding',
    since: KubeVirtVersion.of('1.1.0'),
    description: 'the slirp binding sidecar',
    source: 'kubevirt hack/bazel-push-images.sh@v1.1.0:53 (network-slirp-binding), BUILD.bazel@v1.9.0:298-300',
  },
  passtSidecar: {
    repository: 'quay.io/kubevirt/network-passt-binding',
    since: KubeVirtVersion.of('1.1.1'),
    description: 'the passt binding sidecar',
    source: 'kubevirt hack/bazel-push-images.sh@v1.1.1:54 (network-passt-binding), BUILD.bazel@v1.9.0:304-306',
  },
  passtCni: {
    repository: 'quay.io/kubevirt/network-passt-binding-cni',
    since: KubeVirtVersion.of('1.6.0'),
    description: 'the passt binding CNI binary at /cni/kubevirt-passt-binding (busybox based)',
    source: 'kubevirt hack/bazel-push-images.sh@v1.6.0:61 (network-passt-binding-cni), cmd/cniplugins/passt-binding/cmd/BUILD.bazel@v1.9.0 (pkg_tar package_dir /cni, base @busybox)',
  },
} as const satisfies Record<string, UpstreamImage>;

/** The short names of the upstream images. */
export type UpstreamImageName = keyof typeof UPSTREAM_IMAGES;

/** `1.4.0` for 1.4 (`KubeVirtVersion.toString()` leaves a zero patch out). */
export function fullVersion(v: KubeVirtVersion): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

/**
 * The pinned image KubeVirt published for `release`, or undefined when it published none for that release (before
 * the image's first release, or a release this table does not list).
 */
export function upstreamImage(name: UpstreamImageName, release: KubeVirtVersion): string | undefined {
  const image = UPSTREAM_IMAGES[name];
  const tag = fullVersion(release);
  if (release.isOlderThan(image.since) || !KUBEVIRT_RELEASE_TAGS.includes(tag)) return undefined;
  return `${image.repository}:v${tag}`;
}

/** Why there is no upstream image for `release`, for messages. */
export function whyNoUpstreamImage(name: UpstreamImageName, release: KubeVirtVersion): string {
  const image = UPSTREAM_IMAGES[name];
  if (release.isOlderThan(image.since)) {
    return `kubevirt publishes ${image.description} (${image.repository}) from v${fullVersion(image.since)} on, not for ${fullVersion(release)}`;
  }
  return `kubevirt ${fullVersion(release)} is not a release this library knows the images of (${KUBEVIRT_RELEASE_TAGS[0]} to ${KUBEVIRT_RELEASE_TAGS[KUBEVIRT_RELEASE_TAGS.length - 1]})`;
}

/** One row of the image table: a release and the images published for it. */
export interface ImageTableRow {
  readonly release: string;
  readonly slirpSidecar?: string;
  readonly passtSidecar?: string;
  readonly passtCni?: string;
}

/** The whole table, one row per release tag, oldest first (for documentation and review). */
export function upstreamImageTable(): ImageTableRow[] {
  return KUBEVIRT_RELEASE_TAGS.map((tag) => {
    const v = KubeVirtVersion.of(tag);
    return {
      release: tag,
      slirpSidecar: upstreamImage('slirpSidecar', v),
      passtSidecar: upstreamImage('passtSidecar', v),
      passtCni: upstreamImage('passtCni', v),
    };
  });
}
