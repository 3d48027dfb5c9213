import type { INetworkAttachmentDefinition } from './nad';

/**
 * How KubeVirt attaches the binding's interface to the domain (`domainAttachmentType`).
 *
 * kubevirt types.go consts Tap ("tap", v1.1.1) and ManagedTap ("managedTap", v1.4.0).
 */
export class DomainAttachmentType {
  /** The domain uses an existing tap (or macvtap) device. First in KubeVirt 1.1.1. */
  public static readonly TAP = new DomainAttachmentType('tap');
  /** virt-handler creates the tap device and a bridge on the pod interface; no IPAM. First in KubeVirt 1.4. */
  public static readonly MANAGED_TAP = new DomainAttachmentType('managedTap');

  /** A value this library does not list (a newer KubeVirt's); the rules judge it against the cluster's release. */
  public static of(value: string): DomainAttachmentType {
    return new DomainAttachmentType(value);
  }

  private constructor(public readonly value: string) {}
}

/**
 * Whether VMs using the binding can migrate, and how (`migration`).
 *
 * kubevirt pkg/network/vmispec/interface.go:80-83: any `migration` entry, even `{}`, makes a binding on the pod
 * network migratable. First in KubeVirt 1.2.
 */
export class BindingMigration {
  /** `migration: {}`: migratable, nothing done after migration. */
  public static migratable(): BindingMigration {
    return new BindingMigration({});
  }

  /** `migration: {method: link-refresh}`: the guest link is set down and up after migration to renew DHCP. */
  public static linkRefresh(): BindingMigration {
    return new BindingMigration({ method: 'link-refresh' });
  }

  /** A migration setting this library does not list, in wire form; the rules judge it against the release. */
  public static of(value: { method?: string }): BindingMigration {
    return new BindingMigration({ ...value });
  }

  private constructor(private readonly value: { method?: string }) {}

  /** The registration value. */
  public toJson(): { method?: string } {
    return { ...this.value };
  }
}

/**
 * What the sidecar receives through the downward API (`downwardAPI`).
 *
 * kubevirt types.go const DeviceInfo; pkg/network/downwardapi/networkinfo.go:33-36. First in KubeVirt 1.3.
 */
export class BindingDownwardApi {
  /** Mounts the `kubevirt.io/network-info` annotation into the sidecar at /etc/podinfo/network-info. */
  public static readonly DEVICE_INFO = new BindingDownwardApi('device-info');

  /** A value this library does not list (a newer KubeVirt's); the rules judge it against the cluster's release. */
  public static of(value: string): BindingDownwardApi {
    return new BindingDownwardApi(value);
  }

  private constructor(public readonly value: string) {}
}

/** Options of a binding registration: every field of KubeVirt's InterfaceBindingPlugin. */
export interface BindingOptions {
  /**
   * The hook sidecar image that configures the domain vNIC (and may run services such as DHCP).
   * @default - no sidecar
   */
  readonly sidecarImage?: string;

  /**
   * The NetworkAttachmentDefinition whose CNI plugin prepares the pod network for the binding: a NAD construct,
   * or its name as `name` (resolved in each VM's namespace) or `namespace/name`.
   * @default - no NAD
   */
  readonly networkAttachmentDefinition?: INetworkAttachmentDefinition | string;

  /**
   * A core way to attach the interface to the domain, instead of (or before) the sidecar.
   * @default - none
   */
  readonly domainAttachmentType?: DomainAttachmentType;

  /**
   * Makes VMs using the binding migratable. KubeVirt 1.2 or newer.
   * @default - not migratable
   */
  readonly migration?: BindingMigration;

  /**
   * Network information handed to the sidecar. KubeVirt 1.3 or newer.
   * @default - none
   */
  readonly downwardApi?: BindingDownwardApi;

  /**
   * Memory added to the virt-launcher compute container of every VM using the binding, as a quantity (`500Mi`).
   * KubeVirt 1.3 or newer; only memory requests are supported by KubeVirt.
   * @default - none
   */
  readonly memoryOverhead?: string;
}

/**
 * A binding VM interfaces can name: one registered by a `KubeVirtNetworking` in the app (a `NetworkBinding`), or
 * one registered elsewhere (`NetworkBinding.fromName()`). The rules check that the VM's cluster registers it.
 */
export interface INetworkBinding {
  /** The name VMs reference (`interfaces[].binding.name`) and the key of the cluster's registration. */
  readonly name: string;
}
