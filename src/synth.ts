import * as path from 'path';
import { ApiObject, App, AppProps, Chart, DependencyGraph, Yaml, YamlOutputType } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { AppCheck } from './app-check';
import { KubeVirtCluster } from './cluster';
import { Context } from './context';
import type { Rule } from './rules/types';
import { propErrors } from './props';
import { shape } from './shape';
import { KubeVirtVersion } from './version';
import { BindingGraph, clusterGraph, ClusterGraph, DEFAULT_GROUP_LIMIT } from './graph/model';
import { renderMarkdown } from './graph/markdown';
import { SynthError } from './errors';
import { OUTPUT_RECORD, restoreLastGood, writeOutput } from './output';
import { GitOpsProps, renderGitOps } from './gitops/fleet';
import { Layer, layerFolderNames } from './gitops/layout';
import { CONTRIBUTED_FILE, fileProducers, isKeptOutOfOutput, markWritesContributedFiles } from './contributed-files';

export { SynthError } from './errors';
export { LAST_GOOD_DIR, OUTPUT_RECORD, recoverOutput } from './output';

/** Props of a `NetbindApp`. */
export interface NetbindAppProps extends AppProps {
  /**
   * The KubeVirt release that objects under no `KubeVirtCluster` are checked against (sets the context key
   * `kubevirt-netbind:version`).
   * @default - the context key's value, else the newest known release (1.9)
   */
  readonly kubeVirtVersion?: KubeVirtVersion | string;

  /**
   * Policy warnings of objects under no `KubeVirtCluster` are synth errors (context key `kubevirt-netbind:strict`).
   * @default false
   */
  readonly strict?: boolean;

  /**
   * Rules of your own, run at synth in every cluster (and over the objects under no cluster) after the library's
   * (context key `kubevirt-netbind:rules`). The same rules run in `kubevirt-netbind lint --rules <module>`.
   * @default - the library's rules only
   */
  readonly rules?: Rule[];

  /**
   * Also writes, next to each cluster's manifests, a Markdown file of that name with the cluster's bindings as a
   * Mermaid diagram (GitHub and GitLab render it) and tables of its registrations, NADs and VMs, so a pull request
   * shows the picture change next to the YAML. A plain file name such as `bindings.md`. The file is written,
   * replaced and removed with the manifests (it is listed in `.netbind-files`).
   * @default - no diagram
   */
  readonly diagramFile?: string;

  /**
   * In the diagram file: VMs of one namespace that use the same bindings over the same networks are drawn one by
   * one up to this many; more become one node that counts them.
   * @default 10
   */
  readonly diagramGroupLimit?: number;

  /**
   * Writes the GitOps layout instead of one file per chart: a folder per cluster, in it a folder per layer
   * (cluster configuration, networks, workloads) with a `kustomization.yaml` and one file per object, named
   * `<kind>_<namespace>_<name>.yaml`; with `argoCd`, sync waves and an ApplicationSet; with `flux`, Kustomizations
   * per layer. Every chart must be under a `KubeVirtCluster`. See the README's "GitOps delivery".
   * @default - one file per chart
   */
  readonly gitOps?: GitOpsProps;
}

/** A file name of its own in the output folder: no folders, not hidden. */
const PLAIN_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const propsSchema = shape.object({
  // cdk8s' own
  outdir: shape.string().optional(),
  outputFileExtension: shape.string().optional(),
  yamlOutputType: shape.number().optional(),
  recordConstructMetadata: shape.boolean().optional(),
  resolvers: shape.array(shape.unknown()).optional(),
  // the library's
  kubeVirtVersion: shape.custom((v) => typeof v === 'string' || v instanceof KubeVirtVersion, 'expected a KubeVirtVersion or text such as "1.4"').optional(),
  strict: shape.boolean().optional(),
  rules: shape.array(shape.unknown()).optional(),
  diagramFile: shape.string().optional(),
  diagramGroupLimit: shape.number().optional(),
  gitOps: shape.object({
    layerFolders: shape.object({
      clusterConfiguration: shape.unknown().optional(),
      networks: shape.unknown().optional(),
      workloads: shape.unknown().optional(),
    }).optional(),
    argoCd: shape.object({
      repoURL: shape.unknown().optional(),
      pathPrefix: shape.unknown().optional(),
      targetRevision: shape.string().optional(),
      name: shape.unknown().optional(),
      namespace: shape.unknown().optional(),
      project: shape.unknown().optional(),
      destinationBy: shape.unknown().optional(),
      destinations: shape.record(shape.unknown()).optional(),
      automated: shape.boolean().optional(),
      ignoreDifferences: shape.boolean().optional(),
      folder: shape.unknown().optional(),
    }).optional(),
    flux: shape.object({
      sourceRef: shape.object({ kind: shape.unknown().optional(), name: shape.unknown().optional(), namespace: shape.unknown().optional() }),
      pathPrefix: shape.unknown().optional(),
      namespace: shape.unknown().optional(),
      interval: shape.unknown().optional(),
      timeout: shape.unknown().optional(),
      prune: shape.unknown().optional(),
      folder: shape.unknown().optional(),
    }).optional(),
  }).optional(),
});

