// GIVEN KubeVirt CRs with gate lists, and objects of every kind that holds a VMI spec WHEN the engine runs THEN gate
// state follows KubeVirt's precedence per release, and every VMI spec is seen at its own path and namespace.
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/rules/engine';
import type { Manifest, Rule, RuleContext, VmiSpecView } from '../../src/rules/types';
import { KubeVirtVersion } from '../../src/version';
import { spec } from './harness';

/** Runs one probe rule and returns what it saw. */
function probe<T>(manifests: Manifest[], version: string, look: (ctx: RuleContext) => T): T {
  let seen: T | undefined;
  const rule: Rule = {
    meta: { id: 'probe', severity: 'error', versions: 'all', description: 'test probe', source: 'test' },
    check(ctx) { seen = look(ctx); },
  };
  runRules([rule], manifests, { version: KubeVirtVersion.of(version) });
  return seen as T;
}

const cr = (featureGates?: string[], disabledFeatureGates?: string[]): Manifest => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'KubeVirt',
  metadata: { name: 'kubevirt', namespace: 'kubevirt' },
  spec: { configuration: { developerConfiguration: { ...(featureGates ? { featureGates } : {}), ...(disabledFeatureGates ? { disabledFeatureGates } : {}) } } },
});

describe('engine: gate state as kubevirt computes it', () => {
  it.each([
    // [release, featureGates, disabledFeatureGates, PasstBinding on]
    ['1.8', ['PasstBinding'], ['PasstBinding'], true], // explicit enable wins (isFeatureGateEnabled v1.8.0)
    ['1.9', ['PasstBinding'], ['PasstBinding'], true], // IsEnabled: explicit enable > explicit disable
    ['1.9', [], ['PasstBinding'], false], // beta, disabled
    ['1.9', [], [], true], // beta on by default from 1.9
    ['1.8', [], [], false], // beta not on by default before 1.9
  ] as const)('GIVEN kubevirt %s, featureGates %j, disabledFeatureGates %j WHEN asked for PasstBinding THEN %s', (v, on, off, want) => {
    expect(probe([cr([...on], [...off])], v, (ctx) => ctx.cluster.gateOn('PasstBinding'))).toBe(want);
  });

  it('GIVEN disabledFeatureGates on 1.7 (pruned: the field is new in 1.8) WHEN an untracked gate is listed in both THEN it is on', () => {
    expect(probe([cr(['Snapshot'], ['Snapshot'])], '1.7', (ctx) => ctx.cluster.gateOn('Snapshot'))).toBe(true);
    expect(probe([cr([], ['Snapshot'])], '1.7', (ctx) => ctx.cluster.gateOn('Snapshot'))).toBe(false);
  });

  it('GIVEN an untracked gate listed in both lists WHEN asked on 1.9 THEN it is on; unlisted it is unknown', () => {
    // before, a gate in both lists was computed off
    expect(probe([cr(['Snapshot'], ['Snapshot'])], '1.9', (ctx) => ctx.cluster.gateOn('Snapshot'))).toBe(true);
    expect(probe([cr([])], '1.9', (ctx) => ctx.cluster.gateOn('Snapshot'))).toBeUndefined();
  });

  it('GIVEN no cluster configuration WHEN asked THEN undefined', () => {
    expect(probe([], '1.9', (ctx) => ctx.cluster.gateOn('PasstBinding'))).toBeUndefined();
  });
});

describe('engine: the kinds that hold a VMI spec', () => {
  const s = spec([{ name: 'default', masquerade: {} }], [{ name: 'default', pod: {} }]);
  const objects: Manifest[] = [
    { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata: { name: 'vmi' }, spec: s },
    { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'vm', namespace: 'a' }, spec: { runStrategy: 'Always', template: { spec: s } } },
    { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceReplicaSet', metadata: { name: 'rs', namespace: 'b' }, spec: { template: { spec: s } } },
    { apiVersion: 'pool.kubevirt.io/v1alpha1', kind: 'VirtualMachinePool', metadata: { name: 'pool', namespace: 'c' }, spec: { virtualMachineTemplate: { spec: { runStrategy: 'Always', template: { spec: s } } } } },
    // not kubevirt's: left alone
    { apiVersion: 'example.com/v1', kind: 'VirtualMachinePool', metadata: { name: 'other' }, spec: { virtualMachineTemplate: { spec: { template: { spec: s } } } } },
  ];
  const row = (v: VmiSpecView) => [v.entry.ref.kind, v.path, v.namespace, v.vm?.path];

  it('GIVEN a VMI, VM, VMIRS and pool WHEN the engine indexes them THEN each spec has its path, namespace and VM spec', () => {
    const views = probe(objects, '1.9', (ctx) => ctx.vmiSpecs.map(row));
    expect(views.sort()).toEqual([
      ['VirtualMachine', 'spec.template.spec', 'a', 'spec'],
      ['VirtualMachineInstance', 'spec', 'default', undefined],
      ['VirtualMachineInstanceReplicaSet', 'spec.template.spec', 'b', undefined],
      ['VirtualMachinePool', 'spec.virtualMachineTemplate.spec.template.spec', 'c', 'spec.virtualMachineTemplate.spec'],
    ]);
  });

  it('GIVEN a spec that is half a template WHEN indexed THEN it has no view and the other objects still do', () => {
    const half: Manifest[] = [
      { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceReplicaSet', metadata: { name: 'rs' }, spec: { template: {} } },
      { apiVersion: 'pool.kubevirt.io/v1alpha1', kind: 'VirtualMachinePool', metadata: { name: 'p' }, spec: { virtualMachineTemplate: { spec: { template: { spec: 'x' } } } } },
      objects[1],
    ];
    expect(probe(half, '1.9', (ctx) => ctx.vmiSpecs.map(row))).toEqual([['VirtualMachine', 'spec.template.spec', 'a', 'spec']]);
  });
});
