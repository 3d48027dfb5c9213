import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, JsonPatch, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import * as kv from '../imports/vm-kubevirt.io';
import { CniConfig, CoreBinding, DiskType, KubeVirtCluster, KubeVirtNetworking, NetworkAttachmentDefinition, VirtualMachine, VirtualMachineProps, VmDisk, VmInstancetype, VmNetwork, VmPreference } from '../src';
import { AppCheck } from '../src/app-check';
import type { ILintable } from '../src/app-check';
import { loadInputs } from '../src/lint/load';
import { lint } from '../src/rules';
import { KubeVirtVersion } from '../src/version';
import { renderVirtualMachineProps, TYPED_FORM } from '../src/vm';

/** Real manifests from public repos, beside the repo in CI (tests that use them skip the folder when it is absent). */
const WILD = path.resolve(__dirname, '..', '..', 'shared', 'wild');

function vmOf(chart: Chart) {
  return Testing.synth(chart).find((o) => o.kind === 'VirtualMachine');
}

describe('VirtualMachine', () => {
  it('GIVEN a binding interface, disks and settings WHEN synthesized THEN the spec carries each in KubeVirt\'s shape', () => {
    const chart = Testing.chart();
    const passt = new KubeVirtNetworking(chart, 'kv').addBinding('passt', { sidecarImage: 'example.org/passt:1' });
    new VirtualMachine(chart, 'web', {
      namespace: 'vms',
      labels: { app: 'web' },
      templateLabels: { app: 'web', tier: 'front' },
      runStrategy: 'Halted',
      memory: '2Gi',
      cpuCores: 2,
      interfaces: [
        { name: 'default', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod(), ports: [{ port: 80, name: 'http' }] },
        { name: 'sec', binding: passt, network: VmNetwork.multus('vms/sec-net', { default: false }), model: 'virtio', macAddress: '02:00:00:00:00:01' },
      ],
      disks: [VmDisk.containerDisk({ name: 'root', image: 'example.org/disk:1', bus: 'sata' }), VmDisk.cloudInitNoCloud({ name: 'ci', userData: '#cloud-config\n' })],
      terminationGracePeriodSeconds: 30,
    });
    new NetworkAttachmentDefinition(chart, 'sec-net', { namespace: 'vms', cni: CniConfig.plugin('1.0.0', { type: 'bridge' }) });
    expect(vmOf(chart)).toEqual({
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'web', namespace: 'vms', labels: { app: 'web' } },
      spec: {
        runStrategy: 'Halted',
        template: {
          metadata: { labels: { app: 'web', tier: 'front' } },
          spec: {
            domain: {
              cpu: { cores: 2 },
              devices: {
                disks: [{ name: 'root', disk: { bus: 'sata' } }, { name: 'ci', disk: { bus: 'virtio' } }],
                interfaces: [
                  { name: 'default', masquerade: {}, ports: [{ port: 80, name: 'http' }] },
                  { name: 'sec', binding: { name: 'passt' }, model: 'virtio', macAddress: '02:00:00:00:00:01' },
                ],
              },
              resources: { requests: { memory: '2Gi' } },
            },
            networks: [{ name: 'default', pod: {} }, { name: 'sec', multus: { networkName: 'vms/sec-net', default: false } }],
            terminationGracePeriodSeconds: 30,
            volumes: [{ name: 'root', containerDisk: { image: 'example.org/disk:1' } }, { name: 'ci', cloudInitNoCloud: { userData: '#cloud-config\n' } }],
          },
        },
      },
    });
  });

  it('GIVEN a NAD construct as multus network WHEN synthesized THEN networkName is its namespace/name', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'vms' });
    const nad = new NetworkAttachmentDefinition(chart, 'macvtapnetwork', { cni: CniConfig.plugin('0.3.1', { type: 'macvtap' }), annotations: { 'k8s.v1.cni.cncf.io/resourceName': 'macvtap.network.kubevirt.io/eth0' } });
    new VirtualMachine(chart, 'vm', { memory: '1Gi', interfaces: [{ name: 'sec', binding: CoreBinding.BRIDGE, network: VmNetwork.multus(nad) }] });
    expect(vmOf(chart).spec.template.spec.networks).toEqual([{ name: 'sec', multus: { networkName: 'vms/macvtapnetwork' } }]);
  });
});

