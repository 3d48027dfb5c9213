/**
 * Rules over the cluster configuration (KubeVirt and HyperConverged CRs), NetworkAttachmentDefinitions and the
 * references between them and the VMs: what KubeVirt itself never checks, or checks only when a VM's pod is built.
 */
import { KubeVirtVersion, REGISTRATION_FIELDS, REGISTRATION_VALUES, gateState, Gates, needsBindingPluginsGate, ownEntry } from '../version';
import { describeRef, registrationMapPath } from './engine';
import type { Entry, Registration, Rule, RuleContext } from './types';
import { BINDING_NAME, CNI_NETWORK_NAME, NAD_REFERENCE_TEXT, QUANTITY_PATTERN, nadReferenceProblem } from './patterns';
import { dig, isObject, join, list, obj, show, splitNamespacedName, str } from './util';

/** One use of a binding by an interface, found once per run; the path is built only for a finding. */
class BindingUse {
  public constructor(
    public readonly entry: Entry,
    public readonly namespace: string,
    private readonly specPath: string,
    private readonly index: number,
    public readonly name: string,
  ) {}

  public get path(): string {
    return `${this.specPath}.domain.devices.interfaces[${this.index}].binding.name`;
  }
}

const usesCache = new WeakMap<RuleContext, BindingUse[]>();

/** Every `interfaces[].binding.name` of every VM and VMI, collected once per run. */
function bindingUses(ctx: RuleContext): BindingUse[] {
  let uses = usesCache.get(ctx);
  if (uses) return uses;
  uses = [];
  const specs = ctx.vmiSpecs;
  for (let s = 0; s < specs.length; s++) {
    const view = specs[s];
    // property chains written out: on this path (every interface of every VM) named loads are much faster than dig()
    const domain = view.spec.domain;
    const devices = isObject(domain) ? domain.devices : undefined;
    const ifaces = list(isObject(devices) ? devices.interfaces : undefined);
    for (let i = 0; i < ifaces.length; i++) {
      const iface = ifaces[i];
      const binding = isObject(iface) ? iface.binding : undefined;
      const name = isObject(binding) ? str(binding.name) : undefined;
      if (name) uses.push(new BindingUse(view.entry, view.namespace, view.path, i, name));
    }
  }
  usesCache.set(ctx, uses);
  return uses;
}

/** The registrations written in the input (not those an operator adds itself). */
function* registrations(ctx: RuleContext): Generator<Registration> {
  for (const regs of ctx.cluster.registrations.values()) {
    for (const r of regs) if (!r.implicit) yield r;
  }
}

const registered = (ctx: RuleContext) => [...ctx.cluster.registrations.keys()].sort().join(', ') || 'none';

/**
 * kubevirt pkg/network/netbinding/netbinding.go:54-56 and pkg/network/multus/annotation.go:129-132: a binding name
 * that is not a key of spec.configuration.network.binding fails only when virt-controller renders the launcher pod;
 * no webhook checks it.
 */
export const bindingRegistered: Rule = {
  meta: {
    id: 'binding-registered',
    severity: 'error',
    versions: 'all',
    description: 'An interface names a binding plugin that the KubeVirt (or HyperConverged) CR does not register. No webhook checks this; the VM is accepted and its pod fails to render.',
    source: 'kubevirt pkg/network/netbinding/netbinding.go:54-56; pkg/network/multus/annotation.go:129-132 (v1.9.0)',
    history: [
      {
        since: '1.1',
        behaviour: 'an interface binding that is not a key of the registration map is accepted at admission, and the launcher pod fails to '
          + 'render ("unable to find the network binding plugin \'%s\' in Kubevirt configuration"). The audit found no change 1.1-1.9 '
          + '(the lookup moved from virt-controller services to pkg/network/multus in 1.4)',
        source: 'kubevirt pkg/virt-controller/services/multus_annotations.go@v1.1.0:91-95; pkg/network/netbinding/netbinding.go@v1.1.0:58-65; '
          + 'pkg/network/multus/annotation.go@v1.9.0:129-132',
      },
    ],
  },
  check(ctx) {
    const uses = bindingUses(ctx);
    if (ctx.cluster.sources.length === 0) {
      for (const use of uses) {
        ctx.report(use.entry, use.path, `binding "${use.name}" cannot be checked: no KubeVirt or HyperConverged CR is among the inputs; add the cluster configuration to check that it is registered`, 'warning');
      }
      return;
    }
    // where the cluster's own configuration keeps registrations (spec.networking.networkBinding under HCO v1, ...)
    const where = registrationMapPath(ctx.cluster.sources[0])!.join('.');
    for (let i = 0; i < uses.length; i++) {
      const use = uses[i];
      if (ctx.cluster.registrations.has(use.name)) continue;
      ctx.report(use.entry, use.path, `binding "${use.name}" is not registered in the cluster configuration (registered: ${registered(ctx)}); register it under ${where} (kubevirt: unable to find the network binding plugin '${use.name}' in Kubevirt configuration)`);
    }
  },
};

/**
 * kubevirt staging/src/kubevirt.io/api/core/v1/types.go InterfaceBindingPlugin, field set per release; the CRD
 * prunes fields it does not know, so a field the target release lacks is silently dropped.
 */
export const registrationFieldVersion: Rule = {
  meta: {
    id: 'registration-field',
    severity: 'error',
    versions: 'all',
    description: 'A binding registration uses a field the target release does not have, or no release has, or is not an object. The '
      + 'KubeVirt CRD\'s schema is structural: `kubectl apply` (strict field validation, the default) refuses the object, and a client '
      + 'that does not ask for strict validation has the field pruned, so the setting silently disappears.',
    source: 'kubevirt staging/src/kubevirt.io/api/core/v1/types.go InterfaceBindingPlugin (v1.9.0 :3777-3805)',
    history: [
      {
        since: '1.1',
        behaviour: 'a registration has sidecarImage and networkAttachmentDefinition; another field is unknown to the CRD: rejected by '
          + 'strict field validation, pruned otherwise (an error either way: the setting never reaches KubeVirt)',
        source: 'kubevirt staging/src/kubevirt.io/api/core/v1/types.go@v1.1.0:2676-2687',
      },
      {
        since: '1.1.1',
        behaviour: 'domainAttachmentType is added',
        source: 'kubevirt staging/src/kubevirt.io/api/core/v1/types.go@v1.1.1:2711-2726',
      },
      {
        since: '1.2',
        behaviour: 'migration is added',
        source: 'kubevirt staging/src/kubevirt.io/api/core/v1/types.go@v1.2.0:2750-2768',
      },
      {
        since: '1.3',
        behaviour: 'downwardAPI and computeResourceOverhead are added; no field was added after 1.3 (checked to 1.9)',
        source: 'kubevirt staging/src/kubevirt.io/api/core/v1/types.go@v1.3.0:2812-2840; types.go@v1.9.0:3777-3805',
      },
    ],
  },
  check(ctx) {
    for (const reg of registrations(ctx)) {
      if (!isObject(reg.value)) {
        // the CRD types each registration as an object: the API server rejects anything else
        ctx.report(reg.owner, reg.path, `registration "${reg.name}" must be an object with fields ${Object.keys(REGISTRATION_FIELDS).join(', ')}, got ${show(reg.value)}`);
        continue;
      }
      for (const field of Object.keys(reg.value)) {
        const known = ownEntry(REGISTRATION_FIELDS, field);
        if (!known) {
          ctx.report(reg.owner, join(reg.path, field), `registration "${reg.name}" has unknown field "${field}"; accepted: ${Object.keys(REGISTRATION_FIELDS).join(', ')}`);
        } else if (ctx.version.isOlderThan(known.since)) {
          ctx.report(reg.owner, join(reg.path, field), `registration "${reg.name}" field ${field} is not in kubevirt ${ctx.version}; it is first in kubevirt ${known.since}`);
        }
      }
    }
  },
};

