import { ApiObjectMetadata, ApiObjectMetadataDefinition, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { shape as z } from './shape';
import { SortedApiObject } from './api-object';
import { AppCheck } from './app-check';
import { CniConfig } from './cni';
import { checkProps } from './props';
import { instanceOf, labelMap } from './schemas';

/**
 * A NetworkAttachmentDefinition a registration or a VM network can refer to: one of the app's
 * (`NetworkAttachmentDefinition`) or one created elsewhere (`NetworkAttachmentDefinition.fromName()`).
 */
export interface INetworkAttachmentDefinition {
  /** The NAD's name. */
  readonly name: string;
  /** The NAD's namespace; undefined when a reference leaves it to each VM's namespace. */
  readonly namespace?: string;
  /** How registrations and VM networks name it: `namespace/name`, or `name` alone. */
  readonly reference: string;
}

/** Props of a NetworkAttachmentDefinition. */
export interface NetworkAttachmentDefinitionProps {
  /**
   * The NAD's name (`metadata.name`), also the CNI network `name` inside the config.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * The namespace. A VM reaches a NAD in its own namespace by name alone; the user guide recommends that over
   * `default` for security.
   * @default - the chart's namespace
   */
  readonly namespace?: string;

  /** The CNI configuration (`spec.config`). */
  readonly cni: CniConfig;

  /**
   * The CNI network `name` inside the config.
   * @default - the NAD's name
   */
  readonly cniName?: string;

  /**
   * Annotations, e.g. `k8s.v1.cni.cncf.io/resourceName` for device-plugin networks such as macvtap.
   * @default - none
   */
  readonly annotations?: Record<string, string>;

  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Other metadata. `name`, `namespace`, `labels` and `annotations` props win over the same fields here.
   * @default - none
   */
  readonly metadata?: ApiObjectMetadata;
}

const propsSchema = z.object({
  name: z.string().optional(),
  namespace: z.string().optional(),
  cni: instanceOf(CniConfig, 'expected a CniConfig (CniConfig.plugin() or CniConfig.chain())'),
  cniName: z.string().optional(),
  annotations: labelMap.optional(),
  labels: labelMap.optional(),
  metadata: z.record(z.unknown()).optional(),
});

/**
 * A Multus NetworkAttachmentDefinition carrying a binding's CNI configuration, serialized as deterministic JSON.
 */
export class NetworkAttachmentDefinition extends Construct implements INetworkAttachmentDefinition {
  /**
   * A NAD created outside the app, as `namespace/name`, or `name` (then looked up in each VM's namespace, as
   * KubeVirt does: kubevirt pkg/network/multus/nad.go). The rules judge the reference like any other: an error when
   * the NAD's namespace is in the app's scope and it is not there, a warning when nothing in the scope tells.
   */
  public static fromName(reference: string): INetworkAttachmentDefinition {
    const text = String(reference);
    const slash = text.indexOf('/');
    return slash < 0 ? { name: text, reference: text } : { namespace: text.slice(0, slash), name: text.slice(slash + 1), reference: text };
  }

  /** The NAD's name. */
  public readonly name: string;
  /** The NAD's namespace, when it has one (set, or inherited from the chart). */
  public readonly namespace?: string;
  /** The NAD object. Its config is produced at synth, so `apiObject.addJsonPatch()` reaches every field. */
  public readonly apiObject: SortedApiObject;
  /** The NAD's metadata: add labels and annotations here. */
  public readonly metadata: ApiObjectMetadataDefinition;

  public constructor(scope: Construct, id: string, props: NetworkAttachmentDefinitionProps) {
    super(scope, id);
    // the construct id unless a name is given; the rules judge whether it is a valid object name
    this.name = typeof props?.name === 'string' ? props.name : id;
    const shape = checkProps<NetworkAttachmentDefinitionProps>(this, propsSchema, props);
    const p = shape.props;
    this.namespace = p.namespace ?? p.metadata?.namespace ?? Chart.of(this).namespace;
    const check = AppCheck.of(this);
    this.apiObject = new NadResource(this, 'Resource', {
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: {
        ...p.metadata,
        name: this.name,
        namespace: p.namespace ?? p.metadata?.namespace,
        labels: p.labels ?? p.metadata?.labels,
        annotations: p.annotations ?? p.metadata?.annotations,
      },
      spec: Lazy.any({ produce: () => (p.cni instanceof CniConfig ? { config: p.cni.render(p.cniName ?? this.name) } : undefined) }),
    });
    this.metadata = this.apiObject.metadata;
    // judged even when a prop is missing: findings its absence causes name that prop, and are left out
    check.own(this.apiObject, shape.problemPaths);
    this.node.addValidation({ validate: () => check.errorsFor(this.apiObject) });
  }

  /**
   * How a binding registration names this NAD: `namespace/name`, or `name` alone when the NAD has no namespace
   * (KubeVirt then resolves it in each VM's namespace: kubevirt pkg/network/multus/nad.go:36-50).
   */
  public get reference(): string {
    return this.namespace ? `${this.namespace}/${this.name}` : this.name;
  }
}

/** The NAD object; it names the props behind its fields in findings. */
class NadResource extends SortedApiObject {
  /** `cni` for the config, the metadata prop for a metadata field. */
  public describePath(path: string): string | undefined {
    if (path === 'spec' || path.startsWith('spec.config')) return 'cni';
    const m = /^metadata\.(name|namespace|labels|annotations)\b/.exec(path);
    return m ? m[1] : undefined;
  }
}
