import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isQuantityString } from '../../src/schema/quantity';
import { translateRe2 } from '../../src/schema/re2';

function js(pattern: string): string {
  const t = translateRe2(pattern);
  if (!t.ok) throw new Error(`refused: ${t.reason}`);
  return t.regexp.toString();
}

function refusal(pattern: string): string {
  const t = translateRe2(pattern);
  return t.ok ? `accepted as ${t.regexp}` : t.reason;
}

describe('translateRe2', () => {
  it.each([
    ['^[a-z]+$', '/^[a-z]+$/u'],
    ['a.b', '/a[^\\n]b/u'],
    ['(?s)a.b', '/a[^]b/su'],
    ['(?i)abc\\z', '/abc$/iu'],
    ['\\Aabc', '/^abc/u'],
    ['(?P<x>a)(?:b)', '/(?<x>a)(?:b)/u'],
    ['[[:alpha:]][[:digit:]_]', '/[A-Za-z][0-9_]/u'],
    ['\\pL\\p{Greek}\\PN', '/\\p{L}\\p{Script=Greek}\\P{N}/u'],
    ['\\Q.*+\\E!', '/\\.\\*\\+!/u'],
    ['\\x{1F600}\\x41\\101', '/\\u{1f600}\\x41\\u{41}/u'],
    ['a\\s\\S', '/a[\\t\\n\\f\\r ][^\\t\\n\\f\\r ]/u'],
    ['\\#\\-\\:', '/#-:/u'],
    ['[\\-a]', '/[\\-a]/u'],
    ['a{,3}', '/a\\{,3\\}/u'],
    ['^(\\.[a-z0-9]+)*$', '/^(\\.[a-z0-9]+)*$/u'],
  ])('GIVEN the go pattern %s WHEN translated THEN javascript gets %s', (go, out) => {
    expect(js(go)).toBe(out);
  });

  it.each([
    ['(a+)+', 'a repeated group holds a repetition (as in (a+)+), which can take exponential time in javascript\'s backtracking engine'],
    ['^([0-9]+(ms|s))+$', 'a repeated group holds a repetition (as in (a+)+), which can take exponential time in javascript\'s backtracking engine'],
    ['(\\.a|b+)*', 'a repeated group holds a repetition (as in (a+)+), which can take exponential time in javascript\'s backtracking engine'],
    ['(\\.[^x]+)*', 'a repeated group holds a repetition (as in (a+)+), which can take exponential time in javascript\'s backtracking engine'],
    ['a(?i:b)', 'flags inside the pattern ((?i:...), (?s) after the start) have no javascript equivalent in node 20'],
    ['(?U)a+', 'the ungreedy flag (?U) has no javascript equivalent'],
    ['\\C', '\\C (any byte) has no javascript equivalent'],
    ['[a', 'a character class is not closed'],
    ['(a)\\1', 'backreferences are not regular expressions in go'],
  ])('GIVEN the go pattern %s WHEN translated THEN it is refused: %s', (go, reason) => {
    expect(refusal(go)).toBe(reason);
  });

  it('GIVEN go semantics WHEN the translation tests strings THEN . stops at newlines only and \\s is ASCII', () => {
    const dot = translateRe2('^a.b$');
    const space = translateRe2('^\\s$');
    if (!dot.ok || !space.ok) throw new Error('refused');
    expect(dot.regexp.test('a\rb')).toBe(true);
    expect(dot.regexp.test('a\nb')).toBe(false);
    expect(space.regexp.test('\u00a0')).toBe(false);
    expect(space.regexp.test('\t')).toBe(true);
  });

  it('GIVEN random text as a pattern WHEN translated THEN it never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (p) => {
      const t = translateRe2(p);
      expect(typeof t.ok).toBe('boolean');
    }), { numRuns: 2000 });
  });
});

describe('isQuantityString (k8s.io/apimachinery resource.ParseQuantity)', () => {
  it.each(['0', '1', '500Mi', '2Gi', '1.5', '.5', '5.', '+1', '-1', '100m', '1e3', '1E-3', '10n', '10u', '1Ei', '1k'])('GIVEN %s WHEN checked THEN it is a quantity', (s) => {
    expect(isQuantityString(s)).toBe(true);
  });

  it.each(['', '.', '+', 'Mi', '1 Gi', '1GB', '1K', '1ki', '1e', '1e1.5', '1.2.3', '--1', '1Mi ', '0x10'])('GIVEN %j WHEN checked THEN it is not a quantity', (s) => {
    expect(isQuantityString(s)).toBe(false);
  });

  it('GIVEN any string WHEN checked THEN a quantity is also matched by the CRD quantity pattern (never more lenient)', () => {
    const crdPattern = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;
    const alphabet = fc.constantFrom(...'0123456789.+-eEKMGTPkmnuix '.split(''));
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 8 }).map((a) => a.join('')), (s) => {
      if (isQuantityString(s)) expect(crdPattern.test(s)).toBe(true);
    }), { numRuns: 3000 });
  });
});