/** True when the target release has the registration field (registration-field reports the others, which are pruned). */
function hasField(ctx: RuleContext, field: string): boolean {
  const known = ownEntry(REGISTRATION_FIELDS, field);
  return known !== undefined && !ctx.version.isOlderThan(known.since);
}

/** What KubeVirt does with a value it ignores, for messages. */
const IGNORED: Readonly<Record<string, string>> = {
  // kubevirt pkg/virt-launcher/virtwrap/converter/network/configurator.go@v1.9.0:74: only tap (and managedTap) attach one
  domainAttachmentType: 'attaches no interface for this binding to the domain',
  'migration.method': 'migrates with no method',
  downwardAPI: 'gives the sidecar no device info',
};

/**
 * An enum-like registration value. The CRD types it as a string, so another type is rejected (error); a string outside
 * the release's set is stored, and KubeVirt compares it with its constants only, so it is ignored (warning).
 */
function checkEnum(ctx: RuleContext, reg: Registration, field: string, path: string, value: unknown, allowEmpty: boolean) {
  const allowed = REGISTRATION_VALUES[field];
  const names = Object.keys(allowed);
  if (allowEmpty && (value === undefined || value === '')) return;
  if (typeof value !== 'string') {
    ctx.report(reg.owner, path, `registration "${reg.name}" ${field} must be a string, got ${show(value)}; accepted: ${names.map((n) => `"${n}"`).join(', ')}${allowEmpty ? ' or empty' : ''}`, 'error');
    return;
  }
  const known = ownEntry(allowed, value);
  if (!known) {
    ctx.report(reg.owner, path, `registration "${reg.name}" ${field} is ${show(value)}, which kubevirt ignores (it ${IGNORED[field]}); accepted: ${names.map((n) => `"${n}"`).join(', ')}${allowEmpty ? ' or empty' : ''}`, 'warning');
  } else if (ctx.version.isOlderThan(known.since)) {
    ctx.report(reg.owner, path, `registration "${reg.name}" ${field} "${value}" is not in kubevirt ${ctx.version}, which ignores it (it ${IGNORED[field]}); it is first in kubevirt ${known.since}`, 'warning');
  }
}

/**
 * kubevirt types.go consts Tap/ManagedTap (:3827,:3830), LinkRefresh (:3852), DeviceInfo (:3839). The CRD types
 * these as plain strings (validations_generated.go, key "kubevirt"), and the virt-operator webhook does not look at
 * bindings (kubevirt pkg/virt-operator/webhooks/kubevirt-update-admitter.go:67-152), so an unknown value is stored and
 * then ignored where KubeVirt compares it with its constants: pkg/network/domainspec/interface.go@v1.9.0:39-61
 * (domainAttachmentType: only tap and managedTap add the interface, configurator.go@v1.9.0:74),
 * pkg/network/vmispec/interface.go@v1.9.0:167 (downwardAPI == device-info), pkg/virt-launcher/virtwrap/
 * live-migration-target.go@v1.9.0:79 (migration method == link-refresh).
 */
export const registrationValues: Rule = {
  meta: {
    id: 'registration-value',
    severity: 'error',
    versions: 'all',
    description: 'A registration value KubeVirt cannot use. Errors: a value of the wrong type (the API server rejects it), a '
      + 'networkAttachmentDefinition that is not `<name>` or `<namespace>/<name>` (namespace a DNS-1123 label, name a DNS-1123 '
      + 'subdomain: the NAD can never be found), a sidecarImage of blanks. Warnings, for values KubeVirt stores and ignores: '
      + 'domainAttachmentType outside tap|managedTap, migration.method other than link-refresh, downwardAPI other than device-info, '
      + 'a value newer than the target release, an empty sidecarImage or networkAttachmentDefinition. Fields the release does not '
      + 'have are left to registration-field.',
    source: 'kubevirt types.go InterfaceBindingPlugin consts (v1.9.0 :3827-3852); pkg/network/domainspec/interface.go@v1.9.0:39-61; pkg/virt-operator/webhooks/kubevirt-update-admitter.go@v1.9.0:67-152; pkg/network/multus/nad.go@v1.9.0:36-50 (NAD reference); k8s apimachinery pkg/util/validation/validation.go (IsDNS1123Label, IsDNS1123Subdomain)',
    history: [
      {
        since: '1.1',
        behaviour: 'sidecarImage and networkAttachmentDefinition are read as they are: an empty one is skipped (no sidecar, no NAD; '
          + 'warning; in 1.1.0 an empty NAD still reaches the pod, see nad-resolves), blanks or a malformed NAD reference make the pod '
          + 'fail (error)',
        source: 'kubevirt pkg/network/netbinding/netbinding.go@v1.1.0:68-75; pkg/virt-controller/services/template.go@v1.1.0:1124-1130',
      },
      {
        since: '1.1.1',
        behaviour: 'domainAttachmentType: only "tap" adds the interface to the domain; another value is ignored (warning)',
        source: 'kubevirt pkg/network/domainspec/interface.go@v1.1.1:38-56; pkg/virt-launcher/virtwrap/converter/network.go@v1.1.1:55',
      },
      {
        since: '1.2',
        behaviour: 'migration.method: "link-refresh" or empty; another method is ignored (warning)',
        source: 'kubevirt staging/src/kubevirt.io/api/core/v1/types.go@v1.2.0:2787-2788',
      },
      {
        since: '1.3',
        behaviour: 'downwardAPI: "device-info"; another value is ignored (warning)',
        source: 'kubevirt staging/src/kubevirt.io/api/core/v1/types.go@v1.3.0:2853-2856',
      },
      {
        since: '1.4',
        behaviour: 'domainAttachmentType "managedTap" is added (before 1.4 it is ignored like any unknown value, a warning)',
        source: 'kubevirt staging/src/kubevirt.io/api/core/v1/types.go@v1.4.0:2950-2952; pkg/network/domainspec/interface.go@v1.4.0:39-61',
      },
    ],
  },
  check(ctx) {
    for (const reg of registrations(ctx)) {
      const r = obj(reg.value);
      if (!r) continue;
      if (r.sidecarImage !== undefined) {
        const image = r.sidecarImage;
        if (typeof image !== 'string') {
          ctx.report(reg.owner, join(reg.path, 'sidecarImage'), `registration "${reg.name}" sidecarImage must be an image reference string, got ${show(image)}`, 'error');
        } else if (image === '') {
          // kubevirt pkg/network/netbinding/netbinding.go@v1.9.0:61: a sidecar is added only for a non-empty image
          ctx.report(reg.owner, join(reg.path, 'sidecarImage'), `registration "${reg.name}" sidecarImage is empty, so kubevirt adds no sidecar; set an image reference or remove the field`, 'warning');
        } else if (image.trim() === '') {
          ctx.report(reg.owner, join(reg.path, 'sidecarImage'), `registration "${reg.name}" sidecarImage must be a non-empty image reference, got ${show(image)}`, 'error');
        }
      }
      if (r.networkAttachmentDefinition !== undefined) {
        const nad = r.networkAttachmentDefinition;
        if (nad === '') {
          // kubevirt pkg/network/multus/annotation.go@v1.9.0:134-136 (from v1.1.1): an empty reference adds no network
          ctx.report(reg.owner, join(reg.path, 'networkAttachmentDefinition'), `registration "${reg.name}" networkAttachmentDefinition is empty, so kubevirt adds no network for it; set ${NAD_REFERENCE_TEXT}, or remove the field`, 'warning');
        } else {
          const problem = typeof nad === 'string' ? nadReferenceProblem(nad) : 'it is not a string';
          if (problem !== undefined) {
            ctx.report(reg.owner, join(reg.path, 'networkAttachmentDefinition'), `registration "${reg.name}" networkAttachmentDefinition is ${show(nad)}: ${problem}; accepted: ${NAD_REFERENCE_TEXT}`, 'error');
          }
        }
      }
      if (r.domainAttachmentType !== undefined && hasField(ctx, 'domainAttachmentType')) checkEnum(ctx, reg, 'domainAttachmentType', join(reg.path, 'domainAttachmentType'), r.domainAttachmentType, false);
      if (r.migration !== undefined && hasField(ctx, 'migration')) {
        if (!isObject(r.migration)) {
          ctx.report(reg.owner, join(reg.path, 'migration'), `registration "${reg.name}" migration must be an object ({} or {method: link-refresh}), got ${show(r.migration)}`, 'error');
        } else {
          checkEnum(ctx, reg, 'migration.method', join(reg.path, 'migration', 'method'), r.migration.method, true);
          for (const k of Object.keys(r.migration)) {
            if (k !== 'method') ctx.report(reg.owner, join(reg.path, 'migration', k), `registration "${reg.name}" migration has unknown field "${k}"; accepted: method`, 'error');
          }
        }
      }
      if (r.downwardAPI !== undefined && hasField(ctx, 'downwardAPI')) checkEnum(ctx, reg, 'downwardAPI', join(reg.path, 'downwardAPI'), r.downwardAPI, false);
    }
  },
};

