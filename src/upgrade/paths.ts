/**
 * `kubevirt-netbind upgrade`: reads inputs as lint does (src/lint/load.ts), runs `upgrade()` over them, and places each
 * change at its file and line (src/lint/locate.ts), as text lines or JSON.
 */
import { clip, describeObject, escapeText, MAX_MESSAGE, MAX_NAME, MAX_PATH, safeLine } from '../lint/format';
import { loadInputs, ReadProblem, tidy, YamlReader } from '../lint/load';
import { Locator } from '../lint/locate';
import { ALL_RULES } from '../rules/all';
import type { ObjectRef, Rule, Severity } from '../rules/types';
import { withCrds } from '../schema/rule';
import type { CrdSet } from '../schema/crd';
import { KubeVirtVersion } from '../version';
import { originFor, Scope, scopeRead } from '../lint/kustomize';
import { upgrade, UpgradeChange, UpgradeChangeKind, UpgradeRangeError, UpgradeReport, UpgradeStep } from './upgrade';

/** A change placed in its file. */
export interface PlacedChange {
  /** The release step, `1.4` and `1.5`. */
  readonly step: { readonly from: string; readonly to: string };
  readonly kind: UpgradeChangeKind;
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly object: ObjectRef;
  readonly path: string;
}

/** What `upgradePaths` made of some inputs. */
export interface UpgradeRun {
  /** Undefined when nothing could be checked (a rule failed). */
  readonly report?: UpgradeReport;
  /** Changes in step order, then file order, then line. */
  readonly changes: PlacedChange[];
  /** Inputs that could not be read or parsed, and a rule that failed. */
  readonly problems: ReadProblem[];
  /** How many of `problems` are inputs that could not be read or parsed. */
  readonly unreadable: number;
  readonly files: string[];
  readonly notes: string[];
}

/** Options of `upgradePaths`. */
export interface UpgradePathsOptions {
  readonly from: KubeVirtVersion | string;
  readonly to: KubeVirtVersion | string;
  readonly strict?: boolean;
  readonly rules?: readonly Rule[];
  readonly cwd?: string;
  readonly stdin?: NodeJS.ReadableStream | string;
  readonly reader?: YamlReader;
  readonly maxFileSize?: number;
  readonly crds?: CrdSet;
}

/**
 * Reads the inputs as lint does and checks the upgrade of each scope (kustomize overlay, cluster folder, stdin).
 * Never throws for bad input.
 * @throws UpgradeRangeError for a bad `from` or `to` (before reading anything)
 */
export async function upgradePaths(inputs: readonly string[], options: UpgradePathsOptions): Promise<UpgradeRun> {
  // the range first: a usage error reads nothing
  const range = { from: options.from, to: options.to };
  upgrade([], range);
  const loaded = await loadInputs(inputs, { cwd: options.cwd, stdin: options.stdin, reader: options.reader, maxFileSize: options.maxFileSize });
  // the scopes lint checks (each kustomize overlay, each cluster folder, stdin; patches merged onto their targets):
  // the upgrade of each scope is checked on its own, and a change two scopes share (a base two overlays include) is
  // listed once
  const read = scopeRead(loaded, inputs, { cwd: options.cwd, maxFileSize: options.maxFileSize, reader: options.reader });
  const problems = [...read.problems];
  const base = options.rules;
  const rules = options.crds ? withCrds(base ?? ALL_RULES, options.crds) : base;
  const reports: Array<{ scope: Scope; report: UpgradeReport }> = [];
  try {
    for (const scope of read.scopes) {
      reports.push({ scope, report: upgrade(scope.objects.map((o) => o.manifest), { ...range, strict: options.strict, ...(rules ? { rules } : {}) }) });
    }
  } catch (e) {
    if (e instanceof UpgradeRangeError) throw e;
    problems.push({ file: 'kubevirt-netbind', message: `internal error in a rule: ${tidy(String((e as Error)?.message ?? e))}` });
    reports.length = 0;
  }
  const locator = new Locator();
  const rank = new Map<string, number>();
  read.files.forEach((f, i) => { if (!rank.has(f)) rank.set(f, i); });
  const changes: PlacedChange[] = [];
  const first = reports[0]?.report;
  const steps: UpgradeStep[] = [];
  const seen = new Set<string>();
  for (let s = 0; first && s < first.steps.length; s++) {
    const placed: PlacedChange[] = [];
    const kept: UpgradeChange[] = [];
    for (const { scope, report } of reports) {
      const step = report.steps[s];
      for (const c of step.changes) {
        const o = scope.objects[c.objectIndex];
        if (!o) continue;
        const at = originFor(o, c.path);
        const change: PlacedChange = {
          step: { from: step.from, to: step.to }, kind: c.kind, rule: c.rule, severity: c.severity, message: c.message,
          file: at.doc.file, line: safeLine(locator, at.doc, at.prefix, at.path), object: c.object, path: c.path,
        };
        const key = JSON.stringify([s, change.kind, change.rule, change.file, change.line, change.path, change.message, change.object]);
        if (seen.has(key)) continue;
        seen.add(key);
        placed.push(change);
        kept.push(c);
      }
    }
    steps.push({ ...first.steps[s], changes: kept });
    const order = placed.map((_, i) => i);
    order.sort((a, b) => (rank.get(placed[a].file) ?? Infinity) - (rank.get(placed[b].file) ?? Infinity) || placed[a].line - placed[b].line || a - b);
    changes.push(...order.map((i) => placed[i]));
  }
  const report: UpgradeReport | undefined = first ? { ...first, steps, breaks: reports.some((r) => r.report.breaks) } : undefined;
  const notes = [...new Set([...loaded.notes, ...read.notes])];
  return { report, changes, problems, unreadable: loaded.problems.length, files: read.files, notes };
}

