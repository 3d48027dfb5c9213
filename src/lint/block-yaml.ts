/**
 * A reader for the plain block style that manifests are nearly always written in: block mappings and sequences,
 * plain and single-line quoted scalars, literal block scalars, `{}` and `[]`, comments and `---` between
 * documents. It gives exactly what js-yaml (with the loader's schema) gives for the same text, faster (one pass
 * over the lines, where js-yaml builds an event list first), and declines (returns `undefined`) as soon as the text uses anything else: anchors, aliases, tags,
 * directives, flow collections with content, folded or multi-line scalars, tabs, carriage returns, and every
 * error. The loader then parses the text with js-yaml, which also words the errors. So this reader never decides
 * that a text is valid, or what it means, on its own: where it answers, js-yaml answers the same (the property
 * tests in test/lint/block-yaml.test.ts compare the two over generated and real manifests).
 *
 * Scalars are resolved by the schema itself (`resolveImplicitScalarTag`), so `1`, `0x10`, `true`, `~` and `1e3`
 * mean what they mean to js-yaml. js-yaml's typings mark that method internal: js-yaml is pinned, and the property
 * tests fail if a new version resolves scalars differently or drops the method. Should that happen anyway, the
 * reader fails safe: before its first use with a schema it checks that the method exists and resolves a set of
 * probe scalars as js-yaml's `load` does, and it declines every text (js-yaml reads them all, slower) when the
 * method is missing, disagrees, or throws or answers out of shape at any time later.
 */
import { load } from 'js-yaml';
import type { Schema } from 'js-yaml';

/** What a YAML stream holds: one value per document, and where each document's node starts (-1 when empty). */
export interface BlockYaml {
  readonly values: unknown[];
  readonly starts: number[];
}

const NL = 10;
const SPACE = 32;
const HASH = 35;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const DQUOTE = 34;
const SQUOTE = 39;
const PIPE = 124;
const BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;

/**
 * Characters the reader leaves to js-yaml: tabs, carriage returns, byte order marks, and everything js-yaml's
 * printable check (or YAML's) could reject: control characters, C1 controls, surrogates, U+FFFE and U+FFFF.
 */
const OUTSIDE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]/;

/** Nesting deeper than this declines (js-yaml's own limit, 100 nodes, is then the one that applies). */
const MAX_DEPTH = 40;

/** Thrown inside the reader when the text leaves the subset; caught at the top. */
const DECLINE = new Error('not plain block yaml');

/** What a plain scalar means (its text without the comment and trailing spaces). */
type Resolve = (raw: string) => unknown;

/** Plain scalars whose meaning the resolver must agree on with js-yaml before it is used. */
const PROBES = [
  'x', 'true', 'False', 'yes', 'null', '~', 'Null', '1', '-1', '+1', '0x1F', '0o17', '1_000', '1.5', '-2.5e3', '.inf', '-.Inf',
  '.nan', '0', '-0', '1e3', '1:2', 'a b', '012', '0.1.2', 'sha256:abc',
];

/** Each schema's checked resolver, or null once it is found missing or broken (for the rest of the process). */
const resolvers = new WeakMap<Schema, Resolve | null>();

/** The schema's resolver, checked on first use; null when it cannot be trusted. */
function resolverOf(schema: Schema): Resolve | null {
  let resolve = resolvers.get(schema);
  if (resolve === undefined) {
    resolve = checkedResolver(schema);
    resolvers.set(schema, resolve);
  }
  return resolve;
}

function checkedResolver(schema: Schema): Resolve | null {
  const method = (schema as unknown as { resolveImplicitScalarTag?: unknown }).resolveImplicitScalarTag;
  if (typeof method !== 'function') return null;
  const resolve: Resolve = (raw) => {
    const answer = method.call(schema, raw) as unknown;
    if (typeof answer !== 'object' || answer === null || !('value' in answer)) throw new Error('resolveImplicitScalarTag answered out of shape');
    return (answer as { value: unknown }).value;
  };
  try {
    for (const probe of PROBES) {
      if (!Object.is(resolve(probe), load(probe, { schema }))) return null;
    }
  } catch {
    return null;
  }
  return resolve;
}

/** Characters that cannot start a plain scalar (YAML 1.2 c-indicator), besides `-`, `?` and `:` handled apart. */
const NOT_PLAIN_FIRST = new Set([',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`'].map((c) => c.charCodeAt(0)));

