/**
 * Where KubeVirt's own binding plugin sidecars work. KubeVirt ships two plugins as sidecar images,
 * `network-slirp-binding` (from v1.1.0) and `network-passt-binding` (from v1.2.0). Each sidecar configures one
 * interface: the one on the VMI's pod network (`vmispec.LookupPodNetwork`), and only when that interface's binding
 * has the plugin's own name; otherwise the sidecar fails and the VM does not start:
 * - kubevirt cmd/sidecars/network-slirp-binding/domain/domain.go@v1.4.0:37,46-59 (`SlirpPluginName` "slirp", `pod
 *   network not found`, `iface %q is not set with slirp network binding plugin`; the same @v1.1.0), README.md@v1.4.0:9-10
 *   ("supported for pod network interfaces only");
 * - kubevirt cmd/sidecars/network-passt-binding/domain/configurator.go@v1.4.0:58,64-73 (`PasstPluginName` "passt",
 *   the same checks; from v1.2.0, where they are at :51-66), README.md@v1.4.0:9-10.
 * The sidecar is known by its image: the last element of the image's repository path.
 */
import type { Registration, Rule } from './types';
import { REGISTRATION_VALUES } from '../version';
import { isObject, join, list, str } from './util';

/** KubeVirt's plugin sidecars by image name, with the binding name each answers to. */
const SIDECARS: Readonly<Record<string, { readonly plugin: string; readonly name: string }>> = {
  'network-slirp-binding': { plugin: 'slirp', name: 'slirp' },
  'network-passt-binding': { plugin: 'passt', name: 'passt' },
};

/** The image name of `image`: its repository's last path element, without tag or digest. */
export function imageName(image: string): string {
  const noDigest = image.split('@')[0];
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon < 0 ? last : last.slice(0, colon);
}

/** KubeVirt's sidecar a registration runs, when it runs one. */
function sidecarOf(reg: Registration): { plugin: string; name: string; image: string } | undefined {
  const image = isObject(reg.value) ? str(reg.value.sidecarImage) : undefined;
  if (image === undefined) return undefined;
  const known = Object.prototype.hasOwnProperty.call(SIDECARS, imageName(image)) ? SIDECARS[imageName(image)] : undefined;
  return known ? { ...known, image } : undefined;
}