/**
 * An App whose `synth()` never loses data:
 * - it validates the whole app first and writes nothing when there is a problem (a `SynthError` lists them all);
 * - it writes into a staging folder and swaps it in whole, so the output folder is the old output or the new;
 * - it replaces only the files an earlier synth wrote (listed in the output folder's `.netbind-files`); files of
 *   your own there (a `kustomization.yaml`) are kept, and a chart that would overwrite one is an error;
 * - `cdk8s synth` empties its output folder before it runs the app: when that synth fails, the last good output
 *   is put back from `.netbind-last/` next to the folder.
 *
 * Output: one file per chart, `<chart id>.k8s.yaml` (nested charts joined by `-`, no hashes); with several
 * `KubeVirtCluster`s, each cluster's charts in a folder named after the cluster.
 */
export class NetbindApp extends App {
  /** The diagram file written next to each cluster's manifests, or undefined. */
  public readonly diagramFile?: string;
  /** VMs of one namespace and bindings drawn one by one in the diagram file. */
  public readonly diagramGroupLimit: number;
  /** The GitOps layout's props, or undefined for one file per chart. */
  public readonly gitOps?: GitOpsProps;

  public constructor(props: NetbindAppProps = {}) {
    super(props);
    markWritesContributedFiles(this);
    const problems = propErrors(propsSchema, props ?? {}, 'NetbindApp props');
    const diagramFile = props?.diagramFile;
    if (typeof diagramFile === 'string' && (!PLAIN_FILE_NAME.test(diagramFile) || diagramFile === OUTPUT_RECORD)) {
      problems.push(`NetbindApp props.diagramFile: ${JSON.stringify(diagramFile)} is not a plain file name; use a name such as "bindings.md" (letters, digits, ".", "_" and "-", not starting with "."), which is written into each cluster's output folder`);
    }
    const limit = props?.diagramGroupLimit;
    if (typeof limit === 'number' && !(Number.isInteger(limit) && limit >= 1)) {
      problems.push(`NetbindApp props.diagramGroupLimit: ${limit} is not a whole number of VMs, 1 or more`);
    }
    this.diagramFile = typeof diagramFile === 'string' && problems.length === 0 ? diagramFile : undefined;
    const gitOps = props?.gitOps;
    this.gitOps = gitOps !== null && typeof gitOps === 'object' && propErrors(propsSchema, { gitOps }, 'NetbindApp props').length === 0 ? gitOps : undefined;
    this.diagramGroupLimit = typeof limit === 'number' && Number.isInteger(limit) && limit >= 1 ? limit : DEFAULT_GROUP_LIMIT;
    if (this.diagramFile !== undefined) AppCheck.keepRuns(this);
    if (problems.length > 0) this.node.addValidation({ validate: () => problems });
    if (props.kubeVirtVersion !== undefined) this.node.setContext(Context.VERSION, props.kubeVirtVersion);
    if (props.strict !== undefined) this.node.setContext(Context.STRICT, props.strict);
    if (props.rules !== undefined) this.node.setContext(Context.RULES, props.rules);
  }

  /**
   * Validates the app, writes the manifests to a staging folder and swaps it in. Throws a `SynthError` listing
   * every problem, and leaves the output folder as it was, when validation fails.
   */
  public override synth(): void {
    const target = path.resolve(this.outdir);
    // `cdk8s synth` passes its output folder as CDK8S_OUTDIR and removes it before it runs the app: only then is a
    // missing output folder filled from the last good output
    const emptiedByCli = process.env.CDK8S_OUTDIR !== undefined && path.resolve(process.env.CDK8S_OUTDIR) === target;
    this.outputNotes = [];
    AppCheck.duringSynth(this, () => {
      let files: Map<string, OutputContent>;
      try {
        const problems = validateApp(this);
        if (problems.length > 0) throw new SynthError(problems);
        files = this.render();
      } catch (e) {
        if (e instanceof SynthError) {
          const restored = emptiedByCli ? restoreLastGood(target) : undefined;
          throw restored ? new SynthError(e.problems, restored) : e;
        }
        throw e;
      }
      this.outputNotes = writeOutput(target, files, emptiedByCli);
    });
  }

