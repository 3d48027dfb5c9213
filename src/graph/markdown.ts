/**
 * The picture as Markdown for a repository or a pull request: per cluster, the Mermaid diagram (GitHub and GitLab
 * render it) and tables of the registrations, NADs and VMs, then every finding and what is missing.
 */
import {
  BindingGraph, ClusterGraph, DEFAULT_GROUP_LIMIT, describe, GraphFinding, groupVms, nsName, registrationNads,
} from './model';
import { renderMermaid } from './mermaid';
import { DiagramOptions, targetText } from './scene';

/**
 * Text for a Markdown table cell or line: ASCII punctuation that Markdown or HTML would read is backslash-escaped,
 * `&` is written as an entity, and whitespace runs (newlines too) are one space.
 */
export function mdText(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/&/g, '&amp;').replace(/[\\`*_{}[\]<>#|~!$]/g, '\\$&');
}

/** `text` as inline code when it needs no escaping inside a code span, else as escaped text. */
export function mdCode(s: string): string {
  const t = s.replace(/\s+/g, ' ');
  return /^[^`|\\]+$/.test(t) && t.trim() === t ? `\`${t}\`` : mdText(t);
}

/** Options of `renderMarkdown()`. */
export interface MarkdownOptions extends DiagramOptions {
  /** The document's title. @default 'Network bindings' */
  readonly title?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The picture as a Markdown document. */
export function renderMarkdown(g: BindingGraph, options: MarkdownOptions = {}): string {
  const limit = Math.max(0, Math.floor(options.groupLimit ?? DEFAULT_GROUP_LIMIT));
  const out: string[] = [`# ${mdText(options.title ?? 'Network bindings')}`, ''];
  out.push('<!-- written by kubevirt-netbind from the manifests beside it; do not edit -->', '');
  if (g.problems.length > 0) {
    out.push(`**${plural(g.problems.length, 'input')} could not be read**, so what they hold is not in this picture:`, '');
    for (const p of g.problems) out.push(`- ${mdText(p)}`);
    out.push('');
  }
  if (g.clusters.length === 0) out.push('No cluster.', '');
  for (const c of g.clusters) out.push(...clusterSection(c, g.clusters.length > 1 ? '##' : '##', limit, options));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function findingCell(findings: readonly GraphFinding[]): string {
  if (findings.length === 0) return '';
  const errors = findings.filter((f) => f.severity === 'error').length;
  const parts: string[] = [];
  if (errors > 0) parts.push(`❌ ${plural(errors, 'error')}`);
  if (findings.length - errors > 0) parts.push(`⚠️ ${plural(findings.length - errors, 'warning')}`);
  const rules = [...new Set(findings.map((f) => f.rule))].sort();
  return `${parts.join(', ')}: ${rules.map(mdCode).join(', ')}`;
}

function clusterSection(c: ClusterGraph, h: string, limit: number, options: DiagramOptions): string[] {
  const out: string[] = [];
  out.push(`${h} Cluster ${mdCode(c.name)}`, '');
  const cfgs = c.configurations.map((x) => mdCode(describe(x.object))).join(', ');
  out.push(`KubeVirt ${mdText(c.release)}${c.target ? `, ${targetText(c.target)}` : ''}${cfgs ? ` (${cfgs})` : ', no cluster configuration'}: `
    + `${plural(c.registrations.length, 'registration')}, ${plural(c.nads.length, 'NAD')}, ${plural(c.vms.length, 'VM')}.`, '');
  out.push('```mermaid', renderMermaid({ clusters: [c], problems: [] }, options).trimEnd(), '```', '');

  out.push(`${h}# Registrations`, '');
  if (c.registrations.length === 0) out.push('None.', '');
  else {
    out.push('| binding | sidecar image | attachment | migration | downward API | memory overhead | NAD | VMs | findings |', '|---|---|---|---|---|---|---|---|---|');
    const users = new Map<string, number>();
    for (const vm of c.vms) for (const b of new Set(vm.interfaces.filter((i) => i.plugin).map((i) => i.binding))) users.set(b, (users.get(b) ?? 0) + 1);
    for (const r of c.registrations) {
      const cell = (v: string | undefined) => (v === undefined ? '' : mdCode(v));
      out.push(`| ${mdCode(r.name)}${r.implicit ? ' (HCO’s own)' : ''} | ${cell(r.sidecarImage)} | ${cell(r.domainAttachmentType)} | ${cell(r.migration)} | ${cell(r.downwardApi)} | ${cell(r.memoryOverhead)} | ${cell(r.networkAttachmentDefinition)} | ${users.get(r.name) ?? 0} | ${findingCell(r.findings)} |`);
    }
    out.push('');
  }

  out.push(`${h}# Network attachment definitions`, '');
  if (c.nads.length === 0) out.push('None.', '');
  else {
    // who uses each NAD: registrations (their sidecar's NAD) and VM networks
    const regUsers = new Map<string, string[]>();
    for (const r of c.registrations) for (const k of registrationNads(r, c.vms)) regUsers.set(k, [...regUsers.get(k) ?? [], r.name]);
    const vmUsers = new Map<string, number>();
    for (const vm of c.vms) for (const k of new Set(vm.interfaces.map((i) => i.nad).filter((x): x is string => x !== undefined))) vmUsers.set(k, (vmUsers.get(k) ?? 0) + 1);
    out.push('| namespace | NAD | CNI type | used by | findings |', '|---|---|---|---|---|');
    for (const n of c.nads) {
      const key = nsName(n.namespace, n.name);
      const used = [...(regUsers.get(key) ?? []).map((r) => `binding ${mdCode(r)}`), ...vmUsers.has(key) ? [`${plural(vmUsers.get(key)!, 'VM')}`] : []];
      out.push(`| ${mdCode(n.namespace)} | ${mdCode(n.name)} | ${n.cniTypes.length > 0 ? n.cniTypes.map(mdCode).join(' + ') : '(config unreadable)'} | ${used.join(', ')} | ${findingCell(n.findings)} |`);
    }
    out.push('');
  }

  out.push(`${h}# Virtual machines`, '');
  if (c.vms.length === 0) out.push('None.', '');
  else {
    out.push('| namespace | VMs | interfaces (binding, network) | findings |', '|---|---|---|---|');
    for (const group of groupVms(c.vms, limit)) {
      const ifaces = group.vms[0].interfaces.map((i) => `${mdCode(i.name)}: ${mdCode(i.binding)}${i.plugin ? '' : ' (core)'}, ${mdCode(i.network)}`).join('; ') || 'none';
      if (group.grouped) {
        const shown = group.vms.slice(0, limit).map((v) => mdCode(v.name)).join(', ');
        const all = group.vms.flatMap((v) => v.findings);
        out.push(`| ${mdCode(group.namespace)} | ${group.vms.length} VMs: ${shown}${group.vms.length > limit ? ` and ${group.vms.length - limit} more` : ''} | ${ifaces} | ${findingCell(all)} |`);
      } else {
        for (const vm of group.vms) out.push(`| ${mdCode(vm.namespace)} | ${vm.kind === 'VirtualMachine' ? '' : 'VMI '}${mdCode(vm.name)} | ${ifaces} | ${findingCell(vm.findings)} |`);
      }
    }
    out.push('');
  }

  const findings = [
    ...c.configurations.flatMap((x) => x.findings), ...c.registrations.flatMap((r) => r.findings), ...c.nads.flatMap((n) => n.findings),
    ...c.vms.flatMap((v) => v.findings), ...c.otherFindings,
  ];
  if (findings.length > 0) {
    const errors = findings.filter((f) => f.severity === 'error').length;
    out.push(`${h}# Findings: ${plural(errors, 'error')}, ${plural(findings.length - errors, 'warning')}`, '');
    for (const f of findings) {
      const where = [f.location ? mdCode(f.location) : undefined, mdCode(describe(f.object)), f.path ? mdCode(f.path) : undefined].filter(Boolean).join(' ');
      out.push(`- ${f.severity === 'error' ? '❌ error' : '⚠️ warning'} ${mdCode(f.rule)} ${where}: ${mdText(f.message)}`);
    }
    out.push('');
  }
  if (c.notes.length > 0) {
    out.push(`${h}# Missing`, '');
    for (const n of c.notes) out.push(`- ${mdText(n)}`);
    out.push('');
  }
  return out;
}
