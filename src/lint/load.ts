/**
 * Reads manifests from files, directories and stdin for the linter.
 *
 * A text in plain block style (nearly every manifest) is read by `block-yaml.ts`, which gives what js-yaml gives,
 * faster. Any other text costs one js-yaml pass: `parseEvents` and `constructFromEvents` (what `loadAll` does
 * inside), whose event list gives where each document of a stream starts. Nothing here keeps positions of
 * fields: `locate.ts` finds those later, and only for documents that have findings.
 *
 * Nothing in this module throws on bad input: unreadable paths and malformed text become `ReadProblem`s (the CLI
 * exits 2), documents that are not manifests become `InputFinding`s (errors, exit 1), and every other file and
 * document is still read.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  constructFromEvents, CORE_SCHEMA, EVENT_ID, mergeTag, parseEvents,
} from 'js-yaml';
import type { Event } from 'js-yaml';
import type { Manifest, ObjectRef, Severity } from '../rules/types';
import { refOf } from '../rules/engine';
import { readBlockYaml } from './block-yaml';

const DOCUMENT = EVENT_ID.DOCUMENT;
const MAPPING = EVENT_ID.MAPPING;
const SEQUENCE = EVENT_ID.SEQUENCE;
const SCALAR = EVENT_ID.SCALAR;
const ALIAS = EVENT_ID.ALIAS;

/** Merge keys (`<<: *base`) are accepted, as kubectl accepts them. */
export const SCHEMA = CORE_SCHEMA.withTags(mergeTag);

/** File name extensions read when walking a directory (compared in lower case). */
export const MANIFEST_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/** The display name of stdin. */
export const STDIN = '-';

/** One YAML document (or a whole JSON file) of an input. */
export interface SourceDocument {
  /** The file as the user named it (`-` for stdin). */
  readonly file: string;
  /** The whole text of the file. */
  readonly text: string;
  /** Offset of the start of the document's first line in `text`. */
  readonly start: number;
  /** Offset where the text of the next document begins (or the end of the text). */
  readonly end: number;
  /** 1-based line of `start`. */
  readonly line: number;
  /** True for a file read with `JSON.parse`. */
  readonly json: boolean;
}

/** One object to lint, with where it came from. */
export interface LoadedObject {
  readonly manifest: Manifest;
  readonly doc: SourceDocument;
  /** `items[3]` for an item of a `List` document, '' for a document of its own. */
  readonly prefix: string;
}

/** Rule ids of the loader's own findings. */
export const INPUT_NOT_OBJECT = 'input-not-object';
export const INPUT_MISSING_KIND = 'input-missing-kind';
export const INPUT_FLOW_INDENTATION = 'input-flow-indentation';

/** A document that was read but is not a manifest. Reported like a rule finding (an error: exit 1). */
export interface InputFinding {
  readonly rule: typeof INPUT_NOT_OBJECT | typeof INPUT_MISSING_KIND | typeof INPUT_FLOW_INDENTATION;
  readonly severity: Severity;
  readonly message: string;
  readonly object: ObjectRef;
  readonly doc: SourceDocument;
  /** `items[3]` for an item of a `List` document, '' otherwise. */
  readonly prefix: string;
  /** The field, relative to the object ('' for the whole object). */
  readonly path: string;
  /** The 1-based line, when the finding is about a line rather than a field. */
  readonly line?: number;
}

/** An input that could not be read or parsed (exit 2). */
export interface ReadProblem {
  readonly file: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** Lower case, no trailing period: `cannot parse: bad indentation of a mapping entry`. */
  readonly message: string;
}

/** What one file contributed. */
export interface FileLoad {
  readonly objects: LoadedObject[];
  readonly findings: InputFinding[];
  /** Set when the file could not be parsed; `objects` and `findings` are then empty. */
  readonly problem?: ReadProblem;
}

/** Everything read from a set of inputs. */
export interface LoadResult {
  readonly objects: LoadedObject[];
  readonly findings: InputFinding[];
  readonly problems: ReadProblem[];
  /** Files read and parsed, in input order. */
  readonly files: string[];
  /** Notes that are not problems (a directory without manifests), for stderr. */
  readonly notes: string[];
}

