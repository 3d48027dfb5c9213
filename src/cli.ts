/**
 * The `kubevirt-netbind` command.
 *
 * ```
 * kubevirt-netbind lint [--kubevirt-version X.Y] [--format text|json] [--strict] [--rules module]... [--crds file|dir]... [--max-file-size SIZE] <file|dir|->...
 * kubevirt-netbind graph [--format mermaid|dot|markdown] [--group-limit N] [lint's options] <file|dir|->...
 * kubevirt-netbind diff [--group-limit N] [lint's options] <old> <new>
 * kubevirt-netbind upgrade --from X.Y --to X.Y [--format text|json] [--strict] [--rules module]... [--crds file|dir]... [--max-file-size SIZE] <file|dir|->...
 * ```
 *
 * `upgrade` lists, release step by release step, what breaks or changes for the inputs (src/upgrade/); it exits 1
 * when something breaks.
 *
 * `graph` draws the inputs' bindings, NADs and VMs (src/graph/); `diff` compares two trees or streams at the level
 * of bindings, as Markdown. Both read inputs as lint does and exit as lint does; `diff` exits 1 only for error
 * findings the new side has and the old side had not.
 *
 * Output: findings on stdout (text: one line each; json: one `{"findings":[...]}` object, `object.namespace` left
 * out when the object has none); the summary line, read problems and usage errors on stderr.
 * Exit status: 0 no error findings, 1 error findings, 2 an input could not be read or parsed, or bad usage
 * (2 wins; every readable input is still linted and printed). A `--rules` module that cannot be used is a usage
 * error: nothing is linted.
 */
import { ALL_RULES } from './rules/all';
import { combineRules, RuleSetError } from './rules/custom';
import { runRules, sortFindings } from './rules/engine';
import * as path from 'path';
import type { Finding, Rule } from './rules/types';
import { KubeVirtVersion } from './version';
import {
  clip, escapeText, formatJson, formatProblem, formatSummary, formatTextLine, MAX_MESSAGE, placeFindings, PlacedFinding, safeLine,
} from './lint/format';
import {
  DEFAULT_MAX_FILE_SIZE, FileLoad, loadInputs, LoadResult, MAX_EXPANDED_NODES, MAX_NESTING, ReadProblem, tidy, YamlReader,
} from './lint/load';
import { clusterGraph, BindingGraph, GraphFinding, DEFAULT_GROUP_LIMIT } from './graph/model';
import { renderMermaid } from './graph/mermaid';
import { renderDot } from './graph/dot';
import { renderMarkdown } from './graph/markdown';
import { allFindings, diff, GraphDiff, renderDiffMarkdown } from './graph/diff';
import { Locator } from './lint/locate';
import { loadRulesModule } from './lint/rules-module';
import { CrdError, CrdSet } from './schema/crd';
import { loadCrdFiles } from './schema/files';
import { crdOf, withCrds } from './schema/rule';
import { groupOf, refOf } from './rules/engine';
import { formatChangeLine, formatUpgradeJson, formatUpgradeSummary, upgradePaths } from './upgrade/paths';
import { upgradeRange, UpgradeRangeError, UPGRADE_RANGE_TEXT } from './upgrade/upgrade';
import { mergePlaced, originFor, Scope, ScopedRead, scopeRead } from './lint/kustomize';

/** Where the command reads and writes. */
export interface CliIo {
  /** What `-` reads. */
  readonly stdin: NodeJS.ReadableStream | string;
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /** Directory relative paths are resolved against. @default process.cwd() */
  readonly cwd?: string;
  /** The rules to run (for tests and embedding). @default ALL_RULES */
  readonly rules?: readonly Rule[];
  /** How YAML is read (for tests and the benchmark; the result is the same either way). @default 'block' */
  readonly reader?: YamlReader;
}

const PROG = 'kubevirt-netbind';

export const USAGE = `usage: ${PROG} lint [--kubevirt-version X.Y] [--format text|json] [--strict] [--rules module]... [--crds file|dir]... [--max-file-size SIZE] <file|dir|->...
       ${PROG} graph [--format mermaid|dot|markdown] [--group-limit N] [--kubevirt-version X.Y] [--strict] [--rules module]... [--crds file|dir]... [--max-file-size SIZE] <file|dir|->...
       ${PROG} diff [--group-limit N] [--kubevirt-version X.Y] [--strict] [--rules module]... [--crds file|dir]... [--max-file-size SIZE] <old> <new>
       ${PROG} upgrade --from X.Y --to X.Y [--format text|json] [--strict] [--rules module]... [--crds file|dir]... [--max-file-size SIZE] <file|dir|->...`;