/**
 * kubevirt pkg/network/resources/memory.go:51-95: only requests[memory] of each plugin is added to the compute
 * container; limits and cpu are ignored. The CRD checks quantities against the k8s quantity pattern.
 */
export const registrationOverhead: Rule = {
  meta: {
    id: 'registration-overhead',
    severity: 'error',
    versions: '1.3+',
    description: 'computeResourceOverhead adds requests.memory to the virt-launcher compute container. A value of the wrong type or a bad '
      + 'quantity is an error (the API server rejects it); limits, other resources, or no memory request at all are warnings: KubeVirt '
      + 'ignores them and adds nothing.',
    source: 'kubevirt pkg/network/resources/memory.go:51-95 (v1.9.0); user guide network_binding_plugins.md "Compute Resource Overhead"',
    history: [
      {
        since: '1.3',
        behaviour: 'computeResourceOverhead is new: only requests.memory of each plugin used by the VMI is added to the compute container. '
          + 'The audit found no change 1.3-1.9 (the code moved from pkg/network/netbinding to pkg/network/resources; 1.3 types the field '
          + 'as ResourceRequirements, with claims, 1.4 without claims: ignored either way)',
        source: 'kubevirt pkg/network/netbinding/memory.go@v1.3.0:63-80; pkg/network/resources/memory.go@v1.9.0:78-95',
      },
    ],
  },
  check(ctx) {
    // before 1.3 the field does not exist; registration-field reports it
    if (ctx.version.isOlderThan(KubeVirtVersion.V1_3)) return;
    for (const reg of registrations(ctx)) {
      const overhead = dig(reg.value, 'computeResourceOverhead');
      if (overhead === undefined) continue;
      const path = join(reg.path, 'computeResourceOverhead');
      if (!isObject(overhead)) {
        ctx.report(reg.owner, path, `registration "${reg.name}" computeResourceOverhead must be an object {requests: {memory: <quantity>}}, got ${show(overhead)}`, 'error');
        continue;
      }
      for (const k of Object.keys(overhead)) {
        if (k !== 'requests') ctx.report(reg.owner, join(path, k), `registration "${reg.name}" computeResourceOverhead.${k} is ignored by kubevirt; only requests.memory is added to the virt-launcher pod`, 'warning');
      }
      const requests = overhead.requests;
      if (requests === undefined) {
        ctx.report(reg.owner, path, `registration "${reg.name}" computeResourceOverhead has no requests.memory, so kubevirt adds nothing; set requests.memory to a quantity such as "250Mi"`, 'warning');
        continue;
      }
      if (!isObject(requests)) {
        ctx.report(reg.owner, join(path, 'requests'), `registration "${reg.name}" computeResourceOverhead.requests must be an object {memory: <quantity>}, got ${show(requests)}`, 'error');
        continue;
      }
      for (const k of Object.keys(requests)) {
        if (k !== 'memory') ctx.report(reg.owner, join(path, 'requests', k), `registration "${reg.name}" computeResourceOverhead.requests.${k} is ignored by kubevirt; only memory is added to the virt-launcher pod`, 'warning');
      }
      const memory = requests.memory;
      if (memory === undefined) {
        ctx.report(reg.owner, join(path, 'requests'), `registration "${reg.name}" computeResourceOverhead.requests has no memory, so kubevirt adds nothing; set memory to a quantity such as "250Mi"`, 'warning');
      } else if (!(typeof memory === 'number' && memory >= 0) && !(typeof memory === 'string' && QUANTITY_PATTERN.test(memory))) {
        ctx.report(reg.owner, join(path, 'requests', 'memory'), `registration "${reg.name}" computeResourceOverhead.requests.memory is ${show(memory)}; accepted: a kubernetes quantity such as "250Mi" or "1Gi"`, 'error');
      }
    }
  },
};

const V1_1_1 = KubeVirtVersion.of('1.1.1');

/**
 * kubevirt pkg/virt-controller/services/multus_annotations.go@v1.1.0:92-110: with the gate on, every interface with a
 * binding gets a Multus network named after its registration's NAD, empty or not; the empty name is fixed in v1.1.1
 * (multus_annotations.go@v1.1.1:99-101).
 */
