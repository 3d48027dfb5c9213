import { gateState, isGateOn, untrackedGateOn, Gates, KubeVirtVersion } from '../version';
import type {
  ClusterView, Entry, Finding, Manifest, ObjectRef, Registration, Rule, RuleContext, Severity, VmiSpecView,
} from './types';
import { dig, isObject, join, list, obj, str } from './util';
import { containerOf, objectAt, VMI_CONTAINER_KINDS } from './kinds';
import { applyReferences, INSTANCETYPE_GROUP, type ReferenceLookup } from './instancetype';

/** Options of one engine run. */
export interface LintOptions {
  /** The KubeVirt release the manifests are for. @default KubeVirtVersion.NEWEST */
  readonly version?: KubeVirtVersion;
  /** Policy findings become errors. @default false */
  readonly strict?: boolean;
}

/** The identity of a manifest, tolerant of missing or mistyped fields. */
export function refOf(m: Manifest): ObjectRef {
  const md = obj(m.metadata);
  const ref: { apiVersion: string; kind: string; namespace?: string; name: string } = {
    apiVersion: str(m.apiVersion) ?? '',
    kind: str(m.kind) ?? '',
    name: str(md?.name) ?? '',
  };
  // assigned, not spread in: one hidden class for every ref with a namespace
  const namespace = str(md?.namespace);
  if (namespace !== undefined) ref.namespace = namespace;
  return ref;
}

/**
 * The namespace objects are looked up in. An object without a namespace counts as in `default`, as a VM without
 * one does (its namespace when applied with kubectl's default context, and what the rules assume for VMs).
 */
const lookupNamespace = (namespace: string | undefined) => namespace || 'default';

/** The group of an apiVersion (`kubevirt.io` of `kubevirt.io/v1`; '' for the core group). */
export function groupOf(apiVersion: string): string {
  let group = groups.get(apiVersion);
  if (group === undefined) {
    const i = apiVersion.indexOf('/');
    group = i < 0 ? '' : apiVersion.slice(0, i);
    if (groups.size < 1000) groups.set(apiVersion, group);
  }
  return group;
}

/** Groups of the apiVersions seen (a few): looked up for every object by several rules. */
const groups = new Map<string, string>();

const isKubeVirtCr = (e: Entry) => e.ref.kind === 'KubeVirt' && e.group === 'kubevirt.io';
const isHcoCr = (e: Entry) => e.ref.kind === 'HyperConverged' && e.group === 'hco.kubevirt.io';

/**
 * Where a CR keeps its binding registrations:
 * - KubeVirt: `spec.configuration.network.binding` (kubevirt types.go NetworkConfiguration.Binding)
 * - HyperConverged v1beta1: `spec.networkBinding`; v1: `spec.networking.networkBinding`
 *   (hyperconverged-cluster-operator api/v1beta1/hyperconverged_types.go:270, api/v1/hyperconverged_types.go:390)
 */
export function registrationMapPath(e: Entry): string[] | undefined {
  if (isKubeVirtCr(e)) return ['spec', 'configuration', 'network', 'binding'];
  if (isHcoCr(e)) return e.ref.apiVersion === 'hco.kubevirt.io/v1beta1' ? ['spec', 'networkBinding'] : ['spec', 'networking', 'networkBinding'];
  return undefined;
}

/** The binding HCO registers on its own. */
export const HCO_L2BRIDGE = 'l2bridge';

function buildCluster(entries: readonly Entry[], version: KubeVirtVersion): ClusterView {
  const sources = entries.filter((e) => isKubeVirtCr(e) || isHcoCr(e));
  const registrations = new Map<string, Registration[]>();
  const enabled = new Set<string>();
  const disabled = new Set<string>();
  let permitBridge: boolean | undefined = sources.length > 0 ? true : undefined;
  for (const owner of sources) {
    const mapPath = registrationMapPath(owner)!;
    const map = obj(dig(owner.manifest, ...mapPath));
    for (const [name, value] of Object.entries(map ?? {})) {
      const regs = registrations.get(name) ?? [];
      regs.push({ name, value, owner, path: join(mapPath.join('.'), name) });
      registrations.set(name, regs);
    }
    if (isKubeVirtCr(owner)) {
      const dev = dig(owner.manifest, 'spec', 'configuration', 'developerConfiguration');
      for (const g of list(dig(dev, 'featureGates'))) if (typeof g === 'string') enabled.add(g);
      // disabledFeatureGates is new in v1.8.0 (types.go DeveloperConfiguration); older releases prune it
      if (version.isAtLeast(KubeVirtVersion.V1_8)) for (const g of list(dig(dev, 'disabledFeatureGates'))) if (typeof g === 'string') disabled.add(g);
      if (dig(owner.manifest, 'spec', 'configuration', 'network', 'permitBridgeInterfaceOnPodNetwork') === false) permitBridge = false;
    } else {
      // HCO always registers l2bridge for primary user-defined networks, replacing any entry of that name
      // (hyperconverged-cluster-operator controllers/handlers/kubevirt.go:590-602, 857-862).
      const regs = registrations.get(HCO_L2BRIDGE) ?? [];
      regs.push({ name: HCO_L2BRIDGE, value: { domainAttachmentType: 'managedTap', migration: {} }, owner, path: join(mapPath.join('.'), HCO_L2BRIDGE), implicit: true });
      registrations.set(HCO_L2BRIDGE, regs);
      // HCO turns NetworkBindingPlugins on in the KubeVirt CR it owns (hyperconverged-cluster-operator PR #2603).
      enabled.add(Gates.NETWORK_BINDING_PLUGINS);
      // and PasstBinding through its annotation (controllers/handlers/kubevirt.go:63,961).
      if (dig(owner.manifest, 'metadata', 'annotations', 'hco.kubevirt.io/deployPasstNetworkBinding') === 'true') enabled.add(Gates.PASST_BINDING);
    }
  }
  const enabledList = [...enabled];
  const disabledList = [...disabled];
  return {
    sources,
    registrations,
    permitBridgeInterfaceOnPodNetwork: permitBridge,
    gateOn(gate: string) {
      if (sources.length === 0) return undefined;
      if (gateState(gate, version) === undefined) return untrackedGateOn(gate, version, enabledList, disabledList);
      return isGateOn(gate, version, enabledList, disabledList);
    },
  };
}