/** Words of each kind in the text output. */
const KIND_TEXT: Readonly<Record<UpgradeChangeKind, string>> = { breaks: 'breaks', warns: 'warns', note: 'note', resolved: 'resolved' };

/** `file:line: 1.4->1.5 breaks rule-id: message (Kind namespace/name field)`, on one line whatever the names hold. */
export function formatChangeLine(c: PlacedChange): string {
  const what = describeObject(c.object, c.path);
  return `${escapeText(c.file)}:${c.line}: ${c.step.from}->${c.step.to} ${KIND_TEXT[c.kind]} ${escapeText(clip(c.rule, MAX_NAME))}: ${escapeText(clip(c.message, MAX_MESSAGE))}${what ? ` (${what})` : ''}`;
}

/** The JSON report: `{"from","to","breaks","steps":[{"from","to"}],"changes":[{step, kind, rule, severity, message, file, line, object, path}]}`. */
export function formatUpgradeJson(run: UpgradeRun): string {
  return JSON.stringify({
    from: run.report?.from,
    to: run.report?.to,
    breaks: run.report?.breaks ?? false,
    steps: (run.report?.steps ?? []).map((s) => ({ from: s.from, to: s.to, changes: s.changes.length })),
    changes: run.changes.map((c) => ({
      step: c.step, kind: c.kind, rule: clip(c.rule, MAX_NAME), severity: c.severity, message: clip(c.message, MAX_MESSAGE), file: c.file, line: c.line,
      object: {
        apiVersion: clip(c.object.apiVersion, MAX_NAME),
        kind: clip(c.object.kind, MAX_NAME),
        ...(c.object.namespace !== undefined ? { namespace: clip(c.object.namespace, MAX_NAME) } : {}),
        name: clip(c.object.name, MAX_NAME),
      },
      path: clip(c.path, MAX_PATH),
    })),
  });
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** `kubevirt 1.4 -> 1.9 (5 steps): 1 breaking change, 2 new warnings, 3 notes, 1 resolved in 4 files`. */
export function formatUpgradeSummary(run: UpgradeRun): string {
  const unreadable = run.unreadable;
  const count = (k: UpgradeChangeKind) => run.changes.filter((c) => c.kind === k).length;
  const head = run.report ? `kubevirt ${run.report.from} -> ${run.report.to} (${plural(run.report.steps.length, 'step')})` : 'kubevirt upgrade';
  let s = `${head}: ${plural(count('breaks'), 'breaking change')}, ${plural(count('warns'), 'new warning')}, ${plural(count('note'), 'note')}, ${count('resolved')} resolved in ${plural(run.files.length, 'file')}`;
  if (unreadable > 0) s += `; ${plural(unreadable, 'input')} could not be read`;
  return s;
}