export const HELP = `${USAGE}

lint checks kubevirt network binding plugin registrations, network attachment definitions and virtual machines
the way kubevirt's webhooks and controllers would, without a cluster

graph draws what the inputs hold: the cluster's release and configuration, each binding registration (sidecar
image, attachment type, migration, memory overhead), the nads, and each vm interface with its binding and
network; objects with findings are marked, with the finding. vms of one namespace that use the same bindings
over the same networks are drawn one by one up to --group-limit, and as one node past it

diff compares two trees (files or directories) or two streams (one of them may be -) at the level of bindings
and prints markdown for a pull request comment: registrations added, removed or changed field by field, nads
added, removed or changed, vms added, removed or moved between bindings or networks, new findings and findings
gone

upgrade lists what breaks or changes for the inputs on the way from --from to --to, release by release (1.4->1.5,
..., 1.8->1.9): the rules run at every release, and a finding that appears is a change ("breaks" for an error or a
warning that becomes one, "warns" for a warning), one that disappears is "resolved"; notes that are not findings
say what is deprecated, replaced or moved ("note"): gates that change state, the passt plugin giving way to the
core passtBinding, hco's spec.networking.networkBinding, the last release with kubevirt's slirp sidecar. each line:
  file:line: 1.4->1.5 breaks rule-id: message (Kind namespace/name field)

options:
  --kubevirt-version X.Y  the kubevirt release the manifests are for: ${KubeVirtVersion.SUPPORTED_RANGE}, as X.Y or X.Y.Z
                          (default ${KubeVirtVersion.NEWEST.toString()})
  --format FORMAT         lint: text (default): one line per finding,
                            file:line: severity rule-id: message (Kind namespace/name field)
                          json: {"findings":[{"rule","severity","message","file","line",
                            "object":{"apiVersion","kind","namespace","name"},"path"}]}
                            (namespace is left out for objects without one; stdin is file "-")
                          graph: mermaid (default): a flowchart, as github and gitlab render it;
                            dot: graphviz (dot -Tsvg); markdown: the diagram and tables of the
                            registrations, nads and vms, and the findings
  --from X.Y, --to X.Y    upgrade: the release the manifests run on, and the one to upgrade to: ${UPGRADE_RANGE_TEXT},
                          --from not newer than --to
  --group-limit N         graph and diff: vms drawn or named one by one per namespace and bindings
                          (default ${DEFAULT_GROUP_LIMIT}); past it, they are counted
  --strict                policy warnings become errors
  --rules module          also run custom rules: a javascript module (commonjs or esm, path resolved from the
                          current directory) exporting rules, a list of rule objects, or such a list as its
                          default export; repeatable. a custom rule id must differ from the built-in ones
                          (docs/rules.md) and from the other custom rules; the rule contract is documented
                          on Rule in src/rules/types.ts
  --crds file|dir         also validate objects against these CustomResourceDefinitions (rule "schema"):
                          apiextensions.k8s.io/v1 CRDs in .yaml, .yml or .json files, folders searched
                          recursively; repeatable. objects of other kinds are not schema-checked. a path
                          that is not readable or holds anything but CRDs with schemas is a usage error
  --max-file-size SIZE    inputs larger than this are not read (exit 2): bytes, or with KiB, MiB or GiB
                          (default 64MiB)
  -h, --help              show this help

inputs: .yaml, .yml and .json files; directories are searched recursively (sorted; node_modules and
names starting with "." are skipped); - reads stdin. multi-document yaml and List objects are read item by item.
a file is read once however it is named (a symbolic link included). fifos, devices and sockets are not read;
neither is text that is not utf-8, nor lists and mappings nested more than ${MAX_NESTING} deep, nor yaml whose
aliases expand past ${MAX_EXPANDED_NODES} values. text output prints control characters escaped (\\n, \\x1b) and
cuts names and messages that are very long, marking them "... (N chars)".
lint, graph and diff check each cluster of a gitops repo on its own (references and duplicates within it): each
kustomize overlay (a kustomization.yaml no other one includes) with what it includes and its patches merged onto
their targets (a patch file is not an object); outside kustomizations, each folder holding a cluster configuration
(kubevirt or hyperconverged cr) with the files below it; other files per topmost folder holding them, or all as one
cluster when there is no kustomization and at most one such folder; stdin as one cluster. graph and diff name each
cluster after its folder when there are several (diff matches clusters by name). a kustomization pinning virt-operator's image tag, or a
kubevirt cr's spec.imageTag, sets the release of its cluster; --kubevirt-version the others'

lint's findings, graph's diagram and diff's markdown go to stdout; the summary line, unreadable inputs and usage
errors go to stderr. graph and diff still draw what they could read, and say what is missing

exit status: 0 no error findings, 1 error findings, 2 an input could not be read or parsed, or bad usage.
upgrade: 1 when something breaks on the way, 0 otherwise (2 as above)
diff: 1 when the new side has error findings the old side had not (findings are the same when rule, object and
field are)

the other command, ${PROG} synth [entry.ts], bundles and runs a cdk8s app (${PROG} synth --help)
`;

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/** `65536`, `64KiB`, `64 MiB` as bytes; undefined for anything else, zero, or more than 2^53 bytes. */
export function parseSize(text: string): number | undefined {
  const m = /^([1-9][0-9]{0,15})\s?(B|KiB|MiB|GiB)?$/.exec(text);
  if (!m) return undefined;
  const bytes = Number(m[1]) * SIZE_UNITS[m[2] ?? ''];
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** The commands of this module (`synth` is src/synth-command.ts). */
export type Command = 'lint' | 'graph' | 'diff' | 'upgrade';

/** Output formats, by command. */
const FORMATS: Record<Command, readonly string[]> = { lint: ['text', 'json'], graph: ['mermaid', 'dot', 'markdown'], diff: ['markdown'], upgrade: ['text', 'json'] };

/** Parsed command line. */
export interface LintArgs {
  readonly command: Command;
  readonly version: KubeVirtVersion;
  /** `text` or `json` (lint), `mermaid`, `dot` or `markdown` (graph), `markdown` (diff). */
  readonly format: string;
  /** graph and diff: VMs drawn one by one per namespace and bindings. */
  readonly groupLimit: number;
  readonly strict: boolean;
  /** `--rules` modules, in the order given. */
  readonly rulesModules: string[];
  /** `--crds` files and folders, in the order given. */
  readonly crds: string[];
  /** Inputs larger than this many bytes are not read. */
  readonly maxFileSize: number;
  readonly inputs: string[];
  /** upgrade: the releases from and to, as given (checked). */
  readonly from?: string;
  readonly to?: string;
}

type Parsed = { kind: 'help' } | { kind: 'lint'; args: LintArgs } | { kind: 'error'; message: string };

const OPTIONS_LIST: Record<Command, string> = {
  lint: '--kubevirt-version, --format, --strict, --rules, --crds, --max-file-size or --help',
  graph: '--format, --group-limit, --kubevirt-version, --strict, --rules, --crds, --max-file-size or --help',
  diff: '--group-limit, --kubevirt-version, --strict, --rules, --crds, --max-file-size or --help',
  upgrade: '--from, --to, --format, --strict, --rules, --crds, --max-file-size or --help',
};

/** Reads the command line (without `node` and the script). */
export function parseArgs(argv: readonly string[]): Parsed {
  if (argv.some((a) => a === '--help' || a === '-h')) {
    const dashDash = argv.indexOf('--');
    const helpAt = argv.findIndex((a) => a === '--help' || a === '-h');
    if (dashDash < 0 || helpAt < dashDash) return { kind: 'help' };
  }
  if (argv.length === 0) return { kind: 'error', message: 'missing command: use "lint", "graph", "diff" or "upgrade"' };
  const [name0, ...rest] = argv;
  if (name0 !== 'lint' && name0 !== 'graph' && name0 !== 'diff' && name0 !== 'upgrade') {
    return { kind: 'error', message: `unknown command ${JSON.stringify(name0)}: the commands are "lint", "graph", "diff", "upgrade" and "synth"` };
  }
  const command: Command = name0;
  let version = KubeVirtVersion.NEWEST;
  let format = FORMATS[command][0];
  let groupLimit = DEFAULT_GROUP_LIMIT;
  let strict = false;
  const rulesModules: string[] = [];
  const crds: string[] = [];
  let maxFileSize = DEFAULT_MAX_FILE_SIZE;
  const inputs: string[] = [];
  let from: string | undefined;
  let to: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') {
      inputs.push(...rest.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      inputs.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = rest[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) return undefined;
      i++;
      return next;
    };
    switch (name) {
      case '--from':
      case '--to': {
        if (command !== 'upgrade') return { kind: 'error', message: `unknown option ${JSON.stringify(name)} for ${command}: use ${OPTIONS_LIST[command]}` };
        const v = value();
        if (v === undefined || v === '') return { kind: 'error', message: `${name} needs a value: one of ${UPGRADE_RANGE_TEXT}` };
        if (name === '--from') from = v;
        else to = v;
        break;
      }
      case '--kubevirt-version': {
        if (command === 'upgrade') return { kind: 'error', message: `upgrade takes --from and --to, not --kubevirt-version: use ${OPTIONS_LIST[command]}` };
        const v = value();
        if (v === undefined) return { kind: 'error', message: `--kubevirt-version needs a value: one of ${KubeVirtVersion.SUPPORTED_RANGE}, as X.Y or X.Y.Z` };
        const parsed = KubeVirtVersion.tryParse(v);
        if (!parsed) {
          return { kind: 'error', message: `--kubevirt-version ${JSON.stringify(v)} is not supported: use one of ${KubeVirtVersion.SUPPORTED_RANGE}, as X.Y or X.Y.Z (an optional v first, a patch from 0 to ${KubeVirtVersion.MAX_PATCH}, no leading zeros)` };
        }
        version = parsed;
        break;
      }
      case '--format': {
        if (command === 'diff') return { kind: 'error', message: `diff takes no --format: it prints markdown; use ${OPTIONS_LIST[command]}` };
        const accepted = FORMATS[command].join(command === 'lint' ? ' or ' : ', ').replace(/, ([^,]*)$/, ' or $1');
        const v = value();
        if (v === undefined) return { kind: 'error', message: `--format needs a value: ${accepted}` };
        if (!FORMATS[command].includes(v)) return { kind: 'error', message: `--format ${JSON.stringify(v)} is not supported: use ${accepted}` };
        format = v;
        break;
      }
      case '--group-limit': {
        if (command === 'lint' || command === 'upgrade') return { kind: 'error', message: `unknown option "--group-limit" for ${command}: use ${OPTIONS_LIST[command]}` };
        const v = value();
        if (v === undefined) return { kind: 'error', message: '--group-limit needs a value: a whole number of vms, 1 or more' };
        if (!/^[0-9]{1,9}$/.test(v) || Number(v) < 1) return { kind: 'error', message: `--group-limit ${JSON.stringify(v)} is not a whole number of vms, 1 or more` };
        groupLimit = Number(v);
        break;
      }
      case '--rules': {
        const v = value();
        if (v === undefined || v === '') return { kind: 'error', message: '--rules needs a value: a javascript module exporting rules' };
        rulesModules.push(v);
        break;
      }
      case '--crds': {
        const v = value();
        if (v === undefined || v === '') return { kind: 'error', message: '--crds needs a value: a file or folder of CustomResourceDefinitions' };
        crds.push(v);
        break;
      }
      case '--max-file-size': {
        const v = value();
        const bytes = v === undefined ? undefined : parseSize(v);
        if (bytes === undefined) {
          return { kind: 'error', message: `--max-file-size ${v === undefined ? 'needs a value' : `${JSON.stringify(v)} is not a size`}: use a whole number of bytes from 1, optionally followed by KiB, MiB or GiB, such as 64MiB` };
        }
        maxFileSize = bytes;
        break;
      }
      case '--strict':
        if (inline !== undefined) return { kind: 'error', message: '--strict takes no value' };
        strict = true;
        break;
      default:
        return { kind: 'error', message: `unknown option ${JSON.stringify(name)}: use ${OPTIONS_LIST[command]}` };
    }
  }
  if (command === 'diff') {
    if (inputs.length !== 2) {
      return { kind: 'error', message: `diff takes two inputs, the old and the new (a file, a directory, or - for stdin); got ${inputs.length}` };
    }
    if (inputs[0] === '-' && inputs[1] === '-') return { kind: 'error', message: 'diff reads stdin for one side only: give a file or directory for the other' };
  }
  if (command === 'upgrade') {
    if (from === undefined || to === undefined) {
      return { kind: 'error', message: `upgrade needs ${from === undefined && to === undefined ? '--from and --to' : from === undefined ? '--from' : '--to'}: the releases to upgrade from and to, each one of ${UPGRADE_RANGE_TEXT}` };
    }
    try {
      upgradeRange(from, to, { from: '--from', to: '--to' });
    } catch (e) {
      if (e instanceof UpgradeRangeError) return { kind: 'error', message: e.message };
      throw e;
    }
  }
  if (inputs.length === 0) return { kind: 'error', message: 'no inputs: give files, directories or - for stdin' };
  return { kind: 'lint', args: { command, version, format, groupLimit, strict, rulesModules, crds, maxFileSize, inputs, ...(command === 'upgrade' ? { from, to } : {}) } };
}

