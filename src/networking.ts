import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { z } from 'zod';
import * as hco from '../imports/hco-hco.kubevirt.io';
import * as kv from '../imports/kubevirt-kubevirt.io';
import { AppCheck } from './app-check';
import { BindingDownwardApi, BindingMigration, BindingOptions, DomainAttachmentType, INetworkBinding } from './binding';
import { NetworkAttachmentDefinition } from './nad';
import { mergeOver, sortKeys } from './json';
import { checkProps, propErrors } from './props';
import { dnsLabel, dnsSubdomain, quantity, instanceOf } from './schemas';
import { Gates, KubeVirtVersion, needsBindingPluginsGate } from './version';

/**
 * Which object carries the cluster's network configuration.
 *
 * Under the HyperConverged Cluster Operator (HCO) the KubeVirt CR is owned by HCO, which reverts edits made to it;
 * registrations then belong in the HyperConverged CR (hyperconverged-cluster-operator
 * api/v1beta1/hyperconverged_types.go:270 `spec.networkBinding`; api/v1/hyperconverged_types.go:390
 * `spec.networking.networkBinding`), and HCO enables the NetworkBindingPlugins gate itself (PR #2603).
 */
export class ClusterTarget {
  /** A `kubevirt.io/v1` KubeVirt CR (plain KubeVirt installs). */
  public static readonly KUBEVIRT = new ClusterTarget('kubevirt', 'kubevirt', 'kubevirt');
  /** A `hco.kubevirt.io/v1beta1` HyperConverged CR: registrations at `spec.networkBinding`. */
  public static readonly HCO_V1BETA1 = new ClusterTarget('hco-v1beta1', 'kubevirt-hyperconverged', 'kubevirt-hyperconverged');
  /** A `hco.kubevirt.io/v1` HyperConverged CR: registrations at `spec.networking.networkBinding`. */
  public static readonly HCO_V1 = new ClusterTarget('hco-v1', 'kubevirt-hyperconverged', 'kubevirt-hyperconverged');

  private constructor(
    /** `kubevirt`, `hco-v1beta1` or `hco-v1`. */
    public readonly id: string,
    /** The CR's default name (HCO requires `kubevirt-hyperconverged`). */
    public readonly defaultName: string,
    /** The CR's default namespace. */
    public readonly defaultNamespace: string,
  ) {}

  /** True for the HyperConverged targets. */
  public get isHco(): boolean {
    return this.id !== 'kubevirt';
  }
}

/** Props of a cluster's network configuration. */
export interface KubeVirtNetworkingProps {
  /**
   * The KubeVirt release of the cluster: a `KubeVirtVersion`, or text such as `1.4` or `1.1.1`. Fields and
   * values the release lacks are synth errors; the NetworkBindingPlugins gate is emitted when the release needs it.
   * @default KubeVirtVersion.NEWEST (1.9)
   */
  readonly version?: KubeVirtVersion | string;

  /**
   * The object that carries the configuration.
   * @default ClusterTarget.KUBEVIRT
   */
  readonly target?: ClusterTarget;

  /**
   * The CR's name.
   * @default `kubevirt` for a KubeVirt CR, `kubevirt-hyperconverged` for HCO
   */
  readonly name?: string;

  /**
   * The CR's namespace.
   * @default `kubevirt` for a KubeVirt CR, `kubevirt-hyperconverged` for HCO
   */
  readonly namespace?: string;

  /**
   * Other feature gates of the KubeVirt CR (`spec.configuration.developerConfiguration.featureGates`); the
   * NetworkBindingPlugins gate is added when the release needs it, without duplicates. KubeVirt CR only.
   * @default - none
   */
  readonly featureGates?: string[];

  /**
   * Gates switched off (`disabledFeatureGates`, KubeVirt 1.8 or newer). KubeVirt CR only.
   * @default - none
   */
  readonly disabledFeatureGates?: string[];

