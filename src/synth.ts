import * as fs from 'fs';
import * as os from 'os';
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

/** A synth that failed validation: every problem of the app, each `[construct path] field: message`. */
export class SynthError extends Error {
  public constructor(
    public readonly problems: string[],
    /** Set when the output folder had been removed before the app ran and its last good content was put back. */
    public readonly restoredFrom?: string,
  ) {
    super(`synth failed with ${problems.length} ${problems.length === 1 ? 'error' : 'errors'}:\n${problems.map((p) => `  ${p}`).join('\n')}`
      + (restoredFrom ? `\nthe output folder was missing (cdk8s synth empties it before the app runs); its last good content was put back from ${shown(restoredFrom)}` : ''));
    this.name = 'SynthError';
  }
}

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
});

/** A path as messages show it: relative to the working directory when it is inside it. */
function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/** The file, under the output folder, that lists what the last synth wrote there. */
export const OUTPUT_RECORD = '.netbind-files';
/** The folder, next to the output folder, that keeps the last good output (it ignores itself in git). */
export const LAST_GOOD_DIR = '.netbind-last';

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

  public constructor(props: NetbindAppProps = {}) {
    super(props);
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
    const clusters = new Set(charts.map((c) => KubeVirtCluster.of(c)).filter((c): c is KubeVirtCluster => c !== undefined));
    const folders = clusters.size > 1;
    const files = new Map<string, OutputContent>();
    const sources = new Map<string, string[]>();
    const objects = chartObjects(charts);
    for (const [i, chart] of charts.entries()) {
      const cluster = KubeVirtCluster.of(chart);
      const base = perApp ? 'app' : chartFileName(chart, cluster ?? this);
      const file = `${folders && cluster ? `${cluster.name}/` : ''}${base}${this.outputFileExtension}`;
      files.set(file, [...(files.get(file) as unknown[] | undefined) ?? [], ...objects[i]]);
      sources.set(file, [...sources.get(file) ?? [], chart.node.path]);
    }
    const clashes = [...sources].filter(([, charts]) => charts.length > 1 && !perApp);
    if (clashes.length > 0) {
      throw new SynthError(clashes.map(([file, charts]) => `charts ${charts.join(' and ')} would both be written to ${file}; give them ids that differ`));
    }
    if (this.diagramFile !== undefined) {
      for (const [file, text] of this.diagrams(this.diagramFile, folders)) {
        if (files.has(file)) {
          throw new SynthError([`diagramFile ${JSON.stringify(this.diagramFile)}: chart ${sources.get(file)!.join(' and ')} is written to ${file} too; give the diagram file another name`]);
        }
        files.set(file, text);
      }
    }
    return files;
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
  return charts.map((chart, i) => (i === 0 ? chart.toJson() : new DependencyGraph(chart.node).topology()
    .filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart)
    .map((o) => o.toJson())));
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

/** An output file's content: manifests, written as YAML, or text written as it is. */
type OutputContent = unknown[] | string;

/**
 * Writes `files` as the new content of `target`, all or nothing, keeping files the synth did not write; returns notes
 * about files of the user's put back from the last good output.
 */
