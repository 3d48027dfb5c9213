/**
 * What a diagram draws, before it is written as Mermaid or DOT: boxes (a cluster, a configuration CR, a
 * namespace), nodes with lines of text, and edges. Both writers draw the same scene, so they show the same thing.
 */
import {
  BindingGraph, ClusterGraph, DEFAULT_GROUP_LIMIT, GraphFinding, groupVms, nsName, registrationNads, describe, describeId, worst,
  GraphVm, GraphInterface,
} from './model';

/** How a node is marked: by its worst finding, or as something missing from the input. */
export type NodeClass = 'error' | 'warning' | 'missing';

export interface SceneNode {
  /** Safe in Mermaid and DOT as it is: `[a-z][a-zA-Z0-9_]*`. */
  readonly id: string;
  readonly shape: 'registration' | 'nad' | 'vm' | 'group' | 'core' | 'missing' | 'note';
  /** Lines of text, unescaped. */
  readonly lines: readonly string[];
  readonly cls?: NodeClass;
}

export interface SceneEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  readonly dashed?: boolean;
}

export interface SceneBox {
  readonly id: string;
  readonly title: string;
  readonly nodes: SceneNode[];
  readonly boxes: SceneBox[];
  readonly cls?: NodeClass;
}

export interface Scene {
  readonly boxes: SceneBox[];
  /** Nodes outside every cluster (inputs that could not be read). */
  readonly nodes: SceneNode[];
  readonly edges: SceneEdge[];
}

/** Options of the diagram writers. */
export interface DiagramOptions {
  /** VMs of one namespace that use the same bindings over the same networks are drawn one by one up to this many; more become one node. @default 10 */
  readonly groupLimit?: number;
  /** Findings shown in one node; the rest are counted. @default 3 */
  readonly findingsPerNode?: number;
}

/**
 * A node id part: `[a-z0-9]` kept; `-` as `Y`, `.` as `D`, anything else as `X<hex>X`. Injective, and never
 * holds `_`, which joins the parts: ids of different objects never collide, whatever their names.
 */
export function idPart(s: string): string {
  let out = '';
  for (const ch of s) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out += ch;
    else if (ch === '-') out += 'Y';
    else if (ch === '.') out += 'D';
    else out += `X${ch.codePointAt(0)!.toString(16)}X`;
  }
  return out || 'E';
}

/** A node id from a prefix (lowercase letters) and parts already encoded with `idPart`. */
export const nodeId = (prefix: string, ...encoded: string[]) => [prefix, ...encoded].join('_');

const MAX_MESSAGE = 140;

