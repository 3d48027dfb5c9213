// GIVEN manifests of one cluster WHEN upgrade() runs from one release to another THEN each release step lists what
// breaks (an error appears, or a warning becomes one), new warnings, notes that are not findings, and findings that go.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Manifest } from '../../src/rules/types';
import { releasePath, upgrade, UpgradeRangeError, UpgradeReport } from '../../src/upgrade/upgrade';
import { KubeVirtVersion } from '../../src/version';
import { lint } from '../../src/rules';
import { kubevirtCr, spec, vm } from '../rules/harness';

const passtImage = (tag: string) => `quay.io/kubevirt/network-passt-binding:${tag}`;
const passtNad: Manifest = {
  apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'netbindingpasst', namespace: 'default' },
  spec: { config: '{"cniVersion":"0.3.1","name":"netbindingpasst","type":"kubevirt-passt-binding"}' },
};
const podVm = (iface: Record<string, unknown>, name = 'vm1') => vm(spec([{ name: 'd', ...iface }], [{ name: 'd', pod: {} }]), name);

/** `kind rule path` of each change of each step, for exact comparison. */
const summary = (r: UpgradeReport) => r.steps.map((s) => [`${s.from}->${s.to}`, s.changes.map((c) => `${c.kind} ${c.rule} ${c.path}`)]);
const only = (r: UpgradeReport) => {
  expect(r.steps).toHaveLength(1);
  return r.steps[0].changes;
};