/**
 * The VMI spec of an object of a kind that holds one (src/rules/kinds.ts), with the instancetype and preference it
 * references applied when they are among the inputs. Undefined when the spec is not an object (vmi-structure says
 * what is missing).
 */
function vmiSpecOf(e: Entry, find: ReferenceLookup, version: KubeVirtVersion): VmiSpecView | undefined {
  const container = containerOf(e);
  if (!container) return undefined;
  const raw = objectAt(e.manifest, container.spec);
  if (!raw) return undefined;
  // a template's VMIs run in the namespace of the object that owns the template
  const namespace = e.ref.namespace || 'default';
  const path = container.spec.join('.');
  const vmSpec = container.vmSpec ? objectAt(e.manifest, container.vmSpec) : undefined;
  if (!vmSpec) return { entry: e, spec: raw, path, namespace };
  const vmPath = container.vmSpec!.join('.');
  const applied = applyReferences(vmSpec, vmPath, raw, path, namespace, find, version);
  const view: { -readonly [K in keyof VmiSpecView]: VmiSpecView[K] } = { entry: e, spec: applied.spec, path, namespace, vm: { spec: vmSpec, path: vmPath } };
  if (applied.references.length > 0) view.references = applied.references;
  return view;
}

/**
 * Runs the rules over a set of manifests. Pure: it reads the manifests and returns findings, ordered by object
 * position, then path, then rule id. Objects are indexed by kind, namespace and name once; no rule scans the
 * input per object.
 */
export function runRules(rules: readonly Rule[], manifests: readonly Manifest[], options: LintOptions = {}): Finding[] {
  const version = options.version ?? KubeVirtVersion.NEWEST;
  const strict = options.strict ?? false;

  const entries: Entry[] = [];
  const byKind = new Map<string, Entry[]>();
  for (let index = 0; index < manifests.length; index++) {
    const manifest = manifests[index];
    if (!isObject(manifest)) continue;
    const ref = refOf(manifest);
    const entry: Entry = { manifest, index, ref, group: groupOf(ref.apiVersion) };
    entries.push(entry);
    const kindList = byKind.get(entry.ref.kind);
    if (kindList) kindList.push(entry);
    else byKind.set(entry.ref.kind, [entry]);
  }
  // kind -> namespace -> name lookups, indexed per kind on the first lookup of that kind (rules look up few kinds);
  // nested maps, so a lookup builds no key string
  const byName = new Map<string, Map<string, Map<string, Entry>>>();
  const lookup = (kind: string) => {
    let m = byName.get(kind);
    if (!m) {
      m = new Map();
      for (const e of byKind.get(kind) ?? []) {
        const ns = lookupNamespace(e.ref.namespace);
        let names = m.get(ns);
        if (!names) m.set(ns, names = new Map());
        if (!names.has(e.ref.name)) names.set(e.ref.name, e);
      }
      byName.set(kind, m);
    }
    return m;
  };
  // instancetypes and preferences: cluster-wide kinds by name, namespaced ones in the VM's namespace
  const findReference: ReferenceLookup = (kind, namespace, name) => {
    if (namespace !== undefined) {
      const e = lookup(kind).get(lookupNamespace(namespace))?.get(name);
      return e && e.group === INSTANCETYPE_GROUP ? e : undefined;
    }
    for (const e of byKind.get(kind) ?? []) if (e.ref.name === name && e.group === INSTANCETYPE_GROUP) return e;
    return undefined;
  };
  const vmiSpecs: VmiSpecView[] = [];
  for (const kind of VMI_CONTAINER_KINDS) {
    const list = byKind.get(kind) ?? [];
    for (let i = 0; i < list.length; i++) {
      const view = vmiSpecOf(list[i], findReference, version);
      if (view) vmiSpecs.push(view);
    }
  }
  const cluster = buildCluster(entries, version);

  const findings: Finding[] = [];
  let current: Rule | undefined;
  const ctx: RuleContext = {
    version,
    strict,
    entries,
    byKind: (kind) => byKind.get(kind) ?? [],
    find: (kind, namespace, name) => lookup(kind).get(lookupNamespace(namespace))?.get(name),
    vmiSpecs,
    cluster,
    report(entry, path, message, severity?: Severity) {
      const meta = current!.meta;
      // every finding names its field; a rule without one is wrong, and says so rather than print an empty path
      if (typeof path !== 'string' || path === '') throw new Error(`rule ${meta.id} reported a finding without a path: ${String(message)}`);
      const sev: Severity = severity ?? (meta.policy ? (strict ? 'error' : 'warning') : meta.severity);
      findings.push({ rule: meta.id, severity: sev, message, object: entry.ref, objectIndex: entry.index, path });
    },
  };
  for (const rule of rules) {
    current = rule;
    rule.check(ctx);
  }
  current = undefined;
  return sortFindings(findings);
}

/** Orders findings by object position, then path, then rule id, so output is the same on every run. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.objectIndex - b.objectIndex
    || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
    || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
    || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

/** True when any finding is an error. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/** `Kind namespace/name` or `Kind name`, for messages. */
export function describeRef(ref: ObjectRef): string {
  const id = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  return `${ref.kind || '(no kind)'} ${id || '(no name)'}`;
}