  /**
   * Other settings of the CR's spec, as JSON the way the CR takes it (e.g. `configuration.obsoleteCPUModels`),
   * merged under the generated gates and registrations. For a KubeVirt CR, the defaults of KubeVirt's own release
   * manifest (`certificateRotateStrategy: {}`, `customizeComponents: {}`, `imagePullPolicy: IfNotPresent`,
   * `workloadUpdateStrategy: {}`) apply unless set here. Bindings must be added with `addBinding()`, not here.
   * @default - KubeVirt's release defaults
   */
  readonly spec?: Record<string, unknown>;

  /**
   * Treat warnings (policy findings such as an unpinned sidecar image) as synth errors.
   * @default false
   */
  readonly strict?: boolean;
}

const BINDING_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;

const propsSchema = z.object({
  version: z.union([instanceOf(KubeVirtVersion, 'expected a KubeVirtVersion'), z.string().refine((s) => KubeVirtVersion.tryParse(s) !== undefined, {
    message: `expected a kubevirt version from ${KubeVirtVersion.SUPPORTED_RANGE}, such as "1.4" or "1.1.1"`,
  })]).optional(),
  target: instanceOf(ClusterTarget, 'expected ClusterTarget.KUBEVIRT, ClusterTarget.HCO_V1BETA1 or ClusterTarget.HCO_V1').optional(),
  name: dnsSubdomain.optional(),
  namespace: dnsLabel.optional(),
  featureGates: z.array(z.string().min(1)).optional(),
  disabledFeatureGates: z.array(z.string().min(1)).optional(),
  spec: z.record(z.string(), z.unknown()).optional(),
  strict: z.boolean().optional(),
}).strict().superRefine((p, ctx) => {
  if (p.target?.isHco && (p.featureGates || p.disabledFeatureGates)) {
    ctx.addIssue({ code: 'custom', path: ['featureGates'], message: 'featureGates and disabledFeatureGates belong to a KubeVirt CR; hco manages kubevirt gates itself and enables NetworkBindingPlugins' });
  }
  const network = (p.spec?.configuration as Record<string, unknown> | undefined)?.network as Record<string, unknown> | undefined;
  if (network?.binding !== undefined || p.spec?.networkBinding !== undefined || (p.spec?.networking as Record<string, unknown> | undefined)?.networkBinding !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['spec'], message: 'bindings in spec are not accepted; register each binding with addBinding() so vms can reference it' });
  }
});

const optionsSchema = z.object({
  sidecarImage: z.string().min(1, 'expected a non-empty image reference').optional(),
  networkAttachmentDefinition: z.union([
    instanceOf(NetworkAttachmentDefinition, 'expected a NetworkAttachmentDefinition'),
    z.string().regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'expected "name" or "namespace/name" in lowercase dns names'),
  ], { error: 'expected a NetworkAttachmentDefinition construct, or "name" or "namespace/name" in lowercase dns names' }).optional(),
  domainAttachmentType: instanceOf(DomainAttachmentType, 'expected DomainAttachmentType.TAP or DomainAttachmentType.MANAGED_TAP').optional(),
  migration: instanceOf(BindingMigration, 'expected BindingMigration.migratable() or BindingMigration.linkRefresh()').optional(),
  downwardApi: instanceOf(BindingDownwardApi, 'expected BindingDownwardApi.DEVICE_INFO').optional(),
  memoryOverhead: quantity.optional(),
}).strict();

/** A binding registered in a `KubeVirtNetworking`. Pass it to VM interfaces. */
export class NetworkBinding implements INetworkBinding {
  /** @internal */
  constructor(
    public readonly name: string,
    public readonly options: BindingOptions,
    /** The cluster configuration that registers it. */
    public readonly cluster: KubeVirtNetworking,
  ) {}

  /** The release of the cluster that registers it. */
  public get version(): KubeVirtVersion {
    return this.cluster.version;
  }
}

/**
 * A cluster's network binding configuration: the KubeVirt CR (or the HyperConverged CR) with its binding
 * registrations and, where the release needs it, the NetworkBindingPlugins gate.
 */
