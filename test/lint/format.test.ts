import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clip, escapeText, formatJson, formatProblem, formatTextLine, MAX_MESSAGE, MAX_NAME, PlacedFinding,
} from '../../src/lint/format';

const finding = (over: Partial<PlacedFinding> = {}): PlacedFinding => ({
  rule: 'vm-run-strategy',
  severity: 'error',
  message: 'spec.runStrategy is "x"',
  file: 'a.yaml',
  line: 3,
  object: { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: 'ns', name: 'vm' },
  path: 'spec.runStrategy',
  ...over,
});

describe('format: escaping', () => {
  it('GIVEN a name with a newline and an escape sequence WHEN printed as text THEN the finding stays on one line, escaped', () => {
    // GIVEN a name that would forge a second finding line and colour the terminal
    const f = finding({ object: { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: 'vm\nb.yaml:1: error forged: x\x1b[31m' } });
    // WHEN printed THEN it is one line with the controls written as escapes
    expect(formatTextLine(f)).toBe('a.yaml:3: error vm-run-strategy: spec.runStrategy is "x" (VirtualMachine vm\\nb.yaml:1: error forged: x\\x1b[31m spec.runStrategy)');
  });

  it('GIVEN controls in the file, the message, the path and a read problem WHEN printed THEN all are escaped', () => {
    const f = finding({ file: 'dir\r/a.yaml', message: 'bad \u202e value\t', path: 'spec["a\nb"]' });
    expect(formatTextLine(f)).toBe('dir\\r/a.yaml:3: error vm-run-strategy: bad \\u202e value\\t (VirtualMachine ns/vm spec["a\\nb"])');
    expect(formatProblem({ file: 'x\n.json', line: 2, column: 7, message: 'cannot parse: \x07' })).toBe('x\\n.json:2:7: error: cannot parse: \\x07');
    expect(formatProblem({ file: 'x.yaml', message: 'cannot read: no such file or directory' })).toBe('x.yaml: error: cannot read: no such file or directory');
  });

  it('GIVEN any text WHEN escaped THEN no control or line-breaking character is left, and printable text is kept', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
      const out = escapeText(s);
      expect(out).not.toMatch(/[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      expect(out.replace(/\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[nrt])/g, '')).toBe(s.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\\(x[0-9a-f]{2}|u[0-9a-f]{4}|[nrt])/g, ''));
    }), { numRuns: 500 });
  });

  it('GIVEN the JSON output WHEN a name holds controls THEN JSON keeps them (escaped by JSON) with the same meaning', () => {
    const name = 'vm\n\x1b';
    const out = formatJson([finding({ object: { apiVersion: 'v1', kind: 'ConfigMap', name } })]);
    expect(out).not.toMatch(/[\x00-\x1f]/);
    expect(JSON.parse(out).findings[0].object.name).toBe(name);
  });
});

describe('format: bounds', () => {
  it('GIVEN a long text WHEN clipped THEN it is cut with a marker and its whole length, never inside a surrogate pair', () => {
    expect(clip('abcdef', 6)).toBe('abcdef');
    expect(clip('abcdefg', 3)).toBe('abc... (7 chars)');
    expect(clip('ab\u{1f600}cd', 3)).toBe('ab... (6 chars)');
  });

  it('GIVEN huge names and messages WHEN printed as text or JSON THEN each is cut to its limit', () => {
    const f = finding({ message: 'm'.repeat(10 * MAX_MESSAGE), object: { apiVersion: 'v1', kind: 'K'.repeat(5000), name: 'n'.repeat(100_000) } });
    const line = formatTextLine(f);
    expect(line.length).toBeLessThan(MAX_MESSAGE + 3 * MAX_NAME + 200);
    expect(line).toContain(`${'n'.repeat(MAX_NAME)}... (100000 chars)`);
    const json = JSON.parse(formatJson([f])).findings[0];
    expect(json.object.name).toBe(`${'n'.repeat(MAX_NAME)}... (100000 chars)`);
    expect(json.message).toBe(`${'m'.repeat(MAX_MESSAGE)}... (${10 * MAX_MESSAGE} chars)`);
  });
});
