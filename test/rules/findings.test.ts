// GIVEN the engine's output WHEN run over the fixtures and real manifests THEN no finding has an empty path or
// repeats; custom rules join the built-in ones through lint(manifests, { rules }).
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES, combineRules, lint, RuleSetError, runRules } from '../../src/rules';
import type { Finding, Manifest, Rule } from '../../src/rules/types';
import { loadInputs } from '../../src/lint/load';
import { KubeVirtVersion } from '../../src/version';
import { spec, vm } from './harness';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'lint');
const WILD = path.resolve(__dirname, '..', '..', '..', 'shared', 'wild');

/** Findings that repeat (same rule, object, path and message), and findings without a path. */
function problems(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const key = JSON.stringify([f.rule, f.objectIndex, f.path, f.message]);
    if (seen.has(key)) out.push(`repeated: ${key}`);
    seen.add(key);
    if (!f.path) out.push(`no path: ${f.rule} ${f.message}`);
  }
  return out;
}

async function audit(inputs: string[]): Promise<void> {
  const manifests = (await loadInputs(inputs)).objects.map((o) => o.manifest);
  expect(manifests.length).toBeGreaterThan(0);
  for (const v of ['1.1', '1.4', '1.8', '1.9']) {
    for (const strict of [false, true]) expect(problems(lint(manifests, { version: KubeVirtVersion.of(v), strict }))).toEqual([]);
  }
}

describe('findings have a path and do not repeat', () => {
  it('GIVEN the lint fixtures WHEN linted for several releases THEN no finding repeats or lacks a path', async () => {
    await audit([FIXTURES]);
  });

  it.skipIf(!fs.existsSync(WILD))('GIVEN the real manifests of ../shared/wild WHEN linted THEN no finding repeats or lacks a path', async () => {
    await audit(fs.readdirSync(WILD).filter((f) => /\.(ya?ml|json)$/.test(f)).map((f) => path.join(WILD, f)));
  });

  it('GIVEN a port range repeated three times WHEN linted THEN each overlapping pair of values is reported once', () => {
    const r = { protocol: 'TCP', start: 80, end: 90 };
    const manifests = [vm(spec([{ name: 'default', masquerade: {}, portRanges: [r, r, r] }], [{ name: 'default', pod: {} }]))];
    const found = lint(manifests).filter((f) => f.rule === 'port-ranges-valid');
    expect(found.map((f) => f.message)).toEqual([expect.stringMatching(/overlapping TCP port ranges 80-90 and 80-90/)]);
    expect(problems(found)).toEqual([]);
  });

  it('GIVEN two DRA networks of one name on an interface without sriov WHEN linted THEN the interface is reported once', () => {
    const net = (claim: string) => ({ name: 'dra', resourceClaim: { claimName: claim, requestName: 'r' } });
    const manifests = [vm(spec([{ name: 'dra', bridge: {} }], [net('c1'), net('c2')], { resourceClaims: [{ name: 'c1' }, { name: 'c2' }] }))];
    const found = lint(manifests).filter((f) => f.rule === 'dra-network');
    expect(found.filter((f) => /needs sriov/.test(f.message))).toHaveLength(1);
    expect(problems(found)).toEqual([]);
  });

  it('GIVEN a rule that reports an empty path WHEN run THEN the engine refuses it, naming the rule', () => {
    const bad: Rule = { meta: { id: 'bad-path', severity: 'error', versions: 'all', description: 'x', source: 'x' }, check(ctx) { ctx.report(ctx.entries[0], '', 'x'); } };
    expect(() => runRules([bad], [vm(spec([], []))])).toThrow('rule bad-path reported a finding without a path: x');
  });
});

describe('custom rules', () => {
  const teamLabel: Rule = {
    meta: { id: 'team-label', severity: 'error', versions: 'all', description: 'VMs carry a team label', source: 'house rule' },
    check(ctx) {
      for (const e of ctx.byKind('VirtualMachine')) {
        if ((e.manifest.metadata as Manifest | undefined)?.labels === undefined) ctx.report(e, 'metadata.labels', `virtualmachine ${e.ref.name} has no labels; add metadata.labels.team`);
      }
    },
  };

  it('GIVEN lint(manifests, { rules }) WHEN run THEN the built-in rules and the custom ones report', () => {
    const manifests = [vm(spec([], []), 'a'), { ...vm(spec([], []), 'b'), spec: { runStrategy: 'always', template: { spec: spec([], []) } } }];
    const found = lint(manifests, { rules: [teamLabel] });
    expect(found.map((f) => `${f.rule} ${f.object.name} ${f.path}`)).toEqual(['team-label a metadata.labels', 'team-label b metadata.labels', 'vm-run-strategy b spec.runStrategy']);
    expect(lint(manifests).some((f) => f.rule === 'team-label')).toBe(false);
  });

  it('GIVEN a custom rule with a built-in id WHEN combined THEN the error names both', () => {
    const clash = { ...teamLabel, meta: { ...teamLabel.meta, id: 'nad-config' } };
    expect(() => lint([], { rules: [clash] })).toThrow(RuleSetError);
    expect(() => lint([], { rules: [clash] })).toThrow('custom rule #1 has id "nad-config", which the built-in rule "nad-config" already has; give the custom rule another id');
    expect(() => combineRules(ALL_RULES, [teamLabel, teamLabel])).toThrow('custom rule #2 has id "team-label", which custom rule #1 already has');
  });

  it.each([
    [null, 'is not an object with meta and check'],
    [{ meta: teamLabel.meta }, 'has no check(ctx) function'],
    [{ check() {} }, 'has no meta object'],
    [{ ...teamLabel, meta: { ...teamLabel.meta, severity: 'info' } }, 'team-label has meta.severity "info"; use "error" or "warning"'],
    [{ ...teamLabel, meta: { ...teamLabel.meta, source: undefined } }, 'team-label has no meta.source text'],
  ])('GIVEN a malformed custom rule %j WHEN combined THEN the error says what is missing', (rule, message) => {
    expect(() => combineRules(ALL_RULES, [rule])).toThrow(`custom rule #1 ${message}`);
  });

  it('keeps the built-in order and appends custom rules', () => {
    const all = combineRules(ALL_RULES, [teamLabel]);
    expect(all.slice(0, -1)).toEqual([...ALL_RULES]);
    expect(all[all.length - 1]).toBe(teamLabel);
  });
});

describe('lint() from plain JavaScript', () => {
  it('GIVEN a version as text WHEN linting THEN it is read as that release; bad text and a single rule not in a list throw with what to do', () => {
    const vm = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'vm' }, spec: { template: { spec: { domain: { devices: { interfaces: [{ name: 'default', passtBinding: {} }] } }, networks: [{ name: 'default', pod: {} }] } } } };
    expect(lint([vm], { version: '1.7' }).map((f) => f.rule)).toEqual(lint([vm], { version: KubeVirtVersion.of('1.7') }).map((f) => f.rule));
    expect(() => lint([vm], { version: '0.9' })).toThrow(/kubevirt version "0\.9" is not supported/);
    const rule = { meta: { id: 'house', severity: 'error', versions: 'all', description: 'd', source: 's' }, check() {} };
    expect(() => lint([vm], { rules: rule as never })).toThrow(/options\.rules must be a list of rules; wrap a single rule in \[ \]/);
  });
});
