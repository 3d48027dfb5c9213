/**
 * The binding model of a cluster: its release and configuration, each binding registration, the NADs, and each
 * VM interface with the binding and network it uses; every object with the findings the rules made about it.
 *
 * Built from plain manifests and the rule engine's findings over them (the engine that `lint` and the synth
 * checks run), so the picture shows exactly what the checks saw. Nothing here throws on malformed manifests:
 * what cannot be read is left out, and what is missing is said in `notes`.
 */
import { ALL_RULES } from '../rules/all';
import { combineRules } from '../rules/custom';
import { groupOf, HCO_L2BRIDGE, refOf, registrationMapPath, runRules } from '../rules/engine';
import type { Entry, Finding, Manifest, ObjectRef, Rule, Severity } from '../rules/types';
import { dig, isObject, list, obj, str } from '../rules/util';
import { KubeVirtVersion } from '../version';

/** A finding as the picture shows it. */
export interface GraphFinding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** The field, as the rule reported it ('' for the whole object). */
  readonly path: string;
  readonly object: ObjectRef;
  /** `file:line`, when the manifests came from files. */
  readonly location?: string;
}

/** A KubeVirt or HyperConverged CR of the cluster. */
export interface GraphConfiguration {
  readonly object: ObjectRef;
  /** Findings on the CR outside its registrations (gates, other settings). */
  readonly findings: readonly GraphFinding[];
}

/** One binding registration (`spec.configuration.network.binding.<name>`, or HCO's `networkBinding.<name>`). */
export interface GraphRegistration {
  readonly name: string;
  /** The CR that registers it. */
  readonly owner: ObjectRef;
  /** True for HCO's own `l2bridge`, which HCO adds without it being written. */
  readonly implicit: boolean;
  readonly sidecarImage?: string;
  readonly domainAttachmentType?: string;
  /** `migratable` for `migration: {}`, else the migration method (`link-refresh`). */
  readonly migration?: string;
  readonly downwardApi?: string;
  /** `computeResourceOverhead.requests.memory`. */
  readonly memoryOverhead?: string;
  /** `networkAttachmentDefinition` as written: `ns/name`, or `name` (resolved in each VM's namespace). */
  readonly networkAttachmentDefinition?: string;
  /** Every field of the registration as dotted leaf paths and their values (strings as they are, the rest as JSON). */
  readonly fields: Readonly<Record<string, string>>;
  readonly findings: readonly GraphFinding[];
}

/** A NetworkAttachmentDefinition. */
export interface GraphNad {
  /** The namespace it is looked up in (`default` when it has none). */
  readonly namespace: string;
  readonly name: string;
  /** The CNI plugin types of its config, in order (a chain has several); empty when the config does not parse. */
  readonly cniTypes: readonly string[];
  /** `spec.config`, as written. */
  readonly config?: string;
  readonly findings: readonly GraphFinding[];
}

/** How an interface connects. */
export interface GraphInterface {
  readonly name: string;
  /** The binding plugin's name (`binding.name`), or the core binding (`masquerade`, `bridge`, ...), or `none`. */
  readonly binding: string;
  /** True for a binding plugin (`binding: {name}`), false for a core binding. */
  readonly plugin: boolean;
  /** `pod`, `multus ns/name`, `resourceClaim claim/request`, another network type's name, or `none` when no network has the interface's name. */
  readonly network: string;
  /** The NAD a multus network uses, `ns/name` (the VM's namespace filled in). */
  readonly nad?: string;
}

/** A VirtualMachine (or VirtualMachineInstance). */
export interface GraphVm {
  readonly kind: string;
  /** The namespace it runs in (`default` when it has none). */
  readonly namespace: string;
  readonly name: string;
  readonly interfaces: readonly GraphInterface[];
  readonly findings: readonly GraphFinding[];
}