  /**
   * The manifests as one YAML stream, as cdk8s' `synthYaml()` gives them, without the objects the rules see but the
   * output leaves out (a patch target's CR). The files constructs contribute (a patch target's overlay) are not in
   * the stream: `synth()` writes them.
   */
  public override synthYaml(): string {
    if (!this.node.findAll().some((c) => isKeptOutOfOutput(c))) return super.synthYaml();
    return AppCheck.duringSynth(this, () => Yaml.stringify(...chartObjects(this.charts).flat()));
  }

  private outputNotes: string[] = [];

  /**
   * Warnings of the last synth: policy findings and references to objects outside the app, from every scope, and
   * files of your own the synth put back from the last good output after `cdk8s synth` removed the output folder.
   */
  public get warnings(): readonly string[] {
    return [...AppCheck.scopesOf(this).flatMap((s) => s.warnings), ...this.outputNotes];
  }

  /** Every output file, relative to the output folder, with its objects (or, for the diagram files, its text). */
  private render(): Map<string, OutputContent> {
    const perApp = this.yamlOutputType === YamlOutputType.FILE_PER_APP;
    if (!perApp && this.yamlOutputType !== YamlOutputType.FILE_PER_CHART) {
      throw new SynthError([`yamlOutputType ${YamlOutputType[this.yamlOutputType]}: NetbindApp writes FILE_PER_CHART (the default) or FILE_PER_APP; per-resource files are named <Kind>.<name> by cdk8s, so objects of one kind and name in two namespaces would overwrite each other`]);
    }
    // `this.charts` sorts the whole tree topologically on every call: once here
    const charts = this.charts;
    if (this.gitOps !== undefined) return this.renderGitOps(charts, perApp);
    const clusters = new Set(charts.map((c) => KubeVirtCluster.of(c)).filter((c): c is KubeVirtCluster => c !== undefined));
    const layerFiles = [...clusters].filter((c) => Layer.filesOf(c).length > 0);
    if (layerFiles.length > 0) {
      throw new SynthError(layerFiles.map((c) => `[${c.node.path}] Layer.addFile: files of a layer (${Layer.filesOf(c).map((f) => f.file).join(', ')}) are written only in the GitOps layout; set NetbindApp props.gitOps, or remove the files`));
    }
    const folders = clusters.size > 1;
    const files = new Map<string, OutputContent>();
    const sources = new Map<string, string[]>();
    const chartsOf = new Map<string, number[]>();
    // The manifests are made as each file is written (a chart's objects are let go once its file is written, as
    // cdk8s does), except the first chart's: `Chart.toJson()` resolves the app's dependencies, so it goes first.
    const first = charts.length > 0 ? objectsOfChart(charts, 0) : [];
    for (const [i, chart] of charts.entries()) {
      const cluster = KubeVirtCluster.of(chart);
      const base = perApp ? 'app' : chartFileName(chart, cluster ?? this);
      const file = `${folders && cluster ? `${cluster.name}/` : ''}${base}${this.outputFileExtension}`;
      const indexes = [...chartsOf.get(file) ?? [], i];
      chartsOf.set(file, indexes);
      files.set(file, () => indexes.flatMap((c) => (c === 0 ? first : objectsOfChart(charts, c))));
      sources.set(file, [...sources.get(file) ?? [], chart.node.path]);
    }
    const clashes = [...sources].filter(([, charts]) => charts.length > 1 && !perApp);
    if (clashes.length > 0) {
      throw new SynthError(clashes.map(([file, charts]) => `charts ${charts.join(' and ')} would both be written to ${file}; give them ids that differ`));
    }
    this.addContributedFiles(files, sources, (cluster) => (folders && cluster ? `${cluster.name}/` : ''));
    if (this.diagramFile !== undefined) {
      for (const [file, text] of this.diagrams(this.diagramFile, folders)) {
        if (files.has(file)) {
          throw new SynthError([`diagramFile ${JSON.stringify(this.diagramFile)}: chart ${sources.get(file)!.join(' and ')} is written to ${file} too; give the diagram file another name`]);
        }
        files.set(file, () => text);
      }
    }
    return files;
  }