function reportNadless(ctx: RuleContext): void {
  for (const use of bindingUses(ctx)) {
    const regs = ctx.cluster.registrations.get(use.name);
    if (!regs) continue;
    // an operator's own registration (HCO's l2bridge) is left out: HCO of the 1.1 era does not add one
    const reg = regs.find((r) => !r.implicit && isObject(r.value));
    if (!reg) continue;
    const nad = (reg.value as Record<string, unknown>).networkAttachmentDefinition;
    if (nad !== undefined && nad !== '') continue;
    ctx.report(use.entry, use.path, `binding "${use.name}" is registered without networkAttachmentDefinition, and kubevirt 1.1.0 still adds a network without a name to the launcher pod, which then fails; set networkAttachmentDefinition, or use kubevirt 1.1.1 or later`);
  }
}

/** A NAD reference, resolved against the inputs. */
function resolveNad(ctx: RuleContext, ref: string, vmNamespace: string) {
  const { namespace, name, explicit } = splitNamespacedName(ref, vmNamespace);
  const found = ctx.find('NetworkAttachmentDefinition', namespace, name);
  return { namespace, name, explicit, found };
}

/** Namespaces (sorted) where a NAD of this name exists among the inputs. */
function nadNamespaces(ctx: RuleContext, name: string): string[] {
  return nadIndex(ctx).get(name) ?? [];
}

const nadIndexCache = new WeakMap<RuleContext, Map<string, string[]>>();
function nadIndex(ctx: RuleContext): Map<string, string[]> {
  let idx = nadIndexCache.get(ctx);
  if (idx) return idx;
  idx = new Map();
  for (const e of ctx.byKind('NetworkAttachmentDefinition')) {
    const l = idx.get(e.ref.name) ?? [];
    l.push(e.ref.namespace || 'default');
    idx.set(e.ref.name, l);
  }
  for (const l of idx.values()) l.sort();
  nadIndexCache.set(ctx, idx);
  return idx;
}

function reportUnresolved(ctx: RuleContext, entry: Entry, path: string, what: string, ref: string, namespace: string, name: string) {
  const elsewhere = nadNamespaces(ctx, name).filter((ns) => ns !== namespace);
  if (elsewhere.length > 0) {
    ctx.report(entry, path, `${what} "${ref}" resolves to NetworkAttachmentDefinition ${namespace}/${name}, which is not among the inputs, but ${elsewhere.map((ns) => `${ns}/${name}`).join(', ')} is; move the NAD to namespace ${namespace} or write "${elsewhere[0]}/${name}"`);
  } else {
    ctx.report(entry, path, `${what} "${ref}" resolves to NetworkAttachmentDefinition ${namespace}/${name}, which is not among the inputs; make sure it exists in the cluster`, 'warning');
  }
}

/**
 * kubevirt pkg/network/multus/nad.go:36-50 (NetAttachDefNamespacedName): a registration's NAD without a namespace
 * resolves in the VMI's namespace, so it must exist in every namespace whose VMs use the binding.
 * kubevirt schema.go:1806-1808: a multus networkName is `<name>` or `<namespace>/<name>`, the same way.
 */
export const nadResolves: Rule = {
  meta: {
    id: 'nad-resolves',
    severity: 'error',
    versions: 'all',
    description: 'A NetworkAttachmentDefinition named by a registration or a multus network does not resolve: a name without namespace resolves in each VM\'s own namespace. An error when the NAD is among the inputs in another namespace; a warning when it is absent (it may already be in the cluster).',
    source: 'kubevirt pkg/network/multus/nad.go:36-50; pkg/network/multus/annotation.go:123-149 (v1.9.0); schema.go:1806-1808',
    history: [
      {
        since: '1.1',
        behaviour: 'a NAD reference resolves as `<namespace>/<name>`, or `<name>` in the VMI\'s namespace. In 1.1.0 a registration without '
          + 'networkAttachmentDefinition still puts a network without a name into the launcher pod\'s Multus annotation, so a VM using '
          + 'it cannot start (an error on the VM)',
        source: 'kubevirt pkg/virt-controller/services/multus_annotations.go@v1.1.0:92-110; pkg/virt-controller/services/template.go@v1.1.0:1124-1130',
      },
      {
        since: '1.1.1',
        behaviour: 'a registration without networkAttachmentDefinition adds no network to the pod. Resolution itself did not change up '
          + 'to 1.9 (moved to pkg/network/multus/nad.go)',
        source: 'kubevirt pkg/virt-controller/services/multus_annotations.go@v1.1.1:99-101; pkg/network/multus/nad.go@v1.9.0:36-50',
      },
    ],
  },
  check(ctx) {
    if (ctx.version.isOlderThan(V1_1_1) && ctx.cluster.gateOn(Gates.NETWORK_BINDING_PLUGINS) !== false) reportNadless(ctx);
    const byName = new Map<string, BindingUse[]>();
    for (const use of bindingUses(ctx)) {
      const l = byName.get(use.name) ?? [];
      l.push(use);
      byName.set(use.name, l);
    }
    for (const reg of registrations(ctx)) {
      const ref = str(dig(reg.value, 'networkAttachmentDefinition'));
      // a malformed reference is reported by registration-value, not once more as unresolved here
      if (!ref || nadReferenceProblem(ref) !== undefined) continue;
      const path = join(reg.path, 'networkAttachmentDefinition');
      if (ref.includes('/')) {
        const r = resolveNad(ctx, ref, '');
        if (!r.found) reportUnresolved(ctx, reg.owner, path, `registration "${reg.name}" networkAttachmentDefinition`, ref, r.namespace, r.name);
        continue;
      }
      // No namespace: resolved per VM namespace; report on the VM that would fail, once per namespace.
      const seen = new Set<string>();
      for (const use of byName.get(reg.name) ?? []) {
        if (seen.has(use.namespace)) continue;
        seen.add(use.namespace);
        const r = resolveNad(ctx, ref, use.namespace);
        if (!r.found) reportUnresolved(ctx, use.entry, use.path, `binding "${reg.name}"'s networkAttachmentDefinition`, ref, r.namespace, r.name);
      }
    }
    const specs = ctx.vmiSpecs;
    for (let s = 0; s < specs.length; s++) {
      const view = specs[s];
      const nets = list(view.spec.networks);
      for (let i = 0; i < nets.length; i++) {
        const net = nets[i];
        const multus = isObject(net) ? net.multus : undefined;
        const ref = isObject(multus) ? str(multus.networkName) : undefined;
        // a malformed reference is reported by multus-network-name
        if (!ref || nadReferenceProblem(ref) !== undefined) continue;
        const r = resolveNad(ctx, ref, view.namespace);
        if (!r.found) reportUnresolved(ctx, view.entry, join(view.path, 'networks', i, 'multus', 'networkName'), 'multus networkName', ref, r.namespace, r.name);
      }
    }
  },
};

/**
 * The NAD's spec.config is the CNI configuration Multus hands to the plugin (CNI spec: a network configuration with
 * `type`, or a configuration list with `plugins`). Broken JSON fails only when the VM's pod is wired.
 */
