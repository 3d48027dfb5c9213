import {
  ApiObject, ApiObjectMetadata, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, JsonPatch, LazyResolver,
  Lazy, NumberStringUnionResolver,
} from 'cdk8s';
import { Construct } from 'constructs';
import { Schema, shape as z } from './shape';
import * as kv from '../imports/vm-kubevirt.io';
import { sortedAfterPatches } from './api-object';
import { AppCheck, ILintable } from './app-check';
import { INetworkBinding } from './binding';
import { mergeOver } from './json';
import { INetworkAttachmentDefinition, NetworkAttachmentDefinition } from './nad';
import { NetworkBinding } from './networking';
import { checkProps, propErrors } from './props';
import { instanceOf } from './schemas';

type Json = Record<string, unknown>;

/**
 * A core interface binding method, one that needs no registration (kubevirt
 * staging/src/kubevirt.io/api/core/v1/schema.go@v1.8.0 InterfaceBindingMethod). The set is open: `CoreBinding.of()`
 * names a method the library does not list (e.g. the discontinued `slirp` of older releases); the rules judge
 * whether the target release knows it.
 */
export class CoreBinding {
  /** `masquerade: {}`: NAT behind the pod IP; pod network only. */
  public static readonly MASQUERADE = new CoreBinding('masquerade', 'CoreBinding.MASQUERADE');
  /** `bridge: {}`: the VM takes the pod interface's address. */
  public static readonly BRIDGE = new CoreBinding('bridge', 'CoreBinding.BRIDGE');
  /** `sriov: {}`: an SR-IOV virtual function; multus networks only. */
  public static readonly SRIOV = new CoreBinding('sriov', 'CoreBinding.SRIOV');
  /** `passtBinding: {}`: the core passt binding of KubeVirt 1.8 and newer; pod network only. */
  public static readonly PASST = new CoreBinding('passtBinding', 'CoreBinding.PASST');

  /**
   * The core method whose interface field is `field` (`<field>: {}` on the interface): one of the constants above
   * when it names one of theirs, a new method otherwise.
   */
  public static of(field: string): CoreBinding {
    return KNOWN_CORE_BINDINGS.find((b) => b.field === field) ?? new CoreBinding(field, `CoreBinding.of(${JSON.stringify(field)})`);
  }

  private constructor(
    /** The interface field that selects the method. */
    public readonly field: string,
    /** How the library's API spells it, for messages. */
    public readonly apiName: string,
  ) {}
}

const KNOWN_CORE_BINDINGS = [CoreBinding.MASQUERADE, CoreBinding.BRIDGE, CoreBinding.SRIOV, CoreBinding.PASST];

/**
 * The network an interface attaches to (`spec.template.spec.networks[]`, named like the interface). The set is open:
 * `VmNetwork.fromJson()` takes a source the library does not model.
 */
export class VmNetwork {
  /** The pod network (`pod: {}`). */
  public static pod(): VmNetwork {
    return new VmNetwork(() => ({ pod: {} }));
  }

  /**
   * A Multus secondary network: a NAD construct, one created elsewhere (`NetworkAttachmentDefinition.fromName()`),
   * or its reference as `name` (in the VM's namespace) or `namespace/name`. `default: true` makes it the pod's
   * default network instead of the pod network.
   */
  public static multus(nad: INetworkAttachmentDefinition | string, options: VmMultusOptions = {}): VmNetwork {
    const network = new VmNetwork(() => ({
      multus: defined({ networkName: typeof nad === 'string' ? nad : nad?.reference, default: options?.default }),
    }));
    if (nad instanceof NetworkAttachmentDefinition) network.nad = nad;
    return network;
  }

  /**
   * A network backed by a DRA resource claim (`resourceClaim: {claimName, requestName}`, KubeVirt 1.9 and newer,
   * NetworkDevicesWithDRA gate; kubevirt pkg/network/admitter/dra.go@v1.9.0). `claimName` names an entry of the VM's
   * `resourceClaims`.
   */
  public static resourceClaim(options: VmResourceClaimNetworkOptions): VmNetwork {
    return new VmNetwork(() => ({ resourceClaim: defined({ claimName: options?.claimName, requestName: options?.requestName }) }));
  }

  /**
   * Any network source in wire form, e.g. `{ multus: { networkName: 'x' } }` or a source of a newer release the
   * library does not model. The `name` is the interface's; a `name` given here is ignored.
   */
  public static fromJson(source: Record<string, unknown>): VmNetwork {
    return new VmNetwork(() => {
      const out: Json = {};
      if (isRecord(source)) for (const k of Object.keys(source)) if (k !== 'name') out[k] = source[k];
      return out as Omit<kv.VirtualMachineSpecTemplateSpecNetworks, 'name'>;
    });
  }

  /** The NAD construct the network uses, when it is one of the app's. */
  private nad?: NetworkAttachmentDefinition;

  private constructor(private readonly source: () => Omit<kv.VirtualMachineSpecTemplateSpecNetworks, 'name'>) {}

  /** @internal the NAD construct behind the network, if any */
  public get _nad(): NetworkAttachmentDefinition | undefined {
    return this.nad;
  }

  /** @internal */
  public _render(name: string): kv.VirtualMachineSpecTemplateSpecNetworks {
    return Object.assign({ name }, this.source());
  }
}

/** Options of `VmNetwork.multus()`. */
export interface VmMultusOptions {
  /**
   * Use the network as the pod's default network, in place of the pod network.
   * @default - not set (KubeVirt: false)
   */
  readonly default?: boolean;
}

/** Options of `VmNetwork.resourceClaim()`. */
export interface VmResourceClaimNetworkOptions {
  /** The name of an entry of the VM's `resourceClaims`. */
  readonly claimName: string;
  /** The request of the claim that provides the device. */
  readonly requestName: string;
}

/** A port exposed on an interface. */
export interface VmPort {
  /** The port number; the rules check it is from 1 to 65535. */
  readonly port: number;
  /**
   * An IANA service name (the rules check its form).
   * @default - no name
   */
  readonly name?: string;
  /** @default 'TCP' (KubeVirt's default) */
  readonly protocol?: 'TCP' | 'UDP';
}

