import { Chart, JsonPatch, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as kv from '../imports/vm-kubevirt.io';
import {
  CoreBinding, DiskType, INetworkBinding, KubeVirtNetworking, VirtualMachine, VirtualMachineProps, VmDisk,
  VmInstancetype, VmInterface, VmNetwork, VmPreference,
} from '../src';
import type { ILintable } from '../src/app-check';

function vmOf(chart: Chart) {
  return Testing.synth(chart).find((o) => o.kind === 'VirtualMachine');
}

function describePath(vm: VirtualMachine, path: string): string | undefined {
  return (vm.apiObject as unknown as { describePath(p: string): string | undefined }).describePath(path);
}

const IFACES = 'spec.template.spec.domain.devices.interfaces';

/** Object keys at every level are sorted (apiVersion, kind, metadata lead at the top). */
function expectSortedKeys(value: unknown, top = true): void {
  if (Array.isArray(value)) {
    value.forEach((v) => expectSortedKeys(v, false));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const keys = Object.keys(value);
  const rest = top ? keys.filter((k) => !['apiVersion', 'kind', 'metadata'].includes(k)) : keys;
  expect(rest).toEqual([...rest].sort());
  for (const k of keys) expectSortedKeys((value as Record<string, unknown>)[k], false);
}

describe('VirtualMachine API', () => {
  it('GIVEN a VM with an instancetype, disks of every kind, data volumes and scheduling WHEN synthesized THEN the manifest matches the snapshot', () => {
    // GIVEN
    const chart = Testing.chart();
    const kvn = new KubeVirtNetworking(chart, 'kv');
    const passt = kvn.addBinding('passt', { sidecarImage: 'example.org/passt:1' });
    new VirtualMachine(chart, 'db', {
      namespace: 'vms',
      labels: { app: 'db' },
      annotations: { 'example.org/owner': 'platform' },
      templateAnnotations: { 'example.org/template': 'yes' },
      runStrategy: 'RerunOnFailure',
      instancetype: VmInstancetype.cluster('u1.large'),
      preference: VmPreference.cluster('fedora'),
      resources: { limits: { cpu: '4' } },
      interfaces: [
        { name: 'default', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod(), ports: [{ port: 5432, name: 'pg' }] },
        { name: 'storage', binding: passt, network: VmNetwork.multus('vms/storage-net') },
      ],
      disks: [
        VmDisk.dataVolume({ name: 'rootdisk', bootOrder: 1 }),
        VmDisk.persistentVolumeClaim({ name: 'data', claimName: 'db-data' }),
        VmDisk.cloudInitNoCloud({ name: 'cloudinit', userDataSecretRef: 'db-userdata', networkData: 'version: 2\n' }),
        VmDisk.containerDisk({ name: 'tools', image: 'example.org/tools:1', type: DiskType.CDROM, bus: 'sata' }),
      ],
      dataVolumeTemplates: [{
        name: 'rootdisk',
        spec: {
          sourceRef: { kind: 'DataSource', name: 'fedora', namespace: 'os-images' },
          storage: { resources: { requests: { storage: kv.VirtualMachineSpecDataVolumeTemplatesSpecStorageResourcesRequests.fromString('30Gi') } } },
        },
      }],
      nodeSelector: { 'kubernetes.io/arch': 'amd64' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }],
      evictionStrategy: 'LiveMigrate',
    });
    // WHEN
    const manifests = Testing.synth(chart);
    // THEN
    expect(manifests.find((m) => m.kind === 'VirtualMachine')).toMatchSnapshot();
  });

  it('GIVEN metadata props and metadata added later WHEN synthesized THEN the VM carries all of it, with the convenience props laid over metadata', () => {
    // GIVEN
    const chart = Testing.chart();
    const vm = new VirtualMachine(chart, 'vm', {
      metadata: { name: 'from-metadata', labels: { a: '1', b: '1' }, annotations: { x: '1' } },
      labels: { b: '2' },
      memory: '1Gi',
    });
    // WHEN
    vm.metadata.addAnnotation('example.org/added', 'later');
    vm.metadata.addLabel('c', '3');
    // THEN
    expect(vm.metadata).toBe(vm.apiObject.metadata);
    expect(vm.name).toBe('from-metadata');
    expect(vmOf(chart).metadata).toEqual({
      name: 'from-metadata',
      labels: { a: '1', b: '2', c: '3' },
      annotations: { 'x': '1', 'example.org/added': 'later' },
    });
  });

  it('GIVEN interfaces, disks and data volumes added after a first serialization WHEN serialized again THEN they are included', () => {
    // GIVEN
    const chart = Testing.chart();
    const vm = new VirtualMachine(chart, 'vm', { memory: '1Gi' });
    expect(vm.apiObject.toJson().spec.template.spec.networks).toBeUndefined();
    // WHEN
    vm.addInterface({ name: 'default', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod() });
    vm.addDisk(VmDisk.dataVolume({ name: 'root' }));
    vm.addDataVolumeTemplate({ name: 'root', spec: { sourceRef: { kind: 'DataSource', name: 'fedora' } } });
    // THEN
    const spec = vmOf(chart).spec;
    expect(spec.template.spec.networks).toEqual([{ name: 'default', pod: {} }]);
    expect(spec.template.spec.domain.devices).toEqual({
      disks: [{ name: 'root', disk: { bus: 'virtio' } }],
      interfaces: [{ name: 'default', masquerade: {} }],
    });
    expect(spec.template.spec.volumes).toEqual([{ name: 'root', dataVolume: { name: 'root' } }]);
    expect(spec.dataVolumeTemplates).toEqual([{ metadata: { name: 'root' }, spec: { sourceRef: { kind: 'DataSource', name: 'fedora' } } }]);
    expect(vm.interfaces.map((i) => i.name)).toEqual(['default']);
  });

  it('GIVEN an interface of the wrong shape added by a method WHEN synthesized THEN the method call is reported', () => {
    const chart = Testing.chart();
    const vm = new VirtualMachine(chart, 'vm', { memory: '1Gi' });
    vm.addInterface({ name: 'x', binding: 42 as any, network: VmNetwork.pod() });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/vm\] addInterface\("x"\)\.binding: expected a CoreBinding or a binding with a string name/);
  });

  it('GIVEN JSON patches on generated fields WHEN synthesized THEN they apply last, reach every field and keys stay sorted', () => {
    // GIVEN
    const chart = Testing.chart();
    const vm = new VirtualMachine(chart, 'vm', {
      memory: '1Gi',
      interfaces: [{ name: 'default', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod(), model: 'virtio' }],
    });
    // WHEN: patches, then an interface added after them
    vm.apiObject.addJsonPatch(
      JsonPatch.replace('/spec/template/spec/domain/devices/interfaces/0/model', 'e1000e'),
      JsonPatch.remove('/spec/runStrategy'),
      JsonPatch.add('/spec/template/spec/dnsPolicy', 'None'),
      JsonPatch.add('/spec/template/spec/domain/devices/autoattachSerialConsole', false),
      JsonPatch.add('/metadata/annotations', { b: '1', a: '2' }),
    );
    vm.addInterface({ name: 'sec', binding: CoreBinding.BRIDGE, network: VmNetwork.multus('net') });
    const first = Testing.synth(chart);
    const second = Testing.synth(chart);
    // THEN
    const out = first.find((m) => m.kind === 'VirtualMachine');
    expect(out.spec.runStrategy).toBeUndefined();
    expect(out.spec.template.spec.domain.devices.interfaces).toEqual([
      { name: 'default', masquerade: {}, model: 'e1000e' },
      { name: 'sec', bridge: {} },
    ]);
    expect(out.spec.template.spec.dnsPolicy).toBe('None');
    expectSortedKeys(out);
    expect(Object.keys(out)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    // the rules read the patched, serialized manifest
    expect((vm.apiObject as unknown as ILintable).lintManifest()).toBeUndefined();
  });

  it('GIVEN props of the wrong types WHEN the L1 object is made and serialized THEN it exists and nothing throws before validation', () => {
    // GIVEN
    const chart = Testing.chart();
    const vm = new VirtualMachine(chart, 'vm', { interfaces: 'none', disks: [null], cpu: 2, labels: 'x', metadata: 5 } as any);
    // THEN
    expect(vm.apiObject).toBeInstanceOf(kv.VirtualMachine);
    expect(() => vm.apiObject.toJson()).not.toThrow();
    expect(() => Testing.synth(chart)).toThrow(/props\.interfaces: expected a list; got "none"/);
  });

  it('GIVEN a binding that is not a NetworkBinding but has a name WHEN synthesized THEN the interface names it', () => {
    // GIVEN: an INetworkBinding of the user's own making, registered under the same name
    const chart = Testing.chart();
    new KubeVirtNetworking(chart, 'kv').addBinding('passt', { sidecarImage: 'example.org/p:1' });
    const own: INetworkBinding = { name: 'passt' };
    new VirtualMachine(chart, 'vm', { memory: '1Gi', interfaces: [{ name: 'net', binding: own, network: VmNetwork.pod() }] });
    // WHEN
    const out = vmOf(chart);
    // THEN
    expect(out.spec.template.spec.domain.devices.interfaces).toEqual([{ name: 'net', binding: { name: 'passt' } }]);
  });

  it('GIVEN open value sets WHEN a core method or network source the library does not list is used THEN it is written as given', () => {
    const chart = Testing.chart();
    const vm = new VirtualMachine(chart, 'vm', {
      memory: '1Gi',
      interfaces: [
        { name: 'a', binding: CoreBinding.of('slirp'), network: VmNetwork.fromJson({ pod: {}, name: 'ignored' }) },
        { name: 'b', binding: CoreBinding.SRIOV, network: VmNetwork.resourceClaim({ claimName: 'nics', requestName: 'vf' }) },
      ],
      resourceClaims: [{ name: 'nics', resourceClaimTemplateName: 'vf-template' }],
    });
    // (the rules reject core slirp on the newest release: serialized without a synth)
    const spec = vm.apiObject.toJson().spec.template.spec;
    expect(spec.domain.devices.interfaces).toEqual([{ name: 'a', slirp: {} }, { name: 'b', sriov: {} }]);
    expect(spec.networks).toEqual([{ name: 'a', pod: {} }, { name: 'b', resourceClaim: { claimName: 'nics', requestName: 'vf' } }]);
    expect(spec.resourceClaims).toEqual([{ name: 'nics', resourceClaimTemplateName: 'vf-template' }]);
    expect(CoreBinding.of('passtBinding')).toBe(CoreBinding.PASST);
  });

  it('GIVEN cloud-init disks with secret references WHEN synthesized THEN only the references are written, and no Secret', () => {
    const chart = Testing.chart();
    new VirtualMachine(chart, 'vm', {
      memory: '1Gi',
      disks: [
        VmDisk.cloudInitNoCloud({ name: 'nc', userDataSecretRef: 'ud', networkDataSecretRef: { name: 'nd' } }),
        VmDisk.cloudInitConfigDrive({ name: 'cd', userDataSecretRef: { name: 'ud2' }, userData: undefined }),
      ],
    });
    const out = Testing.synth(chart);
    expect(out.map((o) => o.kind)).toEqual(['VirtualMachine']);
    expect(out[0].spec.template.spec.volumes).toEqual([
      { name: 'nc', cloudInitNoCloud: { networkDataSecretRef: { name: 'nd' }, secretRef: { name: 'ud' } } },
      { name: 'cd', cloudInitConfigDrive: { secretRef: { name: 'ud2' } } },
    ]);
  });

  it('GIVEN instancetype and preference references WHEN rendered THEN each names its kind', () => {
    const chart = Testing.chart();
    new VirtualMachine(chart, 'a', { instancetype: VmInstancetype.namespaced('small'), preference: VmPreference.namespaced('linux') });
    new VirtualMachine(chart, 'b', { instancetype: VmInstancetype.inferFromVolume('root', { failurePolicy: 'Ignore' }), preference: VmPreference.inferFromVolume('root') });
    const [a, b] = Testing.synth(chart).map((o) => o.spec);
    expect(a.instancetype).toEqual({ kind: 'VirtualMachineInstancetype', name: 'small' });
    expect(a.preference).toEqual({ kind: 'VirtualMachinePreference', name: 'linux' });
    expect(a.template.spec.domain).toEqual({ devices: {} });
    expect(b.instancetype).toEqual({ inferFromVolume: 'root', inferFromVolumeFailurePolicy: 'Ignore' });
    expect(b.preference).toEqual({ inferFromVolume: 'root' });
  });
});

