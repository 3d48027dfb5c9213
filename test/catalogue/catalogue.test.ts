// GIVEN the error catalogue WHEN each case runs THEN it produces exactly its hand-written messages, and docs/errors.md is current.
import { readFileSync } from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { CASES } from './cases';
import { renderErrorsDoc } from './render';
import { messagesOf } from './run';

describe('error catalogue', () => {
  it('has at least 25 cases with distinct titles, each expecting a message', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(CASES.map((c) => c.title)).size).toBe(CASES.length);
    for (const c of CASES) expect(c.expected.length, c.title).toBeGreaterThan(0);
  });

  for (const [i, c] of CASES.entries()) {
    it(`GIVEN case ${i + 1} (${c.title}) WHEN ${c.build ? 'synthesized' : 'linted'} THEN it produces exactly the catalogued messages`, () => {
      expect(messagesOf(c)).toEqual(c.expected);
    });
  }

  it('GIVEN docs/errors.md WHEN compared with a fresh rendering of the catalogue THEN they match', () => {
    const file = path.join(__dirname, '..', '..', 'docs', 'errors.md');
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing: the comparison below fails with the hint
    }
    if (current !== renderErrorsDoc(CASES)) {
      expect.fail('docs/errors.md is out of date with test/catalogue/cases.ts: run `npm run docs` and commit the result');
    }
  });

  it('GIVEN a message with a pipe WHEN rendered THEN the table cell escapes it', () => {
    const doc = renderErrorsDoc([{ title: 't', config: 'c', build: () => {}, expected: ['a | b'], fix: 'f' }]);
    expect(doc).toContain('| 1 | t<br>`c` | props, at synth | `a \\| b` | f |');
  });
});
