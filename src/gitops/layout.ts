/**
 * The GitOps layout: a folder per cluster and, inside it, a folder per layer, each with a `kustomization.yaml` that
 * lists its files.
 *
 *   <cluster>/kustomization.yaml        resources: the layer folders, in order
 *   <cluster>/cluster-config/           the KubeVirt or HyperConverged CR (and patches of CRs owned elsewhere)
 *   <cluster>/networks/                 NADs and node-side CNI installers (DaemonSet, ServiceAccount, SCC, RBAC)
 *   <cluster>/workloads/                VMs, VMIs, replica sets, pools, DataVolumes, ...
 *
 * An object's layer is, first match wins: the layer given to it or to one of its scopes with `Layer.assign()`; the
 * layer of its kind (`Layer.forKind()`); for kinds that serve any layer (ServiceAccount, RBAC, ConfigMap, Secret)
 * the earliest layer among the objects of its chart that have a layer of their kind; else workloads.
 */
import { isKeptOutOfOutput } from '../contributed-files';
import { ApiObject, Chart, DependencyGraph } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { KubeVirtCluster } from '../cluster';
import { show } from '../rules/util';

/** One layer of a cluster's folder: deployed in `order`, after every layer of a lower order. */
export class Layer {
  /** The cluster's configuration: the KubeVirt or HyperConverged CR, namespaces, patches of CRs owned elsewhere. */
  public static readonly CLUSTER_CONFIGURATION = new Layer('cluster-configuration', 'cluster-config', 0);
  /** Networks: NetworkAttachmentDefinitions and the node-side CNI installers (DaemonSet, ServiceAccount, SCC, RBAC). */
  public static readonly NETWORKS = new Layer('networks', 'networks', 1);
  /** Workloads: VirtualMachines, VMIs, replica sets, pools, DataVolumes, instance types and whatever else runs. */
  public static readonly WORKLOADS = new Layer('workloads', 'workloads', 2);

  /** Every layer, in deployment order. */
  public static readonly ALL: readonly Layer[] = [Layer.CLUSTER_CONFIGURATION, Layer.NETWORKS, Layer.WORKLOADS];

  /**
   * Puts every object under `scope` (a construct, a chart, or an object) into `layer`, whatever its kind. A call on
   * a scope nearer the object wins over one further up.
   */
  public static assign(scope: IConstruct, layer: Layer): void {
    if (!(layer instanceof Layer)) {
      const problem = `Layer.assign: expected Layer.CLUSTER_CONFIGURATION, Layer.NETWORKS or Layer.WORKLOADS; got ${show(layer)}`;
      scope.node.addValidation({ validate: () => [problem] });
      return;
    }
    Object.defineProperty(scope, LAYER_KEY, { value: layer.id, configurable: true, enumerable: false, writable: true });
  }