export const nadConfig: Rule = {
  meta: {
    id: 'nad-config',
    severity: 'error',
    versions: 'all',
    description: 'A NetworkAttachmentDefinition\'s spec.config must be a JSON object with a cniVersion and either a plugin type or a plugins list whose entries have a type; its name, when set, must be a CNI network name. Multus fails to wire the pod otherwise; nothing checks it at admission.',
    source: 'network-attachment-definition-client artifacts/networks-crd.yaml (spec.config: string); containernetworking/cni pkg/utils/utils.go ValidateNetworkName; user guide network_binding_plugins.md "Binding NetworkAttachmentDefinition"',
    history: [
      {
        since: '1.1',
        behaviour: 'Multus hands spec.config to the CNI plugins when the pod is wired; KubeVirt never reads it, so the check does not depend '
          + 'on the KubeVirt release (no change 1.1-1.9)',
        source: 'containernetworking/cni SPEC.md (network configuration, cniVersion, type, plugins); pkg/utils/utils.go ValidateNetworkName',
      },
    ],
  },
  check(ctx) {
    for (const e of ctx.byKind('NetworkAttachmentDefinition')) {
      if (e.group !== 'k8s.cni.cncf.io') continue;
      const config = dig(e.manifest, 'spec', 'config');
      if (config === undefined) {
        // A NAD with no config is allowed for resource-only networks (SR-IOV); KubeVirt's binding NADs need one.
        continue;
      }
      if (typeof config !== 'string') {
        ctx.report(e, 'spec.config', `spec.config must be a string holding CNI JSON, got ${show(config)}`);
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(config);
      } catch (err) {
        ctx.report(e, 'spec.config', `spec.config is not valid JSON: ${String((err as Error).message).replace(/\.$/, '').toLowerCase()}`);
        continue;
      }
      if (!isObject(parsed)) {
        ctx.report(e, 'spec.config', `spec.config must be a JSON object, got ${show(parsed)}`);
        continue;
      }
      if (parsed.name !== undefined && (typeof parsed.name !== 'string' || !CNI_NETWORK_NAME.test(parsed.name))) {
        ctx.report(e, 'spec.config', `spec.config name is ${show(parsed.name)}; accepted: a cni network name of letters, digits, "_", "." and "-", starting with a letter or digit`);
      }
      if (typeof parsed.cniVersion !== 'string' || parsed.cniVersion === '') {
        ctx.report(e, 'spec.config', `spec.config has no cniVersion; set it, e.g. "1.0.0" or "0.3.1"`);
      }
      if (Array.isArray(parsed.plugins)) {
        if (parsed.plugins.length === 0) ctx.report(e, 'spec.config', 'spec.config plugins list is empty; add at least one plugin with a type');
        parsed.plugins.forEach((p, i) => {
          if (typeof dig(p, 'type') !== 'string') ctx.report(e, 'spec.config', `spec.config plugins[${i}] has no type; every plugin needs "type"`);
        });
      } else if (parsed.plugins !== undefined) {
        ctx.report(e, 'spec.config', `spec.config plugins must be a list, got ${show(parsed.plugins)}`);
      } else if (typeof parsed.type !== 'string') {
        ctx.report(e, 'spec.config', 'spec.config has neither "type" nor "plugins"; a single plugin needs "type", a chain needs "plugins"');
      }
    }
  },
};

/** Two objects of one group, kind, namespace and name: the later silently replaces the earlier when applied. */
export const duplicateObject: Rule = {
  meta: {
    id: 'duplicate-object',
    severity: 'error',
    versions: 'all',
    description: 'Two objects share group, kind, namespace and name. The API server keeps one; GitOps tools report a conflict or apply whichever comes last.',
    source: 'kubernetes object identity (group, kind, namespace, name); cdk8s FILE_PER_RESOURCE naming (cdk8s-team/cdk8s#2821)',
    history: [
      {
        since: '1.1',
        behaviour: 'an object is identified by group, kind, namespace and name; this does not depend on the KubeVirt release',
        source: 'kubernetes apimachinery pkg/apis/meta/v1 ObjectMeta (name unique per namespace and resource)',
      },
    ],
  },
  check(ctx) {
    // kind -> group -> namespace -> name -> first object (nested maps: no key string per object)
    const seen = new Map<string, Map<string, Map<string, Map<string, Entry>>>>();
    const entries = ctx.entries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (!e.ref.kind || !e.ref.name) continue;
      let byGroup = seen.get(e.ref.kind);
      if (!byGroup) seen.set(e.ref.kind, byGroup = new Map());
      const group = e.group;
      let byNs = byGroup.get(group);
      if (!byNs) byGroup.set(group, byNs = new Map());
      // an object without namespace lands in default, like the rules' VMs and NAD lookups
      const ns = e.ref.namespace || 'default';
      let names = byNs.get(ns);
      if (!names) byNs.set(ns, names = new Map());
      const first = names.get(e.ref.name);
      if (first) ctx.report(e, 'metadata.name', `object ${describeRef(e.ref)} is defined twice (object #${first.index + 1} and #${e.index + 1}); rename one or remove it`);
      else names.set(e.ref.name, e);
    }
  },
};

const kubevirtCrs = (ctx: RuleContext) => ctx.cluster.sources.filter((e) => e.ref.kind === 'KubeVirt');

/**
 * kubevirt pkg/virt-operator/webhooks/kubevirt-update-admitter.go:504-528 (v1.8.0), :508-532 (v1.9.0): a gate in both
 * lists is rejected, but only when a KubeVirt CR is updated and its gate lists change (:117-119 at v1.8.0,
 * featureGatesChanged :444-456). The create admitter checks the schema and that no other KubeVirt CR exists, nothing
 * else (kubevirt-create-admitter.go:54-71 at v1.9.0, the same from v1.1.0): a CR created with a gate in both lists is
 * accepted, and then featureGates wins (pkg/virt-config/featuregate/feature-gates.go:89-112 at v1.9.0). A GitOps sync
 * of a CR that exists is an update. disabledFeatureGates arrives in v1.8.0 (commit cd65d977).
 */