function writeOutput(target: string, files: Map<string, OutputContent>, emptiedByCli: boolean): string[] {
  const cwd = process.cwd();
  const rel = path.relative(target, cwd);
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
    throw new SynthError([`outdir ${target}: the output folder holds the working directory (${cwd}); synth replaces its output folder, so give it a folder of its own such as dist`]);
  }
  // the folder as the last synth left it: the output folder, or when `cdk8s synth` removed it before the app ran,
  // the last good output kept next to it (so files of the user's own there come back too)
  const kept = lastGoodDir(target);
  const current = emptiedByCli && !fs.existsSync(target) && fs.existsSync(path.join(kept, OUTPUT_RECORD)) ? kept : target;
  const before = readRecord(current);
  const foreign = listFiles(current).filter((f) => !before || (f !== OUTPUT_RECORD && !before.has(f)));
  const overwritten = foreign.filter((f) => files.has(f));
  if (overwritten.length > 0) {
    throw new SynthError(overwritten.map((f) => `${path.join(target, f)}: the synth would overwrite this file, which it did not write${before === undefined ? ' (the folder has no .netbind-files record of an earlier synth)' : ''}; move or remove it, or give the chart another id`));
  }
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.staging-`));
  // mkdtemp makes the folder private (0700); the output folder is an ordinary one
  fs.chmodSync(staging, 0o755);
  let moved: string | undefined;
  try {
    for (const [file, content] of files) {
      fs.mkdirSync(path.dirname(path.join(staging, file)), { recursive: true });
      if (typeof content === 'string') fs.writeFileSync(path.join(staging, file), content);
      else Yaml.save(path.join(staging, file), content);
    }
    for (const f of foreign) {
      fs.mkdirSync(path.dirname(path.join(staging, f)), { recursive: true });
      fs.cpSync(path.join(current, f), path.join(staging, f), { preserveTimestamps: true, verbatimSymlinks: true });
    }
    fs.writeFileSync(path.join(staging, OUTPUT_RECORD), [...files.keys()].sort().map((f) => `${f}\n`).join(''));
    if (fs.existsSync(target)) {
      moved = path.join(fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.old-`)), 'out');
      fs.renameSync(target, moved);
    }
    try {
      fs.renameSync(staging, target);
    } catch (e) {
      if (moved) fs.renameSync(moved, target);
      moved = undefined;
      throw e;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    if (moved) fs.rmSync(path.dirname(moved), { recursive: true, force: true });
  }
  keepLastGood(target, listFiles(target));
  return current === target ? [] : foreign.map((f) => `${shown(path.join(target, f))}: put back from ${shown(path.join(kept, f))}, as the last synth left it, because cdk8s synth removed the output folder; changes made to it since then are not in it: keep files of your own outside the output folder when you use cdk8s synth`);
}

/** The files the last synth wrote into `target`, or undefined when it holds no record of one. */
function readRecord(target: string): Set<string> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(target, OUTPUT_RECORD), 'utf8');
  } catch {
    return undefined;
  }
  return new Set(text.split('\n').filter((l) => l.length > 0));
}

/** Every file (and symlink) under `dir`, relative, `/`-separated; empty when it does not exist. */
function listFiles(dir: string, prefix = ''): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

function lastGoodDir(target: string): string {
  return path.join(path.dirname(target), LAST_GOOD_DIR, path.basename(target));
}

/**
 * Keeps hard links (copies where links fail) of the output folder's files, for `restoreLastGood`. Not for an output
 * folder directly in the system's temporary folder: that is where `cdk8s synth --stdout` has the app write.
 */
function keepLastGood(target: string, files: string[]): void {
  if (path.dirname(target) === path.resolve(os.tmpdir())) return;
  const root = path.join(path.dirname(target), LAST_GOOD_DIR);
  const dest = lastGoodDir(target);
  try {
    fs.rmSync(dest, { recursive: true, force: true });
    fs.mkdirSync(dest, { recursive: true });
    // the folder ignores itself, so it never shows up in git status
    fs.writeFileSync(path.join(root, '.gitignore'), '*\n');
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(dest, f)), { recursive: true });
      try {
        fs.linkSync(path.join(target, f), path.join(dest, f));
      } catch {
        fs.copyFileSync(path.join(target, f), path.join(dest, f));
      }
    }
  } catch {
    // a copy that cannot be kept only means a later failed `cdk8s synth` cannot put the output back
    fs.rmSync(dest, { recursive: true, force: true });
  }
}

/**
 * After a failed synth: when the output folder is missing (`cdk8s synth` removes it before it runs the app) and a
 * last good output is kept, puts it back and returns where it came from.
 */
function restoreLastGood(target: string): string | undefined {
  const kept = lastGoodDir(target);
  if (fs.existsSync(target) || !fs.existsSync(path.join(kept, OUTPUT_RECORD))) return undefined;
  try {
    fs.cpSync(kept, target, { recursive: true });
    return kept;
  } catch {
    return undefined;
  }
}

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
