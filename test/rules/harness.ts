import { describe, expect, it } from 'vitest';
import { lint } from '../../src/rules';
import type { Finding, Manifest, Rule, Severity } from '../../src/rules/types';
import { KubeVirtVersion } from '../../src/version';

/** One case of a rule table. */
export interface RuleCase {
  /** What the case shows, for the test title. */
  readonly name: string;
  readonly manifests: Manifest[];
  /** @default '1.9' */
  readonly version?: string;
  readonly strict?: boolean;
}

export interface InvalidCase extends RuleCase {
  /** The findings of this rule the case must produce, in order. */
  readonly findings: Array<{ severity: Severity; path: string; message: RegExp | string }>;
}

/**
 * ESLint-style table test for one rule: GIVEN manifests, WHEN every rule runs, THEN the rule under test reports
 * nothing for the valid cases and exactly the listed findings for the invalid ones.
 */
export function ruleTable(rule: Rule, cases: { valid: RuleCase[]; invalid: InvalidCase[] }): void {
  describe(`rule ${rule.meta.id}`, () => {
    for (const c of cases.valid) {
      it(`accepts: ${c.name}`, () => {
        expect(findingsOf(rule, c)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`rejects: ${c.name}`, () => {
        const got = findingsOf(rule, c);
        expect(got.map((f) => ({ severity: f.severity, path: f.path }))).toEqual(
          c.findings.map((f) => ({ severity: f.severity, path: f.path })),
        );
        got.forEach((f, i) => {
          const want = c.findings[i].message;
          if (typeof want === 'string') expect(f.message).toBe(want);
          else expect(f.message).toMatch(want);
        });
      });
    }
  });
}

export function findingsOf(rule: Rule, c: RuleCase): Finding[] {
  return lint(c.manifests, { version: KubeVirtVersion.of(c.version ?? '1.9'), strict: c.strict })
    .filter((f) => f.rule === rule.meta.id);
}

/** A minimal valid VirtualMachine with one pod network, for cases to modify. */
export function vm(templateSpec: Record<string, unknown>, name = 'vm1', namespace = 'default'): Manifest {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name, namespace },
    spec: { runStrategy: 'Always', template: { spec: templateSpec } },
  };
}

/** A VMI spec with the given interfaces and networks, and 64Mi memory. */
export function spec(interfaces: unknown[], networks: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    domain: { devices: { interfaces }, resources: { requests: { memory: '64Mi' } } },
    networks,
    ...extra,
  };
}

/** A KubeVirt CR with the given bindings and gates. */
export function kubevirtCr(binding: Record<string, unknown> = {}, featureGates?: string[], extra: Record<string, unknown> = {}): Manifest {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'KubeVirt',
    metadata: { name: 'kubevirt', namespace: 'kubevirt' },
    spec: {
      configuration: {
        ...(featureGates ? { developerConfiguration: { featureGates } } : {}),
        network: { binding },
        ...extra,
      },
    },
  };
}
