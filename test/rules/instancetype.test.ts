// GIVEN VMs that reference instancetypes and preferences WHEN linted THEN those among the inputs are applied as
// KubeVirt applies them before the rules run, and references that cannot be applied are reported.
import { ApiObject, Chart, Testing } from 'cdk8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KubeVirtNetworking, VirtualMachine, VmInstancetype, VmNetwork } from '../../src';
import { AppCheck } from '../../src/app-check';
import { findingsOf, ruleTable, spec } from './harness';
import { lint } from '../../src/rules';
import { runRules } from '../../src/rules/engine';
import { applyReferences, instancetypeReference, resolveKind } from '../../src/rules/instancetype';
import type { Manifest, Rule, VmiSpecView } from '../../src/rules/types';
import { bindingMethodExactlyOne } from '../../src/rules/vmi/binding-method';
import { KubeVirtVersion } from '../../src/version';

const GROUP = 'instancetype.kubevirt.io';

const vmWith = (refs: Record<string, unknown>, templateSpec: Record<string, unknown>, namespace = 'apps', name = 'vm1'): Manifest => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name, namespace },
  spec: { runStrategy: 'Always', ...refs, template: { spec: templateSpec } },
});

const object = (kind: string, name: string, objSpec: Record<string, unknown>, namespace?: string, apiVersion = `${GROUP}/v1beta1`): Manifest => ({
  apiVersion, kind, metadata: namespace ? { name, namespace } : { name }, spec: objSpec,
});

const masqueradePref = (kind = 'VirtualMachineClusterPreference', namespace?: string) =>
  object(kind, 'masq', { devices: { preferredInterfaceMasquerade: {}, preferredInterfaceModel: 'virtio' } }, namespace);

/** A pod-network interface without any binding: from 1.9 it needs one. */
const bare = () => spec([{ name: 'default' }], [{ name: 'default', pod: {} }]);

/** The VMI specs the rules see. */
function views(manifests: Manifest[], version = '1.9'): VmiSpecView[] {
  let seen: readonly VmiSpecView[] = [];
  const probe: Rule = { meta: { id: 'probe', severity: 'error', versions: 'all', description: 'probe', source: 'test' }, check(ctx) { seen = ctx.vmiSpecs; } };
  runRules([probe], manifests, { version: KubeVirtVersion.of(version) });
  return [...seen];
}

