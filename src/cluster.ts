import { Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AppCheck, CheckSettings, isScopeOwner } from './app-check';
import type { Rule } from './rules/types';
import { appDefaultVersion, appRules, appStrict, resolveVersion } from './context';
import { propErrors } from './props';
import { shape } from './shape';
import { KubeVirtVersion } from './version';

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

/** Props of a cluster scope. */
export interface KubeVirtClusterProps {
  /**
   * The cluster's name: how messages name it, and its output folder when an app holds several clusters.
   * A lowercase DNS label.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * The KubeVirt release the cluster runs: a `KubeVirtVersion`, or text such as `1.4` or `1.1.1`. Every object
   * under the cluster is checked against it; fields and values the release lacks are synth errors.
   * @default - the app's default release (`NetbindApp`'s `kubeVirtVersion`, or the context key
   * `kubevirt-netbind:version`), else the newest known release (1.9)
   */
  readonly version?: KubeVirtVersion | string;

  /**
   * The object that carries the cluster's network configuration (a `KubeVirtNetworking` under the cluster).
   * @default ClusterTarget.KUBEVIRT
   */
  readonly target?: ClusterTarget;

  /**
   * Policy warnings (such as an unpinned sidecar image) of the cluster's objects are synth errors.
   * @default - the app's (`NetbindApp`'s `strict`, or the context key `kubevirt-netbind:strict`), else false
   */
  readonly strict?: boolean;

  /**
   * Rules of your own, run at synth over the cluster's objects with the library's rules.
   * @default - the library's rules and the app's (`NetbindApp`'s `rules`)
   */
  readonly rules?: Rule[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const propsSchema = shape.object({
  name: shape.string().optional(),
  version: shape.custom((v) => typeof v === 'string' || v instanceof KubeVirtVersion, 'expected a KubeVirtVersion or text such as "1.4"').optional(),
  target: shape.instanceOf(ClusterTarget, 'expected ClusterTarget.KUBEVIRT, ClusterTarget.HCO_V1BETA1 or ClusterTarget.HCO_V1').optional(),
  strict: shape.boolean().optional(),
  rules: shape.array(shape.unknown()).optional(),
});

/**
 * One cluster: its KubeVirt release, the object that carries its configuration, and everything deployed to it.
 *
 * Charts created under a cluster belong to it. The rules run once per cluster over the cluster's objects only, so
 * no finding crosses clusters: a VM can use only the bindings and NADs of its own cluster. Objects under no cluster
 * are checked at the app's default release. An app that holds several clusters writes each to a folder of its
 * own (`dist/<cluster name>/`).
 */
export class KubeVirtCluster extends Construct {
  /** True when `x` is a `KubeVirtCluster` (also one from another copy of this library). */
  public static isKubeVirtCluster(x: unknown): x is KubeVirtCluster {
    return x !== null && typeof x === 'object' && CLUSTER in x;
  }

  /** The cluster that holds `scope`, or undefined when it is under none. */
  public static of(scope: IConstruct): KubeVirtCluster | undefined {
    const scopes = scope.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) if (KubeVirtCluster.isKubeVirtCluster(scopes[i])) return scopes[i] as KubeVirtCluster;
    return undefined;
  }

  /** The cluster's name. */
  public readonly name: string;
  /** The cluster's KubeVirt release. */
  public readonly version: KubeVirtVersion;
  /** The object that carries the cluster's configuration. */
  public readonly target: ClusterTarget;
  /** Whether policy warnings are errors. */
  public readonly strict: boolean;

  public constructor(scope: Construct, id: string, props: KubeVirtClusterProps = {}) {
    super(scope, id);
    Object.defineProperty(this, CLUSTER, { value: true });
    const problems = propErrors(propsSchema, props ?? {}, 'props');
    const p: KubeVirtClusterProps = props !== null && typeof props === 'object' ? props : {};
    this.name = typeof p.name === 'string' ? p.name : id;
    if (!DNS_LABEL.test(this.name) || this.name.length > 63) {
      problems.push(`props.name: a cluster name is a folder name and must be a lowercase dns label (a-z, 0-9, -; at most 63 characters); got ${JSON.stringify(this.name)}${p.name === undefined ? ' (the construct id)' : ''}`);
    }
    // a version of the wrong type is a shape problem, reported once above
    const version = resolveVersion(typeof p.version === 'string' || p.version instanceof KubeVirtVersion ? p.version : undefined, 'props.version');
    if (version.problem) problems.push(version.problem);
    this.version = version.version ?? appDefaultVersion(this).version ?? KubeVirtVersion.NEWEST;
    this.target = p.target instanceof ClusterTarget ? p.target : ClusterTarget.KUBEVIRT;
    this.strict = typeof p.strict === 'boolean' ? p.strict : appStrict(this);
    const ownRules = Array.isArray(p.rules) ? p.rules : [];
    for (const s of scope.node.scopes) {
      if (Chart.isChart(s)) problems.push(`a cluster cannot be inside a chart (${s.node.path}); create the cluster under the app and its charts under the cluster`);
      else if (s !== this && isScopeOwner(s)) problems.push(`a cluster cannot be inside another cluster (${s.node.path})`);
    }
    if (problems.length > 0) this.node.addValidation({ validate: () => problems });
    AppCheck.declareScope(this, (): CheckSettings => ({
      version: this.version,
      strict: this.strict,
      appRules: appRules<Rule>(this),
      ownRules,
      name: this.name,
    }));
  }
}

const CLUSTER = Symbol.for('cdk8s-kubevirt-netbind.KubeVirtCluster');
