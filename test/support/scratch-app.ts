/**
 * A scratch cdk8s app that uses this package the way a user does: from the packed tarball, installed with npm.
 *
 * ```ts
 * const app = useScratchApp({ files: { 'cdk8s.yaml': 'app: npx kubevirt-netbind synth main.ts\n', 'main.ts': '...' } });
 * it('synthesizes', () => {
 *   const r = app().cdk8s(['synth']);
 *   expect(r.status).toBe(0);
 *   expect(app().read('dist/c.k8s.yaml')).toBe('...');
 * });
 * ```
 *
 * - `packRepo()` builds the package (tsc with tsconfig.build.json, into a staging folder: the repo's own `lib/` is
 *   never written, so test files running side by side cannot see a half-written build) and packs it with
 *   `npm pack`. The tarball is kept in node_modules/.cache/netbind-pack/, keyed by a hash of everything that goes
 *   into it (package.json, package-lock.json, tsconfigs, src/, imports/, bin/, docs/, README.md, LICENSE): it is
 *   built once per change, by whichever test file needs it first (a lock keeps test files running side by side
 *   from building it twice), and reused by the others and by later runs. Entries unused for an hour are removed
 *   when a new one is made; `npm ci` removes them all.
 * - `createScratchApp()` makes a fresh folder under os.tmpdir(), writes the given files and a package.json whose
 *   dependencies are the tarball and its peers `cdk8s` and `constructs` (at the versions the repo develops with),
 *   and runs `npm install --prefer-offline --no-audit --no-fund` there (the npm cache is warm after the repo's
 *   `npm ci`). `useScratchApp()` does that once per test file (beforeAll) and removes the folder afterwards.
 * - Commands run with the scratch folder as cwd, without the `npm_*` variables of an enclosing `npm test`, and
 *   with CDK8S_CHECK_UPGRADE=false. `cdk8s()` runs the real cdk8s CLI (the repo's devDependency `cdk8s-cli`).
 */
import { spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import { afterAll, beforeAll } from 'vitest';

/** The repository root. */
export const REPO = path.resolve(__dirname, '..', '..');

/** What one command printed and how it ended. */
export interface RunResult {
  /** Exit code; null when the command was killed by a signal. */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of a command run in the scratch app. */
export interface RunOptions {
  /** Variables added to (or, when undefined, removed from) the environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Text written to the command's stdin. */
  readonly input?: string;
  /** Folder relative to the scratch app to run in. @default the app's folder */
  readonly cwd?: string;
}

/** The packed package. */
export interface PackedRepo {
  /** Absolute path of the .tgz. */
  readonly tarball: string;
  readonly name: string;
  readonly version: string;
  /** Paths inside the package, sorted (`package/` prefix removed, as `npm pack --json` lists them). */
  readonly files: readonly string[];
  /** Size of the .tgz in bytes. */
  readonly size: number;
  /** Sum of the file sizes in bytes. */
  readonly unpackedSize: number;
}

/** Files that go into the package; a change to any of them makes a new tarball. */
const PACK_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'LICENSE',
  'bin', 'docs', 'src', 'imports'];

/** Copied next to the build output before `npm pack`. */
const PACK_COPIES = ['package.json', 'README.md', 'LICENSE', 'bin', 'docs'];

const CACHE_ROOT = path.join(REPO, 'node_modules', '.cache', 'netbind-pack');
const LOCK_STALE_MS = 10 * 60_000;

let packed: Promise<PackedRepo> | undefined;

/** Builds and packs the repo, or reuses the tarball of the same inputs. Once per process. */
export function packRepo(): Promise<PackedRepo> {
  packed ??= packOnce();
  return packed;
}

async function packOnce(): Promise<PackedRepo> {
  const key = inputsHash();
  const entry = path.join(CACHE_ROOT, key);
  const manifest = path.join(entry, 'pack.json');
  fs.mkdirSync(CACHE_ROOT, { recursive: true });
  const cached = readPacked(manifest);
  if (cached) {
    touch(entry);
    return cached;
  }
  const lock = `${entry}.lock`;
  await acquire(lock);
  try {
    const again = readPacked(manifest);
    if (again) return again;
    const stage = `${entry}.tmp-${process.pid}`;
    fs.rmSync(stage, { recursive: true, force: true });
    fs.mkdirSync(stage);
    try {
      for (const item of PACK_COPIES) {
        const from = path.join(REPO, item);
        if (fs.existsSync(from)) fs.cpSync(from, path.join(stage, item), { recursive: true });
      }
      check(spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p', path.join(REPO, 'tsconfig.build.json'), '--outDir', path.join(stage, 'lib')],
      { cwd: REPO, encoding: 'utf8', env: cleanEnv() }), 'tsc -p tsconfig.build.json');
      const pack = check(spawnSync(npm(), ['pack', '--json', '--ignore-scripts', '--pack-destination', stage],
        { cwd: stage, encoding: 'utf8', env: cleanEnv() }), 'npm pack');
      const [info] = JSON.parse(pack.stdout) as Array<{ name: string; version: string; filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> }>;
      const result: Omit<PackedRepo, 'tarball'> & { filename: string } = {
        name: info.name,
        version: info.version,
        filename: info.filename,
        files: info.files.map((f) => f.path).sort(),
        size: info.size,
        unpackedSize: info.unpackedSize,
      };
      fs.writeFileSync(path.join(stage, 'pack.json'), JSON.stringify(result, null, 2));
    } catch (e) {
      fs.rmSync(stage, { recursive: true, force: true });
      throw e;
    }
    fs.rmSync(entry, { recursive: true, force: true });
    fs.renameSync(stage, entry);
    prune(key);
    return readPacked(manifest)!;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function readPacked(manifest: string): PackedRepo | undefined {
  if (!fs.existsSync(manifest)) return undefined;
  const { filename, ...rest } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Omit<PackedRepo, 'tarball'> & { filename: string };
  const tarball = path.join(path.dirname(manifest), filename);
  return fs.existsSync(tarball) ? { ...rest, tarball } : undefined;
}

/** sha256 over the relative paths and contents of PACK_INPUTS (directories walked in sorted order). */
function inputsHash(): string {
  const h = crypto.createHash('sha256');
  const visit = (rel: string) => {
    const abs = path.join(REPO, rel);
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) visit(path.join(rel, name));
    } else {
      h.update(`${rel}\0${st.size}\0`);
      h.update(fs.readFileSync(abs));
    }
  };
  for (const item of PACK_INPUTS) visit(item);
  return h.digest('hex').slice(0, 16);
}

/** Marks a cache entry as used, so that `prune` leaves it alone. */
function touch(entry: string): void {
  const now = new Date();
  fs.utimesSync(entry, now, now);
}

/** Removes cache entries other than `key` that nobody has used for an hour. */
function prune(key: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of fs.readdirSync(CACHE_ROOT)) {
    if (name === key || name.startsWith(`${key}.`)) continue;
    const abs = path.join(CACHE_ROOT, name);
    if (fs.statSync(abs).mtimeMs < hourAgo) fs.rmSync(abs, { recursive: true, force: true });
  }
}

