/**
 * `kubevirt-netbind synth [entry] [app args...]`: runs a cdk8s app written in TypeScript without ts-node.
 *
 * The entry (default `main.ts`) is bundled by esbuild: transpile only (no type check), every package left
 * external (`packages: 'external'`, so the app loads the `cdk8s`, `constructs` and library copies installed in
 * its own `node_modules`), CommonJS for node. The bundle is written to a file of its own for this process, in the
 * entry's folder (so `require` resolves from there and `__dirname` is the entry's folder, as with ts-node), run with
 * node in the current folder, and removed afterwards. The app's exit code is the command's.
 *
 * In `cdk8s.yaml`: `app: npx kubevirt-netbind synth main.ts`.
 *
 * Exit status: the app's; 1 when the entry does not compile (esbuild's errors are printed as `file:line:column:
 * error: message`, without a stack trace); 2 for bad usage or a missing entry.
 */
import { spawn } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const PROG = 'kubevirt-netbind';

export const SYNTH_USAGE = `usage: ${PROG} synth [entry.ts] [app args...]`;

export const SYNTH_HELP = `${SYNTH_USAGE}

runs a cdk8s app written in typescript: the entry (default main.ts) is bundled with esbuild (transpile only,
no type check; packages stay external and load from the app's node_modules) and run with node in the current
folder. use it as the app command of cdk8s.yaml:

  app: npx kubevirt-netbind synth main.ts

arguments after the entry are passed to the app

exit status: the app's; 1 the entry does not compile (esbuild's errors are printed as file:line:column);
2 bad usage or a missing entry
`;

/** Where the command reads and writes. */
export interface SynthCommandIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /** Folder the entry is resolved against and the app runs in. @default process.cwd() */
  readonly cwd?: string;
  /** The app's environment. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** The esbuild message fields this command prints. */
interface BuildMessage {
  readonly text: string;
  readonly location: { readonly file: string; readonly line: number; readonly column: number } | null;
}

/**
 * Runs `kubevirt-netbind synth` (argv without `node`, the script and `synth`). Resolves to the exit code; the
 * app's own output goes straight to this process's stdout and stderr.
 */
export async function synthCommand(argv: readonly string[], io: SynthCommandIo): Promise<number> {
  const cwd = path.resolve(io.cwd ?? process.cwd());
  const first = argv[0];
  if (first === '--help' || first === '-h') {
    io.stdout(SYNTH_HELP);
    return 0;
  }
  if (first !== undefined && first.startsWith('-') && first !== '-') {
    io.stderr(`${PROG}: unknown option "${first}" for synth: the only one is --help\n${SYNTH_USAGE}\n`);
    return 2;
  }
  const entryArg = first ?? 'main.ts';
  const entry = path.resolve(cwd, entryArg);
  if (!fs.statSync(entry, { throwIfNoEntry: false })?.isFile()) {
    io.stderr(`${PROG}: error: cannot find the app's entry ${entryArg} (in ${cwd})\n${SYNTH_USAGE}\n`);
    return 2;
  }

  // an ES module project (package.json "type": "module", or a .mts entry) is bundled as ES module, so that
  // import.meta and top-level await work as they do when the entry runs directly
  const esm = isEsmEntry(entry);
  const bundle = path.join(path.dirname(entry),
    `.${path.basename(entry)}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.kubevirt-netbind.${esm ? 'mjs' : 'cjs'}`);
  try {
    const errors = await bundleEntry(entry, bundle, cwd, esm);
    if (errors.length > 0) {
      for (const e of errors) io.stderr(`${formatMessage(e, cwd)}\n`);
      io.stderr(`${PROG}: ${errors.length} ${errors.length === 1 ? 'error' : 'errors'} in ${entryArg}; nothing was synthesized\n`);
      return 1;
    }
    return await runNode(bundle, argv.slice(1), cwd, io);
  } finally {
    fs.rmSync(bundle, { force: true });
  }
}

/** Bundles `entry` into `outfile`; returns esbuild's errors (none on success). */
async function bundleEntry(entry: string, outfile: string, cwd: string, esm: boolean): Promise<readonly BuildMessage[]> {
  // Loaded here, so that `lint` and `--help` never load esbuild.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  try {
    await esbuild.build({
      entryPoints: [entry],
      outfile,
      absWorkingDir: cwd,
      bundle: true,
      packages: 'external',
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      format: esm ? 'esm' : 'cjs',
      sourcemap: 'inline',
      sourcesContent: false,
      logLevel: 'silent',
    });
    return [];
  } catch (e) {
    const errors = (e as { errors?: BuildMessage[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) return errors;
    return [{ text: e instanceof Error ? e.message.split('\n')[0] : String(e), location: null }];
  }
}

/** True for a `.mts`/`.mjs` entry, or one whose nearest package.json says `"type": "module"`. */
function isEsmEntry(entry: string): boolean {
  if (/\.m[tj]s$/.test(entry)) return true;
  if (/\.c[tj]s$/.test(entry)) return false;
  for (let dir = path.dirname(entry); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { type?: unknown }).type === 'module';
      } catch {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

/** `file:line:column: error: message`, the file relative to `cwd` when it is inside it. */
function formatMessage(m: BuildMessage, cwd: string): string {
  if (!m.location) return `${PROG}: error: ${m.text}`;
  const abs = path.resolve(cwd, m.location.file);
  const rel = path.relative(cwd, abs);
  const file = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
  return `${file}:${m.location.line}:${m.location.column + 1}: error: ${m.text}`;
}

/** Runs the bundle with this node in `cwd`; resolves to its exit code (128 + signal number when it was killed). */
function runNode(bundle: string, args: readonly string[], cwd: string, io: SynthCommandIo): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', bundle, ...args], { cwd, env: io.env ?? process.env, stdio: 'inherit' });
    // A signal sent to this process alone (a terminal sends it to both) is passed on; the bundle is removed once
    // the app has exited.
    const forward = (signal: NodeJS.Signals) => { child.kill(signal); };
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, forward);
    const done = (code: number) => {
      for (const s of signals) process.off(s, forward);
      resolve(code);
    };
    child.once('error', (e) => {
      io.stderr(`${PROG}: error: cannot run node: ${e.message}\n`);
      done(1);
    });
    child.once('exit', (code, signal) => {
      done(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1));
    });
  });
}
