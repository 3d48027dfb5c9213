/**
 * CustomResourceDefinitions given by the user (`kubevirt-netbind lint --crds`, `lint(manifests, { crds })`):
 * read from YAML or JSON files and folders, or taken as parsed objects, and compiled per served version.
 *
 * Only `apiextensions.k8s.io/v1` CRDs are taken (v1beta1 was removed in Kubernetes 1.22). Each version's schema is
 * `spec.versions[].schema.openAPIV3Schema`; a served version without one is a problem, since v1 CRDs require it.
 * Anything else in the input (a document that is not a CRD, a file that cannot be read or parsed, a schema
 * keyword of the wrong type) is a `CrdError` naming the file and what was expected: a schema check against a
 * half-read set of CRDs would pass objects it should not.
 */
import { compileSchema, SchemaNode, SkippedPattern } from './node';

/** CRD input that cannot be used; the message names the file and what was expected. */
export class CrdError extends Error {
  /** One line per problem (the message joins them). */
  public readonly problems: readonly string[];

  public constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : [...problems];
    super(list.join('\n'));
    this.name = 'CrdError';
    this.problems = list;
  }
}

/** One version of a CRD. */
export interface CrdVersion {
  readonly name: string;
  readonly served: boolean;
  /** The compiled `schema.openAPIV3Schema`; undefined only for a version that is not served and has none. */
  readonly schema?: SchemaNode;
}

/** One CRD, compiled. */
export interface Crd {
  /** `plural.group`, the CRD's name. */
  readonly name: string;
  readonly group: string;
  readonly kind: string;
  readonly versions: ReadonlyMap<string, CrdVersion>;
  /** Where it was read from (a file, or `crds[2]` for a parsed object). */
  readonly source: string;
}

/** The CRDs a run checks objects against, by group and kind. */
export class CrdSet {
  /** An empty set: the `schema` rule checks nothing. */
  public static readonly EMPTY = new CrdSet([], []);

  private readonly byGroupKind = new Map<string, Crd>();

  /**
   * @param crds compiled CRDs; two of one group and kind are a CrdError
   * @param notes patterns that are not checked, and why
   */
  public constructor(crds: readonly Crd[], public readonly notes: readonly string[]) {
    for (const crd of crds) {
      const key = `${crd.group}\u0000${crd.kind}`;
      const other = this.byGroupKind.get(key);
      if (other) throw new CrdError(`${crd.source}: ${crd.kind}.${crd.group} is defined again (first in ${other.source}); give each crd once`);
      this.byGroupKind.set(key, crd);
    }
  }

  /** The CRD of a group and kind. */
  public find(group: string, kind: string): Crd | undefined {
    return this.byGroupKind.get(`${group}\u0000${kind}`);
  }

  /** Every CRD, in the order given. */
  public get crds(): Crd[] {
    return [...this.byGroupKind.values()];
  }