/** Where inputs come from. */
export interface LoadOptions {
  /** Directory relative paths are resolved against. @default process.cwd() */
  readonly cwd?: string;
  /** What `-` reads. @default process.stdin */
  readonly stdin?: NodeJS.ReadableStream | string;
  /** How YAML is read: the block reader where it applies, else js-yaml; or js-yaml always (same result, slower). @default 'block' */
  readonly reader?: YamlReader;
  /**
   * Parsed files by text, shared between loads: a file whose text was parsed before (under any name) is not
   * parsed again (`diff` reads two trees that are mostly the same). The manifests are shared, not copied: they
   * must not be changed. @default - every file is parsed
   */
  readonly parsed?: Map<string, FileLoad>;
}

/** `block`: texts in plain block style through `block-yaml.ts`, the rest through js-yaml. `js-yaml`: every text through js-yaml. */
export type YamlReader = 'block' | 'js-yaml';

const EMPTY_REF: ObjectRef = { apiVersion: '', kind: '', name: '' };

/** Lower case first letter, one line, no trailing period: the CLI's message style. */
export function tidy(text: string): string {
  let s = String(text).split('\n')[0].trim();
  s = s.replace(/[.]+$/, '');
  return s.length > 0 ? s[0].toLowerCase() + s.slice(1) : s;
}

/** Index of the start of the line holding `offset`. */
function lineStartOf(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** 1-based line of `offset` (counts newlines; for error paths and single JSON documents). */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  let i = text.indexOf('\n');
  while (i !== -1 && i < offset) {
    line++;
    i = text.indexOf('\n', i + 1);
  }
  return line;
}

/** Offset of the first character of a node event (its tag or anchor when written first), -1 for an empty node. */
function nodeStart(ev: Event | undefined): number {
  if (!ev) return -1;
  let off = -1;
  const take = (x: number) => {
    if (x >= 0 && (off < 0 || x < off)) off = x;
  };
  switch (ev.type) {
    case MAPPING:
    case SEQUENCE:
      take(ev.start); take(ev.anchorStart); take(ev.tagStart);
      break;
    case SCALAR:
      take(ev.valueStart); take(ev.anchorStart); take(ev.tagStart);
      break;
    case ALIAS:
      take(ev.anchorStart - 1);
      break;
    default:
      break;
  }
  return off;
}

/** Where each document's node starts (-1 when empty): the node event after each DOCUMENT event. */
export function documentStarts(events: readonly Event[]): number[] {
  const starts: number[] = [];
  for (let i = 0; i < events.length; i++) {
    if (events[i].type === DOCUMENT) starts.push(nodeStart(events[i + 1]));
  }
  return starts;
}

function typeName(x: unknown): string {
  if (Array.isArray(x)) return 'a list';
  if (x === null) return 'null';
  if (typeof x === 'string') return 'a string';
  if (typeof x === 'number') return 'a number';
  if (typeof x === 'boolean') return 'a boolean';
  if (x instanceof Date) return 'a timestamp';
  return `a ${typeof x}`;
}

function isPlainObject(x: unknown): x is Manifest {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Date) && !(x instanceof Map) && !(x instanceof Set);
}

const isNonEmptyString = (x: unknown): x is string => typeof x === 'string' && x !== '';