  /** The files of the GitOps layout (`props.gitOps`), and the diagram file in each cluster's folder. */
  private renderGitOps(charts: Chart[], perApp: boolean): Map<string, OutputContent> {
    if (perApp) {
      throw new SynthError(['yamlOutputType FILE_PER_APP: the GitOps layout (props.gitOps) writes a file per object; leave yamlOutputType unset']);
    }
    // `Chart.toJson()` resolves the app's dependencies (the object order in each chart): once, before the layout
    if (charts.length > 0) charts[0].toJson();
    const { files, problems } = renderGitOps(this.gitOps!, charts);
    if (problems.length > 0) throw new SynthError(problems);
    const out = new Map<string, OutputContent>(files);
    // Files constructs contribute (a patch target's kustomize overlay, in a folder of its own) go into the cluster
    // configuration layer; the layer's kustomization lists each such folder holding a kustomization.yaml
    const configFolder = layerFolderNames(this.gitOps!.layerFolders).names.get(Layer.CLUSTER_CONFIGURATION)!;
    const contributed = new Map<string, OutputContent>();
    this.addContributedFiles(contributed, new Map([...out.keys()].map((f) => [f, ['the GitOps layout']])), (cluster) => `${cluster?.name ?? ''}/${configFolder}/`);
    for (const [file, content] of contributed) {
      if (out.has(file)) throw new SynthError([`${file} is written by the GitOps layout too; give the contributed file another name`]);
      out.set(file, content);
      const m = /^(.*\/)([^/]+)\/kustomization\.yaml$/.exec(file);
      const layerKustomization = m ? out.get(`${m[1]}kustomization.yaml`) : undefined;
      if (m && typeof layerKustomization === 'function') {
        out.set(`${m[1]}kustomization.yaml`, () => {
          const [doc] = layerKustomization() as Array<Record<string, unknown>>;
          const resources = Array.isArray(doc.resources) ? doc.resources : [];
          return [{ ...doc, resources: [...resources, m[2]] }];
        });
      }
    }
    if (this.diagramFile !== undefined) {
      for (const [file, text] of this.diagrams(this.diagramFile, true)) {
        if (out.has(file)) throw new SynthError([`diagramFile ${JSON.stringify(this.diagramFile)}: the GitOps layout writes ${file} too; give the diagram file another name`]);
        out.set(file, () => text);
      }
    }
    return out;
  }

  /**
   * The files constructs contribute (`contributeFiles`), each in its cluster's folder. A name that is not a plain
   * relative path, or one a chart's file or another construct's has, is a problem; all are reported at once.
   */
  private addContributedFiles(files: Map<string, OutputContent>, sources: Map<string, string[]>, folderOf: (cluster: KubeVirtCluster | undefined) => string): void {
    const problems: string[] = [];
    const outdir = path.resolve(this.outdir);
    for (const { scope, produce } of fileProducers(this)) {
      const cluster = KubeVirtCluster.of(scope);
      const folder = folderOf(cluster);
      const made = produce({ outdir, folder });
      problems.push(...(made.problems ?? []).map((p) => `[${scope.node.path}] ${p}`));
      for (const [name, content] of made.files) {
        const file = `${folder}${name}`;
        if (!CONTRIBUTED_FILE.test(name) || name === OUTPUT_RECORD) {
          problems.push(`[${scope.node.path}] ${JSON.stringify(name)} is not a plain relative file name; use names such as "overlay/kustomization.yaml"`);
        } else if (files.has(file)) {
          problems.push(`[${scope.node.path}] ${file} is written by ${sources.get(file)?.join(' and ') ?? 'another construct'} too; give one of them another name`);
        } else {
          files.set(file, () => content);
          sources.set(file, [scope.node.path]);
        }
      }
    }
    if (problems.length > 0) throw new SynthError(problems);
  }

