import { describe, expect, it } from 'vitest';
import { diff, graph, isEmptyDiff, renderDiffMarkdown } from '../../src/graph';
import { kubevirtCr, nad, vm } from './fixtures';

const PASST = { sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1', networkAttachmentDefinition: 'vms/passt', computeResourceOverhead: { requests: { memory: '500Mi' } } };
const SLIRP = { sidecarImage: 'quay.io/kubevirt/network-slirp-binding:v1.1.0' };

const before = () => graph([
  kubevirtCr({ passt: PASST, slirp: SLIRP }),
  nad('vms', 'passt', 'kubevirt-passt-binding'),
  vm('vms', 'web', [['net', 'passt', 'pod']]),
  vm('vms', 'db', [['net', 'slirp', 'pod']]),
], { version: '1.4' });

describe('binding diff', () => {
  it('GIVEN the same manifests WHEN compared THEN the diff is empty and says so', () => {
    const d = diff(before(), before());
    expect(isEmptyDiff(d)).toBe(true);
    expect(renderDiffMarkdown(d)).toBe('## Binding changes\n\nNo binding-level changes: the same registrations, NADs, VM interfaces and findings.\n');
  });

  it('GIVEN a registration changed, one added and one removed WHEN compared THEN each is listed field by field', () => {
    const after = graph([
      kubevirtCr({ passt: { ...PASST, computeResourceOverhead: { requests: { memory: '250Mi' } }, migration: {} }, macvtap: { domainAttachmentType: 'tap' } }),
      nad('vms', 'passt', 'kubevirt-passt-binding'),
      vm('vms', 'web', [['net', 'passt', 'pod']]),
    ], { version: '1.4' });
    const c = diff(before(), after).clusters[0];
    expect(c.registrations.added.map((r) => r.name)).toEqual(['macvtap']);
    expect(c.registrations.removed.map((r) => r.name)).toEqual(['slirp']);
    expect(c.registrations.changed).toEqual([{ name: 'passt', fields: [
      { field: 'computeResourceOverhead.requests.memory', old: '500Mi', new: '250Mi' },
      { field: 'migration', new: '{}' },
    ] }]);
    expect(c.vms.removed.map((v) => v.name)).toEqual(['db']);
  });

  it('GIVEN a VM moved to another binding and network WHEN compared THEN the move is old → new per interface', () => {
    const after = graph([
      kubevirtCr({ passt: PASST, slirp: SLIRP }),
      nad('vms', 'passt', 'kubevirt-passt-binding'),
      vm('vms', 'web', [['net', 'slirp', 'vms/passt'], ['extra', 'masquerade', 'pod']]),
      vm('vms', 'db', [['net', 'slirp', 'pod']]),
    ], { version: '1.4' });
    const d = diff(before(), after);
    expect(d.clusters[0].vms.moved).toEqual([{ vm: expect.objectContaining({ name: 'web' }), changes: [
      { interface: 'net', old: { binding: 'passt', plugin: true, network: 'pod' }, new: { binding: 'slirp', plugin: true, network: 'multus vms/passt' } },
      { interface: 'extra', new: { binding: 'masquerade', plugin: false, network: 'pod' } },
    ] }]);
    expect(renderDiffMarkdown(d)).toContain('- moved `vms/web`: `net`: binding `passt` → `slirp`, network `pod` → `multus vms/passt`; `extra` added, via `masquerade` (core) over `pod`');
  });

  it('GIVEN the new side uses an unregistered binding WHEN compared THEN the finding is new, and one fixed is listed as gone', () => {
    const after = graph([
      kubevirtCr({ passt: PASST, slirp: SLIRP }),
      nad('vms', 'passt', 'kubevirt-passt-binding'),
      vm('vms', 'web', [['net', 'nope', 'pod']]),
      vm('vms', 'db', [['net', 'slirp', 'pod']]),
    ], { version: '1.4' });
    const c = diff(before(), after).clusters[0];
    expect(c.newFindings.map((f) => [f.rule, f.object.name])).toEqual([['binding-registered', 'web']]);
    expect(c.fixedFindings).toEqual([]);
    const back = diff(after, before()).clusters[0];
    expect(back.newFindings).toEqual([]);
    expect(back.fixedFindings.map((f) => f.rule)).toEqual(['binding-registered']);
  });

  it('GIVEN 30 VMs moved the same way in one namespace WHEN rendered with limit 5 THEN one line names 5 and counts the rest', () => {
    const vms = (b: string) => Array.from({ length: 30 }, (_, i) => vm('vms', `vm-${String(i).padStart(2, '0')}`, [['net', b, 'pod']]));
    const d = diff(graph([kubevirtCr({ passt: PASST, slirp: SLIRP }), ...vms('passt')]), graph([kubevirtCr({ passt: PASST, slirp: SLIRP }), ...vms('slirp')]));
    const lines = renderDiffMarkdown(d, { groupLimit: 5 }).split('\n').filter((l) => l.startsWith('- moved'));
    expect(lines).toEqual(['- moved 30 VMs in `vms` (`vm-00`, `vm-01`, `vm-02`, `vm-03`, `vm-04` and 25 more): `net`: binding `passt` → `slirp`']);
  });

  it('GIVEN two pictures of several clusters WHEN compared THEN clusters are matched by name, and one only on one side is added', () => {
    const a = graph([kubevirtCr({ slirp: SLIRP })], { name: 'prod' }).clusters[0];
    const b = graph([kubevirtCr({ slirp: SLIRP })], { name: 'edge' }).clusters[0];
    const d = diff({ clusters: [a], problems: [] }, { clusters: [a, b], problems: [] });
    expect(d.clusters.map((c) => [c.name, c.status])).toEqual([['edge', 'added'], ['prod', 'compared']]);
    expect(renderDiffMarkdown(d)).toMatchSnapshot();
  });
});
