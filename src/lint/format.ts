/**
 * Output of the linter: findings with their file and line, as text lines or JSON.
 */
import type { Finding, ObjectRef, Severity } from '../rules/types';
import type { InputFinding, LoadedObject, ReadProblem } from './load';
import { Locator } from './locate';

/** A finding placed in its file. */
export interface PlacedFinding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** The file as given (`-` for stdin). */
  readonly file: string;
  /** 1-based line of the field (or of the object when the field is not in the file). */
  readonly line: number;
  readonly object: ObjectRef;
  /** Field path relative to the object, as the rule reported it ('' for the whole object). */
  readonly path: string;
}

/**
 * Gives every finding a file and line, and orders them by input order, then line. Only documents with findings
 * are parsed for positions (see `Locator`).
 */
export function placeFindings(
  findings: readonly Finding[],
  inputFindings: readonly InputFinding[],
  objects: readonly LoadedObject[],
  fileOrder: readonly string[],
  locator: Locator = new Locator(),
): PlacedFinding[] {
  const rank = new Map<string, number>();
  fileOrder.forEach((f, i) => { if (!rank.has(f)) rank.set(f, i); });
  const placed: PlacedFinding[] = [];
  for (const f of inputFindings) {
    placed.push({
      rule: f.rule, severity: f.severity, message: f.message, file: f.doc.file,
      line: f.line ?? safeLine(locator, f.doc, f.prefix, f.path), object: f.object, path: f.path,
    });
  }
  for (const f of findings) {
    const o = objects[f.objectIndex];
    if (!o) continue;
    placed.push({
      rule: f.rule, severity: f.severity, message: f.message, file: o.doc.file,
      line: safeLine(locator, o.doc, o.prefix, f.path), object: f.object, path: f.path,
    });
  }
  // Input order of files, then line; ties keep the order above (loader findings, then the engine's order).
  const fileRank = placed.map((p) => rank.get(p.file) ?? Number.MAX_SAFE_INTEGER);
  const order = placed.map((_, i) => i);
  order.sort((a, b) => fileRank[a] - fileRank[b] || placed[a].line - placed[b].line || a - b);
  return order.map((i) => placed[i]);
}

export function safeLine(locator: Locator, doc: LoadedObject['doc'], prefix: string, path: string): number {
  try {
    return locator.lineOf(doc, prefix, path);
  } catch {
    return doc.line;
  }
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');

/** `Kind namespace/name field`, without the parts that are unknown; '' when nothing is known. */
export function describeObject(ref: ObjectRef, path: string): string {
  const parts: string[] = [];
  if (ref.kind || ref.name) {
    parts.push(ref.kind || '<no kind>');
    const name = ref.name || '<no name>';
    parts.push(ref.namespace ? `${ref.namespace}/${name}` : name);
  }
  if (path) parts.push(path);
  return parts.join(' ');
}

/** `file:line: severity rule-id: message (Kind namespace/name field)`. */
export function formatTextLine(f: PlacedFinding): string {
  const what = describeObject(f.object, f.path);
  return `${f.file}:${f.line}: ${f.severity} ${f.rule}: ${oneLine(f.message)}${what ? ` (${what})` : ''}`;
}

/** `file:line: error: cannot parse: reason` (`file: error: ...` when the line is unknown). */
export function formatProblem(p: ReadProblem): string {
  return `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: error: ${oneLine(p.message)}`;
}

/**
 * The JSON report: `{"findings":[{rule, severity, message, file, line, object: {apiVersion, kind, namespace, name}, path}]}`.
 * `object.namespace` is left out when the object has none (as in `ObjectRef`).
 */
export function formatJson(findings: readonly PlacedFinding[]): string {
  return JSON.stringify({
    findings: findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      file: f.file,
      line: f.line,
      object: {
        apiVersion: f.object.apiVersion,
        kind: f.object.kind,
        ...(f.object.namespace !== undefined ? { namespace: f.object.namespace } : {}),
        name: f.object.name,
      },
      path: f.path,
    })),
  });
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `2 errors, 1 warning in 3 files`, plus the count of inputs that could not be read. */
export function formatSummary(findings: readonly PlacedFinding[], files: number, unreadable: number): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  let s = `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')}`;
  if (unreadable > 0) s += `; ${plural(unreadable, 'input')} could not be read`;
  return s;
}