describe('upgrade: one release step each', () => {
  it('1.1 -> 1.2: a registration field the older release prunes (migration) is resolved', () => {
    // GIVEN a registration with migration, a field new in 1.2
    const r = upgrade([kubevirtCr({ p: { sidecarImage: 'example.org/a/b:1', migration: {} } }, ['NetworkBindingPlugins'])], { from: '1.1', to: '1.2' });
    // THEN the field finding of 1.1 is gone in 1.2, and nothing breaks
    expect(summary(r)).toEqual([['1.1->1.2', ['resolved registration-field spec.configuration.network.binding.p.migration']]]);
    expect(only(r)[0].message).toMatch(/^no longer reported from kubevirt 1\.2 \(was: registration "p" field migration is not in kubevirt 1\.1; it is first in kubevirt 1\.2\)$/);
    expect(r.breaks).toBe(false);
  });

  it('1.2 -> 1.3: core slirp becomes an error, permitSlirpInterface stops doing anything', () => {
    const r = upgrade([kubevirtCr({}, undefined, { network: { permitSlirpInterface: true } }), podVm({ slirp: {} })], { from: '1.2', to: '1.3' });
    expect(summary(r)).toEqual([['1.2->1.3', [
      'note upgrade-permit-slirp spec.configuration.network.permitSlirpInterface',
      'breaks discontinued-slirp spec.template.spec.domain.devices.interfaces[0].slirp',
    ]]]);
    expect(only(r)[1]).toMatchObject({ severity: 'error', objectIndex: 1, object: { kind: 'VirtualMachine', name: 'vm1' } });
    expect(only(r)[1].message).toMatch(/^becomes an error in kubevirt 1\.3: interface "d" uses core slirp, which kubevirt 1\.3 and later reject; use the slirp binding plugin/);
    expect(r.breaks).toBe(true);
  });

  it('1.3 -> 1.4: domainAttachmentType managedTap arrives', () => {
    const r = upgrade([kubevirtCr({ l2: { domainAttachmentType: 'managedTap' } }, ['NetworkBindingPlugins'])], { from: '1.3', to: '1.4' });
    expect(summary(r)).toEqual([['1.3->1.4', ['resolved registration-value spec.configuration.network.binding.l2.domainAttachmentType']]]);
  });

  it('1.4 -> 1.5: NetworkBindingPlugins goes GA, the listed gate is redundant; a 1.4 sidecar image is behind', () => {
    const r = upgrade([kubevirtCr({ passt: { sidecarImage: passtImage('v1.4.0'), networkAttachmentDefinition: 'netbindingpasst' } }, ['NetworkBindingPlugins']), passtNad, podVm({ binding: { name: 'passt' } })], { from: '1.4', to: '1.5' });
    expect(summary(r)).toEqual([['1.4->1.5', [
      'warns feature-gate-redundant spec.configuration.developerConfiguration.featureGates[0]',
      'note upgrade-sidecar-tag spec.configuration.network.binding.passt.sidecarImage',
    ]]]);
    expect(only(r)[1].message).toBe('registration "passt" runs kubevirt\'s passt sidecar of release 1.4 (quay.io/kubevirt/network-passt-binding:v1.4.0); kubevirt publishes it with each release: use the tag of 1.5 (v1.5.0) so the plugin matches the cluster');
    expect(r.breaks).toBe(false);
  });

  it('1.4 -> 1.5: a KubeVirt CR without the gate no longer needs it', () => {
    const r = upgrade([kubevirtCr({ macvtap: { domainAttachmentType: 'tap' } })], { from: '1.4', to: '1.5' });
    expect(summary(r)).toEqual([['1.4->1.5', ['resolved registration-needs-gate spec.configuration.developerConfiguration.featureGates']]]);
  });

  it('1.5 -> 1.6: the passt binding cni ships as an image', () => {
    const r = upgrade([kubevirtCr({ passt: { sidecarImage: passtImage('v1.6.0'), networkAttachmentDefinition: 'netbindingpasst' } }), passtNad], { from: '1.5', to: '1.6' });
    expect(summary(r)).toEqual([['1.5->1.6', ['note upgrade-passt-cni-image spec.configuration.network.binding.passt.sidecarImage']]]);
    expect(only(r)[0].message).toMatch(/^kubevirt 1\.6 publishes the passt binding cni as an image \(quay\.io\/kubevirt\/network-passt-binding-cni:v1\.6\.0\)/);
  });

  it('1.6 -> 1.7: a sidecar image tagged for 1.6 is behind the release', () => {
    const r = upgrade([kubevirtCr({ passt: { sidecarImage: passtImage('v1.6.0'), networkAttachmentDefinition: 'netbindingpasst' } }), passtNad], { from: '1.6', to: '1.7' });
    expect(summary(r)).toEqual([['1.6->1.7', ['note upgrade-sidecar-tag spec.configuration.network.binding.passt.sidecarImage']]]);
  });

  it('1.7 -> 1.8: the passt plugin gives way to the core passtBinding; PasstIPStackMigration is discontinued', () => {
    const r = upgrade([
      kubevirtCr({ passt: { sidecarImage: passtImage('v1.8.0'), networkAttachmentDefinition: 'netbindingpasst' } }, ['PasstIPStackMigration']), passtNad, podVm({ binding: { name: 'passt' } }),
    ], { from: '1.7', to: '1.8' });
    expect(summary(r)).toEqual([['1.7->1.8', [
      'note upgrade-passt-migration-gate spec.configuration.developerConfiguration.featureGates[0]',
      'warns passt-plugin-superseded spec.configuration.network.binding.passt.sidecarImage',
      'note upgrade-passt-core-binding spec.template.spec.domain.devices.interfaces[0].binding',
    ]]]);
    expect(only(r)[2].message).toBe('kubevirt 1.8 replaces the passt plugin with the core passt binding; interface "d" uses the plugin (binding "passt"): write passtBinding: {} instead of binding (pod network only; in 1.8 list the "PasstBinding" gate, on by default from 1.9), then drop the registration and its nad');
  });

  it('1.8 -> 1.9: sidecars take the registration name; slirp sidecar last released; PasstBinding on by default; portRanges checked', () => {
    const r = upgrade([
      kubevirtCr({ 'my-slirp': { sidecarImage: 'quay.io/kubevirt/network-slirp-binding:v1.9.0' } }, ['PasstBinding']),
      podVm({ binding: { name: 'my-slirp' } }),
      podVm({ passtBinding: {}, portRanges: [] }, 'vm2'),
    ], { from: '1.8', to: '1.9' });
    expect(summary(r)).toEqual([['1.8->1.9', [
      'note upgrade-passt-binding-default spec.configuration.developerConfiguration.featureGates[0]',
      'note upgrade-slirp-sidecar-last spec.configuration.network.binding.my-slirp.sidecarImage',
      'resolved plugin-network spec.configuration.network.binding.my-slirp.sidecarImage',
      'breaks port-ranges-gate spec.template.spec.domain.devices.interfaces[0].portRanges',
      'resolved field-version spec.template.spec.domain.devices.interfaces[0].portRanges',
    ]]]);
    expect(r.breaks).toBe(true);
  });

  it('1.7 -> 1.9: a HyperConverged v1beta1 hears of spec.networking.networkBinding on the step to 1.8', () => {
    const hco: Manifest = { apiVersion: 'hco.kubevirt.io/v1beta1', kind: 'HyperConverged', metadata: { name: 'kubevirt-hyperconverged', namespace: 'kubevirt-hyperconverged' }, spec: { networkBinding: { mine: { domainAttachmentType: 'tap' } } } };
    const r = upgrade([hco], { from: '1.7', to: '1.9' });
    expect(summary(r)).toEqual([['1.7->1.8', ['note upgrade-hco-networking spec.networkBinding']], ['1.8->1.9', []]]);
    expect(r.steps[0].changes[0].message).toMatch(/write apiVersion: hco\.kubevirt\.io\/v1 and move the registrations to spec\.networking\.networkBinding$/);
  });

  it('1.5 -> 1.9: a macvtap setup on a masquerade pod network is clean at every step', () => {
    const mvNad: Manifest = { apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'mv', namespace: 'default', annotations: { 'k8s.v1.cni.cncf.io/resourceName': 'macvtap.network.kubevirt.io/eth0' } }, spec: { config: '{"cniVersion":"0.3.1","name":"mv","type":"macvtap"}' } };
    const r = upgrade([kubevirtCr({ macvtap: { domainAttachmentType: 'tap' } }), mvNad, vm(spec([{ name: 'd', masquerade: {} }, { name: 'mv', binding: { name: 'macvtap' } }], [{ name: 'd', pod: {} }, { name: 'mv', multus: { networkName: 'mv' } }]))], { from: '1.5', to: '1.9' });
    expect(summary(r)).toEqual([['1.5->1.6', []], ['1.6->1.7', []], ['1.7->1.8', []], ['1.8->1.9', []]]);
    expect(r.breaks).toBe(false);
  });

  it('GIVEN the same input twice WHEN checked THEN the reports are equal (deterministic)', () => {
    const m = [kubevirtCr({ passt: { sidecarImage: passtImage('v1.4.0') } }, ['NetworkBindingPlugins']), podVm({ binding: { name: 'passt' } })];
    expect(JSON.stringify(upgrade(m, { from: '1.4', to: '1.9' }))).toBe(JSON.stringify(upgrade(m, { from: '1.4', to: '1.9' })));
  });
});

