/**
 * CRD `pattern`s are Go regular expressions (RE2 syntax, Go's `regexp` package: the API server compiles them with
 * `regexp.Compile`, kube-openapi pkg/validation/validate). This module translates the RE2 syntax JavaScript can
 * express into a `RegExp` with the `u` flag (code points, as Go matches UTF-8 runes), and refuses the rest with
 * a reason, so the caller can skip the pattern and say so rather than check it wrongly.
 *
 * Differences handled (Go regexp/syntax documentation):
 * - `.` never matches `\n` in Go and does match `\r`, U+2028 and U+2029 (JavaScript's does not): written `[^\n]`;
 * - `\s` is `[\t\n\f\r ]` in Go, wider in JavaScript: written out; `\S` likewise;
 * - `\A` and `\z` (start and end of text): `^` and `$` (JavaScript's `$` without `m` matches only at the end);
 * - `(?P<name>re)` and `(?<name>re)`: named groups; `(?:re)`; leading flags `(?i)`, `(?s)`, `(?m)`;
 * - `\Q...\E` literal text; `\x{10FFFF}`; octal `\123`; POSIX classes `[[:alpha:]]`; `\pL` and `\p{Greek}`;
 * - Go lets any punctuation be escaped; JavaScript's `u` mode allows only its syntax characters, so other escaped
 *   punctuation is written as the character itself.
 *
 * Refused: flags in the middle of a pattern or in groups (`(?i:re)`, `(?U)`), `\C`, and anything JavaScript does
 * not compile. A pattern with a quantified group that holds an unbounded quantifier (`(a+)+`) is refused as well:
 * Go's engine runs in linear time, JavaScript's backtracking engine can take exponential time on such a pattern
 * with a hostile value.
 */

/** A translated pattern, or why it cannot be checked. */
export type Translation = { readonly ok: true; readonly regexp: RegExp } | { readonly ok: false; readonly reason: string };

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F', digit: '0-9',
  graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z',
  word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

/** Unicode general categories (JavaScript takes these as `\p{X}`; other names are scripts). */
const CATEGORIES = new Set([
  'C', 'Cc', 'Cf', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn', 'N', 'Nd', 'Nl', 'No',
  'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs',
]);

/** JavaScript's syntax characters: the only ones `u` mode lets be escaped (plus `-` inside a class). */
const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));

const SPACE_CLASS_BODY = '\\t\\n\\f\\r ';

class Refused extends Error {}

function codePointEscape(cp: number): string {
  return `\\u{${cp.toString(16)}}`;
}

/** Translates a Go regular expression; never throws. */
export function translateRe2(pattern: string): Translation {
  try {
    return { ok: true, regexp: translate(pattern) };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, reason: e.message };
    return { ok: false, reason: `javascript cannot compile it: ${String((e as Error)?.message ?? e).toLowerCase()}` };
  }
}

