/**
 * The GitOps output of a whole app (one cluster or a fleet): each cluster's folder in layers, and the Argo CD and
 * Flux objects that deploy every cluster's folder.
 *
 *   <cluster>/...                       the cluster's layers (layout.ts)
 *   argocd/applicationset.yaml          one Application per cluster, from a list generator (argocd.ts)
 *   argocd/argocd-cm-health.yaml        health checks of KubeVirt and HyperConverged, a patch of argocd-cm
 *   argocd/kustomization.yaml           resources: applicationset.yaml
 *   flux/<cluster>/kustomizations.yaml  the cluster's Kustomizations, one per layer (flux.ts)
 */
import { Chart } from 'cdk8s';
import { KubeVirtCluster } from '../cluster';
import { sortKeys } from '../json';
import { show } from '../rules/util';
import { ArgoCdProps, applicationSet, argoCdProblems, argoCmHealthPatch, withArgoAnnotations } from './argocd';
import { FluxProps, fluxKustomizations, fluxProblems } from './flux';
import { ClusterContent, KUSTOMIZATION, LayerFolders, PLAIN_NAME, clusterKustomization, layerFolderNames, layerKustomization, layoutCluster } from './layout';

/** Props of the GitOps layout (`NetbindAppProps.gitOps`). */
export interface GitOpsProps {
  /** The folder names of the layers in each cluster's folder. @default cluster-config, networks, workloads */
  readonly layerFolders?: LayerFolders;
  /**
   * Argo CD: sync-wave and sync-option annotations on every object, an ApplicationSet deploying each cluster's
   * folder, and the health checks of KubeVirt and HyperConverged for `argocd-cm`.
   * @default - no Argo CD files or annotations
   */
  readonly argoCd?: ArgoCdProps;
  /**
   * Flux: per cluster, a Kustomization per layer, each depending on the one before, the first health-checking the
   * KubeVirt or HyperConverged CR.
   * @default - no Flux files
   */
  readonly flux?: FluxProps;
}

/** An output file's content, made when the file is written: manifests (written as YAML), or text. */
export type GitOpsFile = () => unknown[] | string;

/** The files of the GitOps layout of `charts`, relative to the output folder; or the problems that prevent it. */
export function renderGitOps(props: GitOpsProps, charts: readonly Chart[]): { files: Map<string, GitOpsFile>; problems: string[] } {
  const problems: string[] = [];
  const folders = layerFolderNames(props.layerFolders);
  problems.push(...folders.problems);

  // every chart in a cluster; clusters grouped by folder (their names)
  const byCluster = new Map<KubeVirtCluster, Chart[]>();
  for (const chart of charts) {
    const cluster = KubeVirtCluster.of(chart);
    if (!cluster) {
      problems.push(`[${chart.node.path}] chart under no KubeVirtCluster: the GitOps layout writes a folder per cluster, so create the chart under a KubeVirtCluster (or leave props.gitOps unset)`);
      continue;
    }
    byCluster.set(cluster, [...byCluster.get(cluster) ?? [], chart]);
  }
  const reserved = new Map<string, string>();
  if (props.argoCd) reserved.set(folderOf(props.argoCd.folder, 'argocd', 'argoCd', problems), 'props.gitOps.argoCd.folder');
  if (props.flux) {
    const f = folderOf(props.flux.folder, 'flux', 'flux', problems);
    if (reserved.has(f)) problems.push(`NetbindApp props.gitOps.flux.folder: "${f}" is the Argo CD folder too; give each a folder of its own`);
    reserved.set(f, 'props.gitOps.flux.folder');
  }
  const byFolder = new Map<string, KubeVirtCluster[]>();
  for (const c of byCluster.keys()) byFolder.set(c.name, [...byFolder.get(c.name) ?? [], c]);
  for (const [folder, clusters] of byFolder) {
    if (clusters.length > 1) {
      problems.push(`clusters ${clusters.map((c) => c.node.path).join(' and ')} would all be written to the folder ${folder}/: give each KubeVirtCluster a name of its own (props.name)`);
    }
    if (reserved.has(folder)) {
      problems.push(`[${clusters[0].node.path}] cluster "${folder}": its folder is the one of ${reserved.get(folder)}; rename the cluster (props.name) or set ${reserved.get(folder)} to another folder`);
    }
  }

  const contents: ClusterContent[] = [];
  for (const [cluster, cs] of [...byCluster].sort(([a], [b]) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const r = layoutCluster(cluster, cs, folders.names);
    problems.push(...r.problems);
    contents.push(r.content);
  }
  const clusterNames = contents.map((c) => c.folder);
  if (props.argoCd) problems.push(...argoCdProblems(props.argoCd, clusterNames));
  if (props.flux) problems.push(...fluxProblems(props.flux));
  if (problems.length > 0) return { files: new Map(), problems };

  const files = new Map<string, GitOpsFile>();
  for (const c of contents) {
    files.set(`${c.folder}/${KUSTOMIZATION}`, () => [sorted(clusterKustomization(c))]);
    for (const l of c.layers) {
      const dir = `${c.folder}/${l.folder}`;
      files.set(`${dir}/${KUSTOMIZATION}`, () => [sorted(layerKustomization(l))]);
      for (const o of l.objects) {
        files.set(`${dir}/${o.file}`, () => [props.argoCd ? withArgoAnnotations(o.manifest, l.layer.order) : o.manifest]);
      }
      for (const f of l.files) files.set(`${dir}/${f.file}`, () => f.text);
    }
  }
  if (props.argoCd) {
    const dir = props.argoCd.folder ?? 'argocd';
    const argo = props.argoCd;
    files.set(`${dir}/applicationset.yaml`, () => [sorted(applicationSet(argo, contents))]);
    files.set(`${dir}/argocd-cm-health.yaml`, () => [sorted(argoCmHealthPatch(argo.namespace ?? 'argocd'))]);
    files.set(`${dir}/${KUSTOMIZATION}`, () => [{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['applicationset.yaml'] }]);
  }
  if (props.flux) {
    const dir = props.flux.folder ?? 'flux';
    const flux = props.flux;
    for (const c of contents) files.set(`${dir}/${c.folder}/kustomizations.yaml`, () => fluxKustomizations(flux, c).map(sorted));
  }
  return { files, problems };
}

/** The objects the synth makes itself, keys sorted as cdk8s sorts an object's. */
function sorted(doc: Record<string, unknown>): unknown {
  return sortKeys(doc, ['apiVersion', 'kind', 'metadata']);
}

function folderOf(given: unknown, fallback: string, key: string, problems: string[]): string {
  if (given === undefined) return fallback;
  if (typeof given !== 'string' || !PLAIN_NAME.test(given)) {
    problems.push(`NetbindApp props.gitOps.${key}.folder: ${show(given)} is not a folder name; use letters, digits, ".", "_" and "-", not starting with "." (such as "${fallback}")`);
    return fallback;
  }
  return given;
}