  /** The layer given to `construct` or its nearest scope with `Layer.assign()`, or undefined. */
  public static assigned(construct: IConstruct): Layer | undefined {
    const scopes = construct.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const id = (scopes[i] as unknown as Record<symbol, unknown>)[LAYER_KEY];
      if (typeof id === 'string') return Layer.ALL.find((l) => l.id === id);
    }
    return undefined;
  }

  /**
   * The layer of a kind: `cluster-configuration` for the CRs of KubeVirt's operators and namespaces, `networks` for
   * NADs, DaemonSets, SCCs and node network policies, `workloads` for KubeVirt's workload kinds and other workloads;
   * undefined for kinds that serve any layer (ServiceAccount, RBAC, ConfigMap, Secret) and kinds it does not know.
   */
  public static forKind(apiVersion: string, kind: string): Layer | undefined {
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
    const id = KIND_LAYERS.get(`${group}/${kind}`);
    return id === undefined ? undefined : Layer.ALL.find((l) => l.id === id);
  }

  /**
   * Adds a file of your own to a layer of a cluster's folder (a kustomize patch of a CR owned elsewhere, a README),
   * listed in the layer's `kustomization.yaml` as `options.kustomization` says. Written, replaced and removed with
   * the synth's output. Only used when the app writes the GitOps layout.
   *
   * @param file a path inside the layer folder: folder and file names of letters, digits, `.`, `_` and `-`, joined
   *   by `/`, none starting with `.`; not `kustomization.yaml`
   */
  public static addFile(cluster: KubeVirtCluster, layer: Layer, file: string, text: string, options: LayerFileOptions = {}): void {
    const problems: string[] = [];
    if (!(layer instanceof Layer)) problems.push(`Layer.addFile: expected Layer.CLUSTER_CONFIGURATION, Layer.NETWORKS or Layer.WORKLOADS; got ${show(layer)}`);
    if (typeof file !== 'string' || !file.split('/').every((s) => PLAIN_NAME.test(s))) {
      problems.push(`Layer.addFile: file ${show(file)} is not a path inside the layer folder; use names of letters, digits, ".", "_" and "-" joined by "/", none starting with "."`);
    } else if (file === KUSTOMIZATION) {
      problems.push(`Layer.addFile: file ${show(file)} is the layer's own kustomization, which the synth writes; give its entries with options.kustomization`);
    }
    if (typeof text !== 'string') problems.push(`Layer.addFile: text of ${show(file)}: expected text; got ${show(text)}`);
    const entry = options?.kustomization ?? 'resources';
    if (!['resources', 'patches', 'none'].includes(entry)) {
      problems.push(`Layer.addFile: options.kustomization of ${show(file)}: expected "resources", "patches" or "none"; got ${show(entry)}`);
    }
    if (options?.patchTarget !== undefined && entry !== 'patches') {
      problems.push(`Layer.addFile: options.patchTarget of ${show(file)} is only for a file listed under patches; set options.kustomization to "patches"`);
    }
    if (problems.length > 0) {
      cluster.node.addValidation({ validate: () => problems });
      return;
    }
    const files = extraFilesOf(cluster, true)!;
    files.push({ layer, file, text, kustomization: entry, ...(options.patchTarget ? { patchTarget: options.patchTarget } : {}) });
  }

  /** The files added to `cluster` with `Layer.addFile()`, in the order they were added. */
  public static filesOf(cluster: KubeVirtCluster): readonly LayerFile[] {
    return extraFilesOf(cluster, false) ?? [];
  }

  private constructor(
    /** `cluster-configuration`, `networks` or `workloads`. */
    public readonly id: string,
    /** The layer's folder unless `GitOpsProps.layerFolders` names another. */
    public readonly defaultFolder: string,
    /** Deployment order: 0 first. Also the Argo CD sync wave of the layer's objects. */
    public readonly order: number,
  ) {}
}

/** Where a file added with `Layer.addFile()` is listed in its layer's `kustomization.yaml`. */
export interface LayerFileOptions {
  /**
   * `resources` (an object to deploy), `patches` (a kustomize patch of an object of the layer or its bases) or
   * `none` (not listed: a README).
   * @default 'resources'
   */
  readonly kustomization?: 'resources' | 'patches' | 'none';
  /** For a patch: the kustomize `target` selector of its `patches` entry. @default - none (the patch names its target) */
  readonly patchTarget?: KustomizePatchTarget;
}

/** A kustomize patch's target selector (kustomize `patches[].target`). */
export interface KustomizePatchTarget {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly annotationSelector?: string;
}

/** A file added with `Layer.addFile()`. */
export interface LayerFile {
  readonly layer: Layer;
  readonly file: string;
  readonly text: string;
  readonly kustomization: 'resources' | 'patches' | 'none';
  readonly patchTarget?: KustomizePatchTarget;
}

