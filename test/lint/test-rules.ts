import * as path from 'path';
import type { Rule } from '../../src/rules/types';
import { dig, str } from '../../src/rules/util';

/** Fixture directory of the lint tests. */
export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'lint');

/**
 * Rules for the loader/CLI tests, independent of the library's growing rule set:
 * - test-bad-name (error): objects named bad-*, at the second interface's binding name
 * - test-warn (warning): objects named warn-*, at metadata.name
 * - test-policy (policy): objects annotated test/policy: "true"
 */
export const TEST_RULES: readonly Rule[] = [
  {
    meta: { id: 'test-bad-name', severity: 'error', versions: 'all', description: 'test', source: 'test' },
    check(ctx) {
      for (const e of ctx.entries) {
        if (e.ref.name.startsWith('bad')) ctx.report(e, 'spec.template.spec.domain.devices.interfaces[1].binding.name', `object "${e.ref.name}" is bad`);
      }
    },
  },
  {
    meta: { id: 'test-warn', severity: 'warning', versions: 'all', description: 'test', source: 'test' },
    check(ctx) {
      for (const e of ctx.entries) {
        if (e.ref.name.startsWith('warn')) ctx.report(e, 'metadata.name', `object "${e.ref.name}" is risky`);
      }
    },
  },
  {
    meta: { id: 'test-policy', severity: 'warning', policy: true, versions: 'all', description: 'test', source: 'test' },
    check(ctx) {
      for (const e of ctx.entries) {
        if (str(dig(e.manifest, 'metadata', 'annotations', 'test/policy')) === 'true') {
          ctx.report(e, 'metadata.annotations["test/policy"]', 'house policy says no');
        }
      }
    },
  },
];
