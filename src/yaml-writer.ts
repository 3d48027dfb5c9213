/**
 * The YAML text of the synth's output files: the same bytes as cdk8s' `Yaml.stringify`, written faster.
 *
 * cdk8s writes each object with the `yaml` package (YAML 1.1 schema, `lineWidth: 0`), which builds a document
 * tree of the whole object before printing it; that is most of a synth's time (about two thirds at 10,000 VMs).
 * Manifests are plain JSON trees, and for them the package's output follows a few fixed rules, written out here:
 * block maps and sequences indented by two spaces (sequences indented under their key), empty collections as
 * `{}` and `[]`, strings plain unless YAML would read them as something else or their characters need quotes,
 * multi-line strings as literal blocks.
 *
 * Safe by construction, in three ways:
 * - whether a plain string would read back as another type is decided by the `yaml` package's own YAML 1.1 tag
 *   tests (the package cdk8s writes with, found from cdk8s' folder), not by a copy of them;
 * - an object with anything outside the cases above (floats, control characters, strings that start or end with
 *   whitespace or newlines, a string that would need quotes across lines, very long keys, an object reached
 *   twice, which the package writes with anchors) is handed whole to `Yaml.stringify`;
 * - before its first use in a process, a probe object holding every case above is written both ways, and if the
 *   texts differ (a cdk8s or `yaml` release that writes differently), or the package cannot be found, every
 *   object goes to `Yaml.stringify`.
 * test/yaml-writer.test.ts compares the two on random objects, on the example app and on real manifests.
 */
import * as path from 'path';
import { Yaml } from 'cdk8s';

/** One tag's test, as the `yaml` package's schema holds it. */
interface TagTest { readonly tag: string; readonly default?: unknown; readonly test?: RegExp }

/** The `yaml` package's YAML 1.1 tags that a plain string must not match; undefined when the package is not found. */
function loadTagTests(): TagTest[] | undefined {
  try {
    // cdk8s bundles its own copy of `yaml`: resolve it from cdk8s' folder, so the tests are those of the copy that
    // `Yaml.stringify` uses
    const cdk8sMain = require.resolve('cdk8s');
    const yamlPath = require.resolve('yaml', { paths: [path.dirname(cdk8sMain)] });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yaml = require(yamlPath) as { Document: new (v: unknown, o: { version: string }) => { schema: { tags: TagTest[]; compat?: TagTest[] | null } } };
    const schema = new yaml.Document(null, { version: '1.1' }).schema;
    // the merge key's tag (`<<`) is left out: the writer hands `<<` to the package
    const tests = [...schema.tags, ...(schema.compat ?? [])]
      .filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.tag !== 'tag:yaml.org,2002:merge' && t.test instanceof RegExp);
    return tests.length > 0 ? tests : undefined;
  } catch {
    return undefined;
  }
}

/** Thrown inside the fast writer when an object is outside its cases; never leaves this module. */
class NotCovered extends Error {}