/** One interface of the VM, with the network it attaches to (both get the interface's name). */
export interface VmInterface {
  /** The interface and network name: letters, digits, `-` and `_` (kubevirt pkg/network/admitter/netiface.go:127-137). */
  readonly name: string;
  /**
   * A registered binding plugin (from `KubeVirtNetworking.addBinding()`, or any `INetworkBinding`: its `name` is
   * written as `binding: {name}`), or a core binding method.
   */
  readonly binding: INetworkBinding | CoreBinding;
  /** The network the interface attaches to. */
  readonly network: VmNetwork;
  /** @default - KubeVirt's default (virtio) */
  readonly model?: string;
  /** @default - assigned by KubeVirt */
  readonly macAddress?: string;
  /** @default - assigned by KubeVirt */
  readonly pciAddress?: string;
  /** @default - not a boot device */
  readonly bootOrder?: number;
  /** @default - none */
  readonly ports?: VmPort[];
}

/** How a disk is presented to the guest (`disk`, `cdrom` or `lun` on `domain.devices.disks[]`). */
export class DiskType {
  /** A plain disk (`disk: {}`). */
  public static readonly DISK = new DiskType('disk');
  /** A CD-ROM (`cdrom: {}`), read-only. */
  public static readonly CDROM = new DiskType('cdrom');
  /** A SCSI LUN (`lun: {}`). */
  public static readonly LUN = new DiskType('lun');

  private constructor(
    /** The disk field. */
    public readonly field: string,
  ) {}
}

/** How a disk is attached, common to every `VmDisk` factory. */
export interface VmDiskOptions {
  /** The disk and volume name. */
  readonly name: string;
  /**
   * The bus (`virtio`, `sata`, `scsi`, `usb`; the rules judge the value).
   * @default 'virtio' for `DiskType.DISK`; KubeVirt's default for the others
   */
  readonly bus?: string;
  /**
   * The disk's place in the boot order (1 boots first).
   * @default - KubeVirt's default order
   */
  readonly bootOrder?: number;
  /** @default DiskType.DISK */
  readonly type?: DiskType;
}

/** A secret given by name, or any object with a `name` (such as a cdk8s-plus `Secret`). */
export type SecretReference = string | { readonly name: string };

/** Options of the cloud-init disks. Secret references are written as references: no Secret content is written. */
export interface VmCloudInitOptions extends VmDiskOptions {
  /** @default - none */
  readonly userData?: string;
  /** User data from a Secret's `userdata` (or `userData`) key (`secretRef`). @default - none */
  readonly userDataSecretRef?: SecretReference;
  /** Network data (cloud-init network config v1 or v2). @default - none */
  readonly networkData?: string;
  /** Network data from a Secret's `networkdata` (or `networkData`) key (`networkDataSecretRef`). @default - none */
  readonly networkDataSecretRef?: SecretReference;
}

/**
 * A disk (`domain.devices.disks[]`) and the volume behind it (`volumes[]`), both with the disk's name. The set is
 * open: `VmDisk.fromJson()` takes any volume source in wire form.
 */
export class VmDisk {
  /** A container disk image (ephemeral; `containerDisk: {image}`). */
  public static containerDisk(options: VmDiskOptions & { readonly image: string; readonly imagePullPolicy?: string; readonly path?: string }): VmDisk {
    return new VmDisk(options, { containerDisk: defined({ image: options?.image, imagePullPolicy: options?.imagePullPolicy, path: options?.path }) });
  }

  /** A PersistentVolumeClaim (`persistentVolumeClaim: {claimName}`). */
  public static persistentVolumeClaim(options: VmDiskOptions & { readonly claimName: string; readonly readOnly?: boolean; readonly hotpluggable?: boolean }): VmDisk {
    return new VmDisk(options, {
      persistentVolumeClaim: defined({ claimName: options?.claimName, hotpluggable: options?.hotpluggable, readOnly: options?.readOnly }),
    });
  }

  /**
   * A DataVolume (`dataVolume: {name}`): one of the VM's `dataVolumeTemplates`, or an existing DataVolume.
   * `dataVolumeName` defaults to the disk's name.
   */
  public static dataVolume(options: VmDiskOptions & { readonly dataVolumeName?: string; readonly hotpluggable?: boolean }): VmDisk {
    return new VmDisk(options, { dataVolume: defined({ name: options?.dataVolumeName ?? options?.name, hotpluggable: options?.hotpluggable }) });
  }

  /** A PVC used read-only, with writes going to a temporary image discarded when the VM stops (`ephemeral`). */
  public static ephemeral(options: VmDiskOptions & { readonly claimName: string }): VmDisk {
    return new VmDisk(options, { ephemeral: { persistentVolumeClaim: { claimName: options?.claimName, readOnly: true } } });
  }

  /** A Secret presented as a disk (`secret: {secretName}`); its contents are not written here. */
  public static secret(options: VmDiskOptions & { readonly secret: SecretReference; readonly optional?: boolean; readonly volumeLabel?: string }): VmDisk {
    return new VmDisk(options, { secret: defined({ secretName: refName(options?.secret), optional: options?.optional, volumeLabel: options?.volumeLabel }) });
  }

  /** A ConfigMap presented as a disk (`configMap: {name}`). */
  public static configMap(options: VmDiskOptions & { readonly configMap: string | { readonly name: string }; readonly optional?: boolean; readonly volumeLabel?: string }): VmDisk {
    return new VmDisk(options, { configMap: defined({ name: refName(options?.configMap), optional: options?.optional, volumeLabel: options?.volumeLabel }) });
  }

  /** A ServiceAccount's token presented as a disk (`serviceAccount: {serviceAccountName}`). */
  public static serviceAccount(options: VmDiskOptions & { readonly serviceAccount: string | { readonly name: string } }): VmDisk {
    return new VmDisk(options, { serviceAccount: { serviceAccountName: refName(options?.serviceAccount) } });
  }

  /** A NoCloud cloud-init disk (`cloudInitNoCloud`). */
  public static cloudInitNoCloud(options: VmCloudInitOptions): VmDisk {
    return new VmDisk(options, { cloudInitNoCloud: cloudInit(options) });
  }

  /** A ConfigDrive cloud-init disk (`cloudInitConfigDrive`). */
  public static cloudInitConfigDrive(options: VmCloudInitOptions): VmDisk {
    return new VmDisk(options, { cloudInitConfigDrive: cloudInit(options) });
  }

  /**
   * Any volume source in wire form, e.g. `{ emptyDisk: { capacity: '2Gi' } }` or `{ hostDisk: {...} }`; the
   * volume's `name` is the disk's.
   */
  public static fromJson(options: VmDiskOptions & { readonly volume: Record<string, unknown> }): VmDisk {
    const volume: Json = {};
    if (isRecord(options?.volume)) for (const k of Object.keys(options.volume)) if (k !== 'name') volume[k] = options.volume[k];
    return new VmDisk(options, volume as Omit<kv.VirtualMachineSpecTemplateSpecVolumes, 'name'>);
  }

