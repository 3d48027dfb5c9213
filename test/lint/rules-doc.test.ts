import { readFileSync } from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { renderRulesDoc, severityLabel } from '../../src/lint/rules-doc';
import { ALL_RULES } from '../../src/rules';
import type { Rule } from '../../src/rules/types';

describe('docs/rules.md', () => {
  it('is up to date with the rules\' metadata', () => {
    // GIVEN the committed docs/rules.md WHEN it is compared with a fresh rendering of ALL_RULES THEN they match
    const file = path.join(__dirname, '..', '..', 'docs', 'rules.md');
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing: the comparison below fails with the hint
    }
    const fresh = renderRulesDoc(ALL_RULES);
    if (current !== fresh) {
      expect.fail('docs/rules.md is out of date with the rules: run `npm run docs` (node scripts/gen-rules-doc.mjs) and commit the result');
    }
  });

  it('renders one row per rule, marks policy rules and escapes table syntax', () => {
    // GIVEN a plain rule and a policy rule whose text holds a pipe and a newline
    const rules: Rule[] = [
      { meta: { id: 'plain', severity: 'error', versions: '1.3+', description: 'does a|b', source: 'kubevirt x.go:1' }, check() {} },
      { meta: { id: 'house', severity: 'warning', policy: true, versions: 'all', description: 'line one\nline two', source: 'guide' }, check() {} },
    ];
    // WHEN rendered
    const doc = renderRulesDoc(rules);
    // THEN each rule is one table row with its columns
    expect(doc).toContain('| id | severity | versions | what KubeVirt does | source |');
    expect(doc).toContain('| `plain` | error | 1.3+ | does a\\|b | kubevirt x.go:1 |');
    expect(doc).toContain('| `house` | warning (error with --strict) | all | line one line two | guide |');
    expect(severityLabel(rules[1])).toBe('warning (error with --strict)');
    expect(doc).toContain('`input-not-object`');
  });

  it('renders a release table for each rule with a history, and none for the others', () => {
    // GIVEN a rule whose behaviour changed at 1.4, and one without a history
    const rules: Rule[] = [
      {
        meta: {
          id: 'moved', severity: 'error', versions: 'all', description: 'd', source: 's',
          history: [
            { since: '1.1', behaviour: 'models a|b', source: 'kubevirt x.go@v1.1.0:10' },
            { since: '1.4', behaviour: 'models a, b and c', source: 'kubevirt x.go@v1.4.0:12' },
          ],
        },
        check() {},
      },
      { meta: { id: 'plain', severity: 'error', versions: 'all', description: 'd', source: 's' }, check() {} },
    ];
    // WHEN rendered
    const doc = renderRulesDoc(rules);
    // THEN the history rule has its table, rows oldest first, and the other rule has no heading
    const table = doc.slice(doc.indexOf('### `moved`'));
    expect(table.split('\n').slice(0, 6)).toEqual([
      '### `moved`',
      '',
      '| from | behaviour | source |',
      '| --- | --- | --- |',
      '| 1.1 | models a\\|b | kubevirt x.go@v1.1.0:10 |',
      '| 1.4 | models a, b and c | kubevirt x.go@v1.4.0:12 |',
    ]);
    expect(doc).not.toContain('### `plain`');
  });
});