/** Turns one parsed document into objects to lint, or findings about why it is not a manifest. */
function collect(value: unknown, doc: SourceDocument, out: { objects: LoadedObject[]; findings: InputFinding[] }): void {
  if (value === null || value === undefined) return;
  if (isPlainObject(value) && isNonEmptyString(value.apiVersion) && isNonEmptyString(value.kind) && !value.kind.endsWith('List')) {
    out.objects.push({ manifest: value, doc, prefix: '' }); // a manifest of its own: nearly every document
    return;
  }
  const check = (v: unknown, prefix: string, where: string) => {
    if (!isPlainObject(v)) {
      out.findings.push({
        rule: INPUT_NOT_OBJECT,
        severity: 'error',
        message: `${where} is ${typeName(v)}, not an object: a manifest is a mapping with apiVersion, kind and metadata`,
        object: EMPTY_REF,
        doc,
        prefix,
        path: '',
      });
      return;
    }
    const missing = ['apiVersion', 'kind'].filter((k) => typeof v[k] !== 'string' || v[k] === '');
    if (missing.length > 0) {
      const what = missing.map((k) => `"${k}"`).join(' and ');
      const got = missing.map((k) => (v[k] === undefined ? `no ${k}` : v[k] === '' ? `an empty ${k}` : `${k} ${typeName(v[k])}`)).join(', ');
      out.findings.push({
        rule: INPUT_MISSING_KIND,
        severity: 'error',
        message: `${where} has ${got}: every manifest needs a non-empty string ${what}`,
        object: refOf(v),
        doc,
        prefix,
        path: missing[missing.length - 1],
      });
      return;
    }
    out.objects.push({ manifest: v, doc, prefix });
  };

  if (isPlainObject(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
    // `kubectl get -o yaml` output: a v1 List, or a typed list (VirtualMachineList) whose items may omit kind and apiVersion.
    const itemKind = value.kind === 'List' ? undefined : value.kind.slice(0, -'List'.length);
    const listApiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : undefined;
    value.items.forEach((item, i) => {
      let v = item;
      if (itemKind && isPlainObject(item) && item.kind === undefined && item.apiVersion === undefined && listApiVersion) {
        v = { apiVersion: listApiVersion, kind: itemKind, ...item };
      }
      check(v, `items[${i}]`, `item ${i} of the ${value.kind}`);
    });
    return;
  }
  check(value, '', 'the document');
}

/** At most this many under-indented lines are re-indented in one document before the file counts as unparseable. */
const MAX_REINDENTED_LINES = 200;

/** A parsed stretch of a stream: its text as parsed (re-indented lines included), values, node starts and re-indented lines. */
interface ParsedSegment {
  readonly text: string;
  readonly values: unknown[];
  /** Offsets in `text` where each document's node starts (-1 when empty). */
  readonly starts: number[];
  /** 1-based lines of `text` that were re-indented. */
  readonly reindented: number[];
}

/**
 * Parses a YAML stream. A line that continues a quoted or flow value (`config: '{` ... `}'`) at or left of its
 * key's column is "deficient indentation" to the YAML spec and to js-yaml, but parsers descended from libyaml
 * accept it (PyYAML does; Go's yaml package, which kubectl uses, is a port of libyaml), and KubeVirt's own NAD
 * examples are written that way. Leading white space inside such a value is not
 * part of it, so the line is given the indentation of the line before and parsing goes on; each such line is
 * reported as a warning.
 *
 * A stream without such lines is parsed once. A stream with them is parsed again: the documents before the first
 * such line as one text, the rest document by document (split before each `---` line), each document re-parsed
 * after each line it re-indents, so a stream of thousands of such NADs costs about two parses, not one per NAD. A document that does not parse on its own (a directive
 * before the next `---`, a value left open at its end) is parsed together with the rest of the stream instead.
 */
export function parseLenient(source: string): ParsedSegment {
  let first: number;
  try {
    return parseSegment(source, 0);
  } catch (e) {
    const err = e as MarkedError;
    if (err.reason !== 'deficient indentation' || typeof err.mark?.line !== 'number') throw e;
    first = err.mark.line;
  }
  // js-yaml says where each deficient line is by throwing: their stack traces are never shown, so none is taken
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseByDocument(source, first);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** `parseLenient` from the stretch of documents holding the first deficient line, on 0-based line `first`. */
function parseByDocument(source: string, first: number): ParsedSegment {
  const chunks = splitDocuments(source);
  // the documents before the one holding the first such line parsed as they are: they are read again as one text
  let head = 0;
  for (let lines = 0; head < chunks.length - 1; head++) {
    const n = countLines(chunks[head]);
    if (lines + n > first) break;
    lines += n;
  }
  if (head > 1) chunks.splice(0, head, chunks.slice(0, head).join(''));
  const texts: string[] = [];
  const values: unknown[] = [];
  const starts: number[] = [];
  const reindented: number[] = [];
  let offset = 0; // of the chunk in the text as parsed
  let line = 0; // lines before the chunk
  for (let c = 0; c < chunks.length; c++) {
    let part: ParsedSegment;
    let last = c === chunks.length - 1;
    try {
      part = parseSegment(chunks[c], MAX_REINDENTED_LINES);
    } catch (e) {
      if (last || (e as MarkedError).reason === 'deficient indentation') throw shiftError(e, line);
      // this document does not parse on its own: parse it with the rest of the stream, as one text
      last = true;
      try {
        part = parseSegment(chunks.slice(c).join(''), MAX_REINDENTED_LINES);
      } catch (e2) {
        throw shiftError(e2, line);
      }
    }
    texts.push(part.text);
    for (const v of part.values) values.push(v);
    for (const s of part.starts) starts.push(s < 0 ? s : s + offset);
    for (const l of part.reindented) reindented.push(l + line);
    if (last) break;
    offset += part.text.length;
    line += countLines(chunks[c]);
  }
  return { text: texts.join(''), values, starts, reindented };
}

/** Parses one stretch of a stream with js-yaml, re-indenting up to `max` deficient lines (see `parseLenient`). */
function parseSegment(source: string, max: number): ParsedSegment {
  let text = source;
  const reindented: number[] = [];
  for (;;) {
    try {
      const events = parseEvents(text, {});
      return { text, values: constructFromEvents(events, { source: text, schema: SCHEMA }), starts: documentStarts(events), reindented };
    } catch (e) {
      const err = e as MarkedError;
      const line = err.mark?.line;
      if (err.reason !== 'deficient indentation' || typeof line !== 'number' || reindented.length >= max) throw e;
      const lines = text.split('\n');
      let prev = line - 1;
      while (prev >= 0 && lines[prev].trim() === '') prev--;
      const want = prev >= 0 ? /^ */.exec(lines[prev])![0].length : 0;
      const have = /^ */.exec(lines[line])![0].length;
      if (want <= have) throw e;
      lines[line] = ' '.repeat(want) + lines[line].slice(have);
      text = lines.join('\n');
      reindented.push(line + 1);
    }
  }
}

/** The text cut before every line that starts a document (`---` at column 0): the parts joined give the text back. */
function splitDocuments(text: string): string[] {
  const parts: string[] = [];
  let from = 0;
  let i = text.indexOf('\n---');
  while (i !== -1) {
    const at = i + 1;
    const c = text.charCodeAt(at + 3);
    if (Number.isNaN(c) || c === 32 || c === 9 || c === 10 || c === 13) {
      parts.push(text.slice(from, at));
      from = at;
    }
    i = text.indexOf('\n---', at);
  }
  parts.push(text.slice(from));
  return parts;
}

/** Line breaks in `text`, as js-yaml counts them (`\n`, `\r\n`, and a `\r` alone). */
function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) n++;
  return n;
}

