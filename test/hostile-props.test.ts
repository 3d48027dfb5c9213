// Fixes found by test/props-fuzz.test.ts, each checked exactly.
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ClusterTarget, CoreBinding, KubeVirtCluster, KubeVirtNetworking, VirtualMachine, VmNetwork } from '../src';
import { withPrototypes } from '../src/json';
import { show } from '../src/rules/util';

function synthError(chart: Chart): string {
  try {
    Testing.synth(chart);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('hostile props', () => {
  it('GIVEN addBinding with a name that is not a string WHEN synthesized THEN the error says what it got, not "undefined"', () => {
    const chart = new Chart(new KubeVirtCluster(Testing.app(), 'prod', { version: '1.4' }), 'config');
    new KubeVirtNetworking(chart, 'kubevirt').addBinding(undefined as never, { sidecarImage: 5 } as never);
    expect(synthError(chart)).toBe('Validation failed with the following errors:\n'
      + '  [prod/config/kubevirt] addBinding(name).sidecarImage: expected a string; got 5\n'
      + '  [prod/config/kubevirt] addBinding(name): the binding name must be a string; got nothing');
  });

  it('GIVEN a HyperConverged spec object without a prototype WHEN synthesized THEN it is written as a plain object', () => {
    const chart = new Chart(new KubeVirtCluster(Testing.app(), 'prod', { target: ClusterTarget.HCO_V1BETA1 }), 'config');
    const spec = Object.assign(Object.create(null), { infra: Object.assign(Object.create(null), { nodePlacement: {} }) });
    new KubeVirtNetworking(chart, 'hco', { spec });
    expect(Testing.synth(chart)[0].spec).toEqual({ infra: { nodePlacement: {} } });
  });

  it('GIVEN VM labels of the wrong type WHEN synthesized THEN only the props problem is reported and the labels are not written', () => {
    const chart = new Chart(new KubeVirtCluster(Testing.app(), 'prod', { version: '1.4' }), 'workloads', { namespace: 'vms' });
    const vm = new VirtualMachine(chart, 'web', {
      memory: '1Gi', labels: { app: { deep: true } } as never,
      interfaces: [{ name: 'default', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod() }],
    });
    expect(synthError(chart)).toBe('Validation failed with the following errors:\n  [prod/workloads/web] props.labels.app: expected a string; got {"deep":true}');
    expect(vm.apiObject.metadata.toJson().labels).toBeUndefined();
  });

  it('GIVEN values JSON cannot show WHEN shown in a message THEN they are described, never "[object Object]" or a crash', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    // a cycle is shown as far as the message's limit allows
    expect(show(cyclic)).toBe(`${'{"self":'.repeat(9)}{"sel...`);
    expect(show([cyclic])).toBe(`[${'{"self":'.repeat(9)}{"se...`);
    expect(show(() => 1)).toBe('a function');
    expect(show(Symbol('x'))).toBe('Symbol(x)');
    expect(show(10n)).toBe('10');
  });

  it('GIVEN nested objects without a prototype WHEN copied THEN every level has one, and values without any are returned as they are', () => {
    const bare = Object.assign(Object.create(null), { a: [Object.assign(Object.create(null), { b: 1 })] });
    const copy = withPrototypes(bare) as { a: Array<{ b: number }> };
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(copy.a[0])).toBe(Object.prototype);
    expect(copy).toEqual({ a: [{ b: 1 }] });
    const plain = { a: [{ b: 1 }], c: 'x' };
    expect(withPrototypes(plain)).toBe(plain);
  });
});