/** Folder names of the layers, in each cluster's folder. */
export interface LayerFolders {
  /** @default 'cluster-config' */
  readonly clusterConfiguration?: string;
  /** @default 'networks' */
  readonly networks?: string;
  /** @default 'workloads' */
  readonly workloads?: string;
}

const LAYER_KEY = Symbol.for('cdk8s-kubevirt-netbind.Layer');
const FILES_KEY = Symbol.for('cdk8s-kubevirt-netbind.LayerFiles');
export const KUSTOMIZATION = 'kustomization.yaml';
/** A folder or file name of its own: not hidden, no separators. */
export const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function extraFilesOf(cluster: KubeVirtCluster, create: boolean): LayerFile[] | undefined {
  const holder = cluster as unknown as Record<symbol, LayerFile[] | undefined>;
  if (!holder[FILES_KEY] && create) Object.defineProperty(cluster, FILES_KEY, { value: [], enumerable: false });
  return holder[FILES_KEY];
}

/** `<group>/<Kind>` -> layer id. Kinds not listed take their chart's layer (see the module comment). */
const KIND_LAYERS = new Map<string, string>([
  // the operators' CRs: the KubeVirt CR (kubevirt.io), HCO's (hco.kubevirt.io) and the CRs HCO manages
  ['kubevirt.io/KubeVirt', 'cluster-configuration'],
  ['hco.kubevirt.io/HyperConverged', 'cluster-configuration'],
  ['cdi.kubevirt.io/CDI', 'cluster-configuration'],
  ['cdi.kubevirt.io/CDIConfig', 'cluster-configuration'],
  ['networkaddonsoperator.network.kubevirt.io/NetworkAddonsConfig', 'cluster-configuration'],
  ['ssp.kubevirt.io/SSP', 'cluster-configuration'],
  ['migrations.kubevirt.io/MigrationPolicy', 'cluster-configuration'],
  ['/Namespace', 'cluster-configuration'],
  ['apiextensions.k8s.io/CustomResourceDefinition', 'cluster-configuration'],
  // networks
  ['k8s.cni.cncf.io/NetworkAttachmentDefinition', 'networks'],
  ['apps/DaemonSet', 'networks'],
  ['security.openshift.io/SecurityContextConstraints', 'networks'],
  ['nmstate.io/NodeNetworkConfigurationPolicy', 'networks'],
  ['k8s.ovn.org/UserDefinedNetwork', 'networks'],
  ['k8s.ovn.org/ClusterUserDefinedNetwork', 'networks'],
  ['networking.k8s.io/NetworkPolicy', 'networks'],
  ['k8s.cni.cncf.io/MultiNetworkPolicy', 'networks'],
  // workloads
  ['kubevirt.io/VirtualMachine', 'workloads'],
  ['kubevirt.io/VirtualMachineInstance', 'workloads'],
  ['kubevirt.io/VirtualMachineInstanceReplicaSet', 'workloads'],
  ['kubevirt.io/VirtualMachineInstanceMigration', 'workloads'],
  ['kubevirt.io/VirtualMachineInstancePreset', 'workloads'],
  ['pool.kubevirt.io/VirtualMachinePool', 'workloads'],
  ['cdi.kubevirt.io/DataVolume', 'workloads'],
  ['cdi.kubevirt.io/DataSource', 'workloads'],
  ['cdi.kubevirt.io/DataImportCron', 'workloads'],
  ['instancetype.kubevirt.io/VirtualMachineInstancetype', 'workloads'],
  ['instancetype.kubevirt.io/VirtualMachineClusterInstancetype', 'workloads'],
  ['instancetype.kubevirt.io/VirtualMachinePreference', 'workloads'],
  ['instancetype.kubevirt.io/VirtualMachineClusterPreference', 'workloads'],
  ['snapshot.kubevirt.io/VirtualMachineSnapshot', 'workloads'],
  ['snapshot.kubevirt.io/VirtualMachineRestore', 'workloads'],
  ['export.kubevirt.io/VirtualMachineExport', 'workloads'],
  ['clone.kubevirt.io/VirtualMachineClone', 'workloads'],
  ['apps/Deployment', 'workloads'],
  ['apps/StatefulSet', 'workloads'],
  ['apps/ReplicaSet', 'workloads'],
  ['/Pod', 'workloads'],
  ['/Service', 'workloads'],
  ['/PersistentVolumeClaim', 'workloads'],
  ['batch/Job', 'workloads'],
  ['batch/CronJob', 'workloads'],
]);

