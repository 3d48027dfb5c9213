import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AppCheck } from '../app-check';
import type { INetworkBinding } from '../binding';
import { NetworkAttachmentDefinition } from '../nad';
import { KubeVirtNetworking, NetworkBinding } from '../networking';
import { show } from '../rules/util';
import { KubeVirtVersion } from '../version';
import { VmInterface, VmNetwork, VmPort } from '../vm';
import type { CniInstaller } from './installer';

/** The networks a binding plugin can serve. */
export class SupportedNetworks {
  /** The pod network only (`pod: {}`). */
  public static readonly POD = new SupportedNetworks('pod', true, false);
  /** Multus networks only (`multus: {networkName}`). */
  public static readonly MULTUS = new SupportedNetworks('multus', false, true);
  /** The pod network and Multus networks. */
  public static readonly BOTH = new SupportedNetworks('both', true, true);

  private constructor(
    /** `pod`, `multus` or `both`. */
    public readonly id: string,
    /** Serves the pod network. */
    public readonly pod: boolean,
    /** Serves Multus networks. */
    public readonly multus: boolean,
  ) {}

  /** `the pod network`, `multus networks`, `the pod network and multus networks`. */
  public get text(): string {
    return this.pod && this.multus ? 'the pod network and multus networks' : this.pod ? 'the pod network only' : 'multus networks only';
  }
}

/** Props every kit takes. */
export interface PluginKitProps {
  /** The cluster configuration the binding is registered in; its cluster's release decides what the kit creates. */
  readonly networking: KubeVirtNetworking;

  /**
   * The kit's construct id under the scope.
   * @default - the plugin's name (`passt`, `slirp`, `macvtap`, `managed-tap`), or the binding name for a custom kit
   */
  readonly id?: string;
}

/** Options of a kit's `interface()`: the interface fields other than its name, binding and network. */
export interface PluginKitInterfaceOptions {
  /**
   * The network.
   * @default - the kit's network: the pod network for a plugin that serves it, else the kit's NAD
   */
  readonly network?: VmNetwork;
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

/**
 * What one call of a kit makes: the binding registration for VM interfaces, and the objects the plugin needs in the
 * cluster's release (its NAD, its node-side CNI installer). Problems are synth errors of the kit, each naming the
 * plugin, the release and what to change.
 */
export abstract class PluginKit extends Construct {
  /** The plugin: `passt`, `slirp`, `macvtap`, `managed-tap`, or a custom binding's name. */
  public readonly plugin: string;
  /** The networks the plugin serves. */
  public readonly networks: SupportedNetworks;
  /** The release the kit was made for: its cluster's. */
  public readonly version: KubeVirtVersion;
  /** The cluster configuration the binding is registered in (undefined when `networking` was not one). */
  public readonly networking?: KubeVirtNetworking;

  private bindingValue?: INetworkBinding;
  private readonly nads: NetworkAttachmentDefinition[] = [];
  private installerValue?: CniInstaller;
  private readonly errors: string[] = [];

  protected constructor(scope: Construct, id: string, plugin: string, networks: SupportedNetworks, props: PluginKitProps) {
    super(scope, id);
    this.plugin = plugin;
    this.networks = networks;
    const networking = props !== null && typeof props === 'object' ? props.networking : undefined;
    if (networking instanceof KubeVirtNetworking) {
      this.networking = networking;
      this.version = networking.version;
    } else {
      this.version = AppCheck.of(this).settings.version;
      this.fail(`props.networking: the ${plugin} kit registers its binding in a KubeVirtNetworking (the cluster's KubeVirt or HyperConverged CR); got ${show(networking)}`);
    }
    this.node.addValidation({ validate: () => this.errors });
  }

  /** The binding, for VM interfaces (`binding:` of an interface), or `interface()`. */
  public get binding(): INetworkBinding {
    return this.bindingValue ?? NetworkBinding.fromName(this.plugin);
  }

  /** The (first) NAD the kit created, if it created one. */
  public get networkAttachmentDefinition(): NetworkAttachmentDefinition | undefined {
    return this.nads[0];
  }