describe('preferences applied before the rules', () => {
  ruleTable(bindingMethodExactlyOne, {
    valid: [
      { name: 'binding from preferredInterfaceMasquerade of a cluster preference (kind unset)', manifests: [vmWith({ preference: { name: 'masq' } }, bare()), masqueradePref()] },
      {
        name: 'binding from a namespaced preference in the VM namespace',
        manifests: [vmWith({ preference: { name: 'masq', kind: 'VirtualMachinePreference' } }, bare()), masqueradePref('VirtualMachinePreference', 'apps')],
      },
      {
        name: 'the kind in any case and plural, as kubevirt lower-cases it',
        manifests: [vmWith({ preference: { name: 'masq', kind: 'virtualmachineclusterpreferences' } }, bare()), masqueradePref()],
      },
      {
        name: 'a pool template gets the preference too',
        manifests: [{
          apiVersion: 'pool.kubevirt.io/v1alpha1', kind: 'VirtualMachinePool', metadata: { name: 'p', namespace: 'apps' },
          spec: { virtualMachineTemplate: { spec: { runStrategy: 'Always', preference: { name: 'masq' }, template: { spec: bare() } } } },
        }, masqueradePref()],
      },
    ],
    invalid: [
      {
        name: 'no preference at all',
        manifests: [vmWith({}, bare())],
        findings: [{ severity: 'error', path: 'spec.template.spec.domain.devices.interfaces[0]', message: /has no binding method/ }],
      },
      {
        name: 'a namespaced preference in another namespace is not the VM\'s',
        manifests: [vmWith({ preference: { name: 'masq', kind: 'VirtualMachinePreference' } }, bare()), masqueradePref('VirtualMachinePreference', 'other')],
        findings: [{ severity: 'error', path: 'spec.template.spec.domain.devices.interfaces[0]', message: /has no binding method/ }],
      },
      {
        name: 'masquerade only for pod-network interfaces (interface.go isInterfaceOnPodNetwork)',
        manifests: [vmWith({ preference: { name: 'masq' } }, spec([{ name: 'sec' }], [{ name: 'sec', multus: { networkName: 'n' } }])), masqueradePref()],
        findings: [{ severity: 'error', path: 'spec.template.spec.domain.devices.interfaces[0]', message: /has no binding method/ }],
      },
      {
        name: 'a preference of the right name but another group is not applied',
        manifests: [vmWith({ preference: { name: 'masq' } }, bare()), { ...masqueradePref(), apiVersion: 'example.com/v1' }],
        findings: [{ severity: 'error', path: 'spec.template.spec.domain.devices.interfaces[0]', message: /has no binding method/ }],
      },
    ],
  });

  it('GIVEN an interface with a binding plugin WHEN the preference asks for masquerade THEN the interface keeps its binding and gets the model', () => {
    const [view] = views([vmWith({ preference: { name: 'masq' } }, spec([{ name: 'default', binding: { name: 'passt' } }], [{ name: 'default', pod: {} }])), masqueradePref()]);
    expect((view.spec.domain as any).devices.interfaces).toEqual([{ name: 'default', binding: { name: 'passt' }, model: 'virtio' }]);
  });

  it('GIVEN an interface with its own model WHEN the preference has another THEN the VM\'s model stays', () => {
    const [view] = views([vmWith({ preference: { name: 'masq' } }, spec([{ name: 'default', model: 'e1000', bridge: {} }], [{ name: 'default', pod: {} }])), masqueradePref()]);
    expect((view.spec.domain as any).devices.interfaces).toEqual([{ name: 'default', model: 'e1000', bridge: {} }]);
  });

  it('GIVEN a preference applied WHEN linted THEN the manifest itself is unchanged', () => {
    const vm = vmWith({ preference: { name: 'masq' } }, bare());
    const before = JSON.stringify(vm);
    lint([vm, masqueradePref()]);
    expect(JSON.stringify(vm)).toBe(before);
  });

  it('GIVEN preferredAutoattachPodInterface and a grace period WHEN the VM leaves them unset THEN they are filled', () => {
    const pref = object('VirtualMachineClusterPreference', 'p', { devices: { preferredAutoattachPodInterface: false }, preferredTerminationGracePeriodSeconds: 5 });
    const [view] = views([vmWith({ preference: { name: 'p' } }, bare()), pref]);
    expect((view.spec.domain as any).devices.autoattachPodInterface).toBe(false);
    expect(view.spec.terminationGracePeriodSeconds).toBe(5);
  });
});