export const featureGateConflict: Rule = {
  meta: {
    id: 'feature-gate-conflict',
    severity: 'error',
    versions: 'all (disabledFeatureGates from 1.8)',
    description: 'A gate is in both featureGates and disabledFeatureGates: virt-operator rejects the KubeVirt CR when it is updated with '
      + 'changed gate lists (a GitOps sync of an existing CR is an update); when the CR is created it is accepted and featureGates wins. '
      + 'Or disabledFeatureGates is used on a release older than 1.8, which prunes it.',
    source: 'kubevirt pkg/virt-operator/webhooks/kubevirt-update-admitter.go:117-119, 504-528 (v1.8.0), :508-532 (v1.9.0); '
      + 'kubevirt-create-admitter.go:54-71 (v1.9.0); pkg/virt-config/featuregate/feature-gates.go:89-112 (v1.9.0); types.go:3620',
    history: [
      {
        since: '1.1',
        behaviour: 'KubeVirt has no disabledFeatureGates: an unknown field of the CRD, refused by strict field validation or pruned (an '
          + 'error: nothing is disabled)',
        source: 'kubevirt staging/src/kubevirt.io/api/core/v1/types.go@v1.1.0:2529 (DeveloperConfiguration, no DisabledFeatureGates up to v1.7.0)',
      },
      {
        since: '1.8',
        behaviour: 'disabledFeatureGates is new; a gate in both lists is rejected when an update changes the lists ("feature gate \"X\" '
          + 'exists on both \"FeatureGates\" and \"DisabledFeatureGates\""); the webhook handles updates only, and when a CR is created '
          + 'with both the enable wins',
        source: 'kubevirt pkg/virt-operator/webhooks/kubevirt-update-admitter.go@v1.8.0:504-528; pkg/virt-operator/resource/generate/components/webhooks.go@v1.8.0:116-130',
      },
    ],
  },
  check(ctx) {
    for (const e of kubevirtCrs(ctx)) {
      const dev = dig(e.manifest, 'spec', 'configuration', 'developerConfiguration');
      const disabled = dig(dev, 'disabledFeatureGates');
      if (disabled === undefined) continue;
      const base = 'spec.configuration.developerConfiguration';
      if (ctx.version.isOlderThan(KubeVirtVersion.V1_8)) {
        ctx.report(e, join(base, 'disabledFeatureGates'), `disabledFeatureGates is not in kubevirt ${ctx.version}; it is first in kubevirt 1.8`);
        continue;
      }
      const enabled = new Set(list(dig(dev, 'featureGates')).filter((g): g is string => typeof g === 'string'));
      list(disabled).forEach((g, i) => {
        if (typeof g === 'string' && enabled.has(g)) {
          ctx.report(e, join(base, 'disabledFeatureGates', i), `feature gate "${g}" is both enabled and disabled; keep it in one list: virt-operator rejects the change when the KubeVirt CR is updated (a sync of an existing CR), and when the CR is created featureGates wins (kubevirt: feature gate "${g}" exists on both "FeatureGates" and "DisabledFeatureGates")`);
        }
      });
    }
  },
};

/** virt-operator's warnings for the deprecated gates (kubevirt pkg/virt-config/deprecation/passt.go@v1.2.0:28, macvtap.go@v1.2.0:26). */
const DEPRECATED_GATE_TEXT = {
  [Gates.PASST]: 'Passt network binding will be deprecated next release. Please refer to Kubevirt user guide for alternatives.',
  [Gates.MACVTAP]: 'Macvtap network binding will be deprecated next release. Please refer to Kubevirt user guide for alternatives.',
} as const;

/** ... and for the discontinued ones (kubevirt pkg/virt-config/featuregate/passt.go@v1.9.0:27, macvtap.go@v1.9.0:26). */
const DISCONTINUED_GATE_TEXT = {
  [Gates.PASST]: 'Passt network binding is discontinued since v1.3. Please refer to Kubevirt user guide for alternatives.',
  [Gates.MACVTAP]: 'Macvtap network binding is discontinued since v1.3. Please refer to Kubevirt user guide for alternatives.',
} as const;

/**
 * kubevirt pkg/virt-config/featuregate/feature-gates.go:49 and kubevirt-update-admitter.go:462-473: listing a GA or
 * deprecated gate makes virt-operator warn; a discontinued gate can never be enabled. The warning comes only when a
 * KubeVirt CR is updated with changed gate lists (kubevirt-update-admitter.go:127-130 at v1.9.0, :115-118 at
 * v1.1.0); creating the CR gives none (kubevirt-create-admitter.go:54-71).
 */
export const featureGateRedundant: Rule = {
  meta: {
    id: 'feature-gate-redundant',
    severity: 'warning',
    versions: 'all',
    description: 'virt-operator warns about a listed gate that is GA in the target release (e.g. NetworkBindingPlugins from 1.5: it can be '
      + 'removed), deprecated (Passt, Macvtap in 1.2: they still switch core passt and macvtap on) or discontinued (Passt, Macvtap from '
      + '1.3: they do nothing); an empty name does nothing either. The warnings come when the KubeVirt CR is updated with changed gate lists (as a GitOps sync of an existing CR is), not when it is created.',
    source: 'kubevirt pkg/virt-config/featuregate/feature-gates.go:49; pkg/virt-operator/webhooks/kubevirt-update-admitter.go:127-130, 462-473 (v1.9.0); kubevirt-create-admitter.go:54-71',
    history: [
      {
        since: '1.1',
        behaviour: 'virt-operator warns about listed GA gates when the gate list changes; none of the network gates this library tracks is '
          + 'GA or deprecated yet',
        source: 'kubevirt pkg/virt-operator/webhooks/kubevirt-update-admitter.go@v1.1.0:449-460',
      },
      {
        since: '1.2',
        behaviour: 'Passt and Macvtap are deprecated: virt-operator warns with their own text ("Passt network binding will be deprecated next '
          + 'release. ..."), and they still switch core passt and macvtap on',
        source: 'kubevirt pkg/virt-config/deprecation/feature-gates.go@v1.2.0:59-60; pkg/virt-config/deprecation/passt.go@v1.2.0:28',
      },
      {
        since: '1.3',
        behaviour: 'Passt and Macvtap are discontinued: the warning says so, and the gates no longer enable anything usable',
        source: 'kubevirt pkg/virt-config/deprecation/feature-gates.go@v1.3.0:66-67; pkg/virt-config/deprecation/passt.go@v1.3.0:26',
      },
      {
        since: '1.5',
        behaviour: 'NetworkBindingPlugins is GA: listing it draws the GA warning ("... is deprecated (feature state is \"General '
          + 'Availability\"), therefore it can be safely removed and is redundant")',
        source: 'kubevirt pkg/virt-config/featuregate/inactive.go@v1.5.0:99; pkg/virt-config/featuregate/feature-gates.go@v1.5.0:47-48',
      },
    ],
  },
  check(ctx) {
    for (const e of kubevirtCrs(ctx)) {
      list(dig(e.manifest, 'spec', 'configuration', 'developerConfiguration', 'featureGates')).forEach((g, i) => {
        if (typeof g !== 'string') return;
        const path = join('spec.configuration.developerConfiguration.featureGates', i);
        if (g.trim() === '') {
          ctx.report(e, path, `feature gate ${show(g)} is empty and switches nothing on; remove it from featureGates`);
          return;
        }
        const state = gateState(g, ctx.version);
        if (state === 'ga') {
          // kubevirt featuregate.State GA = "General Availability"; warning pattern of feature-gates.go:49
          ctx.report(e, path, `feature gate "${g}" is ga in kubevirt ${ctx.version}, so it is always on; remove it from featureGates (virt-operator warns when the KubeVirt CR is updated with changed gate lists; kubevirt: feature gate ${g} is deprecated (feature state is "General Availability"), therefore it can be safely removed and is redundant)`);
        } else if (state === 'deprecated') {
          // kubevirt pkg/virt-config/deprecation/passt.go@v1.2.0:28, macvtap.go@v1.2.0:26: virt-operator's warning; the gate still works
          const text = DEPRECATED_GATE_TEXT[g as keyof typeof DEPRECATED_GATE_TEXT];
          ctx.report(e, path, `feature gate "${g}" is deprecated in kubevirt ${ctx.version}; it still switches core ${g.toLowerCase()} on, but core ${g.toLowerCase()} is discontinued in 1.3: move to its binding plugin and remove the gate${text ? ` (kubevirt: ${text})` : ''}`);
        } else if (state === 'discontinued') {
          // kubevirt pkg/virt-config/deprecation/feature-gates.go@v1.3.0:66-67 (featuregate/inactive.go from v1.5.0): it does
          // nothing a VM may use; virt-operator warns with the discontinue message (passt.go@v1.3.0:26, macvtap.go@v1.3.0:26)
          const text = DISCONTINUED_GATE_TEXT[g as keyof typeof DISCONTINUED_GATE_TEXT];
          ctx.report(e, path, `feature gate "${g}" is discontinued in kubevirt ${ctx.version} and can never be enabled; remove it from featureGates${text ? ` (kubevirt: ${text})` : ''}`);
        }
      });
    }
  },
};

