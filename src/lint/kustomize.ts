/**
 * A GitOps repository read as the clusters it describes: kustomizations, their patches, and the scopes the rules
 * run in.
 *
 * - A kustomization (`kustomization.yaml`, `kustomization.yml` or `Kustomization` in a folder) that no other
 *   kustomization of the read includes is a root (an overlay). Its scope is what it includes, transitively
 *   (`resources` files and folders, `bases`, `components`), with its patches and those of what it includes merged
 *   onto their targets, as `kustomize build` would.
 * - A file a kustomization lists as a patch (`patchesStrategicMerge`, `patches[].path`, `patchesJson6902[].path`)
 *   is not an object: the rules see the patched target instead. A finding on a field the patch set points into the
 *   patch; the rest points into the base.
 * - Among the other files, a folder holding a cluster configuration (a KubeVirt or HyperConverged CR) is a scope
 *   with the files below it (the nearest such folder wins), like `clusters/a`, `clusters/b`.
 * - Files in neither: when the read has no kustomization and at most one cluster folder, the whole read is one
 *   scope (a folder of manifests, a synth's output: references cross files freely, as before). Otherwise each
 *   topmost folder holding such files of its own is a scope with the loose files below it: two example folders
 *   may hold VMs of the same name without a duplicate, and a folder's VMs still see its NADs.
 * - stdin (`kustomize build overlays/prod | kubevirt-netbind lint -`) is one scope.
 *
 * Strategic merge patches are merged as kustomize merges a custom resource, for which it has no schema (KubeVirt's
 * VMs, KubeVirt and HyperConverged CRs and NADs all are): maps merge, `null` deletes, lists of named items merge by
 * name, other lists are replaced (see `mergePatch`). `$patch: delete` deletes the target, `$patch: replace` replaces
 * a map. JSON 6902 patches are applied with fast-json-patch. Generators, name prefixes and suffixes, `namespace`,
 * `replacements` and remote
 * resources are not applied: a remote resource is named in a note.
 *
 * Nothing here throws on bad input: kustomizations that do not parse are read problems; missing files, cycles,
 * patches that do not apply and patches whose target is not in scope are findings naming the file and line.
 */
import * as fs from 'fs';
import * as path from 'path';
import { applyOperation } from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { load as loadYaml } from 'js-yaml';
import { groupOf, refOf } from '../rules/engine';
import type { Manifest, ObjectRef, Severity } from '../rules/types';
import { KubeVirtVersion } from '../version';
import {
  DEFAULT_MAX_FILE_SIZE, InputFinding, isJsonFile, LoadedObject, loadText, LoadResult, ReadProblem, readTextFile, SCHEMA,
  SourceDocument, STDIN, tidy, YamlReader,
} from './load';
import { joinPaths, Locator, parsePath, PathSegment } from './locate';
import type { PlacedFinding } from './format';

/** File names kustomize looks for in a folder, in its order (kustomize api/konfig/general.go RecognizedKustomizationFileNames). */
export const KUSTOMIZATION_FILES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Rule ids of the findings about kustomizations (reported like the loader's input checks). */
export const KUSTOMIZE_INVALID = 'kustomize-invalid';
export const KUSTOMIZE_MISSING = 'kustomize-missing';
export const KUSTOMIZE_CYCLE = 'kustomize-cycle';
export const KUSTOMIZE_PATCH = 'kustomize-patch';
export const KUSTOMIZE_PATCH_TARGET = 'kustomize-patch-target';

/** Where a field of a merged object was written. */
export interface Origin {
  readonly doc: SourceDocument;
  readonly prefix: string;
  readonly path: string;
}

/** An object of a scope: a loaded object, or one with patches merged onto it. */
export interface ScopedObject extends LoadedObject {
  /** Where the field at `path` comes from, when a patch may have written it; undefined: `doc`, `prefix`, `path`. */
  readonly origin?: (path: string) => Origin | undefined;
}

/** The release a scope is checked for, when its files say so. */
export interface VersionHint {
  readonly version: KubeVirtVersion;
  /** What said so: `spec.imageTag "v1.4.0" of KubeVirt kubevirt/kubevirt (clusters/a/kubevirt.yaml)`. */
  readonly reason: string;
}

/** Files checked together: references resolve and duplicates count within a scope only. */
export interface Scope {
  /** The overlay's or folder's path below the input that holds it; `-` for stdin; undefined when the read is one scope. */
  readonly name?: string;
  readonly files: string[];
  readonly objects: ScopedObject[];
  /** The loader's findings on the scope's files, and the findings about its kustomizations. */
  readonly findings: InputFinding[];
  readonly version?: VersionHint;
}

/** A read split into scopes. */
export interface ScopedRead {
  readonly scopes: Scope[];
  /** Every file read, the ones kustomizations led to outside the inputs included, in the order read. */
  readonly files: string[];
  /** The read's problems and kustomizations that could not be read or parsed. */
  readonly problems: ReadProblem[];
  readonly notes: string[];
}

/** How files outside the inputs are read. */
export interface ScopeOptions {
  readonly cwd?: string;
  readonly maxFileSize?: number;
  readonly reader?: YamlReader;
}

/**
 * Kustomizations one overlay may include, counting repeats: bases shared through layers of overlays are included once
 * per path to them, which grows exponentially with the layers.
 */
const MAX_INCLUDES = 10_000;

/** Kinds that hold a cluster's binding configuration. */
const CLUSTER_KINDS = new Set(['KubeVirt', 'HyperConverged']);

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Date);

/** One entry of a kustomization that names a file or folder. */
interface Entry {
  /** The entry's field in the kustomization: `resources[2]`, `patches[0].path`. */
  readonly field: string;
  readonly value: string;
}

/** What selects a patch's targets. */
interface Selector {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
}

/** One patch of a kustomization, read. */
interface Patch {
  /** The kustomization field that lists it. */
  readonly field: string;
  /** `merge`: a strategic merge body; `json6902`: an op list. */
  readonly type: 'merge' | 'json6902';
  readonly value: unknown;
  readonly doc: SourceDocument;
  readonly prefix: string;
  readonly target?: Selector;
}