/** Escapes of double-quoted scalars this reader decodes (YAML 1.2 c-ns-esc-char); any other declines. */
const ESCAPES = new Map<number, string>([
  ['0', '\0'], ['a', '\x07'], ['b', '\b'], ['t', '\t'], ['n', '\n'], ['v', '\v'], ['f', '\f'], ['r', '\r'],
  ['e', '\x1b'], [' ', ' '], ['"', '"'], ['/', '/'], ['\\', '\\'], ['N', '\x85'], ['_', '\xa0'], ['L', '\u2028'], ['P', '\u2029'],
].map(([k, v]) => [k.charCodeAt(0), v]));

class Reader {
  /** Start of the current line. */
  private pos = 0;
  /** The current line holds content (not blank, not a comment): its indentation, first character and end. */
  private indent = -1;
  private first = 0;
  private end = 0;
  /** The current line is `---`. */
  private marker = false;
  /** Collections open around the current one. */
  private depth = 0;
  private readonly length: number;

  public constructor(private readonly text: string, private readonly resolve: Resolve) {
    this.length = text.length;
  }

  public read(): BlockYaml {
    const values: unknown[] = [];
    const starts: number[] = [];
    this.settle();
    while (this.indent >= 0 || this.marker) {
      if (this.marker) {
        this.restIsBlank(this.first + 3);
        this.next();
        if (this.indent < 0) {
          // `---` followed by another `---` or the end: an empty document
          values.push(null);
          starts.push(-1);
          continue;
        }
      }
      const start = this.first;
      values.push(this.block(this.indent));
      starts.push(start);
      if (this.indent >= 0) throw DECLINE; // content after the root node
    }
    return { values, starts };
  }

  /** From `pos`, skips blank and comment lines and takes the next content line (indent -1 at the end or at `---`). */
  private settle(): void {
    const text = this.text;
    const length = this.length;
    let pos = this.pos;
    this.marker = false;
    for (;;) {
      if (pos >= length) {
        this.pos = length;
        this.indent = -1;
        return;
      }
      let i = pos;
      while (text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (i >= length) {
        pos = length;
        continue;
      }
      if (c === NL) {
        pos = i + 1;
        continue;
      }
      if (c === HASH) {
        const nl = text.indexOf('\n', i);
        pos = nl < 0 ? length : nl + 1;
        continue;
      }
      let end = text.indexOf('\n', i);
      if (end < 0) end = length;
      this.pos = pos;
      this.first = i;
      this.end = end;
      if (i === pos && (c === DASH || c === DOT) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c
        && (i + 3 === end || text.charCodeAt(i + 3) === SPACE)) {
        if (c === DOT) throw DECLINE; // `...`: a document end marker
        this.marker = true;
        this.indent = -1;
        return;
      }
      this.indent = i - pos;
      return;
    }
  }

  /** Moves past the current line. */
  private next(): void {
    this.pos = this.end + 1;
    this.settle();
  }

  /** Declines unless the rest of the current line, from `i`, is blank or a comment. */
  private restIsBlank(i: number): void {
    const text = this.text;
    while (i < this.end && text.charCodeAt(i) === SPACE) i++;
    if (i < this.end && !(text.charCodeAt(i) === HASH && text.charCodeAt(i - 1) === SPACE)) throw DECLINE;
  }

  private isItem(at: number): boolean {
    const c = this.text.charCodeAt(at + 1);
    return this.text.charCodeAt(at) === DASH && (at + 1 === this.end || c === SPACE);
  }

  /** A block node whose first line is the current one, at indentation `n`. */
  private block(n: number): unknown {
    return this.isItem(this.first) ? this.sequence(n) : this.mapping(n, this.first);
  }

  /** The value of a key (or item) whose line ended after the indicator: a block node below it, or null. */
  private below(parent: number, sameIndentSequence: boolean): unknown {
    this.next();
    if (this.indent > parent) return this.block(this.indent);
    if (sameIndentSequence && this.indent === parent && this.isItem(this.first)) return this.sequence(parent);
    return null;
  }

  /** A block sequence at indentation `n` whose first dash is at `dashAt` on the current line. */
  private sequence(n: number, dashAt = this.first): unknown[] {
    this.enter();
    const out: unknown[] = [];
    const text = this.text;
    for (;;) {
      let k = dashAt + 1;
      while (k < this.end && text.charCodeAt(k) === SPACE) k++;
      if (k === this.end || text.charCodeAt(k) === HASH) {
        out.push(this.below(n, false));
      } else if (this.isItem(k)) {
        out.push(this.sequence(k - this.pos, k)); // `- - x`: a sequence indented to its first dash
      } else {
        const colon = this.keyColon(k);
        // `- key: value`: a mapping indented to its first key
        out.push(colon >= 0 ? this.mapping(k - this.pos, k, colon) : this.inline(k, n));
      }
      if (this.indent > n) throw DECLINE;
      if (this.indent < n || !this.isItem(this.first)) {
        this.depth--;
        return out;
      }
      dashAt = this.first;
    }
  }

  /** A block mapping at indentation `m` whose first key is at `keyAt` on the current line (its `:` at `colon`). */
  private mapping(m: number, keyAt: number, colon = this.keyColon(keyAt)): Record<string, unknown> {
    this.enter();
    const out: Record<string, unknown> = {};
    for (;;) {
      if (colon < 0) throw DECLINE;
      const key = this.key(keyAt, colon);
      if (key === '__proto__' || key === '<<' || Object.prototype.hasOwnProperty.call(out, key)) throw DECLINE;
      let v = colon + 1;
      const text = this.text;
      while (v < this.end && text.charCodeAt(v) === SPACE) v++;
      out[key] = v === this.end || text.charCodeAt(v) === HASH ? this.below(m, true) : this.inline(v, m);
      if (this.indent > m) throw DECLINE;
      if (this.indent < m) {
        this.depth--;
        return out;
      }
      keyAt = this.first;
      if (this.isItem(keyAt)) throw DECLINE;
      colon = this.keyColon(keyAt);
    }
  }

  /** Opens a collection; deep nesting is left to js-yaml, which limits it (its maxDepth) and says so. */
  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw DECLINE;
  }

