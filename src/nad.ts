import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { z } from 'zod';
import * as nad from '../imports/nad-k8s.cni.cncf.io';
import { AppCheck } from './app-check';
import { CniConfig } from './cni';
import { checkProps, nameOf } from './props';
import { dnsLabel, dnsSubdomain, labelMap, instanceOf } from './schemas';

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
}

const propsSchema = z.object({
  name: dnsSubdomain.optional(),
  namespace: dnsLabel.optional(),
  cni: instanceOf(CniConfig, 'expected a CniConfig (CniConfig.plugin() or CniConfig.chain())'),
  cniName: z.string().min(1).optional(),
  annotations: labelMap.optional(),
  labels: labelMap.optional(),
}).strict();

/**
 * A Multus NetworkAttachmentDefinition carrying a binding's CNI configuration, serialized as deterministic JSON.
 */
export class NetworkAttachmentDefinition extends Construct {
  /** The NAD's name. */
  public readonly name: string;
  /** The NAD's namespace, when it has one (set, or inherited from the chart). */
  public readonly namespace?: string;
  /** The L1 object, when the props were valid. */
  public readonly resource?: nad.NetworkAttachmentDefinition;

  public constructor(scope: Construct, id: string, props: NetworkAttachmentDefinitionProps) {
    super(scope, id);
    const named = nameOf(this, id, props?.name, dnsSubdomain);
    this.name = named.name;
    this.namespace = props?.namespace ?? Chart.of(this).namespace;
    const check = AppCheck.of(this);
    this.node.addValidation({ validate: () => check.errorsFor(this.resource) });
    if (!checkProps(this, propsSchema, props ?? {}) || !named.ok) return;
    this.resource = new nad.NetworkAttachmentDefinition(this, 'Resource', {
      metadata: {
        name: this.name,
        ...(props.namespace !== undefined ? { namespace: props.namespace } : {}),
        ...(props.annotations ? { annotations: props.annotations } : {}),
        ...(props.labels ? { labels: props.labels } : {}),
      },
      spec: { config: props.cni.render(props.cniName ?? this.name) },
    });
    check.own(this.resource);
  }

  /**
   * How a binding registration names this NAD: `namespace/name`, or `name` alone when the NAD has no namespace
   * (KubeVirt then resolves it in each VM's namespace: kubevirt pkg/network/multus/nad.go:36-50).
   */
  public get reference(): string {
    return this.namespace ? `${this.namespace}/${this.name}` : this.name;
  }
}
