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
import { isUtf8 } from 'buffer';
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
  /** `input-not-object`, `input-missing-kind`, `input-flow-indentation`, or a check of kustomizations (`kustomize.ts`). */
  readonly rule: string;
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
  /** 1-based column, when known (JSON syntax errors). */
  readonly column?: number;
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
  /** Inputs larger than this many bytes are not read (a read problem). @default DEFAULT_MAX_FILE_SIZE (64 MiB) */
  readonly maxFileSize?: number;
}

/** The default limit on the size of one input: 64 MiB. */
export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;

/**
 * Lists and mappings nested deeper than this are not read: js-yaml's parser stops at the same depth (its maxDepth,
 * 100, counts the 100th nested collection as too deep), and JSON and YAML aliases are held to it too, so no rule
 * and no walk over a value meets deeper nesting.
 */
export const MAX_NESTING = 99;

/**
 * A document whose aliases expand to more than this many nodes, or to more than `MAX_EXPANDED_CHARS` characters of
 * keys and strings, is not read: js-yaml shares the aliased value, so a few hundred bytes (an "alias bomb") can
 * stand for more nodes than any rule could visit or any message print. Documents without aliases are bounded by
 * the file size.
 */
export const MAX_EXPANDED_NODES = 1_000_000;
export const MAX_EXPANDED_CHARS = 64 * 1024 * 1024;

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

/** A `List` or typed list (`VirtualMachineList`) with its items. */
function isList(x: unknown): x is Manifest & { kind: string; items: unknown[] } {
  return isPlainObject(x) && typeof x.kind === 'string' && x.kind.endsWith('List') && Array.isArray(x.items);
}

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

  if (isList(value)) {
    unwrap(value, '', '');
    return;
  }
  check(value, '', 'the document');

  /**
   * `kubectl get -o yaml` output: a v1 List, or a typed list (VirtualMachineList) whose items may omit kind and
   * apiVersion. A List among the items is read item by item too (its depth is bounded by `MAX_NESTING`).
   */
  function unwrap(list: Manifest & { kind: string; items: unknown[] }, prefix: string, where: string): void {
    const itemKind = list.kind === 'List' ? undefined : list.kind.slice(0, -'List'.length);
    const listApiVersion = typeof list.apiVersion === 'string' ? list.apiVersion : undefined;
    list.items.forEach((item, i) => {
      let v = item;
      if (itemKind && isPlainObject(item) && item.kind === undefined && item.apiVersion === undefined && listApiVersion) {
        v = { apiVersion: listApiVersion, kind: itemKind, ...item };
      }
      const itemPrefix = `${prefix ? `${prefix}.` : ''}items[${i}]`;
      const itemWhere = `item ${i} of the ${list.kind}${where}`;
      if (isList(v)) unwrap(v, itemPrefix, ` at ${itemPrefix}`);
      else check(v, itemPrefix, itemWhere);
    });
  }
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
export function parseSegment(source: string, max: number): ParsedSegment {
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
function parseStream(source: string, reader: YamlReader): { text: string; values: unknown[]; starts: number[]; reindented: number[]; aliases: boolean } {
  // the block reader takes no anchors or aliases, and nests at most 40 deep
  const block = reader === 'block' ? readBlockYaml(source, SCHEMA) : undefined;
  if (block) return { text: source, values: block.values, starts: block.starts, reindented: [], aliases: false };
  const { text, values, starts, reindented } = parseLenient(source);
  // an alias needs an anchor, `&` and a name: a text without that holds no alias (a `&` elsewhere, as in a URL, only
  // makes the expansion be checked, which costs one walk over the values)
  return { text, values, starts, reindented, aliases: ANCHOR.test(text) };
}

/** An anchor: `&` followed by a character an anchor name may start with (YAML 1.2 spec 6.9.2, ns-anchor-char). */
const ANCHOR = /&[^\s,[\]{}]/;

/** What is left of the budgets of one file's alias expansion. */
interface Expansion {
  nodes: number;
  chars: number;
}

/**
 * Walks a value as a rule would see it, aliases expanded (a shared value counts each time it is reached), without
 * recursion, and says what is over a limit: nesting deeper than `MAX_NESTING`, or more nodes or characters than
 * the budget has left. Undefined when the value is within bounds.
 */
export function expansionProblem(value: unknown, budget: Expansion): string | undefined {
  const values: unknown[] = [value];
  const depths: number[] = [0]; // collections around each value
  while (values.length > 0) {
    const v = values.pop();
    const d = depths.pop()!;
    if (--budget.nodes < 0) {
      return `aliases expand to more than ${MAX_EXPANDED_NODES} values; at most ${MAX_EXPANDED_NODES} values (and ${MAX_EXPANDED_CHARS} characters) are read from a file with aliases`;
    }
    if (typeof v === 'string') {
      budget.chars -= v.length;
    } else if (Array.isArray(v)) {
      if (d + 1 > MAX_NESTING) return nestingMessage('through aliases');
      for (let i = v.length - 1; i >= 0; i--) {
        values.push(v[i]);
        depths.push(d + 1);
      }
    } else if (isPlainObject(v)) {
      if (d + 1 > MAX_NESTING) return nestingMessage('through aliases');
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        budget.chars -= keys[i].length;
        values.push(v[keys[i]]);
        depths.push(d + 1);
      }
    }
    if (budget.chars < 0) {
      return `aliases expand to more than ${MAX_EXPANDED_CHARS} characters of keys and strings; at most ${MAX_EXPANDED_CHARS} characters (and ${MAX_EXPANDED_NODES} values) are read from a file with aliases`;
    }
  }
  return undefined;
}