/** One cluster's picture. */
export interface ClusterGraph {
  /** The cluster's name (a `KubeVirtCluster`'s), or for files the configuration CR's `namespace/name`. */
  readonly name: string;
  /** The KubeVirt release checked against, `1.4`. */
  readonly release: string;
  /** `kubevirt`, `hco-v1beta1` or `hco-v1`; undefined when the cluster has no configuration. */
  readonly target?: string;
  readonly configurations: readonly GraphConfiguration[];
  /** By name. */
  readonly registrations: readonly GraphRegistration[];
  /** By namespace, then name. */
  readonly nads: readonly GraphNad[];
  /** By namespace, then name. */
  readonly vms: readonly GraphVm[];
  /** Findings on objects the picture does not draw (other kinds, documents that are not manifests). */
  readonly otherFindings: readonly GraphFinding[];
  /** What is missing: no cluster configuration, bindings used but not registered, NADs referenced but absent. */
  readonly notes: readonly string[];
}

/** The picture of one or more clusters. */
export interface BindingGraph {
  readonly clusters: readonly ClusterGraph[];
  /** Inputs that could not be read or parsed (`file:line: cannot parse: ...`): drawn as missing. */
  readonly problems: readonly string[];
}

/** Options of `graph()`. */
export interface GraphOptions {
  /** The KubeVirt release the manifests are for: a `KubeVirtVersion` or text such as `1.4`. @default KubeVirtVersion.NEWEST */
  readonly version?: KubeVirtVersion | string;
  /** Policy findings are errors. @default false */
  readonly strict?: boolean;
  /** Rules of your own, run after the library's. @default - none */
  readonly rules?: readonly Rule[];
  /** The cluster's name. @default - the configuration CR's `namespace/name`, or `no cluster configuration` */
  readonly name?: string;
}

/**
 * Runs the library's rules (and `rules` of your own) over the manifests, taken as one cluster as `lint()` takes
 * them, and returns the cluster's picture.
 *
 * @throws RuleSetError when a custom rule breaks the `Rule` contract or reuses an id
 * @throws Error when `version` is text that is not a supported release
 */
export function graph(manifests: readonly Manifest[], options: GraphOptions = {}): BindingGraph {
  const version = typeof options.version === 'string' ? KubeVirtVersion.of(options.version) : options.version ?? KubeVirtVersion.NEWEST;
  const rules = options.rules && options.rules.length > 0 ? combineRules(ALL_RULES, options.rules) : ALL_RULES;
  const findings = runRules(rules, manifests, { version, strict: options.strict ?? false });
  return { clusters: [clusterGraph(manifests, findings, { name: options.name, release: version.toString() })], problems: [] };
}