describe('VirtualMachine serialization', () => {
  it('GIVEN every prop WHEN serialized THEN the output equals the generated L1 mapping of the same props', () => {
    const chart = Testing.chart();
    const passt = new KubeVirtNetworking(chart, 'kv').addBinding('passt', { sidecarImage: 'example.org/passt:1' });
    const props: VirtualMachineProps = {
      namespace: 'vms',
      metadata: { labels: { team: 'a' }, annotations: { 'example.org/a': '1' } },
      labels: { app: 'web' },
      annotations: { 'example.org/b': '2' },
      templateLabels: { tier: 'front' },
      templateAnnotations: { 'example.org/t': '3' },
      runStrategy: 'Manual',
      memory: '2Gi',
      resources: { requests: { cpu: '500m' }, limits: { memory: '3Gi', cpu: '2' } },
      cpuCores: 4,
      cpu: { sockets: 2, threads: 1 },
      instancetype: VmInstancetype.cluster('u1.medium'),
      preference: VmPreference.namespaced('fedora'),
      interfaces: [
        { name: 'default', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod(), ports: [{ port: 80, name: 'http', protocol: 'TCP' }], model: 'e1000e', macAddress: '02:00:00:00:00:02', pciAddress: '0000:81:00.1', bootOrder: 3 },
        { name: 'p', binding: passt, network: VmNetwork.multus('vms/n', { default: false }) },
        { name: 's', binding: CoreBinding.SRIOV, network: VmNetwork.multus('vms/sriov') },
        { name: 'b', binding: CoreBinding.BRIDGE, network: VmNetwork.multus('vms/br') },
        { name: 'd', binding: CoreBinding.of('passtBinding'), network: VmNetwork.resourceClaim({ claimName: 'nic', requestName: 'vf' }) },
        { name: 'x', binding: { name: 'custom' }, network: VmNetwork.fromJson({ multus: { networkName: 'x' } }) },
      ],
      disks: [
        VmDisk.containerDisk({ name: 'root', image: 'example.org/disk:1', imagePullPolicy: 'Always', bootOrder: 1 }),
        VmDisk.cloudInitNoCloud({ name: 'ci', userData: '#cloud-config\n', networkData: 'version: 2\n', bus: 'sata' }),
        VmDisk.cloudInitConfigDrive({ name: 'cd', userDataSecretRef: 'ud', networkDataSecretRef: { name: 'nd' } }),
        VmDisk.persistentVolumeClaim({ name: 'pvc', claimName: 'data', readOnly: true, type: DiskType.LUN }),
        VmDisk.dataVolume({ name: 'dv', bus: 'scsi' }),
        VmDisk.ephemeral({ name: 'eph', claimName: 'golden' }),
        VmDisk.secret({ name: 'sec', secret: 'creds', type: DiskType.CDROM }),
        VmDisk.configMap({ name: 'cm', configMap: 'conf', volumeLabel: 'CONF' }),
        VmDisk.serviceAccount({ name: 'sa', serviceAccount: 'default' }),
        // wire form: a quantity here would be a string, which the generated mapping (typed) does not take
        VmDisk.fromJson({ name: 'scratch', volume: { hostDisk: { path: '/var/x.img', type: 'DiskOrCreate' } } }),
      ],
      dataVolumeTemplates: [{
        name: 'dv',
        labels: { a: 'b' },
        spec: {
          sourceRef: { kind: 'DataSource', name: 'fedora', namespace: 'os-images' },
          storage: { resources: { requests: { storage: kv.VirtualMachineSpecDataVolumeTemplatesSpecStorageResourcesRequests.fromString('30Gi') } } },
        },
      }],
      resourceClaims: [{ name: 'nic', resourceClaimTemplateName: 'sriov-vf' }],
      nodeSelector: { 'kubernetes.io/arch': 'amd64' },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'vms', effect: 'NoSchedule' }],
      evictionStrategy: 'LiveMigrate',
      rng: true,
      terminationGracePeriodSeconds: 10,
    };
    const vm = new VirtualMachine(chart, 'web', props);
    const expected = kv.VirtualMachine.manifest(renderVirtualMachineProps('web', props, TYPED_FORM));
    // every field is there (the generated mapping drops keys it does not know)
    expect(Object.keys(expected.spec).sort()).toEqual(['dataVolumeTemplates', 'instancetype', 'preference', 'runStrategy', 'template']);
    expect(Object.keys(expected.spec.template.spec).sort()).toEqual(['affinity', 'domain', 'evictionStrategy', 'networks', 'nodeSelector', 'resourceClaims', 'terminationGracePeriodSeconds', 'tolerations', 'volumes']);
    expect(expected.spec.template.spec.volumes).toHaveLength(10);
    expect(expected.spec.dataVolumeTemplates[0].spec.storage.resources.requests.storage).toBe('30Gi');
    expect(vm.apiObject.toJson()).toEqual(expected);
    // the rules read the same manifest without serializing the spec
    expect((vm.apiObject as unknown as ILintable).lintManifest()).toEqual(expected);
  });

  it('GIVEN VMs with labels and annotations WHEN every rule runs for every release THEN no rule reads VM metadata but name, namespace, labels and annotations', async () => {
    // lintManifest() hands the rules a VM's metadata; this fails when a rule starts reading more than the rules need
    const loaded = await loadInputs([path.join(__dirname, 'fixtures', 'lint'), ...(fs.existsSync(WILD) ? [WILD] : [])]);
    const read = new Set<string>();
    const manifests = loaded.objects.map(({ manifest: m }) => {
      if (m.kind !== 'VirtualMachine' && m.kind !== 'VirtualMachineInstance') return m;
      const metadata = new Proxy({ labels: { a: 'b' }, annotations: { c: 'd' }, ...(m.metadata as object) }, {
        get(target, key, receiver) {
          if (typeof key === 'string') read.add(key);
          return Reflect.get(target, key, receiver);
        },
      });
      return { ...m, metadata };
    });
    expect(manifests.filter((m) => m.kind === 'VirtualMachine').length).toBeGreaterThan(0);
    for (const v of ['1.1', '1.1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8', '1.9']) lint(manifests, { version: KubeVirtVersion.of(v), strict: true });
    expect([...read].sort()).toEqual(['annotations', 'labels', 'name', 'namespace']);
  });

  it('GIVEN a JSON patch on the VM WHEN the rules read it THEN they get the serialized, patched manifest', () => {
    const chart = Testing.chart();
    const b = new KubeVirtNetworking(chart, 'kv').addBinding('slirp', { sidecarImage: 'example.org/s:1' });
    const vm = new VirtualMachine(chart, 'vm', { memory: '1Gi', interfaces: [{ name: 'net', binding: b, network: VmNetwork.pod() }] });
    expect((vm.apiObject as unknown as ILintable).lintManifest()).toBeDefined();
    vm.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/domain/devices/interfaces/0/model', 'virtio'));
    expect((vm.apiObject as unknown as ILintable).lintManifest()).toBeUndefined();
  });
});

