/**
 * Flux delivery of the GitOps layout: per cluster, one `kustomize.toolkit.fluxcd.io/v1` Kustomization per layer,
 * each depending on the one before (`dependsOn` names other Kustomizations only, and a dependency counts once it is
 * Ready, which it is after its health checks pass).
 *
 * - cluster configuration: health-checks the KubeVirt or HyperConverged CR of the layer (`healthChecks`) with CEL
 *   expressions of what its operator writes (`healthCheckExprs`): kstatus alone would call the KubeVirt CR ready
 *   once it exists, as it has no `Ready` condition. Phase and conditions: see `KUBEVIRT_HEALTH_LUA` and
 *   `HYPERCONVERGED_HEALTH_LUA` in argocd.ts for their sources.
 * - networks: `wait: true`, so the CNI installer DaemonSets have rolled out before the VMs start.
 * - workloads: no wait (a halted VM is never Ready).
 */
import { ClusterContent, Layer } from './layout';
import { repoPath, validPrefix } from './argocd';
import { show } from '../rules/util';

/** Props of the Flux Kustomizations the synth writes. */
export interface FluxProps {
  /** The Flux source (GitRepository, OCIRepository, Bucket) that holds the output. */
  readonly sourceRef: FluxSourceRef;
  /**
   * Where the output folder is in the source, `/`-separated (`clusters`, `deploy/kubevirt`); `.` for its root. Each
   * layer's Kustomization deploys `./<pathPrefix>/<cluster>/<layer>`.
   */
  readonly pathPrefix: string;
  /** The namespace of the Kustomizations. @default 'flux-system' */
  readonly namespace?: string;
  /** How often Flux reconciles each layer. @default '10m' */
  readonly interval?: string;
  /** How long a layer may take to become healthy (KubeVirt takes minutes to deploy). @default '15m' */
  readonly timeout?: string;
  /** Remove objects that left the output (`prune`). @default true */
  readonly prune?: boolean;
  /** The folder, in the output folder, of the Flux files (one folder per cluster under it). @default 'flux' */
  readonly folder?: string;
}

/** A Flux source reference. */
export interface FluxSourceRef {
  /** @default 'GitRepository' */
  readonly kind?: 'GitRepository' | 'OCIRepository' | 'Bucket';
  readonly name: string;
  /** @default - the Kustomizations' namespace */
  readonly namespace?: string;
}

const DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;
const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The problems of `props`, each naming the prop and what is accepted. */
export function fluxProblems(props: FluxProps): string[] {
  const p = 'NetbindApp props.gitOps.flux';
  const problems: string[] = [];
  const ref = props.sourceRef;
  if (ref === null || typeof ref !== 'object' || typeof ref.name !== 'string' || !DNS_NAME.test(ref.name)) {
    problems.push(`${p}.sourceRef.name: expected the name of the Flux source that holds the output (such as "flux-system"); got ${show(ref?.name)}`);
  }
  if (ref && ref.kind !== undefined && !['GitRepository', 'OCIRepository', 'Bucket'].includes(ref.kind)) {
    problems.push(`${p}.sourceRef.kind: expected "GitRepository", "OCIRepository" or "Bucket"; got ${show(ref.kind)}`);
  }
  if (ref && ref.namespace !== undefined && (typeof ref.namespace !== 'string' || !DNS_NAME.test(ref.namespace))) {
    problems.push(`${p}.sourceRef.namespace: expected a namespace name; got ${show(ref.namespace)}`);
  }
  if (typeof props.pathPrefix !== 'string' || !validPrefix(props.pathPrefix)) {
    problems.push(`${p}.pathPrefix: expected the output folder's path in the source, such as "clusters" or "deploy/kubevirt" ("." for the root; no "..", no leading "/"); got ${show(props.pathPrefix)}`);
  }
  if (props.namespace !== undefined && (typeof props.namespace !== 'string' || !DNS_NAME.test(props.namespace))) {
    problems.push(`${p}.namespace: expected a namespace name; got ${show(props.namespace)}`);
  }
  for (const key of ['interval', 'timeout'] as const) {
    const v = props[key];
    if (v !== undefined && (typeof v !== 'string' || !DURATION.test(v))) problems.push(`${p}.${key}: expected a duration such as "10m" or "1h30m"; got ${show(v)}`);
  }
  if (props.prune !== undefined && typeof props.prune !== 'boolean') problems.push(`${p}.prune: expected true or false; got ${show(props.prune)}`);
  return problems;
}