/** The error of a stretch of the stream, with its line counted from the top of the stream. */
function shiftError(e: unknown, lines: number): unknown {
  const mark = (e as MarkedError | undefined)?.mark;
  if (lines > 0 && mark && typeof mark.line === 'number') mark.line = mark.line + lines;
  return e;
}

/**
 * Lines of a text, counted on demand: only documents with findings need their line, so a clean stream is never
 * scanned for line breaks. Counting goes on from the last answer, forwards or backwards, so questions asked in any
 * order cost the distance between them, and front-to-back questions scan the text once.
 */
class LineCounter {
  /** The start of line `line`. */
  private offset = 0;
  private line = 1;

  public constructor(private readonly text: string) {}

  /** 1-based line of `offset`. */
  public lineAt(offset: number): number {
    const text = this.text;
    while (offset < this.offset && this.offset > 0) {
      // back to the start of the line before
      this.offset = this.offset <= 1 ? 0 : text.lastIndexOf('\n', this.offset - 2) + 1;
      this.line--;
    }
    for (;;) {
      const i = text.indexOf('\n', this.offset);
      if (i === -1 || i >= offset) break;
      this.offset = i + 1;
      this.line++;
    }
    return this.line;
  }
}

/** A document of a YAML stream, whose line is counted when first asked for. */
class YamlDocument implements SourceDocument {
  public readonly json = false;
  private lineOfStart?: number;