describe('VirtualMachine describePath', () => {
  const chart = Testing.chart();
  const passt = new KubeVirtNetworking(chart, 'kv').addBinding('passt', { sidecarImage: 'example.org/p:1' });
  const vm = new VirtualMachine(chart, 'vm', {
    memory: '1Gi',
    cpuCores: 2,
    interfaces: [
      { name: 'default', binding: CoreBinding.PASST, network: VmNetwork.pod() },
      { name: 'sec', binding: passt, network: VmNetwork.multus('net'), ports: [{ port: 80 }] },
      { name: 'old', binding: CoreBinding.of('slirp'), network: VmNetwork.pod() },
    ],
    disks: [VmDisk.containerDisk({ name: 'root', image: 'example.org/d:1' })],
    tolerations: [{ key: 'a' }],
  });

  it.each([
    [`${IFACES}[0].passtBinding`, 'interfaces[0].binding (CoreBinding.PASST)'],
    [`${IFACES}[2].slirp`, 'interfaces[2].binding (CoreBinding.of("slirp"))'],
    [`${IFACES}[1].binding.name`, 'interfaces[1].binding'],
    [`${IFACES}[1].ports[0].port`, 'interfaces[1].ports[0].port'],
    [`${IFACES}[1].name`, 'interfaces[1].name'],
    [`${IFACES}[1]`, 'interfaces[1]'],
    ['spec.template.spec.networks[0].multus.networkName', 'interfaces[0].network'],
    ['spec.template.spec.networks[1]', 'interfaces[1].network'],
    ['spec.template.spec.domain.devices.disks[0].disk.bus', 'disks[0]'],
    ['spec.template.spec.volumes[0].containerDisk.image', 'disks[0]'],
    ['spec.template.spec.domain.resources.requests.memory', 'memory'],
    ['spec.template.spec.domain.cpu.cores', 'cpuCores'],
    ['spec.template.spec.tolerations[0].key', 'tolerations[0].key'],
    ['spec.runStrategy', 'runStrategy'],
    ['metadata.name', 'name'],
  ])('GIVEN the wire path %s WHEN described THEN it is %s', (path, expected) => {
    expect(describePath(vm, path)).toBe(expected);
  });

  it.each([
    [`${IFACES}[5].name`],
    [`${IFACES}[0].dhcpOptions`],
    ['spec.template.spec.networks[9]'],
    ['spec.template.spec.volumes[3]'],
    ['spec.template.spec.dnsPolicy'],
    ['status'],
  ])('GIVEN the wire path %s that no prop makes WHEN described THEN it is undefined', (path) => {
    expect(describePath(vm, path)).toBeUndefined();
  });
});

