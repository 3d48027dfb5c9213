/**
 * Images the cluster pulls for the plugins: registration sidecar images, and the containers of DaemonSets among the
 * inputs (the node-side CNI installers, such as the passt binding CNI's; kubevirt
 * cmd/cniplugins/passt-binding/passt-binding-ds.yaml@v1.9.0; user guide docs/network/net_binding_plugins/passt.md).
 *
 * An image is reported when it is not pinned, or comes from a registry only one machine can reach:
 * - no tag and no digest: the runtime pulls `latest` (the image reference grammar of
 *   distribution/reference reference.go; kubernetes pkg/kubelet/images: `:latest` when no tag is given);
 * - the tags `latest` and `devel`, which move (the user guide's examples use date or release tags; reviewers asked to
 *   drop `registry:5000/...:devel`, kubevirt/user-guide PR #742);
 * - a local registry: `localhost` or a loopback address (127.0.0.0/8, `[::1]`), an mDNS name (`*.local`), or a
 *   single-label host with a port (`registry:5000`, `kind-registry:5001`: a name that resolves only on one machine or
 *   one development cluster's network, as kubevirt's own development registry `registry:5000`, hack/generate.sh@v1.9.0:233, which its
 *   cmd/cniplugins/passt-binding/passt-binding-ds.yaml@v1.9.0:29 pulls `network-passt-binding-cni:devel` from). Private addresses (10.0.0.0/8, 192.168.0.0/16) and dotted names are real registries
 *   and are not reported. A digest does not make a local registry reachable, so it is reported with a digest too.
 *
 * A digest (`@sha256:...`) is pinned whatever the tag.
 */
import type { Entry, Rule } from './types';
import { dig, isObject, join, list, obj, str } from './util';

/** Tags that move (this library's choice; see the file comment). */
export const MOVING_TAGS: readonly string[] = ['latest', 'devel'];

/** What is wrong with an image reference; empty when it is pinned and pullable by every node. */
export interface ImageProblems {
  /** `no tag` or the moving tag, when the image is not pinned. */
  readonly unpinned?: string;
  /** The registry host, when it is a local one. */
  readonly localRegistry?: string;
}

/** The registry host of an image reference, when it names one (Docker's rule: a first element with `.` or `:`, or `localhost`). */
export function registryHost(image: string): string | undefined {
  const slash = image.indexOf('/');
  if (slash < 0) return undefined;
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : undefined;
}

/** True for a host only one machine or one development network can reach (see the file comment). */
export function isLocalRegistry(host: string): boolean {
  const lower = host.toLowerCase();
  // the host without its port ([::1]:5000 keeps its brackets)
  const name = lower.startsWith('[') ? lower.slice(0, lower.indexOf(']') + 1) : lower.replace(/:[0-9]*$/, '');
  const hasPort = name.length < lower.length;
  if (name === 'localhost' || name === '[::1]' || name === '0.0.0.0') return true;
  if (/^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$/.test(name)) return true;
  if (name.endsWith('.local')) return true;
  return hasPort && !name.includes('.') && !name.startsWith('[');
}