/**
 * kubevirt pkg/network/admitter/binding.go:102-110 (v1.4.0): before 1.5 a VM with a `binding` interface is rejected
 * unless NetworkBindingPlugins is listed. Registering bindings without the gate leaves them unusable.
 */
export const registrationNeedsGate: Rule = {
  meta: {
    id: 'registration-needs-gate',
    severity: 'warning',
    versions: '1.1-1.4',
    description: 'The KubeVirt CR registers binding plugins but does not list the NetworkBindingPlugins gate, which 1.1 to 1.4 need: every VM that uses one of the bindings is rejected.',
    source: 'kubevirt pkg/network/admitter/binding.go:102-110 (v1.4.0); pkg/virt-config/featuregate/inactive.go (GA in v1.5.0)',
    history: [
      {
        since: '1.1',
        behaviour: 'registrations are accepted without the NetworkBindingPlugins gate, but every VM using one is rejected ("Binding plugins '
          + 'feature gate is not enabled"), and virt-controller renders no binding network for them: a warning on the CR (the VMs get '
          + 'binding-plugins-gate errors). Beta in 1.4, still only on when listed',
        source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go@v1.1.0:344-345; '
          + 'pkg/virt-controller/services/multus_annotations.go@v1.1.0:73; pkg/network/admitter/binding.go@v1.4.0:102-110',
      },
      {
        since: '1.5',
        behaviour: 'the gate is GA: registrations need no gate',
        source: 'kubevirt pkg/network/admitter/binding.go@v1.5.0:34-46; pkg/virt-config/featuregate/inactive.go@v1.5.0:65,99',
      },
    ],
  },
  check(ctx) {
    if (!needsBindingPluginsGate(ctx.version)) return;
    for (const e of kubevirtCrs(ctx)) {
      const map = obj(dig(e.manifest, 'spec', 'configuration', 'network', 'binding'));
      if (!map || Object.keys(map).length === 0) continue;
      const gates = list(dig(e.manifest, 'spec', 'configuration', 'developerConfiguration', 'featureGates'));
      if (!gates.includes(Gates.NETWORK_BINDING_PLUGINS)) {
        ctx.report(e, 'spec.configuration.developerConfiguration.featureGates', `kubevirt ${ctx.version} needs feature gate "${Gates.NETWORK_BINDING_PLUGINS}" listed to use the registered bindings (${Object.keys(map).sort().join(', ')}); add it to featureGates (kubevirt: Binding plugins feature gate is not enabled)`);
      }
    }
  },
};

/**
 * hyperconverged-cluster-operator controllers/handlers/kubevirt.go:590-602, 857-862: HCO always injects a binding
 * named l2bridge (managedTap, migration {}) for primary user-defined networks, replacing any user entry.
 */
export const hcoReservedBinding: Rule = {
  meta: {
    id: 'hco-reserved-binding',
    severity: 'warning',
    versions: 'all',
    description: 'A HyperConverged CR registers a binding named l2bridge; HCO owns that name and silently overwrites the entry with its own '
      + '(managedTap, migration {}) in the KubeVirt CR it writes, so the setting is accepted and ignored.',
    source: 'hyperconverged-cluster-operator controllers/handlers/kubevirt.go:590-602, 857-862 (getNetworkBindings)',
    history: [
      {
        since: '1.1',
        behaviour: 'HCO copies spec.networkBinding (v1beta1) or spec.networking.networkBinding (v1) into the KubeVirt CR and then sets '
          + 'l2bridge to its own primary user-defined-network binding, replacing a user entry of that name; nothing rejects the entry '
          + '(a warning). This follows HCO\'s code, not a KubeVirt release: older HCO releases without the primary UDN binding keep the entry',
        source: 'hyperconverged-cluster-operator controllers/handlers/kubevirt.go (getNetworkBindings, primaryUDNNetworkBindingName = "l2bridge")',
      },
    ],
  },
  check(ctx) {
    for (const reg of ctx.cluster.registrations.get('l2bridge') ?? []) {
      if (reg.owner.ref.kind === 'HyperConverged' && !reg.implicit) {
        ctx.report(reg.owner, reg.path, 'binding name "l2bridge" is reserved by hco, which silently replaces this entry with {domainAttachmentType: managedTap, migration: {}}; choose another name');
      }
    }
  },
};

/** Moved to ./images (it checks DaemonSet images too); exported here as before. */
export { sidecarImagePinned } from './images';

/**
 * Policy: a binding name is a key of the registration map, which KubeVirt's CRD does not restrict (kubevirt types.go
 * NetworkConfiguration.Binding is a map[string]InterfaceBindingPlugin). This library keeps names to letters,
 * digits, `.`, `-` and `_`, starting and ending with a letter or digit (src/rules/patterns.ts BINDING_NAME).
 */
export const bindingName: Rule = {
  meta: {
    id: 'binding-name',
    severity: 'warning',
    policy: true,
    versions: 'all',
    description: 'A binding registration\'s name (its key) is empty or has characters other than letters, digits, `.`, `-` and `_`, or does not start and end with a letter or digit. KubeVirt accepts any key; this house rule keeps names safe to use in annotations, labels and file names.',
    source: 'kubevirt staging/src/kubevirt.io/api/core/v1/types.go NetworkConfiguration.Binding (map key, no pattern); this library\'s src/rules/patterns.ts BINDING_NAME',
    history: [
      {
        since: '1.1',
        behaviour: 'house policy: the registration map\'s keys have no pattern in KubeVirt\'s CRD at any release (checked 1.1 and 1.9)',
        source: 'kubevirt pkg/virt-operator/resource/generate/components/validations_generated.go@v1.1.0:642 and @v1.9.0:639 (key "kubevirt", network.binding additionalProperties)',
      },
    ],
  },
  check(ctx) {
    for (const reg of registrations(ctx)) {
      if (BINDING_NAME.test(reg.name)) continue;
      ctx.report(reg.owner, reg.path, `binding name ${show(reg.name)} is not accepted; use letters, digits, ".", "-" and "_", starting and ending with a letter or digit`);
    }
  },
};

/**
 * Policy: the user guide recommends the binding NAD in the VM's own namespace "for security reasons"
 * (network_binding_plugins.md "Binding NetworkAttachmentDefinition").
 */