describe('VirtualMachine property', () => {
  const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  const map = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 });
  const binding = fc.constantFrom<INetworkBinding | CoreBinding>(
    CoreBinding.MASQUERADE, CoreBinding.BRIDGE, CoreBinding.SRIOV, CoreBinding.PASST, CoreBinding.of('slirp'),
    { name: 'custom' },
  );
  const network = fc.constantFrom(
    VmNetwork.pod(), VmNetwork.multus('ns/net'), VmNetwork.multus('net', { default: true }),
    VmNetwork.resourceClaim({ claimName: 'c', requestName: 'r' }), VmNetwork.fromJson({}),
  );
  const iface: fc.Arbitrary<VmInterface> = fc.record({
    name: fc.string({ maxLength: 10 }),
    binding,
    network,
    model: optional(fc.string({ maxLength: 8 })),
    macAddress: optional(fc.string({ maxLength: 20 })),
    bootOrder: optional(fc.integer()),
    ports: optional(fc.array(fc.record({
      port: fc.integer(),
      name: optional(fc.string({ maxLength: 20 })),
      protocol: optional(fc.constantFrom<'TCP' | 'UDP'>('TCP', 'UDP')),
    }), { maxLength: 3 })),
  });
  const diskOpts = { name: fc.string({ maxLength: 8 }), bus: optional(fc.string({ maxLength: 6 })), bootOrder: optional(fc.integer()), type: optional(fc.constantFrom(DiskType.DISK, DiskType.CDROM, DiskType.LUN)) };
  const disk: fc.Arbitrary<VmDisk> = fc.oneof(
    fc.record({ ...diskOpts, image: fc.string() }).map((o) => VmDisk.containerDisk(o)),
    fc.record({ ...diskOpts, claimName: fc.string() }).map((o) => VmDisk.persistentVolumeClaim(o)),
    fc.record({ ...diskOpts, claimName: fc.string() }).map((o) => VmDisk.ephemeral(o)),
    fc.record(diskOpts).map((o) => VmDisk.dataVolume(o)),
    fc.record({ ...diskOpts, secret: fc.string() }).map((o) => VmDisk.secret(o)),
    fc.record({ ...diskOpts, configMap: fc.string() }).map((o) => VmDisk.configMap(o)),
    fc.record({ ...diskOpts, serviceAccount: fc.string() }).map((o) => VmDisk.serviceAccount(o)),
    fc.record({ ...diskOpts, userData: optional(fc.string()), userDataSecretRef: optional(fc.string()) }).map((o) => VmDisk.cloudInitNoCloud(o)),
    fc.record({ ...diskOpts, networkData: optional(fc.string()), networkDataSecretRef: optional(fc.string()) }).map((o) => VmDisk.cloudInitConfigDrive(o)),
  );
  const props: fc.Arbitrary<VirtualMachineProps> = fc.record({
    name: optional(fc.string({ maxLength: 12 })),
    namespace: optional(fc.string({ maxLength: 12 })),
    labels: optional(map),
    annotations: optional(map),
    templateLabels: optional(map),
    runStrategy: optional(fc.constantFrom<VirtualMachineProps['runStrategy']>('Always', 'Halted', 'Manual', 'RerunOnFailure', 'Once', 'WaitAsReceiver')),
    memory: optional(fc.string({ maxLength: 8 })),
    resources: optional(fc.record({ requests: optional(map), limits: optional(map) })),
    cpuCores: optional(fc.integer()),
    cpu: optional(fc.record({ cores: optional(fc.integer()), sockets: optional(fc.integer()), threads: optional(fc.integer()) })),
    instancetype: optional(fc.constantFrom(VmInstancetype.cluster('a'), VmInstancetype.namespaced('b'), VmInstancetype.inferFromVolume('root'))),
    preference: optional(fc.constantFrom(VmPreference.cluster('a'), VmPreference.namespaced('b'))),
    interfaces: optional(fc.array(iface, { maxLength: 4 })),
    disks: optional(fc.array(disk, { maxLength: 4 })),
    nodeSelector: optional(map),
    evictionStrategy: optional(fc.constantFrom<VirtualMachineProps['evictionStrategy']>('None', 'LiveMigrate', 'LiveMigrateIfPossible', 'External')),
    rng: optional(fc.boolean()),
    terminationGracePeriodSeconds: optional(fc.integer()),
  });

  it('GIVEN random type-valid props WHEN constructed and synthesized THEN nothing throws but validation errors', () => {
    fc.assert(fc.property(props, (p) => {
      // GIVEN
      const chart = Testing.chart();
      new KubeVirtNetworking(chart, 'kv').addBinding('custom', { sidecarImage: 'example.org/c:1' });
      // WHEN
      const vm = new VirtualMachine(chart, 'vm', p);
      expect(() => vm.apiObject.toJson()).not.toThrow();
      // THEN: a synth either passes or fails validation (findings of the rules, never a props problem)
      try {
        Testing.synth(chart);
      } catch (e) {
        const message = (e as Error).message;
        expect(message).toMatch(/^Validation failed with the following errors:\n/);
        expect(message).not.toMatch(/props\./);
      }
    }), { numRuns: 150 });
  });
});