export const pluginNetwork: Rule = {
  meta: {
    id: 'plugin-network',
    severity: 'error',
    versions: 'all',
    description: "KubeVirt's slirp and passt plugin sidecars configure only the interface on the pod network, and only when its binding has the plugin's own name (`slirp`, `passt`). An interface of theirs on a Multus network, or a registration under another name, makes the sidecar fail and the VM not start.",
    source: 'kubevirt cmd/sidecars/network-slirp-binding/domain/domain.go@v1.4.0:37,46-59; cmd/sidecars/network-passt-binding/domain/configurator.go@v1.4.0:58,64-73; README.md of each',
  },
  check(ctx) {
    // the sidecar each binding name runs (the first registration of a name is the one KubeVirt reads)
    const byName = new Map<string, { plugin: string; name: string; image: string }>();
    for (const [name, regs] of ctx.cluster.registrations) {
      const reg = regs.find((r) => !r.implicit);
      const sidecar = reg ? sidecarOf(reg) : undefined;
      if (!reg || !sidecar) continue;
      byName.set(name, sidecar);
      if (name !== sidecar.name) {
        ctx.report(reg.owner, join(reg.path, 'sidecarImage'), `registration "${name}" runs kubevirt's ${sidecar.plugin} sidecar (${sidecar.image}), which configures only an interface whose binding is named "${sidecar.name}"; register it as "${sidecar.name}" and name that binding in the VMs (kubevirt: iface is not set with ${sidecar.plugin} network binding plugin)`);
      }
    }
    if (byName.size === 0) return;
    for (const view of ctx.vmiSpecs) {
      const domain = view.spec.domain;
      const devices = isObject(domain) ? domain.devices : undefined;
      const ifaces = list(isObject(devices) ? devices.interfaces : undefined);
      const nets = list(view.spec.networks);
      for (let i = 0; i < ifaces.length; i++) {
        const iface = ifaces[i];
        if (!isObject(iface) || !isObject(iface.binding)) continue;
        const bindingName = str(iface.binding.name);
        const sidecar = bindingName !== undefined ? byName.get(bindingName) : undefined;
        if (!sidecar) continue;
        const ifaceName = str(iface.name);
        // an interface without a name is vmi-structure's finding
        if (ifaceName === undefined) continue;
        const net = nets.find((n) => isObject(n) && str(n.name) === ifaceName);
        // an interface without a network of its name is vmi-structure's finding
        if (!isObject(net) || isObject(net.pod)) continue;
        const kind = isObject(net.multus) ? 'a multus network' : 'not the pod network';
        // what the sidecar says: no pod network at all, or the pod network's interface is not its own
        const pod = nets.find((n) => isObject(n) && isObject(n.pod));
        const says = pod === undefined ? 'pod network not found' : `iface ${JSON.stringify(str((pod as Record<string, unknown>).name) ?? '')} is not set with ${sidecar.plugin} network binding plugin`;
        ctx.report(view.entry, join(view.path, 'domain', 'devices', 'interfaces', i, 'binding'), `interface "${ifaceName}" uses binding "${bindingName}", kubevirt's ${sidecar.plugin} sidecar (${sidecar.image}), which serves the pod network only, but network "${ifaceName}" is ${kind}; put the interface on the pod network (pod: {}), or use a binding for secondary networks (bridge, or a tap plugin such as macvtap) (kubevirt: ${says})`);
      }
    }
  },
};

/**
 * A binding plugin's interface gets a device in the domain only from its sidecar, or from KubeVirt itself when the
 * registration's domainAttachmentType is `tap` (`managedTap` is handled as `tap`): kubevirt
 * pkg/virt-launcher/virtwrap/converter/network.go@v1.4.0:51-53 skips every other binding interface (@v1.1.0:55 skips
 * every binding interface, before domainAttachmentType; @v1.9.0 pkg/virt-launcher/virtwrap/converter/network/
 * configurator.go:74), and
 * pkg/network/domainspec/interface.go@v1.9.0:40-62 maps `managedTap` to `tap`. A registration with neither is
 * accepted, and a VM using it starts without that interface.
 */
export const registrationInert: Rule = {
  meta: {
    id: 'registration-inert',
    severity: 'warning',
    versions: 'all',
    description: 'A registration has neither `sidecarImage` nor `domainAttachmentType`: nothing adds an interface of this binding to the VM, which starts without it.',
    source: 'kubevirt pkg/virt-launcher/virtwrap/converter/network.go@v1.4.0:51-53 (@v1.1.0:55); pkg/virt-launcher/virtwrap/converter/network/configurator.go@v1.9.0:74',
  },
  check(ctx) {
    for (const regs of ctx.cluster.registrations.values()) {
      for (const reg of regs) {
        if (reg.implicit || !isObject(reg.value)) continue;
        if (reg.value.sidecarImage !== undefined || reg.value.domainAttachmentType !== undefined) continue;
        // the attachment types the release has (REGISTRATION_VALUES: tap from 1.1.1, managedTap from 1.4)
        const types = Object.entries(REGISTRATION_VALUES.domainAttachmentType).filter(([, t]) => !ctx.version.isOlderThan(t.since)).map(([name]) => name);
        const attach = types.length === 0 ? 'a sidecarImage' : `a sidecarImage, or domainAttachmentType: ${types.join(' or ')}`;
        ctx.report(reg.owner, reg.path, `registration "${reg.name}" has neither sidecarImage nor domainAttachmentType, so nothing adds an interface of this binding to the VM, which starts without it; give it ${attach}`);
      }
    }
  },
};

export const PLUGIN_RULES: readonly Rule[] = [pluginNetwork, registrationInert];