/** What one lint run over paths produced. */
export interface LintRun {
  readonly findings: PlacedFinding[];
  /** Inputs that could not be read or parsed, and rules that crashed. */
  readonly problems: ReadProblem[];
  /** How many of `problems` are inputs that could not be read or parsed. */
  readonly unreadable: number;
  /** Files read and parsed. */
  readonly files: string[];
  readonly notes: string[];
}

/** Options of `lintPaths`. */
export interface LintPathsOptions {
  readonly version?: KubeVirtVersion;
  readonly strict?: boolean;
  readonly cwd?: string;
  readonly stdin?: NodeJS.ReadableStream | string;
  readonly rules?: readonly Rule[];
  /** How YAML is read (the result is the same either way). @default 'block' */
  readonly reader?: YamlReader;
  /** Inputs larger than this many bytes are not read. @default DEFAULT_MAX_FILE_SIZE (64 MiB) */
  readonly maxFileSize?: number;
  /** CRDs for the `schema` rule. @default - no schema check */
  readonly crds?: CrdSet;
}

/** One scope of a lint run, checked: for `graph` and `diff`. */
interface ScopeCheck {
  readonly scope: Scope;
  /** The engine's findings, before placing (`objectIndex` is the position in `scope.objects`). */
  readonly findings: Finding[];
  readonly version: KubeVirtVersion;
}

