import * as path from 'path';
import { ApiObjectMetadata, ApiObjectMetadataDefinition, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { show } from './rules/util';
import { shape as z } from './shape';
import { SortedApiObject } from './api-object';
import { AppCheck } from './app-check';
import { BindingDownwardApi, BindingMigration, BindingOptions, DomainAttachmentType, INetworkBinding } from './binding';
import { ClusterTarget, KubeVirtCluster } from './cluster';
import { INetworkAttachmentDefinition, NetworkAttachmentDefinition } from './nad';
import { mergeOver, withPrototypes } from './json';
import { checkProps } from './props';
import { instanceOf } from './schemas';
import { Gates, KubeVirtVersion, needsBindingPluginsGate } from './version';
import { contributeFiles, keepOutOfOutput } from './contributed-files';
import {
  applyOps, BaseRead, checkBaseKustomization, kustomizeRef, OVERLAY_FOLDER, overlayFiles, PatchKind, patchOps, readBase, WantedConfiguration,
} from './gitops/patch';

/** Props of a cluster's network configuration. */
export interface KubeVirtNetworkingProps {
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
   * Other metadata of the CR (labels, annotations). `name` and `namespace` come from the props of the same name.
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;

  /**
   * Other feature gates of the KubeVirt CR (`spec.configuration.developerConfiguration.featureGates`); the
   * NetworkBindingPlugins gate is added when the cluster's release needs it, without duplicates. KubeVirt CR only.
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
}

const stringList = z.array(z.string());

const propsSchema = z.object({
  name: z.string().optional(),
  namespace: z.string().optional(),
  metadata: z.record(z.unknown()).optional(),
  featureGates: stringList.optional(),
  disabledFeatureGates: stringList.optional(),
  spec: z.record(z.unknown()).optional(),
});

const nadSchema = z.custom<INetworkAttachmentDefinition | string>(
  (v) => typeof v === 'string' || (v !== null && typeof v === 'object' && typeof (v as INetworkAttachmentDefinition).reference === 'string'),
  'expected a NetworkAttachmentDefinition (a construct, or NetworkAttachmentDefinition.fromName()) or its reference as "name" or "namespace/name"');

const optionsSchema = z.object({
  sidecarImage: z.string().optional(),
  networkAttachmentDefinition: nadSchema.optional(),
  domainAttachmentType: instanceOf(DomainAttachmentType, 'expected DomainAttachmentType.TAP, DomainAttachmentType.MANAGED_TAP or DomainAttachmentType.of()').optional(),
  migration: instanceOf(BindingMigration, 'expected BindingMigration.migratable(), BindingMigration.linkRefresh() or BindingMigration.of()').optional(),
  downwardApi: instanceOf(BindingDownwardApi, 'expected BindingDownwardApi.DEVICE_INFO or BindingDownwardApi.of()').optional(),
  memoryOverhead: z.string().optional(),
});

/** A binding registered by a `KubeVirtNetworking`. Pass it to VM interfaces. */
export class NetworkBinding implements INetworkBinding {
  /**
   * A binding registered outside the app (by another repository, or by the cluster's operator, such as HCO's
   * `l2bridge`). The rules judge it like any other reference: an error when the cluster configuration is in the
   * app and does not register it, a warning when no configuration is there to tell.
   */
  public static fromName(name: string): INetworkBinding {
    return { name };
  }

  /** @internal */
  constructor(
    public readonly name: string,
    public readonly options: BindingOptions,
    /** The cluster configuration that registers it. */
    public readonly networking: KubeVirtNetworking,
  ) {}

  /** The release of the cluster that registers it. */
  public get version(): KubeVirtVersion {
    return this.networking.version;
  }
}

/**
 * A cluster's network binding configuration: the KubeVirt CR (or the HyperConverged CR, after the cluster's
 * target) with its binding registrations and, where the cluster's release needs it, the NetworkBindingPlugins gate.
 * The release and target are the enclosing `KubeVirtCluster`'s (the app's defaults under no cluster).
 */
export class KubeVirtNetworking extends Construct {
  /** The CR. Its spec is produced at synth, so `apiObject.addJsonPatch()` reaches every field. */
  public readonly apiObject: SortedApiObject;
  /** The CR's metadata: add labels and annotations here. */
  public readonly metadata: ApiObjectMetadataDefinition;

  private readonly bindings = new Map<string, NetworkBinding>();
  private readonly check: AppCheck;

  public constructor(scope: Construct, id: string, props: KubeVirtNetworkingProps = {}) {
    super(scope, id);
    this.check = AppCheck.of(this);
    this.check.declareConfiguration(this);
    const { props: p } = checkProps<KubeVirtNetworkingProps>(this, propsSchema, props ?? {});
    const target = this.target;
    if (target.isHco && (p.featureGates || p.disabledFeatureGates)) {
      this.node.addValidation({ validate: () => [`props.featureGates: featureGates and disabledFeatureGates belong to a KubeVirt CR; the cluster's target is ${target.id}, and hco manages kubevirt's gates itself (it enables NetworkBindingPlugins)`] });
    }
    // objects without a prototype, which cdk8s cannot serialize, are copied into plain ones
    const userSpec = (withPrototypes(p.spec) ?? {}) as Record<string, unknown>;
    const network = (userSpec.configuration as Record<string, unknown> | undefined)?.network as Record<string, unknown> | undefined;
    if (network?.binding !== undefined || userSpec.networkBinding !== undefined || (userSpec.networking as Record<string, unknown> | undefined)?.networkBinding !== undefined) {
      this.node.addValidation({ validate: () => ['props.spec: bindings in spec are not accepted; register each binding with addBinding() so vms can reference it'] });
    }
    const gvk = target.id === 'kubevirt' ? KUBEVIRT_GVK : target.id === 'hco-v1beta1' ? HCO_V1BETA1_GVK : HCO_V1_GVK;
    if (target.isPatch) {
      this.apiObject = this.patchedCr(target, p, gvk);
    } else {
      this.apiObject = new ClusterCrResource(this, 'Resource', {
        ...gvk,
        metadata: {
          ...p.metadata,
          name: p.name ?? p.metadata?.name ?? target.defaultName,
          namespace: p.namespace ?? p.metadata?.namespace ?? target.defaultNamespace,
        },
        spec: Lazy.any({ produce: () => this.renderSpec(p, userSpec) }),
      });
    }
    this.metadata = this.apiObject.metadata;
    this.check.own(this.apiObject);
    this.node.addValidation({ validate: () => this.check.errorsFor(this.apiObject) });
  }

  /** The cluster this configuration belongs to, if it is under one. */
  public get cluster(): KubeVirtCluster | undefined {
    return KubeVirtCluster.of(this);
  }

  /** The release the configuration is for: its cluster's, or the app's default. */
  public get version(): KubeVirtVersion {
    return this.check.settings.version;
  }

  /** The object that carries the configuration: its cluster's target, or a KubeVirt CR under no cluster. */
  public get target(): ClusterTarget {
    return this.cluster?.target ?? ClusterTarget.KUBEVIRT;
  }

  /**
   * Registers a binding plugin under `name`, the name VM interfaces will carry. The options are checked at synth
   * against the cluster's release (e.g. `memoryOverhead` needs KubeVirt 1.3).
   */
  public addBinding(name: string, options: BindingOptions = {}): NetworkBinding {
    const where = typeof name === 'string' ? `addBinding(${JSON.stringify(name)})` : 'addBinding(name)';
    // the options with a problem are reported and left out, so the binding is still registered (VMs that use it are
    // not told it is missing) and the rules judge the rest
    const given: Record<string, unknown> = { ...checkProps<BindingOptions>(this, optionsSchema, options ?? {}, where).props };
    const errors: string[] = [];
    const nad = given.networkAttachmentDefinition;
    if (nad instanceof NetworkAttachmentDefinition && AppCheck.of(nad) !== this.check) {
      errors.push(`${where}.networkAttachmentDefinition: the nad ${nad.node.path} belongs to ${AppCheck.of(nad).label}, this configuration to ${this.check.label}; create the nad under this cluster, or refer to one created elsewhere with NetworkAttachmentDefinition.fromName()`);
      delete given.networkAttachmentDefinition;
    }
    const binding = new NetworkBinding(name, given as BindingOptions, this);
    if (typeof name !== 'string') {
      errors.push(`${where}: the binding name must be a string; got ${show(name)}`);
    } else if (this.bindings.has(name)) {
      errors.push(`${where}: a binding named "${name}" is already registered here; each name can be registered once`);
    } else {
      this.bindings.set(name, binding);
    }
    if (errors.length > 0) this.node.addValidation({ validate: () => errors });
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

  /** The CR's spec in wire form: the user's settings under the generated gates and registrations. */
  private renderSpec(p: KubeVirtNetworkingProps, userSpec: Record<string, unknown>): Record<string, unknown> {
    const registrations = this.bindings.size > 0 ? this.renderBindings() : undefined;
    if (this.target.id === 'kubevirt') {
      const developer = ((userSpec.configuration as Record<string, unknown> | undefined)?.developerConfiguration ?? {}) as Record<string, string[] | undefined>;
      const gates = mergeGates([...(developer.featureGates ?? []), ...(p.featureGates ?? [])], needsBindingPluginsGate(this.version) ? [Gates.NETWORK_BINDING_PLUGINS] : []);
      const disabled = mergeGates([...(developer.disabledFeatureGates ?? []), ...(p.disabledFeatureGates ?? [])], []);
      const generated: Record<string, unknown> = {
        configuration: {
          developerConfiguration: {
            ...(gates.length > 0 ? { featureGates: gates } : {}),
            ...(disabled.length > 0 ? { disabledFeatureGates: disabled } : {}),
          },
          ...(registrations ? { network: { binding: registrations } } : {}),
        },
      };
      return mergeOver(mergeOver(KUBEVIRT_DEFAULTS, userSpec), generated) as Record<string, unknown>;
    }
    if (!registrations) return userSpec;
    const generated = this.target.id === 'hco-v1beta1' ? { networkBinding: registrations } : { networking: { networkBinding: registrations } };
    return mergeOver(userSpec, generated) as Record<string, unknown>;
  }

  /**
   * Under a patch target: the base CR read from its file, patched with the app's registrations and gates, for the
   * rules to judge (kept out of the output); and the overlay files, contributed to the cluster's output folder.
   */
  private patchedCr(target: ClusterTarget, p: KubeVirtNetworkingProps, gvk: { apiVersion: string; kind: string }): SortedApiObject {
    const kind = target.id as PatchKind;
    const problems: string[] = [];
    for (const key of ['name', 'namespace', 'metadata', 'spec'] as const) {
      if (p[key] !== undefined) {
        problems.push(`props.${key}: under ${target.id === 'kubevirt' ? 'ClusterTarget.kubevirtPatch()' : 'ClusterTarget.hcoPatch()'} the cr is the base file's (${target.base}), and the patch writes only registrations${target.isHco ? '' : ' and gates'}; set ${key} in the base file and remove this prop`);
      }
    }
    let read: BaseRead | undefined;
    if (target.problems.length === 0) {
      read = readBase(target.base!, kind);
      problems.push(...read.problems);
      if (read.manifest) problems.push(...checkBaseKustomization(target.base!, read.abs));
    }
    if (problems.length > 0) this.node.addValidation({ validate: () => problems });
    const base = read?.manifest;
    const metadata = (base?.metadata ?? {}) as Record<string, unknown>;
    const pick = (k: string) => (metadata[k] !== null && typeof metadata[k] === 'object' ? { [k]: metadata[k] } : {});
    const cr = new PatchedCrResource(this, 'Resource', {
      ...gvk,
      metadata: {
        name: typeof metadata.name === 'string' ? metadata.name : target.defaultName,
        ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
        ...pick('labels'),
        ...pick('annotations'),
      } as ApiObjectMetadata,
      spec: Lazy.any({
        produce: () => {
          // a base that could not be read is reported above; the rules then judge the app's own registrations and gates
          // on an empty spec, so a VM on one of them is not also told the binding is missing
          const judged = base ?? { ...gvk, metadata: { name: target.defaultName }, spec: {} };
          const { ops, problems: opProblems } = patchOps(judged, this.wanted(p), kind);
          return opProblems.length > 0 ? judged.spec : (applyOps(judged, ops) as Record<string, unknown>).spec;
        },
      }),
    });
    cr.baseFile = target.base;
    cr.registersName = (name) => this.bindings.has(name);
    keepOutOfOutput(cr);
    // problems of the ops (a field of the wrong type on the way) are validation errors, so nothing is written
    this.node.addValidation({
      validate: () => (base ? patchOps(base, this.wanted(p), kind).problems.map((m) => `${target.base}:${read!.line}: ${m}`) : []),
    });
    contributeFiles(this, (ctx) => {
      if (!base || !read) return { files: new Map() };
      const overlayDir = path.resolve(ctx.outdir, ctx.folder, OVERLAY_FOLDER);
      const ref = kustomizeRef(overlayDir, path.dirname(read.abs));
      const inOutput = kustomizeRef(ctx.outdir, read.abs);
      if (!inOutput.startsWith('../') && !path.isAbsolute(inOutput)) {
        return { files: new Map(), problems: [`${target.base}: the base is inside the output folder ${ctx.outdir}, which synth replaces; keep it in a folder of its own`] };
      }
      const overlay = overlayFiles(base, ref, this.wanted(p), kind);
      const files = new Map<string, unknown[]>();
      for (const [name, content] of overlay.files) files.set(`${OVERLAY_FOLDER}/${name}`, content);
      return { files, problems: overlay.problems.map((m) => `${target.base}:${read!.line}: ${m}`) };
    });
    return cr;
  }

  /** What a patch adds: the registrations, and for a KubeVirt CR the gates (NetworkBindingPlugins where needed). */
  private wanted(p: KubeVirtNetworkingProps): WantedConfiguration {
    const registrations = this.renderBindings();
    if (this.target.isHco) return { registrations };
    return {
      registrations,
      featureGates: mergeGates(p.featureGates ?? [], needsBindingPluginsGate(this.version) ? [Gates.NETWORK_BINDING_PLUGINS] : []),
      disabledFeatureGates: mergeGates(p.disabledFeatureGates ?? [], []),
    };
  }

  private renderBindings(): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [name, b] of this.bindings) out[name] = renderRegistration(b.options);
    return out;
  }
}

/** The CRs' kinds (as the generated imports/ classes give them; test/networking.test.ts checks they agree). */
export const KUBEVIRT_GVK = { apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt' } as const;
export const HCO_V1BETA1_GVK = { apiVersion: 'hco.kubevirt.io/v1beta1', kind: 'HyperConverged' } as const;
export const HCO_V1_GVK = { apiVersion: 'hco.kubevirt.io/v1', kind: 'HyperConverged' } as const;

/** What KubeVirt's own release manifest (kubevirt-cr.yaml) sets in the CR's spec. */
const KUBEVIRT_DEFAULTS = {
  certificateRotateStrategy: {},
  customizeComponents: {},
  imagePullPolicy: 'IfNotPresent',
  workloadUpdateStrategy: {},
};

/** Gates in first-seen order without duplicates, then the required ones not yet listed. */
function mergeGates(given: readonly string[], required: readonly string[]): string[] {
  return [...new Set([...given, ...required])];
}

/** One registration in wire form. */
function renderRegistration(o: BindingOptions): Record<string, unknown> {
  const nad = o.networkAttachmentDefinition;
  const out: Record<string, unknown> = {};
  if (o.sidecarImage !== undefined) out.sidecarImage = o.sidecarImage;
  if (nad !== undefined) out.networkAttachmentDefinition = typeof nad === 'string' ? nad : nad.reference;
  if (o.domainAttachmentType !== undefined) out.domainAttachmentType = o.domainAttachmentType.value;
  if (o.migration !== undefined) out.migration = o.migration.toJson();
  if (o.downwardApi !== undefined) out.downwardAPI = o.downwardApi.value;
  if (o.memoryOverhead !== undefined) out.computeResourceOverhead = { requests: { memory: o.memoryOverhead } };
  return out;
}

/** The option of `addBinding()` behind each registration field (KubeVirt's JSON name to the library's). */
const OPTION_OF_FIELD: Readonly<Record<string, string>> = {
  sidecarImage: 'sidecarImage',
  networkAttachmentDefinition: 'networkAttachmentDefinition',
  domainAttachmentType: 'domainAttachmentType',
  migration: 'migration',
  downwardAPI: 'downwardApi',
  computeResourceOverhead: 'memoryOverhead',
};

/** The cluster CR; findings on it name the `addBinding()` option or prop that wrote the field. */
class ClusterCrResource extends SortedApiObject {
  public describePath(path: string): string | undefined {
    const m = /^spec\.(?:configuration\.network\.binding|networkBinding|networking\.networkBinding)\.([^.[]+)(?:\.([^.[]+))?/.exec(path);
    if (m) {
      const option = m[2] === undefined ? undefined : OPTION_OF_FIELD[m[2]];
      return `addBinding(${JSON.stringify(m[1])})${option ? `.${option}` : ''}`;
    }
    if (path.startsWith('spec.configuration.developerConfiguration.featureGates')) return 'featureGates';
    if (path.startsWith('spec.configuration.developerConfiguration.disabledFeatureGates')) return 'disabledFeatureGates';
    const md = /^metadata\.(name|namespace|labels|annotations)\b/.exec(path);
    return md ? md[1] : undefined;
  }
}

/**
 * The CR a patch target makes (base plus the app's registrations and gates), which only the rules see: a field the
 * app wrote is named by its `addBinding()` option or prop, any other by the base file that holds it.
 */
class PatchedCrResource extends ClusterCrResource {
  public baseFile?: string;
  public registersName: (name: string) => boolean = () => false;

  public describePath(path: string): string | undefined {
    const m = /^spec\.(?:configuration\.network\.binding|networkBinding|networking\.networkBinding)\.([^.[]+)/.exec(path);
    if (m && this.registersName(m[1])) return super.describePath(path);
    if (/^spec\.configuration\.developerConfiguration\.(featureGates|disabledFeatureGates)/.test(path)) return `${super.describePath(path)} or the base ${this.baseFile}`;
    return `the base ${this.baseFile}`;
  }
}