function translate(pattern: string): RegExp {
  let flags = 'u';
  let i = 0;
  // leading flag groups: (?i) (?s) (?m) (?is) ...
  for (;;) {
    const m = /^\(\?([imsU]+)\)/.exec(pattern.slice(i));
    if (!m) break;
    for (const f of m[1]) {
      if (f === 'U') throw new Refused('the ungreedy flag (?U) has no javascript equivalent');
      if (!flags.includes(f)) flags += f;
    }
    i += m[0].length;
  }
  const dotAll = flags.includes('s');
  let out = '';
  // For the nested-quantifier check, per open group: whether it holds an unbounded repetition, and the literal
  // character it starts with. A repeated group that starts with a literal no repetition inside it can match
  // (`(\.[a-z0-9]+)*`) splits a text one way only, so it is safe.
  const groups: GroupState[] = [];
  let closed: GroupState | undefined; // the atom just closed, when it is a group
  let atomStart = 0; // where the last atom starts in `out`
  const n = pattern.length;
  const noteRepetition = (atom: string) => {
    let tester: RegExp | undefined;
    for (const g of groups) {
      g.unbounded = true;
      if (g.lead !== undefined && !g.ambiguous) {
        try {
          tester ??= new RegExp(`^(?:${atom})$`, 'u');
          if (tester.test(g.lead)) g.ambiguous = true;
        } catch {
          g.ambiguous = true;
        }
      }
    }
  };
  while (i < n) {
    const c = pattern[i];
    const lastClosed = closed;
    closed = undefined;
    if (c === '\\') {
      const [text, len] = escape(pattern, i, false);
      atomStart = out.length;
      out += text;
      i += len;
      continue;
    }
    if (c === '[') {
      const [text, len] = charClass(pattern, i);
      atomStart = out.length;
      out += text;
      i += len;
      continue;
    }
    if (c === '(') {
      const groupStart = out.length;
      const open = i;
      if (pattern[i + 1] === '?') {
        const rest = pattern.slice(i + 2);
        if (rest.startsWith(':')) {
          out += '(?:';
          i += 3;
        } else if (rest.startsWith('P<') || rest.startsWith('<')) {
          const start = rest.startsWith('P<') ? 2 : 1;
          const close = rest.indexOf('>', start);
          if (close < 0) throw new Refused('a named group is not closed');
          out += `(?<${rest.slice(start, close)}>`;
          i += 2 + close + 1;
        } else {
          throw new Refused('flags inside the pattern ((?i:...), (?s) after the start) have no javascript equivalent in node 20');
        }
      } else {
        out += '(';
        i++;
      }
      groups.push({ start: groupStart, unbounded: false, ambiguous: false, lead: leadingLiteral(pattern, open) });
      continue;
    }
    if (c === ')') {
      out += ')';
      i++;
      closed = groups.pop();
      if (closed) atomStart = closed.start;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      let q = c;
      let unbounded = c === '*' || c === '+';
      if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
        if (!m) {
          // Go takes a brace that starts no repetition as a literal
          out += '\\{';
          i++;
          continue;
        }
        q = m[0];
        unbounded = m[2] !== undefined && (m[3] === '' || Number(m[3]) > 100);
      }
      i += q.length;
      if (pattern[i] === '?') {
        q += '?';
        i++;
      }
      if (unbounded && lastClosed && lastClosed.unbounded && (lastClosed.lead === undefined || lastClosed.ambiguous)) {
        throw new Refused('a repeated group holds a repetition (as in (a+)+), which can take exponential time in javascript\'s backtracking engine');
      }
      if (unbounded) noteRepetition(out.slice(atomStart));
      out += q;
      continue;
    }
    atomStart = out.length;
    if (c === '|' && groups.length > 0) groups[groups.length - 1].lead = undefined;
    if (c === '.') {
      out += dotAll ? '[^]' : '[^\\n]';
      i++;
      continue;
    }
    if (c === '/') {
      out += '\\/';
      i++;
      continue;
    }
    if (c === ']' || c === '}') {
      out += `\\${c}`;
      i++;
      continue;
    }
    out += c;
    i++;
  }
  return new RegExp(out, flags);
}

interface GroupState {
  /** Where the group starts in the output. */
  readonly start: number;
  /** It holds an unbounded repetition. */
  unbounded: boolean;
  /** A repetition inside it can match `lead`. */
  ambiguous: boolean;
  /** The literal punctuation character the group starts with, if it does (and it has no `|`: each branch would need one). */
  lead: string | undefined;
}