describe('upgrade: range', () => {
  it.each([
    ['2.0', '1.9', /^from "2\.0" is not a kubevirt release this tool knows: use 1\.1 to 1\.9 \(as X\.Y or X\.Y\.Z\)$/],
    ['1.0', '1.4', /^from "1\.0" is not a kubevirt release/],
    ['1.4', '1.10', /^to "1\.10" is not a kubevirt release/],
    ['1.9', '1.4', /^from 1\.9 is newer than to 1\.4: an upgrade goes from an older release to a newer one$/],
    ['x', 'y', /^from "x" is not .*; to "y" is not /],
  ])('GIVEN from %s to %s WHEN checked THEN it throws naming what is accepted', (from, to, message) => {
    expect(() => upgrade([], { from, to })).toThrow(UpgradeRangeError);
    expect(() => upgrade([], { from, to })).toThrow(message);
  });

  it('GIVEN the same release twice WHEN checked THEN there are no steps', () => {
    expect(upgrade([podVm({ masquerade: {} })], { from: '1.4', to: '1.4' })).toEqual({ from: '1.4', to: '1.4', steps: [], breaks: false });
  });

  it('GIVEN any two releases in order WHEN the path is built THEN it starts at from, ends at to, and goes up one minor release at a time', () => {
    const release = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 3 })).map(([m, p]) => KubeVirtVersion.of(`1.${m}.${p}`));
    fc.assert(fc.property(release, release, (a, b) => {
      const [from, to] = a.isOlderThan(b) ? [a, b] : [b, a];
      const path = releasePath(from, to);
      expect(path[0]).toBe(from);
      expect(path[path.length - 1].toString()).toBe(to.toString());
      for (let i = 1; i < path.length; i++) {
        expect(path[i - 1].isOlderThan(path[i])).toBe(true);
        expect(path[i].minor - path[i - 1].minor).toBeLessThanOrEqual(1);
      }
    }));
  });
});

describe('upgrade: against lint at each release', () => {
  // a pool of objects whose findings change between releases
  const pool: Manifest[] = [
    kubevirtCr({ passt: { sidecarImage: passtImage('v1.4.0'), migration: {} }, l2: { domainAttachmentType: 'managedTap' } }, ['NetworkBindingPlugins', 'PasstIPStackMigration']),
    podVm({ slirp: {} }, 'a'),
    podVm({ binding: { name: 'passt' } }, 'b'),
    podVm({}, 'c'),
    podVm({ passtBinding: {} }, 'd'),
    passtNad,
  ];
  const release = fc.integer({ min: 1, max: 9 }).map((m) => `1.${m}`);

  it('GIVEN any subset of the pool and any range WHEN upgraded THEN each breaks is an error of lint at the newer release, each resolved a finding of the older one that the newer lacks', () => {
    fc.assert(fc.property(fc.subarray(pool, { minLength: 1 }), release, release, (manifests, a, b) => {
      const [from, to] = KubeVirtVersion.of(a).isOlderThan(KubeVirtVersion.of(b)) ? [a, b] : [b, a];
      const r = upgrade(manifests, { from, to });
      const key = (f: { rule: string; objectIndex: number; path: string }) => `${f.rule} ${f.objectIndex} ${f.path}`;
      for (const step of r.steps) {
        const before = lint(manifests, { version: step.from });
        const after = lint(manifests, { version: step.to });
        for (const c of step.changes) {
          if (c.kind === 'breaks') expect(after.some((f) => key(f) === key(c) && f.severity === 'error')).toBe(true);
          if (c.kind === 'warns') expect(after.some((f) => key(f) === key(c)) && !before.some((f) => key(f) === key(c))).toBe(true);
          if (c.kind === 'resolved') expect(before.some((f) => key(f) === key(c)) && !after.some((f) => key(f) === key(c))).toBe(true);
        }
      }
      expect(r.breaks).toBe(r.steps.some((s) => s.changes.some((c) => c.kind === 'breaks')));
    }), { numRuns: 40 });
  });
});