/** One object of a cluster, placed. */
export interface PlacedObject {
  /** The manifest as the synth writes it. */
  readonly manifest: Record<string, unknown>;
  readonly layer: Layer;
  /** The object's construct path, for messages. */
  readonly source: string;
  /** The object's file name in its layer folder. */
  readonly file: string;
}

/** One layer folder of a cluster, as written. */
export interface LayerContent {
  readonly layer: Layer;
  /** The folder's name in the cluster folder. */
  readonly folder: string;
  readonly objects: readonly PlacedObject[];
  readonly files: readonly LayerFile[];
}

/** A cluster's folder, as written. */
export interface ClusterContent {
  readonly cluster: KubeVirtCluster;
  /** The folder's name in the output folder: the cluster's name. */
  readonly folder: string;
  /** Every layer, in order (empty ones too, so that each has a folder and a kustomization). */
  readonly layers: readonly LayerContent[];
}

/** The folder name of each layer, from `GitOpsProps.layerFolders`; problems for names that are not folder names. */
export function layerFolderNames(folders: LayerFolders | undefined): { names: Map<Layer, string>; problems: string[] } {
  const problems: string[] = [];
  const given: Array<[Layer, keyof LayerFolders]> = [
    [Layer.CLUSTER_CONFIGURATION, 'clusterConfiguration'], [Layer.NETWORKS, 'networks'], [Layer.WORKLOADS, 'workloads'],
  ];
  const names = new Map<Layer, string>();
  for (const [layer, key] of given) {
    const v = folders?.[key];
    if (v === undefined) { names.set(layer, layer.defaultFolder); continue; }
    if (typeof v !== 'string' || !PLAIN_NAME.test(v) || v === KUSTOMIZATION || v.length > 100) {
      problems.push(`NetbindApp props.gitOps.layerFolders.${key}: ${show(v)} is not a folder name; use letters, digits, ".", "_" and "-", not starting with "." (such as "${layer.defaultFolder}")`);
      names.set(layer, layer.defaultFolder);
    } else {
      names.set(layer, v);
    }
  }
  const seen = new Map<string, string>();
  for (const [layer, key] of given) {
    const n = names.get(layer)!.toLowerCase();
    if (seen.has(n)) problems.push(`NetbindApp props.gitOps.layerFolders: ${seen.get(n)} and ${key} are both the folder "${names.get(layer)}"; give each layer a folder of its own`);
    else seen.set(n, key);
  }
  return { names, problems };
}

/** The objects of `chart` (each in its closest chart), in the order cdk8s writes them. */
function objectsOf(chart: Chart): ApiObject[] {
  // an object kept out of the output (a patch target's CR, which the rules see and the overlay replaces) is not placed
  return new DependencyGraph(chart.node).topology().filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart && !isKeptOutOfOutput(x));
}

/**
 * Places every object of the charts of one cluster into its layer and names its file; returns the cluster's folder
 * content and the problems found (file names two objects would share, files added twice).
 */