  public get size(): number {
    return this.byGroupKind.size;
  }
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export const EXPECTED = 'expected an apiextensions.k8s.io/v1 CustomResourceDefinition';

/**
 * Compiles one parsed CRD. `source` names it in messages (a file, `file` document 2, `crds[0]`).
 * @throws CrdError naming the source and what was expected
 */
export function compileCrd(doc: unknown, source: string): { crd: Crd; notes: string[] } {
  if (!isObj(doc)) throw new CrdError(`${source}: ${EXPECTED}, not ${Array.isArray(doc) ? 'a list' : doc === null ? 'an empty document' : `a ${typeof doc}`}`);
  const kind = doc.kind;
  const apiVersion = doc.apiVersion;
  if (kind !== 'CustomResourceDefinition') {
    throw new CrdError(`${source}: ${EXPECTED}, not kind ${JSON.stringify(kind ?? null)}${typeof (doc.metadata as { name?: unknown } | undefined)?.name === 'string' ? ` (${(doc.metadata as { name: string }).name})` : ''}`);
  }
  if (apiVersion !== 'apiextensions.k8s.io/v1') {
    throw new CrdError(`${source}: ${EXPECTED}, not apiVersion ${JSON.stringify(apiVersion ?? null)} (v1beta1 crds were removed in kubernetes 1.22)`);
  }
  const spec = doc.spec;
  const name = isObj(doc.metadata) && typeof doc.metadata.name === 'string' ? doc.metadata.name : undefined;
  const label = name ?? '(unnamed crd)';
  if (!isObj(spec)) throw new CrdError(`${source}: ${label}: no spec; ${EXPECTED} with spec.group, spec.names.kind and spec.versions`);
  const group = spec.group;
  const kindName = isObj(spec.names) ? spec.names.kind : undefined;
  if (typeof group !== 'string' || group === '') throw new CrdError(`${source}: ${label}: spec.group is not set; ${EXPECTED}`);
  if (typeof kindName !== 'string' || kindName === '') throw new CrdError(`${source}: ${label}: spec.names.kind is not set; ${EXPECTED}`);
  if (!Array.isArray(spec.versions) || spec.versions.length === 0) throw new CrdError(`${source}: ${label}: spec.versions is not a list of versions; ${EXPECTED}`);
  const versions = new Map<string, CrdVersion>();
  const skipped: SkippedPattern[] = [];
  const problems: string[] = [];
  spec.versions.forEach((v: unknown, i: number) => {
    const at = `spec.versions[${i}]`;
    if (!isObj(v) || typeof v.name !== 'string' || v.name === '') {
      problems.push(`${at} has no name`);
      return;
    }
    const served = v.served === true;
    const raw = isObj(v.schema) ? v.schema.openAPIV3Schema : undefined;
    if (raw === undefined || raw === null) {
      if (served) problems.push(`${at} (${v.name}) has no schema.openAPIV3Schema; a served version needs one`);
      versions.set(v.name, { name: v.name, served });
      return;
    }
    const compiled = compileSchema(raw, `${at}.schema.openAPIV3Schema`);
    problems.push(...compiled.problems);
    skipped.push(...compiled.skipped);
    versions.set(v.name, { name: v.name, served, schema: compiled.root });
  });
  if (problems.length > 0) throw new CrdError(`${source}: ${label}: ${problems.join('; ')}`);
  // one note per pattern text, however many fields and versions carry it
  const byPattern = new Map<string, SkippedPattern[]>();
  for (const k of skipped) {
    const list = byPattern.get(k.pattern);
    if (list) list.push(k);
    else byPattern.set(k.pattern, [k]);
  }
  const notes = [...byPattern.values()].map((list) => `${source}: ${label}: pattern ${list[0].pattern} (${list.length === 1 ? list[0].where : `${list.length} fields, such as ${list[0].where}`}) is not checked: ${list[0].reason}`);
  return { crd: { name: name ?? `${kindName}.${group}`, group, kind: kindName, versions, source }, notes };
}

/**
 * A CrdSet from parsed CRDs (a `List` of them is taken item by item). `label` names them in messages.
 * @throws CrdError
 */
export function crdSetOf(docs: readonly unknown[], label = 'crds'): CrdSet {
  const crds: Crd[] = [];
  const notes: string[] = [];
  docs.forEach((d, i) => {
    for (const { doc, source } of expandList(d, `${label}[${i}]`)) {
      const c = compileCrd(doc, source);
      crds.push(c.crd);
      notes.push(...c.notes);
    }
  });
  return new CrdSet(crds, notes);
}

export function expandList(doc: unknown, source: string): Array<{ doc: unknown; source: string }> {
  if (isObj(doc) && doc.kind === 'List' && Array.isArray(doc.items)) {
    return doc.items.map((item, i) => ({ doc: item, source: `${source} items[${i}]` }));
  }
  return [{ doc, source }];
}