  /** Where the `:` of a `key: value` line starting at `at` is, or -1 when the line is not one. */
  private keyColon(at: number): number {
    const text = this.text;
    const end = this.end;
    const c = text.charCodeAt(at);
    let i = at;
    if (c === DQUOTE || c === SQUOTE) {
      i = this.quotedEnd(at);
      if (i < 0) return -1;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      return i < end && text.charCodeAt(i) === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE) ? i : -1;
    }
    for (; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === COLON) {
        if (i + 1 === end || text.charCodeAt(i + 1) === SPACE) return i;
      } else if (ch === HASH && i > at && text.charCodeAt(i - 1) === SPACE) {
        return -1;
      }
    }
    return -1;
  }

  /** The key of a line whose `:` is at `colon`. */
  private key(at: number, colon: number): string {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === DQUOTE) return this.doubleQuoted(at, this.quotedEnd(at));
    if (c === SQUOTE) return this.singleQuoted(at, this.quotedEnd(at));
    let e = colon;
    while (text.charCodeAt(e - 1) === SPACE) e--;
    const raw = text.slice(at, e);
    this.plainFirst(at);
    const key = this.resolve(raw);
    if (typeof key !== 'string') throw DECLINE; // `1:`, `true:`, `~:` become other strings through String()
    return key;
  }

  /** Declines unless a plain scalar may start at `at`. */
  private plainFirst(at: number): void {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (NOT_PLAIN_FIRST.has(c) || c === COLON || c === 63 /* ? */) throw DECLINE;
    if (c === DASH && (at + 1 === this.end || text.charCodeAt(at + 1) === SPACE)) throw DECLINE;
  }

  /** A value that starts on its key's (or item's) line at `at`; the parent collection is at indentation `parent`. */
  private inline(at: number, parent: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(at);
    let value: unknown;
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.quotedEnd(at);
      if (close < 0) throw DECLINE; // continues on the next line, or unterminated
      value = c === DQUOTE ? this.doubleQuoted(at, close) : this.singleQuoted(at, close);
      this.restIsBlank(close);
    } else if (c === PIPE) {
      return this.literal(at, parent);
    } else if (c === LBRACE || c === LBRACKET) {
      if (text.charCodeAt(at + 1) !== (c === LBRACE ? RBRACE : RBRACKET)) throw DECLINE;
      value = c === LBRACE ? {} : [];
      this.restIsBlank(at + 2);
    } else {
      this.plainFirst(at);
      let e = this.end;
      for (let i = at + 1; i < this.end; i++) {
        const ch = text.charCodeAt(i);
        if (ch === HASH && text.charCodeAt(i - 1) === SPACE) {
          e = i;
          break;
        }
        if (ch === COLON && (i + 1 === this.end || text.charCodeAt(i + 1) === SPACE)) throw DECLINE;
      }
      while (text.charCodeAt(e - 1) === SPACE) e--;
      const raw = text.slice(at, e);
      if (raw === '<<') throw DECLINE;
      value = this.resolve(raw);
    }
    this.next();
    return value;
  }

  /** Offset just past the closing quote of a quoted scalar opened at `at` on the current line, or -1. */
  private quotedEnd(at: number): number {
    const text = this.text;
    const q = text.charCodeAt(at);
    for (let i = at + 1; i < this.end; i++) {
      const ch = text.charCodeAt(i);
      if (q === DQUOTE && ch === BACKSLASH) {
        i++;
      } else if (ch === q) {
        if (q === SQUOTE && text.charCodeAt(i + 1) === SQUOTE) {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return -1;
  }

  private singleQuoted(at: number, close: number): string {
    const raw = this.text.slice(at + 1, close - 1);
    return raw.includes('\'') ? raw.replace(/''/g, '\'') : raw;
  }

  private doubleQuoted(at: number, close: number): string {
    const text = this.text;
    const inner = close - 1;
    let i = text.indexOf('\\', at + 1);
    if (i < 0 || i >= inner) return text.slice(at + 1, inner);
    let out = text.slice(at + 1, i);
    while (i < inner) {
      const ch = text.charCodeAt(i);
      if (ch !== BACKSLASH) {
        const next = text.indexOf('\\', i);
        const stop = next < 0 || next > inner ? inner : next;
        out += text.slice(i, stop);
        i = stop;
        continue;
      }
      const e = text.charCodeAt(i + 1);
      const simple = ESCAPES.get(e);
      if (simple !== undefined) {
        out += simple;
        i += 2;
        continue;
      }
      const width = e === 120 /* x */ ? 2 : e === 117 /* u */ ? 4 : 0;
      const hex = text.slice(i + 2, i + 2 + width);
      if (width === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) throw DECLINE;
      const code = parseInt(hex, 16);
      if (code >= 0xd800 && code <= 0xdfff) throw DECLINE; // halves of surrogate pairs
      out += String.fromCharCode(code);
      i += 2 + width;
    }
    return out;
  }

  /**
   * A literal block scalar (`|` or `|-`) whose header is at `at`; its lines are indented more than `parent`.
   * Keep chomping (`|+`), indentation indicators, and lines of only spaces longer than the indentation decline.
   */
  private literal(at: number, parent: number): string {
    const text = this.text;
    let h = at + 1;
    const strip = text.charCodeAt(h) === DASH;
    if (strip) h++;
    if (h < this.end && text.charCodeAt(h) !== SPACE) throw DECLINE;
    this.restIsBlank(h);
    const length = this.length;
    let cur = this.end + 1;
    let indent = -1;
    let leadingBlank = 0;
    let empty = 0;
    const lines: string[] = [];
    while (cur < length) {
      let nl = text.indexOf('\n', cur);
      if (nl < 0) nl = length;
      let i = cur;
      while (i < nl && text.charCodeAt(i) === SPACE) i++;
      const spaces = i - cur;
      if (i === nl) {
        if (indent < 0) leadingBlank = Math.max(leadingBlank, spaces);
        else if (spaces > indent) throw DECLINE;
        empty++;
        cur = nl + 1;
        continue;
      }
      if (indent < 0) {
        if (spaces <= parent) break;
        if (leadingBlank > spaces) throw DECLINE;
        indent = spaces;
      } else if (spaces < indent) {
        break;
      }
      for (; empty > 0; empty--) lines.push('');
      lines.push(text.slice(cur + indent, nl));
      cur = nl + 1;
    }
    if (indent < 0 && leadingBlank > parent) throw DECLINE; // only blank lines, some indented: leave it to js-yaml
    // where the scalar ended: the line after it (its trailing blank lines belong to it)
    this.pos = Math.min(cur, length);
    this.settle();
    if (lines.length === 0) return '';
    const body = lines.join('\n');
    return strip ? body : `${body}\n`;
  }
}

/**
 * Reads a YAML stream written in plain block style, or returns `undefined` when the text uses anything else (the
 * caller then parses it with js-yaml). `schema` resolves plain scalars; it must be the schema the caller's js-yaml
 * path uses.
 */
export function readBlockYaml(text: string, schema: Schema): BlockYaml | undefined {
  if (OUTSIDE.test(text)) return undefined;
  const resolve = resolverOf(schema);
  if (!resolve) return undefined;
  try {
    return new Reader(text, resolve).read();
  } catch (e) {
    // anything but a decline is the resolver failing (or a fault of this reader): js-yaml reads this text, and
    // every later one
    if (e !== DECLINE) resolvers.set(schema, null);
    return undefined;
  }
}