describe('VirtualMachine with an app\'s own resolvers', () => {
  it('GIVEN a resolver that rewrites the VM\'s namespace and a network name WHEN synthesized THEN the rules check the resolved values', () => {
    // GIVEN: the NAD lives in "vms"; the VM says "env-ns" and "placeholder", which the app's resolver rewrites
    const app = Testing.app({
      resolvers: [{
        resolve(ctx) {
          if (ctx.value === 'env-ns') ctx.replaceValue('vms');
          if (ctx.value === 'placeholder') ctx.replaceValue('sec-net');
        },
      }],
    });
    const chart = new Chart(app, 'c');
    const b = new KubeVirtNetworking(chart, 'kv').addBinding('slirp', { sidecarImage: 'example.org/s:1' });
    new NetworkAttachmentDefinition(chart, 'sec-net', { namespace: 'vms', cni: CniConfig.plugin('1.0.0', { type: 'bridge' }) });
    const vm = new VirtualMachine(chart, 'web', {
      namespace: 'env-ns',
      memory: '1Gi',
      interfaces: [
        { name: 'net', binding: b, network: VmNetwork.pod() },
        { name: 'sec', binding: CoreBinding.BRIDGE, network: VmNetwork.multus('placeholder') },
      ],
    });
    // WHEN
    const manifests = Testing.synth(chart);
    // THEN: no finding about env-ns/placeholder, and the rules read the serialized manifest
    expect((vm.apiObject as unknown as ILintable).lintManifest()).toBeUndefined();
    const out = manifests.find((m) => m.kind === 'VirtualMachine');
    expect(out.metadata.namespace).toBe('vms');
    expect(out.spec.template.spec.networks[1].multus.networkName).toBe('sec-net');
    expect(AppCheck.of(app).warnings).toEqual([]);
  });
});

