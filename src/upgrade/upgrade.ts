/**
 * The upgrade check: what breaks or changes for a set of manifests on the way from one KubeVirt release to another.
 *
 * The rules run at every release step from `from` to `to` (1.4 -> 1.5 -> ... -> 1.9). Between two releases, a finding
 * that appears is a change: `breaks` for an error (or a warning that becomes an error), `warns` for a warning; a
 * finding that disappears is `resolved`. Findings are the same when rule, object and field are (their wording may
 * name the release). On top, change notes that are not findings (src/upgrade/notes.ts) report deprecations, gates that
 * change state, replacements and moved fields as `note`.
 */
import { ALL_RULES } from '../rules/all';
import { runRules } from '../rules/engine';
import type { Finding, Manifest, ObjectRef, Rule, Severity } from '../rules/types';
import { KubeVirtVersion } from '../version';
import { UPGRADE_NOTES, UpgradeNote } from './notes';

/** What a change is. */
export type UpgradeChangeKind = 'breaks' | 'warns' | 'note' | 'resolved';

/** One change on one release step. */
export interface UpgradeChange {
  readonly kind: UpgradeChangeKind;
  /** The rule or note id. */
  readonly rule: string;
  /** The finding's severity on the newer release (`resolved`: on the older one; `note`: warning). */
  readonly severity: Severity;
  /** What changes and what to do. */
  readonly message: string;
  readonly object: ObjectRef;
  /** Position of the object in the input list. */
  readonly objectIndex: number;
  /** The field, as a dotted path with list indexes. */
  readonly path: string;
}

/** The changes between two releases next to each other. */
export interface UpgradeStep {
  readonly from: string;
  readonly to: string;
  readonly changes: readonly UpgradeChange[];
}

/** What `upgrade()` found. */
export interface UpgradeReport {
  readonly from: string;
  readonly to: string;
  /** Every step from `from` to `to`, including those without changes. */
  readonly steps: readonly UpgradeStep[];
  /** True when some step breaks something. */
  readonly breaks: boolean;
}

/** Options of `upgrade()`. */
export interface UpgradeOptions {
  /** The release the manifests run on now: text such as `1.4`, or a `KubeVirtVersion`. */
  readonly from: KubeVirtVersion | string;
  /** The release to upgrade to; not older than `from`. */
  readonly to: KubeVirtVersion | string;
  /** Policy findings are errors. @default false */
  readonly strict?: boolean;
  /** The rules to run. @default ALL_RULES */
  readonly rules?: readonly Rule[];
}

/** A bad `from` or `to`, with a message for people. */
export class UpgradeRangeError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UpgradeRangeError';
  }
}

/** The releases accepted, for messages. */
export const UPGRADE_RANGE_TEXT = `${KubeVirtVersion.SUPPORTED_RANGE} (as X.Y or X.Y.Z)`;

/**
 * `from` and `to` as releases.
 * @throws UpgradeRangeError naming what is accepted, when either is not a supported release or `from` is newer
 */
export function upgradeRange(
  from: KubeVirtVersion | string, to: KubeVirtVersion | string, names: { from: string; to: string } = { from: 'from', to: 'to' },
): { from: KubeVirtVersion; to: KubeVirtVersion } {
  const problems: string[] = [];
  const parse = (name: string, x: KubeVirtVersion | string) => {
    if (x instanceof KubeVirtVersion) return x;
    const parsed = typeof x === 'string' ? KubeVirtVersion.tryParse(x) : undefined;
    if (!parsed) problems.push(`${name} ${JSON.stringify(typeof x === 'string' ? x : String(x))} is not a kubevirt release this tool knows: use ${UPGRADE_RANGE_TEXT}`);
    return parsed;
  };
  const f = parse(names.from, from);
  const t = parse(names.to, to);
  if (f && t && t.isOlderThan(f)) problems.push(`${names.from} ${f} is newer than ${names.to} ${t}: an upgrade goes from an older release to a newer one`);
  if (problems.length > 0 || !f || !t) throw new UpgradeRangeError(problems.join('; '));
  return { from: f, to: t };
}