export function layoutCluster(cluster: KubeVirtCluster, charts: readonly Chart[], folders: Map<Layer, string>): { content: ClusterContent; problems: string[] } {
  const problems: string[] = [];
  const perLayer = new Map<Layer, PlacedObject[]>(Layer.ALL.map((l) => [l, []]));
  for (const chart of charts) {
    const objects = objectsOf(chart).map((o) => ({ o, manifest: o.toJson() as Record<string, unknown> }));
    const kindLayer = (m: Record<string, unknown>) => Layer.forKind(String(m.apiVersion ?? ''), String(m.kind ?? ''));
    // the chart's earliest layer by kind, for the objects that serve any layer
    const chartLayer = objects.map(({ manifest }) => kindLayer(manifest)).filter((l): l is Layer => l !== undefined)
      .sort((a, b) => a.order - b.order)[0] ?? Layer.WORKLOADS;
    for (const { o, manifest } of objects) {
      const layer = Layer.assigned(o) ?? kindLayer(manifest) ?? (ANY_LAYER_KINDS.has(String(manifest.kind)) ? chartLayer : Layer.WORKLOADS);
      perLayer.get(layer)!.push({ manifest, layer, source: o.node.path, file: objectFileName(manifest) });
    }
  }
  const extra = Layer.filesOf(cluster);
  const layers: LayerContent[] = [];
  for (const layer of Layer.ALL) {
    const folder = folders.get(layer)!;
    const objects = perLayer.get(layer)!;
    const files = extra.filter((f) => f.layer === layer);
    const byFile = new Map<string, string[]>();
    for (const o of objects) byFile.set(o.file, [...byFile.get(o.file) ?? [], o.source]);
    for (const f of files) byFile.set(f.file, [...byFile.get(f.file) ?? [], `Layer.addFile(${cluster.node.path})`]);
    for (const [file, sources] of byFile) {
      if (sources.length > 1) {
        problems.push(`${cluster.name}/${folder}/${file}: ${sources.join(' and ')} would all be written to this file; objects of one kind, namespace and name (after lowercasing, and with characters other than a-z, 0-9, "." and "-" made "-") must be one object: rename one, or move it to another layer with Layer.assign()`);
      }
    }
    layers.push({ layer, folder, objects: [...objects].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)), files });
  }
  return { content: { cluster, folder: cluster.name, layers }, problems };
}

/** Kinds that serve any layer: they go where the other objects of their chart go. */
const ANY_LAYER_KINDS = new Set(['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Secret']);

/** A part of a file name: lowercase, characters other than a-z, 0-9, `.` and `-` made `-`. */
function part(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
}

/**
 * An object's file name in its layer folder: `<kind>_<namespace>_<name>.yaml`, or `<kind>_<name>.yaml` for an
 * object without a namespace; lowercase. `_` appears in no kind and no namespace (a DNS label), so two objects
 * share a file only when they are one kind, namespace and name up to case and odd characters (or one kind name of
 * two API groups), which `layoutCluster` reports.
 */
export function objectFileName(manifest: Record<string, unknown>): string {
  const meta = (manifest.metadata ?? {}) as Record<string, unknown>;
  const kind = part(String(manifest.kind ?? 'object'));
  const name = part(String(meta.name ?? 'unnamed'));
  const ns = typeof meta.namespace === 'string' && meta.namespace !== '' ? `${part(meta.namespace)}_` : '';
  return `${kind}_${ns}${name}.yaml`;
}

/** A layer's `kustomization.yaml`: its objects' files and its added files, as they are listed. */
export function layerKustomization(content: LayerContent): Record<string, unknown> {
  const resources = [
    ...content.objects.map((o) => o.file),
    ...content.files.filter((f) => f.kustomization === 'resources').map((f) => f.file),
  ];
  const patches = content.files.filter((f) => f.kustomization === 'patches')
    .map((f) => ({ path: f.file, ...(f.patchTarget ? { target: { ...f.patchTarget } } : {}) }));
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
    ...(patches.length > 0 ? { patches } : {}),
  };
}

/** A cluster folder's `kustomization.yaml`: the layer folders, in order. */
export function clusterKustomization(content: ClusterContent): Record<string, unknown> {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: content.layers.map((l) => l.folder),
  };
}
