/**
 * The `kubevirt-netbind` command.
 *
 * ```
 * kubevirt-netbind lint [--kubevirt-version X.Y] [--format text|json] [--strict] [--rules module]... [--max-file-size SIZE] <file|dir|->...
 * ```
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
  clip, escapeText, formatJson, formatProblem, formatSummary, formatTextLine, MAX_MESSAGE, placeFindings, PlacedFinding,
} from './lint/format';
import {
  DEFAULT_MAX_FILE_SIZE, loadInputs, MAX_EXPANDED_NODES, MAX_NESTING, ReadProblem, tidy, YamlReader,
} from './lint/load';
import { Locator } from './lint/locate';
import { loadRulesModule } from './lint/rules-module';

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

export const USAGE = `usage: ${PROG} lint [--kubevirt-version X.Y] [--format text|json] [--strict] [--rules module]... [--max-file-size SIZE] <file|dir|->...`;

export const HELP = `${USAGE}

checks kubevirt network binding plugin registrations, network attachment definitions and virtual machines
the way kubevirt's webhooks and controllers would, without a cluster

options:
  --kubevirt-version X.Y  the kubevirt release the manifests are for: ${KubeVirtVersion.SUPPORTED_RANGE}, as X.Y or X.Y.Z
                          (default ${KubeVirtVersion.NEWEST.toString()})
  --format text|json      text (default): one line per finding,
                            file:line: severity rule-id: message (Kind namespace/name field)
                          json: {"findings":[{"rule","severity","message","file","line",
                            "object":{"apiVersion","kind","namespace","name"},"path"}]}
                            (namespace is left out for objects without one; stdin is file "-")
  --strict                policy warnings become errors
  --rules module          also run custom rules: a javascript module (commonjs or esm, path resolved from the
                          current directory) exporting rules, a list of rule objects, or such a list as its
                          default export; repeatable. a custom rule id must differ from the built-in ones
                          (docs/rules.md) and from the other custom rules; the rule contract is documented
                          on Rule in src/rules/types.ts
  --max-file-size SIZE    inputs larger than this are not read (exit 2): bytes, or with KiB, MiB or GiB
                          (default 64MiB)
  -h, --help              show this help

inputs: .yaml, .yml and .json files; directories are searched recursively (sorted; node_modules and
names starting with "." are skipped); - reads stdin. multi-document yaml and List objects are read item by item.
a file is read once however it is named (a symbolic link included). fifos, devices and sockets are not read;
neither is text that is not utf-8, nor lists and mappings nested more than ${MAX_NESTING} deep, nor yaml whose
aliases expand past ${MAX_EXPANDED_NODES} values. text output prints control characters escaped (\\n, \\x1b) and
cuts names and messages that are very long, marking them "... (N chars)"

findings go to stdout; the summary line, unreadable inputs and usage errors go to stderr

exit status: 0 no error findings, 1 error findings, 2 an input could not be read or parsed, or bad usage

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

/** Parsed command line. */
export interface LintArgs {
  readonly version: KubeVirtVersion;
  readonly format: 'text' | 'json';
  readonly strict: boolean;
  /** `--rules` modules, in the order given. */
  readonly rulesModules: string[];
  /** Inputs larger than this many bytes are not read. */
  readonly maxFileSize: number;
  readonly inputs: string[];
}

type Parsed = { kind: 'help' } | { kind: 'lint'; args: LintArgs } | { kind: 'error'; message: string };

const OPTIONS_LIST = '--kubevirt-version, --format, --strict, --rules, --max-file-size or --help';

/** Reads the command line (without `node` and the script). */
export function parseArgs(argv: readonly string[]): Parsed {
  if (argv.some((a) => a === '--help' || a === '-h')) {
    const dashDash = argv.indexOf('--');
    const helpAt = argv.findIndex((a) => a === '--help' || a === '-h');
    if (dashDash < 0 || helpAt < dashDash) return { kind: 'help' };
  }
  if (argv.length === 0) return { kind: 'error', message: 'missing command: use "lint"' };
  const [command, ...rest] = argv;
  if (command !== 'lint') {
    return { kind: 'error', message: `unknown command ${JSON.stringify(command)}: the commands are "lint" and "synth"` };
  }
  let version = KubeVirtVersion.NEWEST;
  let format: 'text' | 'json' = 'text';
  let strict = false;
  const rulesModules: string[] = [];
  let maxFileSize = DEFAULT_MAX_FILE_SIZE;
  const inputs: string[] = [];
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
      case '--kubevirt-version': {
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
        const v = value();
        if (v === undefined) return { kind: 'error', message: '--format needs a value: text or json' };
        if (v !== 'text' && v !== 'json') return { kind: 'error', message: `--format ${JSON.stringify(v)} is not supported: use text or json` };
        format = v;
        break;
      }
      case '--rules': {
        const v = value();
        if (v === undefined || v === '') return { kind: 'error', message: '--rules needs a value: a javascript module exporting rules' };
        rulesModules.push(v);
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
        return { kind: 'error', message: `unknown option ${JSON.stringify(name)}: use ${OPTIONS_LIST}` };
    }
  }
  if (inputs.length === 0) return { kind: 'error', message: 'no inputs: give files, directories or - for stdin' };
  return { kind: 'lint', args: { version, format, strict, rulesModules, maxFileSize, inputs } };
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
}

/**
 * Loads the inputs, runs the rules over all of them together (references cross files), and places each finding
 * in its file. Never throws for bad input; a rule that throws is reported as a problem, the other rules still run.
 */
export async function lintPaths(inputs: readonly string[], options: LintPathsOptions = {}): Promise<LintRun> {
  const loaded = await loadInputs(inputs, {
    cwd: options.cwd, stdin: options.stdin, reader: options.reader, maxFileSize: options.maxFileSize,
  });
  const problems = [...loaded.problems];
  const rules = options.rules ?? ALL_RULES;
  const manifests = loaded.objects.map((o) => o.manifest);
  const lintOptions = { version: options.version ?? KubeVirtVersion.NEWEST, strict: options.strict ?? false };
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
        problems.push({ file: PROG, message: `internal error in rule ${rule.meta.id}: ${tidy(String((e as Error)?.message ?? e))}` });
      }
    }
    sortFindings(findings);
  }
  const placed = placeFindings(findings, loaded.findings, loaded.objects, loaded.files, new Locator());
  return { findings: placed, problems, unreadable: loaded.problems.length, files: loaded.files, notes: loaded.notes };
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
    const run = await lintPaths(args.inputs, {
      version: args.version, strict: args.strict, cwd: io.cwd, stdin: io.stdin, rules, reader: io.reader, maxFileSize: args.maxFileSize,
    });
    if (args.format === 'json') {
      io.stdout(`${formatJson(run.findings)}\n`);
    } else if (run.findings.length > 0) {
      io.stdout(`${run.findings.map(formatTextLine).join('\n')}\n`);
    }
    const err: string[] = [];
    for (const p of run.problems) err.push(formatProblem(p));
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