/** A lint run, with what it read: for `graph` and `diff`. */
interface CheckedRun {
  readonly run: LintRun;
  readonly checks: ScopeCheck[];
  readonly locator: Locator;
}

/**
 * Loads the inputs, splits them into scopes (kustomize overlays, cluster folders, stdin; src/lint/kustomize.ts), runs
 * the rules over each scope (references and duplicates resolve within it), and places each finding in its file.
 * Never throws for bad input; a rule that throws is reported as a problem, the other rules still run.
 */
export async function lintPaths(inputs: readonly string[], options: LintPathsOptions = {}): Promise<LintRun> {
  return (await checkPaths(inputs, options)).run;
}

async function checkPaths(inputs: readonly string[], options: LintPathsOptions & { parsed?: Map<string, FileLoad> }): Promise<CheckedRun> {
  const loaded = await loadPaths(inputs, options);
  return checkScoped(scopeRead(loaded, inputs, { cwd: options.cwd, maxFileSize: options.maxFileSize, reader: options.reader }), options);
}

function loadPaths(inputs: readonly string[], options: LintPathsOptions & { parsed?: Map<string, FileLoad> }): Promise<LoadResult> {
  return loadInputs(inputs, {
    cwd: options.cwd, stdin: options.stdin, reader: options.reader, parsed: options.parsed, maxFileSize: options.maxFileSize,
  });
}