describe('instancetypes applied before the rules', () => {
  const it4 = object('VirtualMachineClusterInstancetype', 'c4', { cpu: { guest: 4 }, memory: { guest: '2Gi' } });
  const noResources = () => ({ domain: { devices: { interfaces: [{ name: 'default', masquerade: {} }] } }, networks: [{ name: 'default', pod: {} }] });

  it.each([
    [undefined, '1.9', { sockets: 4, cores: 1, threads: 1 }],
    ['preferCores', '1.1', { sockets: 1, cores: 4, threads: 1 }],
    ['threads', '1.4', { sockets: 1, cores: 1, threads: 4 }],
    // the short names arrive in 1.4: before, no case of the switch takes them
    ['threads', '1.3', { sockets: 1, cores: 1, threads: 1 }],
    ['spread', '1.9', { sockets: 2, cores: 2, threads: 1 }],
    ['sideways', '1.9', { sockets: 1, cores: 1, threads: 1 }],
  ])('GIVEN 4 guest CPUs and preferredCPUTopology %s on %s WHEN applied THEN the topology is %j', (topology, version, want) => {
    const pref = object('VirtualMachineClusterPreference', 'p', topology ? { cpu: { preferredCPUTopology: topology } } : {});
    const [view] = views([vmWith({ instancetype: { name: 'c4' }, preference: { name: 'p' } }, noResources()), it4, pref], version);
    expect((view.spec.domain as any).cpu).toEqual(want);
    expect((view.spec.domain as any).memory).toEqual({ guest: '2Gi' });
  });

  ruleTable(instancetypeReference, {
    valid: [
      { name: 'an instancetype and a preference among the inputs', manifests: [vmWith({ instancetype: { name: 'c4' }, preference: { name: 'masq' } }, noResources()), it4, masqueradePref()] },
      { name: 'no references', manifests: [vmWith({}, bare())] },
      {
        name: 'domain.memory.hugepages on 1.7, with an instancetype without hugepages (from 1.7 only guest, or both setting hugepages, conflict)',
        version: '1.7',
        manifests: [vmWith({ instancetype: { name: 'c4' } }, { ...noResources(), domain: { ...noResources().domain, memory: { hugepages: { pageSize: '2Mi' } } } }), it4],
      },

      {
        name: 'ioThreads.supplementalPoolThreadCount on 1.6, whose instancetype has no ioThreads (pruned)',
        version: '1.6',
        manifests: [
          vmWith({ instancetype: { name: 'io' } }, { ...noResources(), domain: { ...noResources().domain, ioThreads: { supplementalPoolThreadCount: 2 } } }),
          object('VirtualMachineClusterInstancetype', 'io', { cpu: { guest: 2 }, memory: { guest: '1Gi' }, ioThreads: { supplementalPoolThreadCount: 4 } }),
        ],
      },
      {
        name: 'a nodeSelector on the VM only, and gpus on the instancetype only',
        manifests: [
          vmWith({ instancetype: { name: 'gpu' } }, { ...noResources(), nodeSelector: { zone: 'a' } }),
          object('VirtualMachineClusterInstancetype', 'gpu', { cpu: { guest: 2 }, memory: { guest: '1Gi' }, gpus: [{ name: 'g', deviceName: 'nvidia.com/B' }] }),
        ],
      },
      { name: 'instancetype.kubevirt.io/v1alpha2 on 1.5 (served up to 1.5)', version: '1.5', manifests: [object('VirtualMachineClusterPreference', 'p', {}, undefined, `${GROUP}/v1alpha2`)] },
      { name: 'preferredCPUTopology cores on 1.4 (the short names arrive in 1.4)', version: '1.4', manifests: [object('VirtualMachineClusterPreference', 'p', { cpu: { preferredCPUTopology: 'cores' } })] },
      { name: 'preferredCPUTopology preferSpread on 1.1', version: '1.1', manifests: [object('VirtualMachinePreference', 'p', { cpu: { preferredCPUTopology: 'preferSpread' } }, 'default')] },
    ],
    invalid: [
      {
        name: 'an absent preference: one warning naming the kind and name',
        manifests: [vmWith({ preference: { name: 'gone' } }, bare())],
        findings: [{ severity: 'warning', path: 'spec.preference', message: /^preference VirtualMachineClusterPreference "gone" is not among the inputs, so it was not applied: the verdict on spec\.template\.spec may change/ }],
      },
      {
        name: 'an absent namespaced instancetype',
        manifests: [vmWith({ instancetype: { name: 'small', kind: 'VirtualMachineInstancetype' } }, noResources())],
        findings: [{ severity: 'warning', path: 'spec.instancetype', message: /^instancetype VirtualMachineInstancetype "small" is not among the inputs/ }],
      },
      {
        name: 'an unknown preference kind, the instancetype still applied',
        manifests: [vmWith({ instancetype: { name: 'c4' }, preference: { name: 'p', kind: 'Preference' } }, noResources()), it4],
        findings: [{
          severity: 'error',
          path: 'spec.preference.kind',
          message: 'spec.preference.kind is "Preference"; accepted: VirtualMachinePreference or VirtualMachineClusterPreference (any case, or their plurals; unset means VirtualMachineClusterPreference) (kubevirt: got unexpected kind in PreferenceMatcher: Preference)',
        }],
      },
      {
        name: 'inferFromVolume',
        manifests: [vmWith({ instancetype: { inferFromVolume: 'root' } }, noResources())],
        findings: [{ severity: 'warning', path: 'spec.instancetype.inferFromVolume', message: /^instancetype is inferred from volume "root" when the VM is created, which cannot be resolved/ }],
      },
      {
        name: 'a reference that is not an object, and one without a name',
        manifests: [vmWith({ instancetype: 'c4', preference: { kind: 'VirtualMachinePreference' } }, noResources())],
        findings: [
          { severity: 'error', path: 'spec.instancetype', message: /^spec\.instancetype must be an object with name and kind/ },
          { severity: 'error', path: 'spec.preference', message: /^spec\.preference needs a name/ },
        ],
      },
      {
        name: 'instancetype conflicts on 1.5+: one kubevirt cause per field, in the text of 1.5',
        version: '1.5',
        manifests: [vmWith({ instancetype: { name: 'c4' } }, spec([{ name: 'default', masquerade: {} }], [{ name: 'default', pod: {} }], { domain: { cpu: { cores: 2 }, devices: {}, resources: { requests: { memory: '64Mi' } } } })), it4],
        findings: [
          { severity: 'error', path: 'spec.template.spec.domain.cpu.cores', message: /^spec\.template\.spec\.domain\.cpu\.cores is set, but cluster instancetype "c4" sets it too; .*\(kubevirt: VM field\(s\) spec\.template\.spec\.domain\.cpu\.cores conflicts with selected instance type\)$/ },
          { severity: 'error', path: 'spec.template.spec.domain.resources.requests.memory', message: /\(kubevirt: VM field\(s\) spec\.template\.spec\.domain\.resources\.requests\.memory conflicts with selected instance type\)$/ },
        ],
      },
      {
        name: 'instancetype conflicts on 1.4: each finding quotes its own field',
        version: '1.4',
        manifests: [vmWith({ instancetype: { name: 'c4' } }, spec([{ name: 'default', masquerade: {} }], [{ name: 'default', pod: {} }], { domain: { cpu: { cores: 2 }, devices: {}, resources: { requests: { memory: '64Mi' } } } })), it4],
        findings: [
          { severity: 'error', path: 'spec.template.spec.domain.cpu.cores', message: /\(kubevirt: VM field spec\.template\.spec\.domain\.cpu\.cores conflicts with selected instance type\)$/ },
          { severity: 'error', path: 'spec.template.spec.domain.resources.requests.memory', message: /\(kubevirt: VM field spec\.template\.spec\.domain\.resources\.requests\.memory conflicts with selected instance type\)$/ },
        ],
      },
      {
        name: 'nodeSelector, schedulerName, gpus and hostDevices the instancetype sets too: one finding each',
        manifests: [
          vmWith({ instancetype: { name: 'gpu' } }, { ...noResources(), nodeSelector: { zone: 'a' }, schedulerName: 'mine', domain: { ...noResources().domain, devices: { ...(noResources().domain as any).devices, gpus: [{ name: 'g', deviceName: 'nvidia.com/A' }], hostDevices: [{ name: 'h', deviceName: 'x.io/y' }] } } }),
          object('VirtualMachineClusterInstancetype', 'gpu', { cpu: { guest: 2 }, memory: { guest: '1Gi' }, nodeSelector: { zone: 'b' }, schedulerName: 'other', gpus: [{ name: 'g', deviceName: 'nvidia.com/B' }], hostDevices: [{ name: 'h', deviceName: 'x.io/z' }] }),
        ],
        findings: [
          { severity: 'error', path: 'spec.template.spec.domain.devices.gpus', message: /^spec\.template\.spec\.domain\.devices\.gpus is set, but cluster instancetype "gpu" sets it too/ },
          { severity: 'error', path: 'spec.template.spec.domain.devices.hostDevices', message: /^spec\.template\.spec\.domain\.devices\.hostDevices is set, but cluster instancetype "gpu" sets it too/ },
          { severity: 'error', path: 'spec.template.spec.nodeSelector', message: /\(kubevirt: VM field\(s\) spec\.template\.spec\.nodeSelector conflicts with selected instance type\)$/ },
          { severity: 'error', path: 'spec.template.spec.schedulerName', message: /\(kubevirt: VM field\(s\) spec\.template\.spec\.schedulerName conflicts with selected instance type\)$/ },
        ],
      },
      {
        name: 'ioThreads.supplementalPoolThreadCount on 1.7, the instancetype setting it too',
        version: '1.7',
        manifests: [
          vmWith({ instancetype: { name: 'io' } }, { ...noResources(), domain: { ...noResources().domain, ioThreads: { supplementalPoolThreadCount: 2 } } }),
          object('VirtualMachineClusterInstancetype', 'io', { cpu: { guest: 2 }, memory: { guest: '1Gi' }, ioThreads: { supplementalPoolThreadCount: 4 } }),
        ],
        findings: [{ severity: 'error', path: 'spec.template.spec.domain.ioThreads.supplementalPoolThreadCount', message: /conflicts with selected instance type\)$/ }],
      },
      {
        name: 'instancetype.kubevirt.io/v1alpha1 on 1.6 (not served from 1.6)',
        version: '1.6',
        manifests: [object('VirtualMachineInstancetype', 'i', {}, 'default', `${GROUP}/v1alpha1`)],
        findings: [{ severity: 'error', path: 'apiVersion', message: 'apiVersion "instancetype.kubevirt.io/v1alpha1" is not served by kubevirt 1.6; use instancetype.kubevirt.io/v1beta1' }],
      },
      {
        name: 'preferredCPUTopology cores on 1.3: accepted and ignored, a warning with the 1.3 name',
        version: '1.3',
        manifests: [object('VirtualMachineClusterPreference', 'p', { cpu: { preferredCPUTopology: 'cores' } })],
        findings: [{ severity: 'warning', path: 'spec.cpu.preferredCPUTopology', message: 'spec.cpu.preferredCPUTopology is "cores", which kubevirt 1.3 accepts and ignores: a VM with this preference gets 1 socket, 1 core and 1 thread whatever its instancetype\'s guest cpus; the short names are first in kubevirt 1.4; use "preferCores"' }],
      },
      {
        name: 'an unknown preferredCPUTopology on 1.4: rejected by the preference admitter',
        version: '1.4',
        manifests: [object('VirtualMachinePreference', 'p', { cpu: { preferredCPUTopology: 'sideways' } }, 'default')],
        findings: [{ severity: 'error', path: 'spec.cpu.preferredCPUTopology', message: 'spec.cpu.preferredCPUTopology is "sideways"; accepted: "preferSockets", "preferCores", "preferThreads", "preferSpread", "preferAny", "sockets", "cores", "threads", "spread", "any" (kubevirt: unknown preferredCPUTopology sideways)' }],
      },
      {
        name: 'an unknown preferredCPUTopology on 1.2: accepted and ignored',
        version: '1.2',
        manifests: [object('VirtualMachinePreference', 'p', { cpu: { preferredCPUTopology: 'sideways' } }, 'default')],
        findings: [{ severity: 'warning', path: 'spec.cpu.preferredCPUTopology', message: /^spec\.cpu\.preferredCPUTopology is "sideways", which kubevirt 1\.2 accepts and ignores: .*; accepted: "preferSockets", "preferCores", "preferThreads", "preferSpread", "preferAny"$/ }],
      },
      {
        name: 'instancetype conflicts on 1.4: kubevirt names one field per cause',
        version: '1.4',
        manifests: [vmWith({ instancetype: { name: 'c4' } }, spec([{ name: 'default', masquerade: {} }], [{ name: 'default', pod: {} }])), it4],
        findings: [{ severity: 'error', path: 'spec.template.spec.domain.resources.requests.memory', message: /\(kubevirt: VM field spec\.template\.spec\.domain\.resources\.requests\.memory conflicts with selected instance type\)$/ }],
      },
      {
        name: 'domain.memory.hugepages on 1.6, with an instancetype without hugepages: any domain.memory conflicts up to 1.6',
        version: '1.6',
        manifests: [vmWith({ instancetype: { name: 'c4' } }, { ...noResources(), domain: { ...noResources().domain, memory: { hugepages: { pageSize: '2Mi' } } } }), it4],
        findings: [{ severity: 'error', path: 'spec.template.spec.domain.memory', message: /\(kubevirt: VM field\(s\) spec\.template\.spec\.domain\.memory conflicts with selected instance type\)$/ }],
      },
      {
        name: 'instancetype.kubevirt.io/v1alpha2 on 1.7 (only v1beta1 from 1.7)',
        version: '1.7',
        manifests: [object('VirtualMachineClusterPreference', 'p', {}, undefined, `${GROUP}/v1alpha2`)],
        findings: [{ severity: 'error', path: 'apiVersion', message: 'apiVersion "instancetype.kubevirt.io/v1alpha2" is not served by kubevirt 1.7; use instancetype.kubevirt.io/v1beta1' }],
      },
    ],
  });

  it('GIVEN an instancetype conflict WHEN applied THEN the spec is left as written (kubevirt stops there) and the preference is not applied', () => {
    const [view] = views([vmWith({ instancetype: { name: 'c4' }, preference: { name: 'masq' } }, bare()), it4, masqueradePref()]);
    // bare() requests memory: a conflict
    expect(view.references?.map((r) => r.status)).toEqual(['conflict', 'applied']);
    expect((view.spec.domain as any).devices.interfaces).toEqual([{ name: 'default' }]);
    expect(findingsOf(bindingMethodExactlyOne, { name: 'x', manifests: [vmWith({ instancetype: { name: 'c4' }, preference: { name: 'masq' } }, bare()), it4, masqueradePref()] })).toHaveLength(1);
  });
});

