import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { KubeVirtNetbindValidation, ValidationContext, ValidationReportStatus, ValidationViolation } from '../../src/validation-plugin';

const DIR = path.resolve(__dirname, '..', 'fixtures', 'schema');

function fakeContext(manifests: string[]) {
  const violations: ValidationViolation[] = [];
  let submitted: { status: ValidationReportStatus; metadata?: { readonly [key: string]: string } } | undefined;
  const context: ValidationContext = {
    manifests,
    report: { addViolation: (v) => { violations.push(v); }, submit: (status, metadata) => { submitted = { status, metadata }; } },
    logger: { log: () => undefined },
  };
  return { context, violations, submitted: () => submitted };
}

describe('KubeVirtNetbindValidation with crds', () => {
  it('GIVEN crds in the properties WHEN the plugin validates the widgets THEN schema findings are violations and the synth fails', async () => {
    const ctx = fakeContext([path.join(DIR, 'widgets.yaml')]);
    await new KubeVirtNetbindValidation({ crds: path.join(DIR, 'crds'), rules: [] }).validate(ctx.context);
    expect(ctx.submitted()?.status).toBe('failure');
    expect(ctx.violations.map((v) => [v.ruleName, v.violatingResources.map((r) => `${r.resourceName} ${r.locations.join(',')}`).join(';')])).toEqual([
      ['schema', 'bad spec.mode'],
      ['schema', 'bad spec.name'],
      ['schema', 'bad spec.size'],
      ['schema', 'bad spec.replicas'],
      ['schema', 'bad spec.ports[1]'],
      ['schema', 'bad spec.colour'],
      ['schema', 'old apiVersion'],
    ]);
  });

  it('GIVEN crds that are not CRDs WHEN the plugin runs THEN each problem is a plugin-configuration violation and nothing is linted', async () => {
    const ctx = fakeContext([path.join(DIR, 'widgets.yaml')]);
    await new KubeVirtNetbindValidation({ crds: [path.join(DIR, 'bad', 'not-a-crd.yaml'), path.join(DIR, 'missing')], rules: [] }).validate(ctx.context);
    expect(ctx.submitted()).toEqual({ status: 'failure', metadata: { error: 'invalid properties' } });
    expect(ctx.violations.map((v) => [v.ruleName, v.recommendation.replace(DIR, '<dir>')])).toEqual([
      ['plugin-configuration', '--crds <dir>/bad/not-a-crd.yaml: expected an apiextensions.k8s.io/v1 CustomResourceDefinition, not kind "ConfigMap" (not-a-crd)'],
      ['plugin-configuration', '--crds <dir>/missing: cannot read: no such file or folder'],
    ]);
  });
});
