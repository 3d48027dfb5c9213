/**
 * The library's own output, checked against the CRDs it was generated from (KubeVirt, VirtualMachine, NAD and
 * HyperConverged, from ../shared/crds). These tests need ../shared and skip, saying so, when it is absent.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { afterAll, describe, expect, it } from 'vitest';
import * as kv from '../../imports/vm-kubevirt.io';
import {
  BindingCni, BindingDownwardApi, BindingMigration, ClusterTarget, CniConfig, CoreBinding, DiskType, DomainAttachmentType,
  KubeVirtCluster, KubeVirtNetworking, NetworkAttachmentDefinition, VirtualMachine, VmDisk, VmInstancetype, VmNetwork,
  VmPreference,
} from '../../src';
import { buildApp } from '../../src/main';
import { runRules } from '../../src/rules/engine';
import type { Manifest } from '../../src/rules/types';
import { loadCrdFiles } from '../../src/schema/files';
import { schemaRule } from '../../src/schema/rule';
import type { CrdSet } from '../../src/schema/crd';
import { loadInputs } from '../../src/lint/load';

const SHARED_CRDS = path.resolve(__dirname, '..', '..', '..', 'shared', 'crds');
const HAVE_SHARED = fs.existsSync(SHARED_CRDS);
if (!HAVE_SHARED) console.warn(`test/schema/self-check.test.ts: ${SHARED_CRDS} is absent; the checks against the shared CRDs are skipped`);

/** Output folders of the example app, removed after the tests. */
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});
function scratchDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-schema-'));
  scratch.push(dir);
  return dir;
}

let cached: CrdSet | undefined;
const crds = () => (cached ??= loadCrdFiles([SHARED_CRDS]));

/** Every schema finding on the manifests, as `Kind name path: message` lines (empty when all validate). */
function schemaProblems(manifests: readonly Manifest[]): string[] {
  return runRules([schemaRule(crds())], manifests).map((f) => `${f.object.kind} ${f.object.name} ${f.path}: ${f.message}`);
}

/** The kinds that a CRD covers, so a test cannot pass by checking nothing. */
function coveredKinds(manifests: readonly Manifest[]): string[] {
  const set = crds();
  return [...new Set(manifests.filter((m) => set.find(String(m.apiVersion).split('/')[0], String(m.kind))).map((m) => String(m.kind)))].sort();
}

