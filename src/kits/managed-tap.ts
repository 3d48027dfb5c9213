import { Construct } from 'constructs';
import { CniConfig } from '../cni';
import { NetworkAttachmentDefinition } from '../nad';
import { BindingPlugins } from '../plugins';
import { checkProps } from '../props';
import { shape as z } from '../shape';
import { KubeVirtVersion } from '../version';
import { fullVersion } from './images';
import { PluginKit, PluginKitProps, SupportedNetworks } from './kit';

/** A bridge-CNI network for managedTap interfaces. */
export interface ManagedTapBridgeOptions {
  /** The node bridge the CNI `bridge` plugin attaches to (created by the plugin when missing), such as `br10`. */
  readonly bridge: string;
  /**
   * The NAD's name.
   * @default `managed-tap-<bridge>`
   */
  readonly nadName?: string;
  /**
   * The NAD's namespace.
   * @default - the chart's namespace, else `default`
   */
  readonly nadNamespace?: string;
  /**
   * The CNI `ipam` section, such as `{ type: 'host-local', subnet: '10.1.1.0/24' }`. managedTap gives the guest no
   * address itself: without IPAM here, the guest configures its own.
   * @default - none
   */
  readonly ipam?: Record<string, unknown>;
}

/** Props of the managedTap kit. */
export interface ManagedTapKitProps extends PluginKitProps {
  /**
   * The binding name.
   * @default `managed-tap` (KubeVirt's e2e tests)
   */
  readonly name?: string;
  /**
   * Register the binding migratable (`migration: {}`).
   * @default false
   */
  readonly migratable?: boolean;
  /**
   * Also create a NAD of the CNI `bridge` plugin for managedTap interfaces on a Multus network.
   * @default - none: the binding serves the pod network
   */
  readonly bridgeNetwork?: ManagedTapBridgeOptions;
}

const propsSchema = z.object({
  networking: z.unknown(),
  id: z.string().optional(),
  name: z.string().optional(),
  migratable: z.boolean().optional(),
  bridgeNetwork: z.object({
    bridge: z.string(),
    nadName: z.string().optional(),
    nadNamespace: z.string().optional(),
    ipam: z.record(z.unknown()).optional(),
  }).optional(),
});

/** `domainAttachmentType: managedTap`, first in 1.4 (kubevirt types.go const ManagedTap, commit f38ff157, v1.4.0). */
export const MANAGED_TAP_SINCE = KubeVirtVersion.V1_4;

/**
 * The managedTap "zero code" binding: a registration with `domainAttachmentType: managedTap`, where virt-handler
 * creates the tap device and a bridge; no sidecar, nothing on the nodes. KubeVirt's e2e tests use it on the pod
 * network and on a Multus network of the CNI `bridge` plugin (kubevirt tests/network/bindingplugin.go@v1.9.0:155-235).
 */
export class ManagedTapKit extends PluginKit {
  public constructor(scope: Construct, id: string, props: ManagedTapKitProps) {
    super(scope, id, 'managed-tap', SupportedNetworks.BOTH, props);
    const p = checkProps<ManagedTapKitProps>(this, propsSchema, props).props;
    const v = this.version;
    if (v.isOlderThan(MANAGED_TAP_SINCE)) {
      this.fail(`the managed-tap plugin needs kubevirt ${MANAGED_TAP_SINCE} or newer: kubevirt ${fullVersion(v)} has no domainAttachmentType managedTap (first in v1.4.0, kubevirt types.go const ManagedTap); set the cluster's version to 1.4 or newer, or use the macvtap kit (tap) on a multus network`);
    }
    const bridge = p.bridgeNetwork;
    if (bridge) {
      this.keepNad(new NetworkAttachmentDefinition(this, 'Nad', {
        name: bridge.nadName ?? `managed-tap-${bridge.bridge.toLowerCase()}`,
        namespace: this.nadNamespace(bridge.nadNamespace),
        // kubevirt tests/libnet/netattachdef.go@v1.9.0:43-54 (NewBridgeNetAttachDef: type bridge, `bridge`, options)
        cni: CniConfig.plugin('0.3.1', { type: 'bridge', bridge: bridge.bridge, ...(bridge.ipam ? { ipam: bridge.ipam } : {}) }),
      }));
    }
    this.register((networking) => BindingPlugins.managedTap(networking, { name: p.name, migratable: p.migratable }), p.name ?? 'managed-tap');
  }
}