export class KubeVirtNetworking extends Construct {
  /** The target release. */
  public readonly version: KubeVirtVersion;
  /** The object that carries the configuration. */
  public readonly target: ClusterTarget;
  /** The L1 object, when the props were valid. */
  public readonly resource?: ApiObject;

  private readonly bindings = new Map<string, NetworkBinding>();

  public constructor(scope: Construct, id: string, props: KubeVirtNetworkingProps = {}) {
    super(scope, id);
    const valid = checkProps(this, propsSchema, props);
    this.version = valid && typeof props.version === 'string' ? KubeVirtVersion.of(props.version)
      : props.version instanceof KubeVirtVersion ? props.version : KubeVirtVersion.NEWEST;
    this.target = props.target instanceof ClusterTarget ? props.target : ClusterTarget.KUBEVIRT;
    const check = AppCheck.of(this);
    check.declareVersion(this.node.path, this.version);
    if (props.strict) check.strict = true;
    this.node.addValidation({ validate: () => check.errorsFor(this.resource) });
    if (!valid) return;

    const metadata = {
      name: props.name ?? this.target.defaultName,
      namespace: props.namespace ?? this.target.defaultNamespace,
    };
    const bindingMap = () => this.renderBindings();
    const userSpec = props.spec ?? {};
    if (this.target === ClusterTarget.KUBEVIRT) {
      const developer = ((userSpec.configuration as Record<string, unknown> | undefined)?.developerConfiguration ?? {}) as kv.KubeVirtSpecConfigurationDeveloperConfiguration;
      const gates = mergeGates([...(developer.featureGates ?? []), ...(props.featureGates ?? [])], needsBindingPluginsGate(this.version) ? [Gates.NETWORK_BINDING_PLUGINS] : []);
      const disabled = mergeGates([...(developer.disabledFeatureGates ?? []), ...(props.disabledFeatureGates ?? [])], []);
      const self = this;
      this.resource = new KubeVirtResource(this, 'Resource', {
        metadata,
        spec: {
          configuration: {
            developerConfiguration: {
              ...(gates.length > 0 ? { featureGates: gates } : {}),
              ...(disabled.length > 0 ? { disabledFeatureGates: disabled } : {}),
            },
            network: {
              // resolved at synth, so bindings added after construction are included
              get binding() { return self.bindings.size > 0 ? bindingMap() as Record<string, kv.KubeVirtSpecConfigurationNetworkBinding> : undefined; },
            },
          },
        },
      }, mergeOver(KUBEVIRT_DEFAULTS, userSpec) as Record<string, unknown>);
    } else {
      this.resource = this.hcoResource(metadata, userSpec, bindingMap);
    }
    check.own(this.resource);
  }

  /**
   * Registers a binding plugin under `name`, the name VM interfaces will carry. The options are checked at synth
   * against the target release (e.g. `memoryOverhead` needs KubeVirt 1.3).
   */
  public addBinding(name: string, options: BindingOptions = {}): NetworkBinding {
    const binding = new NetworkBinding(name, options, this);
    const errors: string[] = [];
    if (!BINDING_NAME.test(name)) {
      errors.push(`addBinding("${name}"): binding name must be letters, digits, ".", "-" or "_", starting and ending with a letter or digit`);
    } else if (this.bindings.has(name)) {
      errors.push(`addBinding("${name}"): a binding named "${name}" is already registered; each name can be registered once`);
    }
    errors.push(...propErrors(optionsSchema, options, `addBinding("${name}")`));
    if (errors.length > 0) {
      this.node.addValidation({ validate: () => errors });
      return binding;
    }
    this.bindings.set(name, binding);
    return binding;
  }

  /** The bindings registered so far, by name. */
  public get registeredBindings(): readonly NetworkBinding[] {
    return [...this.bindings.values()];
  }

  /** True when `binding` is registered here. */
  public registers(binding: INetworkBinding): boolean {
    return this.bindings.get(binding.name) === binding;
  }

