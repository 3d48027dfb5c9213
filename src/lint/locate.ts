/**
 * Maps a finding's field path to a line of its document.
 *
 * Only documents that have findings are looked at again, one at a time (`Locator` keeps the last few, and findings
 * come document by document):
 * - first a line scanner follows the path through block-style YAML (what kubectl, cdk8s and people write) by
 *   indentation alone. It reads only the lines on the way, and gives up (returns undefined) on anything it does not
 *   follow exactly: flow collections, anchors and tags on the way, complex keys, escaped quoted keys, tabs.
 *   It keeps the keys and items it has read in each collection, so many findings in one List or one long list of
 *   interfaces read each line once.
 *   It relies on the text having been loaded by js-yaml already, which rejects continuation lines that are not
 *   indented deeper than their parent (so every line at a block's indentation is one of its entries).
 * - otherwise js-yaml's event parser reads the document's own slice of text: it reports source offsets, costs about
 *   a third of a full load, and reads the text exactly as the loader did (same parser). Each mapping's keys are
 *   indexed on its first lookup.
 * Both answer the same line (test/lint/locate.test.ts checks them against each other on generated documents).
 */
import { EVENT_ID, getScalarValue, parseEvents } from 'js-yaml';
import type { Event } from 'js-yaml';
import type { SourceDocument } from './load';

/** One step of a path: a mapping key or a list index. */
export type PathSegment = string | number;

/**
 * Splits a finding path (`spec.a[0]["x.y"].b`, as `join()` in rules/util.ts builds it) into keys and indexes.
 * Returns the segments read before anything unparseable.
 */
export function parsePath(p: string): PathSegment[] {
  const out: PathSegment[] = [];
  let i = 0;
  const n = p.length;
  while (i < n) {
    const c = p[i];
    if (c === '.') {
      i++;
      continue;
    }
    if (c === '[') {
      if (p[i + 1] === '"') {
        // A JSON string up to the unescaped closing quote.
        let j = i + 2;
        while (j < n && p[j] !== '"') j += p[j] === '\\' ? 2 : 1;
        if (j >= n || p[j + 1] !== ']') return out;
        try {
          out.push(JSON.parse(p.slice(i + 1, j + 1)) as string);
        } catch {
          return out;
        }
        i = j + 2;
        continue;
      }
      const close = p.indexOf(']', i);
      if (close < 0) return out;
      const inner = p.slice(i + 1, close);
      if (/^\d+$/.test(inner)) out.push(Number(inner));
      else out.push(inner);
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < n && p[j] !== '.' && p[j] !== '[') j++;
    out.push(p.slice(i, j));
    i = j;
  }
  return out;
}

/** Joins two paths: `items[2]` and `spec.a` give `items[2].spec.a`. */
export function joinPaths(prefix: string, rest: string): string {
  if (!prefix) return rest;
  if (!rest) return prefix;
  return rest.startsWith('[') ? prefix + rest : `${prefix}.${rest}`;
}

// Event types, read once (hot loops below).
const DOCUMENT = EVENT_ID.DOCUMENT;
const MAPPING = EVENT_ID.MAPPING;
const SEQUENCE = EVENT_ID.SEQUENCE;
const SCALAR = EVENT_ID.SCALAR;
const ALIAS = EVENT_ID.ALIAS;
const POP = EVENT_ID.POP;

/** The positions of one document's nodes, parsed on first use. */
export class DocumentLocator {
  private events: Event[] | undefined;
  private failed = false;
  private endOf: Int32Array | undefined;
  /** Item indexes of the sequences walked so far (a List's `items` is walked once per finding). */
  private readonly items = new Map<number, number[]>();
  /** Keys of the mappings looked into so far: key -> index of its first key event (a List item is looked into once per finding). */
  private readonly keys = new Map<number, Map<string, number>>();
  private lineStarts: number[] | undefined;
  private scanner: LineScanner | undefined;

  /**
   * @param text the document's text (only it: a later document would be parsed for nothing)
   * @param baseLine 1-based line of the text's first character in its file
   */
  constructor(private readonly text: string, private readonly baseLine = 1) {}

  /** 1-based line of the field at `path`; the deepest existing field on the way when it is missing; the document's first line when nothing matches. */
  public lineOf(path: string): number {
    const segments = parsePath(path);
    return this.scanLineOf(segments) ?? this.eventLineOf(segments);
  }

