/**
 * Patches for a cluster CR that another party owns: a kustomize overlay whose JSON patch (RFC 6902) adds the app's
 * binding registrations and feature gates to a KubeVirt or HyperConverged CR kept elsewhere (a file in the user's
 * repository, from KubeVirt's release manifest, an operator bundle or HCO's sample).
 *
 * Safety. A JSON patch `add` on a member that exists replaces it, and RFC 6902 has no "absent" test. So the ops are
 * made from the base as read at synth, and a `test` op guards every value they rely on:
 * - a member is created only inside an object whose whole value is tested first (the smallest enclosing object
 *   that exists), so the patch refuses a base where someone has added that member since;
 * - gates are appended to a list tested whole (the list as it was), so a base whose list changed is refused;
 * - a registration the base already has is tested (and replaced, when the app wants other values), so the patch
 *   refuses a base whose registration changed, and the rules at synth judged what the cluster will get.
 * kustomize applies JSON patches with evanphx/json-patch, which honours `test`: a refused patch fails the build
 * rather than clobbering the base.
 *
 * Everything here but `readBase` and `checkBaseKustomization` is a pure function of its arguments.
 */
import * as fs from 'fs';
import * as path from 'path';
import { load as loadYaml } from 'js-yaml';
import { sortKeys } from '../json';
import { loadText, readTextFile, SCHEMA } from '../lint/load';

type Json = Record<string, unknown>;

/** Which CR a patch is for: a KubeVirt CR, or a HyperConverged CR of one of HCO's API versions. */
export type PatchKind = 'kubevirt' | 'hco-v1beta1' | 'hco-v1';

/** One RFC 6902 operation, of the three a generated patch uses. */
export interface JsonPatchOp {
  readonly op: 'add' | 'replace' | 'test';
  readonly path: string;
  readonly value: unknown;
}

/** What the app wants in the CR. */
export interface WantedConfiguration {
  /** Registrations by binding name, in wire form (`{ sidecarImage: ..., migration: {} }`). */
  readonly registrations: Readonly<Record<string, unknown>>;
  /** Gates the KubeVirt CR must list in `featureGates` (KubeVirt CR only). */
  readonly featureGates?: readonly string[];
  /** Gates the KubeVirt CR must list in `disabledFeatureGates` (KubeVirt CR only). */
  readonly disabledFeatureGates?: readonly string[];
}

/** The group, version and kind of each patch kind's CR. */
export const PATCH_KINDS: Readonly<Record<PatchKind, { readonly group: string; readonly version: string; readonly kind: string }>> = {
  'kubevirt': { group: 'kubevirt.io', version: 'v1', kind: 'KubeVirt' },
  'hco-v1beta1': { group: 'hco.kubevirt.io', version: 'v1beta1', kind: 'HyperConverged' },
  'hco-v1': { group: 'hco.kubevirt.io', version: 'v1', kind: 'HyperConverged' },
};

/** How messages name the target that makes a patch of each kind. */
export const TARGET_NAMES: Readonly<Record<PatchKind, string>> = {
  'kubevirt': 'ClusterTarget.kubevirtPatch()',
  'hco-v1beta1': "ClusterTarget.hcoPatch({ apiVersion: 'v1beta1' })",
  'hco-v1': "ClusterTarget.hcoPatch({ apiVersion: 'v1' })",
};

/** The folder, in a cluster's output folder, that holds the overlay. */
export const OVERLAY_FOLDER = 'cluster-configuration';

/** The overlay's file names. */
export const KUSTOMIZATION_FILE = 'kustomization.yaml';
export const PATCH_FILES: Readonly<Record<PatchKind, string>> = {
  'kubevirt': 'kubevirt-patch.yaml',
  'hco-v1beta1': 'hyperconverged-patch.yaml',
  'hco-v1': 'hyperconverged-patch.yaml',
};

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const hasOwn = (o: Json, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'object') return 'an object';
  return `${typeof x === 'string' ? 'the string' : `the ${typeof x}`} ${JSON.stringify(x)}`;
}