/** The literal punctuation character a group opening at `open` starts with (`(\.x)`, `(?:-x)`), if any. */
function leadingLiteral(p: string, open: number): string | undefined {
  let i = open + 1;
  if (p[i] === '?') {
    if (p[i + 1] === ':') i += 2;
    else {
      const close = p.indexOf('>', i);
      if (close < 0) return undefined;
      i = close + 1;
    }
  }
  let ch: string | undefined;
  let len = 1;
  if (p[i] === '\\' && p[i + 1] !== undefined && /[^A-Za-z0-9]/.test(p[i + 1])) {
    ch = p[i + 1];
    len = 2;
  } else if (p[i] !== undefined && /[!"#%&',\-/:;<=>@_`~]/.test(p[i])) {
    ch = p[i];
  }
  if (ch === undefined) return undefined;
  // optional or repeated: not a character every pass starts with
  if (/^[?*+{]/.test(p.slice(i + len))) return undefined;
  return ch;
}

/** One escape outside (inClass false) or inside a class; returns the JavaScript text and the length read. */
function escape(p: string, i: number, inClass: boolean): [string, number] {
  const d = p[i + 1];
  if (d === undefined) throw new Refused('the pattern ends with a backslash');
  switch (d) {
    case 'A':
      if (inClass) throw new Refused('\\A inside a character class');
      return ['^', 2];
    case 'z':
      if (inClass) throw new Refused('\\z inside a character class');
      return ['$', 2];
    case 'C':
      throw new Refused('\\C (any byte) has no javascript equivalent');
    case 's':
      return [inClass ? SPACE_CLASS_BODY : `[${SPACE_CLASS_BODY}]`, 2];
    case 'S':
      if (inClass) throw new Refused('\\S inside a character class');
      return [`[^${SPACE_CLASS_BODY}]`, 2];
    case 'd': case 'D': case 'w': case 'W': case 'b': case 'B':
    case 'f': case 't': case 'n': case 'r': case 'v':
      if (inClass && (d === 'b' || d === 'B')) throw new Refused('\\b inside a character class');
      return [`\\${d}`, 2];
    case 'a':
      return ['\\x07', 2];
    case 'Q': {
      if (inClass) throw new Refused('\\Q inside a character class');
      const end = p.indexOf('\\E', i + 2);
      const literal = end < 0 ? p.slice(i + 2) : p.slice(i + 2, end);
      const text = [...literal].map((ch) => (JS_SYNTAX.has(ch) ? `\\${ch}` : ch)).join('');
      return [text, (end < 0 ? p.length : end + 2) - i];
    }
    case 'x': {
      if (p[i + 2] === '{') {
        const close = p.indexOf('}', i + 3);
        const hex = close < 0 ? '' : p.slice(i + 3, close);
        if (!/^[0-9A-Fa-f]{1,6}$/.test(hex) || parseInt(hex, 16) > 0x10ffff) throw new Refused('a bad \\x{...} escape');
        return [codePointEscape(parseInt(hex, 16)), close + 1 - i];
      }
      const hex = p.slice(i + 2, i + 4);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new Refused('a bad \\x escape');
      return [`\\x${hex}`, 4];
    }
    case 'p': case 'P': {
      let name: string;
      let len: number;
      if (p[i + 2] === '{') {
        const close = p.indexOf('}', i + 3);
        if (close < 0) throw new Refused('a \\p{ is not closed');
        name = p.slice(i + 3, close);
        len = close + 1 - i;
      } else {
        name = p[i + 2] ?? '';
        len = 3;
      }
      let negate = d === 'P';
      if (name.startsWith('^')) {
        negate = !negate;
        name = name.slice(1);
      }
      if (!/^[A-Za-z_]+$/.test(name)) throw new Refused(`unicode class ${JSON.stringify(name)}`);
      const body = name === 'Any' ? null : CATEGORIES.has(name) ? name : `Script=${name}`;
      if (body === null) return [negate ? '[^\\s\\S]' : '[\\s\\S]', len];
      return [`\\${negate ? 'P' : 'p'}{${body}}`, len];
    }
    default:
      break;
  }
  if (d >= '0' && d <= '7') {
    const m = /^[0-7]{1,3}/.exec(p.slice(i + 1))!;
    if (d === '0' || m[0].length > 1) return [codePointEscape(parseInt(m[0], 8)), 1 + m[0].length];
    throw new Refused('backreferences are not regular expressions in go');
  }
  if (/[A-Za-z0-9]/.test(d)) throw new Refused(`the escape \\${d} is not valid in go`);
  // escaped punctuation: a literal character
  if (JS_SYNTAX.has(d) || (inClass && d === '-')) return [`\\${d}`, 2];
  return [d, 2];
}

/** A character class starting at `[`; returns the JavaScript text and the length read. */
function charClass(p: string, start: number): [string, number] {
  let i = start + 1;
  let out = '[';
  if (p[i] === '^') {
    out += '^';
    i++;
  }
  // a ] first in the class is a literal in Go
  if (p[i] === ']') {
    out += '\\]';
    i++;
  }
  while (i < p.length) {
    const c = p[i];
    if (c === ']') return [`${out}]`, i + 1 - start];
    if (c === '[' && p[i + 1] === ':') {
      const close = p.indexOf(':]', i + 2);
      if (close < 0) throw new Refused('a [: class is not closed');
      let name = p.slice(i + 2, close);
      const negated = name.startsWith('^');
      if (negated) name = name.slice(1);
      const body = POSIX[name];
      if (body === undefined) throw new Refused(`unknown posix class [:${name}:]`);
      if (negated) throw new Refused('a negated posix class [:^name:]');
      out += body;
      i = close + 2;
      continue;
    }
    if (c === '\\') {
      const [text, len] = escape(p, i, true);
      out += text;
      i += len;
      continue;
    }
    if (c === '[' || c === '/' || c === '{' || c === '}' || c === '(' || c === ')' || c === '|') {
      out += `\\${c}`;
      i++;
      continue;
    }
    out += c;
    i++;
  }
  throw new Refused('a character class is not closed');
}