export const nadOtherNamespace: Rule = {
  meta: {
    id: 'nad-other-namespace',
    severity: 'warning',
    policy: true,
    versions: 'all',
    description: 'A VM uses a binding whose NetworkAttachmentDefinition lives in another namespace. It works, but the user guide recommends the VM\'s own namespace for security.',
    source: 'user guide docs/network/network_binding_plugins.md "Binding NetworkAttachmentDefinition"',
    history: [
      {
        since: '1.1',
        behaviour: 'house policy after the user guide: a NAD in another namespace resolves (pkg/network/multus/nad.go) and works at every '
          + 'release; the guide recommends the VM\'s own namespace',
        source: 'user guide docs/network/network_binding_plugins.md "Binding NetworkAttachmentDefinition"; kubevirt pkg/network/multus/nad.go@v1.9.0:36-50',
      },
    ],
  },
  check(ctx) {
    const seen = new Set<BindingUse>();
    const uses = bindingUses(ctx);
    for (let i = 0; i < uses.length; i++) {
      const use = uses[i];
      const regs = ctx.cluster.registrations.get(use.name);
      if (!regs) continue;
      for (const reg of regs) {
        const ref = str(dig(reg.value, 'networkAttachmentDefinition'));
        if (!ref || !ref.includes('/')) continue;
        const { namespace } = splitNamespacedName(ref, use.namespace);
        if (namespace !== use.namespace && !seen.has(use)) {
          seen.add(use);
          ctx.report(use.entry, use.path, `binding "${use.name}" uses NetworkAttachmentDefinition "${ref}" from namespace ${namespace}, not the VM's namespace ${use.namespace}; the user guide recommends the VM's own namespace`);
        }
      }
    }
  },
};

/**
 * What the core passt binding's gate needs at a release: PasstBinding is beta in 1.8, on only when listed, and on by
 * default from 1.9 (kubevirt pkg/virt-config/featuregate/active.go@v1.8.0:155-156, 268; beta gates on by default from
 * v1.9.0, featuregate/feature-gates.go@v1.9.0:89-112). Under HCO the KubeVirt CR's gates are HCO's: it follows the
 * HyperConverged annotation hco.kubevirt.io/deployPasstNetworkBinding (hyperconverged-cluster-operator
 * controllers/handlers/kubevirt.go:63, 961).
 */
export function passtBindingGateAdvice(version: KubeVirtVersion, hco: boolean): string {
  if (version.isAtLeast(KubeVirtVersion.V1_9)) return 'its gate PasstBinding is on by default';
  return hco
    ? 'gate PasstBinding, beta: set the annotation hco.kubevirt.io/deployPasstNetworkBinding: "true" on the HyperConverged CR'
    : 'gate PasstBinding, beta: list it in featureGates';
}

/**
 * user guide docs/network/net_binding_plugins/passt.md:3-4 ("replaced in v1.8.0 with a core binding"); kubevirt
 * pkg/network/admitter/passt.go: core `passtBinding: {}` needs no registration.
 */
export const passtPluginSuperseded: Rule = {
  meta: {
    id: 'passt-plugin-superseded',
    severity: 'warning',
    versions: '1.8+',
    description: 'The passt binding plugin is registered on a release that has the core passtBinding, which replaces it (user guide: passt plugin [v1.1.0-v1.8.0]).',
    source: 'user guide docs/network/net_binding_plugins/passt.md:3-4; kubevirt pkg/network/admitter/passt.go@v1.8.0:29-48',
    history: [
      {
        since: '1.8',
        behaviour: 'the core passtBinding arrives and replaces the passt binding plugin, which still works (a warning); the gate for seamless '
          + 'migration with the plugin, PasstIPStackMigration, is discontinued ("Seamless migration with passt network binding plugin is no '
          + 'longer supported since KubeVirt v1.8. Please use the passt core binding instead.")',
        source: 'kubevirt pkg/network/admitter/passt.go@v1.8.0:29-48; pkg/virt-config/featuregate/inactive.go@v1.8.0:153; featuregate/passt.go@v1.8.0:28',
      },
    ],
  },
  check(ctx) {
    if (ctx.version.isOlderThan(KubeVirtVersion.V1_8)) return;
    for (const reg of registrations(ctx)) {
      const image = str(dig(reg.value, 'sidecarImage')) ?? '';
      if (/\/network-passt-binding[:@]/.test(image)) {
        ctx.report(reg.owner, join(reg.path, 'sidecarImage'), `registration "${reg.name}" uses the passt binding plugin, replaced in kubevirt 1.8 by the core binding; `
          + `use interfaces[].passtBinding: {} instead (${passtBindingGateAdvice(ctx.version, reg.owner.ref.kind === 'HyperConverged')}), then drop the registration, its nad `
          + 'and the passt cni daemonset');
      }
    }
  },
};

/**
 * The shape of what the other cluster rules read: the binding map is a map of objects, gate lists are lists of
 * names (CRD schema: kubevirt validations_generated.go, key "kubevirt"; HCO api/v1beta1 and api/v1 types). The
 * apiserver rejects other shapes; the other rules skip them.
 */
export const clusterStructure: Rule = {
  meta: {
    id: 'cluster-structure',
    severity: 'error',
    versions: 'all',
    description: 'A KubeVirt or HyperConverged CR holds its binding registrations as a map and its feature gates as lists of names; the API server rejects other shapes.',
    source: 'kubevirt validations_generated.go (key "kubevirt"); types.go:3615, 3620, 3774 (v1.9.0); hyperconverged-cluster-operator api/v1beta1/hyperconverged_types.go:270',
    history: [
      {
        since: '1.1',
        behaviour: 'the KubeVirt CRD types network.binding as a map of objects and featureGates as a list of strings; disabledFeatureGates '
          + '(1.8+) likewise. No change 1.1-1.9',
        source: 'kubevirt pkg/virt-operator/resource/generate/components/validations_generated.go@v1.1.0:642; validations_generated.go@v1.9.0:639',
      },
    ],
  },
  check(ctx) {
    for (const e of ctx.cluster.sources) {
      const mapPath = registrationMapPath(e)!;
      const map = dig(e.manifest, ...mapPath);
      if (map !== undefined && map !== null && !isObject(map)) {
        ctx.report(e, mapPath.join('.'), `${mapPath.join('.')} must be a map from binding name to registration, got ${show(map)}`);
      }
      if (e.ref.kind !== 'KubeVirt') continue;
      for (const key of ['featureGates', 'disabledFeatureGates']) {
        const path = `spec.configuration.developerConfiguration.${key}`;
        const gates = dig(e.manifest, 'spec', 'configuration', 'developerConfiguration', key);
        if (gates === undefined || gates === null) continue;
        if (!Array.isArray(gates)) {
          ctx.report(e, path, `${path} must be a list of gate names, got ${show(gates)}`);
          continue;
        }
        gates.forEach((g, i) => {
          if (typeof g !== 'string') ctx.report(e, join(path, i), `${join(path, i)} must be a gate name, got ${show(g)}`);
        });
      }
    }
  },
};

export const CLUSTER_RULES: readonly Rule[] = [
  clusterStructure,
  duplicateObject,
  bindingRegistered,
  registrationFieldVersion,
  registrationValues,
  registrationOverhead,
  registrationNeedsGate,
  hcoReservedBinding,
  nadResolves,
  nadConfig,
  featureGateConflict,
  featureGateRedundant,
  bindingName,
  nadOtherNamespace,
  passtPluginSuperseded,
];
