/**
 * Reading CRDs from files and folders, for `kubevirt-netbind lint --crds` and `loadCrdFiles()`.
 * js-yaml is loaded on first use, so the library's synth path does not load it.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as JsYaml from 'js-yaml';
import { readTextFile } from '../lint/load';
import { compileCrd, Crd, CrdError, CrdSet, EXPECTED, expandList } from './crd';

let yaml: { loadAll: typeof JsYaml.loadAll; schema: JsYaml.Schema } | undefined;

function yamlModule() {
  if (!yaml) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const m = require('js-yaml') as typeof JsYaml;
    // merge keys (`<<: *base`) are accepted, as the linter's reader and kubectl accept them
    yaml = { loadAll: m.loadAll, schema: m.CORE_SCHEMA.withTags(m.mergeTag) };
  }
  return yaml;
}

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Files under a folder, sorted, recursively; names starting with `.` and node_modules are skipped. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const todo = [dir];
  while (todo.length > 0) {
    const d = todo.pop()!;
    const entries = fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) subdirs.push(p);
      else if (EXTENSIONS.includes(path.extname(e.name).toLowerCase())) out.push(p);
    }
    for (let i = subdirs.length - 1; i >= 0; i--) todo.push(subdirs[i]);
  }
  // in path order, folder by folder (a/x.yaml before b.yaml), as the linter reads its inputs
  const segments = new Map(out.map((f) => [f, path.relative(dir, f).split(path.sep)]));
  return out.sort((a, b) => {
    const x = segments.get(a)!;
    const y = segments.get(b)!;
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return x.length - y.length;
  });
}

/**
 * Reads CRDs from files and folders (`.yaml`, `.yml`, `.json`; folders recursively). Paths are resolved against
 * `cwd` and named in messages as given.
 * @throws CrdError listing every file that is unreadable, unparsable, not a CRD, without a schema, or a folder
 *   without CRD files
 */
export function loadCrdFiles(paths: readonly string[], cwd: string = process.cwd()): CrdSet {
  const crds: Crd[] = [];
  const notes: string[] = [];
  const problems: string[] = [];
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    let files: string[];
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (e) {
      problems.push(`--crds ${given}: cannot read: ${reason(e)}`);
      continue;
    }
    if (stat.isDirectory()) {
      try {
        files = filesUnder(abs);
      } catch (e) {
        problems.push(`--crds ${given}: cannot read the folder: ${reason(e)}`);
        continue;
      }
      if (files.length === 0) problems.push(`--crds ${given}: the folder holds no .yaml, .yml or .json files; ${EXPECTED} in each`);
    } else {
      files = [abs];
    }
    for (const file of files) {
      const name = stat.isDirectory() ? path.join(given, path.relative(abs, file)) : given;
      // read as the linter reads its inputs: fifos and devices refused, at most 64 MiB, UTF-8 only
      const read = readTextFile(file, name);
      if ('problem' in read) {
        problems.push(`--crds ${name}${read.problem.line !== undefined ? `:${read.problem.line}` : ''}: ${read.problem.message}`);
        continue;
      }
      const text = read.text;
      let docs: unknown[];
      try {
        const y = yamlModule();
        docs = y.loadAll(text, { schema: y.schema });
      } catch (e) {
        const err = e as { reason?: unknown; mark?: { line?: unknown } };
        const line = typeof err?.mark?.line === 'number' ? `:${err.mark.line + 1}` : '';
        problems.push(`--crds ${name}${line}: cannot parse: ${typeof err?.reason === 'string' ? err.reason : reason(e)}`);
        continue;
      }
      if (docs.every((d) => d === null || d === undefined)) {
        problems.push(`--crds ${name}: the file is empty; ${EXPECTED}`);
        continue;
      }
      docs.forEach((d, i) => {
        if (d === null || d === undefined) return; // an empty document of a stream (`---` at the end)
        const source = docs.length > 1 ? `${name} document ${i + 1}` : name;
        for (const item of expandList(d, source)) {
          try {
            const c = compileCrd(item.doc, `--crds ${item.source}`);
            crds.push(c.crd);
            notes.push(...c.notes);
          } catch (e) {
            if (!(e instanceof CrdError)) throw e;
            problems.push(...e.problems);
          }
        }
      });
    }
  }
  if (problems.length > 0) throw new CrdError(problems);
  return new CrdSet(crds, notes);
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'no such file or folder';
  if (err?.code === 'EACCES') return 'permission denied';
  if (err?.code === 'EISDIR') return 'is a folder';
  const text = String(err?.message ?? e).split('\n')[0].trim().replace(/[.]+$/, '');
  return text.length > 0 ? text[0].toLowerCase() + text.slice(1) : 'unknown error';
}