describe('VirtualMachine synth errors', () => {
  const synth = (build: (chart: Chart) => void) => () => {
    const chart = Testing.chart();
    build(chart);
    Testing.synth(chart);
  };

  it('GIVEN a binding that no cluster configuration in the app registers WHEN synthesized THEN the VM reports it with kubevirt\'s text', () => {
    const other = new KubeVirtNetworking(Testing.chart(), 'elsewhere').addBinding('passt', { sidecarImage: 'example.org/p:1' });
    expect(synth((c) => {
      new KubeVirtNetworking(c, 'kv').addBinding('slirp', { sidecarImage: 'example.org/s:1' });
      new VirtualMachine(c, 'vm', { memory: '1Gi', interfaces: [{ name: 'net', binding: other, network: VmNetwork.pod() }] });
    })).toThrow(/\[test\/vm\] interfaces\[0\]\.binding \(spec\.template\.spec\.domain\.devices\.interfaces\[0\]\.binding\.name\): binding "passt" is not registered in the cluster configuration \(registered: slirp\); .*unable to find the network binding plugin 'passt' in Kubevirt configuration/);
  });

  it('GIVEN a binding VM on 1.4 whose gate was disabled by an escape hatch WHEN synthesized THEN the gate error is reported', () => {
    expect(synth((root) => {
      const c = new Chart(new KubeVirtCluster(App.of(root), 'lab', { version: '1.4' }), 'c');
      const kv = new KubeVirtNetworking(c, 'kv');
      const b = kv.addBinding('slirp', { sidecarImage: 'example.org/s:1' });
      kv.apiObject.addJsonPatch(JsonPatch.remove('/spec/configuration/developerConfiguration/featureGates'));
      new VirtualMachine(c, 'vm', { memory: '1Gi', interfaces: [{ name: 'net', binding: b, network: VmNetwork.pod() }] });
    })).toThrow(/Binding plugins feature gate is not enabled/);
  });

  it('GIVEN an interface whose network was removed by an escape hatch WHEN synthesized THEN the pairing error is reported', () => {
    expect(synth((c) => {
      const b = new KubeVirtNetworking(c, 'kv').addBinding('slirp', { sidecarImage: 'example.org/s:1' });
      const vm = new VirtualMachine(c, 'vm', { memory: '1Gi', interfaces: [{ name: 'net', binding: b, network: VmNetwork.pod() }] });
      vm.apiObject.addJsonPatch(JsonPatch.replace('/spec/template/spec/networks/0/name', 'other'));
    })).toThrow(/interfaces\[0\]\.name.*'net' not found/);
  });

  it('GIVEN props of the wrong types WHEN synthesized THEN each is reported with its path and value, beside the rules\' findings', () => {
    // GIVEN: a number for memory and a string for a binding (type errors); a bad interface name (a value: the rules judge it)
    const run = synth((c) => {
      new VirtualMachine(c, 'a', { memory: 5 as any, interfaces: [{ name: 'bad name', binding: 'passt' as any, network: VmNetwork.pod() }] });
    });
    // THEN
    expect(run).toThrow(/\[test\/a\] props\.memory: expected a string; got 5/);
    expect(run).toThrow(/\[test\/a\] props\.interfaces\[0\]\.binding: expected a CoreBinding or a binding with a string name, such as KubeVirtNetworking\.addBinding\(\) returns; got "passt"/);
    expect(run).toThrow(/\[test\/a\] interfaces\[0\]\.name \(spec\.template\.spec\.domain\.devices\.interfaces\[0\]\.name\): interface name "bad name" has characters other than letters, digits, "-" and "_" .*\(interface-name-format/);
    // the missing binding method is the props error's consequence, so it is not reported again
    expect(run).not.toThrow(/binding-method-exactly-one/);
  });

  it('GIVEN a bad port number and a bad port name on one VM WHEN synthesized THEN the rules report both in one error', () => {
    const run = synth((c) => {
      new VirtualMachine(c, 'vm', {
        memory: '1Gi',
        interfaces: [{ name: 'default', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod(), ports: [{ port: 70000, name: 'Not_A_Name' }] }],
      });
    });
    let message = '';
    try { run(); } catch (e) { message = (e as Error).message; }
    expect(message).toMatch(/interfaces\[0\]\.ports\[0\]\.port \(spec[^)]*\): interface "default" port 70000 is out of range.*\(port-number/);
    expect(message).toMatch(/interfaces\[0\]\.ports\[0\]\.name \(spec[^)]*\): interface "default" port name "Not_A_Name" is not an IANA service name.*\(port-name-valid/);
    expect(message).not.toMatch(/props\./);
  });

  it('GIVEN a multus network whose NAD is in another namespace of the app WHEN synthesized THEN it says where the NAD is', () => {
    expect(synth((c) => {
      new NetworkAttachmentDefinition(c, 'br', { namespace: 'net', cni: CniConfig.plugin('1.0.0', { type: 'bridge' }) });
      new VirtualMachine(c, 'vm', { namespace: 'vms', memory: '1Gi', interfaces: [{ name: 'br', binding: CoreBinding.BRIDGE, network: VmNetwork.multus('br') }] });
    })).toThrow(/multus networkName "br" resolves to NetworkAttachmentDefinition vms\/br, which is not among the inputs, but net\/br is/);
  });
});