/** A VM-heavy chart: every VirtualMachine prop, disks of every kind, every binding option, NADs of both kinds. */
function vmHeavyManifests(): Manifest[] {
  const app = Testing.app();
  const cluster = new KubeVirtCluster(app, 'prod', { version: '1.9' });
  const config = new KubeVirtNetworking(new Chart(cluster, 'config'), 'kubevirt', {
    featureGates: ['Snapshot', 'NetworkDevicesWithDRA'],
    disabledFeatureGates: ['ExpandDisks'],
    spec: { configuration: { obsoleteCPUModels: { '486': true } } },
  });
  const chart = new Chart(cluster, 'workloads', { namespace: 'vms' });
  const nad = new NetworkAttachmentDefinition(chart, 'netbindingpasst', { cni: BindingCni.passt() });
  new NetworkAttachmentDefinition(chart, 'chained', {
    cni: CniConfig.chain('1.0.0', [{ type: 'bridge', bridge: 'br1' }, { type: 'tuning' }]),
    annotations: { 'k8s.v1.cni.cncf.io/resourceName': 'example.org/br1' },
    labels: { team: 'net' },
  });
  config.addBinding('passt', {
    sidecarImage: 'quay.io/kubevirt/network-passt-binding:20231205_29a16d5c9',
    networkAttachmentDefinition: nad,
    memoryOverhead: '500Mi',
    migration: BindingMigration.linkRefresh(),
    downwardApi: BindingDownwardApi.DEVICE_INFO,
  });
  const tap = config.addBinding('mytap', {
    domainAttachmentType: DomainAttachmentType.MANAGED_TAP,
    migration: BindingMigration.migratable(),
  });
  new VirtualMachine(chart, 'db', {
    labels: { app: 'db' },
    annotations: { 'example.org/owner': 'platform' },
    templateLabels: { app: 'db', tier: 'data' },
    templateAnnotations: { 'example.org/template': 'yes' },
    runStrategy: 'RerunOnFailure',
    instancetype: VmInstancetype.cluster('u1.large'),
    preference: VmPreference.namespaced('fedora'),
    interfaces: [
      { name: 'default', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod(), model: 'virtio', ports: [{ port: 5432, name: 'pg', protocol: 'TCP' }] },
      { name: 'storage', binding: CoreBinding.BRIDGE, network: VmNetwork.multus(nad), macAddress: '02:00:00:00:00:01', pciAddress: '0000:81:00.1', bootOrder: 3 },
      { name: 'tapnet', binding: tap, network: VmNetwork.multus('vms/chained', { default: false }) },
    ],
    disks: [
      VmDisk.dataVolume({ name: 'rootdisk', bootOrder: 1 }),
      VmDisk.persistentVolumeClaim({ name: 'data', claimName: 'db-data', readOnly: false }),
      VmDisk.persistentVolumeClaim({ name: 'hot', claimName: 'db-hot', hotpluggable: true }),
      VmDisk.ephemeral({ name: 'scratch', claimName: 'scratch-base' }),
      VmDisk.containerDisk({ name: 'tools', image: 'example.org/tools:1', type: DiskType.CDROM, bus: 'sata', imagePullPolicy: 'IfNotPresent', path: '/disk/tools.iso' }),
      VmDisk.secret({ name: 'creds', secret: 'db-creds', optional: true, volumeLabel: 'CREDS' }),
      VmDisk.configMap({ name: 'conf', configMap: { name: 'db-conf' }, volumeLabel: 'CONF' }),
      VmDisk.serviceAccount({ name: 'sa', serviceAccount: 'db' }),
      VmDisk.cloudInitNoCloud({ name: 'cloudinit', userDataSecretRef: 'db-userdata', networkData: 'version: 2\n' }),
      VmDisk.fromJson({ name: 'lun', type: DiskType.LUN, volume: { persistentVolumeClaim: { claimName: 'db-lun' } } }),
    ],
    dataVolumeTemplates: [{
      name: 'rootdisk',
      labels: { app: 'db' },
      annotations: { 'cdi.kubevirt.io/storage.bind.immediate.requested': 'true' },
      spec: {
        sourceRef: { kind: 'DataSource', name: 'fedora', namespace: 'os-images' },
        storage: { resources: { requests: { storage: kv.VirtualMachineSpecDataVolumeTemplatesSpecStorageResourcesRequests.fromString('30Gi') } } },
      },
    }],
    nodeSelector: { 'kubernetes.io/arch': 'amd64' },
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'node-role.kubernetes.io/worker', operator: 'Exists' }] }],
        },
      },
    },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule', tolerationSeconds: 30 }],
    evictionStrategy: 'LiveMigrate',
    rng: true,
    terminationGracePeriodSeconds: 60,
    specOverrides: { template: { spec: { hostname: 'db-1', domain: { features: { acpi: {} } } } } },
  });
  new VirtualMachine(chart, 'web', {
    name: 'web-1',
    memory: '2Gi',
    cpu: { cores: 2, sockets: 1, threads: 1 },
    resources: { requests: { memory: '2Gi', cpu: '500m' }, limits: { cpu: '2' } },
    interfaces: [{ name: 'default', binding: CoreBinding.BRIDGE, network: VmNetwork.pod() }],
    disks: [
      VmDisk.containerDisk({ name: 'containerdisk', image: 'quay.io/containerdisks/fedora:40' }),
      VmDisk.cloudInitConfigDrive({ name: 'cloudinit', userData: '#cloud-config\nssh_pwauth: false\n', networkDataSecretRef: { name: 'web-net' } }),
    ],
    runStrategy: 'Halted',
  });
  new VirtualMachine(chart, 'small', {
    metadata: { name: 'small', labels: { a: '1' } },
    memory: '512Mi',
    cpuCores: 1,
    instancetype: VmInstancetype.inferFromVolume('root', { failurePolicy: 'Ignore' }),
    preference: VmPreference.inferFromVolume('root'),
    interfaces: [{ name: 'default', binding: CoreBinding.of('passtBinding'), network: VmNetwork.pod() }],
    disks: [VmDisk.dataVolume({ name: 'root', dataVolumeName: 'small-root', hotpluggable: false })],
  });
  const dra = new VirtualMachine(chart, 'dra', {
    memory: '1Gi',
    resourceClaims: [{ name: 'nic', resourceClaimTemplateName: 'sriov-nic' }, { name: 'gpu', resourceClaimName: 'gpu-0' }],
    interfaces: [{ name: 'sriov', binding: CoreBinding.SRIOV, network: VmNetwork.resourceClaim({ claimName: 'nic', requestName: 'vf' }) }],
    disks: [VmDisk.containerDisk({ name: 'containerdisk', image: 'quay.io/containerdisks/fedora:40' })],
  });
  dra.addInterface({ name: 'extra', binding: CoreBinding.MASQUERADE, network: VmNetwork.fromJson({ pod: {} }) });
  dra.addDisk(VmDisk.containerDisk({ name: 'more', image: 'quay.io/containerdisks/fedora:40', bus: 'virtio' }));
  dra.addDataVolumeTemplate({ name: 'unused', spec: { source: { blank: {} }, storage: { accessModes: ['ReadWriteOnce'] } } });
  return Testing.synth(chart).concat(Testing.synth(config.node.scope as Chart)) as Manifest[];
}

