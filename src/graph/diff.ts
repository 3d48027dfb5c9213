/**
 * What changed between two pictures, at the level of bindings: registrations added, removed or changed field by
 * field; NADs added, removed or changed; VMs added, removed, or moved between bindings or networks; findings that
 * are new, and findings that are gone. Clusters are matched by name (and when each side holds one cluster, the
 * two are compared whatever their names).
 */
import {
  BindingGraph, ClusterGraph, DEFAULT_GROUP_LIMIT, describe, GraphFinding, GraphInterface, GraphNad, GraphRegistration, GraphVm,
  nsName,
} from './model';
import { mdCode, mdText } from './markdown';

/** One field of a registration or NAD: its old and new value (undefined where absent). */
export interface FieldChange {
  readonly field: string;
  readonly old?: string;
  readonly new?: string;
}

/** A change of one VM interface: what it used before and after (undefined when added or removed). */
export interface InterfaceChange {
  readonly interface: string;
  readonly old?: Pick<GraphInterface, 'binding' | 'plugin' | 'network'>;
  readonly new?: Pick<GraphInterface, 'binding' | 'plugin' | 'network'>;
}

/** The changes of one cluster. */
export interface ClusterDiff {
  readonly name: string;
  /** `added` or `removed` when only one side has the cluster. */
  readonly status: 'added' | 'removed' | 'compared';
  readonly release?: FieldChange;
  readonly target?: FieldChange;
  readonly registrations: {
    readonly added: readonly GraphRegistration[];
    readonly removed: readonly GraphRegistration[];
    readonly changed: ReadonlyArray<{ readonly name: string; readonly fields: readonly FieldChange[] }>;
  };
  readonly nads: {
    readonly added: readonly GraphNad[];
    readonly removed: readonly GraphNad[];
    readonly changed: ReadonlyArray<{ readonly nad: string; readonly fields: readonly FieldChange[] }>;
  };
  readonly vms: {
    readonly added: readonly GraphVm[];
    readonly removed: readonly GraphVm[];
    /** VMs whose interfaces use another binding or network, or that gained or lost interfaces. */
    readonly moved: ReadonlyArray<{ readonly vm: GraphVm; readonly changes: readonly InterfaceChange[] }>;
  };
  /** Findings of the new side that the old side did not have (same rule, object and field). */
  readonly newFindings: readonly GraphFinding[];
  /** Findings of the old side that the new side no longer has. */
  readonly fixedFindings: readonly GraphFinding[];
}