/** Takes a lock folder, waiting for its holder; a lock whose process is gone, or that is too old, is taken over. */
async function acquire(lock: string): Promise<void> {
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (lockIsStale(lock)) {
      fs.rmSync(lock, { recursive: true, force: true });
      continue;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function lockIsStale(lock: string): boolean {
  const st = fs.statSync(lock, { throwIfNoEntry: false });
  if (!st) return false;
  if (Date.now() - st.mtimeMs > LOCK_STALE_MS) return true;
  const pid = Number(fs.readFileSync(path.join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }));
  if (!pid) return Date.now() - st.mtimeMs > 5_000; // the holder is between mkdir and writing its pid
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** A scratch app's files and package.json. */
export interface ScratchAppOptions {
  /** Files to write, by path relative to the app folder (folders are created). */
  readonly files?: Readonly<Record<string, string>>;
  /**
   * Fields of the app's package.json. `dependencies` are added to the ones the harness sets: this package (the
   * tarball), `cdk8s` and `constructs` (the repo's devDependency versions).
   */
  readonly packageJson?: Readonly<Record<string, unknown>>;
  /** Folder-name prefix under os.tmpdir(). @default 'netbind-scratch-' */
  readonly prefix?: string;
}

/** An installed scratch app. */
export interface ScratchApp {
  /** The app folder (under os.tmpdir()). */
  readonly dir: string;
  readonly packed: PackedRepo;
  /** Absolute path of `rel` in the app. */
  path(rel: string): string;
  read(rel: string): string;
  write(rel: string, text: string): void;
  exists(rel: string): boolean;
  /** Runs `command args` in the app folder (no shell). */
  run(command: string, args: readonly string[], options?: RunOptions): RunResult;
  /** Like `run`, without waiting: for commands that must run side by side. */
  start(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** `node args` with this node. */
  node(args: readonly string[], options?: RunOptions): RunResult;
  /** The real cdk8s CLI (`cdk8s args`), with CDK8S_CHECK_UPGRADE=false. */
  cdk8s(args: readonly string[], options?: RunOptions): RunResult;
  /** The installed `kubevirt-netbind` bin (node_modules/.bin/kubevirt-netbind). */
  netbind(args: readonly string[], options?: RunOptions): RunResult;
  /** The repo's TypeScript compiler (`tsc args`) in the app folder. */
  tsc(args: readonly string[], options?: RunOptions): RunResult;
  /**
   * Type-checks `files` (relative to the app) in this process with the repo's TypeScript, as a user's strict
   * project with `compilerOptions` over TYPECHECK_DEFAULTS would. Checked: the app's own files and this package's
   * declarations (so a declaration that refers to something left out of the published types is an error);
   * not checked: the package's generated `lib/imports` declarations and other libraries' (skipLibCheck for them:
   * checking those 2 MB is what makes a plain `tsc` with skipLibCheck off slow).
   * Returns the problems as `file(line,column): error TSnnnn: message`, file relative to the app; [] when none.
   */
  typeCheck(files: readonly string[], compilerOptions?: Readonly<Record<string, unknown>>): string[];
  /** Removes the app folder. */
  remove(): void;
}

/** The compiler options `ScratchApp.typeCheck` starts from: strict, node16 modules (package `exports` apply). */
export const TYPECHECK_DEFAULTS: Readonly<Record<string, unknown>> = {
  target: 'ES2022',
  module: 'node16',
  moduleResolution: 'node16',
  strict: true,
  noEmit: true,
  types: ['node'],
  typeRoots: [path.join(REPO, 'node_modules', '@types')],
};

/** Packs the repo (or reuses its tarball), creates a scratch app with `options`, and installs it. */
export async function createScratchApp(options: ScratchAppOptions = {}): Promise<ScratchApp> {
  const packedRepo = await packRepo();
  const repoPkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    name: string; devDependencies: Record<string, string>;
  };
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), options.prefix ?? 'netbind-scratch-')));
  const extra = options.packageJson ?? {};
  const pkg = {
    name: 'scratch-app',
    version: '0.0.0',
    private: true,
    ...extra,
    dependencies: {
      [repoPkg.name]: `file:${packedRepo.tarball}`,
      cdk8s: repoPkg.devDependencies.cdk8s,
      constructs: repoPkg.devDependencies.constructs,
      ...(extra.dependencies as Record<string, string> | undefined),
    },
  };
  const app = scratchApp(dir, packedRepo);
  try {
    app.write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
    for (const [rel, text] of Object.entries(options.files ?? {})) app.write(rel, text);
    check(app.run(npm(), ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error']), 'npm install');
  } catch (e) {
    app.remove();
    throw e;
  }
  return app;
}

/**
 * Creates and installs one scratch app for the calling test file (beforeAll) and removes it after its tests
 * (afterAll). Returns a getter for the app, to call inside tests.
 */
export function useScratchApp(options: ScratchAppOptions = {}): () => ScratchApp {
  let app: ScratchApp | undefined;
  beforeAll(async () => { app = await createScratchApp(options); }, 600_000);
  afterAll(() => { app?.remove(); });
  return () => {
    if (!app) throw new Error('the scratch app is not installed (useScratchApp must be called at the top of a test file)');
    return app;
  };
}

function scratchApp(dir: string, packedRepo: PackedRepo): ScratchApp {
  const abs = (rel: string) => path.resolve(dir, rel);
  const run = (command: string, args: readonly string[], options: RunOptions = {}): RunResult => {
    const r = spawnSync(command, [...args], {
      cwd: options.cwd ? abs(options.cwd) : dir,
      env: cleanEnv(options.env),
      input: options.input ?? '',
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error) throw r.error;
    return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
  };
  const start = (command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> =>
    new Promise((resolve, reject) => {
      const child = spawn(command, [...args], { cwd: options.cwd ? abs(options.cwd) : dir, env: cleanEnv(options.env) });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
      child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
      child.once('error', reject);
      child.once('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
      child.stdin.end(options.input ?? '');
    });
  return {
    dir,
    packed: packedRepo,
    path: abs,
    read: (rel) => fs.readFileSync(abs(rel), 'utf8'),
    write: (rel, text) => {
      fs.mkdirSync(path.dirname(abs(rel)), { recursive: true });
      fs.writeFileSync(abs(rel), text);
    },
    exists: (rel) => fs.existsSync(abs(rel)),
    run,
    start,
    node: (args, options) => run(process.execPath, args, options),
    cdk8s: (args, options) => run(process.execPath,
      [path.join(REPO, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), ...args], options),
    netbind: (args, options) => run(process.execPath, [path.join(dir, 'node_modules', '.bin', 'kubevirt-netbind'), ...args], options),
    tsc: (args, options) => run(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), ...args], options),
    typeCheck: (files, compilerOptions = {}) => typeCheck(dir, packedRepo.name, files, compilerOptions),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

function typeCheck(dir: string, packageName: string, files: readonly string[], compilerOptions: Readonly<Record<string, unknown>>): string[] {
  // Loaded on first use: most test files that make a scratch app never type-check.
  const ts = createRequire(path.join(REPO, 'package.json'))('typescript') as typeof import('typescript');
  const { options, errors } = ts.convertCompilerOptionsFromJson({ ...TYPECHECK_DEFAULTS, ...compilerOptions, skipLibCheck: false }, dir);
  const program = ts.createProgram({ rootNames: files.map((f) => path.resolve(dir, f)), options });
  const ours = `${path.sep}node_modules${path.sep}${packageName}${path.sep}`;
  const checked = program.getSourceFiles().filter((sf) => {
    const file = path.resolve(sf.fileName);
    if (!file.startsWith(dir + path.sep)) return false;
    if (file.includes(ours)) return !file.includes(`${ours}lib${path.sep}imports${path.sep}`);
    return !file.includes(`${path.sep}node_modules${path.sep}`);
  });
  const diagnostics = [
    ...errors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...checked.flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]),
  ];
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return `error TS${d.code}: ${message}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(dir, d.file.fileName)}(${line + 1},${character + 1}): error TS${d.code}: ${message}`;
  });
}

/** This process's environment without npm's `npm_*` variables, with CDK8S_CHECK_UPGRADE=false and `extra`. */
function cleanEnv(extra: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  env.CDK8S_CHECK_UPGRADE = 'false';
  env.npm_config_update_notifier = 'false';
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** npm, as found on PATH. */
function npm(): string {
  return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

function check(r: { status: number | null; stdout: string; stderr: string; error?: Error }, what: string) {
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

