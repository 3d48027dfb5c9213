/**
 * Rules about KubeVirt's own network binding plugins: which network each one works on, which NAD it needs, and
 * registrations that do nothing.
 *
 * How a plugin is recognised (each from the registration, never from the binding name alone except for macvtap):
 * - slirp: the sidecar image `network-slirp-binding` (kubevirt BUILD.bazel@v1.1.0:334-338 pushes
 *   `$(image_prefix)network-slirp-binding`; the same target through v1.9.0 BUILD.bazel:298-300). The sidecar answers
 *   to the binding name `slirp` (cmd/sidecars/network-slirp-binding/domain/domain.go@v1.4.0:37 `SlirpPluginName`).
 * - passt: the sidecar image `network-passt-binding` (kubevirt BUILD.bazel@v1.1.1:344-348, the first release with it; v1.9.0 :304-306), answering
 *   to `passt` (cmd/sidecars/network-passt-binding/domain/configurator.go@v1.4.0:58 `PasstPluginName`); or, whatever
 *   the image, a registration whose networkAttachmentDefinition has the passt binding CNI, type
 *   `kubevirt-passt-binding` (kubevirt cmd/cniplugins/passt-binding/cmd/BUILD.bazel@v1.1.1:17, the binary's name;
 *   tests/libnet/netattachdef.go@v1.9.0:66; user guide docs/network/net_binding_plugins/passt.md "type":
 *   "kubevirt-passt-binding").
 * - macvtap: a registration without a sidecar, `domainAttachmentType: tap`, under the name `macvtap` (user guide
 *   docs/network/net_binding_plugins/macvtap.md "Macvtap Registration"; kubevirt tests/network/bindingplugin.go@v1.9.0:
 *   120-124), or any `tap` registration used on a multus network whose NAD has CNI type `macvtap` (kubevirt/macvtap-cni
 *   cmd/cni/macvtap.go registers the plugin; the user guide's NAD has "type": "macvtap").
 *
 * Where each works:
 * - slirp and passt: each sidecar configures one interface, the one on the VMI's pod network
 *   (`vmispec.LookupPodNetwork`), and only when its binding has the plugin's own name; otherwise the sidecar fails and
 *   the VM does not start: kubevirt cmd/sidecars/network-slirp-binding/domain/domain.go@v1.4.0:37,46-59 (`pod network
 *   not found`, `iface %q is not set with slirp network binding plugin`; the same @v1.1.0), README.md@v1.4.0:9-10
 *   ("supported for pod network interfaces only"); cmd/sidecars/network-passt-binding/domain/configurator.go@v1.4.0:
 *   58,64-73 (from v1.1.1, where they are at :51-66), README.md@v1.4.0:9-10.
 * - macvtap: secondary networks only (user guide macvtap.md "Functionality support": primary network No). With
 *   `tap`, virt-launcher gives the domain an `ethernet` interface whose target is a tap device the CNI made in the pod
 *   (kubevirt pkg/network/domainspec/generators.go@v1.4.0:80-120, `managed="no"`); on the pod network that device is
 *   the cluster CNI's veth, not a macvtap, so the domain cannot use it.
 */
import type { Entry, Registration, Rule, RuleContext, VmiSpecView } from './types';
import { KubeVirtVersion, REGISTRATION_VALUES } from '../version';
import { dig, isObject, join, list, show, splitNamespacedName, str } from './util';

/** KubeVirt's plugin sidecars by image name, with the binding name each answers to. */
const SIDECARS: Readonly<Record<string, { readonly plugin: 'slirp' | 'passt'; readonly name: string }>> = {
  'network-slirp-binding': { plugin: 'slirp', name: 'slirp' },
  'network-passt-binding': { plugin: 'passt', name: 'passt' },
};