  /** The line scanner's answer, undefined when it gives up (exposed for tests). */
  public scanLineOf(segments: readonly PathSegment[]): number | undefined {
    this.scanner ??= new LineScanner(this.text, this.starts());
    const line = this.scanner.scan(segments);
    return line === undefined ? undefined : this.baseLine + line;
  }

  /** The event parser's answer (exposed for tests). */
  public eventLineOf(segments: readonly PathSegment[]): number {
    const off = this.offsetOf(segments);
    return off < 0 ? this.baseLine : this.lineAtOffset(off);
  }

  /** Offset in the text of the field at `segments` (or of the deepest existing one), -1 when nothing is known. */
  public offsetOf(segments: readonly PathSegment[]): number {
    const events = this.parse();
    if (!events) return -1;
    // events[0] is the document, events[1] its root node.
    let node = 1;
    let best = startOf(events[node]);
    for (const seg of segments) {
      const ev = events[node];
      if (!ev) break;
      if (ev.type === MAPPING) {
        const key = this.findKey(node, String(seg));
        if (key < 0) break;
        const keyOff = startOf(events[key]);
        if (keyOff >= 0) best = keyOff;
        node = this.endOf![key];
      } else if (ev.type === SEQUENCE && typeof seg === 'number') {
        const item = this.itemsOf(node)[seg];
        if (item === undefined) break;
        const itemOff = startOf(events[item]);
        if (itemOff >= 0) best = itemOff;
        node = item;
      } else {
        break;
      }
    }
    return best;
  }

  private parse(): Event[] | undefined {
    if (this.events || this.failed) return this.events;
    try {
      const events = parseEvents(this.text, { maxDepth: 1000 });
      if (events.length < 2 || events[0].type !== DOCUMENT) throw new Error('no document');
      // Subtree ends, in one pass: endOf[i] is the index after node i's subtree.
      const endOf = new Int32Array(events.length);
      const stack: number[] = [];
      for (let i = 0; i < events.length; i++) {
        const t = events[i].type;
        if (t === MAPPING || t === SEQUENCE || t === DOCUMENT) {
          stack.push(i);
        } else if (t === POP) {
          const open = stack.pop();
          if (open !== undefined) endOf[open] = i + 1;
        } else {
          endOf[i] = i + 1;
        }
        // Only the first document matters: stop after it closes.
        if (stack.length === 0) break;
      }
      this.events = events;
      this.endOf = endOf;
    } catch {
      this.failed = true;
    }
    return this.events;
  }

  /** Index of the key event of `key` in the mapping at `node` (the first one, as the loader reads it), -1 when absent. */
  private findKey(node: number, key: string): number {
    let keys = this.keys.get(node);
    if (!keys) {
      // every key of the mapping, once: a mapping with many findings is not walked once per finding
      keys = new Map();
      const events = this.events!;
      const endOf = this.endOf!;
      const end = endOf[node] - 1; // the POP
      const text = this.text;
      let i = node + 1;
      while (i < end) {
        const ev = events[i];
        if (ev.type === SCALAR) {
          // Plain keys are read in place; others (quoted, escaped) are decoded.
          const k = ev.fast ? text.slice(ev.valueStart, ev.valueEnd) : getScalarValue(text, ev);
          if (!keys.has(k)) keys.set(k, i);
        }
        const value = endOf[i];
        if (!(value > i) || value >= end) break;
        i = endOf[value] > value ? endOf[value] : value + 1;
      }
      this.keys.set(node, keys);
    }
    return keys.get(key) ?? -1;
  }

  private itemsOf(node: number): number[] {
    const cached = this.items.get(node);
    if (cached) return cached;
    const endOf = this.endOf!;
    const end = endOf[node] - 1;
    const items: number[] = [];
    let i = node + 1;
    while (i < end) {
      items.push(i);
      i = endOf[i] > i ? endOf[i] : i + 1;
    }
    this.items.set(node, items);
    return items;
  }

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      let i = this.text.indexOf('\n');
      while (i !== -1) {
        starts.push(i + 1);
        i = this.text.indexOf('\n', i + 1);
      }
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  private lineAtOffset(off: number): number {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return this.baseLine + lo;
  }
}