/** The releases of each step: `from`, each x.y.0 after it, then `to`. */
export function releasePath(from: KubeVirtVersion, to: KubeVirtVersion): KubeVirtVersion[] {
  const out = [from];
  for (let minor = from.minor + 1; minor <= to.minor; minor++) {
    const r = KubeVirtVersion.of(`${to.major}.${minor}`);
    if (r.isOlderThan(to)) out.push(r);
  }
  if (to.isAtLeast(out[out.length - 1]) && to.toString() !== out[out.length - 1].toString()) out.push(to);
  return out;
}

const keyOf = (f: Finding) => `${f.rule}\u0000${f.objectIndex}\u0000${f.path}`;

function group(findings: readonly Finding[]): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>();
  for (const f of findings) {
    const l = m.get(keyOf(f));
    if (l) l.push(f);
    else m.set(keyOf(f), [f]);
  }
  return m;
}

const change = (kind: UpgradeChangeKind, f: Finding, message: string): UpgradeChange => ({
  kind, rule: f.rule, severity: f.severity, message, object: f.object, objectIndex: f.objectIndex, path: f.path,
});

/** The changes between the findings of two releases. */
function diffFindings(before: readonly Finding[], after: readonly Finding[], to: KubeVirtVersion): UpgradeChange[] {
  const old = group(before);
  const now = group(after);
  const out: UpgradeChange[] = [];
  for (const [key, fs] of now) {
    const was = old.get(key);
    if (!was) {
      for (const f of fs) out.push(change(f.severity === 'error' ? 'breaks' : 'warns', f, f.message));
    } else if (fs.some((f) => f.severity === 'error') && !was.some((f) => f.severity === 'error')) {
      for (const f of fs) if (f.severity === 'error') out.push(change('breaks', f, `becomes an error in kubevirt ${to}: ${f.message}`));
    }
  }
  for (const [key, fs] of old) {
    if (now.has(key)) continue;
    for (const f of fs) out.push(change('resolved', f, `no longer reported from kubevirt ${to} (was: ${f.message})`));
  }
  return out;
}

/** The notes that belong to the step that reaches `to`. */
function notesOf(notes: readonly UpgradeNote[], from: KubeVirtVersion, to: KubeVirtVersion, last: boolean): Rule[] {
  return notes.filter((n) => (n.at ? from.isOlderThan(n.at) && to.isAtLeast(n.at) : last)).map((n) => n.rule);
}

const ORDER: Readonly<Record<UpgradeChangeKind, number>> = { breaks: 0, warns: 1, note: 2, resolved: 3 };

/**
 * What breaks or changes for `manifests` on the way from `from` to `to`, release by release. Pure and deterministic.
 *
 * @throws UpgradeRangeError when `from` or `to` is not a supported release, or `from` is newer than `to`
 */
export function upgrade(manifests: readonly Manifest[], options: UpgradeOptions): UpgradeReport {
  const { from, to } = upgradeRange(options.from, options.to);
  const rules = options.rules ?? ALL_RULES;
  const strict = options.strict ?? false;
  const path = releasePath(from, to);
  const findings = path.map((version) => runRules(rules, manifests, { version, strict }));
  const steps: UpgradeStep[] = [];
  for (let i = 1; i < path.length; i++) {
    const changes = diffFindings(findings[i - 1], findings[i], path[i]);
    const notes = notesOf(UPGRADE_NOTES, path[i - 1], path[i], i === path.length - 1);
    if (notes.length > 0) {
      for (const f of runRules(notes, manifests, { version: path[i], strict })) changes.push(change('note', f, f.message));
    }
    changes.sort((a, b) => a.objectIndex - b.objectIndex
      || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
      || ORDER[a.kind] - ORDER[b.kind]
      || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
      || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
    steps.push({ from: path[i - 1].toString(), to: path[i].toString(), changes });
  }
  return { from: from.toString(), to: to.toString(), steps, breaks: steps.some((s) => s.changes.some((c) => c.kind === 'breaks')) };
}