/** JSON equality: objects compared key by key whatever their order, lists item by item. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => hasOwn(b, k) && jsonEqual(a[k], b[k]));
}

/** A JSON pointer token (RFC 6901: `~` is `~0`, `/` is `~1`). */
function token(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** What the app wants, as a tree: objects to walk into, entries to hold exactly, and lists to hold at least. */
type Want =
  | { readonly t: 'object'; readonly keys: ReadonlyArray<readonly [string, Want]> }
  | { readonly t: 'entry'; readonly value: unknown }
  | { readonly t: 'set'; readonly items: readonly string[] };

const object = (...keys: Array<readonly [string, Want | undefined]>): Want | undefined => {
  const present = keys.filter((k): k is readonly [string, Want] => k[1] !== undefined);
  return present.length > 0 ? { t: 'object', keys: present } : undefined;
};

/** The tree of what the app wants under the CR's `spec`, or undefined when it wants nothing. */
function wantedSpec(wanted: WantedConfiguration, kind: PatchKind): Want | undefined {
  const names = Object.keys(wanted.registrations).sort();
  const registrations = names.length > 0
    ? { t: 'object' as const, keys: names.map((n) => [n, { t: 'entry' as const, value: sortKeys(wanted.registrations[n]) }] as const) }
    : undefined;
  const set = (items: readonly string[] | undefined): Want | undefined => (items && items.length > 0 ? { t: 'set', items: [...new Set(items)] } : undefined);
  if (kind === 'kubevirt') {
    // kubevirt staging/src/kubevirt.io/api/core/v1/types.go@v1.4.0:2476 (`developerConfiguration`), :2483
    // (`network`), :2752 (`featureGates`), :2896 (`binding`); `disabledFeatureGates` from
    // types.go@v1.8.0:3370
    return object(['configuration', object(
      ['developerConfiguration', object(['disabledFeatureGates', set(wanted.disabledFeatureGates)], ['featureGates', set(wanted.featureGates)])],
      ['network', object(['binding', registrations])],
    )]);
  }
  // hyperconverged-cluster-operator api/v1beta1/hyperconverged_types.go:270 `spec.networkBinding`;
  // api/v1/hyperconverged_types.go:390 `spec.networking.networkBinding`
  return kind === 'hco-v1beta1' ? object(['networkBinding', registrations]) : object(['networking', object(['networkBinding', registrations])]);
}

function materialize(w: Want): unknown {
  if (w.t === 'entry') return w.value;
  if (w.t === 'set') return [...w.items];
  const out: Json = {};
  for (const [k, child] of [...w.keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    Object.defineProperty(out, k, { value: materialize(child), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * The JSON patch that turns `base` (a whole CR, as read at synth) into base plus `wanted`, guarded by `test` ops
 * (see the module comment), and the problems that keep one from being made: a field on the way that is neither an
 * object nor absent (or a gate list that is not a list), each named by its field.
 */
export function patchOps(base: unknown, wanted: WantedConfiguration, kind: PatchKind): { ops: JsonPatchOp[]; problems: string[] } {
  const ops: JsonPatchOp[] = [];
  const problems: string[] = [];
  const want = wantedSpec(wanted, kind);
  if (!want) return { ops, problems };
  const spec = isObject(base) ? base.spec : undefined;
  if (!isObject(spec)) {
    problems.push(`spec: the cr's spec is ${spec === undefined ? 'missing' : typeName(spec)}; the patch adds to an existing spec, so give the base one (\`spec: {}\` at least)`);
    return { ops, problems };
  }
  walk(spec, want, '/spec', 'spec', false, ops, problems);
  return { ops, problems };
}

/**
 * The ops for one field. `covered`: an enclosing value is tested whole already, so no narrower test is needed.
 */
function walk(b: unknown, w: Want, ptr: string, field: string, covered: boolean, ops: JsonPatchOp[], problems: string[]): void {
  const test = (value: unknown) => ops.push({ op: 'test', path: ptr, value: sortKeys(value) });
  if (w.t === 'entry') {
    if (!covered) test(b);
    if (!jsonEqual(b, w.value)) ops.push({ op: 'replace', path: ptr, value: w.value });
    return;
  }
  if (w.t === 'set') {
    if (!Array.isArray(b)) {
      problems.push(`${field}: the base has ${typeName(b)}, where kubevirt takes a list of gate names; make it a list`);
      return;
    }
    if (!covered) test(b);
    for (const item of w.items) if (!b.includes(item)) ops.push({ op: 'add', path: `${ptr}/-`, value: item });
    return;
  }
  if (!isObject(b)) {
    problems.push(`${field}: the base has ${typeName(b)}, where the cr takes an object; make it an object (or remove it)`);
    return;
  }
  // a member is created (or a null one filled) only under a test of the whole enclosing object
  const creates = w.keys.some(([k]) => !hasOwn(b, k) || b[k] === null || b[k] === undefined);
  if (creates && !covered) test(b);
  const inner = covered || creates;
  for (const [k, child] of w.keys) {
    const childPtr = `${ptr}/${token(k)}`;
    const childField = `${field}.${k}`;
    if (!hasOwn(b, k) || b[k] === undefined) ops.push({ op: 'add', path: childPtr, value: materialize(child) });
    else if (b[k] === null) ops.push({ op: 'replace', path: childPtr, value: materialize(child) });
    else walk(b[k], child, childPtr, childField, inner, ops, problems);
  }
}

/** A `test` op that failed, or an op whose path does not exist: what makes kustomize refuse a patch. */
export class PatchConflict extends Error {
  public constructor(public readonly op: JsonPatchOp, reason: string) {
    super(`${op.op} ${op.path}: ${reason}`);
    this.name = 'PatchConflict';
  }
}

/** Parses a JSON pointer into its tokens. */
function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function clone<T>(x: T): T {
  return x === undefined ? x : JSON.parse(JSON.stringify(x));
}

/**
 * Applies ops made by `patchOps` (`add`, `replace`, `test`) to a copy of `doc`, as RFC 6902 does; throws a
 * `PatchConflict` where kustomize would refuse the patch. What the rules judge at synth: the CR the cluster will get.
 */
export function applyOps(doc: unknown, ops: readonly JsonPatchOp[]): unknown {
  let root = clone(doc);
  for (const op of ops) {
    const path = tokens(op.path);
    if (path.length === 0) {
      if (op.op === 'test') {
        if (!jsonEqual(root, op.value)) throw new PatchConflict(op, 'the value differs');
      } else root = clone(op.value);
      continue;
    }
    let parent: unknown = root;
    for (const t of path.slice(0, -1)) {
      if (Array.isArray(parent) && /^(0|[1-9][0-9]*)$/.test(t) && Number(t) < parent.length) parent = parent[Number(t)];
      else if (isObject(parent) && hasOwn(parent, t)) parent = parent[t];
      else throw new PatchConflict(op, 'the path does not exist');
    }
    const last = path[path.length - 1];
    if (Array.isArray(parent)) {
      const end = last === '-' && op.op === 'add';
      const i = end ? parent.length : /^(0|[1-9][0-9]*)$/.test(last) ? Number(last) : -1;
      const limit = op.op === 'add' ? parent.length : parent.length - 1;
      if (i < 0 || i > limit) throw new PatchConflict(op, 'the list index is out of range');
      if (op.op === 'test') {
        if (!jsonEqual(parent[i], op.value)) throw new PatchConflict(op, 'the value differs');
      } else if (op.op === 'add') parent.splice(i, 0, clone(op.value));
      else parent[i] = clone(op.value);
    } else if (isObject(parent)) {
      const present = hasOwn(parent, last);
      if (op.op === 'test') {
        if (!present || !jsonEqual(parent[last], op.value)) throw new PatchConflict(op, present ? 'the value differs' : 'the path does not exist');
      } else {
        if (op.op === 'replace' && !present) throw new PatchConflict(op, 'the path does not exist');
        Object.defineProperty(parent, last, { value: clone(op.value), enumerable: true, writable: true, configurable: true });
      }
    } else {
      throw new PatchConflict(op, 'the parent is not an object or a list');
    }
  }
  return root;
}

/** What is wrong with `manifest` as the base of a patch of `kind`, each message naming the field. */
export function baseProblems(manifest: unknown, kind: PatchKind): string[] {
  const want = PATCH_KINDS[kind];
  if (!isObject(manifest)) return [`the base is ${typeName(manifest)}, not an object`];
  const apiVersion = manifest.apiVersion;
  const k = manifest.kind;
  const got = `${typeof apiVersion === 'string' ? apiVersion : '(no apiVersion)'} ${typeof k === 'string' ? k : '(no kind)'}`;
  if (apiVersion !== `${want.group}/${want.version}` || k !== want.kind) {
    const hint = k === 'KubeVirt' && apiVersion === 'kubevirt.io/v1' ? '; for a KubeVirt CR use ClusterTarget.kubevirtPatch()'
      : k === 'HyperConverged' && apiVersion === 'hco.kubevirt.io/v1beta1' ? "; for this cr use ClusterTarget.hcoPatch({ apiVersion: 'v1beta1' })"
        : k === 'HyperConverged' && apiVersion === 'hco.kubevirt.io/v1' ? "; for this cr use ClusterTarget.hcoPatch({ apiVersion: 'v1' })"
          : '; name the file that holds the cluster\'s cr';
    return [`the base is a ${got}; ${TARGET_NAMES[kind]} patches a ${want.group}/${want.version} ${want.kind}${hint}`];
  }
  const metadata = isObject(manifest.metadata) ? manifest.metadata : undefined;
  const problems: string[] = [];
  if (typeof metadata?.name !== 'string' || metadata.name === '') {
    problems.push('metadata.name: the base cr has no name; kustomize finds the object to patch by its name, so give it one');
  }
  if (metadata?.namespace !== undefined && typeof metadata.namespace !== 'string') {
    problems.push(`metadata.namespace: the base has ${typeName(metadata.namespace)}, where a namespace name belongs`);
  }
  return problems;
}

/** The overlay: `kustomization.yaml` and the patch file, each as the objects it holds (relative to the overlay folder). */
export interface Overlay {
  readonly files: Map<string, unknown[]>;
  readonly ops: JsonPatchOp[];
  readonly problems: string[];
}

/**
 * The overlay that patches `base`: a `kustomization.yaml` listing `baseRef` (how the kustomization refers to the
 * base: the relative path of a folder whose own kustomization lists the base file) as its resource and the patch
 * file under `patches`, targeted at the CR by group, version, kind, name and namespace; and the patch file, the ops
 * of `patchOps`. `problems` (from `baseProblems` and `patchOps`) leave `files` empty.
 */
export function overlayFiles(base: unknown, baseRef: string, wanted: WantedConfiguration, kind: PatchKind): Overlay {
  const problems = baseProblems(base, kind);
  if (problems.length > 0) return { files: new Map(), ops: [], problems };
  const { ops, problems: opProblems } = patchOps(base, wanted, kind);
  if (opProblems.length > 0) return { files: new Map(), ops: [], problems: opProblems };
  const metadata = (base as Json).metadata as Json;
  const gvk = PATCH_KINDS[kind];
  const patchFile = PATCH_FILES[kind];
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [baseRef],
    ...(ops.length > 0 ? {
      patches: [{
        path: patchFile,
        target: {
          group: gvk.group,
          version: gvk.version,
          kind: gvk.kind,
          name: metadata.name,
          ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
        },
      }],
    } : {}),
  };
  const files = new Map<string, unknown[]>([[KUSTOMIZATION_FILE, [kustomization]]]);
  // the ops keep their order; each op's keys are written op, path, value, as RFC 6902 writes them
  if (ops.length > 0) files.set(patchFile, [ops.map((o) => ({ op: o.op, path: o.path, value: o.value }))]);
  return { files, ops, problems: [] };
}

/** The base as read from its file. */
export interface BaseRead {
  /** The CR, when the file holds exactly one object of the right kind. */
  readonly manifest?: Json;
  /** The file's absolute path. */
  readonly abs: string;
  /** The 1-based line where the CR starts. */
  readonly line?: number;
  /** Problems, each starting `file:line:` (or `file:`). */
  readonly problems: string[];
}

/**
 * Reads the base file `file` (relative to `cwd`, the project root cdk8s runs the app in) and checks that it holds
 * one CR of `kind`.
 */
export function readBase(file: string, kind: PatchKind, cwd: string = process.cwd()): BaseRead {
  const abs = path.resolve(cwd, file);
  const read = readTextFile(abs, file);
  if ('problem' in read) return { abs, problems: [`${file}: ${read.problem.message}; the base is the file that holds the cluster's ${PATCH_KINDS[kind].kind} cr`] };
  const load = loadText(read.text, file, path.extname(file).toLowerCase() === '.json');
  if (load.problem) {
    const where = load.problem.line !== undefined ? `${file}:${load.problem.line}` : file;
    return { abs, problems: [`${where}: ${load.problem.message}`] };
  }
  const problems = load.findings.map((f) => `${file}:${f.line ?? f.doc.line}: ${f.message}`);
  if (problems.length > 0) return { abs, problems };
  if (load.objects.length === 0) return { abs, problems: [`${file}: holds no object; the base is the file that holds the cluster's ${PATCH_KINDS[kind].kind} cr`] };
  if (load.objects.length > 1) {
    const list = load.objects.map((o) => `${String(o.manifest.kind)} at line ${o.doc.line}`).join(', ');
    return { abs, problems: [`${file}: holds ${load.objects.length} objects (${list}); the base must hold the cr alone: move the others into files of their own, listed in the same kustomization.yaml`] };
  }
  const [only] = load.objects;
  const line = only.doc.line;
  const bad = baseProblems(only.manifest, kind);
  if (bad.length > 0) return { abs, line, problems: bad.map((p) => `${file}:${line}: ${p}`) };
  return { abs, line, manifest: only.manifest as Json, problems: [] };
}

/**
 * The names kustomize looks for in a folder (kustomize v5.5.0, as in kubectl 1.32: "unable to find one of
 * 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory").
 */
export const KUSTOMIZATION_NAMES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * Checks that the base file's folder is a kustomization that lists the base file, so an overlay elsewhere can use
 * the folder as its resource: kustomize's default load restrictor (LoadRestrictionsRootOnly) refuses a file outside
 * the overlay's folder ("security; file ... is not in or below ..." in kustomize v5.5.0), but takes a folder that
 * holds a kustomization (kubectl.docs.kubernetes.io/references/kustomize/kustomization/: a resource is a file or
 * "a directory ... that contains a kustomization.yaml file").
 * `file` is the base as the user named it, for messages.
 */
export function checkBaseKustomization(file: string, abs: string): string[] {
  const dir = path.dirname(abs);
  const found = KUSTOMIZATION_NAMES.map((n) => path.join(dir, n)).find((p) => fs.existsSync(p));
  const shownDir = path.dirname(file) === '.' ? 'its folder' : `${path.dirname(file)}/`;
  const fix = `add a kustomization.yaml to ${shownDir} that lists ${path.basename(file)} under resources`;
  if (!found) {
    return [`${file}: kustomize refuses files outside an overlay's folder, so the overlay refers to the base's folder, which needs a kustomization of its own; ${fix}`];
  }
  const shownK = path.join(path.dirname(file), path.basename(found));
  const read = readTextFile(found, shownK);
  if ('problem' in read) return [`${shownK}: ${read.problem.message}`];
  let k: unknown;
  try {
    k = loadYaml(read.text, { schema: SCHEMA });
  } catch (e) {
    const line = (e as { mark?: { line?: number } }).mark?.line;
    return [`${shownK}${line !== undefined ? `:${line + 1}` : ''}: cannot parse: ${String((e as Error).message ?? e).split('\n')[0]}`];
  }
  const resources = isObject(k) && Array.isArray(k.resources) ? k.resources : [];
  const listed = resources.some((r) => typeof r === 'string' && path.resolve(dir, r) === abs);
  if (!listed) return [`${shownK}: does not list ${path.basename(file)} under resources, so the overlay would not patch it; ${fix}`];
  return [];
}

/** `to` relative to `from`, with `/` separators, as a kustomization names it. */
export function kustomizeRef(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}