/** HyperConverged CRs of both API versions, with registrations. */
function hcoManifests(): Manifest[] {
  const out: Manifest[] = [];
  for (const target of [ClusterTarget.HCO_V1BETA1, ClusterTarget.HCO_V1]) {
    const app = Testing.app();
    const cluster = new KubeVirtCluster(app, 'hco', { version: '1.4', target });
    const chart = new Chart(cluster, 'config');
    const config = new KubeVirtNetworking(chart, 'hco');
    config.addBinding('passt', { sidecarImage: 'quay.io/kubevirt/network-passt-binding:20231205_29a16d5c9', networkAttachmentDefinition: 'default/netbindingpasst', memoryOverhead: '500Mi' });
    config.addBinding('mytap', { domainAttachmentType: DomainAttachmentType.MANAGED_TAP, migration: BindingMigration.migratable() });
    out.push(...(Testing.synth(chart) as Manifest[]));
  }
  return out;
}

describe.skipIf(!HAVE_SHARED)('the library\'s output against the CRDs it was generated from (needs ../shared/crds)', () => {
  it('GIVEN the example app (src/main.ts) WHEN every object is validated against the shared CRDs THEN none has a schema problem', () => {
    // GIVEN
    const app = buildApp(scratchDir());
    const manifests = app.charts.flatMap((c) => c.toJson()) as Manifest[];
    // WHEN
    const problems = schemaProblems(manifests);
    // THEN
    expect(coveredKinds(manifests)).toEqual(['KubeVirt', 'NetworkAttachmentDefinition', 'VirtualMachine']);
    expect(problems).toEqual([]);
  });

  it('GIVEN a VM-heavy app with every VirtualMachine prop WHEN every object is validated against the shared CRDs THEN none has a schema problem', () => {
    // GIVEN
    const manifests = vmHeavyManifests();
    // WHEN
    const problems = schemaProblems(manifests);
    // THEN
    expect(manifests.filter((m) => m.kind === 'VirtualMachine')).toHaveLength(4);
    expect(coveredKinds(manifests)).toEqual(['KubeVirt', 'NetworkAttachmentDefinition', 'VirtualMachine']);
    expect(problems).toEqual([]);
  });

  it('GIVEN HyperConverged configurations of both API versions WHEN validated against the shared HCO CRD THEN none has a schema problem', () => {
    const manifests = hcoManifests();
    expect(manifests.map((m) => m.apiVersion)).toEqual(['hco.kubevirt.io/v1beta1', 'hco.kubevirt.io/v1']);
    expect(schemaProblems(manifests)).toEqual([]);
  });

  it('GIVEN the committed dist/*.yaml WHEN read by the linter and validated against the shared CRDs THEN none has a schema problem', async () => {
    const dist = path.resolve(__dirname, '..', '..', 'dist');
    const loaded = await loadInputs([dist]);
    expect(loaded.problems).toEqual([]);
    const manifests = loaded.objects.map((o) => o.manifest);
    expect(manifests.length).toBeGreaterThan(0);
    expect(coveredKinds(manifests)).toEqual(['KubeVirt', 'NetworkAttachmentDefinition', 'VirtualMachine']);
    expect(schemaProblems(manifests)).toEqual([]);
  });

  it('GIVEN a VM of the example app with one field broken WHEN validated THEN the check reports it (it is not vacuous)', () => {
    const app = buildApp(scratchDir());
    const manifests = JSON.parse(JSON.stringify(app.charts.flatMap((c) => c.toJson()))) as Manifest[];
    const vm = manifests.find((m) => m.kind === 'VirtualMachine') as { spec: { template: { spec: { domain: { devices: { interfaces: Array<Record<string, unknown>> } } } } } };
    vm.spec.template.spec.domain.devices.interfaces[0].bindng = { name: 'x' };
    expect(schemaProblems(manifests)).toEqual([
      'VirtualMachine vm-net-binding-slirp spec.template.spec.domain.devices.interfaces[0].bindng: unknown field "bindng": the api server drops it and kubectl apply rejects it; did you mean "binding"? fields here: acpiIndex, binding, bootOrder, bridge, dhcpOptions, macAddress, macvtap, masquerade, model, name, passt, passtBinding, ... (19 in all)',
    ]);
  });
});