describe('resolveKind and applyReferences', () => {
  it.each([
    ['', 'VirtualMachineClusterPreference'],
    ['VirtualMachinePreference', 'VirtualMachinePreference'],
    ['virtualmachinepreferences', 'VirtualMachinePreference'],
    ['VIRTUALMACHINECLUSTERPREFERENCE', 'VirtualMachineClusterPreference'],
    ['VirtualMachineClusterInstancetype', undefined],
    ['Preference', undefined],
  ])('GIVEN preference kind %j WHEN resolved THEN %s', (kind, want) => {
    expect(resolveKind('preference', kind)).toBe(want);
  });

  it('GIVEN hostile references WHEN applied THEN nothing throws and each is malformed or absent', () => {
    const hostile: unknown[] = [null, 3, [], { name: 5 }, { name: 'x', kind: 7 }, { name: '' }, { name: 'x', kind: '__proto__' }, { name: 'constructor' }];
    for (const h of hostile) {
      const out = applyReferences({ preference: h }, 'spec', { domain: 'x' }, 'spec.template.spec', 'default', () => undefined);
      expect(out.spec).toEqual({ domain: 'x' });
      for (const r of out.references) expect(['malformed', 'absent', 'unknown-kind']).toContain(r.status);
    }
  });

  it('GIVEN a preference object with a malformed spec WHEN applied to a malformed VMI spec THEN nothing throws', () => {
    const target = { manifest: { spec: { devices: { preferredInterfaceMasquerade: {}, preferredInterfaceModel: 'virtio' } } }, index: 0, ref: { apiVersion: '', kind: '', name: 'p' }, group: GROUP };
    for (const s of [{}, { domain: { devices: { interfaces: 'x' } } }, { domain: { devices: { interfaces: [null, 3, { name: 1 }] } }, networks: 'x' }]) {
      expect(() => applyReferences({ preference: { name: 'p' } }, 'spec', s, 'spec.template.spec', 'default', () => target)).not.toThrow();
    }
  });
});