  /** The disk and volume name. */
  public readonly name: string;
  private readonly bus?: string;
  private readonly bootOrder?: number;
  private readonly type: DiskType;

  private constructor(options: VmDiskOptions, private readonly volume: Omit<kv.VirtualMachineSpecTemplateSpecVolumes, 'name'>) {
    this.name = options?.name;
    this.bus = options?.bus;
    this.bootOrder = options?.bootOrder;
    this.type = options?.type instanceof DiskType ? options.type : DiskType.DISK;
  }

  /** @internal */
  public _disk(): kv.VirtualMachineSpecTemplateSpecDomainDevicesDisks {
    const bus = this.bus ?? (this.type === DiskType.DISK ? 'virtio' : undefined);
    const out: Json = { name: this.name };
    if (this.bootOrder !== undefined) out.bootOrder = this.bootOrder;
    out[this.type.field] = bus !== undefined ? { bus } : {};
    return out as unknown as kv.VirtualMachineSpecTemplateSpecDomainDevicesDisks;
  }

  /** @internal */
  public _volume(): kv.VirtualMachineSpecTemplateSpecVolumes {
    return Object.assign({ name: this.name }, this.volume);
  }
}

function refName(ref: string | { readonly name: string } | undefined): string | undefined {
  return typeof ref === 'string' ? ref : ref?.name;
}

/**
 * A cloud-init source. A secret reference is `{name}` (kubevirt staging/src/kubevirt.io/api/core/v1/schema.go@v1.4.0
 * CloudInitNoCloudSource and CloudInitConfigDriveSource: `secretRef` for user data, `networkDataSecretRef`).
 */
function cloudInit(o: VmCloudInitOptions): kv.VirtualMachineSpecTemplateSpecVolumesCloudInitNoCloud {
  const user = refName(o?.userDataSecretRef);
  const network = refName(o?.networkDataSecretRef);
  return defined({
    networkData: o?.networkData,
    networkDataSecretRef: network !== undefined ? { name: network } : undefined,
    secretRef: user !== undefined ? { name: user } : undefined,
    userData: o?.userData,
  });
}

/** A reference to an instancetype (`spec.instancetype`). */
export class VmInstancetype {
  /** A cluster-wide `VirtualMachineClusterInstancetype`. */
  public static cluster(name: string): VmInstancetype {
    return new VmInstancetype({ kind: 'VirtualMachineClusterInstancetype', name });
  }

  /** A `VirtualMachineInstancetype` in the VM's namespace. */
  public static namespaced(name: string): VmInstancetype {
    return new VmInstancetype({ kind: 'VirtualMachineInstancetype', name });
  }

  /**
   * The instancetype named by the labels of a volume's source (`inferFromVolume`; kubevirt
   * staging/src/kubevirt.io/api/core/v1/types.go@v1.4.0 InstancetypeMatcher).
   */
  public static inferFromVolume(volumeName: string, options: { readonly failurePolicy?: 'Reject' | 'Ignore' } = {}): VmInstancetype {
    return new VmInstancetype(defined({ inferFromVolume: volumeName, inferFromVolumeFailurePolicy: options?.failurePolicy }));
  }

  private constructor(private readonly value: kv.VirtualMachineSpecInstancetype) {}

  /** @internal */
  public _render(): kv.VirtualMachineSpecInstancetype {
    return { ...this.value };
  }
}

/** A reference to a preference (`spec.preference`). */
export class VmPreference {
  /** A cluster-wide `VirtualMachineClusterPreference`. */
  public static cluster(name: string): VmPreference {
    return new VmPreference({ kind: 'VirtualMachineClusterPreference', name });
  }

  /** A `VirtualMachinePreference` in the VM's namespace. */
  public static namespaced(name: string): VmPreference {
    return new VmPreference({ kind: 'VirtualMachinePreference', name });
  }

  /** The preference named by the labels of a volume's source (`inferFromVolume`). */
  public static inferFromVolume(volumeName: string, options: { readonly failurePolicy?: 'Reject' | 'Ignore' } = {}): VmPreference {
    return new VmPreference(defined({ inferFromVolume: volumeName, inferFromVolumeFailurePolicy: options?.failurePolicy }));
  }

  private constructor(private readonly value: kv.VirtualMachineSpecPreference) {}

  /** @internal */
  public _render(): kv.VirtualMachineSpecPreference {
    return { ...this.value };
  }
}

/** A DataVolume the VM creates with itself (`spec.dataVolumeTemplates[]`); mount it with `VmDisk.dataVolume()`. */
export interface VmDataVolumeTemplate {
  /** The DataVolume's name. */
  readonly name: string;
  /** @default - none */
  readonly labels?: Record<string, string>;
  /** @default - none */
  readonly annotations?: Record<string, string>;
  /** The DataVolume spec, typed as the VM CRD has it (quantities through the generated classes' `fromString`). */
  readonly spec: kv.VirtualMachineSpecDataVolumeTemplatesSpec;
}

/** A DRA resource claim of the VM (`spec.template.spec.resourceClaims[]`). */
export interface VmResourceClaim {
  /** The name networks reference as `claimName`. */
  readonly name: string;
  /** @default - none */
  readonly resourceClaimName?: string;
  /** @default - none */
  readonly resourceClaimTemplateName?: string;
}

/** Guest CPU topology (`domain.cpu`). */
export interface VmCpu {
  /** @default - KubeVirt's default (1) */
  readonly cores?: number;
  /** @default - KubeVirt's default (1) */
  readonly sockets?: number;
  /** @default - KubeVirt's default (1) */
  readonly threads?: number;
}

/** Compute resources (`domain.resources`), quantities as text such as `2Gi` or `500m`. */
export interface VmResources {
  /** @default - none */
  readonly requests?: Record<string, string>;
  /** @default - none */
  readonly limits?: Record<string, string>;
}

/** KubeVirt's run strategies (kubevirt staging/src/kubevirt.io/api/core/v1/types.go@v1.4.0 VirtualMachineRunStrategy). */
export type RunStrategy = 'Always' | 'RerunOnFailure' | 'Manual' | 'Halted' | 'Once' | 'WaitAsReceiver';

