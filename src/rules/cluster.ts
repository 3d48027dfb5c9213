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
    source: 'kubevirt pkg/network/netbinding/netbinding.go:54-56; pkg/network/multus/annotation.go:129-132',
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
    description: 'A binding registration uses a field the target release does not have, or no release has. The API server prunes unknown fields, so the setting silently disappears.',
    source: 'kubevirt staging/src/kubevirt.io/api/core/v1/types.go InterfaceBindingPlugin (v1.9.0 :3777-3805)',
  },
  check(ctx) {
    for (const reg of registrations(ctx)) {
      if (!isObject(reg.value)) {
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

function checkEnum(ctx: RuleContext, reg: Registration, field: string, path: string, value: unknown, allowEmpty: boolean) {
  const allowed = REGISTRATION_VALUES[field];
  const names = Object.keys(allowed);
  if (allowEmpty && (value === undefined || value === '')) return;
  const known = typeof value === 'string' ? ownEntry(allowed, value) : undefined;
  if (!known) {
    ctx.report(reg.owner, path, `registration "${reg.name}" ${field} is ${show(value)}; accepted: ${names.map((n) => `"${n}"`).join(', ')}${allowEmpty ? ' or empty' : ''}`);
  } else if (ctx.version.isOlderThan(known.since)) {
    ctx.report(reg.owner, path, `registration "${reg.name}" ${field} "${value}" is not in kubevirt ${ctx.version}; it is first in kubevirt ${known.since}`);
  }
}

/**
 * kubevirt types.go consts Tap/ManagedTap (:3827,:3830), LinkRefresh (:3852), DeviceInfo (:3839). The CRD types
 * these as plain strings (validations_generated.go, key "kubevirt"), and the virt-operator webhook does not look at
 * bindings (kubevirt pkg/virt-operator/webhooks/kubevirt-update-admitter.go:67-152), so nobody else rejects a typo.
 */
export const registrationValues: Rule = {
  meta: {
    id: 'registration-value',
    severity: 'error',
    versions: 'all',
    description: 'A registration value is outside its allowed set (domainAttachmentType tap|managedTap, migration.method link-refresh, downwardAPI device-info), of the wrong type, or newer than the target release; sidecarImage is empty; or networkAttachmentDefinition is not `<name>` or `<namespace>/<name>` (namespace a DNS-1123 label, name a DNS-1123 subdomain), so the NAD can never be found. KubeVirt does not validate these at admission.',
    source: 'kubevirt types.go InterfaceBindingPlugin consts (v1.9.0 :3827-3852); pkg/virt-operator/webhooks/kubevirt-update-admitter.go:67-152; pkg/network/multus/nad.go:36-50 (NAD reference); k8s apimachinery pkg/util/validation/validation.go (IsDNS1123Label, IsDNS1123Subdomain)',
  },
  check(ctx) {
    for (const reg of registrations(ctx)) {
      const r = obj(reg.value);
      if (!r) continue;
      if (r.sidecarImage !== undefined && (typeof r.sidecarImage !== 'string' || r.sidecarImage.trim() === '')) {
        ctx.report(reg.owner, join(reg.path, 'sidecarImage'), `registration "${reg.name}" sidecarImage must be a non-empty image reference, got ${show(r.sidecarImage)}`);
      }
      if (r.networkAttachmentDefinition !== undefined) {
        const nad = r.networkAttachmentDefinition;
        const problem = typeof nad === 'string' ? nadReferenceProblem(nad) : 'it is not a string';
        if (problem !== undefined) {
          ctx.report(reg.owner, join(reg.path, 'networkAttachmentDefinition'), `registration "${reg.name}" networkAttachmentDefinition is ${show(nad)}: ${problem}; accepted: ${NAD_REFERENCE_TEXT}`);
        }
      }
      if (r.domainAttachmentType !== undefined) checkEnum(ctx, reg, 'domainAttachmentType', join(reg.path, 'domainAttachmentType'), r.domainAttachmentType, false);
      if (r.migration !== undefined) {
        if (!isObject(r.migration)) {
          ctx.report(reg.owner, join(reg.path, 'migration'), `registration "${reg.name}" migration must be an object ({} or {method: link-refresh}), got ${show(r.migration)}`);
        } else {
          checkEnum(ctx, reg, 'migration.method', join(reg.path, 'migration', 'method'), r.migration.method, true);
          for (const k of Object.keys(r.migration)) {
            if (k !== 'method') ctx.report(reg.owner, join(reg.path, 'migration', k), `registration "${reg.name}" migration has unknown field "${k}"; accepted: method`);
          }
        }
      }
      if (r.downwardAPI !== undefined) checkEnum(ctx, reg, 'downwardAPI', join(reg.path, 'downwardAPI'), r.downwardAPI, false);
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
    description: 'computeResourceOverhead must hold requests.memory as a valid quantity. KubeVirt adds only the memory request to the virt-launcher compute container; limits and other resources are ignored (reported as warnings).',
    source: 'kubevirt pkg/network/resources/memory.go:51-95; user guide network_binding_plugins.md "Compute Resource Overhead"',
  },
  check(ctx) {
    // before 1.3 the field does not exist; registration-field reports it
    if (ctx.version.isOlderThan(KubeVirtVersion.V1_3)) return;
    for (const reg of registrations(ctx)) {
      const overhead = dig(reg.value, 'computeResourceOverhead');
      if (overhead === undefined) continue;
      const path = join(reg.path, 'computeResourceOverhead');
      if (!isObject(overhead)) {
        ctx.report(reg.owner, path, `registration "${reg.name}" computeResourceOverhead must be an object {requests: {memory: <quantity>}}, got ${show(overhead)}`);
        continue;
      }
      for (const k of Object.keys(overhead)) {
        if (k !== 'requests') ctx.report(reg.owner, join(path, k), `registration "${reg.name}" computeResourceOverhead.${k} is ignored by kubevirt; only requests.memory is added to the virt-launcher pod`, 'warning');
      }
      const requests = overhead.requests;
      if (requests === undefined) {
        ctx.report(reg.owner, path, `registration "${reg.name}" computeResourceOverhead has no requests.memory; set requests.memory to a quantity such as "250Mi"`);
        continue;
      }
      if (!isObject(requests)) {
        ctx.report(reg.owner, join(path, 'requests'), `registration "${reg.name}" computeResourceOverhead.requests must be an object {memory: <quantity>}, got ${show(requests)}`);
        continue;
      }
      for (const k of Object.keys(requests)) {
        if (k !== 'memory') ctx.report(reg.owner, join(path, 'requests', k), `registration "${reg.name}" computeResourceOverhead.requests.${k} is ignored by kubevirt; only memory is added to the virt-launcher pod`, 'warning');
      }
      const memory = requests.memory;
      if (memory === undefined) {
        ctx.report(reg.owner, join(path, 'requests'), `registration "${reg.name}" computeResourceOverhead.requests has no memory; set memory to a quantity such as "250Mi"`);
      } else if (!(typeof memory === 'number' && memory >= 0) && !(typeof memory === 'string' && QUANTITY_PATTERN.test(memory))) {
        ctx.report(reg.owner, join(path, 'requests', 'memory'), `registration "${reg.name}" computeResourceOverhead.requests.memory is ${show(memory)}; accepted: a kubernetes quantity such as "250Mi" or "1Gi"`);
      }
    }
  },
};

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
    source: 'kubevirt pkg/network/multus/nad.go:36-50; pkg/network/multus/annotation.go:123-149; schema.go:1806-1808',
  },
  check(ctx) {
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
    description: 'A listed gate is GA in the target release (e.g. NetworkBindingPlugins from 1.5), so virt-operator warns that it can be removed '
      + '(when the KubeVirt CR is updated with changed gate lists, as a GitOps sync of an existing CR is; not when it is created); or it is '
      + 'discontinued, or an empty name, and does nothing. A deprecated gate still switches its feature on and is not reported.',
    source: 'kubevirt pkg/virt-config/featuregate/feature-gates.go:49; pkg/virt-operator/webhooks/kubevirt-update-admitter.go:127-130, 462-473 (v1.9.0); kubevirt-create-admitter.go:54-71',
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
        } else if (state === 'discontinued') {
          // a deprecated gate (Passt, Macvtap in 1.2) still switches its core binding on, so it is left alone here;
          // a discontinued one can never be enabled (pkg/virt-config/featuregate/feature-gates.go, Discontinued)
          ctx.report(e, path, `feature gate "${g}" is discontinued in kubevirt ${ctx.version} and can never be enabled; remove it from featureGates`);
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
    severity: 'error',
    versions: 'all',
    description: 'A HyperConverged CR registers a binding named l2bridge; HCO owns that name and overwrites the entry with its own (managedTap, migration {}).',
    source: 'hyperconverged-cluster-operator controllers/handlers/kubevirt.go:590-602, 857-862',
  },
  check(ctx) {
    for (const reg of ctx.cluster.registrations.get('l2bridge') ?? []) {
      if (reg.owner.ref.kind === 'HyperConverged' && !reg.implicit) {
        ctx.report(reg.owner, reg.path, 'binding name "l2bridge" is reserved by hco, which replaces this entry with {domainAttachmentType: managedTap, migration: {}}; choose another name');
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
 * user guide docs/network/net_binding_plugins/passt.md:3-4 ("replaced in v1.8.0 with a core binding"); kubevirt
 * pkg/network/admitter/passt.go: core `passtBinding: {}` needs no registration.
 */
export const passtPluginSuperseded: Rule = {
  meta: {
    id: 'passt-plugin-superseded',
    severity: 'warning',
    versions: '1.8+',
    description: 'The passt binding plugin is registered on a release that has the core passtBinding, which replaces it (user guide: passt plugin [v1.1.0-v1.8.0]).',
    source: 'user guide docs/network/net_binding_plugins/passt.md:3-4; kubevirt pkg/network/admitter/passt.go',
  },
  check(ctx) {
    if (ctx.version.isOlderThan(KubeVirtVersion.V1_8)) return;
    for (const reg of registrations(ctx)) {
      const image = str(dig(reg.value, 'sidecarImage')) ?? '';
      if (/\/network-passt-binding[:@]/.test(image)) {
        ctx.report(reg.owner, join(reg.path, 'sidecarImage'), `registration "${reg.name}" uses the passt binding plugin, replaced in kubevirt 1.8 by the core binding; use interfaces[].passtBinding: {} instead`);
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
    source: 'kubevirt validations_generated.go (key "kubevirt"); types.go:3615, 3620, 3774; hyperconverged-cluster-operator api/v1beta1/hyperconverged_types.go:270',
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