  public constructor(
    public readonly file: string,
    public readonly text: string,
    public readonly start: number,
    public readonly end: number,
    private readonly lines: LineCounter,
  ) {}

  public get line(): number {
    this.lineOfStart ??= this.lines.lineAt(this.start);
    return this.lineOfStart;
  }
}

/**
 * Parses a YAML stream: with the block reader when it applies, else with js-yaml (leniently). Gives the text as
 * parsed (re-indented lines included), one value and one node start per document, and the re-indented lines.
 * Throws js-yaml's error for a malformed stream.
 */
function parseStream(source: string, reader: YamlReader): { text: string; values: unknown[]; starts: number[]; reindented: number[] } {
  const block = reader === 'block' ? readBlockYaml(source, SCHEMA) : undefined;
  if (block) return { text: source, values: block.values, starts: block.starts, reindented: [] };
  return parseLenient(source);
}

/** Reads a YAML stream. */
function loadYaml(source: string, file: string, reader: YamlReader): FileLoad {
  let parsed: ReturnType<typeof parseStream>;
  try {
    parsed = parseStream(source, reader);
  } catch (e) {
    return { objects: [], findings: [], problem: parseProblem(file, e) };
  }
  const { text, values, starts, reindented } = parsed;
  const aligned = starts.length === values.length;
  const out = { objects: [] as LoadedObject[], findings: [] as InputFinding[] };
  const lines = new LineCounter(text);
  // where each document's text ends: the start of the next document with a node, found in one pass from the end
  const nextStart = new Array<number>(values.length);
  let after = text.length;
  for (let d = values.length - 1; d >= 0; d--) {
    nextStart[d] = after;
    if (aligned && starts[d] >= 0) after = lineStartOf(text, starts[d]);
  }
  // re-indented lines in order, with their offsets, handed out to documents as the loop passes them
  const warnings = lineOffsets(text, reindented);
  let w = 0;
  for (let d = 0; d < values.length; d++) {
    const value = values[d];
    if (value === null || value === undefined) continue;
    let start = 0;
    let end = text.length;
    if (aligned && starts[d] >= 0) {
      start = lineStartOf(text, starts[d]);
      end = nextStart[d];
    }
    const doc: SourceDocument = new YamlDocument(file, text, start, end, lines);
    collect(value, doc, out);
    if (warnings.length === 0) continue;
    if (start === 0 && end === text.length) w = 0; // a document without a known start owns every line
    while (w < warnings.length && warnings[w].offset < start) w++;
    for (let k = w; k < warnings.length && warnings[k].offset < end; k++) {
      out.findings.push({
        rule: INPUT_FLOW_INDENTATION,
        severity: 'warning',
        message: 'this line continues a quoted or flow value at or left of its key\'s column; libyaml-based parsers (kubectl\'s among them) accept it, the yaml spec and strict parsers do not: indent it further',
        object: isPlainObject(value) ? refOf(value) : EMPTY_REF,
        doc,
        prefix: '',
        path: '',
        line: warnings[k].line,
      });
    }
  }
  return out;
}

/** The offsets of the starts of 1-based `lines` (ascending), in one pass over the text; the lines sorted. */
function lineOffsets(text: string, lines: readonly number[]): Array<{ line: number; offset: number }> {
  const sorted = [...lines].sort((a, b) => a - b);
  const out: Array<{ line: number; offset: number }> = [];
  let line = 1;
  let offset = 0;
  for (const l of sorted) {
    while (line < l) {
      const next = text.indexOf('\n', offset);
      if (next < 0) {
        offset = text.length;
        break;
      }
      offset = next + 1;
      line++;
    }
    out.push({ line: l, offset });
  }
  return out;
}