function nestingMessage(how: string): string {
  return `lists and mappings nested more than ${MAX_NESTING} deep (${how}); at most ${MAX_NESTING} levels are read`;
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
  if (parsed.aliases) {
    const budget: Expansion = { nodes: MAX_EXPANDED_NODES, chars: MAX_EXPANDED_CHARS };
    for (let d = 0; d < values.length; d++) {
      const message = expansionProblem(values[d], budget);
      if (message !== undefined) {
        const at = aligned && starts[d] >= 0 ? starts[d] : 0;
        return { objects: [], findings: [], problem: { file, line: lineAt(text, at), message: `cannot read: ${message}` } };
      }
    }
  }
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
  const bad = jsonStructureProblem(text);
  if (bad) return { objects: [], findings: [], problem: { file, ...lineAndColumn(text, bad.at), message: bad.message } };
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

/** 1-based line and column of `offset` (the column counts UTF-16 code units, as editors mostly do). */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const at = Math.max(0, Math.min(offset, text.length));
  return { line: lineAt(text, at), column: at - lineStartOf(text, at) + 1 };
}

function jsonProblem(text: string, file: string, e: unknown): ReadProblem {
  const message = String((e as { message?: unknown })?.message ?? e);
  // where: V8 says it in most messages, not in all ("Unexpected token 'x', ..."); the scanner always does
  const pos = /at position (\d+)/.exec(message);
  const lc = /\(line (\d+) column (\d+)\)/.exec(message);
  let where: { line: number; column?: number } | undefined;
  if (lc) where = { line: Number(lc[1]), column: Number(lc[2]) };
  else if (pos) where = lineAndColumn(text, Number(pos[1]));
  else {
    const at = jsonErrorOffset(text);
    // the end of the text: said where the content ends, not after its trailing blank lines
    if (at >= 0) where = lineAndColumn(text, at >= text.length ? text.trimEnd().length : at);
  }
  // V8 quotes the whole input in some messages: keep only the reason.
  const reason = message
    .replace(/,\s*(?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '')
    .replace(/\s*in JSON at position \d+[\s\S]*$/, '')
    .replace(/\s*at position \d+[\s\S]*$/, '')
    .replace(/\s*\(line \d+ column \d+\)[\s\S]*$/, '');
  return { file, ...(where ?? {}), message: `cannot parse: ${tidy(reason) || 'invalid json'}` };
}

const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const JSON_WORD = /true|false|null/y;
const JSON_ESCAPE = /["\\/bfnrt]|u[0-9a-fA-F]{4}/y;

/** Offset of the first character that makes `text` not JSON (RFC 8259), or -1 when it is JSON. No recursion. */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  const open: number[] = []; // 0x7b or 0x5b per open container
  let i = 0;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
  };
  /** Scans a string at `i`; false at the offending character. */
  const string = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        JSON_ESCAPE.lastIndex = i + 1;
        if (!JSON_ESCAPE.test(text)) {
          i++;
          return false;
        }
        i = JSON_ESCAPE.lastIndex;
      } else {
        i++;
      }
    }
    return false;
  };
  ws();
  for (;;) {
    // a value at i
    if (i >= n) return i;
    const c = text.charCodeAt(i);
    let done = true;
    if (c === 0x7b || c === 0x5b) {
      open.push(c);
      i++;
      ws();
      if (text.charCodeAt(i) === (c === 0x7b ? 0x7d : 0x5d)) {
        open.pop();
        i++;
      } else if (c === 0x7b) {
        if (text.charCodeAt(i) !== 0x22 || !string()) return i;
        ws();
        if (text.charCodeAt(i) !== 0x3a) return i;
        i++;
        ws();
        done = false;
      } else {
        done = false;
      }
    } else if (c === 0x22) {
      if (!string()) return i;
    } else {
      const re = c === 0x2d || (c >= 0x30 && c <= 0x39) ? JSON_NUMBER : JSON_WORD;
      re.lastIndex = i;
      if (!re.test(text)) return i;
      i = re.lastIndex;
    }
    if (!done) continue;
    // after a value: a comma, the close of its container, or the end
    for (;;) {
      ws();
      if (open.length === 0) return i < n ? i : -1;
      const top = open[open.length - 1];
      const d = text.charCodeAt(i);
      if (d === (top === 0x7b ? 0x7d : 0x5d)) {
        open.pop();
        i++;
        continue;
      }
      if (d !== 0x2c) return i;
      i++;
      ws();
      if (top === 0x7b) {
        if (text.charCodeAt(i) !== 0x22 || !string()) return i;
        ws();
        if (text.charCodeAt(i) !== 0x3a) return i;
        i++;
        ws();
      }
      break;
    }
  }
}