/** Offset of a node event's first character (its value, not its tag or anchor), -1 for an empty node. */
function startOf(ev: Event | undefined): number {
  if (!ev) return -1;
  switch (ev.type) {
    case MAPPING:
    case SEQUENCE:
      return ev.start;
    case SCALAR:
      return ev.valueStart >= 0 ? ev.valueStart : Math.max(ev.tagStart, ev.anchorStart);
    case ALIAS:
      return ev.anchorStart - 1;
    default:
      return -1;
  }
}

/** 1-based line of `path` in a document's text (a convenience over `DocumentLocator`, for one lookup). */
export function locateLine(docText: string, path: string, baseLine = 1): number {
  return new DocumentLocator(docText, baseLine).lineOf(path);
}

/** How many documents' positions `Locator` keeps. */
const KEPT_DOCUMENTS = 16;

/**
 * Lines of findings across many documents. Findings come document by document (the engine orders them by object),
 * so only the last few documents' positions are kept: a stream with a finding in each of thousands of documents
 * does not hold the positions of all of them. A document asked about again after it was dropped is read again.
 */
export class Locator {
  private readonly cache = new Map<SourceDocument, DocumentLocator>();

  /** 1-based line of `path` (relative to the object) in `doc`; `prefix` is the List item path, if any. */
  public lineOf(doc: SourceDocument, prefix: string, path: string): number {
    const full = joinPaths(prefix, path);
    if (!full) return doc.line;
    let loc = this.cache.get(doc);
    if (!loc) {
      loc = new DocumentLocator(doc.text.slice(doc.start, doc.end), doc.line);
      if (this.cache.size >= KEPT_DOCUMENTS) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(doc, loc);
    }
    return loc.lineOf(full);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Line scanner for block YAML.

/** Line classes returned by `lineIndent` besides an indentation. */
const BLANK = -1;
const DOC_END = -2;
const TAB = -3;

const SPACE = 32;
const isBreakOrSpace = (c: number) => Number.isNaN(c) || c === SPACE || c === 9 || c === 10 || c === 13;

/** The scanner gave up: the event parser answers instead. */
class GiveUp {}
const GIVE_UP = new GiveUp();

/**
 * Line (0-based, in `text`) of the deepest node of `segments` that exists, following block-style YAML by
 * indentation; undefined when the text uses anything the scanner does not follow exactly.
 */
export function scanBlockYaml(text: string, starts: readonly number[], segments: readonly PathSegment[]): number | undefined {
  return new LineScanner(text, starts).scan(segments);
}

/** A block node being walked: a mapping whose keys sit at `indent`, or a sequence whose dashes do. */
interface BlockNode {
  /** `opaque`: a flow collection (or a node with an anchor or tag) that only the event parser can enter. */
  readonly kind: 'map' | 'seq' | 'opaque';
  readonly line: number;
  readonly indent: number;
  /** For a mapping that starts after `- ` on its first line: the column of that first key (-1 otherwise). */
  readonly firstCol: number;
}

/** What follows a key's colon, or starts an item, on the same line. */
type Inline = 'empty' | 'scalar' | 'opaque' | 'stop';

/** Where the scan of one block collection's entries has got to, for the next lookup in it to go on from. */
interface EntryIndex<T> {
  /** What was found so far: keys (the first of each) or item lines. */
  readonly found: T;
  /** The next line to read. */
  next: number;
  /** `open`: lines remain; `end`: the collection ended; `gaveUp`: a line the scanner does not follow came next. */
  state: 'open' | 'end' | 'gaveUp';
}

/**
 * Follows paths through one document's text. It keeps what it has read: the line classes, and for every mapping
 * and sequence it has looked into, the keys and items read so far, so a lookup goes on from where the last one in
 * the same collection stopped (a List with a finding per item, a VM with thousands of interfaces: each line is read
 * once, not once per finding).
 */
class LineScanner {
  /** `lineIndent` of each line, plus 4 (0: not read yet). */
  private readonly indents: Int32Array;
  /** `nextContent` answers, by the line asked from. */
  private readonly nextContents = new Map<number, number>();
  private readonly keyIndexes = new Map<string, EntryIndex<Map<string, { line: number; valueCol: number }>>>();
  private readonly itemIndexes = new Map<string, EntryIndex<number[]>>();

  constructor(private readonly text: string, private readonly starts: readonly number[]) {
    this.indents = new Int32Array(starts.length);
  }

  /** Line (0-based) of the deepest node of `segments` that exists; undefined when the scanner gives up. */
  public scan(segments: readonly PathSegment[]): number | undefined {
    try {
      return this.walk(segments);
    } catch (e) {
      if (e === GIVE_UP) return undefined;
      throw e;
    }
  }

  private walk(segments: readonly PathSegment[]): number {
    const root = this.nextContent(0);
    if (root < 0) throw GIVE_UP;
    const indent = this.lineIndent(root);
    const col = this.starts[root] + indent;
    const c = this.text.charCodeAt(col);
    if (c === 38 || c === 33) throw GIVE_UP; // anchor or tag: the node may start below
    let node: BlockNode | undefined = this.blockAt(root, col, indent, -1);
    if (!node) throw GIVE_UP;
    let best = root;
    // A key's value is resolved only when the path goes on into it.
    let pendingValue: { line: number; indent: number; valueCol: number } | undefined;
    for (const seg of segments) {
      if (pendingValue) {
        node = this.valueOf(pendingValue.line, pendingValue.indent, pendingValue.valueCol);
        pendingValue = undefined;
      }
      if (!node) break;
      if (node.kind === 'opaque') throw GIVE_UP;
      if (node.kind === 'map') {
        const found = this.findKey(node, String(seg));
        if (!found) break;
        best = found.line;
        pendingValue = { line: found.line, indent: node.indent, valueCol: found.valueCol };
        node = undefined;
      } else {
        if (typeof seg !== 'number') break;
        const item = this.findItem(node, seg);
        if (item < 0) break;
        const r = this.itemOf(item, node.indent);
        if (r.line >= 0) best = r.line;
        node = r.node;
      }
    }
    return best;
  }

  private lineEnd(i: number): number {
    let e = i + 1 < this.starts.length ? this.starts[i + 1] - 1 : this.text.length;
    if (e > this.starts[i] && this.text.charCodeAt(e - 1) === 13) e--;
    return e;
  }

  /** Indentation of line `i`, or BLANK (empty or comment), DOC_END (`---`/`...`), TAB (tab before content). */
  private lineIndent(i: number): number {
    const known = this.indents[i];
    if (known !== 0) return known - 4;
    const ind = this.readIndent(i);
    this.indents[i] = ind + 4;
    return ind;
  }

  private readIndent(i: number): number {
    const t = this.text;
    const s = this.starts[i];
    const e = this.lineEnd(i);
    let p = s;
    while (p < e && t.charCodeAt(p) === SPACE) p++;
    if (p === e) return BLANK;
    let c = t.charCodeAt(p);
    if (c === 9) {
      let q = p;
      while (q < e && (t.charCodeAt(q) === 9 || t.charCodeAt(q) === SPACE)) q++;
      if (q === e || t.charCodeAt(q) === 35) return BLANK;
      return TAB;
    }
    if (c === 35) return BLANK;
    if (p === s && e - s >= 3) {
      c = t.charCodeAt(s);
      if ((c === 45 || c === 46) && t.charCodeAt(s + 1) === c && t.charCodeAt(s + 2) === c && (e - s === 3 || isBreakOrSpace(t.charCodeAt(s + 3)))) return DOC_END;
    }
    return p - s;
  }

  /** The next line from `i` with content, or -1 at the end of the document. */
  private nextContent(from: number): number {
    const known = this.nextContents.get(from);
    if (known !== undefined) {
      if (known === TAB) throw GIVE_UP;
      return known;
    }
    let found = -1;
    for (let i = from; i < this.starts.length; i++) {
      const ind = this.lineIndent(i);
      if (ind === BLANK) continue;
      if (ind === TAB) found = TAB;
      else if (ind !== DOC_END) found = i;
      break;
    }
    this.nextContents.set(from, found);
    if (found === TAB) throw GIVE_UP;
    return found;
  }

  private isDash(col: number): boolean {
    return this.text.charCodeAt(col) === 45 && isBreakOrSpace(this.text.charCodeAt(col + 1));
  }

  /**
   * The block node whose content starts at `col` of line `i` (indentation `indent`), or undefined for a scalar or
   * a node the walk cannot enter (no further segment can be found in it).
   */
  private blockAt(i: number, col: number, indent: number, firstCol: number): BlockNode | undefined {
    const c = this.text.charCodeAt(col);
    if (this.isDash(col)) {
      if (firstCol >= 0) throw GIVE_UP; // `- - x`
      return { kind: 'seq', line: i, indent, firstCol: -1 };
    }
    if (c === 123 || c === 91 || c === 38 || c === 33) return { kind: 'opaque', line: i, indent, firstCol }; // flow, anchor, tag
    if (c === 42 || c === 124 || c === 62) return undefined; // alias, block scalar
    if (!this.readKey(i, col)) return undefined; // a scalar
    return { kind: 'map', line: i, indent, firstCol };
  }

  /** Set by `readKey`: the key's text is `text.slice(keyStart, keyEnd)`; its value starts at `valueCol`. */
  private keyStart = 0;
  private keyEnd = 0;
  private valueCol = 0;

  /**
   * Reads `key: ...` at `col` of line `i` into keyStart, keyEnd and valueCol (no string is built); false when the
   * line is a scalar. Gives up on keys it cannot read exactly.
   */
  private readKey(i: number, col: number): boolean {
    const t = this.text;
    const e = this.lineEnd(i);
    const c = t.charCodeAt(col);
    let p: number;
    if (c === 34 || c === 39) {
      const close = t.indexOf(c === 34 ? '"' : "'", col + 1);
      if (close < 0 || close >= e) throw GIVE_UP; // multi-line quoted scalar
      if (c === 34) {
        const esc = t.indexOf('\\', col + 1);
        if (esc >= 0 && esc < close) throw GIVE_UP;
      } else if (t.charCodeAt(close + 1) === 39) {
        throw GIVE_UP;
      }
      this.keyStart = col + 1;
      this.keyEnd = close;
      p = close + 1;
      while (p < e && (t.charCodeAt(p) === SPACE || t.charCodeAt(p) === 9)) p++;
      if (p >= e || t.charCodeAt(p) !== 58 || !isBreakOrSpace(p + 1 < e ? t.charCodeAt(p + 1) : NaN)) return false;
    } else {
      // indicators that cannot start a plain key (or start one the scanner does not read): , [ ] { } # & * ! | > % @ ` ? :
      if (c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === 35 || c === 38 || c === 42 || c === 33
        || c === 124 || c === 62 || c === 37 || c === 64 || c === 96 || c === 63 || c === 58) {
        throw GIVE_UP;
      }
      p = col;
      for (;;) {
        if (p >= e) return false;
        const ch = t.charCodeAt(p);
        if (ch === 58 && isBreakOrSpace(p + 1 < e ? t.charCodeAt(p + 1) : NaN)) break;
        if (ch === 35 && p > col && (t.charCodeAt(p - 1) === SPACE || t.charCodeAt(p - 1) === 9)) return false;
        p++;
      }
      let end = p;
      while (end > col && (t.charCodeAt(end - 1) === SPACE || t.charCodeAt(end - 1) === 9)) end--;
      this.keyStart = col;
      this.keyEnd = end;
    }
    p++; // the colon
    while (p < e && (t.charCodeAt(p) === SPACE || t.charCodeAt(p) === 9)) p++;
    this.valueCol = p;
    return true;
  }

  /** What starts at `col` of line `i` (after a key's colon or an item's dash). */
  private inlineAt(i: number, col: number): Inline {
    const e = this.lineEnd(i);
    if (col >= e) return 'empty';
    const c = this.text.charCodeAt(col);
    if (c === 35) return 'empty'; // a comment
    if (c === 123 || c === 91 || c === 38 || c === 33) return 'opaque'; // flow, anchor, tag
    if (c === 42 || c === 124 || c === 62) return 'stop'; // alias, block scalar
    return 'scalar';
  }

  /**
   * True for an anchor, a tag or a block scalar at `col`: the parser places such a node's start on a later line
   * (the mapping after `&a`, the content of `|`), so only it can tell.
   */
  private startsBelow(col: number): boolean {
    const c = this.text.charCodeAt(col);
    return c === 38 || c === 33 || c === 124 || c === 62;
  }

  /** The key `key` among the entries of mapping `node` (the first entry of that key). */
  private findKey(node: BlockNode, key: string): { line: number; valueCol: number } | undefined {
    const id = `${node.line}:${node.indent}:${node.firstCol}`;
    let index = this.keyIndexes.get(id);
    if (!index) this.keyIndexes.set(id, index = { found: new Map(), next: node.line, state: 'open' });
    const K = node.indent;
    for (;;) {
      const hit = index.found.get(key);
      if (hit) return hit;
      if (index.state === 'end') return undefined;
      if (index.state === 'gaveUp') throw GIVE_UP;
      // read entries up to the next key
      const i = index.next;
      if (i >= this.starts.length) {
        index.state = 'end';
        continue;
      }
      index.next = i + 1;
      let col: number;
      if (i === node.line && node.firstCol >= 0) {
        col = node.firstCol;
      } else {
        const ind = this.lineIndent(i);
        if (ind === BLANK) continue;
        if (ind === TAB) {
          index.state = 'gaveUp';
          continue;
        }
        if (ind === DOC_END || ind < K) {
          index.state = 'end';
          continue;
        }
        if (ind > K) continue;
        col = this.starts[i] + ind;
      }
      if (this.isDash(col)) continue; // an item of the previous key's sequence, written at the key's indentation
      let entry: boolean;
      try {
        entry = this.readKey(i, col);
      } catch (e) {
        if (e !== GIVE_UP) throw e;
        entry = false;
      }
      if (!entry) {
        index.state = 'gaveUp'; // not an entry: something the scanner does not follow
        continue;
      }
      const k = this.text.slice(this.keyStart, this.keyEnd);
      if (!index.found.has(k)) index.found.set(k, { line: i, valueCol: this.valueCol });
    }
  }

  /** The node of a key's value: inline after the colon, or on the following lines. */
  private valueOf(line: number, K: number, valueCol: number): BlockNode | undefined {
    const inline = this.inlineAt(line, valueCol);
    if (inline === 'opaque') return { kind: 'opaque', line, indent: K, firstCol: -1 };
    if (inline !== 'empty') return undefined;
    const j = this.nextContent(line + 1);
    if (j < 0) return undefined;
    const ind = this.lineIndent(j);
    const col = this.starts[j] + ind;
    if (ind > K) return this.blockAt(j, col, ind, -1);
    if (ind === K && this.isDash(col)) return { kind: 'seq', line: j, indent: K, firstCol: -1 };
    return undefined; // an empty value
  }

  /** Line of item `n` of sequence `node`, -1 when there are fewer items. */
  private findItem(node: BlockNode, n: number): number {
    const id = `${node.line}:${node.indent}`;
    let index = this.itemIndexes.get(id);
    if (!index) this.itemIndexes.set(id, index = { found: [], next: node.line, state: 'open' });
    const S = node.indent;
    const items = index.found;
    while (items.length <= n && index.state === 'open') {
      const i = index.next;
      if (i >= this.starts.length) {
        index.state = 'end';
        break;
      }
      index.next = i + 1;
      const ind = this.lineIndent(i);
      if (ind === BLANK) continue;
      if (ind === TAB) index.state = 'gaveUp';
      else if (ind === DOC_END || ind < S) index.state = 'end';
      else if (ind > S) continue;
      else if (!this.isDash(this.starts[i] + ind)) index.state = 'end'; // the next key after a sequence at its key's indentation
      else items.push(i);
    }
    if (n < items.length) return items[n];
    if (index.state === 'gaveUp') throw GIVE_UP;
    return -1;
  }

  /** The line where item content starts (-1 for an empty item) and its node. */
  private itemOf(i: number, S: number): { line: number; node: BlockNode | undefined } {
    const t = this.text;
    const e = this.lineEnd(i);
    let col = this.starts[i] + S + 1;
    while (col < e && (t.charCodeAt(col) === SPACE || t.charCodeAt(col) === 9)) col++;
    const inline = this.inlineAt(i, col);
    if (inline === 'empty') {
      const j = this.nextContent(i + 1);
      const ind = j < 0 ? -1 : this.lineIndent(j);
      if (j < 0 || ind <= S) return { line: -1, node: undefined }; // an empty item
      const start = this.starts[j] + ind;
      if (this.startsBelow(start)) throw GIVE_UP;
      return { line: j, node: this.blockAt(j, start, ind, -1) };
    }
    if (this.startsBelow(col)) throw GIVE_UP;
    if (inline === 'opaque') return { line: i, node: { kind: 'opaque', line: i, indent: S, firstCol: -1 } };
    if (inline !== 'scalar') return { line: i, node: undefined };
    // `- key: value` starts a mapping whose keys sit at this column
    const mapCol = col - this.starts[i];
    return { line: i, node: this.blockAt(i, col, mapCol, col) };
  }
}