/** One line of text: whitespace runs as one space, at most `max` characters. */
export function oneLine(s: string, max = MAX_MESSAGE): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 3)}...` : t;
}

function findingLines(findings: readonly GraphFinding[], limit: number): string[] {
  const out = findings.slice(0, limit).map((f) => oneLine(`${f.severity} ${f.rule}: ${f.message}`));
  if (findings.length > limit) out.push(`and ${findings.length - limit} more ${findings.length - limit === 1 ? 'finding' : 'findings'}`);
  return out;
}

const classOf = (findings: readonly GraphFinding[]): NodeClass | undefined => worst(findings);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The scene of a whole picture. */
export function buildScene(g: BindingGraph, options: DiagramOptions = {}): Scene {
  const limit = Math.max(0, Math.floor(options.groupLimit ?? DEFAULT_GROUP_LIMIT));
  const perNode = Math.max(0, Math.floor(options.findingsPerNode ?? 3));
  const scene: Scene = { boxes: [], nodes: [], edges: [] };
  g.clusters.forEach((c, i) => clusterScene(scene, c, g.clusters.length > 1 ? `${i}Z` : '', limit, perNode));
  if (g.problems.length > 0) {
    scene.nodes.push({
      id: 'problems', shape: 'note', cls: 'missing',
      lines: [`not drawn: ${plural(g.problems.length, 'input')} could not be read`, ...g.problems.slice(0, 5).map((p) => oneLine(p)),
        ...(g.problems.length > 5 ? [`and ${g.problems.length - 5} more`] : [])],
    });
  }
  return scene;
}

function clusterScene(scene: Scene, c: ClusterGraph, key: string, limit: number, perNode: number): void {
  // the cluster's part of every id: its name, and its position when the picture holds several
  const cid = `${key}${idPart(c.name)}`;
  const box: SceneBox = {
    id: nodeId('cl', cid), title: `cluster ${c.name}, KubeVirt ${c.release}${c.target ? `, ${targetText(c.target)}` : ''}`, nodes: [], boxes: [],
  };
  scene.boxes.push(box);
  const regId = (name: string) => `${nodeId('reg', cid)}_${idPart(name)}`;
  const nadId = (key: string) => `${nodeId('nad', cid)}_${idPart(key)}`;
  // the configuration CRs, each with the registrations it holds
  const registered = new Set(c.registrations.map((r) => r.name));
  c.configurations.forEach((cfg, i) => {
    const inner: SceneBox = {
      id: `${nodeId('cfg', cid)}_${i}`, title: describe(cfg.object), nodes: [], boxes: [], cls: classOf(cfg.findings),
    };
    box.boxes.push(inner);
    if (cfg.findings.length > 0) {
      inner.nodes.push({ id: `${inner.id}_findings`, shape: 'note', cls: classOf(cfg.findings), lines: [`findings on ${describe(cfg.object)}`, ...findingLines(cfg.findings, perNode)] });
    }
    for (const r of c.registrations) {
      if (r.owner !== cfg.object) continue;
      const lines = [`binding ${r.name}${r.implicit ? " (HCO's own)" : ''}`];
      if (r.sidecarImage !== undefined) lines.push(`sidecar ${r.sidecarImage}`);
      if (r.domainAttachmentType !== undefined) lines.push(`attachment ${r.domainAttachmentType}`);
      if (r.migration !== undefined) lines.push(`migration ${r.migration}`);
      if (r.downwardApi !== undefined) lines.push(`downward API ${r.downwardApi}`);
      if (r.memoryOverhead !== undefined) lines.push(`memory overhead ${r.memoryOverhead}`);
      inner.nodes.push({ id: regId(r.name), shape: 'registration', lines: [...lines, ...findingLines(r.findings, perNode)], cls: classOf(r.findings) });
    }
  });
  if (c.configurations.length === 0) {
    box.nodes.push({ id: `${nodeId('miss', cid)}_config`, shape: 'note', cls: 'missing', lines: ['missing: no KubeVirt or HyperConverged CR', 'no binding is registered'] });
  }
  // namespaces: NADs and VMs
  const nsBoxes = new Map<string, SceneBox>();
  const nsBox = (ns: string) => {
    let b = nsBoxes.get(ns);
    if (!b) nsBoxes.set(ns, b = { id: `${nodeId('ns', cid)}_${idPart(ns)}`, title: `namespace ${ns}`, nodes: [], boxes: [] });
    return b;
  };
  const nadKeys = new Set<string>();
  for (const n of c.nads) {
    const key = nsName(n.namespace, n.name);
    if (nadKeys.has(key)) continue;
    nadKeys.add(key);
    nsBox(n.namespace).nodes.push({
      id: nadId(key), shape: 'nad', cls: classOf(n.findings),
      lines: [`NAD ${n.name}`, `CNI ${n.cniTypes.length > 0 ? n.cniTypes.join(' + ') : '(config unreadable)'}`, ...findingLines(n.findings, perNode)],
    });
  }
  const missing = new Map<string, SceneNode>();
  const missingNode = (id: string, lines: string[]) => {
    if (!missing.has(id)) missing.set(id, { id, shape: 'missing', cls: 'missing', lines });
    return id;
  };
  const nadTarget = (key: string) => (nadKeys.has(key) ? nadId(key) : missingNode(`${nodeId('miss', cid)}_nad_${idPart(key)}`, [`NAD ${key}`, 'not among the inputs']));
  const bindingTarget = (i: GraphInterface) => {
    if (!i.plugin) {
      const id = `${nodeId('core', cid)}_${idPart(i.binding)}`;
      if (!missing.has(id)) missing.set(id, { id, shape: 'core', lines: [i.binding === 'none' ? 'no binding' : `core binding ${i.binding}`] });
      return id;
    }
    if (registered.has(i.binding)) return regId(i.binding);
    return missingNode(`${nodeId('miss', cid)}_reg_${idPart(i.binding)}`, [`binding ${i.binding}`, 'not registered']);
  };
  const edgeKeys = new Set<string>();
  const edge = (e: SceneEdge) => {
    const k = `${e.from}\u0000${e.to}\u0000${e.label ?? ''}\u0000${e.dashed ? 1 : 0}`;
    if (edgeKeys.has(k)) return;
    edgeKeys.add(k);
    scene.edges.push(e);
  };
  // two objects of one kind, namespace and name (a finding says so) are drawn as two nodes
  const taken = new Set<string>();
  const unique = (id: string) => {
    let out = id;
    for (let n = 2; taken.has(out); n++) out = `${id}_${n}`;
    taken.add(out);
    return out;
  };
  const interfaceEdges = (from: string, vm: GraphVm) => {
    for (const i of vm.interfaces) {
      edge({ from, to: bindingTarget(i), label: `${i.name}, ${i.network === 'pod' ? 'pod network' : i.network}` });
      if (i.nad) edge({ from, to: nadTarget(i.nad), label: i.name, dashed: true });
    }
  };
  for (const group of groupVms(c.vms, limit)) {
    const b = nsBox(group.namespace);
    if (!group.grouped) {
      for (const vm of group.vms) {
        const id = unique(`${nodeId(vm.kind === 'VirtualMachine' ? 'vm' : 'vmi', cid, idPart(vm.namespace))}_${idPart(vm.name)}`);
        b.nodes.push({
          id, shape: 'vm', cls: classOf(vm.findings),
          lines: [`${vm.kind === 'VirtualMachine' ? 'VM' : 'VMI'} ${vm.name}`, ...findingLines(vm.findings, perNode)],
        });
        interfaceEdges(id, vm);
      }
      continue;
    }
    const all = group.vms.flatMap((v) => v.findings);
    const errors = all.filter((f) => f.severity === 'error').length;
    const counts = all.length > 0 ? [`${plural(group.vms.filter((v) => v.findings.length > 0).length, 'VM')} with findings: ${plural(errors, 'error')}, ${plural(all.length - errors, 'warning')}`] : [];
    const first = group.vms[0].name;
    const last = group.vms[group.vms.length - 1].name;
    const bindings = [...new Set(group.vms[0].interfaces.map((i) => i.binding))];
    // the group's id: its namespace and the first VM (a group holds more than one VM, so this names it uniquely)
    const id = unique(`${nodeId('grp', cid, idPart(group.namespace))}_${idPart(first)}`);
    b.nodes.push({
      id, shape: 'group', cls: classOf(all),
      lines: [`${group.vms.length} VMs via ${bindings.join(', ') || 'no interface'}`, `${first} ... ${last}`, ...counts, ...findingLines(all, Math.min(perNode, 1))],
    });
    interfaceEdges(id, group.vms[0]);
  }
  for (const r of c.registrations) {
    for (const key of registrationNads(r, c.vms)) edge({ from: regId(r.name), to: nadTarget(key), label: 'sidecar NAD', dashed: true });
  }
  for (const ns of [...nsBoxes.keys()].sort()) box.boxes.push(nsBoxes.get(ns)!);
  box.nodes.push(...[...missing.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  const notes = c.notes.filter((n) => !n.startsWith('no KubeVirt or HyperConverged CR'));
  if (c.otherFindings.length > 0) {
    box.nodes.push({ id: `${nodeId('other', cid)}`, shape: 'note', cls: classOf(c.otherFindings), lines: ['findings on other objects', ...findingLines(c.otherFindings, perNode)] });
  }
  if (notes.length > 0) box.nodes.push({ id: `${nodeId('notes', cid)}`, shape: 'note', cls: 'missing', lines: notes.map((n) => oneLine(n, 200)) });
}

/** How a configuration target reads. */
export function targetText(target: string): string {
  switch (target) {
    case 'kubevirt': return 'KubeVirt CR';
    case 'hco-v1beta1': return 'HyperConverged v1beta1';
    case 'hco-v1': return 'HyperConverged v1';
    default: return target;
  }
}

export { describeId };
