import { BindingMigration, DomainAttachmentType } from './binding';
import { KubeVirtVersion } from './version';
import { CniConfig } from './cni';
import type { NetworkAttachmentDefinition } from './nad';
import type { KubeVirtNetworking, NetworkBinding } from './networking';

/**
 * Registrations of the binding plugins KubeVirt maintains, with the values of KubeVirt's own documentation.
 * Each returns the binding for VM interfaces.
 */
export class BindingPlugins {
  /**
   * slirp: user-space networking through a sidecar, registered under the name `slirp` as the user guide asks
   * (docs/network/net_binding_plugins/slirp.md:31-51). Pod network only; TCP and UDP only. KubeVirt's sidecar
   * configures only an interface whose binding is named `slirp` (rule `plugin-network`), so keep the default name
   * with KubeVirt's image.
   */
  public static slirp(cluster: KubeVirtNetworking, options: { sidecarImage: string; name?: string }): NetworkBinding {
    return cluster.addBinding(options.name ?? 'slirp', { sidecarImage: options.sidecarImage });
  }

  /**
   * passt (binding plugin, KubeVirt 1.1 to 1.8; replaced by the core `CoreBinding.PASST` in 1.8): a sidecar plus
   * a NAD whose CNI plugin is `kubevirt-passt-binding` (user guide docs/network/net_binding_plugins/passt.md).
   * Pod network only. KubeVirt's sidecar configures only an interface whose binding is named `passt` (rule
   * `plugin-network`), so keep the default name with KubeVirt's image.
   */
  public static passt(cluster: KubeVirtNetworking, options: {
    sidecarImage: string;
    networkAttachmentDefinition: NetworkAttachmentDefinition | string;
    /** @default BindingMigration.migratable() from KubeVirt 1.2 (the user guide moved from link-refresh to `{}`); none before */
    migration?: BindingMigration;
    /** @default '250Mi' (user guide passt.md) from KubeVirt 1.3; none before */
    memoryOverhead?: string;
    /** @default 'passt' */
    name?: string;
  }): NetworkBinding {
    // the defaults apply where the cluster's release has the field: migration from 1.2, the overhead from 1.3
    const v = cluster.version;
    return cluster.addBinding(options.name ?? 'passt', {
      sidecarImage: options.sidecarImage,
      networkAttachmentDefinition: options.networkAttachmentDefinition,
      migration: options.migration ?? (v.isAtLeast(KubeVirtVersion.V1_2) ? BindingMigration.migratable() : undefined),
      memoryOverhead: options.memoryOverhead ?? (v.isAtLeast(KubeVirtVersion.V1_3) ? '250Mi' : undefined),
    });
  }

  /**
   * macvtap: the domain attaches to the macvtap device the macvtap CNI creates (`domainAttachmentType: tap`);
   * no sidecar, no NAD in the registration (user guide docs/network/net_binding_plugins/macvtap.md:149-157).
   * Secondary (multus) networks only; not migratable.
   */
  public static macvtap(cluster: KubeVirtNetworking, options: { name?: string } = {}): NetworkBinding {
    return cluster.addBinding(options.name ?? 'macvtap', { domainAttachmentType: DomainAttachmentType.TAP });
  }

  /**
   * managedTap, the "zero code" binding (KubeVirt 1.4+): virt-handler creates the tap device and a bridge; no
   * IPAM (kubevirt tests/network/bindingplugin.go:159-194, which registers it as `managed-tap`).
   */
  public static managedTap(cluster: KubeVirtNetworking, options: { name?: string; migratable?: boolean } = {}): NetworkBinding {
    return cluster.addBinding(options.name ?? 'managed-tap', {
      domainAttachmentType: DomainAttachmentType.MANAGED_TAP,
      ...(options.migratable ? { migration: BindingMigration.migratable() } : {}),
    });
  }
}

/** CNI configurations of the reference plugins' NADs. */
export class BindingCni {
  /**
   * The passt binding CNI: `{"cniVersion":"1.0.0","plugins":[{"type":"kubevirt-passt-binding"}]}`.
   *
   * The binding plugin framework page names the type `cni-passt-binding-plugin`; KubeVirt's passt page, its
   * shipped binary (cmd/cniplugins/passt-binding) and its e2e tests (tests/libnet/netattachdef.go) use
   * `kubevirt-passt-binding`, and KubeVirt is what runs.
   */
  public static passt(): CniConfig {
    return CniConfig.chain('1.0.0', [{ type: 'kubevirt-passt-binding' }]);
  }

  /** The macvtap CNI (user guide macvtap.md:100-114): `{"cniVersion":"0.3.1","type":"macvtap","mtu":1500}`. */
  public static macvtap(options: { mtu?: number } = {}): CniConfig {
    return CniConfig.plugin('0.3.1', { type: 'macvtap', mtu: options.mtu ?? 1500 });
  }
}
