import * as path from 'path';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../src/rules/types';
import {
  KubeVirtNetbindValidation, ValidationContext, ValidationReportStatus, ValidationViolation,
} from '../src/validation-plugin';
import { FIXTURES, TEST_RULES } from './lint/test-rules';

/** A stand-in for cdk8s-cli's ValidationContext that records what the plugin reports. */
function fakeContext(manifests: string[]) {
  const violations: ValidationViolation[] = [];
  const logs: string[] = [];
  let submitted: { status: ValidationReportStatus; metadata?: { readonly [key: string]: string } } | undefined;
  const context: ValidationContext = {
    manifests,
    report: {
      addViolation(v) {
        if (submitted) throw new Error('Violations cannot be added to report after its submitted');
        violations.push(v);
      },
      submit(status, metadata) { submitted = { status, metadata }; },
    },
    logger: { log: (m) => logs.push(m) },
  };
  return { context, violations, logs, submitted: () => submitted };
}

const fixture = (rel: string) => path.join(FIXTURES, rel);

describe('KubeVirtNetbindValidation', () => {
  it('submits success with no violations for clean manifests', async () => {
    // GIVEN manifests that break no rule
    const ctx = fakeContext([fixture('list.yaml')]);
    // WHEN the plugin validates them
    await new KubeVirtNetbindValidation({ rules: [] }).validate(ctx.context);
    // THEN the report is a success and says what was checked
    expect(ctx.violations).toEqual([]);
    expect(ctx.submitted()).toEqual({ status: 'success', metadata: { kubevirtVersion: '1.9', strict: 'false', errors: '0', warnings: '0' } });
    expect(ctx.logs.join('\n')).toMatch(/0 error\(s\), 0 warning\(s\) in 1 manifest file\(s\) for kubevirt 1\.9/);
  });

  it('reports error findings as violations with resource, path and manifest, and fails', async () => {
    // GIVEN synthesized manifests with two objects breaking the same rule
    const a = fixture('tree/a.yaml');
    const c = fixture('tree/sub/c.json');
    const ctx = fakeContext([a, c]);
    // WHEN validated
    await new KubeVirtNetbindValidation({ kubevirtVersion: '1.4', rules: TEST_RULES }).validate(ctx.context);
    // THEN each finding is a violating resource of its rule, and the report fails
    expect(ctx.violations).toEqual([
      {
        ruleName: 'test-bad-name', recommendation: 'object "bad-one" is bad', fix: expect.stringMatching(/test-bad-name.*docs\/rules\.md/),
        violatingResources: [{ resourceName: 'bad-one', locations: ['spec.template.spec.domain.devices.interfaces[1].binding.name'], manifestPath: a }],
      },
      {
        ruleName: 'test-bad-name', recommendation: 'object "bad-json" is bad', fix: expect.any(String),
        violatingResources: [{ resourceName: 'bad-json', locations: ['spec.template.spec.domain.devices.interfaces[1].binding.name'], manifestPath: c }],
      },
    ]);
    expect(ctx.submitted()?.status).toBe('failure');
    expect(ctx.submitted()?.metadata).toMatchObject({ kubevirtVersion: '1.4', errors: '2' });
  });

  it('lists warnings without failing, and fails on them with strict for policy rules', async () => {
    // GIVEN an object that breaks a policy rule
    const lax = fakeContext([fixture('policy.yaml')]);
    const strict = fakeContext([fixture('policy.yaml')]);
    // WHEN validated without and with strict
    await new KubeVirtNetbindValidation({ rules: TEST_RULES }).validate(lax.context);
    await new KubeVirtNetbindValidation({ rules: TEST_RULES, strict: true }).validate(strict.context);
    // THEN the warning is listed under a "(warning)" rule name and passes; strict makes it an error that fails
    expect(lax.violations.map((v) => v.ruleName)).toEqual(['test-policy (warning)']);
    expect(lax.submitted()?.status).toBe('success');
    expect(strict.violations.map((v) => v.ruleName)).toEqual(['test-policy']);
    expect(strict.submitted()?.status).toBe('failure');
  });

  it('groups findings with the same rule and message into one violation', async () => {
    const rule: Rule = {
      meta: { id: 'same', severity: 'error', versions: 'all', description: 'x', source: 'kubevirt somewhere.go:1' },
      check(ctx) { for (const e of ctx.entries) ctx.report(e, 'metadata', 'same message'); },
    };
    const ctx = fakeContext([fixture('tree/a.yaml')]);
    await new KubeVirtNetbindValidation({ rules: [rule] }).validate(ctx.context);
    expect(ctx.violations).toHaveLength(1);
    expect(ctx.violations[0].violatingResources.map((r) => r.resourceName)).toEqual(['good', 'bad-one']);
    expect(ctx.violations[0].fix).toMatch(/kubevirt somewhere\.go:1/);
  });

  it('fails with a violation for unparseable manifests and documents that are not manifests', async () => {
    // GIVEN a malformed file and a file with a list document
    const ctx = fakeContext([fixture('malformed.yaml'), fixture('not-object.yaml')]);
    // WHEN validated
    await new KubeVirtNetbindValidation({ rules: [] }).validate(ctx.context);
    // THEN both show up and the report fails
    expect(ctx.violations.map((v) => v.ruleName)).toEqual(['input-unreadable', 'input-not-object', 'input-not-object']);
    expect(ctx.violations[0]).toMatchObject({ recommendation: expect.stringMatching(/^cannot parse: /), violatingResources: [{ locations: ['line 5'], manifestPath: fixture('malformed.yaml') }] });
    expect(ctx.submitted()?.status).toBe('failure');
  });

  it('rejects an unsupported kubevirtVersion with a violation instead of throwing', async () => {
    const ctx = fakeContext([fixture('list.yaml')]);
    await new KubeVirtNetbindValidation({ kubevirtVersion: '2.0' }).validate(ctx.context);
    expect(ctx.violations).toEqual([expect.objectContaining({ ruleName: 'plugin-configuration', recommendation: expect.stringMatching(/"2\.0" is not supported: use one of 1\.1 to 1\.9/) })]);
    expect(ctx.submitted()?.status).toBe('failure');
  });

  it('runs the library rules by default', async () => {
    // GIVEN the cluster fixture, which registers a binding with an unpinned image (sidecar-image-pinned)
    const ctx = fakeContext([fixture('cluster/kubevirt.yaml')]);
    // WHEN validated with the default rules and strict
    await new KubeVirtNetbindValidation({ strict: true }).validate(ctx.context);
    // THEN the policy finding is an error violation and the report fails
    expect(ctx.violations.map((v) => v.ruleName)).toContain('sidecar-image-pinned');
    expect(ctx.submitted()?.status).toBe('failure');
  });

  it('lists a policy finding as a warning without failing when not strict', async () => {
    const ctx = fakeContext([fixture('cluster/kubevirt.yaml')]);
    await new KubeVirtNetbindValidation({}).validate(ctx.context);
    expect(ctx.violations.map((v) => v.ruleName)).toContain('sidecar-image-pinned (warning)');
    expect(ctx.submitted()?.status).toBe('success');
  });
});
