import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KubeVirtVersion, gateState, isGateOn, needsBindingPluginsGate, untrackedGateOn } from '../src/version';

describe('KubeVirtVersion', () => {
  it('GIVEN supported texts WHEN parsed THEN they compare by major, minor and patch', () => {
    expect(KubeVirtVersion.of('v1.4').toString()).toBe('1.4');
    expect(KubeVirtVersion.of('1.1.1').toString()).toBe('1.1.1');
    expect(KubeVirtVersion.of('1.1.1').isAtLeast(KubeVirtVersion.of('1.1'))).toBe(true);
    expect(KubeVirtVersion.of('1.1').isOlderThan(KubeVirtVersion.of('1.1.1'))).toBe(true);
    expect(KubeVirtVersion.of('1.9.3').isAtLeast(KubeVirtVersion.NEWEST)).toBe(true);
  });

  it('GIVEN unsupported texts WHEN parsed THEN the error names the value and the range', () => {
    for (const bad of ['1.0', '2.0', '1.10', 'latest', '', '1']) {
      expect(() => KubeVirtVersion.of(bad)).toThrow(`kubevirt version "${bad}" is not supported: use one of 1.1 to 1.9 (as X.Y or X.Y.Z)`);
    }
  });

  it('GIVEN any major.minor[.patch] WHEN parsed THEN it is accepted exactly for 1.1 to 1.9 and prints back', () => {
    fc.assert(fc.property(fc.nat(3), fc.nat(12), fc.option(fc.nat(20), { nil: undefined }), fc.boolean(), (major, minor, patch, v) => {
      const text = `${v ? 'v' : ''}${major}.${minor}${patch === undefined ? '' : `.${patch}`}`;
      const parsed = KubeVirtVersion.tryParse(text);
      const supported = major === 1 && minor >= 1 && minor <= 9;
      expect(parsed !== undefined).toBe(supported);
      if (parsed) expect(parsed.toString()).toBe(`${major}.${minor}${patch ? `.${patch}` : ''}`);
    }), { numRuns: 500 });
  });

  it('GIVEN any string WHEN parsed THEN tryParse never throws', () => {
    fc.assert(fc.property(fc.string(), (s) => { KubeVirtVersion.tryParse(s); }), { numRuns: 300 });
  });
});

describe('feature gates', () => {
  it('GIVEN NetworkBindingPlugins WHEN asked per release THEN alpha 1.1-1.3, beta 1.4, ga from 1.5', () => {
    expect(['1.1', '1.3', '1.4', '1.5', '1.9'].map((v) => gateState('NetworkBindingPlugins', KubeVirtVersion.of(v)))).toEqual(['alpha', 'alpha', 'beta', 'ga', 'ga']);
    expect(['1.1', '1.4', '1.5'].map((v) => needsBindingPluginsGate(KubeVirtVersion.of(v)))).toEqual([true, true, false]);
  });

  it('GIVEN a beta gate WHEN unlisted THEN it is off on 1.8 and on from 1.9 unless disabled', () => {
    expect(isGateOn('PasstBinding', KubeVirtVersion.V1_8, [])).toBe(false);
    expect(isGateOn('PasstBinding', KubeVirtVersion.V1_8, ['PasstBinding'])).toBe(true);
    expect(isGateOn('PasstBinding', KubeVirtVersion.V1_9, [])).toBe(true);
    expect(isGateOn('PasstBinding', KubeVirtVersion.V1_9, [], ['PasstBinding'])).toBe(false);
    expect(isGateOn('PasstBinding', KubeVirtVersion.V1_7, ['PasstBinding'])).toBe(false);
  });

  it('GIVEN a beta gate in both lists WHEN asked on 1.9 THEN featureGates wins (IsEnabled: explicit enable > explicit disable)', () => {
    expect(isGateOn('PasstBinding', KubeVirtVersion.V1_9, ['PasstBinding'], ['PasstBinding'])).toBe(true);
    // and on 1.8, where beta is not on by default, both lists give on too, and disabled alone gives off
    expect(isGateOn('PasstBinding', KubeVirtVersion.V1_8, ['PasstBinding'], ['PasstBinding'])).toBe(true);
    expect(isGateOn('PasstBinding', KubeVirtVersion.V1_8, [], ['PasstBinding'])).toBe(false);
  });

  it('GIVEN a GA gate WHEN disabled THEN it stays on (GA is always on)', () => {
    expect(isGateOn('NetworkBindingPlugins', KubeVirtVersion.V1_9, [], ['NetworkBindingPlugins'])).toBe(true);
    expect(isGateOn('NetworkBindingPlugins', KubeVirtVersion.V1_4, [], ['NetworkBindingPlugins'])).toBe(false);
  });

  it('GIVEN a gate this library does not track WHEN asked THEN listed is on, and unlisted is off before 1.9 and unknown from 1.9 unless disabled', () => {
    expect(untrackedGateOn('Snapshot', KubeVirtVersion.V1_8, ['Snapshot'], ['Snapshot'])).toBe(true);
    expect(untrackedGateOn('Snapshot', KubeVirtVersion.V1_8, [])).toBe(false);
    expect(untrackedGateOn('Snapshot', KubeVirtVersion.V1_9, [])).toBeUndefined();
    expect(untrackedGateOn('Snapshot', KubeVirtVersion.V1_9, [], ['Snapshot'])).toBe(false);
  });

  it('GIVEN a discontinued gate WHEN listed THEN it is off', () => {
    expect(isGateOn('Passt', KubeVirtVersion.V1_3, ['Passt'])).toBe(false);
    expect(isGateOn('Passt', KubeVirtVersion.V1_2, ['Passt'])).toBe(true);
  });
});

describe('KubeVirtVersion: exact text', () => {
  it.each(['1.2.1000', '1.2.9999999', ' 1.4', '1.4 ', '01.4', '1.04', '1.4.01', 'v 1.4', 'V1.4', 'x1.4', '1.4.0.0', '1.4-rc.1', '+1.4', '1.4\n', '１.4'])(
    'GIVEN %j WHEN parsed THEN it is rejected with the accepted forms named',
    (bad) => {
      expect(KubeVirtVersion.tryParse(bad)).toBeUndefined();
      expect(() => KubeVirtVersion.of(bad)).toThrow(/is not supported: use one of 1\.1 to 1\.9 \(as X\.Y or X\.Y\.Z\)/);
    },
  );

  it('GIVEN the largest patch and a zero patch WHEN parsed THEN they are kept exactly', () => {
    expect(KubeVirtVersion.of('1.2.999').toString()).toBe('1.2.999');
    expect(KubeVirtVersion.of('1.2.999').isOlderThan(KubeVirtVersion.V1_3)).toBe(true);
    expect(KubeVirtVersion.of('v1.9.0').toString()).toBe('1.9');
  });
});