  /** Every NAD the kit created, in order. */
  public get networkAttachmentDefinitions(): readonly NetworkAttachmentDefinition[] {
    return [...this.nads];
  }

  /** The node-side CNI installer the kit created, if it created one. */
  public get installer(): CniInstaller | undefined {
    return this.installerValue;
  }

  /** Every construct the kit created besides the registration: its NADs, then its installer. */
  public get createdConstructs(): Construct[] {
    return this.installerValue ? [...this.nads, this.installerValue] : [...this.nads];
  }

  /** The kit's network when an interface names none: the pod network, or the kit's NAD for a Multus-only plugin. */
  public defaultNetwork(): VmNetwork | undefined {
    if (this.networks.pod) return VmNetwork.pod();
    return this.nads[0] ? VmNetwork.multus(this.nads[0]) : undefined;
  }

  /**
   * A VM interface of this binding. Its network is checked against the networks the plugin serves: a plugin on a
   * network it cannot use is a synth error of the kit.
   */
  public interface(name: string, options: PluginKitInterfaceOptions = {}): VmInterface {
    const network = options?.network ?? this.defaultNetwork();
    const where = `interface(${JSON.stringify(name)})`;
    if (!network) {
      this.fail(`${where}.network: the ${this.plugin} plugin serves ${this.networks.text} and the kit has no nad to default to; give network: VmNetwork.multus(<nad>)`);
    } else {
      const kind = networkKind(network);
      const ok = kind === 'pod' ? this.networks.pod : kind === 'multus' ? this.networks.multus : true;
      if (!ok) {
        const fix = this.networks.pod
          ? 'use VmNetwork.pod() (the default of interface()), or a binding for multus networks such as bridge or macvtap'
          : `use VmNetwork.multus(<nad>)${this.nads[0] ? ` (the default of interface(): the kit's nad ${this.nads[0].reference})` : ''}, and a core binding such as masquerade for the pod network`;
        this.fail(`${where}.network: the ${this.plugin} plugin serves ${this.networks.text} on kubevirt ${this.version}, but the network is ${kind === 'pod' ? 'the pod network' : 'a multus network'}; ${fix}`);
      }
    }
    const { network: _ignored, ...rest } = options ?? {};
    return { ...rest, name, binding: this.binding, network: network ?? VmNetwork.pod() };
  }

  /** Reports a problem of the kit at synth. */
  protected fail(message: string): void {
    this.errors.push(message);
  }

  /** Advice shown with the synth's warnings. */
  protected advise(message: string): void {
    AppCheck.of(this).addNote(this, message);
  }

  /** Registers the binding (when the networking is usable). */
  protected register(make: (networking: KubeVirtNetworking) => NetworkBinding, name: string): void {
    this.bindingValue = this.networking ? make(this.networking) : NetworkBinding.fromName(name);
  }

  /** Keeps the NAD the kit created. */
  protected keepNad(nad: NetworkAttachmentDefinition): NetworkAttachmentDefinition {
    this.nads.push(nad);
    return nad;
  }

  /** Keeps the installer the kit created. */
  protected keepInstaller(installer: CniInstaller): CniInstaller {
    this.installerValue = installer;
    return installer;
  }

  /** The namespace of a NAD the kit creates: as given, else the chart's, else `default` (where other namespaces reach it). */
  protected nadNamespace(given: string | undefined): string {
    return given ?? Chart.of(this).namespace ?? 'default';
  }

  /** The namespace of the cluster configuration's CR (`kubevirt`, `kubevirt-hyperconverged`), for node-side objects. */
  protected operatorNamespace(): string {
    return this.networking?.apiObject.metadata.namespace ?? 'kubevirt';
  }
}

/** `pod`, `multus` or `other` (a DRA claim, or a source the library does not model). */
function networkKind(network: VmNetwork): 'pod' | 'multus' | 'other' {
  const rendered = network instanceof VmNetwork ? network._render('x') as unknown as Record<string, unknown> : {};
  if (rendered.pod !== undefined) return 'pod';
  if (rendered.multus !== undefined) return 'multus';
  return 'other';
}