/**
 * What JSON.parse lets through but a manifest must not have, in a text JSON.parse accepted: a key twice in one
 * object (JSON.parse keeps the last; js-yaml, and so this linter's YAML, rejects it) and nesting deeper than
 * `MAX_NESTING`. One pass, no recursion. Gives the offset of the first such key or bracket.
 */
export function jsonStructureProblem(text: string): { at: number; message: string } | undefined {
  const open: Array<Set<string> | null> = []; // per open container: its keys (an object) or null (an array)
  let keyNext = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      let escaped = false;
      for (let ch = text.charCodeAt(j); ch !== 0x22; ch = text.charCodeAt(j)) {
        if (ch === 0x5c /* \ */) {
          escaped = true;
          j++;
        }
        j++;
      }
      const keys = open.length > 0 ? open[open.length - 1] : null;
      if (keys && keyNext) {
        const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        if (keys.has(key)) {
          return { at: i, message: `cannot parse: duplicated mapping key ${JSON.stringify(key)}; a key may appear once in an object, as in yaml` };
        }
        keys.add(key);
        keyNext = false;
      }
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      open.push(c === 0x7b ? new Set<string>() : null);
      keyNext = c === 0x7b;
      if (open.length > MAX_NESTING) return { at: i, message: `cannot read: ${nestingMessage(`${open.length} here`)}` };
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      open.pop();
      keyNext = false;
    } else if (c === 0x2c /* , */) {
      keyNext = open.length > 0 && open[open.length - 1] !== null;
    }
  }
  return undefined;
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
    case 'ENXIO': return 'no such device or address (a socket or an unopened device?)';
    default: return tidy(String((e as { message?: unknown })?.message ?? e)) || 'unknown error';
  }
}

/** What a path that is neither a regular file nor a directory is, for messages; undefined for those two. */
function specialKind(st: fs.Stats): string | undefined {
  if (st.isFile() || st.isDirectory()) return undefined;
  if (st.isFIFO()) return 'a fifo';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}

const notRegular = (kind: string) => `cannot read: ${kind}, not a regular file; give .yaml, .yml or .json files, directories, or - for stdin`;

/** `64 MiB` for a round number of MiB or KiB, else bytes. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

const tooLarge = (limit: number) => `cannot read: larger than ${formatSize(limit)}, the limit (--max-file-size)`;

/**
 * Reads a regular file of at most `limit` bytes. It is opened without blocking (a fifo does not wait for a writer)
 * and checked on the open descriptor, so a path that is not a regular file, or changes into one, is never read.
 */