/** A kustomization file, read. */
interface Kustomization {
  readonly file: string;
  readonly abs: string;
  readonly absDir: string;
  readonly doc: SourceDocument;
  readonly value: Obj;
  /** `resources` and `bases`, in order. */
  readonly resources: Entry[];
  readonly components: Entry[];
  /** Patch file entries (what makes a file a patch rather than an object). */
  readonly patchFiles: Entry[];
  readonly patches: Array<{ entry: Entry; inline?: { text: string; field: string }; file?: string; target?: Selector; json6902: boolean }>;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A URL or a remote git reference, which kustomize fetches (github.com/org/repo//path?ref=v1). */
const isRemote = (s: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(s) || /^git@/.test(s) || /\?ref=/.test(s);

/** Reads a read's kustomizations, applies their patches and splits the read into scopes. Never throws for bad input. */
export function scopeRead(loaded: LoadResult, inputs: readonly string[], options: ScopeOptions = {}): ScopedRead {
  return new Scoper(loaded, inputs, options).run();
}

class Scoper {
  private readonly cwd: string;
  private readonly limit: number;
  private readonly problems: ReadProblem[] = [];
  private readonly notes: string[] = [];
  private readonly files: string[];
  /** abs file -> display name, for every file read. */
  private readonly displayOf = new Map<string, string>();
  /** abs file -> its objects and loader findings. */
  private readonly byFile = new Map<string, { objects: LoadedObject[]; findings: InputFinding[] }>();
  /** abs dir -> its kustomization (null: none, or one that could not be read). */
  private readonly kustomizations = new Map<string, Kustomization | null>();
  /** abs files that are kustomizations, patches, or resources of a kustomization reached from a root. */
  private readonly claimed = new Set<string>();
  private readonly patchFiles = new Set<string>();
  private readonly locator = new Locator();
  private readonly findingKeys = new Set<string>();

  constructor(private readonly loaded: LoadResult, private readonly inputs: readonly string[], private readonly options: ScopeOptions) {
    this.cwd = options.cwd ?? process.cwd();
    this.limit = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    this.files = [...loaded.files];
    for (const f of loaded.files) this.displayOf.set(this.abs(f), f);
    for (const f of loaded.files) this.byFile.set(this.abs(f), { objects: [], findings: [] });
    for (const o of loaded.objects) this.entryOf(o.doc.file).objects.push(o);
    for (const f of loaded.findings) this.entryOf(f.doc.file).findings.push(f);
  }

  private abs(file: string): string {
    return file === STDIN ? STDIN : path.resolve(this.cwd, file);
  }

  private entryOf(file: string) {
    const abs = this.abs(file);
    let e = this.byFile.get(abs);
    if (!e) this.byFile.set(abs, e = { objects: [], findings: [] });
    return e;
  }

  /** The name a file outside the inputs is shown by: relative to the working directory. */
  private display(abs: string): string {
    return this.displayOf.get(abs) ?? (path.relative(this.cwd, abs) || abs);
  }

  run(): ScopedRead {
    // kustomizations named as inputs, and those in the folders read (a file named alone does not bring in the
    // kustomization beside it)
    const inputDirs: string[] = [];
    for (const input of this.inputs) {
      if (input === STDIN) continue;
      const abs = path.resolve(this.cwd, input);
      try {
        if (fs.statSync(abs).isDirectory()) inputDirs.push(abs);
      } catch {
        // the read reported it
      }
    }
    const within = (dir: string, folder: string) => dir === folder || dir.startsWith(`${folder}${path.sep}`);
    const dirs = new Set<string>(inputDirs);
    for (const f of this.loaded.files) {
      if (f === STDIN) continue;
      const abs = this.abs(f);
      const dir = path.dirname(abs);
      if (KUSTOMIZATION_FILES.includes(path.basename(abs)) || inputDirs.some((d) => within(dir, d))) dirs.add(dir);
    }
    const found = [...dirs].sort(byCodePoint).map((d) => this.kustomizationIn(d)).filter((k): k is Kustomization => !!k);
    // then every one they lead to
    const included = new Set<string>();
    const queue = [...found];
    const seen = new Set<string>(found.map((k) => k.absDir));
    while (queue.length > 0) {
      const k = queue.shift()!;
      for (const e of [...k.resources, ...k.components]) {
        if (isRemote(e.value)) continue;
        const sub = this.kustomizationIn(path.resolve(k.absDir, e.value));
        if (!sub) continue;
        included.add(sub.absDir);
        if (!seen.has(sub.absDir)) {
          seen.add(sub.absDir);
          queue.push(sub);
        }
      }
    }
    // roots: not included by another; a cycle with no root above it is entered at its first kustomization
    const roots = found.filter((k) => !included.has(k.absDir));
    const reached = new Set<string>();
    const mark = (k: Kustomization) => {
      if (reached.has(k.absDir)) return;
      reached.add(k.absDir);
      for (const e of [...k.resources, ...k.components]) {
        if (isRemote(e.value)) continue;
        const sub = this.kustomizationIn(path.resolve(k.absDir, e.value));
        if (sub) mark(sub);
      }
    };
    roots.forEach(mark);
    for (const k of found) {
      if (!reached.has(k.absDir)) {
        roots.push(k);
        mark(k);
      }
    }
    // every file any kustomization lists as a patch is a patch, even where the rest of it is broken
    for (const k of this.kustomizations.values()) {
      if (!k) continue;
      this.claimed.add(k.abs);
      for (const e of k.patchFiles) if (!isRemote(e.value)) this.patchFiles.add(path.resolve(k.absDir, e.value));
    }
    for (const p of this.patchFiles) this.claimed.add(p);

    const scopes: Scope[] = [];
    const rootScopes = roots.map((k) => this.buildRoot(k));
    const rest = this.files.filter((f) => !this.claimed.has(this.abs(f)));
    const rootNames = new Set(rootScopes.map((r) => r.name));
    const loose = this.looseScopes(rest, rootScopes.length).map((l) => (rootNames.has(l.name) ? { ...l, name: `${l.name} (files its kustomization does not list)` } : l));
    scopes.push(...rootScopes, ...loose);
    scopes.sort((a, b) => byCodePoint(a.name ?? '', b.name ?? ''));
    // a read that is one scope is one cluster without a name, whatever folder it is (diff matches it with the other side's)
    if (scopes.length === 1 && scopes[0].name !== undefined) {
      const { name: _name, ...only } = scopes[0];
      scopes[0] = only;
    }
    return { scopes, files: this.files, problems: [...this.loaded.problems, ...this.problems], notes: [...this.loaded.notes, ...this.notes] };
  }

  private isKustomization(abs: string): boolean {
    return this.kustomizations.get(path.dirname(abs))?.abs === abs;
  }

  /** The kustomization of a folder, read once; undefined when it has none or it cannot be read. */
  private kustomizationIn(absDir: string): Kustomization | undefined {
    if (this.kustomizations.has(absDir)) return this.kustomizations.get(absDir) ?? undefined;
    this.kustomizations.set(absDir, null);
    let abs: string | undefined;
    for (const name of KUSTOMIZATION_FILES) {
      const candidate = path.join(absDir, name);
      try {
        if (fs.statSync(candidate).isFile()) {
          abs = candidate;
          break;
        }
      } catch {
        // not this name
      }
    }
    if (abs === undefined) return undefined;
    const file = this.display(abs);
    // the read already said why a file it could not read or parse is not read
    const reported = this.loaded.problems.some((p) => p.file !== STDIN && this.abs(p.file) === abs);
    const read = readTextFile(abs, file, this.limit);
    if ('problem' in read) {
      if (!reported) this.problems.push(read.problem);
      return undefined;
    }
    const text = read.text;
    const parsed = loadText(text, file, false, this.options.reader);
    if (parsed.problem) {
      if (!reported) this.problems.push({ ...parsed.problem, message: `${parsed.problem.message} (a kustomization)` });
      return undefined;
    }
    let value: unknown;
    try {
      value = loadYaml(text, { schema: SCHEMA });
    } catch (e) {
      this.problems.push({ file, message: `cannot parse: ${tidy(String((e as Error)?.message ?? e))}` });
      return undefined;
    }
    const doc: SourceDocument = { file, text, start: 0, end: text.length, line: 1, json: false };
    if (!this.displayOf.has(abs)) {
      this.displayOf.set(abs, file);
      this.files.push(file);
    }
    const k0 = { file, abs, absDir, doc };
    if (value === null || value === undefined) value = {};
    if (!isObj(value)) {
      this.problems.push({ file, line: 1, message: 'cannot read: a kustomization is a mapping of resources, patches and the like' });
      return undefined;
    }
    const v = value;
    const resources: Entry[] = [];
    const components: Entry[] = [];
    const patchFiles: Entry[] = [];
    const patches: Kustomization['patches'] = [];
    const bad = (field: string, message: string) => this.finding(KUSTOMIZE_INVALID, 'error', doc, field, message);
    const strings = (key: string, into: Entry[]) => {
      const list = v[key];
      if (list === undefined || list === null) return;
      if (!Array.isArray(list)) {
        bad(key, `${key} is ${kindOf(list)}: kustomize expects a list of paths`);
        return;
      }
      list.forEach((item, i) => {
        if (typeof item === 'string' && item !== '') into.push({ field: `${key}[${i}]`, value: item });
        else bad(`${key}[${i}]`, `${key}[${i}] is ${kindOf(item)}: kustomize expects a path (a file or folder relative to ${file})`);
      });
    };
    // bases come after resources (kustomize api/types/kustomization.go FixKustomization appends them)
    strings('resources', resources);
    strings('bases', resources);
    strings('components', components);
    // patchesStrategicMerge: paths, or inline patches (text with a line break)
    const psm = v.patchesStrategicMerge;
    if (Array.isArray(psm)) {
      psm.forEach((item, i) => {
        const field = `patchesStrategicMerge[${i}]`;
        if (typeof item !== 'string' || item === '') bad(field, `${field} is ${kindOf(item)}: kustomize expects the path of a patch file, or a patch inline`);
        else if (item.includes('\n')) patches.push({ entry: { field, value: item }, inline: { text: item, field }, json6902: false });
        else {
          patchFiles.push({ field, value: item });
          patches.push({ entry: { field, value: item }, file: item, json6902: false });
        }
      });
    } else if (psm !== undefined && psm !== null) bad('patchesStrategicMerge', `patchesStrategicMerge is ${kindOf(psm)}: kustomize expects a list of patch files`);
    for (const key of ['patches', 'patchesJson6902'] as const) {
      const list = v[key];
      if (list === undefined || list === null) continue;
      if (!Array.isArray(list)) {
        bad(key, `${key} is ${kindOf(list)}: kustomize expects a list of {path or patch, target}`);
        continue;
      }
      list.forEach((item, i) => {
        const field = `${key}[${i}]`;
        if (!isObj(item)) {
          bad(field, `${field} is ${kindOf(item)}: kustomize expects {path: file} or {patch: text}, with an optional target`);
          return;
        }
        const target = selectorOf(item.target);
        if (item.target !== undefined && !target) bad(`${field}.target`, `${field}.target is ${kindOf(item.target)}: kustomize expects {group, version, kind, name, namespace, labelSelector}`);
        const json6902 = key === 'patchesJson6902';
        if (json6902 && !target) bad(field, `${field} has no target: a json 6902 patch names its target (group, version, kind, name)`);
        if (typeof item.path === 'string' && item.path !== '') {
          patchFiles.push({ field: `${field}.path`, value: item.path });
          patches.push({ entry: { field: `${field}.path`, value: item.path }, file: item.path, target, json6902 });
        } else if (typeof item.patch === 'string' && item.patch !== '') {
          patches.push({ entry: { field: `${field}.patch`, value: item.patch }, inline: { text: item.patch, field: `${field}.patch` }, target, json6902 });
        } else {
          bad(field, `${field} has neither path nor patch: kustomize expects path (a patch file) or patch (the patch inline)`);
        }
      });
    }
    const k: Kustomization = { ...k0, value: v, resources, components, patchFiles, patches };
    this.kustomizations.set(absDir, k);
    return k;
  }

  /** Records a finding about a field of a kustomization or patch once (a base in two overlays is read twice). */
  private finding(rule: string, severity: Severity, doc: SourceDocument, field: string, message: string, prefix = '', object: ObjectRef = NO_REF, out?: InputFinding[]) {
    const f: InputFinding = { rule, severity, message, object, doc, prefix, path: field, line: this.lineOf(doc, prefix, field) };
    const key = `${rule}\0${doc.file}\0${f.line}\0${message}`;
    if (this.findingKeys.has(key)) return;
    this.findingKeys.add(key);
    (out ?? this.pending).push(f);
  }

  private lineOf(doc: SourceDocument, prefix: string, field: string): number {
    try {
      return this.locator.lineOf(doc, prefix, field);
    } catch {
      return doc.line;
    }
  }

  /** Kustomizations included so far by the current root. */
  private includes = 0;

  /** Findings made while building the current root (kustomization findings go to the root that met them first). */
  private pending: InputFinding[] = [];

  /** A root's scope: what it includes, patched. */
  private buildRoot(root: Kustomization): Scope {
    this.pending = [];
    this.includes = 0;
    const files: string[] = [];
    const objects: Work[] = [];
    const hints: VersionHint[] = [];
    this.build(root, [root.absDir], objects, files, hints);
    const findings = [...this.pending];
    // the loader's findings on the objects' files (a kustomization's own text is not a manifest)
    for (const f of files) if (!this.isKustomization(this.abs(f))) findings.push(...(this.byFile.get(this.abs(f))?.findings ?? []));
    const version = hints[0] ?? this.hintOf(objects.map((w) => w.object));
    return {
      name: this.nameOf(root.absDir),
      files: [root.file, ...files],
      objects: objects.map((w) => w.object),
      findings,
      ...(version ? { version } : {}),
    };
  }

  /** Adds a kustomization's resources to `into`, then applies its patches to `into`. */
  private build(k: Kustomization, stack: string[], into: Work[], files: string[], hints: VersionHint[]): void {
    for (const hint of this.kustomizationHints(k)) hints.push(hint);
    const include = (e: Entry, component: boolean) => {
      if (isRemote(e.value)) {
        this.notes.push(`${k.file}:${this.lineOf(k.doc, '', e.field)}: ${e.field} ${JSON.stringify(e.value)} is remote: not read, its objects are not checked`);
        return;
      }
      const abs = path.resolve(k.absDir, e.value);
      let st: fs.Stats;
      try {
        st = fs.statSync(abs);
      } catch {
        this.finding(KUSTOMIZE_MISSING, 'error', k.doc, e.field, `${e.field} ${JSON.stringify(e.value)} does not exist (${this.display(abs)}): kustomize expects a file or a folder with a kustomization, relative to ${path.dirname(k.file) || '.'}`);
        return;
      }
      if (st.isDirectory()) {
        const sub = this.kustomizationIn(abs);
        if (!sub) {
          // a kustomization there that could not be read is a problem already
          const unreadable = [...this.loaded.problems, ...this.problems].some((p) => p.file !== STDIN && path.dirname(this.abs(p.file)) === abs);
          if (!unreadable) {
            this.finding(KUSTOMIZE_MISSING, 'error', k.doc, e.field, `${e.field} ${JSON.stringify(e.value)} is a folder without a ${KUSTOMIZATION_FILES.join(', ')}: kustomize includes folders through their kustomization`);
          }
          return;
        }
        if (++this.includes > MAX_INCLUDES) {
          this.finding(KUSTOMIZE_CYCLE, 'error', k.doc, e.field, `${e.field} ${JSON.stringify(e.value)}: more than ${MAX_INCLUDES} kustomizations included in one overlay (the same ones over and over?); the rest is not read`);
          return;
        }
        const at = stack.indexOf(sub.absDir);
        if (at >= 0) {
          const cycle = [...stack.slice(at), sub.absDir].map((d) => this.display(d) || '.').join(' -> ');
          this.finding(KUSTOMIZE_CYCLE, 'error', k.doc, e.field, `${e.field} ${JSON.stringify(e.value)} includes a kustomization that includes this one (${cycle}): kustomize refuses cycles; remove one of the references`);
          return;
        }
        if (component) this.build(sub, [...stack, sub.absDir], into, files, hints);
        else {
          const own: Work[] = [];
          this.build(sub, [...stack, sub.absDir], own, files, hints);
          into.push(...own);
        }
        if (!files.includes(sub.file)) files.push(sub.file);
        return;
      }
      const file = this.fileObjects(abs);
      if (file === undefined) return;
      this.claimed.add(abs);
      if (!files.includes(file.name)) files.push(file.name);
      for (const o of file.objects) into.push({ object: o, layers: [] });
    };
    for (const e of k.resources) include(e, false);
    for (const e of k.components) include(e, true);
    for (const p of k.patches) this.applyPatches(k, p, into);
  }

  /** The objects of a resource file, read when it is not among the inputs. */
  private fileObjects(abs: string): { name: string; objects: LoadedObject[] } | undefined {
    const known = this.byFile.get(abs);
    if (known) return { name: this.display(abs), objects: known.objects };
    const name = this.display(abs);
    const read = readTextFile(abs, name, this.limit);
    if ('problem' in read) {
      this.problems.push(read.problem);
      this.byFile.set(abs, { objects: [], findings: [] });
      return undefined;
    }
    const load = loadText(read.text, name, isJsonFile(abs), this.options.reader);
    this.displayOf.set(abs, name);
    if (load.problem) {
      this.problems.push(load.problem);
      this.byFile.set(abs, { objects: [], findings: [] });
      return undefined;
    }
    this.files.push(name);
    this.byFile.set(abs, { objects: load.objects, findings: load.findings });
    return { name, objects: load.objects };
  }

  /** The patches of one entry, read. */
  private readPatches(k: Kustomization, p: Kustomization['patches'][number]): Patch[] {
    let doc: SourceDocument;
    let values: Array<{ value: unknown; doc: SourceDocument }>;
    if (p.inline) {
      // a block scalar's lines are the file's lines, one line down from the key
      const keyLine = this.lineOf(k.doc, '', p.inline.field);
      const lineText = k.doc.text.split('\n')[keyLine - 1] ?? '';
      const block = /:\s*[|>][-+0-9]*\s*(#.*)?$/.test(lineText);
      doc = { file: k.file, text: p.inline.text, start: 0, end: p.inline.text.length, line: block ? keyLine + 1 : keyLine, json: false };
      values = this.parseDocs(doc, k, p.entry.field);
    } else {
      const abs = path.resolve(k.absDir, p.file!);
      const name = this.display(abs);
      const read = readTextFile(abs, name, this.limit);
      if ('problem' in read) {
        if (/no such file/.test(read.problem.message)) {
          this.finding(KUSTOMIZE_MISSING, 'error', k.doc, p.entry.field, `${p.entry.field} ${JSON.stringify(p.file)} does not exist (${name}): kustomize expects a patch file relative to ${path.dirname(k.file) || '.'}`);
        } else this.problems.push(read.problem);
        return [];
      }
      if (!this.displayOf.has(abs)) {
        this.displayOf.set(abs, name);
        this.files.push(name);
      }
      doc = { file: name, text: read.text, start: 0, end: read.text.length, line: 1, json: isJsonFile(abs) };
      values = this.parseDocs(doc, k, p.entry.field);
    }
    const out: Patch[] = [];
    for (const { value, doc: d } of values) {
      if (value === null || value === undefined) continue;
      if (Array.isArray(value)) out.push({ field: p.entry.field, type: 'json6902', value, doc: d, prefix: '', target: p.target });
      else if (isObj(value) && !p.json6902) out.push({ field: p.entry.field, type: 'merge', value, doc: d, prefix: '', target: p.target });
      else {
        this.finding(KUSTOMIZE_PATCH, 'error', d, '', `the patch is ${kindOf(value)}: kustomize expects ${p.json6902 ? 'a json 6902 list of operations' : 'a strategic merge patch (a mapping) or a json 6902 list of operations'}`);
      }
    }
    return out;
  }

  /** The documents of a patch text, each with its own document for lines. */
  private parseDocs(doc: SourceDocument, k: Kustomization, field: string): Array<{ value: unknown; doc: SourceDocument }> {
    const load = loadText(doc.text, doc.file, doc.json, this.options.reader);
    if (load.problem && this.loaded.problems.some((p) => p.file === doc.file)) return []; // the read said so already
    if (load.problem) {
      const line = load.problem.line !== undefined ? load.problem.line + doc.line - 1 : undefined;
      this.problems.push({ ...load.problem, ...(line !== undefined ? { line } : {}), message: `${load.problem.message} (a patch of ${k.file} ${field})` });
      return [];
    }
    const docs = new Map<SourceDocument, boolean>();
    for (const o of load.objects) docs.set(o.doc, true);
    for (const f of load.findings) docs.set(f.doc, true);
    const out: Array<{ value: unknown; doc: SourceDocument }> = [];
    for (const d of [...docs.keys()].sort((a, b) => a.start - b.start)) {
      let value: unknown;
      try {
        value = doc.json ? JSON.parse(d.text.slice(d.start, d.end)) : loadYaml(d.text.slice(d.start, d.end), { schema: SCHEMA });
      } catch {
        continue; // parsed above as part of the stream
      }
      out.push({ value, doc: { ...d, line: d.line + doc.line - 1 } });
    }
    return out;
  }

  /** Applies one patch entry of `k` to the objects built so far. */
  private applyPatches(k: Kustomization, p: Kustomization['patches'][number], into: Work[]): void {
    if (p.file !== undefined && isRemote(p.file)) {
      this.notes.push(`${k.file}:${this.lineOf(k.doc, '', p.entry.field)}: ${p.entry.field} ${JSON.stringify(p.file)} is remote: not read`);
      return;
    }
    for (const patch of this.readPatches(k, p)) {
      const selector = patch.target ?? (patch.type === 'merge' ? selectorOfObject(patch.value as Obj) : undefined);
      if (!selector) {
        this.finding(KUSTOMIZE_PATCH, 'error', k.doc, p.entry.field, `${p.entry.field}: a json 6902 patch needs a target (group, version, kind, name) to know what it patches`);
        continue;
      }
      const targets = into.filter((w) => matches(w.object.manifest, selector));
      if (targets.length === 0) {
        this.finding(KUSTOMIZE_PATCH_TARGET, 'warning', patch.doc, '', `the patch's target ${describeSelector(selector)} is not among the objects of ${k.file} and what it includes: the rules could not check the patched object; kustomize build fails the same way unless the target comes from a remote resource`, patch.prefix);
        continue;
      }
      for (const w of targets) {
        if (patch.type === 'merge') {
          const body = patch.value as Obj;
          if (body.$patch === 'delete') {
            into.splice(into.indexOf(w), 1);
            continue;
          }
          const merged = mergePatch(w.object.manifest, withoutIdentity(body, patch.target !== undefined)) as Manifest;
          w.layers.push({ type: 'merge', value: body, result: merged, doc: patch.doc, prefix: patch.prefix });
          w.object = this.patched(w, merged);
        } else {
          const ops = patch.value as unknown[];
          const bad = ops.findIndex((op) => !isObj(op) || typeof op.op !== 'string' || typeof op.path !== 'string');
          if (bad >= 0) {
            this.finding(KUSTOMIZE_PATCH, 'error', patch.doc, `[${bad}]`, `operation ${bad} of the json 6902 patch is not {op, path, ...}: kustomize expects op (add, remove, replace, move, copy, test) and path`, patch.prefix);
            continue;
          }
          let at = 0;
          try {
            // one operation at a time, so that the one at fault is known
            let result: unknown = structuredClone(w.object.manifest);
            for (; at < ops.length; at++) result = applyOperation(result, ops[at] as Operation, true, true, true, at).newDocument;
            if (!isObj(result)) throw Object.assign(new Error('the patch replaces the whole object with something else'), { index: ops.length - 1 });
            w.layers.push({ type: 'json6902', value: ops, result, doc: patch.doc, prefix: patch.prefix });
            w.object = this.patched(w, result as Manifest);
          } catch (e) {
            const err = e as { index?: unknown; name?: unknown; message?: unknown };
            const index = at < ops.length ? at : typeof err.index === 'number' ? err.index : 0;
            const op = ops[index] as Obj | undefined;
            const what = op ? `${String(op.op)} ${String(op.path)}` : 'the patch';
            const why = patchError(err);
            this.finding(KUSTOMIZE_PATCH, 'error', patch.doc, `[${index}]`,
              `operation ${index} (${what}) does not apply to ${describeRef(refOf(w.object.manifest))}: ${why}; the object is checked without this patch`, patch.prefix);
          }
        }
      }
    }
  }

  /** The object `w` with a merged manifest, whose findings point at the patch that wrote a field. */
  private patched(w: Work, manifest: Manifest): ScopedObject {
    const base = w.base ??= w.object;
    const layers = [...w.layers];
    return {
      manifest, doc: base.doc, prefix: base.prefix,
      origin: (p: string) => originOf(layers, p),
    };
  }

  /** Versions a kustomization names: a virt-operator image tag in `images`, or a KubeVirt release URL among its resources. */
  private kustomizationHints(k: Kustomization): VersionHint[] {
    const out: VersionHint[] = [];
    const images = k.value.images;
    if (Array.isArray(images)) {
      images.forEach((img, i) => {
        if (!isObj(img) || typeof img.name !== 'string' || !/(^|\/)virt-operator$/.test(img.name)) return;
        const tag = typeof img.newTag === 'string' ? img.newTag : undefined;
        const v = tag !== undefined ? KubeVirtVersion.tryParse(tag) : undefined;
        if (v) out.push({ version: v, reason: `images[${i}] newTag ${JSON.stringify(tag)} of ${img.name} (${k.file}:${this.lineOf(k.doc, '', `images[${i}].newTag`)})` });
      });
    }
    // the release assets kubevirt publishes: github.com/kubevirt/kubevirt/releases/download/vX.Y.Z/kubevirt-operator.yaml
    for (const e of k.resources) {
      const m = /github\.com\/kubevirt\/kubevirt\/releases\/download\/(v[0-9.]+)\//.exec(e.value);
      const v = m ? KubeVirtVersion.tryParse(m[1]) : undefined;
      if (v) out.push({ version: v, reason: `${e.field} ${JSON.stringify(e.value)} (${k.file}:${this.lineOf(k.doc, '', e.field)})` });
    }
    return out;
  }

  /**
   * The release a KubeVirt CR pins with `spec.imageTag` (the tag of the components virt-operator installs; kubevirt
   * staging/src/kubevirt.io/api/core/v1/types.go@v1.4.0:1975-1977 KubeVirtSpec.ImageTag).
   */
  private hintOf(objects: readonly LoadedObject[]): VersionHint | undefined {
    for (const o of objects) {
      const m = o.manifest;
      if (m.kind !== 'KubeVirt' || groupOf(String(m.apiVersion)) !== 'kubevirt.io') continue;
      const tag = isObj(m.spec) ? m.spec.imageTag : undefined;
      const v = typeof tag === 'string' ? KubeVirtVersion.tryParse(tag) : undefined;
      if (v) {
        const ref = refOf(m);
        return { version: v, reason: `spec.imageTag ${JSON.stringify(tag)} of KubeVirt ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} (${o.doc.file}:${this.lineOf(o.doc, o.prefix, 'spec.imageTag')})` };
      }
    }
    return undefined;
  }

  /** Scopes of the files no kustomization claims: cluster folders, other folders, stdin; or one scope. */
  private looseScopes(files: readonly string[], roots: number): Scope[] {
    const scopeOf = (name: string | undefined, list: string[]): Scope => {
      const objects: LoadedObject[] = [];
      const findings: InputFinding[] = [];
      for (const f of list) {
        const e = this.byFile.get(this.abs(f));
        if (!e) continue;
        objects.push(...e.objects);
        findings.push(...e.findings);
      }
      const version = this.hintOf(objects);
      return { ...(name !== undefined ? { name } : {}), files: list, objects, findings, ...(version ? { version } : {}) };
    };
    const clusterDirs = new Set<string>();
    for (const f of files) {
      if (f === STDIN) continue;
      for (const o of this.byFile.get(this.abs(f))?.objects ?? []) {
        if (CLUSTER_KINDS.has(String(o.manifest.kind))) clusterDirs.add(path.dirname(this.abs(f)));
      }
    }
    if (roots === 0 && clusterDirs.size < 2) return files.length > 0 || this.loaded.files.length === 0 ? [scopeOf(undefined, [...files])] : [];
    const within = (dir: string, folder: string) => dir === folder || dir.startsWith(`${folder}${path.sep}`);
    const deepestFirst = [...clusterDirs].sort((a, b) => b.length - a.length || byCodePoint(a, b));
    const groups = new Map<string, string[]>();
    const add = (key: string, f: string) => groups.set(key, [...groups.get(key) ?? [], f]);
    const others: string[] = [];
    for (const f of files) {
      if (f === STDIN) {
        add(STDIN, f);
        continue;
      }
      const dir = path.dirname(this.abs(f));
      const owner = deepestFirst.find((d) => within(dir, d));
      if (owner !== undefined) add(owner, f);
      else others.push(f);
    }
    // the other files: each topmost folder holding such files of its own, with those below it
    const ownDirs = [...new Set(others.map((f) => path.dirname(this.abs(f))))].sort((a, b) => a.length - b.length || byCodePoint(a, b));
    const tops: string[] = [];
    for (const d of ownDirs) if (!tops.some((t) => within(d, t))) tops.push(d);
    for (const f of others) {
      const dir = path.dirname(this.abs(f));
      add(tops.find((t) => within(dir, t))!, f);
    }
    return [...groups].map(([folder, list]) => scopeOf(folder === STDIN ? STDIN : this.nameOf(folder), list));
  }

  /** A folder's path below the input that holds it (the input's own name when it is that folder). */
  private nameOf(folder: string): string {
    const inputs = this.inputs.filter((i) => i !== STDIN).map((i) => path.resolve(this.cwd, i));
    const within = (dir: string, f: string) => dir === f || dir.startsWith(`${f}${path.sep}`);
    const input = inputs.filter((i) => within(folder, i)).sort((a, b) => b.length - a.length)[0];
    if (input === undefined) return path.relative(this.cwd, folder).split(path.sep).join('/') || '.';
    const below = path.relative(input, folder);
    return below === '' ? path.basename(folder) : below.split(path.sep).join('/');
  }
}

/** An object being built: its current state and the patches merged onto it, in order. */
interface Work {
  object: ScopedObject;
  base?: ScopedObject;
  readonly layers: Layer[];
}

/** A patch merged onto an object. */
interface Layer {
  readonly type: 'merge' | 'json6902';
  readonly value: unknown;
  /** The object after this patch (to find a list item merged by name). */
  readonly result: unknown;
  readonly doc: SourceDocument;
  readonly prefix: string;
}

const NO_REF: ObjectRef = { apiVersion: '', kind: '', name: '' };

function kindOf(x: unknown): string {
  if (Array.isArray(x)) return 'a list';
  if (x === null) return 'null';
  if (typeof x === 'string') return x === '' ? 'an empty string' : 'a string';
  if (typeof x === 'number') return 'a number';
  if (typeof x === 'boolean') return 'a boolean';
  return 'a mapping';
}

function describeRef(ref: ObjectRef): string {
  return `${ref.kind || '<no kind>'} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name || '<no name>'}`;
}

function selectorOf(x: unknown): Selector | undefined {
  if (!isObj(x)) return undefined;
  const s: Record<string, string> = {};
  for (const key of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector'] as const) {
    if (typeof x[key] === 'string') s[key] = x[key] as string;
  }
  return s as Selector;
}

/** What a strategic merge patch without a target patches: the object of its apiVersion, kind, name and namespace. */
function selectorOfObject(body: Obj): Selector | undefined {
  const ref = refOf(body);
  if (!ref.kind || !ref.name) return undefined;
  const i = ref.apiVersion.indexOf('/');
  return {
    kind: ref.kind, name: ref.name,
    ...(ref.apiVersion ? { group: i < 0 ? '' : ref.apiVersion.slice(0, i), version: i < 0 ? ref.apiVersion : ref.apiVersion.slice(i + 1) } : {}),
    ...(ref.namespace !== undefined ? { namespace: ref.namespace } : {}),
  };
}

function describeSelector(s: Selector): string {
  const parts = [s.kind ?? '<any kind>'];
  parts.push(`${s.namespace ? `${s.namespace}/` : ''}${s.name ?? '<any name>'}`);
  if (s.group !== undefined || s.version !== undefined) parts.push(`(${[s.group, s.version].filter((x) => x).join('/') || 'core'})`);
  if (s.labelSelector) parts.push(`labels ${s.labelSelector}`);
  return parts.join(' ');
}

/**
 * kustomize matches a target's group, version, kind, name and namespace as anchored regular expressions; an empty one
 * matches anything (kustomize api/types/selector.go NewSelectorRegex, anchorRegex, MatchGvk, MatchName,
 * MatchNamespace). Go's RE2 syntax is close enough to JavaScript's for names; one JavaScript cannot compile matches
 * only itself.
 */
function fieldMatches(pattern: string | undefined, value: string): boolean {
  if (pattern === undefined || pattern === '' || pattern === value) return true;
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return false;
  }
}

function matches(m: Manifest, s: Selector): boolean {
  const ref = refOf(m);
  const i = ref.apiVersion.indexOf('/');
  const group = i < 0 ? '' : ref.apiVersion.slice(0, i);
  const version = i < 0 ? ref.apiVersion : ref.apiVersion.slice(i + 1);
  if (!fieldMatches(s.kind, ref.kind) || !fieldMatches(s.name, ref.name)) return false;
  if (!fieldMatches(s.group, group) || !fieldMatches(s.version, version)) return false;
  // an object without a namespace is in kustomize's default namespace ("default")
  if (!fieldMatches(s.namespace, ref.namespace ?? 'default')) return false;
  if (s.labelSelector) {
    // equality terms (`app=web,tier`), the common form of a label selector
    const labels = isObj(m.metadata) && isObj(m.metadata.labels) ? m.metadata.labels : {};
    for (const term of s.labelSelector.split(',')) {
      const [k, v] = term.split('=').map((x) => x.trim());
      if (v === undefined ? !Object.prototype.hasOwnProperty.call(labels, k) : labels[k] !== v) return false;
    }
  }
  return true;
}

/** A merge patch with a target keeps the target's identity: its apiVersion, kind, name and namespace are not merged. */
function withoutIdentity(body: Obj, targeted: boolean): Obj {
  const copy: Obj = { ...body };
  delete copy.$patch;
  if (!targeted) return copy;
  delete copy.apiVersion;
  delete copy.kind;
  if (isObj(copy.metadata)) {
    const md: Obj = { ...copy.metadata };
    delete md.name;
    delete md.namespace;
    copy.metadata = md;
  }
  return copy;
}

/**
 * A strategic merge patch merged into a custom resource as kustomize merges it: kustomize has no schema for a custom
 * resource, so its merge (kyaml merge2) goes by the values: maps merge, `null` deletes; a list whose items are all
 * mappings with a `name` merges by name (kyaml/yaml/fns.go AssociativeSequenceKeys is `name` only; walk/
 * associative_sequence.go: items of the patch replace-merge the target's item of the same name, new ones are appended,
 * an item `$patch: delete` is removed); any other list is replaced whole, as in a JSON merge patch (RFC 7386).
 * `$patch: replace` in a map replaces it, `$patch: delete` deletes it. The target is not changed.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) {
    if (!Array.isArray(target) || !isNamedList(patch) || !isNamedList(target)) return patch.map((x) => mergePatch(undefined, x));
    const out: unknown[] = [...target];
    for (const item of patch as Obj[]) {
      const at = out.findIndex((t) => (t as Obj).name === item.name);
      if (item.$patch === 'delete') {
        if (at >= 0) out.splice(at, 1);
      } else if (at >= 0) out[at] = mergePatch(out[at], item);
      else out.push(mergePatch(undefined, item));
    }
    return out;
  }
  if (!isObj(patch)) return patch;
  if (patch.$patch === 'replace') {
    const copy = { ...patch };
    delete copy.$patch;
    return mergePatch({}, copy);
  }
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch') continue;
    if (value === null || (isObj(value) && value.$patch === 'delete')) delete out[key];
    // an own "__proto__" key (JSON and YAML may have one) stays a key
    else Object.defineProperty(out, key, { value: mergePatch(Object.prototype.hasOwnProperty.call(out, key) ? out[key] : undefined, value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A list kustomize merges by name: every item a mapping with a scalar `name` (an empty list too). */
function isNamedList(list: readonly unknown[]): boolean {
  return list.every((x) => isObj(x) && (typeof x.name === 'string' || typeof x.name === 'number' || typeof x.name === 'boolean'));
}

/** A path as `join()` in rules/util.ts writes it. */
function pathOf(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Fields that name the target: a finding on them belongs to the object, not the patch. */
const IDENTITY = new Set(['apiVersion', 'kind', 'metadata.name', 'metadata.namespace']);

/** The last patch that wrote the field at `p` (or a field holding it), undefined when none did. */
function originOf(layers: readonly Layer[], p: string): Origin | undefined {
  if (p === '' || IDENTITY.has(p)) return undefined;
  const segments = parsePath(p);
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    if (layer.type === 'merge') {
      // walk the patch and the patched object side by side: an item of a list merged by name is found by its name
      let v: unknown = layer.value;
      let r: unknown = layer.result;
      const at: PathSegment[] = [];
      let ok = true;
      for (const s of segments) {
        if (typeof s === 'number' && Array.isArray(v)) {
          const item = Array.isArray(r) ? r[s] : undefined;
          const merged = Array.isArray(r) && isNamedList(v) && isNamedList(r);
          const index = merged ? (isObj(item) ? v.findIndex((x) => (x as Obj).name === item.name) : -1) : s;
          if (index < 0 || index >= v.length) {
            ok = false;
            break;
          }
          v = v[index];
          r = item;
          at.push(index);
        } else if (typeof s === 'string' && isObj(v) && Object.prototype.hasOwnProperty.call(v, s)) {
          v = v[s];
          r = isObj(r) ? r[s] : undefined;
          at.push(s);
        } else {
          ok = false;
          break;
        }
      }
      if (ok && v !== null) return { doc: layer.doc, prefix: layer.prefix, path: pathOf(at) };
    } else {
      const ops = layer.value as Obj[];
      for (let j = ops.length - 1; j >= 0; j--) {
        const op = ops[j];
        if (!['add', 'replace', 'copy', 'move'].includes(String(op.op))) continue;
        const pointer = String(op.path).split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
        if (pointer.length > segments.length) continue;
        if (!pointer.every((t, k) => String(segments[k]) === t)) continue;
        const rest = segments.slice(pointer.length);
        const inValue = op.op === 'add' || op.op === 'replace';
        return { doc: layer.doc, prefix: joinPaths(layer.prefix, `[${j}]`), path: inValue ? pathOf(['value', ...rest]) : 'path' };
      }
    }
  }
  return undefined;
}

function patchError(err: { name?: unknown; message?: unknown }): string {
  switch (err.name) {
    case 'OPERATION_PATH_UNRESOLVABLE': return 'the path is not in the object (replace and remove need an existing field)';
    case 'OPERATION_FROM_UNRESOLVABLE': return 'the from path is not in the object';
    case 'TEST_OPERATION_FAILED': return 'the test fails: the object holds another value there';
    case 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX': return 'the list index is not a number';
    case 'OPERATION_VALUE_OUT_OF_BOUNDS': return 'the list index is past the end of the list';
    case 'OPERATION_OP_INVALID': return 'the op is not one of add, remove, replace, move, copy, test';
    case 'OPERATION_PATH_INVALID': return 'the path is not a json pointer (it starts with /)';
    case 'OPERATION_VALUE_REQUIRED': return 'the operation needs a value';
    default: return tidy(String(err.message ?? 'the patch does not apply')).split('\n')[0];
  }
}

/**
 * The place of a finding on a scope's object: the patch that wrote the field, or the object's own document.
 */
export function originFor(o: LoadedObject & { origin?: ScopedObject['origin'] }, p: string): Origin {
  return o.origin?.(p) ?? { doc: o.doc, prefix: o.prefix, path: p };
}

/**
 * The placed findings of all scopes, as one list: a finding two scopes share (the same rule, object, field and
 * message at the same file:line, as a base two overlays include gives) once; ordered by input order of files, then
 * line, then as found.
 */
export function mergePlaced(lists: ReadonlyArray<readonly PlacedFinding[]>, fileOrder: readonly string[]): PlacedFinding[] {
  if (lists.length === 1) return [...lists[0]];
  const seen = new Set<string>();
  const all: PlacedFinding[] = [];
  for (const list of lists) {
    for (const f of list) {
      const key = JSON.stringify([f.rule, f.severity, f.file, f.line, f.path, f.message, f.object.kind, f.object.namespace ?? null, f.object.name]);
      if (seen.has(key)) continue;
      seen.add(key);
      all.push(f);
    }
  }
  const rank = new Map<string, number>();
  fileOrder.forEach((f, i) => { if (!rank.has(f)) rank.set(f, i); });
  const r = (f: PlacedFinding) => rank.get(f.file) ?? Number.MAX_SAFE_INTEGER;
  const order = all.map((_, i) => i);
  order.sort((a, b) => r(all[a]) - r(all[b]) || all[a].line - all[b].line || a - b);
  return order.map((i) => all[i]);
}