/** The passt binding plugin's CNI type (kubevirt cmd/cniplugins/passt-binding/cmd/BUILD.bazel@v1.1.1:17). */
export const PASST_CNI_TYPE = 'kubevirt-passt-binding';
/** The macvtap CNI's type (kubevirt/macvtap-cni cmd/cni/macvtap.go; user guide macvtap.md NAD). */
export const MACVTAP_CNI_TYPE = 'macvtap';
/** The macvtap device plugin's resource prefix (kubevirt/macvtap-cni pkg/deviceplugin/lister.go:14 `resourceNamespace`). */
export const MACVTAP_RESOURCE_PREFIX = 'macvtap.network.kubevirt.io/';
/** The NAD annotation naming the device plugin resource (kubevirt pkg/network/multus/annotation.go@v1.9.0:40-42). */
export const RESOURCE_NAME_ANNOTATION = 'k8s.v1.cni.cncf.io/resourceName';

/** The image name of `image`: its repository's last path element, without tag or digest. */
export function imageName(image: string): string {
  const noDigest = image.split('@')[0];
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon < 0 ? last : last.slice(0, colon);
}

/**
 * The CNI types of a NAD's `spec.config`: its `type`, or the type of each entry of `plugins`; undefined when the
 * config is absent or not CNI JSON (rule nad-config reports that).
 */
export function cniTypes(nad: Entry | undefined): string[] | undefined {
  if (!nad) return undefined;
  // parsed once per NAD and run: many VMs share a few NADs
  if (typesCache.has(nad)) return typesCache.get(nad);
  const types = parseCniTypes(nad);
  typesCache.set(nad, types);
  return types;
}

const typesCache = new WeakMap<Entry, string[] | undefined>();