/** Reads a JSON file (one document; strict JSON). */
function loadJson(raw: string, file: string): FileLoad {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const first = text.search(/\S/);
  if (first < 0) return { objects: [], findings: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { objects: [], findings: [], problem: jsonProblem(text, file, e) };
  }
  const start = lineStartOf(text, first);
  const doc: SourceDocument = { file, text, start, end: text.length, line: lineAt(text, start), json: true };
  const out = { objects: [] as LoadedObject[], findings: [] as InputFinding[] };
  collect(value, doc, out);
  return out;
}

interface MarkedError {
  reason?: unknown;
  message?: unknown;
  mark?: { line?: unknown };
}

function parseProblem(file: string, e: unknown): ReadProblem {
  const err = (e ?? {}) as MarkedError;
  const reason = typeof err.reason === 'string' && err.reason ? err.reason : String(err.message ?? e);
  const line = typeof err.mark?.line === 'number' ? err.mark.line + 1 : undefined;
  return { file, ...(line !== undefined ? { line } : {}), message: `cannot parse: ${tidy(reason) || 'invalid yaml'}` };
}

function jsonProblem(text: string, file: string, e: unknown): ReadProblem {
  const message = String((e as { message?: unknown })?.message ?? e);
  let line: number | undefined;
  const pos = /at position (\d+)/.exec(message);
  const lc = /\(line (\d+) column \d+\)/.exec(message);
  if (lc) line = Number(lc[1]);
  else if (pos) line = lineAt(text, Number(pos[1]));
  // V8 quotes the whole input in some messages: keep only the reason.
  let reason = message
    .replace(/,\s*"[\s\S]*" is not valid JSON$/, '')
    .replace(/\s*in JSON at position \d+[\s\S]*$/, '')
    .replace(/\s*\(line \d+ column \d+\)[\s\S]*$/, '');
  if (line === undefined) {
    // JSON.parse did not say where: js-yaml (strict enough for most JSON errors) usually does.
    try {
      parseEvents(text, {});
    } catch (ye) {
      const p = parseProblem(file, ye);
      if (p.line !== undefined) {
        line = p.line;
        reason = p.message.replace(/^cannot parse: /, '');
      }
    }
  }
  return { file, ...(line !== undefined ? { line } : {}), message: `cannot parse: ${tidy(reason) || 'invalid json'}` };
}

/**
 * Parses the text of one file. Never throws: a malformed file gives `problem`.
 *
 * @param json read as strict JSON (a `.json` file) rather than as a YAML stream
 * @param reader how a YAML stream is read
 */
export function loadText(text: string, file: string, json = false, reader: YamlReader = 'block'): FileLoad {
  try {
    return json ? loadJson(text, file) : loadYaml(text, file, reader);
  } catch (e) {
    return { objects: [], findings: [], problem: parseProblem(file, e) };
  }
}

/** True for a file the loader reads as JSON. */
export function isJsonFile(file: string): boolean {
  return path.extname(file).toLowerCase() === '.json';
}

function systemError(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENOTDIR': return 'not a directory';
    case 'ELOOP': return 'too many levels of symbolic links';
    default: return tidy(String((e as { message?: unknown })?.message ?? e)) || 'unknown error';
  }
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Files under a directory: sorted, recursive, skipping node_modules and dot-entries, manifest extensions only. */
function walk(dir: string, display: string, seen: Set<string>, problems: ReadProblem[]): Array<{ abs: string; display: string }> {
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch (e) {
    problems.push({ file: display, message: `cannot read: ${systemError(e)}` });
    return [];
  }
  if (seen.has(real)) return [];
  seen.add(real);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    problems.push({ file: display, message: `cannot read: ${systemError(e)}` });
    return [];
  }
  entries.sort((a, b) => byCodePoint(a.name, b.name));
  const out: Array<{ abs: string; display: string }> = [];
  for (const ent of entries) {
    if (ent.name.startsWith('.') || ent.name === 'node_modules') continue;
    const abs = path.join(dir, ent.name);
    const shown = path.join(display, ent.name);
    let isDir = ent.isDirectory();
    let isFile = ent.isFile();
    if (ent.isSymbolicLink()) {
      try {
        const st = fs.statSync(abs);
        isDir = st.isDirectory();
        isFile = st.isFile();
      } catch {
        continue; // a dangling link in a tree is not an input
      }
    }
    if (isDir) out.push(...walk(abs, shown, seen, problems));
    else if (isFile && MANIFEST_EXTENSIONS.includes(path.extname(ent.name).toLowerCase())) out.push({ abs, display: shown });
  }
  return out;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `loadText`, or what it gave for the same text before, under this file's name. */
