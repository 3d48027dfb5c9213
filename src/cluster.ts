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

  /**
   * A patch of a KubeVirt CR kept elsewhere (the file `base` in your repository): the output holds a kustomize
   * overlay (`cluster-configuration/kustomization.yaml` and `kubevirt-patch.yaml`) that adds the app's
   * registrations and gates to it and keeps everything else, instead of a full CR. The rules judge the CR the
   * overlay makes (base plus the app's registrations and gates).
   *
   * `base` is relative to the working directory of the synth (the project root, where `cdk8s synth` runs the app),
   * or absolute. Its folder must hold a kustomization that lists it (the overlay refers to that folder).
   */
  public static kubevirtPatch(options: KubeVirtPatchOptions): ClusterTarget {
    const base = options !== null && typeof options === 'object' ? options.base : undefined;
    return new ClusterTarget('kubevirt', 'kubevirt', 'kubevirt', ...patchBase('kubevirtPatch', base, []));
  }

  /**
   * A patch of a HyperConverged CR kept elsewhere (the file `base`), like `kubevirtPatch`: the overlay adds the
   * registrations at `spec.networkBinding` (`apiVersion: 'v1beta1'`) or `spec.networking.networkBinding` (`'v1'`).
   */
  public static hcoPatch(options: HcoPatchOptions): ClusterTarget {
    const o = (options !== null && typeof options === 'object' ? options : {}) as Partial<HcoPatchOptions>;
    const problems: string[] = [];
    if (o.apiVersion !== 'v1beta1' && o.apiVersion !== 'v1') {
      problems.push(`hcoPatch(options).apiVersion: expected 'v1beta1' (registrations at spec.networkBinding) or 'v1' (spec.networking.networkBinding), the apiVersion of the base HyperConverged CR; got ${JSON.stringify(o.apiVersion) ?? 'undefined'}`);
    }
    const id = o.apiVersion === 'v1' ? 'hco-v1' : 'hco-v1beta1';
    return new ClusterTarget(id, 'kubevirt-hyperconverged', 'kubevirt-hyperconverged', ...patchBase('hcoPatch', o.base, problems));
  }

  private constructor(
    /** `kubevirt`, `hco-v1beta1` or `hco-v1`: the kind of CR (and, for HCO, its API version). */
    public readonly id: string,
    /** The CR's default name (HCO requires `kubevirt-hyperconverged`). */
    public readonly defaultName: string,
    /** The CR's default namespace. */
    public readonly defaultNamespace: string,
    /** The base file a patch target patches; undefined for a target that writes a full CR. */
    public readonly base?: string,
    /** Problems with the options of `kubevirtPatch` or `hcoPatch`, reported by the cluster. */
    public readonly problems: readonly string[] = [],
  ) {}

  /** True for the HyperConverged targets. */
  public get isHco(): boolean {
    return this.id !== 'kubevirt';
  }

  /** True for the patch targets (`kubevirtPatch`, `hcoPatch`): the output holds an overlay, not a full CR. */
  public get isPatch(): boolean {
    return this.base !== undefined;
  }
}

/** Options of `ClusterTarget.kubevirtPatch`. */
export interface KubeVirtPatchOptions {
  /**
   * The file that holds the cluster's KubeVirt CR, and nothing else: relative to the working directory of the synth
   * (the project root), or absolute. Its folder must hold a `kustomization.yaml` that lists it.
   */
  readonly base: string;
}

/** Options of `ClusterTarget.hcoPatch`. */
export interface HcoPatchOptions {
  /** The file that holds the cluster's HyperConverged CR, as for `kubevirtPatch`. */
  readonly base: string;
  /** The base CR's API version: `v1beta1` (`spec.networkBinding`) or `v1` (`spec.networking.networkBinding`). */
  readonly apiVersion: 'v1beta1' | 'v1';
}

function patchBase(factory: string, base: unknown, problems: string[]): [string, string[]] {
  if (typeof base !== 'string' || base.trim() === '') {
    problems.push(`${factory}(options).base: expected the path of the file that holds the cluster's CR (relative to the project root), such as "clusters/prod/kubevirt-cr.yaml"; got ${JSON.stringify(base) ?? 'undefined'}`);
    return ['', problems];
  }
  return [base, problems];
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
  target: shape.instanceOf(ClusterTarget, 'expected ClusterTarget.KUBEVIRT, ClusterTarget.HCO_V1BETA1, ClusterTarget.HCO_V1, ClusterTarget.kubevirtPatch() or ClusterTarget.hcoPatch()').optional(),
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
    problems.push(...this.target.problems.map((m) => `props.target: ${m}`));
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
