import * as fs from 'fs';
import * as path from 'path';
import { App, AppProps } from 'cdk8s';
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
      AppCheck.of(this).duringSynth(() => super.synth());
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

  /** Warnings of the last validation (policy findings, references to objects outside the app). */
  public get warnings(): readonly string[] {
    return AppCheck.of(this).warnings;
  }
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