/** The changes between two pictures. */
export interface GraphDiff {
  readonly clusters: readonly ClusterDiff[];
  /** Inputs of either side that could not be read, each prefixed `old: ` or `new: `. */
  readonly problems: readonly string[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Compares two pictures. */
export function diff(old: BindingGraph, now: BindingGraph): GraphDiff {
  const problems = [...old.problems.map((p) => `old: ${p}`), ...now.problems.map((p) => `new: ${p}`)];
  const clusters: ClusterDiff[] = [];
  if (old.clusters.length === 1 && now.clusters.length === 1) {
    clusters.push(compareClusters(old.clusters[0], now.clusters[0]));
  } else {
    const olds = new Map(old.clusters.map((c) => [c.name, c]));
    const news = new Map(now.clusters.map((c) => [c.name, c]));
    for (const name of [...new Set([...olds.keys(), ...news.keys()])].sort(byText)) {
      clusters.push(compareClusters(olds.get(name), news.get(name)));
    }
  }
  return { clusters, problems };
}

const EMPTY: ClusterGraph = { name: '', release: '', configurations: [], registrations: [], nads: [], vms: [], otherFindings: [], notes: [] };

function changes(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): FieldChange[] {
  const out: FieldChange[] = [];
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(byText)) {
    const o = Object.prototype.hasOwnProperty.call(a, k) ? a[k] : undefined;
    const n = Object.prototype.hasOwnProperty.call(b, k) ? b[k] : undefined;
    if (o !== n) out.push({ field: k, ...(o !== undefined ? { old: o } : {}), ...(n !== undefined ? { new: n } : {}) });
  }
  return out;
}

/** Everything that identifies a finding across two versions: rule, object and field (messages may name other objects). */
const findingKey = (f: GraphFinding) => `${f.rule}\u0000${f.object.kind}\u0000${f.object.namespace ?? ''}\u0000${f.object.name}\u0000${f.path}`;

/** Every finding of a cluster. */
export function allFindings(c: ClusterGraph): GraphFinding[] {
  return [
    ...c.configurations.flatMap((x) => x.findings), ...c.registrations.flatMap((r) => r.findings), ...c.nads.flatMap((n) => n.findings),
    ...c.vms.flatMap((v) => v.findings), ...c.otherFindings,
  ];
}

const vmKey = (v: GraphVm) => `${v.kind}\u0000${v.namespace}\u0000${v.name}`;

function compareClusters(o: ClusterGraph | undefined, n: ClusterGraph | undefined): ClusterDiff {
  const a = o ?? EMPTY;
  const b = n ?? EMPTY;
  const field = (name: string, x: string | undefined, y: string | undefined): FieldChange | undefined => (o && n && x !== y
    ? { field: name, ...(x !== undefined ? { old: x } : {}), ...(y !== undefined ? { new: y } : {}) } : undefined);

  const oldRegs = new Map(a.registrations.map((r) => [r.name, r]));
  const newRegs = new Map(b.registrations.map((r) => [r.name, r]));
  const regChanged: Array<{ name: string; fields: FieldChange[] }> = [];
  for (const [name, r] of newRegs) {
    const before = oldRegs.get(name);
    if (!before) continue;
    const fields = changes(before.fields, r.fields);
    if (fields.length > 0) regChanged.push({ name, fields });
  }

  const nadKey = (x: GraphNad) => nsName(x.namespace, x.name);
  const nadFields = (x: GraphNad) => ({ 'CNI type': x.cniTypes.join(' + '), config: x.config ?? '' });
  const oldNads = new Map(a.nads.map((x) => [nadKey(x), x]));
  const newNads = new Map(b.nads.map((x) => [nadKey(x), x]));
  const nadChanged: Array<{ nad: string; fields: FieldChange[] }> = [];
  for (const [key, x] of newNads) {
    const before = oldNads.get(key);
    if (!before) continue;
    const fields = changes(nadFields(before), nadFields(x));
    // the whole config is shown as changed, not printed: its CNI type is the part a reviewer reads
    if (fields.length > 0) nadChanged.push({ nad: key, fields: fields.map((f) => (f.field === 'config' ? { field: 'config' } : f)) });
  }

  const oldVms = new Map(a.vms.map((v) => [vmKey(v), v]));
  const newVms = new Map(b.vms.map((v) => [vmKey(v), v]));
  const moved: Array<{ vm: GraphVm; changes: InterfaceChange[] }> = [];
  for (const [key, v] of newVms) {
    const before = oldVms.get(key);
    if (!before) continue;
    const ch = interfaceChanges(before, v);
    if (ch.length > 0) moved.push({ vm: v, changes: ch });
  }

  const oldFindings = new Set(allFindings(a).map(findingKey));
  const newFindingKeys = new Set(allFindings(b).map(findingKey));
  return {
    name: (n ?? o)!.name,
    status: !o ? 'added' : !n ? 'removed' : 'compared',
    ...withField('release', field('release', a.release, b.release)),
    ...withField('target', field('target', a.target, b.target)),
    registrations: {
      added: b.registrations.filter((r) => !oldRegs.has(r.name)),
      removed: a.registrations.filter((r) => !newRegs.has(r.name)),
      changed: regChanged,
    },
    nads: {
      added: b.nads.filter((x) => !oldNads.has(nadKey(x))),
      removed: a.nads.filter((x) => !newNads.has(nadKey(x))),
      changed: nadChanged,
    },
    vms: {
      added: b.vms.filter((v) => !oldVms.has(vmKey(v))),
      removed: a.vms.filter((v) => !newVms.has(vmKey(v))),
      moved,
    },
    newFindings: allFindings(b).filter((f) => !oldFindings.has(findingKey(f))),
    fixedFindings: allFindings(a).filter((f) => !newFindingKeys.has(findingKey(f))),
  };
}

const withField = <K extends string>(k: K, c: FieldChange | undefined) => (c ? { [k]: c } as Record<K, FieldChange> : {});

const use = (i: GraphInterface) => ({ binding: i.binding, plugin: i.plugin, network: i.network });

function interfaceChanges(a: GraphVm, b: GraphVm): InterfaceChange[] {
  const before = new Map(a.interfaces.map((i) => [i.name, i]));
  const after = new Map(b.interfaces.map((i) => [i.name, i]));
  const out: InterfaceChange[] = [];
  for (const i of b.interfaces) {
    const was = before.get(i.name);
    if (!was) out.push({ interface: i.name, new: use(i) });
    else if (was.binding !== i.binding || was.plugin !== i.plugin || was.network !== i.network) out.push({ interface: i.name, old: use(was), new: use(i) });
  }
  for (const i of a.interfaces) if (!after.has(i.name)) out.push({ interface: i.name, old: use(i) });
  return out;
}

/** True when the diff holds no change at all. */
export function isEmptyDiff(d: GraphDiff): boolean {
  return d.problems.length === 0 && d.clusters.every((c) => c.status === 'compared' && !c.release && !c.target
    && c.registrations.added.length + c.registrations.removed.length + c.registrations.changed.length === 0
    && c.nads.added.length + c.nads.removed.length + c.nads.changed.length === 0
    && c.vms.added.length + c.vms.removed.length + c.vms.moved.length === 0
    && c.newFindings.length + c.fixedFindings.length === 0);
}

/** Options of `renderDiffMarkdown()`. */
export interface DiffMarkdownOptions {
  /** VMs named in one line of a grouped change; the rest are counted. @default 10 */
  readonly groupLimit?: number;
  /** The heading. @default 'Binding changes' */
  readonly title?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const value = (v: string | undefined) => (v === undefined ? '(none)' : mdCode(v));
const bindingText = (u: { binding: string; plugin: boolean }) => `${mdCode(u.binding)}${u.plugin ? '' : ' (core)'}`;

function registrationText(r: GraphRegistration): string {
  const parts = Object.entries(r.fields).filter(([k]) => k !== '(value)').map(([k, v]) => `${mdText(k)} ${mdCode(v)}`);
  return parts.length > 0 ? parts.join(', ') : 'no fields';
}

/** The changes as Markdown, for a pull request comment. */
export function renderDiffMarkdown(d: GraphDiff, options: DiffMarkdownOptions = {}): string {
  const limit = Math.max(1, Math.floor(options.groupLimit ?? DEFAULT_GROUP_LIMIT));
  const out: string[] = [`## ${mdText(options.title ?? 'Binding changes')}`, ''];
  if (d.problems.length > 0) {
    out.push(`**${plural(d.problems.length, 'input')} could not be read**; what they hold is not compared:`, '');
    for (const p of d.problems) out.push(`- ${mdText(p)}`);
    out.push('');
  }
  if (isEmptyDiff(d)) out.push('No binding-level changes: the same registrations, NADs, VM interfaces and findings.', '');
  for (const c of d.clusters) out.push(...clusterText(c, limit, d.clusters.length > 1));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** VM lines, grouped: VMs of one namespace with the same change text are one line naming up to `limit` of them. */
function vmLines(items: Array<{ vm: GraphVm; text: string }>, verb: string, limit: number): string[] {
  const groups = new Map<string, { namespace: string; text: string; names: string[] }>();
  for (const { vm, text } of items) {
    const key = `${vm.namespace}\u0000${text}`;
    const g = groups.get(key);
    const name = vm.kind === 'VirtualMachine' ? vm.name : `${vm.name} (VMI)`;
    if (g) g.names.push(name);
    else groups.set(key, { namespace: vm.namespace, text, names: [name] });
  }
  return [...groups.values()].sort((a, b) => byText(a.namespace, b.namespace) || byText(a.names[0], b.names[0])).map((g) => {
    if (g.names.length === 1) return `- ${verb} ${mdCode(nsName(g.namespace, g.names[0]))}: ${g.text}`;
    const shown = g.names.slice(0, limit).map(mdCode).join(', ');
    const more = g.names.length > limit ? ` and ${g.names.length - limit} more` : '';
    return `- ${verb} ${g.names.length} VMs in ${mdCode(g.namespace)} (${shown}${more}): ${g.text}`;
  });
}

function clusterText(c: ClusterDiff, limit: number, several: boolean): string[] {
  const out: string[] = [];
  const status = c.status === 'added' ? ' (new cluster)' : c.status === 'removed' ? ' (removed)' : '';
  const body: string[] = [];
  if (c.release) body.push(`- KubeVirt release ${value(c.release.old)} → ${value(c.release.new)}`);
  if (c.target) body.push(`- configuration target ${value(c.target.old)} → ${value(c.target.new)}`);
  const regs: string[] = [];
  for (const r of c.registrations.added) regs.push(`- added ${mdCode(r.name)}: ${registrationText(r)}`);
  for (const r of c.registrations.removed) regs.push(`- removed ${mdCode(r.name)} (was: ${registrationText(r)})`);
  for (const r of c.registrations.changed) {
    regs.push(`- changed ${mdCode(r.name)}: ${r.fields.map((f) => `${mdText(f.field)} ${value(f.old)} → ${value(f.new)}`).join('; ')}`);
  }
  if (regs.length > 0) body.push('', '**Registrations**', '', ...regs);
  const nads: string[] = [];
  for (const x of c.nads.added) nads.push(`- added ${mdCode(nsName(x.namespace, x.name))}: CNI ${value(x.cniTypes.join(' + ') || undefined)}`);
  for (const x of c.nads.removed) nads.push(`- removed ${mdCode(nsName(x.namespace, x.name))} (was CNI ${value(x.cniTypes.join(' + ') || undefined)})`);
  for (const x of c.nads.changed) {
    nads.push(`- changed ${mdCode(x.nad)}: ${x.fields.map((f) => (f.field === 'config' ? 'config changed' : `${mdText(f.field)} ${value(f.old || undefined)} → ${value(f.new || undefined)}`)).join('; ')}`);
  }
  if (nads.length > 0) body.push('', '**Network attachment definitions**', '', ...nads);
  const ifaceText = (vm: GraphVm) => vm.interfaces.map((i) => `${mdCode(i.name)} via ${bindingText(i)} over ${mdCode(i.network)}`).join(', ') || 'no interfaces';
  const vms = [
    ...vmLines(c.vms.added.map((vm) => ({ vm, text: ifaceText(vm) })), 'added', limit),
    ...vmLines(c.vms.removed.map((vm) => ({ vm, text: `was ${ifaceText(vm)}` })), 'removed', limit),
    ...vmLines(c.vms.moved.map(({ vm, changes }) => ({
      vm,
      text: changes.map((ch) => {
        if (!ch.old) return `${mdCode(ch.interface)} added, via ${bindingText(ch.new!)} over ${mdCode(ch.new!.network)}`;
        if (!ch.new) return `${mdCode(ch.interface)} removed (was via ${bindingText(ch.old)} over ${mdCode(ch.old.network)})`;
        const parts: string[] = [];
        if (ch.old.binding !== ch.new.binding || ch.old.plugin !== ch.new.plugin) parts.push(`binding ${bindingText(ch.old)} → ${bindingText(ch.new)}`);
        if (ch.old.network !== ch.new.network) parts.push(`network ${mdCode(ch.old.network)} → ${mdCode(ch.new.network)}`);
        return `${mdCode(ch.interface)}: ${parts.join(', ')}`;
      }).join('; '),
    })), 'moved', limit),
  ];
  if (vms.length > 0) body.push('', '**Virtual machines**', '', ...vms);
  const finding = (f: GraphFinding) => {
    const where = [f.location ? mdCode(f.location) : undefined, mdCode(describe(f.object)), f.path ? mdCode(f.path) : undefined].filter(Boolean).join(' ');
    return `- ${f.severity === 'error' ? '❌ error' : '⚠️ warning'} ${mdCode(f.rule)} ${where}: ${mdText(f.message)}`;
  };
  if (c.newFindings.length > 0) body.push('', `**New findings** (${plural(c.newFindings.length, 'finding')} the old side did not have)`, '', ...c.newFindings.map(finding));
  if (c.fixedFindings.length > 0) body.push('', `**Findings gone** (${plural(c.fixedFindings.length, 'finding')} of the old side)`, '', ...c.fixedFindings.map(finding));
  if (body.length === 0 && !several && c.status === 'compared') return out;
  out.push(`### Cluster ${mdCode(c.name)}${status}`, '');
  if (body.length === 0) out.push('No changes.');
  else out.push(...(body[0] === '' ? body.slice(1) : body));
  out.push('');
  return out;
}