function loadCached(text: string, file: string, json: boolean, reader: YamlReader, parsed: Map<string, FileLoad> | undefined): FileLoad {
  if (!parsed) return loadText(text, file, json, reader);
  const key = `${json ? 'j' : 'y'}${text}`;
  const known = parsed.get(key);
  if (!known) {
    const load = loadText(text, file, json, reader);
    parsed.set(key, load);
    return load;
  }
  // the same documents under another file name
  const docs = new Map<SourceDocument, SourceDocument>();
  const renamed = (d: SourceDocument) => {
    let r = docs.get(d);
    if (!r) docs.set(d, r = { ...d, file });
    return r;
  };
  return {
    objects: known.objects.map((o) => ({ manifest: o.manifest, doc: renamed(o.doc), prefix: o.prefix })),
    findings: known.findings.map((f) => ({ ...f, doc: renamed(f.doc) })),
    ...(known.problem ? { problem: { ...known.problem, file } } : {}),
  };
}

/**
 * Reads every input: files, directories (recursively) and `-` (stdin). Inputs are read in the order given; a
 * file named twice is read once.
 */
export async function loadInputs(inputs: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const cwd = options.cwd ?? process.cwd();
  const reader = options.reader ?? 'block';
  const result: LoadResult = { objects: [], findings: [], problems: [], files: [], notes: [] };
  const read = new Set<string>();
  const seenDirs = new Set<string>();

  const add = (load: FileLoad, file: string) => {
    if (load.problem) {
      result.problems.push(load.problem);
      return;
    }
    result.files.push(file);
    for (const o of load.objects) result.objects.push(o);
    for (const f of load.findings) result.findings.push(f);
  };

  for (const input of inputs) {
    try {
      if (input === STDIN) {
        if (read.has(STDIN)) continue;
        read.add(STDIN);
        const stdin = options.stdin ?? process.stdin;
        const text = typeof stdin === 'string' ? stdin : await readStream(stdin);
        add(loadCached(text, STDIN, false, reader, options.parsed), STDIN);
        continue;
      }
      const abs = path.resolve(cwd, input);
      let files: Array<{ abs: string; display: string }>;
      try {
        const st = fs.statSync(abs);
        if (st.isDirectory()) {
          files = walk(abs, input, seenDirs, result.problems);
          if (files.length === 0) result.notes.push(`${input}: no ${MANIFEST_EXTENSIONS.join(', ')} files found`);
        } else {
          files = [{ abs, display: input }];
        }
      } catch (e) {
        result.problems.push({ file: input, message: `cannot read: ${systemError(e)}` });
        continue;
      }
      for (const f of files) {
        if (read.has(f.abs)) continue;
        read.add(f.abs);
        let text: string;
        try {
          text = fs.readFileSync(f.abs, 'utf8'); // sync: one file at a time anyway, and much faster than fs.promises
        } catch (e) {
          result.problems.push({ file: f.display, message: `cannot read: ${systemError(e)}` });
          continue;
        }
        add(loadCached(text, f.display, isJsonFile(f.abs), reader, options.parsed), f.display);
      }
    } catch (e) {
      result.problems.push({ file: input, message: `cannot read: ${systemError(e)}` });
    }
  }
  return result;
}
