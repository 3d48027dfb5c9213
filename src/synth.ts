import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, DependencyGraph, Names, Yaml, YamlOutputType } from 'cdk8s';
import { AppCheck } from './app-check';

/** A synth that failed validation: every problem of the app, each `[construct path] field: message`. */
export class SynthError extends Error {
  public constructor(public readonly problems: string[]) {
    super(`synth failed with ${problems.length} ${problems.length === 1 ? 'error' : 'errors'}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'SynthError';
  }
}

/**
 * An App whose `synth()` is all-or-nothing: it writes into a staging folder next to the output folder and swaps
 * it in only when validation passed, so bad input never leaves a half-written or emptied `dist/`.
 */
export class NetbindApp extends App {
  /** The folder the manifests end up in. */
  public readonly targetDir: string;

  public constructor(props: AppProps = {}) {
    const target = path.resolve(props.outdir ?? process.env.CDK8S_OUTDIR ?? 'dist');
    super({ ...props, outdir: path.join(path.dirname(target), `.${path.basename(target)}.staging`) });
    this.targetDir = target;
  }

  /**
   * Validates the app, writes the manifests to the staging folder and replaces the output folder with it.
   * Throws a `SynthError` listing every problem, and leaves the output folder as it was, when validation fails.
   */
  public override synth(): void {
    fs.rmSync(this.outdir, { recursive: true, force: true });
    try {
      AppCheck.of(this).duringSynth(() => this.writeFiles());
    } catch (e) {
      fs.rmSync(this.outdir, { recursive: true, force: true });
      throw toSynthError(e);
    }
    const old = `${this.targetDir}.old`;
    fs.rmSync(old, { recursive: true, force: true });
    if (fs.existsSync(this.targetDir)) fs.renameSync(this.targetDir, old);
    fs.renameSync(this.outdir, this.targetDir);
    fs.rmSync(old, { recursive: true, force: true });
  }

  /**
   * Writes the manifests. For the default one-file-per-chart output, the app is resolved and validated once:
   * cdk8s' own `App.synth()` resolves dependencies and validates the whole app again for every chart it writes
   * (`App._synthChart`), which makes a synth of many charts quadratic in the size of the app. Files, names and
   * object order are the same as cdk8s writes (a test compares them).
   */
  private writeFiles(): void {
    const charts = this.node.findAll().filter((c): c is Chart => Chart.isChart(c));
    if (this.yamlOutputType !== YamlOutputType.FILE_PER_CHART || (this as unknown as { recordConstructMetadata?: boolean }).recordConstructMetadata || charts.length === 0) {
      super.synth();
      return;
    }
    fs.mkdirSync(this.outdir, { recursive: true });
    // Chart.toJson() resolves the app's dependencies, validates the whole app, then lists that chart's objects.
    const first = charts[0];
    const firstObjects = first.toJson();
    const ordered = this.charts;
    // cdk8s numbers the files when a chart depends on another (directly, through its objects, or by nesting).
    const indexed = ordered.some((c) => c.node.dependencies.some((d) => Chart.isChart(d) && d !== c));
    ordered.forEach((chart, i) => {
      const objects = chart === first ? firstObjects : objectsOf(chart).map((o) => o.toJson());
      const name = indexed ? `${String(i).padStart(4, '0')}-${Names.toDnsLabel(chart)}` : Names.toDnsLabel(chart);
      Yaml.save(path.join(this.outdir, `${name}${this.outputFileExtension}`), objects);
    });
  }

  /** Warnings of the last validation (policy findings, references to objects outside the app). */
  public get warnings(): readonly string[] {
    return AppCheck.of(this).warnings;
  }
}

/** A chart's API objects in dependency order, each in its closest chart (what cdk8s writes for a chart). */
function objectsOf(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node).topology()
    .filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart);
}

const CDK8S_VALIDATION_PREFIX = 'Validation failed with the following errors:\n';

/** Turns cdk8s' validation error into a `SynthError` with one entry per problem; other errors pass through. */
export function toSynthError(e: unknown): unknown {
  if (e instanceof Error && e.message.startsWith(CDK8S_VALIDATION_PREFIX)) {
    const problems = e.message.slice(CDK8S_VALIDATION_PREFIX.length).split('\n').map((l) => l.trim()).filter(Boolean);
    return new SynthError(problems);
  }
  return e;
}

/**
 * Runs `build` and synthesizes the app it returns, for an app's entry point: prints warnings and, on failure, the
 * list of problems (never a stack trace), and sets the exit code.
 */
export function runSynth(build: () => NetbindApp, io: { stderr: (s: string) => void } = { stderr: (s) => process.stderr.write(s) }): number {
  try {
    const app = build();
    app.synth();
    for (const w of app.warnings) io.stderr(`warning: ${w}\n`);
    return 0;
  } catch (e) {
    const err = toSynthError(e);
    if (err instanceof SynthError) io.stderr(`${err.message}\n`);
    else io.stderr(`synth failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