  /**
   * The diagram file of each output folder: the picture of each scope (cluster) written there, from what its check
   * saw and found in this synthesis.
   */
  private diagrams(fileName: string, folders: boolean): Map<string, string> {
    const byFolder = new Map<string, ClusterGraph[]>();
    const scopes = AppCheck.scopesOf(this);
    const clusters = scopes.filter((s) => KubeVirtCluster.isKubeVirtCluster(s.scope));
    for (const scope of scopes) {
      const run = scope.lastRun;
      if (!run) continue;
      const owner = scope.scope;
      const cluster = KubeVirtCluster.isKubeVirtCluster(owner) ? owner : undefined;
      // the objects under no cluster are drawn when there are some, or when the app has no cluster
      if (!cluster && run.objects.length === 0 && clusters.length > 0) continue;
      const folder = folders && cluster ? `${cluster.name}/` : '';
      const g = clusterGraph(run.manifests, run.findings, {
        ...(cluster ? { name: cluster.name, target: cluster.target.id } : {}),
        release: scope.settings.version.toString(),
        // named as the library names its objects in messages: by the construct (a `Resource` child is its object)
        locate: (f) => {
          const o = run.objects[f.objectIndex];
          return o && o.node.id === 'Resource' && o.node.scope ? o.node.scope.node.path : o?.node.path;
        },
      });
      byFolder.set(folder, [...byFolder.get(folder) ?? [], g]);
    }
    const out = new Map<string, string>();
    for (const [folder, graphs] of byFolder) {
      const picture: BindingGraph = { clusters: graphs, problems: [] };
      out.set(`${folder}${fileName}`, renderMarkdown(picture, { groupLimit: this.diagramGroupLimit }));
    }
    return out;
  }
}

/**
 * Each chart's manifests, as `Chart.toJson()` gives them: its objects in dependency order, each in its closest chart.
 *
 * `Chart.toJson()` resolves the app's dependencies and validates the whole app on every call, which makes a synth
 * of many charts quadratic (cdk8s app.ts `_synthChart`). The first chart goes through it (resolving dependencies
 * for the app, after `validateApp` found no problem); the others list their objects with cdk8s' public
 * `DependencyGraph` the way `_synthChart` does. test/synth.test.ts checks the result equals `Chart.toJson()` for
 * every chart, with dependencies between objects and charts, so a change in cdk8s shows up there.
 */
export function chartObjects(charts: readonly Chart[]): unknown[][] {
  return charts.map((_, i) => objectsOfChart(charts, i));
}

/** The manifests of `charts[i]`, as `chartObjects` makes them; the first chart's must be asked for first. */
function objectsOfChart(charts: readonly Chart[], i: number): unknown[] {
  const chart = charts[i];
  const listed = () => new DependencyGraph(chart.node).topology()
    .filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart && !isKeptOutOfOutput(x))
    .map((o) => o.toJson());
  if (i > 0) return listed();
  const json = chart.toJson();
  // objects the rules see but the output leaves out (`keepOutOfOutput`): the chart is listed again without them
  return chart.node.findAll().some((c) => isKeptOutOfOutput(c)) ? listed() : json;
}

/** The chart's id path below its cluster (or the app), joined by `-`: `workloads`, `team-a-workloads`. */
function chartFileName(chart: Chart, under: IConstruct): string {
  const scopes = chart.node.scopes;
  const from = scopes.indexOf(under as never) + 1;
  return scopes.slice(from).map((s) => s.node.id).join('-');
}

/**
 * Every validation error of the app, each `[construct path] message`, in the tree's pre-order: what cdk8s collects
 * when it validates an app, gathered here once through the constructs' public `node.validate()`.
 */
export function validateApp(app: App): string[] {
  const errors: string[] = [];
  // the app itself has the empty path: named so
  for (const c of app.node.findAll()) for (const e of c.node.validate()) errors.push(`[${c.node.path || 'app'}] ${e}`);
  return [...new Set(errors)];
}

/** An output file's content, made when the file is written: manifests, written as YAML, or text written as it is. */
type OutputContent = () => unknown[] | string;

/**
 * Runs `build` and synthesizes the app it returns, for an app's entry point: prints warnings and, on failure, the
 * list of problems (never a stack trace), and returns the exit code.
 */
export function runSynth(build: () => App, io: { stderr: (s: string) => void } = { stderr: (s) => process.stderr.write(s) }): number {
  let app: App | undefined;
  const printWarnings = () => {
    if (!app) return;
    const warnings = app instanceof NetbindApp ? app.warnings : AppCheck.scopesOf(app).flatMap((s) => s.warnings);
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
  };
  try {
    app = build();
    app.synth();
    printWarnings();
    return 0;
  } catch (e) {
    if (e instanceof SynthError) io.stderr(`${e.message}\n`);
    else io.stderr(`synth failed: ${e instanceof Error ? e.message : String(e)}\n`);
    // the warnings of a failed synth too, so that fixing the errors brings no surprise
    printWarnings();
    return 1;
  }
}
