import { describe, expect, it } from 'vitest';
import { graph, groupVms } from '../../src/graph';
import { exampleManifests, kubevirtCr, nad, vm } from './fixtures';

describe('graph model', () => {
  it('GIVEN the example app WHEN graphed THEN each registration, NAD and VM interface is in the model', () => {
    const g = graph(exampleManifests(), { version: '1.4' });
    expect(g.clusters).toHaveLength(1);
    const c = g.clusters[0];
    expect(c).toMatchObject({ name: 'kubevirt/kubevirt', release: '1.4', target: 'kubevirt', notes: [], otherFindings: [] });
    expect(c.registrations.map((r) => r.name)).toEqual(['passt', 'slirp']);
    const passt = c.registrations[0];
    expect(passt).toMatchObject({
      sidecarImage: 'quay.io/kubevirt/network-passt-binding:20231205_29a16d5c9', migration: 'link-refresh', memoryOverhead: '500Mi',
      networkAttachmentDefinition: 'default/netbindingpasst', implicit: false, findings: [],
    });
    expect(passt.fields).toEqual({
      'computeResourceOverhead.requests.memory': '500Mi', 'migration.method': 'link-refresh',
      networkAttachmentDefinition: 'default/netbindingpasst', sidecarImage: 'quay.io/kubevirt/network-passt-binding:20231205_29a16d5c9',
    });
    expect(c.nads).toEqual([expect.objectContaining({ namespace: 'default', name: 'netbindingpasst', cniTypes: ['kubevirt-passt-binding'] })]);
    expect(c.vms.map((v) => [v.name, v.interfaces])).toEqual([
      ['vm-net-binding-passt', [{ name: 'passtnet', binding: 'passt', plugin: true, network: 'pod' }]],
      ['vm-net-binding-slirp', [{ name: 'slirpnet', binding: 'slirp', plugin: true, network: 'pod' }]],
    ]);
  });

  it('GIVEN findings on a registration, a VM and a NAD WHEN graphed THEN each object carries its own', () => {
    const g = graph([
      kubevirtCr({ passt: { sidecarImage: 'quay.io/x/passt:latest', domainAttachmentType: 'bogus' } }),
      nad('vms', 'broken', 'bridge'),
      vm('vms', 'web', [['a', 'passt', 'pod'], ['b', 'nope', 'vms/absent']]),
    ], { version: '1.4' });
    const c = g.clusters[0];
    expect(c.registrations[0].findings.map((f) => f.rule).sort()).toContain('registration-value');
    expect(c.registrations[0].findings.every((f) => f.path.startsWith('spec.configuration.network.binding.passt'))).toBe(true);
    expect(c.vms[0].findings.map((f) => f.rule)).toContain('binding-registered');
    expect(c.vms[0].interfaces[1]).toEqual({ name: 'b', binding: 'nope', plugin: true, network: 'multus vms/absent', nad: 'vms/absent' });
    expect(c.notes).toEqual(['not registered, but used by VMs: "nope"', 'not among the inputs, but referenced: NAD vms/absent']);
  });

  it('GIVEN a HyperConverged v1beta1 CR WHEN graphed THEN the target is hco-v1beta1 and HCO’s own l2bridge is drawn', () => {
    const g = graph([{
      apiVersion: 'hco.kubevirt.io/v1beta1', kind: 'HyperConverged', metadata: { name: 'kubevirt-hyperconverged', namespace: 'kubevirt-hyperconverged' },
      spec: { networkBinding: { slirp: { sidecarImage: 'quay.io/kubevirt/network-slirp-binding:v1.1.0' } } },
    }], { version: '1.4' });
    const c = g.clusters[0];
    expect(c.target).toBe('hco-v1beta1');
    expect(c.registrations.map((r) => [r.name, r.implicit, r.domainAttachmentType, r.migration])).toEqual([
      ['l2bridge', true, 'managedTap', 'migratable'], ['slirp', false, undefined, undefined],
    ]);
  });

  it('GIVEN no cluster configuration WHEN graphed THEN the model says so and still holds the VMs', () => {
    const c = graph([vm('default', 'a', [['n', 'passt', 'pod'], ['m', 'masquerade', 'pod']])]).clusters[0];
    expect(c.name).toBe('no cluster configuration');
    expect(c.target).toBeUndefined();
    expect(c.notes[0]).toMatch(/^no KubeVirt or HyperConverged CR among the inputs/);
    expect(c.vms[0].interfaces.map((i) => [i.binding, i.plugin])).toEqual([['passt', true], ['masquerade', false]]);
  });

  it('GIVEN garbage among the manifests WHEN graphed THEN nothing throws and the garbage is left out', () => {
    const g = graph([null as never, 42 as never, { kind: 'VirtualMachine', apiVersion: 'kubevirt.io/v1', spec: { template: { spec: { domain: 'x', networks: 7 } } } }]);
    expect(g.clusters[0].vms).toEqual([expect.objectContaining({ name: '', interfaces: [] })]);
  });

  it('GIVEN 25 VMs of one namespace on one binding and 3 on another WHEN grouped with limit 10 THEN the 25 are one group and the 3 stay single', () => {
    const vms = [
      ...Array.from({ length: 25 }, (_, i) => vm('ns', `a-${String(i).padStart(2, '0')}`, [['n', 'passt', 'pod']])),
      ...Array.from({ length: 3 }, (_, i) => vm('ns', `b-${i}`, [['n', 'slirp', 'pod']])),
    ];
    const groups = groupVms(graph(vms).clusters[0].vms, 10);
    expect(groups.map((g) => [g.namespace, g.signature, g.vms.length, g.grouped])).toEqual([
      ['ns', 'n: passt over pod', 25, true],
      ['ns', 'n: slirp over pod', 3, false],
    ]);
  });
});
