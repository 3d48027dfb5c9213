import { Construct } from 'constructs';
import { BindingPlugins } from '../plugins';
import { checkProps } from '../props';
import { shape as z } from '../shape';
import { fullVersion, upstreamImage, whyNoUpstreamImage } from './images';
import { PluginKit, PluginKitProps, SupportedNetworks } from './kit';

/** Props of the slirp kit. */
export interface SlirpKitProps extends PluginKitProps {
  /**
   * The slirp sidecar image.
   * @default - KubeVirt's image of the cluster's release, `quay.io/kubevirt/network-slirp-binding:v<release>`
   * (published for every release from 1.1.0); required for a release the image table does not list
   */
  readonly sidecarImage?: string;
}

const propsSchema = z.object({
  networking: z.unknown(),
  id: z.string().optional(),
  sidecarImage: z.string().optional(),
});

/** The binding name KubeVirt's slirp sidecar answers to (cmd/sidecars/network-slirp-binding/domain/domain.go@v1.4.0:37). */
export const SLIRP_BINDING_NAME = 'slirp';

/**
 * The slirp binding plugin: the registration `slirp` with its sidecar image, nothing on the nodes (user guide
 * docs/network/net_binding_plugins/slirp.md). Pod network only (domain.go@v1.4.0:46-59); TCP and UDP only.
 */
export class SlirpKit extends PluginKit {
  public constructor(scope: Construct, id: string, props: SlirpKitProps) {
    super(scope, id, 'slirp', SupportedNetworks.POD, props);
    const p = checkProps<SlirpKitProps>(this, propsSchema, props).props;
    const v = this.version;
    const sidecarImage = p.sidecarImage ?? upstreamImage('slirpSidecar', v);
    if (sidecarImage === undefined) {
      this.fail(`props.sidecarImage: the slirp kit has no sidecar image for kubevirt ${fullVersion(v)}: ${whyNoUpstreamImage('slirpSidecar', v)}; give sidecarImage, pinned to a tag or digest`);
    }
    this.register((networking) => (sidecarImage !== undefined
      ? BindingPlugins.slirp(networking, { sidecarImage })
      // no image: reported above
      : networking.addBinding(SLIRP_BINDING_NAME, {})), SLIRP_BINDING_NAME);
  }
}
