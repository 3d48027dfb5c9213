/**
 * Every rule's release table (`meta.history`) is tested on each side of every step: the same manifests linted at
 * the release before the step and at the step's release must get the verdicts the case states. The cases live in
 * test/rules/steps/*.cases.ts, one file per group of rules, listed in test/rules/steps/index.ts.
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/rules';
import { ALL_RULES } from '../../src/rules/all';
import { KubeVirtVersion } from '../../src/version';
import type { StepVerdict } from './steps/types';

import { STEP_CASES as CASES } from './steps';

/** The release just before `since`: the previous minor release, or the previous patch of a patch release. */
function releaseBefore(since: string): KubeVirtVersion {
  const v = KubeVirtVersion.of(since);
  if (v.patch > 0) return KubeVirtVersion.of(`${v.major}.${v.minor}.${v.patch - 1}`);
  return KubeVirtVersion.of(`${v.major}.${v.minor - 1}`);
}

function verdictHolds(verdict: StepVerdict, found: Array<{ message: string; severity: string }>): boolean {
  if (verdict === 'none') return found.length === 0;
  const re = verdict instanceof RegExp ? verdict : verdict.message;
  return found.some((f) => re.test(f.message) && (verdict instanceof RegExp || f.severity === verdict.severity));
}

const byId = new Map(ALL_RULES.map((r) => [r.meta.id, r]));

describe('release tables', () => {
  it('each rule history is ordered oldest first, names supported releases, and cites a tag', () => {
    const problems: string[] = [];
    for (const rule of ALL_RULES) {
      const steps = rule.meta.history ?? [];
      let last: KubeVirtVersion | undefined;
      for (const s of steps) {
        const v = KubeVirtVersion.tryParse(s.since);
        if (!v) { problems.push(`${rule.meta.id}: since ${s.since} is not a supported release`); continue; }
        if (last && !last.isOlderThan(v)) problems.push(`${rule.meta.id}: step ${s.since} is not newer than the step before it`);
        if (!/@v\d+\.\d+\.\d+/.test(s.source) && !/\b(user guide|user-guide|hyperconverged-cluster-operator|macvtap-cni|containernetworking|kubernetes|apimachinery)\b/.test(s.source)) {
          problems.push(`${rule.meta.id}: step ${s.since} source ${JSON.stringify(s.source)} names no tag (path@vX.Y.Z:line)`);
        }
        last = v;
      }
    }
    expect(problems).toEqual([]);
  });

  it('every rule has a release table with at least one step', () => {
    // GIVEN every built-in rule WHEN its meta is read THEN none lacks a history (a rule that never changed has one step)
    const without = ALL_RULES.filter((r) => (r.meta.history ?? []).length === 0).map((r) => r.meta.id);
    expect(without).toEqual([]);
  });

  it('every step after the first has a case on each side', () => {
    const missing: string[] = [];
    for (const rule of ALL_RULES) {
      for (const s of (rule.meta.history ?? []).slice(1)) {
        if (!CASES.some((c) => c.rule === rule.meta.id && c.since === s.since)) missing.push(`${rule.meta.id} since ${s.since}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every case names a rule and a step of its history', () => {
    const stray = CASES.filter((c) => !(byId.get(c.rule)?.meta.history ?? []).some((s) => s.since === c.since))
      .map((c) => `${c.rule} since ${c.since}: ${c.name}`);
    expect(stray).toEqual([]);
  });

  for (const c of CASES) {
    it(`${c.rule} at ${c.since}: ${c.name}`, () => {
      // GIVEN the case's manifests
      const rule = byId.get(c.rule);
      expect(rule).toBeDefined();
      const before = releaseBefore(c.since);
      const after = KubeVirtVersion.of(c.since);
      // WHEN every rule runs at the release before the step and at the step
      const at = (version: KubeVirtVersion) => lint(c.manifests, { version, strict: c.strict ?? false })
        .filter((f) => f.rule === c.rule).map((f) => ({ message: f.message, severity: f.severity }));
      const foundBefore = at(before);
      const foundAfter = at(after);
      // THEN the rule's verdicts are the case's on each side
      expect({ release: before.toString(), holds: verdictHolds(c.before, foundBefore), found: foundBefore })
        .toMatchObject({ holds: true });
      expect({ release: after.toString(), holds: verdictHolds(c.after, foundAfter), found: foundAfter })
        .toMatchObject({ holds: true });
    });
  }
});