/** Runs the rules over each scope of a read, and places each finding in its file (a finding two scopes share once). */
function checkScoped(read: ScopedRead, options: LintPathsOptions): CheckedRun {
  const problems = [...read.problems];
  const crds = options.crds;
  const rules = crds ? withCrds(options.rules ?? ALL_RULES, crds) : options.rules ?? ALL_RULES;
  const notes = [...read.notes];
  const crashed = new Set<string>();
  const locator = new Locator();
  const checks: ScopeCheck[] = [];
  const placed: PlacedFinding[][] = [];
  for (const scope of read.scopes) {
    const version = scope.version?.version ?? options.version ?? KubeVirtVersion.NEWEST;
    if (scope.version) notes.push(`${scope.name ?? 'the inputs'}: checked for kubevirt ${version.toString()}, from ${scope.version.reason}`);
    const manifests = scope.objects.map((o) => o.manifest);
    const lintOptions = { version, strict: options.strict ?? false };
    let findings: Finding[];
    try {
      findings = runRules(rules, manifests, lintOptions);
    } catch {
      // Find the rule at fault; keep what the others found.
      findings = [];
      for (const rule of rules) {
        try {
          findings.push(...runRules([rule], manifests, lintOptions));
        } catch (e) {
          const message = `internal error in rule ${rule.meta.id}: ${tidy(String((e as Error)?.message ?? e))}`;
          if (!crashed.has(message)) problems.push({ file: PROG, message });
          crashed.add(message);
        }
      }
      sortFindings(findings);
    }
    checks.push({ scope, findings, version });
    placed.push(placeFindings(findings, scope.findings, scope.objects, read.files, locator));
  }
  if (crds) notes.push(...uncheckedNote([...new Set(read.scopes.flatMap((s) => s.objects.map((o) => o.manifest)))], crds));
  const run = { findings: mergePlaced(placed, read.files), problems, unreadable: read.problems.length, files: read.files, notes };
  return { run, checks, locator };
}