describe('VirtualMachine specOverrides', () => {
  it('GIVEN typed overrides for fields no prop covers, and one a prop sets WHEN synthesized THEN they are in the spec in wire form and the prop wins', () => {
    // GIVEN
    const chart = Testing.chart();
    new VirtualMachine(chart, 'web', {
      memory: '1Gi',
      runStrategy: 'Halted',
      interfaces: [{ name: 'default', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod() }],
      specOverrides: {
        runStrategy: 'Always',
        template: {
          spec: {
            hostname: 'web-1',
            domain: {
              features: { acpi: {} },
              memory: { guest: kv.VirtualMachineSpecTemplateSpecDomainMemoryGuest.fromString('2Gi') },
            },
          },
        },
      },
    });
    // WHEN
    const [vm] = Testing.synth(chart);
    // THEN
    expect(vm.spec.runStrategy).toBe('Halted');
    expect(vm.spec.template.spec.hostname).toBe('web-1');
    expect(vm.spec.template.spec.domain.features).toEqual({ acpi: {} });
    expect(vm.spec.template.spec.domain.memory).toEqual({ guest: '2Gi' });
    expect(vm.spec.template.spec.domain.resources).toEqual({ requests: { memory: '1Gi' } });
    expect(vm.spec.template.spec.domain.devices.interfaces).toEqual([{ masquerade: {}, name: 'default' }]);
  });

  it('GIVEN an override of a list the props make WHEN synthesized THEN the props\' list wins whole', () => {
    const chart = Testing.chart();
    new VirtualMachine(chart, 'web', {
      memory: '1Gi',
      interfaces: [{ name: 'default', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod() }],
      specOverrides: { template: { spec: { domain: { devices: { interfaces: [{ name: 'extra', bridge: {} }] } } } } },
    });
    expect(Testing.synth(chart)[0].spec.template.spec.domain.devices.interfaces).toEqual([{ masquerade: {}, name: 'default' }]);
  });
});
