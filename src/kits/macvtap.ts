import { Construct } from 'constructs';
import { NetworkAttachmentDefinition } from '../nad';
import { BindingCni, BindingPlugins } from '../plugins';
import { checkProps } from '../props';
import { show } from '../rules/util';
import { shape as z } from '../shape';
import { KubeVirtVersion } from '../version';
import { fullVersion } from './images';
import { PluginKit, PluginKitProps, SupportedNetworks } from './kit';

/** Options of one macvtap network (a NAD). */
export interface MacvtapNetworkOptions {
  /**
   * The NAD's name.
   * @default `macvtap-<hostInterface>`
   */
  readonly nadName?: string;
  /**
   * The NAD's namespace: `default`, where every VM namespace reaches it, or the VMs' own.
   * @default - the kit's `nadNamespace`, else the chart's namespace, else `default`
   */
  readonly nadNamespace?: string;
  /**
   * The MTU of the macvtap interface.
   * @default 1500 (the user guide's NAD)
   */
  readonly mtu?: number;
}

/** Props of the macvtap kit. */
export interface MacvtapKitProps extends PluginKitProps, MacvtapNetworkOptions {
  /**
   * The macvtap device plugin resource the NAD asks for, `macvtap.network.kubevirt.io/<hostInterface>`: the host
   * interface's name when the device plugin exposes every interface (its default, `DP_MACVTAP_CONF: '[]'`), or the
   * `name` of an entry of the `macvtap-deviceplugin-config` ConfigMap (kubevirt/macvtap-cni README.md "Deployment";
   * user guide docs/network/net_binding_plugins/macvtap.md).
   */
  readonly hostInterface: string;

  /**
   * The binding name.
   * @default `macvtap`
   */
  readonly name?: string;
}

const propsSchema = z.object({
  networking: z.unknown(),
  id: z.string().optional(),
  hostInterface: z.string(),
  name: z.string().optional(),
  nadName: z.string().optional(),
  nadNamespace: z.string().optional(),
  mtu: z.number().optional(),
});

const optionsSchema = z.object({
  nadName: z.string().optional(),
  nadNamespace: z.string().optional(),
  mtu: z.number().optional(),
});

/** The resource-name annotation Multus reads (k8snetworkplumbingwg network-attachment-definition spec). */
export const RESOURCE_NAME_ANNOTATION = 'k8s.v1.cni.cncf.io/resourceName';
/** The macvtap device plugin's resource prefix (kubevirt/macvtap-cni README.md; kubevirt tests/libnet/netattachdef.go@v1.9.0:70-75). */
export const MACVTAP_RESOURCE_PREFIX = 'macvtap.network.kubevirt.io/';

/** `tap` domain attachment, which the plugin needs, first in 1.1.1 (kubevirt types.go const Tap, v1.1.1). */
export const MACVTAP_SINCE = KubeVirtVersion.of('1.1.1');

/** A device plugin resource name: letters, digits, `.`, `_` and `-` (a Linux interface name or a config name). */
const RESOURCE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The macvtap binding plugin: the registration (`domainAttachmentType: tap`) and a NAD of CNI type `macvtap` asking
 * the device plugin for a host interface. Multus networks only (user guide macvtap.md, "Primary network (pod
 * network): No"); not migratable. The macvtap CNI and its device plugin are not created here: deploy them with the
 * cluster-network-addons-operator or kubevirt/macvtap-cni's manifests.
 */
export class MacvtapKit extends PluginKit {
  private readonly defaults: { nadNamespace?: string; mtu?: number };

  public constructor(scope: Construct, id: string, props: MacvtapKitProps) {
    super(scope, id, 'macvtap', SupportedNetworks.MULTUS, props);
    const p = checkProps<MacvtapKitProps>(this, propsSchema, props).props;
    this.defaults = { nadNamespace: p.nadNamespace, mtu: p.mtu };
    const v = this.version;
    if (v.isOlderThan(MACVTAP_SINCE)) {
      this.fail(`the macvtap plugin needs kubevirt ${MACVTAP_SINCE} or newer: kubevirt ${fullVersion(v)} has no domainAttachmentType (tap is first in v1.1.1, kubevirt types.go const Tap); set the cluster's version to 1.1.1 or newer`);
    }
    if (typeof p.hostInterface === 'string') this.addNetwork(p.hostInterface, { nadName: p.nadName });
    this.register((networking) => BindingPlugins.macvtap(networking, { name: p.name }), p.name ?? 'macvtap');
  }

  /**
   * Another macvtap network, on another host interface (or device plugin resource): a NAD of its own. The first
   * NAD (from the props) is the kit's `networkAttachmentDefinition` and the default network of `interface()`.
   */
  public addNetwork(hostInterface: string, options: MacvtapNetworkOptions = {}): NetworkAttachmentDefinition {
    const where = `addNetwork(${JSON.stringify(hostInterface)})`;
    const o = checkProps<MacvtapNetworkOptions>(this, optionsSchema, options ?? {}, `${where}.options`).props;
    if (typeof hostInterface !== 'string' || !RESOURCE.test(hostInterface)) {
      this.fail(`${where}: expected the host interface (or the device plugin resource's name) the macvtap network sits on, of letters, digits, ".", "_" and "-", such as "eth0"; got ${show(hostInterface)}`);
    }
    const iface = String(hostInterface);
    const existing = this.node.tryFindChild(`Nad-${iface}`);
    if (existing instanceof NetworkAttachmentDefinition) {
      this.fail(`${where}: the kit has a macvtap network on ${JSON.stringify(iface)} already (${existing.reference}); use that nad, or give each host interface one network`);
      return existing;
    }
    const nad = new NetworkAttachmentDefinition(this, `Nad-${iface}`, {
      name: o.nadName ?? `macvtap-${iface.toLowerCase()}`,
      namespace: this.nadNamespace(o.nadNamespace ?? this.defaults.nadNamespace),
      cni: BindingCni.macvtap({ mtu: o.mtu ?? this.defaults.mtu }),
      annotations: { [RESOURCE_NAME_ANNOTATION]: `${MACVTAP_RESOURCE_PREFIX}${iface}` },
    });
    return this.keepNad(nad);
  }
}