/** KubeVirt's eviction strategies (kubevirt staging/src/kubevirt.io/api/core/v1/types.go@v1.4.0 EvictionStrategy). */
export type EvictionStrategy = 'None' | 'LiveMigrate' | 'LiveMigrateIfPossible' | 'External';

/**
 * Props of a VirtualMachine. They are checked for shape and types when the construct is made; values (names, port
 * numbers, quantities) are judged by the rules at synth, with the rest of the app.
 *
 * For a field no prop covers, patch the object: `vm.apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/dnsPolicy', 'None'))`.
 * Patches apply last, over every generated value, and the rules check the patched object.
 */
export interface VirtualMachineProps {
  /** @default - `metadata.name`, else the construct id */
  readonly name?: string;
  /** @default - `metadata.namespace`, else the chart's namespace */
  readonly namespace?: string;
  /**
   * Metadata of the VirtualMachine object (cdk8s' type). `name`, `namespace`, `labels` and `annotations` props are
   * laid over it.
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;
  /** Labels of the VirtualMachine object. @default - none */
  readonly labels?: Record<string, string>;
  /** Annotations of the VirtualMachine object. @default - none */
  readonly annotations?: Record<string, string>;
  /** Labels of the VMI template (`spec.template.metadata.labels`). @default - the same as `labels` */
  readonly templateLabels?: Record<string, string>;
  /** Annotations of the VMI template (`spec.template.metadata.annotations`). @default - none */
  readonly templateAnnotations?: Record<string, string>;
  /** @default 'Always' */
  readonly runStrategy?: RunStrategy;
  /**
   * Guest memory request (`domain.resources.requests.memory`), a quantity such as `1024M`. Leave it out when an
   * instancetype gives the memory.
   * @default - none
   */
  readonly memory?: string;
  /** Requests and limits; `memory` is laid over `requests.memory`. @default - none */
  readonly resources?: VmResources;
  /** Shorthand for `cpu.cores`. @default - KubeVirt's default */
  readonly cpuCores?: number;
  /** CPU topology; `cores` wins over `cpuCores`. @default - KubeVirt's default */
  readonly cpu?: VmCpu;
  /** @default - none */
  readonly instancetype?: VmInstancetype;
  /** @default - none */
  readonly preference?: VmPreference;
  /** The interfaces, each with its network; more with `addInterface()`. @default - none */
  readonly interfaces?: VmInterface[];
  /** Disks, each with its volume; more with `addDisk()`. @default - none */
  readonly disks?: VmDisk[];
  /** DataVolumes created with the VM; more with `addDataVolumeTemplate()`. @default - none */
  readonly dataVolumeTemplates?: VmDataVolumeTemplate[];
  /** DRA resource claims (for `VmNetwork.resourceClaim()`). @default - none */
  readonly resourceClaims?: VmResourceClaim[];
  /** @default - none */
  readonly nodeSelector?: Record<string, string>;
  /** Pod affinity rules, typed as the VM CRD has them. @default - none */
  readonly affinity?: kv.VirtualMachineSpecTemplateSpecAffinity;
  /** @default - none */
  readonly tolerations?: kv.VirtualMachineSpecTemplateSpecTolerations[];
  /** @default - the cluster's default */
  readonly evictionStrategy?: EvictionStrategy;
  /** Adds a virtio RNG device (`rng: {}`). @default false */
  readonly rng?: boolean;
  /** @default - KubeVirt's default (180 s) */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Any other field of the VM's spec, typed from KubeVirt's VirtualMachine CRD (the generated `imports/` types, in
   * their camelCase spelling): converted to the CRD's JSON and laid under what the other props generate, key by key
   * (the props win where both set a field). For example
   * `{ template: { spec: { domain: { features: { acpi: {} } }, hostname: 'web' } } }`. The rules check the result.
   * @default - none
   */
  readonly specOverrides?: VmSpecOverrides;
}

/** A part of KubeVirt's `VirtualMachineSpec`, every field optional at every level. */
export type VmSpecOverrides = DeepPartial<kv.VirtualMachineSpec>;

/** `T` with every field optional at every level (lists keep their item type, each item partial). */
export type DeepPartial<T> = T extends ReadonlyArray<infer U> ? Array<DeepPartial<U>>
  : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

const stringMap = z.record(z.string());
const jsonObject = z.record(z.unknown());

const bindingSchema = z.custom<INetworkBinding | CoreBinding>(
  (b) => b instanceof CoreBinding || (isRecord(b) && typeof b.name === 'string'),
  'expected a CoreBinding or a binding with a string name, such as KubeVirtNetworking.addBinding() returns');

const interfaceSchema = z.object({
  name: z.string(),
  binding: bindingSchema,
  network: instanceOf(VmNetwork, 'expected a VmNetwork, such as VmNetwork.pod() or VmNetwork.multus()'),
  model: z.string().optional(),
  macAddress: z.string().optional(),
  pciAddress: z.string().optional(),
  bootOrder: z.number().optional(),
  ports: z.array(z.object({
    port: z.number(),
    name: z.string().optional(),
    protocol: z.string().optional(),
  })).optional(),
});

const diskSchema = instanceOf(VmDisk, 'expected a VmDisk, such as VmDisk.containerDisk() or VmDisk.persistentVolumeClaim()');

