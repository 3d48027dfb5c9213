import { ApiObject, App, ImplicitTokenResolver, JsonPatch, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { Construct } from 'constructs';
import { z } from 'zod';
import * as kv from '../imports/vm-kubevirt.io';
import { AppCheck, ILintable } from './app-check';
import { INetworkBinding } from './binding';
import { NetworkAttachmentDefinition } from './nad';
import { NetworkBinding } from './networking';
import { checkProps } from './props';
import { dnsLabel, dnsSubdomain, labelMap, quantity, instanceOf } from './schemas';

/**
 * A core interface binding method (no registration needed): kubevirt schema.go InterfaceBindingMethod
 * (:1553-1571).
 */
export class CoreBinding {
  /** `masquerade: {}`: NAT behind the pod IP; pod network only. */
  public static readonly MASQUERADE = new CoreBinding('masquerade');
  /** `bridge: {}`: the VM takes the pod interface's address. */
  public static readonly BRIDGE = new CoreBinding('bridge');
  /** `sriov: {}`: an SR-IOV virtual function; multus networks only. */
  public static readonly SRIOV = new CoreBinding('sriov');
  /** `passtBinding: {}`: the core passt binding of KubeVirt 1.8 and newer; pod network only. */
  public static readonly PASST = new CoreBinding('passtBinding');

  private constructor(public readonly field: string) {}
}

/** The network an interface attaches to. */
export class VmNetwork {
  /** The pod network (`pod: {}`). */
  public static pod(): VmNetwork {
    return new VmNetwork(() => ({ pod: {} }));
  }

  /**
   * A Multus secondary network: a NAD construct, or its name as `name` (in the VM's namespace) or
   * `namespace/name`.
   */
  public static multus(nad: NetworkAttachmentDefinition | string, options: { default?: boolean } = {}): VmNetwork {
    return new VmNetwork(() => ({
      multus: defined({ networkName: typeof nad === 'string' ? nad : nad.reference, default: options.default }),
    }));
  }

  private constructor(private readonly source: () => Omit<kv.VirtualMachineSpecTemplateSpecNetworks, 'name'>) {}

  /** @internal */
  public _render(name: string): kv.VirtualMachineSpecTemplateSpecNetworks {
    return Object.assign({ name }, this.source());
  }
}

/** A port exposed on an interface. */
export interface VmPort {
  /** The port number, 1 to 65535. */
  readonly port: number;
  /** @default - no name */
  readonly name?: string;
  /** @default 'TCP' (KubeVirt's default) */
  readonly protocol?: 'TCP' | 'UDP';
}

/** One interface of the VM, with the network it attaches to (both get the interface's name). */
export interface VmInterface {
  /** The interface and network name: letters, digits, `-` and `_` (kubevirt pkg/network/admitter/netiface.go:127-137). */
  readonly name: string;
  /** A registered binding plugin (from `KubeVirtNetworking.addBinding()`), or a core binding method. */
  readonly binding: INetworkBinding | CoreBinding;
  /** The network the interface attaches to. */
  readonly network: VmNetwork;
  /** @default - KubeVirt's default (virtio) */
  readonly model?: string;
  /** @default - assigned by KubeVirt */
  readonly macAddress?: string;
  /** @default - none */
  readonly ports?: VmPort[];
}

/** A disk and the volume behind it. */
export class VmDisk {
  /** A container disk image (ephemeral). */
  public static containerDisk(options: { name: string; image: string; bus?: string }): VmDisk {
    return new VmDisk(options.name, options.bus, { containerDisk: { image: options.image } });
  }

  /** A NoCloud cloud-init disk with user data and/or network data (cloud-init network config v1 or v2). */
  public static cloudInitNoCloud(options: { name: string; userData?: string; networkData?: string; bus?: string }): VmDisk {
    return new VmDisk(options.name, options.bus, {
      cloudInitNoCloud: defined({ userData: options.userData, networkData: options.networkData }),
    });
  }

  private constructor(
    /** The disk and volume name. */
    public readonly name: string,
    private readonly bus: string | undefined,
    private readonly volume: Omit<kv.VirtualMachineSpecTemplateSpecVolumes, 'name'>,
  ) {}

  /** @internal */
  public _disk(): kv.VirtualMachineSpecTemplateSpecDomainDevicesDisks {
    return { name: this.name, disk: { bus: this.bus ?? 'virtio' } };
  }

  /** @internal */
  public _volume(): kv.VirtualMachineSpecTemplateSpecVolumes {
    return Object.assign({ name: this.name }, this.volume);
  }
}

/** KubeVirt's run strategies (kubevirt types.go VirtualMachineRunStrategy). */
export type RunStrategy = 'Always' | 'RerunOnFailure' | 'Manual' | 'Halted' | 'Once' | 'WaitAsReceiver';

/** Props of a VirtualMachine. */
export interface VirtualMachineProps {
  /** @default - the construct id */
  readonly name?: string;
  /** @default - the chart's namespace */
  readonly namespace?: string;
  /** Labels of the VirtualMachine object. @default - none */
  readonly labels?: Record<string, string>;
  /** Labels of the VMI template (`spec.template.metadata.labels`). @default - the same as `labels` */
  readonly templateLabels?: Record<string, string>;
  /** @default 'Always' */
  readonly runStrategy?: RunStrategy;
  /** Guest memory request, a quantity such as `1024M`. */
  readonly memory: string;
  /** @default - KubeVirt's default */
  readonly cpuCores?: number;
  /** The interfaces, each with its network. */
  readonly interfaces: VmInterface[];
  /** @default - none */
  readonly disks?: VmDisk[];
  /** Adds a virtio RNG device (`rng: {}`). @default false */
  readonly rng?: boolean;
  /** @default - KubeVirt's default (180 s) */
  readonly terminationGracePeriodSeconds?: number;
}

const bindingSchema = z.custom<INetworkBinding | CoreBinding>(
  (b) => b instanceof CoreBinding || b instanceof NetworkBinding,
  { message: 'expected a binding returned by KubeVirtNetworking.addBinding() or a CoreBinding' },
);

const propsSchema = z.object({
  name: dnsSubdomain.optional(),
  namespace: dnsLabel.optional(),
  labels: labelMap.optional(),
  templateLabels: labelMap.optional(),
  runStrategy: z.enum(['Always', 'RerunOnFailure', 'Manual', 'Halted', 'Once', 'WaitAsReceiver']).optional(),
  memory: quantity,
  cpuCores: z.number().int().positive().optional(),
  interfaces: z.array(z.object({
    name: z.string().regex(/^[A-Za-z0-9-_]+$/, 'expected letters, digits, "-" or "_" (kubevirt: Network interface name can only contain alphabetical characters, numbers, dashes (-) or underscores (_))'),
    binding: bindingSchema,
    network: instanceOf(VmNetwork, 'expected VmNetwork.pod() or VmNetwork.multus()'),
    model: z.string().optional(),
    macAddress: z.string().optional(),
    ports: z.array(z.object({
      port: z.number().int().min(1).max(65535),
      name: z.string().optional(),
      protocol: z.enum(['TCP', 'UDP']).optional(),
    }).strict()).optional(),
  }).strict()),
  disks: z.array(instanceOf(VmDisk, 'expected VmDisk.containerDisk() or VmDisk.cloudInitNoCloud()')).optional(),
  rng: z.boolean().optional(),
  terminationGracePeriodSeconds: z.number().int().nonnegative().optional(),
}).strict();

/**
 * A KubeVirt VirtualMachine whose interfaces take binding objects, so the binding they name is the one a cluster
 * configuration registers. Checked at synth by the rule engine, with every other object of the app.
 */
export class VirtualMachine extends Construct {
  /** The VM's name. */
  public readonly name: string;
  /** The L1 object, when the props were valid. */
  public readonly resource?: kv.VirtualMachine;

  public constructor(scope: Construct, id: string, props: VirtualMachineProps) {
    super(scope, id);
    this.name = typeof props?.name === 'string' ? props.name : id;
    const check = AppCheck.of(this);
    this.node.addValidation({ validate: () => check.errorsFor(this.resource) });
    if (!checkProps(this, propsSchema, props ?? {}).valid) return;

    this.resource = new VirtualMachineResource(this, 'Resource', renderVirtualMachineProps(this.name, props, wireQuantity));
    check.own(this.resource);
  }
}

/**
 * The VM's L1 object. Its props are built in wire form (JSON field names, quantities as strings), on which the
 * generated `toJson_VirtualMachineProps` would only copy the whole spec once more (about 8% of a 10,000-VM synth,
 * and as much garbage): serialization skips that mapping. test/vm.test.ts checks, for every prop, that the output
 * equals what the generated mapping makes of the same props with typed quantities.
 */
class VirtualMachineResource extends kv.VirtualMachine implements ILintable {
  private patched = false;

  public constructor(scope: Construct, id: string, private readonly wire: kv.VirtualMachineProps) {
    super(scope, id, wire);
  }

  public override toJson(): any {
    return ApiObject.prototype.toJson.call(this);
  }

  public override addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  /**
   * The manifest for the rules, sharing the props instead of serializing them: the props hold plain data only (the
   * construct's checked input), so serialization would only sort keys. Its metadata holds the name and namespace,
   * the only metadata the rules read of a VM (test/vm.test.ts checks that), without resolving labels and
   * annotations (a third of the time and most of the memory of a 10,000-VM check).
   *
   * Undefined, so the rules get the serialized manifest, after a JSON patch and when the app has resolvers of its
   * own (both apply only in serialization; cdk8s' built-in resolvers change only Lazy and token values, which
   * checked props cannot hold), and when the name or namespace is not a plain string.
   */
  public lintManifest(): Record<string, unknown> | undefined {
    const { name, namespace } = this.metadata;
    if (this.patched || typeof name !== 'string' || (namespace !== undefined && typeof namespace !== 'string')) return undefined;
    if (!onlyBuiltInResolvers(App.of(this))) return undefined;
    const metadata: Record<string, string> = { name };
    if (namespace !== undefined) metadata.namespace = namespace;
    return { apiVersion: this.apiVersion, kind: this.kind, metadata, spec: this.wire.spec };
  }
}

/** True when an app resolves with cdk8s' built-in resolvers only (`App.resolvers` holds the app's own first). */
function onlyBuiltInResolvers(app: App): boolean {
  return app.resolvers.every((r) => r instanceof LazyResolver || r instanceof ImplicitTokenResolver || r instanceof NumberStringUnionResolver);
}

/** A quantity in wire form, where the L1 type wants its wrapper class (see `VirtualMachineResource`). */
function wireQuantity(q: string): kv.VirtualMachineSpecTemplateSpecDomainResourcesRequests {
  return q as unknown as kv.VirtualMachineSpecTemplateSpecDomainResourcesRequests;
}

/**
 * The L1 props of a VM. `quantity` wraps quantities: as wire strings for the construct, as the generated class for
 * the test that compares both serializations.
 * @internal
 */
export function renderVirtualMachineProps(
  name: string,
  props: VirtualMachineProps,
  quantity: (q: string) => kv.VirtualMachineSpecTemplateSpecDomainResourcesRequests,
): kv.VirtualMachineProps {
  const disks = props.disks ?? [];
  const templateLabels = props.templateLabels ?? props.labels;
  return {
    metadata: defined({ name, namespace: props.namespace, labels: props.labels }),
    spec: {
      runStrategy: props.runStrategy ?? 'Always',
      template: defined({
        metadata: templateLabels ? { labels: templateLabels } : undefined,
        spec: defined({
          domain: defined({
            cpu: props.cpuCores !== undefined ? { cores: props.cpuCores } : undefined,
            devices: defined({
              disks: disks.length > 0 ? disks.map((d) => d._disk()) : undefined,
              interfaces: props.interfaces.map(renderInterface),
              rng: props.rng ? {} : undefined,
            }),
            resources: { requests: { memory: quantity(props.memory) } },
          }),
          networks: props.interfaces.map((i) => i.network._render(i.name)),
          terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
          volumes: disks.length > 0 ? disks.map((d) => d._volume()) : undefined,
        }),
      }),
    },
  };
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

function renderInterface(i: VmInterface): kv.VirtualMachineSpecTemplateSpecDomainDevicesInterfaces {
  const out: Record<string, unknown> = { name: i.name };
  if (i.binding instanceof CoreBinding) out[i.binding.field] = {};
  else out.binding = { name: i.binding.name };
  if (i.model !== undefined) out.model = i.model;
  if (i.macAddress !== undefined) out.macAddress = i.macAddress;
  if (i.ports) out.ports = i.ports.map((p) => defined({ port: p.port, name: p.name, protocol: p.protocol }));
  return out as unknown as kv.VirtualMachineSpecTemplateSpecDomainDevicesInterfaces;
}
