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
  objects: ReadonlyArray<LoadedObject & { origin?: (path: string) => { doc: LoadedObject['doc']; prefix: string; path: string } | undefined }>,
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
    // a field a kustomize patch wrote is placed in the patch (src/lint/kustomize.ts)
    const at = o.origin?.(f.path);
    placed.push({
      rule: f.rule, severity: f.severity, message: f.message, file: (at ?? o).doc.file,
      line: at ? safeLine(locator, at.doc, at.prefix, at.path) : safeLine(locator, o.doc, o.prefix, f.path), object: f.object, path: f.path,
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

/** Longest name (kind, namespace, name, apiVersion) printed; longer ones are cut, with their length. */
export const MAX_NAME = 200;
/** Longest field path printed. */
export const MAX_PATH = 1000;
/** Longest message printed (values in messages are already cut shorter by the rules). */
export const MAX_MESSAGE = 2000;

/**
 * `text` cut to `max` characters, marked `... (N chars)` with its whole length when cut. A cut never splits a
 * surrogate pair.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}... (${text.length} chars)`;
}

/**
 * Control characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides: what could break
 * a line, move the cursor or reorder what a terminal shows.
 */
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` on one line, with every unsafe character written as an escape: `\n`, `\x1b`, `\u202e`. */
export function escapeText(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const named = NAMED[c];
    if (named !== undefined) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** `text` cut to `max` and escaped: what the text output prints of a name, path or message. */
const safe = (text: string, max: number) => escapeText(clip(String(text), max));

/** `Kind namespace/name field`, without the parts that are unknown; '' when nothing is known. Cut and escaped. */
export function describeObject(ref: ObjectRef, path: string): string {
  const parts: string[] = [];
  if (ref.kind || ref.name) {
    parts.push(ref.kind ? safe(ref.kind, MAX_NAME) : '<no kind>');
    const name = ref.name ? safe(ref.name, MAX_NAME) : '<no name>';
    parts.push(ref.namespace ? `${safe(ref.namespace, MAX_NAME)}/${name}` : name);
  }
  if (path) parts.push(safe(path, MAX_PATH));
  return parts.join(' ');
}

/** `file:line: severity rule-id: message (Kind namespace/name field)`, on one line whatever the names hold. */
export function formatTextLine(f: PlacedFinding): string {
  const what = describeObject(f.object, f.path);
  return `${escapeText(f.file)}:${f.line}: ${f.severity} ${safe(f.rule, MAX_NAME)}: ${safe(f.message, MAX_MESSAGE)}${what ? ` (${what})` : ''}`;
}

/** `file:line: error: cannot parse: reason` (`file:line:column:` when the column is known, `file:` when the line is not). */
export function formatProblem(p: ReadProblem): string {
  const where = p.line !== undefined ? `:${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : '';
  return `${escapeText(p.file)}${where}: error: ${safe(p.message, MAX_MESSAGE)}`;
}

/**
 * The JSON report: `{"findings":[{rule, severity, message, file, line, object: {apiVersion, kind, namespace, name}, path}]}`.
 * `object.namespace` is left out when the object has none (as in `ObjectRef`). JSON escapes control characters
 * itself; names, paths and messages longer than the text output's limits are cut the same way.
 */
export function formatJson(findings: readonly PlacedFinding[]): string {
  return JSON.stringify({
    findings: findings.map((f) => ({
      rule: clip(f.rule, MAX_NAME),
      severity: f.severity,
      message: clip(f.message, MAX_MESSAGE),
      file: f.file,
      line: f.line,
      object: {
        apiVersion: clip(f.object.apiVersion, MAX_NAME),
        kind: clip(f.object.kind, MAX_NAME),
        ...(f.object.namespace !== undefined ? { namespace: clip(f.object.namespace, MAX_NAME) } : {}),
        name: clip(f.object.name, MAX_NAME),
      },
      path: clip(f.path, MAX_PATH),
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