/** The problems of one image reference (see the file comment). */
export function imageProblems(image: string): ImageProblems {
  const at = image.indexOf('@');
  const digested = at >= 0 && image.slice(at + 1).startsWith('sha256:');
  const name = at >= 0 ? image.slice(0, at) : image;
  const last = name.slice(name.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  const tag = colon < 0 ? '' : last.slice(colon + 1);
  const host = registryHost(name);
  const out: { unpinned?: string; localRegistry?: string } = {};
  if (!digested) {
    if (tag === '') out.unpinned = 'no tag';
    else if (MOVING_TAGS.includes(tag)) out.unpinned = `the tag ${tag}`;
  }
  if (host !== undefined && isLocalRegistry(host)) out.localRegistry = host;
  return out;
}

/** The message of an image with problems, or undefined when it has none. */
function describe(what: string, image: string): string | undefined {
  const p = imageProblems(image);
  if (!p.unpinned && !p.localRegistry) return undefined;
  const why: string[] = [];
  if (p.unpinned) why.push(p.unpinned === 'no tag' ? 'it has no tag, which pulls latest, so nodes may run different builds' : `${p.unpinned} moves, so nodes may run different builds`);
  if (p.localRegistry) why.push(`it comes from the local registry ${p.localRegistry}, which the cluster's other nodes cannot pull from`);
  const fix = p.localRegistry
    ? 'push it to a registry every node reaches and use a fixed tag or a digest (@sha256:...)'
    : 'use a fixed tag or a digest (@sha256:...)';
  return `${what} "${image}" is ${p.unpinned ? 'not pinned' : 'not pullable by every node'}: ${why.join('; ')}; ${fix}`;
}

/** Where a DaemonSet's pod spec lists containers. */
const CONTAINER_LISTS = ['initContainers', 'containers'] as const;

const isDaemonSet = (e: Entry) => e.ref.kind === 'DaemonSet' && e.group === 'apps';

/**
 * Policy: images should be pinned and pullable by every node, so every node runs the same plugin build. Registration
 * sidecar images, and the containers of DaemonSets (the CNI installers of binding plugins and macvtap).
 */
export const sidecarImagePinned: Rule = {
  meta: {
    id: 'sidecar-image-pinned',
    severity: 'warning',
    policy: true,
    versions: 'all',
    description: "A registration's sidecarImage, or a container image of a DaemonSet (a node-side CNI installer), has no tag or a moving tag (latest, devel), or comes from a local registry (localhost, 127.0.0.1, `*.local`, a single-label host with a port such as `registry:5000`): nodes may run different builds, or cannot pull it. A digest (`@sha256:`) is pinned.",
    source: 'user guide docs/network/network_binding_plugins.md "Sidecar image"; kubevirt/user-guide PR #742; kubevirt cmd/cniplugins/passt-binding/passt-binding-ds.yaml@v1.9.0; hack/generate.sh@v1.9.0:233 (registry:5000)',
    history: [
      {
        since: '1.1',
        behaviour: 'house policy: KubeVirt passes sidecarImage to the launcher pod as it is, at every release (netbinding.go adds it with the '
          + 'cluster\'s imagePullPolicy), and a DaemonSet pulls what it names on each node, so a moving tag can differ between nodes and a '
          + 'local registry is not reachable from them; no change 1.1-1.9',
        source: 'kubevirt pkg/network/netbinding/netbinding.go@v1.1.0:68-75; pkg/network/netbinding/netbinding.go@v1.9.0:61',
      },
    ],
  },
  check(ctx) {
    for (const regs of ctx.cluster.registrations.values()) {
      for (const reg of regs) {
        if (reg.implicit) continue;
        const image = str(dig(reg.value, 'sidecarImage'));
        // an empty image is registration-value's finding
        if (!image) continue;
        const message = describe(`registration "${reg.name}" sidecarImage`, image);
        if (message) ctx.report(reg.owner, join(reg.path, 'sidecarImage'), message);
      }
    }
    for (const ds of ctx.byKind('DaemonSet')) {
      if (!isDaemonSet(ds)) continue;
      const podSpec = obj(dig(ds.manifest, 'spec', 'template', 'spec'));
      if (!podSpec) continue;
      for (const key of CONTAINER_LISTS) {
        const containers = list(podSpec[key]);
        for (let i = 0; i < containers.length; i++) {
          const c = containers[i];
          const image = isObject(c) ? str(c.image) : undefined;
          if (!image) continue;
          const name = str((c as Record<string, unknown>).name);
          const message = describe(`${key === 'containers' ? 'container' : 'init container'}${name !== undefined ? ` ${JSON.stringify(name)}` : ` ${i}`} image`, image);
          if (message) ctx.report(ds, join('spec.template.spec', key, i, 'image'), message);
        }
      }
    }
  },
};

export const IMAGE_RULES: readonly Rule[] = [sidecarImagePinned];