/** The picture of one checked scope: one cluster, with each finding's `file:line`. */
function graphOf(c: ScopeCheck, locator: Locator, name?: string): BindingGraph['clusters'][number] {
  const { scope } = c;
  const extra: GraphFinding[] = scope.findings.map((f) => ({
    rule: f.rule, severity: f.severity, message: f.message, path: f.path, object: f.object,
    location: `${f.doc.file}:${f.line ?? safeLine(locator, f.doc, f.prefix, f.path)}`,
  }));
  return clusterGraph(scope.objects.map((o) => o.manifest), c.findings, {
    ...(name !== undefined ? { name } : {}),
    release: c.version.toString(),
    locate: (f) => {
      const o = scope.objects[f.objectIndex];
      if (!o) return undefined;
      const at = originFor(o, f.path);
      return `${at.doc.file}:${safeLine(locator, at.doc, at.prefix, at.path)}`;
    },
    extraFindings: extra,
  });
}

/** What `graph` made of some inputs. */
export interface GraphRun {
  readonly graph: BindingGraph;
  readonly run: LintRun;
}

/**
 * Reads the inputs as lint does and draws them: one cluster per scope lint checks (each kustomize overlay, each
 * folder holding a cluster configuration (a KubeVirt or HyperConverged CR) as a synth of several `KubeVirtCluster`s
 * writes them (`dist/prod/`, `dist/edge/`), each other folder of files, stdin), named after its folder; a read that
 * is one scope is one cluster without a name. Never throws for bad input.
 */
export async function graphPaths(inputs: readonly string[], options: LintPathsOptions = {}): Promise<GraphRun> {
  return graphChecked(inputs, { ...options, parsed: new Map() });
}

async function graphChecked(inputs: readonly string[], options: LintPathsOptions & { parsed: Map<string, FileLoad> }): Promise<GraphRun> {
  const { run, checks, locator } = await checkPaths(inputs, options);
  const empty: ScopeCheck = { scope: { files: [], objects: [], findings: [] }, findings: [], version: options.version ?? KubeVirtVersion.NEWEST };
  const clusters = (checks.length > 0 ? checks : [empty]).map((c) => graphOf(c, locator, c.scope.name));
  return { graph: { clusters, problems: run.problems.map((p) => `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`) }, run };
}

/** What `diff` made of two inputs. */
export interface DiffRun {
  readonly diff: GraphDiff;
  readonly old: GraphRun;
  readonly new: GraphRun;
}

/**
 * Reads two inputs (each a file, a directory or `-`) as `graphPaths` does, and compares them. A file
 * of the new side with the same text as one of the old side is parsed once. Never throws for bad input.
 */