function parseCniTypes(nad: Entry): string[] | undefined {
  const config = dig(nad.manifest, 'spec', 'config');
  if (typeof config !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(config);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  if (Array.isArray(parsed.plugins)) return parsed.plugins.map((p) => str(dig(p, 'type'))).filter((t): t is string => t !== undefined);
  const type = str(parsed.type);
  return type === undefined ? undefined : [type];
}

/** How a registration was recognised as one of KubeVirt's plugins. */
interface Recognised {
  readonly plugin: 'slirp' | 'passt' | 'macvtap';
  /** The binding name the plugin answers to. */
  readonly name: string;
  /** What gave it away, for messages: `sidecar image quay.io/...`, `its nad's cni type kubevirt-passt-binding`. */
  readonly by: string;
  /** The sidecar image, when it runs KubeVirt's sidecar. */
  readonly image?: string;
}

/** KubeVirt's sidecar a registration runs, when it runs one. */
function sidecarOf(reg: Registration): Recognised | undefined {
  const image = isObject(reg.value) ? str(reg.value.sidecarImage) : undefined;
  if (image === undefined) return undefined;
  const name = imageName(image);
  const known = Object.prototype.hasOwnProperty.call(SIDECARS, name) ? SIDECARS[name] : undefined;
  return known ? { ...known, by: `kubevirt's ${known.plugin} sidecar ${image}`, image } : undefined;
}

/** The NADs a registration's networkAttachmentDefinition resolves to among the inputs, in the namespaces given. */
function registrationNads(ctx: RuleContext, reg: Registration, namespaces: readonly string[]): Entry[] {
  const ref = isObject(reg.value) ? str(reg.value.networkAttachmentDefinition) : undefined;
  if (!ref) return [];
  const found: Entry[] = [];
  for (const ns of ref.includes('/') ? [''] : namespaces) {
    const { namespace, name } = splitNamespacedName(ref, ns);
    const nad = ctx.find('NetworkAttachmentDefinition', namespace, name);
    if (nad && !found.includes(nad)) found.push(nad);
  }
  return found;
}

/** The namespaces of the VMs that use a binding (`default` when none does). */
function userNamespaces(ctx: RuleContext, binding: string): string[] {
  return usesOf(ctx).namespaces.get(binding) ?? ['default'];
}

const interfacesOf = (view: VmiSpecView) => list(dig(view.spec, 'domain', 'devices', 'interfaces'));

/**
 * A registration KubeVirt attaches itself as a tap device, with no sidecar of its own. domainAttachmentType is first
 * in 1.1.1 (kubevirt staging/src/kubevirt.io/api/core/v1/types.go@v1.1.1:2711-2726; virt-launcher reads it from
 * pkg/virt-launcher/virtwrap/converter/network.go@v1.1.1:55): 1.1.0 prunes the field, and such a registration is no
 * plugin at all (registration-field and registration-inert report it).
 */
const isTap = (ctx: RuleContext, reg: Registration) => isObject(reg.value) && reg.value.domainAttachmentType === 'tap' && reg.value.sidecarImage === undefined
  && ctx.version.isAtLeast(REGISTRATION_VALUES.domainAttachmentType.tap.since);

/** The plugin a registration is, when it is one of KubeVirt's (see the file comment for how each is recognised). */
function recognise(ctx: RuleContext, reg: Registration): Recognised | undefined {
  const sidecar = sidecarOf(reg);
  if (sidecar) return sidecar;
  if (isTap(ctx, reg) && reg.name === 'macvtap') return { plugin: 'macvtap', name: 'macvtap', by: 'domainAttachmentType: tap' };
  for (const nad of registrationNads(ctx, reg, userNamespaces(ctx, reg.name))) {
    if (cniTypes(nad)?.includes(PASST_CNI_TYPE)) return { plugin: 'passt', name: 'passt', by: `its nad ${nadLabel(nad)} runs cni ${PASST_CNI_TYPE}` };
  }
  return undefined;
}

const nadLabel = (nad: Entry) => `${nad.ref.namespace || 'default'}/${nad.ref.name}`;

/** The registration KubeVirt reads for each binding name (the first written one), with the plugin it is. */
function recognisedRegistrations(ctx: RuleContext): Map<string, { reg: Registration; plugin: Recognised | undefined }> {
  const out = new Map<string, { reg: Registration; plugin: Recognised | undefined }>();
  for (const [name, regs] of ctx.cluster.registrations) {
    const reg = regs.find((r) => !r.implicit);
    if (reg) out.set(name, { reg, plugin: recognise(ctx, reg) });
  }
  return out;
}

/** One interface of a VMI spec that uses a binding plugin, with its network. */
interface PluginUse {
  readonly view: VmiSpecView;
  readonly index: number;
  readonly ifaceName: string;
  readonly binding: string;
  readonly net: Record<string, unknown>;
  /** The index of the network in `networks`. */
  readonly netIndex: number;
}

/** Every interface with a binding and a network of its name (the rest are vmi-structure's findings). */
function pluginUses(ctx: RuleContext): PluginUse[] {
  return usesOf(ctx).uses;
}

/**
 * The binding interfaces of every VMI spec and the namespaces each binding name is used in, found in one pass per
 * run: the rules of this file and the recognition of each registration all ask, and a pass per question over 10,000
 * VMs showed in lint's profile.
 */
const USES = new WeakMap<RuleContext, { uses: PluginUse[]; namespaces: Map<string, string[]> }>();

function usesOf(ctx: RuleContext): { uses: PluginUse[]; namespaces: Map<string, string[]> } {
  const cached = USES.get(ctx);
  if (cached) return cached;
  const uses: PluginUse[] = [];
  const byBinding = new Map<string, Set<string>>();
  for (const view of ctx.vmiSpecs) {
    const ifaces = interfacesOf(view);
    if (ifaces.length === 0) continue;
    const nets = list(view.spec.networks);
    for (let i = 0; i < ifaces.length; i++) {
      const iface = ifaces[i];
      if (!isObject(iface) || !isObject(iface.binding)) continue;
      const binding = str(iface.binding.name);
      if (binding === undefined) continue;
      let ns = byBinding.get(binding);
      if (!ns) byBinding.set(binding, ns = new Set());
      ns.add(view.namespace);
      const ifaceName = str(iface.name);
      if (ifaceName === undefined) continue;
      const netIndex = nets.findIndex((n) => isObject(n) && str(n.name) === ifaceName);
      const net = nets[netIndex];
      if (!isObject(net)) continue;
      uses.push({ view, index: i, ifaceName, binding, net, netIndex });
    }
  }
  const namespaces = new Map([...byBinding].map(([b, set]) => [b, [...set].sort()]));
  const out = { uses, namespaces };
  USES.set(ctx, out);
  return out;
}

/** The multus NAD of a network, when it is among the inputs. */
function multusNad(ctx: RuleContext, use: PluginUse): Entry | undefined {
  const ref = str(dig(use.net, 'multus', 'networkName'));
  if (!ref) return undefined;
  const { namespace, name } = splitNamespacedName(ref, use.view.namespace);
  return ctx.find('NetworkAttachmentDefinition', namespace, name);
}

const bindingPath = (use: PluginUse) => join(use.view.path, 'domain', 'devices', 'interfaces', use.index, 'binding');

export const pluginNetwork: Rule = {
  meta: {
    id: 'plugin-network',
    severity: 'error',
    versions: 'all (slirp 1.1+, passt and macvtap 1.1.1+; fixed binding names 1.1-1.8)',
    description: "A KubeVirt plugin on a network it does not serve. The slirp (1.1+) and passt (1.1.1+) sidecars configure only the interface on the pod network, and, before 1.9, only when its binding has the plugin's own name (`slirp`, `passt`; from 1.9 the registration's name): anywhere else, or registered under another name before 1.9, the sidecar fails and the VM does not start. The macvtap plugin (domainAttachmentType tap) serves secondary (multus) networks only: on the pod network there is no macvtap device for the domain.",
    source: 'kubevirt cmd/sidecars/network-slirp-binding/domain/domain.go@v1.9.0:42-57, main.go@v1.9.0:59-62; cmd/sidecars/network-passt-binding/domain/configurator.go@v1.9.0:59-72, main.go@v1.9.0:58-61; README.md of each; pkg/virt-launcher/virtwrap/converter/network/configurator.go@v1.9.0:74,120; user guide docs/network/net_binding_plugins/macvtap.md "Functionality support"',
    history: [
      {
        since: '1.1',
        behaviour: 'the slirp sidecar (network-slirp-binding, shipped from 1.1) configures only the interface on the pod network, and only when '
          + 'its binding is named "slirp"; otherwise it fails ("pod network not found", "iface %q is not set with slirp network binding plugin", '
          + '"... or slirp binding method") and the VM does not start (error). When the pod interface has the core slirp binding (1.1-1.2) the '
          + 'sidecar configures it and the plugin interface elsewhere is left out of the domain: the VM starts without it (warning). The passt sidecar (network-passt-binding, shipped from 1.1.1: the image, not the release, '
          + 'decides, so 1.1.1 is no step for it) does the same with "passt" ("interface %q is not set with Passt network binding plugin"). '
          + 'A tap registration is no plugin yet: 1.1.0 prunes domainAttachmentType',
        source: 'kubevirt cmd/sidecars/network-slirp-binding/domain/domain.go@v1.1.0:37,45-60; '
          + 'cmd/sidecars/network-passt-binding/domain/configurator.go@v1.1.1:51,55-67',
      },
      {
        since: '1.1.1',
        behaviour: 'domainAttachmentType: tap makes virt-launcher attach the interface itself as a tap device the CNI created: the macvtap '
          + 'plugin (a tap registration named macvtap, or any tap registration on a macvtap NAD) on the pod network has no macvtap device '
          + 'and the domain cannot start (error)',
        source: 'kubevirt pkg/virt-launcher/virtwrap/converter/network.go@v1.1.1:55; pkg/network/domainspec/interface.go@v1.1.1:38-56',
      },
      {
        since: '1.9',
        behaviour: 'virt-controller passes the registration\'s name to the sidecar (NETWORK_BINDING_PLUGIN_NAME), which answers to it: slirp '
          + 'and passt registered under another name work; before 1.9 such a registration is an error when a VM among the inputs uses it '
          + '(it does not start), a warning otherwise (KubeVirt accepts the registration; the VMs that will use it are not given)',
        source: 'kubevirt cmd/sidecars/network-slirp-binding/main.go@v1.9.0:59-62; cmd/sidecars/network-passt-binding/main.go@v1.9.0:58-61; '
          + 'pkg/virt-controller/services/template.go@v1.9.0:882-887',
      },
    ],
  },
  check(ctx) {
    const regs = recognisedRegistrations(ctx);
    // up to 1.8 the sidecars compare the binding with a fixed name (SlirpPluginName, PasstPluginName); from 1.9 with
    // the registration's name, which KubeVirt hands them in NETWORK_BINDING_PLUGIN_NAME
    // (cmd/sidecars/network-slirp-binding/main.go@v1.9.0:59-62, network-passt-binding/main.go@v1.9.0:58-61)
    const fixedName = ctx.version.isOlderThan(KubeVirtVersion.V1_9);
    const uses = pluginUses(ctx);
    for (const [name, { reg, plugin }] of regs) {
      if (!fixedName || !plugin?.image || name === plugin.name) continue;
      // the registration alone is accepted; a VM using it does not start. With no such VM among the inputs the
      // outcome depends on VMs not given: a warning
      const used = uses.some((u) => u.binding === name);
      ctx.report(reg.owner, join(reg.path, 'sidecarImage'), `${plugin.plugin} answers only to the binding name "${plugin.name}" before kubevirt 1.9; registration "${name}" runs ${plugin.by}, which configures only an interface whose binding is named "${plugin.name}"${used ? '' : ', so any vm using it will not start (none among the inputs does yet)'}: register it as "${plugin.name}" and name that binding in the vms (kubevirt: ${plugin.plugin === 'passt' ? 'interface is not set with Passt network binding plugin' : 'iface is not set with slirp network binding plugin'})`, used ? 'error' : 'warning');
    }
    if (regs.size === 0) return;
    for (const use of uses) {
      const found = regs.get(use.binding);
      if (!found) continue;
      let plugin = found.plugin;
      // a tap binding of another name is macvtap when its network's NAD is of the macvtap CNI
      if (!plugin && isTap(ctx, found.reg) && cniTypes(multusNad(ctx, use))?.[0] === MACVTAP_CNI_TYPE) plugin = { plugin: 'macvtap', name: use.binding, by: 'domainAttachmentType: tap on a macvtap nad' };
      if (!plugin) continue;
      const onPod = isObject(use.net.pod);
      if (plugin.plugin === 'macvtap') {
        if (!onPod) continue;
        ctx.report(use.view.entry, bindingPath(use), `macvtap works on secondary (multus) networks only; interface "${use.ifaceName}" uses binding "${use.binding}" (${plugin.by}) on the pod network, where there is no macvtap device for the vm: put it on a multus network whose nad has cni type macvtap, and give the pod network a core binding (masquerade: {})`);
        continue;
      }
      if (onPod) continue;
      const kind = isObject(use.net.multus) ? `multus network "${use.ifaceName}"` : `network "${use.ifaceName}", not the pod network`;
      // what the sidecar says when it looks at the pod network's interface (the sidecars' own words:
      // slirp domain.go@v1.1.0:46-60 and @v1.9.0:43-57; passt configurator.go@v1.1.1:55-67 and @v1.9.0:62-72)
      const nets = list(use.view.spec.networks);
      const pod = nets.find((n) => isObject(n) && isObject(n.pod));
      const podName = str((pod as Record<string, unknown> | undefined)?.name) ?? '';
      const podIface = interfacesOf(use.view).find((i) => isObject(i) && str(i.name) === podName) as Record<string, unknown> | undefined;
      const q = JSON.stringify(podName);
      if (plugin.plugin === 'slirp' && podIface && !isObject(podIface.binding) && isObject(podIface.slirp)) {
        // the core slirp binding on the pod network satisfies the sidecar, which configures that interface; nothing
        // adds this one to the domain (virt-launcher skips binding interfaces without tap: converter/network.go@v1.1.0:55)
        ctx.report(use.view.entry, bindingPath(use), `slirp works on the pod network only; interface "${use.ifaceName}" uses binding "${use.binding}" (${plugin.by}) on ${kind}: the sidecar configures the pod network's interface ${q} (slirp: {}) and nothing adds interface "${use.ifaceName}" to the domain, so the vm starts without it; put it on the pod network, or for a secondary network use bridge: {} or a tap plugin such as macvtap`, 'warning');
        continue;
      }
      let says: string;
      if (pod === undefined) says = 'pod network not found';
      else if (!podIface) says = plugin.plugin === 'passt' ? 'no interface found' : `iface ${q} not found`;
      else if (plugin.plugin === 'passt') says = `interface ${q} is not set with Passt network binding plugin`;
      else says = isObject(podIface.binding) ? `iface ${q} is not set with slirp network binding plugin` : `iface ${q} is not set with slirp network binding plugin or slirp binding method`;
      ctx.report(use.view.entry, bindingPath(use), `${plugin.plugin} works on the pod network only; interface "${use.ifaceName}" uses binding "${use.binding}" (${plugin.by}) on ${kind}: put the interface on the pod network (pod: {}), or for a secondary network use bridge: {} or a tap plugin such as macvtap (kubevirt: ${says})`);
    }
  },
};

/**
 * The NAD each plugin needs.
 * - passt: the registration's networkAttachmentDefinition is the binding NAD Multus runs for the passt CNI, which must
 *   be type `kubevirt-passt-binding` (kubevirt cmd/cniplugins/passt-binding/cmd/BUILD.bazel@v1.1.1:17, the binary
 *   installed in /opt/cni/bin; tests/libnet/netattachdef.go@v1.9.0:66). The user guide's generic page
 *   (network_binding_plugins.md) writes `cni-passt-binding-plugin`; no such binary exists, the code wins.
 * - macvtap: the interface's multus NAD is the network the macvtap CNI creates the device on; with another CNI
 *   (bridge) the pod gets a veth, which a `tap` attachment cannot use (pkg/network/domainspec/generators.go@v1.4.0:
 *   80-120; user guide macvtap.md NAD "type": "macvtap").
 */
export const pluginNadType: Rule = {
  meta: {
    id: 'plugin-nad-type',
    severity: 'error',
    versions: 'all (passt and macvtap 1.1.1+)',
    description: "A plugin's NetworkAttachmentDefinition runs the wrong CNI: the passt plugin's registration must name a NAD of CNI type `kubevirt-passt-binding` (1.1.1+); an interface with the macvtap binding must be on a multus NAD of type `macvtap`, not `bridge` or another. Multus runs whatever the NAD names, and the VM gets no working interface.",
    source: 'kubevirt cmd/cniplugins/passt-binding/cmd/BUILD.bazel@v1.9.0:19; tests/libnet/netattachdef.go@v1.9.0:66; pkg/virt-launcher/virtwrap/converter/network/configurator.go@v1.9.0:74,120; user guide docs/network/net_binding_plugins/passt.md, macvtap.md',
    history: [
      {
        since: '1.1',
        behaviour: 'the passt sidecar\'s registration names the binding NAD Multus runs, which must be of CNI type kubevirt-passt-binding '
          + '(the binary shipped from 1.1.1 under that name, unchanged to 1.9; the sidecar image, not the release, decides, so 1.1.1 is no '
          + 'step for it). No tap registration yet: 1.1.0 prunes domainAttachmentType',
        source: 'kubevirt cmd/cniplugins/passt-binding/cmd/BUILD.bazel@v1.1.1:17; BUILD.bazel@v1.9.0:19; tests/libnet/netattachdef.go@v1.9.0:66',
      },
      {
        since: '1.1.1',
        behaviour: 'domainAttachmentType: tap: an interface with the macvtap plugin gets a tap device only from a NAD of CNI type macvtap; '
          + 'on another CNI (bridge) the pod has a veth the domain cannot use (error)',
        source: 'kubevirt pkg/virt-launcher/virtwrap/converter/network.go@v1.1.1:55; pkg/network/domainspec/interface.go@v1.1.1:38-56',
      },
    ],
  },
  check(ctx) {
    const regs = recognisedRegistrations(ctx);
    for (const [name, { reg, plugin }] of regs) {
      if (plugin?.plugin !== 'passt' || !plugin.image) continue;
      for (const nad of registrationNads(ctx, reg, userNamespaces(ctx, name))) {
        const types = cniTypes(nad);
        if (!types || types.includes(PASST_CNI_TYPE)) continue;
        ctx.report(reg.owner, join(reg.path, 'networkAttachmentDefinition'), `the passt plugin needs its binding nad to run the passt cni; registration "${name}" names NetworkAttachmentDefinition ${nadLabel(nad)}, of cni type ${types.map((t) => JSON.stringify(t)).join(', ') || 'none'}: set its type to "${PASST_CNI_TYPE}" (the binary kubevirt ships; not "cni-passt-binding-plugin")`);
      }
    }
    for (const use of pluginUses(ctx)) {
      const found = regs.get(use.binding);
      if (found?.plugin?.plugin !== 'macvtap' || !isObject(use.net.multus)) continue;
      const nad = multusNad(ctx, use);
      const types = cniTypes(nad);
      if (!nad || !types || types[0] === MACVTAP_CNI_TYPE) continue;
      ctx.report(use.view.entry, join(use.view.path, 'networks', use.netIndex, 'multus', 'networkName'), `macvtap needs a nad of cni type macvtap; interface "${use.ifaceName}" uses binding "${use.binding}" on NetworkAttachmentDefinition ${nadLabel(nad)}, of cni type ${show(types[0] ?? '')}, which gives the pod no macvtap device: point the network at a nad with "type": "macvtap" (kubevirt/macvtap-cni), or use bridge: {} on this nad`);
    }
  },
};

/**
 * The macvtap CNI creates the pod's interface from the device the macvtap device plugin allocated to the pod
 * (kubevirt/macvtap-cni pkg/cni/plugin.go: NetConf.DeviceID, CmdAdd), and the pod asks for a device only through the
 * NAD's `k8s.v1.cni.cncf.io/resourceName` annotation: virt-controller adds that resource to the launcher pod's
 * requests (kubevirt pkg/virt-controller/services/template.go@v1.1.0:1116-1121; pkg/network/multus/nad.go@v1.9.0:52-72,
 * pkg/virt-controller/services/renderresources.go@v1.9.0:363-372). The device plugin's resources are named
 * `macvtap.network.kubevirt.io/<name>` (kubevirt/macvtap-cni pkg/deviceplugin/lister.go:14), `<name>` being an entry
 * of its `DP_MACVTAP_CONF` or a host interface (user guide macvtap.md "Macvtap NetworkAttachmentDefinition").
 */
export const macvtapResourceName: Rule = {
  meta: {
    id: 'macvtap-resource-name',
    severity: 'error',
    versions: 'all',
    description: 'A NetworkAttachmentDefinition of CNI type `macvtap` has no `k8s.v1.cni.cncf.io/resourceName: macvtap.network.kubevirt.io/<interface>` annotation: the pod never asks the macvtap device plugin for a device, and the CNI has none to configure.',
    source: 'kubevirt/macvtap-cni pkg/deviceplugin/lister.go:14, pkg/cni/plugin.go; kubevirt pkg/network/multus/nad.go@v1.9.0:52-72; pkg/virt-controller/services/renderresources.go@v1.9.0:363-372',
    history: [
      {
        since: '1.1',
        behaviour: 'virt-controller requests the resource a NAD names in k8s.v1.cni.cncf.io/resourceName for the launcher pod, and nothing '
          + 'else asks the macvtap device plugin for a device. The audit found no change 1.1-1.9 (the lookup moved from '
          + 'virt-controller/services/template.go to virt-controller/network/render.go in 1.3 and to pkg/network/multus/nad.go in 1.5)',
        source: 'kubevirt pkg/virt-controller/services/template.go@v1.1.0:99,1117; pkg/network/multus/nad.go@v1.9.0:69; '
          + 'pkg/network/multus/annotation.go@v1.9.0:42',
      },
    ],
  },
  check(ctx) {
    for (const nad of ctx.byKind('NetworkAttachmentDefinition')) {
      if (nad.group !== 'k8s.cni.cncf.io' || cniTypes(nad)?.[0] !== MACVTAP_CNI_TYPE) continue;
      const annotations = dig(nad.manifest, 'metadata', 'annotations');
      const value = isObject(annotations) ? annotations[RESOURCE_NAME_ANNOTATION] : undefined;
      const path = join('metadata.annotations', RESOURCE_NAME_ANNOTATION);
      const fix = `set ${RESOURCE_NAME_ANNOTATION}: ${MACVTAP_RESOURCE_PREFIX}<interface>, the host interface (or DP_MACVTAP_CONF entry) the macvtap device plugin exposes, such as ${MACVTAP_RESOURCE_PREFIX}eth0`;
      if (value === undefined || value === null) {
        ctx.report(nad, 'metadata', `macvtap needs a device from the macvtap device plugin; NetworkAttachmentDefinition ${nadLabel(nad)} has cni type macvtap but no ${RESOURCE_NAME_ANNOTATION} annotation, so the pod never gets a macvtap device: ${fix}`);
      } else if (typeof value !== 'string' || !value.startsWith(MACVTAP_RESOURCE_PREFIX) || value.length === MACVTAP_RESOURCE_PREFIX.length || value.slice(MACVTAP_RESOURCE_PREFIX.length).includes('/')) {
        ctx.report(nad, path, `macvtap needs a device from the macvtap device plugin; NetworkAttachmentDefinition ${nadLabel(nad)} asks for resource ${show(value)}, which is not one of the plugin's (${MACVTAP_RESOURCE_PREFIX}<interface>): ${fix}`);
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
 * accepted, and a VM using it starts without that interface. Before 1.1.1 the API has no domainAttachmentType and
 * prunes it (REGISTRATION_FIELDS in src/version.ts), so it counts only from 1.1.1; a null or empty value counts as
 * absent (KubeVirt reads an empty string).
 */
export const registrationInert: Rule = {
  meta: {
    id: 'registration-inert',
    severity: 'warning',
    versions: 'all',
    description: 'A registration has neither `sidecarImage` nor `domainAttachmentType` (an empty registration, one with only a NAD, or on 1.1.0 one with only domainAttachmentType, which that release prunes): nothing adds an interface of this binding to the VM, which starts without it.',
    source: 'kubevirt pkg/virt-launcher/virtwrap/converter/network/configurator.go@v1.9.0:74; pkg/network/domainspec/interface.go@v1.9.0:40-62',
    history: [
      {
        since: '1.1',
        behaviour: 'virt-launcher skips every interface with a plugin binding: only the registration\'s sidecar adds it to the domain. A '
          + 'registration without sidecarImage is accepted and its VMs start without that interface (warning). domainAttachmentType is '
          + 'not in the API and is pruned',
        source: 'kubevirt pkg/virt-launcher/virtwrap/converter/network.go@v1.1.0:55',
      },
      {
        since: '1.1.1',
        behaviour: 'domainAttachmentType: tap makes virt-launcher add the interface itself, so a registration with it and no sidecar is not '
          + 'inert. A value virt-launcher does not take (anything but tap; managedTap before 1.4) is left to registration-value, which '
          + 'warns that it is ignored; from 1.4 managedTap is handled as tap',
        source: 'kubevirt pkg/virt-launcher/virtwrap/converter/network.go@v1.1.1:55; pkg/network/domainspec/interface.go@v1.1.1:38-56, '
          + '@v1.4.0:55-58',
      },
    ],
  },
  check(ctx) {
    const attachSince = REGISTRATION_VALUES.domainAttachmentType.tap.since;
    const set = (v: unknown) => v !== undefined && v !== null && v !== '';
    for (const regs of ctx.cluster.registrations.values()) {
      for (const reg of regs) {
        if (reg.implicit) continue;
        // a registration that is not a map is cluster-structure's or registration-value's finding
        if (reg.value !== null && !isObject(reg.value)) continue;
        const value = isObject(reg.value) ? reg.value : {};
        if (set(value.sidecarImage)) continue;
        if (set(value.domainAttachmentType) && !ctx.version.isOlderThan(attachSince)) continue;
        // the attachment types the release has (REGISTRATION_VALUES: tap from 1.1.1, managedTap from 1.4)
        const types = Object.entries(REGISTRATION_VALUES.domainAttachmentType).filter(([, t]) => !ctx.version.isOlderThan(t.since)).map(([name]) => name);
        const attach = types.length === 0 ? 'a sidecarImage' : `a sidecarImage, or domainAttachmentType: ${types.join(' or ')}`;
        const pruned = set(value.domainAttachmentType) ? ` (kubevirt ${ctx.version} has no domainAttachmentType and prunes it; it is first in ${attachSince})` : '';
        ctx.report(reg.owner, reg.path, `registration "${reg.name}" has neither sidecarImage nor domainAttachmentType${pruned}, so nothing adds an interface of this binding to the VM, which starts without it; give it ${attach}`);
      }
    }
  },
};

export const PLUGIN_RULES: readonly Rule[] = [pluginNetwork, pluginNadType, macvtapResourceName, registrationInert];