describe('at synth: instancetypes in the app', () => {
  const build = (withInstancetype: boolean) => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const b = new KubeVirtNetworking(chart, 'kv').addBinding('slirp', { sidecarImage: 'example.org/s:1' });
    if (withInstancetype) {
      new ApiObject(chart, 'c4', { apiVersion: `${GROUP}/v1beta1`, kind: 'VirtualMachineClusterInstancetype', metadata: { name: 'c4' }, spec: { cpu: { guest: 4 }, memory: { guest: '2Gi' } } as any });
    }
    new VirtualMachine(chart, 'vm', { memory: '1Gi', instancetype: VmInstancetype.cluster('c4'), interfaces: [{ name: 'net', binding: b, network: VmNetwork.pod() }] });
    return { app, chart };
  };

  it('GIVEN the instancetype in the app and a VM that sets memory WHEN synthesized THEN the conflict is an error', () => {
    const { chart } = build(true);
    expect(() => Testing.synth(chart)).toThrow(/spec\.template\.spec\.domain\.resources\.requests\.memory is set, but cluster instancetype "c4" sets it too; .*\(instancetype-reference; VirtualMachine vm\)/);
  });

  it('GIVEN the instancetype not in the app WHEN synthesized THEN a warning says the verdict may change', () => {
    const { app, chart } = build(false);
    Testing.synth(chart);
    expect(AppCheck.of(app).warnings).toEqual([expect.stringMatching(/instancetype VirtualMachineClusterInstancetype "c4" is not among the inputs/)]);
  });
});