/** What `clusterGraph` is told about the cluster. */
export interface ClusterInfo {
  /** @default - the configuration CR's `namespace/name` */
  readonly name?: string;
  readonly release: string;
  /** @default - read from the configuration CR */
  readonly target?: string;
  /** `file:line` of a finding, when known. */
  readonly locate?: (f: Finding) => string | undefined;
  /** Findings on no object of `manifests` (the reader's own), shown with the other findings. */
  readonly extraFindings?: readonly GraphFinding[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `ns/name`. */
export const nsName = (namespace: string, name: string) => `${namespace}/${name}`;

/** Builds one cluster's picture from its manifests and the findings of the rules over them. */
export function clusterGraph(manifests: readonly Manifest[], findings: readonly Finding[], info: ClusterInfo): ClusterGraph {
  // findings by object position
  const byIndex = new Map<number, GraphFinding[]>();
  for (const f of findings) {
    const g: GraphFinding = {
      rule: f.rule, severity: f.severity, message: f.message, path: f.path, object: f.object,
      ...(info.locate ? withLocation(info.locate(f)) : {}),
    };
    const l = byIndex.get(f.objectIndex);
    if (l) l.push(g);
    else byIndex.set(f.objectIndex, [g]);
  }
  const none: GraphFinding[] = [];
  const configurations: GraphConfiguration[] = [];
  const registrations = new Map<string, GraphRegistration>();
  const nads: GraphNad[] = [];
  const vms: GraphVm[] = [];
  const other: GraphFinding[] = [...info.extraFindings ?? []];
  const notes: string[] = [];
  let target: string | undefined;
  for (let index = 0; index < manifests.length; index++) {
    const m = manifests[index];
    const own = byIndex.get(index) ?? none;
    if (!isObject(m)) {
      other.push(...own);
      continue;
    }
    const ref = refOf(m);
    const group = groupOf(ref.apiVersion);
    const entry: Entry = { manifest: m, index, ref, group };
    const mapPath = registrationMapPath(entry);
    if (mapPath) {
      const prefix = mapPath.join('.');
      const inRegistration = (f: GraphFinding) => f.path === prefix || f.path.startsWith(`${prefix}.`) || f.path.startsWith(`${prefix}[`);
      configurations.push({ object: ref, findings: own.filter((f) => !inRegistration(f)) });
      target ??= ref.kind === 'KubeVirt' ? 'kubevirt' : ref.apiVersion === 'hco.kubevirt.io/v1beta1' ? 'hco-v1beta1' : 'hco-v1';
      const map = obj(dig(m, ...mapPath)) ?? {};
      const names = Object.keys(map);
      const hco = ref.kind === 'HyperConverged';
      // HCO always registers l2bridge, replacing an entry of that name (hyperconverged-cluster-operator
      // controllers/handlers/kubevirt.go:590-602)
      if (hco && !names.includes(HCO_L2BRIDGE)) names.push(HCO_L2BRIDGE);
      for (const name of names) {
        const regPath = `${prefix}.${name}`;
        const regFindings = own.filter((f) => f.path === regPath || f.path.startsWith(`${regPath}.`) || f.path.startsWith(`${regPath}[`)
          || f.path.startsWith(`${prefix}[${JSON.stringify(name)}]`));
        const implicit = hco && name === HCO_L2BRIDGE;
        const value = implicit ? { domainAttachmentType: 'managedTap', migration: {} } : map[name];
        const known = registrations.get(name);
        if (known) {
          notes.push(`binding "${name}" is registered by ${describe(known.owner)} and by ${describe(ref)}; the picture shows the first`);
          continue;
        }
        registrations.set(name, registration(name, value, ref, implicit, regFindings));
      }
      continue;
    }
    if (ref.kind === 'NetworkAttachmentDefinition' && group === 'k8s.cni.cncf.io') {
      const config = str(dig(m, 'spec', 'config'));
      nads.push({ namespace: ref.namespace || 'default', name: ref.name, cniTypes: cniTypes(config), ...(config !== undefined ? { config } : {}), findings: own });
      continue;
    }
    if ((ref.kind === 'VirtualMachine' || ref.kind === 'VirtualMachineInstance') && group === 'kubevirt.io') {
      const spec = ref.kind === 'VirtualMachine' ? dig(m, 'spec', 'template', 'spec') : dig(m, 'spec');
      const namespace = ref.namespace || 'default';
      vms.push({ kind: ref.kind, namespace, name: ref.name, interfaces: interfacesOf(spec, namespace), findings: own });
      continue;
    }
    other.push(...own);
  }
  for (const [index, fs] of byIndex) if (index < 0 || index >= manifests.length) other.push(...fs);

  if (configurations.length === 0) {
    notes.push('no KubeVirt or HyperConverged CR among the inputs: no binding is registered, so every binding plugin a VM uses is drawn as not registered');
  }
  const regs = [...registrations.values()].sort((a, b) => byText(a.name, b.name));
  nads.sort((a, b) => byText(a.namespace, b.namespace) || byText(a.name, b.name));
  vms.sort((a, b) => byText(a.namespace, b.namespace) || byText(a.name, b.name) || byText(a.kind, b.kind));
  // what the VMs use that is not there
  const unregistered = new Set<string>();
  const nadKeys = new Set(nads.map((n) => nsName(n.namespace, n.name)));
  const absentNads = new Set<string>();
  for (const vm of vms) {
    for (const i of vm.interfaces) {
      if (i.plugin && !registrations.has(i.binding)) unregistered.add(i.binding);
      if (i.nad && !nadKeys.has(i.nad)) absentNads.add(i.nad);
    }
  }
  if (configurations.length > 0 && unregistered.size > 0) {
    notes.push(`not registered, but used by VMs: ${[...unregistered].sort(byText).map((n) => `"${n}"`).join(', ')}`);
  }
  for (const r of regs) for (const key of registrationNads(r, vms)) if (!nadKeys.has(key)) absentNads.add(key);
  if (absentNads.size > 0) notes.push(`not among the inputs, but referenced: NAD ${[...absentNads].sort(byText).join(', ')}`);
  return {
    name: info.name ?? (configurations.length > 0 ? configurations.map((c) => describeId(c.object)).join(' + ') : 'no cluster configuration'),
    release: info.release,
    ...(info.target ?? target ? { target: info.target ?? target } : {}),
    configurations,
    registrations: regs,
    nads,
    vms,
    otherFindings: other,
    notes,
  };
}

const withLocation = (location: string | undefined) => (location !== undefined ? { location } : {});

/** `Kind ns/name`. */
export function describe(ref: ObjectRef): string {
  return `${ref.kind || '(no kind)'} ${describeId(ref)}`;
}

/** `ns/name`, or `name`. */
export function describeId(ref: ObjectRef): string {
  const name = ref.name || '(no name)';
  return ref.namespace ? `${ref.namespace}/${name}` : name;
}

function registration(name: string, value: unknown, owner: ObjectRef, implicit: boolean, findings: GraphFinding[]): GraphRegistration {
  const v = obj(value) ?? {};
  const out: { -readonly [K in keyof GraphRegistration]: GraphRegistration[K] } = {
    name, owner, implicit, fields: flatten(value), findings,
  };
  const sidecar = str(v.sidecarImage);
  if (sidecar !== undefined) out.sidecarImage = sidecar;
  const attachment = str(v.domainAttachmentType);
  if (attachment !== undefined) out.domainAttachmentType = attachment;
  if (isObject(v.migration)) out.migration = str(v.migration.method) || 'migratable';
  const downward = str(v.downwardAPI);
  if (downward !== undefined) out.downwardApi = downward;
  const memory = dig(v, 'computeResourceOverhead', 'requests', 'memory');
  if (typeof memory === 'string' || typeof memory === 'number') out.memoryOverhead = String(memory);
  const nad = str(v.networkAttachmentDefinition);
  if (nad !== undefined) out.networkAttachmentDefinition = nad;
  return out;
}

/** Leaf fields of a value as `a.b.c` -> text; an empty object or list is a leaf (`migration: {}` means something). */
export function flatten(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (x: unknown, at: string) => {
    if (isObject(x) && Object.keys(x).length > 0) {
      for (const k of Object.keys(x).sort(byText)) walk(x[k], at ? `${at}.${k}` : k);
    } else {
      out[at || '(value)'] = typeof x === 'string' ? x : x === undefined ? 'undefined' : JSON.stringify(x);
    }
  };
  walk(value, '');
  return out;
}

/** The CNI types of a NAD config: `type`, or each plugin's `type` of a chain. */
function cniTypes(config: string | undefined): string[] {
  if (config === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(config);
  } catch {
    return [];
  }
  const plugins = isObject(parsed) && Array.isArray(parsed.plugins) ? parsed.plugins : [parsed];
  return plugins.map((p) => str(dig(p, 'type'))).filter((t): t is string => t !== undefined);
}

/** Core bindings: the interface's own keys (kubevirt types.go InterfaceBindingMethod). */
const CORE_BINDINGS = ['masquerade', 'bridge', 'sriov', 'passt', 'slirp', 'macvtap'];

function interfacesOf(spec: unknown, namespace: string): GraphInterface[] {
  const networks = new Map<string, Record<string, unknown>>();
  for (const n of list(dig(spec, 'networks'))) {
    const name = str(dig(n, 'name'));
    if (name !== undefined && isObject(n) && !networks.has(name)) networks.set(name, n);
  }
  const out: GraphInterface[] = [];
  for (const i of list(dig(spec, 'domain', 'devices', 'interfaces'))) {
    if (!isObject(i)) continue;
    const name = str(i.name) ?? '';
    let binding = 'none';
    let plugin = false;
    const pluginName = str(dig(i, 'binding', 'name'));
    if (pluginName !== undefined) {
      binding = pluginName;
      plugin = true;
    } else {
      for (const core of CORE_BINDINGS) if (isObject(i[core])) { binding = core; break; }
    }
    const net = networks.get(name);
    let network = 'none';
    let nad: string | undefined;
    if (net) {
      if (isObject(net.pod)) network = 'pod';
      else if (isObject(net.multus)) {
        const ref = str(net.multus.networkName) ?? '';
        const slash = ref.indexOf('/');
        nad = slash < 0 ? nsName(namespace, ref) : ref;
        network = `multus ${nad}`;
      } else if (isObject(net.resourceClaim)) {
        network = `resourceClaim ${str(net.resourceClaim.claimName) ?? ''}/${str(net.resourceClaim.requestName) ?? ''}`;
      } else {
        const kind = Object.keys(net).filter((k) => k !== 'name').sort(byText)[0];
        network = kind ?? 'none';
      }
    }
    out.push({ name, binding, plugin, network, ...(nad !== undefined ? { nad } : {}) });
  }
  return out;
}

/**
 * The NADs (`ns/name`) a registration's pods use: its `networkAttachmentDefinition` as `ns/name`, or, written as
 * `name`, that name in the namespace of each VM that uses the binding (KubeVirt resolves it there).
 */
export function registrationNads(r: GraphRegistration, vms: readonly GraphVm[]): string[] {
  const ref = r.networkAttachmentDefinition;
  if (ref === undefined || ref === '') return [];
  if (ref.includes('/')) return [ref];
  const namespaces = new Set<string>();
  for (const vm of vms) if (vm.interfaces.some((i) => i.plugin && i.binding === r.name)) namespaces.add(vm.namespace);
  return [...namespaces].sort(byText).map((ns) => nsName(ns, ref));
}

/** VMs of one namespace that use the same bindings over the same networks. */
export interface VmGroup {
  readonly namespace: string;
  /** The interfaces' `binding` over `network`, in interface order: what the VMs share. */
  readonly signature: string;
  readonly vms: readonly GraphVm[];
  /** True when the group is drawn as one node (more VMs than the limit). */
  readonly grouped: boolean;
}

/** The default number of VMs of one namespace and binding drawn one by one. */
export const DEFAULT_GROUP_LIMIT = 10;

/** What VMs of a group share: each interface's binding and network. */
export function signatureOf(vm: GraphVm): string {
  if (vm.interfaces.length === 0) return 'no interfaces';
  return vm.interfaces.map((i) => `${i.name}: ${i.binding}${i.plugin ? '' : ' (core)'} over ${i.network}`).join(', ');
}

/**
 * The cluster's VMs by namespace and by what they use; a group of more than `limit` VMs is drawn as one node.
 * Sorted by namespace, then signature.
 */
export function groupVms(vms: readonly GraphVm[], limit: number = DEFAULT_GROUP_LIMIT): VmGroup[] {
  const groups = new Map<string, Map<string, GraphVm[]>>();
  for (const vm of vms) {
    let ns = groups.get(vm.namespace);
    if (!ns) groups.set(vm.namespace, ns = new Map());
    const sig = signatureOf(vm);
    const l = ns.get(sig);
    if (l) l.push(vm);
    else ns.set(sig, [vm]);
  }
  const out: VmGroup[] = [];
  for (const namespace of [...groups.keys()].sort(byText)) {
    const ns = groups.get(namespace)!;
    for (const signature of [...ns.keys()].sort(byText)) {
      const members = ns.get(signature)!;
      out.push({ namespace, signature, vms: members, grouped: members.length > limit });
    }
  }
  return out;
}

/** The worst severity among findings, or undefined. */
export function worst(findings: readonly GraphFinding[]): Severity | undefined {
  let s: Severity | undefined;
  for (const f of findings) {
    if (f.severity === 'error') return 'error';
    s = 'warning';
  }
  return s;
}

/** Binding names a VM interface uses, plugin ones only. */
export function pluginBindings(vm: GraphVm): string[] {
  return [...new Set(vm.interfaces.filter((i) => i.plugin).map((i) => i.binding))];
}