/** CEL health expressions of the operator CRs, by kind (see the module comment for their sources). */
const HEALTH_EXPRS: Record<string, { apiVersion: string; current: string; failed: string }> = {
  KubeVirt: {
    apiVersion: 'kubevirt.io/v1',
    // Deployed with Available=True and not progressing (kubevirt pkg/virt-operator/util/client.go@v1.9.0:81-86)
    current: "has(status.phase) && status.phase == 'Deployed' && has(status.conditions) && status.conditions.exists(c, c.type == 'Available' && c.status == 'True') && !status.conditions.exists(c, c.type == 'Progressing' && c.status == 'True')",
    // a failed deployment: Degraded=True with reason DeploymentFailed (client.go@v1.9.0:93-99)
    failed: "has(status.conditions) && status.conditions.exists(c, c.type == 'Degraded' && c.status == 'True' && c.reason == 'DeploymentFailed')",
  },
  HyperConverged: {
    apiVersion: 'hco.kubevirt.io/v1beta1',
    // hyperconverged-cluster-operator controllers/hyperconverged/hyperconverged_controller.go@v1.18.1:677-830
    current: "has(status.conditions) && status.conditions.exists(c, c.type == 'ReconcileComplete' && c.status == 'True') && status.conditions.exists(c, c.type == 'Available' && c.status == 'True') && !status.conditions.exists(c, c.type == 'Progressing' && c.status == 'True')",
    failed: "has(status.conditions) && status.conditions.exists(c, c.type == 'Degraded' && c.status == 'True')",
  },
};

/** The three Kustomizations of one cluster, in layer order. */
export function fluxKustomizations(props: FluxProps, cluster: ClusterContent): Record<string, unknown>[] {
  const namespace = props.namespace ?? 'flux-system';
  const out: Record<string, unknown>[] = [];
  let previous: string | undefined;
  for (const layer of cluster.layers) {
    const name = `${cluster.folder}-${layer.folder}`.toLowerCase();
    const spec: Record<string, unknown> = {
      interval: props.interval ?? '10m',
      path: `./${repoPath(props.pathPrefix, `${cluster.folder}/${layer.folder}`)}`,
      prune: props.prune ?? true,
      sourceRef: {
        kind: props.sourceRef.kind ?? 'GitRepository',
        name: props.sourceRef.name,
        ...(props.sourceRef.namespace !== undefined ? { namespace: props.sourceRef.namespace } : {}),
      },
      timeout: props.timeout ?? '15m',
    };
    if (previous) spec.dependsOn = [{ name: previous }];
    if (layer.layer === Layer.CLUSTER_CONFIGURATION) {
      const crs = layer.objects.map((o) => o.manifest).filter((m) => HEALTH_EXPRS[String(m.kind)] !== undefined
        && String(m.apiVersion ?? '').startsWith(`${HEALTH_EXPRS[String(m.kind)].apiVersion.split('/')[0]}/`));
      if (crs.length > 0) {
        spec.healthChecks = crs.map((m) => {
          const meta = (m.metadata ?? {}) as Record<string, unknown>;
          return { apiVersion: m.apiVersion, kind: m.kind, name: meta.name, ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}) };
        });
        const kinds = [...new Set(crs.map((m) => `${String(m.apiVersion)}|${String(m.kind)}`))].sort();
        spec.healthCheckExprs = kinds.map((k) => {
          const [apiVersion, kind] = k.split('|');
          const e = HEALTH_EXPRS[kind];
          return { apiVersion, current: e.current, failed: e.failed, kind };
        });
      }
    } else if (layer.layer === Layer.NETWORKS) {
      spec.wait = true;
    }
    out.push({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name, namespace },
      spec,
    });
    previous = name;
  }
  return out;
}