export async function diffPaths(oldInput: string, newInput: string, options: LintPathsOptions = {}): Promise<DiffRun> {
  const parsed = new Map<string, FileLoad>();
  const old = await graphChecked([oldInput], { ...options, parsed });
  const now = await graphChecked([newInput], { ...options, parsed });
  return { diff: diff(old.graph, now.graph), old, new: now };
}

/** One note naming the kinds --crds does not cover, when there are any (their objects are not schema-checked). */
function uncheckedNote(manifests: readonly unknown[], crds: CrdSet): string[] {
  const kinds = new Map<string, number>();
  for (const m of manifests) {
    if (typeof m !== 'object' || m === null || Array.isArray(m)) continue;
    const ref = refOf(m as Record<string, unknown>);
    if (crdOf(crds, { group: groupOf(ref.apiVersion), ref })) continue;
    const key = `${ref.kind || '(no kind)'} ${ref.apiVersion || '(no apiVersion)'}`;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  if (kinds.size === 0) return [];
  const count = [...kinds.values()].reduce((a, b) => a + b, 0);
  const list = [...kinds.keys()].sort();
  const shown = list.length > 8 ? `${list.slice(0, 8).join(', ')}, ...` : list.join(', ');
  return [`--crds: ${count} object${count === 1 ? '' : 's'} of ${list.length} kind${list.length === 1 ? '' : 's'} without a crd among --crds, not schema-checked: ${shown}`];
}

/**
 * `base` and the rules of each `--rules` module, checked (contract, unique ids).
 * @throws RuleSetError naming the file and the rule
 */
async function withRulesModules(base: readonly Rule[], modules: readonly string[], cwd: string): Promise<Rule[]> {
  const extra: unknown[] = [];
  const labels: string[] = [];
  for (const specifier of modules) {
    const { file, rules } = await loadRulesModule(specifier, cwd);
    const name = path.relative(cwd, file) || file;
    rules.forEach((r, i) => {
      const id = (r as { meta?: { id?: unknown } } | null)?.meta?.id;
      extra.push(r);
      labels.push(`rule ${typeof id === 'string' ? JSON.stringify(id) : `#${i + 1}`} of ${name}`);
    });
  }
  try {
    return combineRules(base, extra, (_r, i) => labels[i]);
  } catch (e) {
    if (e instanceof RuleSetError) throw new RuleSetError(`--rules: ${e.message}`);
    throw e;
  }
}

/**
 * Runs the command. Returns the exit status; never throws and never prints a stack trace.
 *
 * @param argv arguments after the program name, e.g. `['lint', '--strict', 'manifests/']`
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseArgs(argv);
    if (parsed.kind === 'help') {
      io.stdout(HELP);
      return 0;
    }
    if (parsed.kind === 'error') {
      io.stderr(`${PROG}: ${parsed.message}\n${USAGE}\nrun "${PROG} --help" for details\n`);
      return 2;
    }
    const { args } = parsed;
    let rules = io.rules ?? ALL_RULES;
    if (args.rulesModules.length > 0) {
      try {
        rules = await withRulesModules(rules, args.rulesModules, io.cwd ?? process.cwd());
      } catch (e) {
        if (!(e instanceof RuleSetError)) throw e;
        io.stderr(`${PROG}: ${e.message}\n${USAGE}\nrun "${PROG} --help" for details\n`);
        return 2;
      }
    }
    let crds: CrdSet | undefined;
    if (args.crds.length > 0) {
      try {
        crds = loadCrdFiles(args.crds, io.cwd ?? process.cwd());
      } catch (e) {
        if (!(e instanceof CrdError)) throw e;
        io.stderr(`${e.problems.map((p) => `${PROG}: ${p}`).join('\n')}\n${USAGE}\nrun "${PROG} --help" for details\n`);
        return 2;
      }
    }
    const pathOptions: LintPathsOptions = { version: args.version, strict: args.strict, cwd: io.cwd, stdin: io.stdin, rules, reader: io.reader, crds,
      maxFileSize: args.maxFileSize,
    };
    if (args.command === 'diff') return await runDiff(args, pathOptions, io);
    if (args.command === 'upgrade') return await runUpgrade(args, pathOptions, io);
    const run = args.command === 'graph' ? await runGraph(args, pathOptions, io) : await lintPaths(args.inputs, pathOptions);
    if (args.command === 'lint') {
      if (args.format === 'json') {
        io.stdout(`${formatJson(run.findings)}\n`);
      } else if (run.findings.length > 0) {
        io.stdout(`${run.findings.map(formatTextLine).join('\n')}\n`);
      }
    }
    const err: string[] = [];
    for (const p of run.problems) err.push(formatProblem(p));
    for (const n of crds?.notes ?? []) err.push(`${PROG}: note: ${escapeText(n)}`);
    for (const n of run.notes) err.push(`${PROG}: note: ${escapeText(n)}`);
    err.push(formatSummary(run.findings, run.files.length, run.unreadable));
    io.stderr(`${err.join('\n')}\n`);
    if (run.problems.length > 0) return 2;
    return run.findings.some((f) => f.severity === 'error') ? 1 : 0;
  } catch (e) {
    try {
      io.stderr(`${PROG}: error: ${escapeText(clip(tidy(String((e as Error)?.message ?? e)), MAX_MESSAGE)) || 'unexpected failure'}\n`);
    } catch {
      // nowhere left to report
    }
    return 2;
  }
}

/** `upgrade`: prints each change; exit 2 for unreadable input, 1 when something breaks, else 0. */
async function runUpgrade(args: LintArgs, options: LintPathsOptions, io: CliIo): Promise<number> {
  const run = await upgradePaths(args.inputs, { ...options, from: args.from!, to: args.to! });
  if (args.format === 'json') io.stdout(`${formatUpgradeJson(run)}\n`);
  else if (run.changes.length > 0) io.stdout(`${run.changes.map(formatChangeLine).join('\n')}\n`);
  const err = run.problems.map(formatProblem);
  for (const n of options.crds?.notes ?? []) err.push(`${PROG}: note: ${escapeText(n)}`);
  for (const n of run.notes) err.push(`${PROG}: note: ${escapeText(n)}`);
  err.push(formatUpgradeSummary(run));
  io.stderr(`${err.join('\n')}\n`);
  if (run.problems.length > 0) return 2;
  return run.report?.breaks ? 1 : 0;
}

/** `graph`: prints the picture; returns the lint run for the summary and the exit status. */
async function runGraph(args: LintArgs, options: LintPathsOptions, io: CliIo): Promise<LintRun> {
  const { graph, run } = await graphPaths(args.inputs, options);
  const diagram = { groupLimit: args.groupLimit };
  if (args.format === 'dot') io.stdout(renderDot(graph, diagram));
  else if (args.format === 'markdown') io.stdout(renderMarkdown(graph, diagram));
  else io.stdout(renderMermaid(graph, diagram));
  return run;
}

/** `diff`: prints the changes as Markdown; exit 2 for unreadable input, 1 for new error findings, else 0. */
async function runDiff(args: LintArgs, options: LintPathsOptions, io: CliIo): Promise<number> {
  const [oldInput, newInput] = args.inputs;
  const d = await diffPaths(oldInput, newInput, options);
  io.stdout(renderDiffMarkdown(d.diff, { groupLimit: args.groupLimit }));
  const err: string[] = [];
  for (const [side, r] of [['old', d.old.run], ['new', d.new.run]] as const) {
    for (const p of r.problems) err.push(`${side}: ${formatProblem(p)}`);
    for (const n of r.notes) err.push(`${PROG}: note: ${side}: ${n}`);
  }
  const fresh = d.diff.clusters.flatMap((c) => c.newFindings);
  const errors = fresh.filter((f) => f.severity === 'error').length;
  const warnings = fresh.length - errors;
  const all = d.new.graph.clusters.flatMap(allFindings);
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  err.push(`${plural(errors, 'new error')}, ${plural(warnings, 'new warning')} (the new side has ${plural(all.length, 'finding')}); `
    + `old: ${plural(d.old.run.files.length, 'file')}, new: ${plural(d.new.run.files.length, 'file')}`
    + `${d.old.run.unreadable + d.new.run.unreadable > 0 ? `; ${plural(d.old.run.unreadable + d.new.run.unreadable, 'input')} could not be read` : ''}`);
  io.stderr(`${err.join('\n')}\n`);
  if (d.old.run.problems.length + d.new.run.problems.length > 0) return 2;
  return errors > 0 ? 1 : 0;
}