const dataVolumeTemplateSchema = z.object({
  name: z.string(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  spec: jsonObject,
});

/** Shape and types only: the values are the rules' to judge. */
const propsSchema = z.object({
  name: z.string().optional(),
  namespace: z.string().optional(),
  metadata: z.looseObject({
    name: z.string().optional(),
    namespace: z.string().optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
  }).optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  templateLabels: stringMap.optional(),
  templateAnnotations: stringMap.optional(),
  runStrategy: z.string().optional(),
  memory: z.string().optional(),
  resources: z.object({ requests: stringMap.optional(), limits: stringMap.optional() }).optional(),
  cpuCores: z.number().optional(),
  cpu: z.object({ cores: z.number().optional(), sockets: z.number().optional(), threads: z.number().optional() }).optional(),
  instancetype: instanceOf(VmInstancetype, 'expected a VmInstancetype, such as VmInstancetype.cluster()').optional(),
  preference: instanceOf(VmPreference, 'expected a VmPreference, such as VmPreference.cluster()').optional(),
  interfaces: z.array(interfaceSchema).optional(),
  disks: z.array(diskSchema).optional(),
  dataVolumeTemplates: z.array(dataVolumeTemplateSchema).optional(),
  resourceClaims: z.array(z.object({
    name: z.string(),
    resourceClaimName: z.string().optional(),
    resourceClaimTemplateName: z.string().optional(),
  })).optional(),
  nodeSelector: stringMap.optional(),
  affinity: jsonObject.optional(),
  tolerations: z.array(jsonObject).optional(),
  evictionStrategy: z.string().optional(),
  rng: z.boolean().optional(),
  terminationGracePeriodSeconds: z.number().optional(),
  specOverrides: jsonObject.optional(),
});

/** What a VM is rendered from: its props and the lists that methods extend after construction. */
interface VmParts {
  readonly props: VirtualMachineProps;
  readonly interfaces: VmInterface[];
  readonly disks: VmDisk[];
  readonly dataVolumeTemplates: VmDataVolumeTemplate[];
}

/**
 * A KubeVirt VirtualMachine whose interfaces take binding objects, so the binding they name is the one a cluster
 * configuration registers. Checked at synth by the rule engine, with every other object of the app.
 *
 * The spec is generated when the object is serialized or checked, so interfaces and disks added after construction
 * are included. For any field the props do not cover, use `vm.apiObject.addJsonPatch(...)`: patches apply after
 * the generated values and reach every field (`JsonPatch.replace('/spec/template/spec/domain/devices/interfaces/0/model', 'e1000e')`,
 * `JsonPatch.remove('/spec/runStrategy')`), and the rules check the patched object.
 */
export class VirtualMachine extends Construct {
  /** The VM's name. */
  public readonly name: string;
  /** The L1 object. It exists even when the props are bad; their problems are reported at synth. */
  public readonly apiObject: kv.VirtualMachine;
  /** The VirtualMachine's metadata: add labels and annotations with `metadata.addLabel()`, `metadata.addAnnotation()`. */
  public readonly metadata: ApiObjectMetadataDefinition;

  private readonly parts: VmParts;
  private readonly l1: VirtualMachineResource;

  public constructor(scope: Construct, id: string, props: VirtualMachineProps) {
    super(scope, id);
    const p: VirtualMachineProps = isRecord(props) ? props : ({} as VirtualMachineProps);
    const check = AppCheck.of(this);
    this.node.addValidation({ validate: () => [...this.foreignReferences(check), ...check.errorsFor(this.apiObject)] });
    const shape = checkProps(this, propsSchema, props ?? {});
    // metadata props with a problem (reported above) are left out of the object: cdk8s would resolve whatever they hold
    const bad = (key: string) => shape.problemPaths.some((x) => x === key || x.startsWith(`${key}.`) || x.startsWith(`${key}[`));
    const md: ApiObjectMetadata = isRecord(p.metadata) && !bad('metadata') ? p.metadata : {};
    this.name = typeof p.name === 'string' ? p.name : typeof md.name === 'string' ? md.name : id;

    this.parts = {
      props: p,
      interfaces: Array.isArray(p.interfaces) ? [...p.interfaces] : [],
      disks: Array.isArray(p.disks) ? [...p.disks] : [],
      dataVolumeTemplates: Array.isArray(p.dataVolumeTemplates) ? [...p.dataVolumeTemplates] : [],
    };
    const namespace = typeof p.namespace === 'string' ? p.namespace : md.namespace;
    const labels = mergeMaps(md.labels, bad('labels') ? undefined : p.labels);
    const annotations = mergeMaps(md.annotations, bad('annotations') ? undefined : p.annotations);
    this.l1 = new VirtualMachineResource(this, 'Resource', defined({
      ...md,
      name: this.name,
      namespace,
      labels,
      annotations,
    }), this.parts);
    this.apiObject = this.l1;
    this.metadata = this.apiObject.metadata;
    check.own(this.apiObject, shape.problemPaths);
  }

  /** Adds an interface and its network. */
  public addInterface(iface: VmInterface): void {
    if (this.checked(interfaceSchema, iface, `addInterface(${describeArg(iface)})`)) this.parts.interfaces.push(iface);
  }

  /** Adds a disk and its volume. */
  public addDisk(disk: VmDisk): void {
    if (this.checked(diskSchema, disk, `addDisk(${describeArg(disk)})`)) this.parts.disks.push(disk);
  }

  /** Adds a DataVolume created with the VM (mount it with `VmDisk.dataVolume()`). */
  public addDataVolumeTemplate(template: VmDataVolumeTemplate): void {
    if (this.checked(dataVolumeTemplateSchema, template, `addDataVolumeTemplate(${describeArg(template)})`)) this.parts.dataVolumeTemplates.push(template);
  }

  /**
   * Bindings and NADs of the app that belong to another cluster than the VM's: clusters do not share objects, and
   * a name that happens to be registered in both would hide the mistake from the rules.
   */
  private foreignReferences(check: AppCheck): string[] {
    const out: string[] = [];
    this.parts.interfaces.forEach((iface, i) => {
      if (!isRecord(iface)) return;
      const binding = iface.binding;
      if (binding instanceof NetworkBinding && AppCheck.of(binding.networking) !== check) {
        out.push(`interfaces[${i}].binding: the binding "${binding.name}" is registered by ${binding.networking.node.path}, in ${AppCheck.of(binding.networking).label}; this vm is in ${check.label}: register the binding in the vm's cluster and use what that returns, or NetworkBinding.fromName() for one registered outside the app`);
      }
      const nad = iface.network instanceof VmNetwork ? iface.network._nad : undefined;
      if (nad && AppCheck.of(nad) !== check) {
        out.push(`interfaces[${i}].network: the nad ${nad.node.path} is in ${AppCheck.of(nad).label}; this vm is in ${check.label}: create the nad in the vm's cluster, or use NetworkAttachmentDefinition.fromName() for one created outside the app`);
      }
    });
    return out;
  }

  /** The interfaces, in order (props first, then those added). */
  public get interfaces(): readonly VmInterface[] {
    return [...this.parts.interfaces];
  }

  /** The disks, in order (props first, then those added). */
  public get disks(): readonly VmDisk[] {
    return [...this.parts.disks];
  }

  private checked(schema: Schema, value: unknown, what: string): boolean {
    const errors = propErrors(schema, value, what);
    if (errors.length > 0) {
      this.node.addValidation({ validate: () => errors });
      return false;
    }
    this.l1.invalidate();
    return true;
  }
}

function describeArg(v: unknown): string {
  const name = isRecord(v) || v instanceof VmDisk ? (v as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? JSON.stringify(name) : '';
}

/**
 * The VM's L1 object. Its spec is generated on first use (the rules' check or serialization) and kept until the VM
 * changes. It is built in wire form (JSON field names, quantities as strings), on which the generated
 * `toJson_VirtualMachineProps` would only copy the whole spec once more (about 8% of a 10,000-VM synth, and as much
 * garbage): serialization skips that mapping. test/vm.test.ts checks, for every prop, that the output equals what
 * the generated mapping makes of the same props in typed form.
 */
class VirtualMachineResource extends kv.VirtualMachine implements ILintable {
  private patched = false;
  private spec?: kv.VirtualMachineSpec;
  /** The resolved metadata of `lintManifest()`, and the synthesis it was made in. */
  private keptMetadata?: { readonly token: object; readonly json: unknown };

  public constructor(scope: Construct, id: string, metadata: ApiObjectMetadata, private readonly parts: VmParts) {
    // the spec is made when the object is serialized (cdk8s resolves Lazy values then), so interfaces and disks added
    // after construction are in it, and JSON patches apply after it
    super(scope, id, { metadata, spec: Lazy.any({ produce: () => this.currentSpec() }) });
  }

  /** @internal Drops the generated spec, after the VM changed. */
  public invalidate(): void {
    this.spec = undefined;
  }

  public override toJson(): any {
    // Within a synthesis, the metadata the rules' check resolved (`lintManifest()`) is not resolved again: cdk8s
    // gives no way to read labels and annotations but resolving the whole metadata (`metadata.toJson()`), which
    // costs about as much as the rest of a VM's check. The object's own `metadata.toJson` answers with the kept
    // result while ApiObject's `toJson()` runs, and is removed right after. If cdk8s ever stops calling
    // `metadata.toJson()` there, the metadata is simply resolved as usual (test/synth.test.ts checks the output
    // equals cdk8s' own serialization, within and outside a synthesis).
    const kept = this.keptMetadata !== undefined && this.keptMetadata.token === AppCheck.synthToken(this) ? this.keptMetadata.json : undefined;
    let json: any;
    if (kept === undefined) {
      json = ApiObject.prototype.toJson.call(this);
    } else {
      // used once: serialization is the synthesis' last use of it
      this.keptMetadata = undefined;
      const md = this.metadata as unknown as { toJson: () => unknown };
      md.toJson = () => kept;
      try {
        json = ApiObject.prototype.toJson.call(this);
      } finally {
        delete (md as { toJson?: unknown }).toJson;
      }
    }
    // cdk8s sorts keys before it applies patches; keys a patch adds are sorted here
    return this.patched ? sortedAfterPatches(json) : json;
  }

  public override addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  /**
   * The manifest for the rules, sharing the generated spec instead of serializing it: it holds plain data only, so
   * serialization would only sort keys. Its metadata is resolved (the rules read the name, namespace, labels and
   * annotations of a VM: test/vm.test.ts checks that no rule reads more).
   *
   * Undefined, so the rules get the serialized manifest, after a JSON patch and when the app has resolvers of its
   * own (both apply only in serialization; cdk8s' built-in resolvers change only Lazy and token values, which
   * checked props cannot hold).
   */
  public lintManifest(): Record<string, unknown> | undefined {
    if (this.patched || !onlyBuiltInResolversDuringSynth(this)) return undefined;
    // the metadata the rules read: name and namespace, labels and annotations (object-metadata); resolved, as the
    // chart's labels and those added with metadata.addLabel() are part of it
    const metadata = this.metadata.toJson();
    // the tree cannot change during a synthesis: serialization reuses it (ApiObject resolves it once more, into a
    // copy of its own)
    const token = AppCheck.synthToken(this);
    this.keptMetadata = token !== undefined ? { token, json: metadata } : undefined;
    return { apiVersion: this.apiVersion, kind: this.kind, metadata, spec: this.currentSpec() };
  }

  /**
   * The prop (or method argument) a field of the manifest comes from, in the library's terms: e.g.
   * `spec.template.spec.domain.devices.interfaces[0].passtBinding` is `interfaces[0].binding (CoreBinding.PASST)`
   * and `spec.template.spec.networks[1].multus.networkName` is `interfaces[1].network`. Undefined for a field no
   * prop makes. Lists are matched by position: interfaces and networks, disks and volumes are generated in the
   * order of `VirtualMachine.interfaces` and `VirtualMachine.disks`.
   */
  public describePath(wirePath: string): string | undefined {
    return describeVmPath(wirePath, this.parts);
  }

  private currentSpec(): kv.VirtualMachineSpec {
    if (!this.spec) this.spec = safeRender(this.parts);
    return this.spec;
  }
}


/** The answer of `onlyBuiltInResolvers` in the synthesis under way (the app cannot change during one). */
let resolversDuringSynth: { readonly token: object; readonly builtInOnly: boolean } | undefined;

function onlyBuiltInResolversDuringSynth(c: Construct): boolean {
  const token = AppCheck.synthToken(c);
  if (token !== undefined && resolversDuringSynth?.token === token) return resolversDuringSynth.builtInOnly;
  const builtInOnly = onlyBuiltInResolvers(App.of(c));
  resolversDuringSynth = token !== undefined ? { token, builtInOnly } : undefined;
  return builtInOnly;
}

/** True when an app resolves with cdk8s' built-in resolvers only (`App.resolvers` holds the app's own first). */
function onlyBuiltInResolvers(app: App): boolean {
  return app.resolvers.every((r) => r instanceof LazyResolver || r instanceof ImplicitTokenResolver || r instanceof NumberStringUnionResolver);
}

/** A spec even for props of the wrong types (their problems are reported by the props check). */
function safeRender(parts: VmParts): kv.VirtualMachineSpec {
  try {
    return renderVirtualMachineSpec(parts, WIRE_FORM);
  } catch {
    return { template: { spec: { domain: { devices: {} } } } } as kv.VirtualMachineSpec;
  }
}

/**
 * How values whose L1 type is a generated class are written: in wire form for the construct, in typed form for the
 * test that compares the construct's output with the generated mapping.
 * @internal
 */
export interface RenderForm {
  quantity(q: string, kind: 'requests' | 'limits'): unknown;
  dataVolumeTemplateSpec(spec: kv.VirtualMachineSpecDataVolumeTemplatesSpec): unknown;
}

/** @internal */
export const WIRE_FORM: RenderForm = {
  quantity: (q) => q,
  dataVolumeTemplateSpec: (spec) => kv.toJson_VirtualMachineSpecDataVolumeTemplatesSpec(spec),
};

/** @internal */
export const TYPED_FORM: RenderForm = {
  quantity: (q, kind) => kind === 'limits'
    ? kv.VirtualMachineSpecTemplateSpecDomainResourcesLimits.fromString(q)
    : kv.VirtualMachineSpecTemplateSpecDomainResourcesRequests.fromString(q),
  dataVolumeTemplateSpec: (spec) => spec,
};

/**
 * The L1 props of a VM with the given props (and no interfaces or disks added later).
 * @internal
 */
export function renderVirtualMachineProps(name: string, props: VirtualMachineProps, form: RenderForm): kv.VirtualMachineProps {
  const parts: VmParts = {
    props,
    interfaces: [...(props.interfaces ?? [])],
    disks: [...(props.disks ?? [])],
    dataVolumeTemplates: [...(props.dataVolumeTemplates ?? [])],
  };
  const md = props.metadata ?? {};
  return {
    metadata: defined({
      ...md,
      name,
      namespace: props.namespace ?? md.namespace,
      labels: mergeMaps(md.labels, props.labels),
      annotations: mergeMaps(md.annotations, props.annotations),
    }),
    spec: renderVirtualMachineSpec(parts, form),
  };
}

/**
 * The VM's spec. Tolerant of props of the wrong types (parts of the wrong type are left out): such props are
 * reported at synth, and making the object must not fail before.
 */
function renderVirtualMachineSpec(parts: VmParts, form: RenderForm): kv.VirtualMachineSpec {
  const generated = renderGeneratedSpec(parts, form);
  const overrides = parts.props.specOverrides;
  if (!isRecord(overrides) || form !== WIRE_FORM) return generated;
  return mergeOver(kv.toJson_VirtualMachineSpec(overrides as kv.VirtualMachineSpec), generated) as kv.VirtualMachineSpec;
}

/** The spec the props and methods make, without `specOverrides`. */
function renderGeneratedSpec(parts: VmParts, form: RenderForm): kv.VirtualMachineSpec {
  const p = parts.props;
  const ifaces = parts.interfaces.filter(isRecord) as VmInterface[];
  const disks = parts.disks.filter((d) => d instanceof VmDisk);
  const dvs = parts.dataVolumeTemplates.filter(isRecord) as VmDataVolumeTemplate[];
  const templateLabels = p.templateLabels ?? p.labels;
  const templateMetadata = defined({
    annotations: plainMap(p.templateAnnotations),
    labels: plainMap(templateLabels),
  });
  return defined({
    dataVolumeTemplates: dvs.length > 0 ? dvs.map((t) => renderDataVolumeTemplate(t, form)) : undefined,
    instancetype: p.instancetype instanceof VmInstancetype ? p.instancetype._render() : undefined,
    preference: p.preference instanceof VmPreference ? p.preference._render() : undefined,
    runStrategy: p.runStrategy ?? 'Always',
    template: defined({
      metadata: Object.keys(templateMetadata).length > 0 ? templateMetadata : undefined,
      spec: defined({
        affinity: p.affinity,
        domain: defined({
          cpu: renderCpu(p),
          devices: defined({
            disks: disks.length > 0 ? disks.map((d) => d._disk()) : undefined,
            interfaces: ifaces.length > 0 ? ifaces.map(renderInterface) : undefined,
            rng: p.rng === true ? {} : undefined,
          }),
          resources: renderResources(p, form),
        }),
        evictionStrategy: p.evictionStrategy,
        networks: ifaces.length > 0 ? ifaces.map(renderNetwork) : undefined,
        nodeSelector: plainMap(p.nodeSelector),
        resourceClaims: Array.isArray(p.resourceClaims) && p.resourceClaims.length > 0
          ? p.resourceClaims.map((c) => isRecord(c) ? defined({ ...c }) : c) : undefined,
        terminationGracePeriodSeconds: p.terminationGracePeriodSeconds,
        tolerations: p.tolerations,
        volumes: disks.length > 0 ? disks.map((d) => d._volume()) : undefined,
      }),
    }),
  }) as kv.VirtualMachineSpec;
}

function renderDataVolumeTemplate(t: VmDataVolumeTemplate, form: RenderForm): kv.VirtualMachineSpecDataVolumeTemplates {
  return {
    metadata: defined({ name: t.name, labels: t.labels, annotations: t.annotations }),
    spec: (isRecord(t.spec) ? form.dataVolumeTemplateSpec(t.spec) : t.spec) as kv.VirtualMachineSpecDataVolumeTemplatesSpec,
  };
}

function renderCpu(p: VirtualMachineProps): kv.VirtualMachineSpecTemplateSpecDomainCpu | undefined {
  const cpu: VmCpu = isRecord(p.cpu) ? p.cpu : {};
  const out = defined({ cores: cpu.cores ?? p.cpuCores, sockets: cpu.sockets, threads: cpu.threads });
  return Object.keys(out).length > 0 ? out : undefined;
}

function renderResources(p: VirtualMachineProps, form: RenderForm): kv.VirtualMachineSpecTemplateSpecDomainResources | undefined {
  const r = isRecord(p.resources) ? p.resources : {};
  const quantities = (m: unknown, kind: 'requests' | 'limits') => {
    const out: Json = {};
    if (isRecord(m)) for (const k of Object.keys(m)) out[k] = typeof m[k] === 'string' ? form.quantity(m[k] as string, kind) : m[k];
    if (kind === 'requests' && p.memory !== undefined) out.memory = typeof p.memory === 'string' ? form.quantity(p.memory, kind) : p.memory;
    return Object.keys(out).length > 0 ? out : undefined;
  };
  const out = defined({ limits: quantities(r.limits, 'limits'), requests: quantities(r.requests, 'requests') });
  return Object.keys(out).length > 0 ? out as kv.VirtualMachineSpecTemplateSpecDomainResources : undefined;
}

function renderInterface(i: VmInterface): kv.VirtualMachineSpecTemplateSpecDomainDevicesInterfaces {
  const out: Json = { name: i.name };
  const b = i.binding as unknown;
  if (b instanceof CoreBinding) out[b.field] = {};
  else if (isRecord(b) && typeof b.name === 'string') out.binding = { name: b.name };
  if (i.bootOrder !== undefined) out.bootOrder = i.bootOrder;
  if (i.macAddress !== undefined) out.macAddress = i.macAddress;
  if (i.model !== undefined) out.model = i.model;
  if (i.pciAddress !== undefined) out.pciAddress = i.pciAddress;
  if (Array.isArray(i.ports)) out.ports = i.ports.map((port) => isRecord(port) ? defined({ name: port.name, port: port.port, protocol: port.protocol }) : port);
  return out as unknown as kv.VirtualMachineSpecTemplateSpecDomainDevicesInterfaces;
}

function renderNetwork(i: VmInterface): kv.VirtualMachineSpecTemplateSpecNetworks {
  return i.network instanceof VmNetwork ? i.network._render(i.name) : { name: i.name };
}

const INTERFACE_FIELDS = new Set(['name', 'model', 'macAddress', 'pciAddress', 'bootOrder']);
/** Core binding fields of every release (kubevirt staging/src/kubevirt.io/api/core/v1/schema.go@v1.1.0 and @v1.8.0 InterfaceBindingMethod). */
const CORE_BINDING_FIELDS = new Set(['bridge', 'masquerade', 'sriov', 'passtBinding', 'slirp', 'macvtap', 'passt']);
const TEMPLATE_SPEC_FIELDS: Record<string, string> = {
  affinity: 'affinity',
  evictionStrategy: 'evictionStrategy',
  nodeSelector: 'nodeSelector',
  resourceClaims: 'resourceClaims',
  terminationGracePeriodSeconds: 'terminationGracePeriodSeconds',
  tolerations: 'tolerations',
};

/** See `VirtualMachineResource.describePath`. */
function describeVmPath(path: string, parts: VmParts): string | undefined {
  const p = parts.props;
  let m: RegExpExecArray | null;
  if (path === 'metadata.name') return 'name';
  if (path === 'metadata.namespace') return 'namespace';
  if ((m = /^metadata\.(labels|annotations)(\W.*)?$/.exec(path))) return m[1] + (m[2] ?? '');
  if (path === 'spec.runStrategy') return 'runStrategy';
  if ((m = /^spec\.(instancetype|preference)(\W.*)?$/.exec(path))) return m[1];
  if ((m = /^spec\.dataVolumeTemplates\[(\d+)\](\.spec\W.*)?/.exec(path))) {
    return Number(m[1]) < parts.dataVolumeTemplates.length ? `dataVolumeTemplates[${m[1]}]${m[2] ?? ''}` : undefined;
  }
  if ((m = /^spec\.template\.metadata\.(labels|annotations)(\W.*)?$/.exec(path))) {
    return m[1] === 'labels' ? (p.templateLabels !== undefined ? 'templateLabels' : 'labels') : 'templateAnnotations';
  }
  const ts = 'spec.template.spec.';
  if (!path.startsWith(ts)) return undefined;
  const rest = path.slice(ts.length);
  if ((m = /^domain\.devices\.interfaces\[(\d+)\](?:\.([A-Za-z]+))?(.*)$/.exec(rest))) {
    const i = Number(m[1]);
    const iface = parts.interfaces[i];
    if (!isRecord(iface)) return undefined;
    const at = `interfaces[${i}]`;
    const field = m[2];
    if (field === undefined) return at;
    if (field === 'binding' || CORE_BINDING_FIELDS.has(field) || (iface.binding instanceof CoreBinding && iface.binding.field === field)) {
      return iface.binding instanceof CoreBinding ? `${at}.binding (${iface.binding.apiName})` : `${at}.binding`;
    }
    if (field === 'ports') return `${at}.ports${m[3]}`;
    return INTERFACE_FIELDS.has(field) ? `${at}.${field}` : undefined;
  }
  if ((m = /^domain\.devices\.interfaces(\W.*)?$/.exec(rest))) return 'interfaces';
  if ((m = /^networks\[(\d+)\]/.exec(rest))) return Number(m[1]) < parts.interfaces.length ? `interfaces[${m[1]}].network` : undefined;
  if ((m = /^volumes\[(\d+)\]\.(cloudInitNoCloud|cloudInitConfigDrive)\.(userData|userDataBase64|networkData|networkDataBase64)$/.exec(rest))) {
    // the option of VmDisk.cloudInitNoCloud() / cloudInitConfigDrive() that wrote the inline data
    return Number(m[1]) < parts.disks.length ? `disks[${m[1]}].${m[3]} (VmDisk.${m[2]})` : undefined;
  }
  if ((m = /^(?:domain\.devices\.disks|volumes)\[(\d+)\]/.exec(rest))) return Number(m[1]) < parts.disks.length ? `disks[${m[1]}]` : undefined;
  if (rest === 'domain.resources.requests.memory' && p.memory !== undefined) return 'memory';
  if ((m = /^domain\.resources\.(requests|limits)(\W.*)?$/.exec(rest))) return `resources.${m[1]}${m[2] ?? ''}`;
  if ((m = /^domain\.cpu\.(cores|sockets|threads)$/.exec(rest))) {
    return m[1] === 'cores' && (!isRecord(p.cpu) || p.cpu.cores === undefined) && p.cpuCores !== undefined ? 'cpuCores' : `cpu.${m[1]}`;
  }
  if (rest === 'domain.devices.rng' || rest.startsWith('domain.devices.rng.')) return 'rng';
  if ((m = /^([A-Za-z]+)(\W.*)?$/.exec(rest)) && TEMPLATE_SPEC_FIELDS[m[1]]) return TEMPLATE_SPEC_FIELDS[m[1]] + (m[2] ?? '');
  return undefined;
}

function isRecord(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `over` laid over `under`, for string maps; undefined when neither is a map. */
function mergeMaps(under: unknown, over: unknown): Record<string, string> | undefined {
  if (!isRecord(under)) return plainMap(over);
  if (!isRecord(over)) return plainMap(under);
  return { ...under, ...over } as Record<string, string>;
}

/**
 * A string map as a plain object, or undefined when it is not a map. (cdk8s cannot serialize objects without a
 * prototype, such as `Object.create(null)` makes.)
 */
function plainMap(m: unknown): Record<string, string> | undefined {
  if (!isRecord(m)) return undefined;
  return Object.getPrototypeOf(m) === Object.prototype ? m as Record<string, string> : { ...m } as Record<string, string>;
}

/**
 * The object without its undefined values, built by assignment in key order. (Conditional spreads inside object
 * literals give every object a hidden class of its own: at 10,000 VMs that alone is megabytes of heap.)
 */
function defined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}