// Characters that make the package write a string double-quoted whatever else it holds (control characters other
// than tab and newline, C1 controls, lone surrogates).
const FORCE_DOUBLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
// A single-line string that cannot be plain: it starts with an indicator or whitespace, is `-` or `?` alone or
// followed by a blank, holds `: ` or ` #`, or ends with whitespace or `:` (YAML 1.2 spec 7.3.3, plain scalars).
const NOT_PLAIN = /^[\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|:[ \t]|[\t ]#|[\t :]$/;
// A document marker at a line start changes how the package indents.
const DOC_MARKER = /^(%|---|\.\.\.)/m;

const MAX_KEY = 1000;
const MAX_CACHED = 200_000;

class FastWriter {
  private readonly scalars = new Map<string, string>();
  private seen = new Set<object>();

  public constructor(private readonly tagTests: readonly TagTest[]) {}

  /** The text `Yaml.stringify(obj)` gives for one object, or undefined when the object is outside the covered cases. */
  public document(obj: unknown): string | undefined {
    if (!isPlainObject(obj) || Object.keys(obj).length === 0) return undefined;
    this.seen = new Set();
    try {
      return `${this.map(obj, '')}\n`;
    } catch (e) {
      if (e instanceof NotCovered) return undefined;
      throw e;
    }
  }

  /** A non-empty map's lines at `indent`, without the first line's indent. */
  private map(obj: Record<string, unknown>, indent: string): string {
    this.visit(obj);
    const inner = `${indent}  `;
    let out = '';
    let first = true;
    for (const key of Object.keys(obj)) {
      if (key.length === 0 || key.length > MAX_KEY || key.includes('\n')) throw new NotCovered();
      const head = `${first ? '' : `\n${indent}`}${this.string(key)}:`;
      first = false;
      out += head + this.value(obj[key], inner, true);
    }
    return out;
  }

  /** A non-empty sequence's lines at `indent`, without the first line's indent. */
  private seq(list: unknown[], indent: string): string {
    this.visit(list);
    const inner = `${indent}  `;
    let out = '';
    for (let i = 0; i < list.length; i++) {
      if (!(i in list)) throw new NotCovered();
      out += `${i === 0 ? '' : `\n${indent}`}-${this.value(list[i], inner, false)}`;
    }
    return out;
  }

  /**
   * A value after `key:` or `-`, with its separator: ` x` for scalars and empty collections, a new line for a map
   * or sequence under a key. `indent` is the indent of the value's own lines.
   */
  private value(v: unknown, indent: string, underKey: boolean): string {
    if (typeof v === 'string') {
      return ` ${v.includes('\n') ? this.block(v, indent) : this.string(v)}`;
    }
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v) || Object.is(v, -0)) throw new NotCovered();
      return ` ${String(v)}`;
    }
    if (typeof v === 'boolean') return v ? ' true' : ' false';
    if (v === null) return ' null';
    if (Array.isArray(v)) {
      if (v.length === 0) {
        this.visit(v);
        return ' []';
      }
      return underKey ? `\n${indent}${this.seq(v, indent)}` : ` ${this.seq(v, indent)}`;
    }
    if (isPlainObject(v)) {
      if (Object.keys(v).length === 0) {
        this.visit(v);
        return ' {}';
      }
      return underKey ? `\n${indent}${this.map(v, indent)}` : ` ${this.map(v, indent)}`;
    }
    throw new NotCovered();
  }

  /** A single-line string (key or value): plain when it reads back as that string, else quoted. */
  private string(s: string): string {
    const known = this.scalars.get(s);
    if (known !== undefined) return known;
    // `<<` is YAML 1.1's merge key, which the package writes by rules of its own
    if (FORCE_DOUBLE.test(s) || DOC_MARKER.test(s) || s === '<<') throw new NotCovered();
    let out: string;
    if (!NOT_PLAIN.test(s) && !this.tagTests.some((t) => t.test!.test(s))) {
      out = s;
    } else if (s.includes('"') && !s.includes("'")) {
      out = `'${s}'`;
    } else {
      // without control characters JSON escapes only `"` and `\`, as YAML's double quotes do
      out = JSON.stringify(s);
    }
    // bounded: a long-running process that writes many apps does not keep every string it ever wrote
    if (this.scalars.size >= MAX_CACHED) this.scalars.clear();
    this.scalars.set(s, out);
    return out;
  }

  /** A multi-line string as a literal block, its lines at `indent`. */
  private block(s: string, indent: string): string {
    // covered: no leading blank or newline (no indentation indicator), and either no trailing newline (`|-`) or
    // exactly one after a non-blank character (`|`)
    if (FORCE_DOUBLE.test(s) || /^[ \t\n]/.test(s)) throw new NotCovered();
    let body = s;
    let header = '|-';
    if (s.endsWith('\n')) {
      body = s.slice(0, -1);
      header = '|';
    }
    if (/[ \t\n]$/.test(body)) throw new NotCovered();
    return `${header}\n${indent}${body.replace(/\n+/g, (nl) => `${nl}${indent}`)}`;
  }

  /** The package writes an object reached twice as an anchor and alias: such documents are not covered. */
  private visit(o: object): void {
    if (this.seen.has(o)) throw new NotCovered();
    this.seen.add(o);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * An object holding every case the fast writer covers; written both ways before the fast writer is trusted.
 * Exported for the tests.
 */
export const PROBE: Record<string, unknown> = {
  'apiVersion': 'kubevirt.io/v1',
  'kind': 'VirtualMachine',
  'metadata': { 'annotations': { 'a.b/c': 'x: y', 'k8s.v1.cni.cncf.io/networks': '[{"name":"n"}]' }, 'labels': {}, 'name': 'vm' },
  'spec': {
    'empty': [],
    'list': [
      { name: 'a', port: 80, on: true, off: false, none: null, '1': 'one', 'y': 'n' },
      ['nested', ['deeper'], {}],
      'userData: |\n  #cloud-config\n\n  password: x\n',
      'no newline\nat the end',
      '- dash', 'yes', 'On', '0x1F', '1:30', '1_000', '2026-12-05', '~', '', '.5', '1e3', '.inf', "it's", 'say "hi"',
      'both \' and "', 'back\\slash', 'tab\tinside', 'ünïcödé', '#comment', 'a #b', 'a#b', 'x:', 'http://h:80/p',
    ],
    'multi': 'line one\n\nline three\n',
    'n': -42,
  },
};

let writer: FastWriter | undefined | null = null;

/** The fast writer, when the package's tag tests are found and the probe is written as `Yaml.stringify` writes it. */
function fastWriter(): FastWriter | undefined {
  if (writer === null) {
    const tests = loadTagTests();
    const candidate = tests ? new FastWriter(tests) : undefined;
    writer = candidate && candidate.document(PROBE) === Yaml.stringify(PROBE) ? candidate : undefined;
  }
  return writer;
}

/** The environment variable that, set to `cdk8s`, makes the synth write every object with cdk8s' `Yaml.stringify`. */
export const YAML_WRITER_ENV = 'NETBIND_YAML_WRITER';

/**
 * `Yaml.stringify(...docs)`, byte for byte: each object by the fast writer when it covers it, by cdk8s otherwise.
 * `useFast: false`, or `NETBIND_YAML_WRITER=cdk8s` in the environment, writes every object with cdk8s.
 */
export function stringifyYaml(docs: readonly unknown[], useFast = process.env[YAML_WRITER_ENV] !== 'cdk8s'): string {
  const fast = useFast ? fastWriter() : undefined;
  return docs.map((d) => {
    if (d === undefined) return '\n';
    return fast?.document(d) ?? Yaml.stringify(d);
  }).join('---\n');
}

/** The fast writer's text for one object, or undefined when it hands the object to cdk8s (or is not active). */
export function fastDocument(doc: unknown): string | undefined {
  return fastWriter()?.document(doc);
}

/** Whether this process writes with the fast writer (false when the probe disagreed or `yaml` was not found). */
export function fastYamlActive(): boolean {
  return fastWriter() !== undefined;
}
