/**
 * Plugin kits: one call per binding plugin that registers the binding and creates what the plugin needs in the
 * cluster's release (its NAD, its node-side CNI installer), with the upstream images of that release.
 */
import { Construct } from 'constructs';
import { CustomKit, CustomKitProps } from './custom';
import { MacvtapKit, MacvtapKitProps } from './macvtap';
import { ManagedTapKit, ManagedTapKitProps } from './managed-tap';
import { PasstKit, PasstKitProps } from './passt';
import { SlirpKit, SlirpKitProps } from './slirp';

export { CniInstaller, DEFAULT_CNI_BIN_DIR, OPENSHIFT_CNI_BIN_DIR } from './installer';
export type { CniInstallerProps } from './installer';
export { KUBEVIRT_RELEASE_TAGS, UPSTREAM_IMAGES, upstreamImage, upstreamImageTable } from './images';
export type { ImageTableRow, UpstreamImage, UpstreamImageName } from './images';
export { PluginKit, SupportedNetworks } from './kit';
export type { PluginKitInterfaceOptions, PluginKitProps } from './kit';
export { PasstKit } from './passt';
export type { KitInstallerOptions, PasstKitProps } from './passt';
export { SlirpKit } from './slirp';
export type { SlirpKitProps } from './slirp';
export { MacvtapKit } from './macvtap';
export type { MacvtapKitProps, MacvtapNetworkOptions } from './macvtap';
export { ManagedTapKit } from './managed-tap';
export type { ManagedTapBridgeOptions, ManagedTapKitProps } from './managed-tap';
export { CustomKit } from './custom';
export type { CustomCniInstallerOptions, CustomKitProps } from './custom';

/** The id of a kit under its scope: `props.id`, else `fallback`. */
function idOf(props: { id?: string } | undefined, fallback: string): string {
  return props !== null && typeof props === 'object' && typeof props.id === 'string' ? props.id : fallback;
}

/**
 * One call per plugin. Each returns the kit: `kit.binding` (or `kit.interface()`) for VM interfaces, and the
 * constructs it created (`kit.networkAttachmentDefinition`, `kit.installer`, `kit.createdConstructs`).
 */
export class PluginKits {
  /** passt (KubeVirt 1.1.1 to 1.8; advice toward the core passt binding from 1.8): registration, NAD, CNI installer. */
  public static passt(scope: Construct, props: PasstKitProps): PasstKit {
    return new PasstKit(scope, idOf(props, 'passt'), props);
  }

  /** slirp: registration with the release's sidecar image. */
  public static slirp(scope: Construct, props: SlirpKitProps): SlirpKit {
    return new SlirpKit(scope, idOf(props, 'slirp'), props);
  }

  /** macvtap (KubeVirt 1.1.1+): registration (`domainAttachmentType: tap`) and a macvtap NAD for a host interface. */
  public static macvtap(scope: Construct, props: MacvtapKitProps): MacvtapKit {
    return new MacvtapKit(scope, idOf(props, 'macvtap'), props);
  }

  /** managedTap (KubeVirt 1.4+): registration, and optionally a bridge-CNI NAD. */
  public static managedTap(scope: Construct, props: ManagedTapKitProps): ManagedTapKit {
    return new ManagedTapKit(scope, idOf(props, 'managed-tap'), props);
  }

  /** A plugin of your own. */
  public static custom(scope: Construct, props: CustomKitProps): CustomKit {
    return new CustomKit(scope, idOf(props, props !== null && typeof props === 'object' && typeof props.name === 'string' ? props.name : 'custom'), props);
  }
}
