import { Construct } from 'constructs';
import { BindingDownwardApi, BindingMigration, BindingOptions, DomainAttachmentType } from '../binding';
import { CniConfig } from '../cni';
import { INetworkAttachmentDefinition, NetworkAttachmentDefinition } from '../nad';
import { checkProps } from '../props';
import { instanceOf } from '../schemas';
import { shape as z } from '../shape';
import { CniInstaller } from './installer';
import { PluginKit, PluginKitProps, SupportedNetworks } from './kit';
import type { KitInstallerOptions } from './passt';

/** The node-side CNI installer of a custom plugin. */
export interface CustomCniInstallerOptions extends KitInstallerOptions {
  /** The image holding the CNI binary, pinned. */
  readonly image: string;
  /** The binary's absolute path in the image. */
  readonly binaryPath: string;
  /**
   * The binary's name on the nodes: the CNI `type` of the plugin's NAD.
   * @default - the last element of `binaryPath`
   */
  readonly binaryName?: string;
}

/** Props of a custom plugin's kit: any of the six registration fields, and the networks the plugin serves. */
export interface CustomKitProps extends PluginKitProps {
  /** The binding name VM interfaces carry. */
  readonly name: string;
  /** The networks the plugin serves: interfaces on other networks are synth errors of the kit. */
  readonly networks: SupportedNetworks;
  /** @default - no sidecar */
  readonly sidecarImage?: string;
  /**
   * A NAD made elsewhere for the registration (a construct, `NetworkAttachmentDefinition.fromName()`, or
   * `namespace/name`). Give this or `cni`, not both.
   * @default - the NAD made from `cni`, else none
   */
  readonly networkAttachmentDefinition?: INetworkAttachmentDefinition | string;
  /**
   * The CNI configuration of a NAD the kit creates for the registration.
   * @default - no NAD created
   */
  readonly cni?: CniConfig;
  /**
   * The created NAD's name.
   * @default - the binding name
   */
  readonly nadName?: string;
  /**
   * The created NAD's namespace.
   * @default - the chart's namespace, else `default`
   */
  readonly nadNamespace?: string;
  /** @default - none */
  readonly domainAttachmentType?: DomainAttachmentType;
  /** @default - not migratable */
  readonly migration?: BindingMigration;
  /** @default - none */
  readonly downwardApi?: BindingDownwardApi;
  /** @default - none */
  readonly memoryOverhead?: string;
  /**
   * A DaemonSet that installs the plugin's CNI binary on every node.
   * @default - none
   */
  readonly cniInstaller?: CustomCniInstallerOptions;
}

const propsSchema = z.object({
  networking: z.unknown(),
  id: z.string().optional(),
  name: z.string(),
  networks: instanceOf(SupportedNetworks, 'expected SupportedNetworks.POD, SupportedNetworks.MULTUS or SupportedNetworks.BOTH'),
  sidecarImage: z.unknown(),
  networkAttachmentDefinition: z.unknown(),
  cni: instanceOf(CniConfig, 'expected a CniConfig (CniConfig.plugin() or CniConfig.chain())').optional(),
  nadName: z.string().optional(),
  nadNamespace: z.string().optional(),
  domainAttachmentType: z.unknown(),
  migration: z.unknown(),
  downwardApi: z.unknown(),
  memoryOverhead: z.unknown(),
  cniInstaller: z.record(z.unknown()).optional(),
});

/**
 * A binding plugin of your own: any of the registration's six fields (checked against the cluster's release by
 * `addBinding()` and the rules), the networks it serves, and optionally a NAD made from a CNI configuration and a
 * node-side CNI installer.
 */
export class CustomKit extends PluginKit {
  public constructor(scope: Construct, id: string, props: CustomKitProps) {
    const ok = props !== null && typeof props === 'object';
    super(scope, id, ok && typeof props.name === 'string' ? props.name : 'custom', ok && props.networks instanceof SupportedNetworks ? props.networks : SupportedNetworks.BOTH, props);
    const p = checkProps<CustomKitProps>(this, propsSchema, props).props;
    const name = typeof p.name === 'string' ? p.name : 'custom';
    if (p.cni && p.networkAttachmentDefinition !== undefined) {
      this.fail(`props.cni: the ${name} kit got both cni (a nad to create) and networkAttachmentDefinition (one made elsewhere); give one of them`);
    }
    const nad = p.cni
      ? this.keepNad(new NetworkAttachmentDefinition(this, 'Nad', { name: p.nadName ?? name, namespace: this.nadNamespace(p.nadNamespace), cni: p.cni }))
      : p.networkAttachmentDefinition;
    const options: BindingOptions = {
      ...(p.sidecarImage !== undefined ? { sidecarImage: p.sidecarImage } : {}),
      ...(nad !== undefined ? { networkAttachmentDefinition: nad } : {}),
      ...(p.domainAttachmentType !== undefined ? { domainAttachmentType: p.domainAttachmentType } : {}),
      ...(p.migration !== undefined ? { migration: p.migration } : {}),
      ...(p.downwardApi !== undefined ? { downwardApi: p.downwardApi } : {}),
      ...(p.memoryOverhead !== undefined ? { memoryOverhead: p.memoryOverhead } : {}),
    };
    // addBinding checks the options' shapes and the rules judge them against the release
    this.register((networking) => networking.addBinding(name, options), name);
    if (p.cniInstaller) {
      this.keepInstaller(new CniInstaller(this, 'Installer', {
        namespace: this.operatorNamespace(),
        ...(p.cniInstaller as unknown as CustomCniInstallerOptions),
      }));
    }
  }
}