function readRegularFile(abs: string, limit: number): Buffer | string {
  const fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const st = fs.fstatSync(fd);
    const kind = specialKind(st);
    if (kind !== undefined) return `cannot read: ${kind}, not a regular file`;
    if (st.isDirectory()) return 'cannot read: is a directory';
    if (st.size > limit) return tooLarge(limit);
    // read to the end rather than trusting the size: a file may grow while it is read
    const chunks: Buffer[] = [];
    let total = 0;
    // the first buffer holds the whole file as stat sees it, plus a byte to notice growth
    let size = Math.min(st.size + 1, limit + 1);
    for (;;) {
      const chunk = Buffer.allocUnsafe(size);
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > limit) return tooLarge(limit);
      chunks.push(chunk.subarray(0, n));
      size = 64 * 1024;
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Offset of the first byte that is not part of well-formed UTF-8 (overlong forms, surrogates and code points past
 * U+10FFFF included), or -1.
 */
export function invalidUtf8At(buf: Uint8Array): number {
  const n = buf.length;
  let i = 0;
  while (i < n) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** The text of a file's bytes, or a read problem for bytes that are not UTF-8. */
function decode(buf: Buffer, file: string): string | ReadProblem {
  if (isUtf8(buf)) return buf.toString('utf8');
  const at = invalidUtf8At(buf);
  let line = 1;
  for (let i = buf.indexOf(10); i !== -1 && i < at; i = buf.indexOf(10, i + 1)) line++;
  const byte = at >= 0 ? `byte 0x${buf[at].toString(16).padStart(2, '0')} at offset ${at}` : 'a byte';
  return { file, line, message: `cannot read: ${byte} is not utf-8; manifests are utf-8 text` };
}

/**
 * The text of a regular file of at most `limit` bytes, or the read problem that keeps it from being read: not a
 * regular file (a fifo, a device), over the limit, not UTF-8, or a system error. For readers of other inputs than
 * manifests (`--crds`), so that they refuse what the linter refuses.
 */
export function readTextFile(abs: string, file: string, limit: number = DEFAULT_MAX_FILE_SIZE): { text: string } | { problem: ReadProblem } {
  let bytes: Buffer | string;
  try {
    bytes = readRegularFile(abs, limit);
  } catch (e) {
    return { problem: { file, message: `cannot read: ${systemError(e)}` } };
  }
  if (typeof bytes === 'string') return { problem: { file, message: bytes } };
  const text = decode(bytes, file);
  return typeof text === 'string' ? { text } : { problem: text };
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Files under a directory: sorted, recursive, skipping node_modules and dot-entries, manifest extensions only.
 * An entry with a manifest extension that is a fifo, device or socket is a problem, and is not read.
 */
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
    let special = !isDir && !isFile && !ent.isSymbolicLink();
    if (ent.isSymbolicLink()) {
      try {
        const st = fs.statSync(abs);
        isDir = st.isDirectory();
        isFile = st.isFile();
        special = !isDir && !isFile;
      } catch {
        continue; // a dangling link in a tree is not an input
      }
    }
    const manifest = MANIFEST_EXTENSIONS.includes(path.extname(ent.name).toLowerCase());
    if (isDir) out.push(...walk(abs, shown, seen, problems));
    else if (isFile && manifest) out.push({ abs, display: shown });
    else if (special && manifest) {
      let kind = 'a special file';
      try {
        kind = specialKind(fs.statSync(abs)) ?? kind;
      } catch {
        // keep the general word
      }
      problems.push({ file: shown, message: notRegular(kind) });
    }
  }
  return out;
}

/** Reads a stream to its end, or to `limit` bytes (then gives a message and stops reading). */
async function readStream(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer | string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += b.length;
    if (total > limit) return tooLarge(limit);
    chunks.push(b);
  }
  return Buffer.concat(chunks, total);
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
 * file is read once, however many names (a second mention, a symbolic link) lead to it.
 */
export async function loadInputs(inputs: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const cwd = options.cwd ?? process.cwd();
  const reader = options.reader ?? 'block';
  const limit = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const result: LoadResult = { objects: [], findings: [], problems: [], files: [], notes: [] };
  /** Real paths read, with the name each was first read under. */
  const read = new Map<string, string>();
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
        read.set(STDIN, STDIN);
        const stdin = options.stdin ?? process.stdin;
        if (typeof stdin === 'string') {
          if (Buffer.byteLength(stdin) > limit) result.problems.push({ file: STDIN, message: tooLarge(limit) });
          else add(loadCached(stdin, STDIN, false, reader, options.parsed), STDIN);
          continue;
        }
        const bytes = await readStream(stdin, limit);
        const text = typeof bytes === 'string' ? undefined : decode(bytes, STDIN);
        if (typeof bytes === 'string') result.problems.push({ file: STDIN, message: bytes });
        else if (typeof text !== 'string') result.problems.push(text!);
        else add(loadCached(text, STDIN, false, reader, options.parsed), STDIN);
        continue;
      }
      const abs = path.resolve(cwd, input);
      let files: Array<{ abs: string; display: string }>;
      try {
        const st = fs.statSync(abs);
        const kind = specialKind(st);
        if (kind !== undefined) {
          result.problems.push({ file: input, message: notRegular(kind) });
          continue;
        }
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
        let real = f.abs;
        try {
          real = fs.realpathSync(f.abs);
        } catch {
          // read it under its own name; reading reports what is wrong
        }
        const first = read.get(real);
        if (first !== undefined) {
          if (first !== f.display) result.notes.push(`${f.display}: the same file as ${first}, read once`);
          continue;
        }
        read.set(real, f.display);
        let bytes: Buffer | string;
        try {
          bytes = readRegularFile(f.abs, limit); // sync: one file at a time anyway, and much faster than fs.promises
        } catch (e) {
          result.problems.push({ file: f.display, message: `cannot read: ${systemError(e)}` });
          continue;
        }
        if (typeof bytes === 'string') {
          result.problems.push({ file: f.display, message: bytes });
          continue;
        }
        const text = decode(bytes, f.display);
        if (typeof text !== 'string') result.problems.push(text);
        else add(loadCached(text, f.display, isJsonFile(f.abs), reader, options.parsed), f.display);
      }
    } catch (e) {
      result.problems.push({ file: input, message: `cannot read: ${systemError(e)}` });
    }
  }
  return result;
}