  private renderBindings(): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [name, b] of this.bindings) out[name] = renderRegistration(b.options, this.target);
    return out;
  }

  private hcoResource(metadata: { name: string; namespace: string }, userSpec: Record<string, unknown>, bindingMap: () => Record<string, Record<string, unknown>>): ApiObject {
    const self = this;
    if (this.target === ClusterTarget.HCO_V1BETA1) {
      return new HyperConvergedV1Beta1Resource(this, 'Resource', {
        metadata,
        spec: {
          get networkBinding() { return self.bindings.size > 0 ? bindingMap() as Record<string, hco.HyperConvergedV1Beta1SpecNetworkBinding> : undefined; },
        },
      }, userSpec);
    }
    return new HyperConvergedResource(this, 'Resource', {
      metadata,
      spec: {
        networking: {
          get networkBinding() { return self.bindings.size > 0 ? bindingMap() as Record<string, hco.HyperConvergedSpecNetworkingNetworkBinding> : undefined; },
        },
      },
    }, userSpec);
  }

}

/** What KubeVirt's own release manifest (kubevirt-cr.yaml) sets in the CR's spec. */
const KUBEVIRT_DEFAULTS = {
  certificateRotateStrategy: {},
  customizeComponents: {},
  imagePullPolicy: 'IfNotPresent',
  workloadUpdateStrategy: {},
};

/**
 * The user's `spec` settings are JSON as the CR takes it (e.g. `obsoleteCPUModels`), not L1 props, whose generated
 * mapping would drop keys it spells differently. They are laid under the serialized generated parts (the gates
 * and bindings win), with keys sorted like the rest of the output.
 */
function withUserSpec(out: Record<string, unknown>, userSpec: Record<string, unknown>): Record<string, unknown> {
  return { ...out, spec: sortKeys(mergeOver(userSpec, out.spec)) };
}

/** An L1 class whose objects take the user's `spec` settings at serialization. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function withUserSpecClass<P>(Base: new (...args: any[]) => ApiObject) {
  return class extends Base {
    public constructor(scope: Construct, id: string, props: P, private readonly userSpec: Record<string, unknown>) {
      super(scope, id, props);
    }

    public override toJson(): any {
      return withUserSpec(super.toJson(), this.userSpec);
    }
  };
}

const KubeVirtResource = withUserSpecClass<kv.KubeVirtProps>(kv.KubeVirt);
const HyperConvergedV1Beta1Resource = withUserSpecClass<hco.HyperConvergedV1Beta1Props>(hco.HyperConvergedV1Beta1);
const HyperConvergedResource = withUserSpecClass<hco.HyperConvergedProps>(hco.HyperConverged);

/** Gates in first-seen order without duplicates, then the required ones not yet listed. */
function mergeGates(given: readonly string[], required: readonly string[]): string[] {
  return [...new Set([...given, ...required])];
}

/** One registration in the shape of the target's L1 types (quantities through the generated classes). */
function renderRegistration(o: BindingOptions, target: ClusterTarget): Record<string, unknown> {
  const nad = o.networkAttachmentDefinition;
  const memory = o.memoryOverhead === undefined ? undefined
    : target === ClusterTarget.KUBEVIRT ? kv.KubeVirtSpecConfigurationNetworkBindingComputeResourceOverheadRequests.fromString(o.memoryOverhead)
      : target === ClusterTarget.HCO_V1BETA1 ? hco.HyperConvergedV1Beta1SpecNetworkBindingComputeResourceOverheadRequests.fromString(o.memoryOverhead)
        : hco.HyperConvergedSpecNetworkingNetworkBindingComputeResourceOverheadRequests.fromString(o.memoryOverhead);
  return {
    sidecarImage: o.sidecarImage,
    networkAttachmentDefinition: nad instanceof NetworkAttachmentDefinition ? nad.reference : nad,
    domainAttachmentType: o.domainAttachmentType?.value,
    migration: o.migration?.toJson(),
    downwardApi: o.downwardApi?.value,
    computeResourceOverhead: memory ? { requests: { memory } } : undefined,
  };
}