describe('applyReferences over any input', () => {
  it('GIVEN arbitrary VM specs, VMI specs and referenced objects WHEN applied THEN nothing throws and no input changes', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    const iface = fc.record({ name: fc.constantFrom('default', 'sec', 'x'), masquerade: fc.option(fc.constant({}), { nil: undefined }), model: fc.option(fc.string(), { nil: undefined }), binding: fc.option(json, { nil: undefined }) }, { requiredKeys: [] });
    const vmiSpec = fc.oneof(
      fc.dictionary(fc.string(), json),
      fc.record({
        domain: fc.oneof(json, fc.record({ cpu: json, memory: json, resources: json, devices: fc.oneof(json, fc.record({ interfaces: fc.oneof(json, fc.array(fc.oneof(iface, json))) })) }, { requiredKeys: [] })),
        networks: fc.oneof(json, fc.array(fc.record({ name: fc.constantFrom('default', 'sec'), pod: fc.option(fc.constant({}), { nil: undefined }) }, { requiredKeys: [] }))),
      }, { requiredKeys: [] }),
    );
    const ref = fc.oneof(json, fc.record({ name: fc.oneof(fc.string(), json), kind: fc.oneof(fc.constantFrom('', 'VirtualMachinePreference', 'virtualmachineclusterinstancetypes', 'x'), json), inferFromVolume: fc.option(fc.string(), { nil: undefined }) }, { requiredKeys: [] }));
    const objSpec = fc.oneof(json, fc.record({
      cpu: fc.oneof(json, fc.record({ guest: fc.oneof(fc.integer({ min: -2, max: 64 }), json), preferredCPUTopology: fc.oneof(fc.constantFrom('spread', 'cores', 'preferThreads'), json), spreadOptions: json }, { requiredKeys: [] })),
      memory: json,
      devices: fc.oneof(json, fc.record({ preferredInterfaceMasquerade: json, preferredInterfaceModel: json, preferredAutoattachPodInterface: json }, { requiredKeys: [] })),
    }, { requiredKeys: [] }));
    fc.assert(fc.property(ref, ref, vmiSpec, objSpec, (instancetype, preference, s, target) => {
      const vmSpec = { instancetype, preference };
      const before = JSON.stringify([vmSpec, s, target]);
      const entry = { manifest: { spec: target }, index: 0, ref: { apiVersion: `${GROUP}/v1beta1`, kind: 'X', name: 'n' }, group: GROUP };
      const out = applyReferences(vmSpec, 'spec', s as Record<string, unknown>, 'spec.template.spec', 'default', () => entry);
      expect(JSON.stringify([vmSpec, s, target])).toBe(before);
      expect(out.references.length).toBeLessThanOrEqual(2);
    }), { numRuns: 300 });
  });
});
