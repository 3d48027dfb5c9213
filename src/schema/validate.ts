/**
 * Validates a value against a compiled CRD schema (`node.ts`) the way the API server's structural schema
 * validation does (k8s.io/apiextensions-apiserver pkg/apiserver/validation, which runs kube-openapi's
 * pkg/validation/validate), and reports the fields the API server would prune as unknown.
 *
 * - Iterative: an explicit stack, no recursion over the value, so deep input cannot overflow the call stack.
 * - Linear: each object or list of the value is visited once (one reached twice through YAML aliases is checked
 *   the first time only, which also ends cycles); paths are built only for problems.
 * - Per object, at most `MAX_ISSUES` problems are listed, then one line says how many more there were.
 *
 * Semantics, after Kubernetes:
 * - a field whose value is null and whose schema is not `nullable` is pruned before validation ("Defaulting and
 *   Nullable" in the CRD documentation), so it counts as absent: an error only when required;
 * - unknown fields (not in `properties`, no `additionalProperties`, not under `x-kubernetes-preserve-unknown-fields`)
 *   are pruned by the API server; `kubectl apply` (default `--validate=strict`, server-side field validation, GA in
 *   Kubernetes 1.27, KEP-2885) rejects the object instead. Either way the field does not take effect, so they are
 *   errors here;
 * - `x-kubernetes-embedded-resource`: the object needs `apiVersion` and `kind`; its `metadata` is an ObjectMeta and
 *   not checked, like the top-level `metadata`, `apiVersion` and `kind`;
 * - `x-kubernetes-list-type: set` and `map`: items, or the items' map keys, must be unique.
 */
import { join } from '../rules/util';
import type { SchemaNode, SchemaType } from './node';
import { isQuantityString } from './quantity';

/** One problem: the field, and what is wrong with its value. */
export interface SchemaIssue {
  /** Dotted path with list indexes (`spec.template.spec.domain.devices.interfaces[0].binding.name`). */
  readonly path: string;
  readonly message: string;
}

/** Options of `validateValue`. */
export interface ValidateOptions {
  /** The value is a whole object: its `apiVersion`, `kind` and `metadata` are not checked. @default false */
  readonly topLevel?: boolean;
  /** Path of the value itself. @default '' */
  readonly path?: string;
  /** Report unknown fields. False for the branches of allOf/anyOf/oneOf/not, which do not prune. @default true */
  readonly unknownFields?: boolean;
  /** At most this many issues, then one that counts the rest. @default MAX_ISSUES */
  readonly maxIssues?: number;
}

/** Issues listed per object before the rest are only counted. */
export const MAX_ISSUES = 100;

/** Strings longer than this are cut in messages. */
const SHOW_MAX = 60;

/** A value for a message: strings quoted and cut when long, numbers and booleans as they are, collections named. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') {
    const chars = [...v.length > SHOW_MAX * 2 ? v.slice(0, SHOW_MAX * 2) : v];
    return chars.length > SHOW_MAX ? `${JSON.stringify(chars.slice(0, SHOW_MAX).join(''))}... (${v.length} characters)` : JSON.stringify(v);
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v;
}

const ARTICLE: Record<SchemaType, string> = {
  object: 'an object', array: 'a list', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean',
};

/** What a JSON value is, in words. */
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function hasType(v: unknown, t: SchemaType): boolean {
  switch (t) {
    case 'object': return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'boolean': return typeof v === 'boolean';
    default: return false;
  }
}

const INT32 = [-(2 ** 31), 2 ** 31 - 1] as const;
const INT64 = [-(2 ** 63), 2 ** 63 - 1] as const;

/** RFC 3339 date-time, as strfmt's `date-time` takes it (a `T` or space, seconds fraction and zone optional parts). */
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** Keys of the top level (and of an embedded resource) that the schema does not govern. */
const OBJECT_HEADER = new Set(['apiVersion', 'kind', 'metadata']);

/** Levenshtein distance, for "did you mean" (short keys only: called for unknown fields, never on the clean path). */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

function knownFieldsText(node: SchemaNode, key: string): string {
  const names = [...(node.properties?.keys() ?? [])];
  if (names.length === 0) return 'this object takes no fields';
  let best: string | undefined;
  if (key.length <= 64) {
    // one typo in a short name, two in a longer one; none in a name of one or two characters
    let bestD = (key.length <= 2 ? 0 : key.length <= 5 ? 1 : 2) + 1;
    const lower = key.toLowerCase();
    for (const n of names) {
      const d = n.toLowerCase() === lower ? 0 : distance(key, n);
      if (d < bestD) { bestD = d; best = n; }
    }
  }
  const listed = names.length > 12 ? `${names.slice(0, 12).join(', ')}, ... (${names.length} in all)` : names.join(', ');
  return `${best !== undefined ? `did you mean "${best}"? ` : ''}fields here: ${listed}`;
}

interface Frame {
  readonly node: SchemaNode;
  readonly value: unknown;
  readonly parent: Frame | undefined;
  /** The key or index under the parent; the base path for the first frame. */
  readonly seg: string | number;
  readonly top: boolean;
}

function pathOf(f: Frame): string {
  const segs: Array<string | number> = [];
  let cur: Frame | undefined = f;
  while (cur.parent) {
    segs.push(cur.seg);
    cur = cur.parent;
  }
  let out = String(cur.seg);
  for (let i = segs.length - 1; i >= 0; i--) out = join(out, segs[i]);
  return out;
}

/** Joins a frame's path and one more key or index, for an issue about a field that is missing or unknown. */
function childPath(f: Frame, seg: string | number): string {
  return join(pathOf(f), seg);
}

/**
 * Validates `value` against `root`. Returns the issues, in the order the fields are met (depth first, keys in
 * their order). Never throws on any value.
 */
export function validateValue(root: SchemaNode, value: unknown, options: ValidateOptions = {}): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const maxIssues = options.maxIssues ?? MAX_ISSUES;
  const unknownFields = options.unknownFields ?? true;
  let dropped = 0;
  const report = (path: string, message: string) => {
    if (issues.length < maxIssues) issues.push({ path, message });
    else dropped++;
  };
  const seen = new Set<object>();
  const stack: Frame[] = [{ node: root, value, parent: undefined, seg: options.path ?? '', top: options.topLevel ?? false }];
  while (stack.length > 0) {
    const f = stack.pop()!;
    const { node, value: v } = f;
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) continue;
      seen.add(v);
    }
    if (v === null) {
      if (!node.nullable) report(pathOf(f), `null is not allowed here; expected ${expected(node)}`);
      continue;
    }
    if (node.intOrString) {
      if (!(typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)))) {
        report(pathOf(f), `${showValue(v)} is ${kindOf(v)}; expected an integer or a string${node.pattern?.quantity ? ' (a quantity such as 500Mi, 2Gi or 100m)' : ''}`);
        continue;
      }
    } else if (node.type !== undefined && !hasType(v, node.type)) {
      report(pathOf(f), `${showValue(v)} is ${kindOf(v)}; expected ${ARTICLE[node.type]}`);
      continue;
    }
    valueChecks(f, v, report);
    if (node.allOf || node.anyOf || node.oneOf || node.not) combinators(f, v, report);

    if (Array.isArray(v)) {
      if (node.items) {
        for (let i = v.length - 1; i >= 0; i--) stack.push({ node: node.items, value: v[i], parent: f, seg: i, top: false });
      }
      continue;
    }
    if (typeof v !== 'object') continue;
    // an object
    const o = v as Record<string, unknown>;
    const header = f.top || node.embedded;
    if (node.embedded) {
      for (const key of ['apiVersion', 'kind']) {
        if (typeof o[key] !== 'string' || o[key] === '') report(childPath(f, key), `missing ${key}: an embedded object needs apiVersion and kind`);
      }
    }
    for (const key of node.required) {
      if (header && OBJECT_HEADER.has(key)) continue;
      const child = o[key];
      if (child === undefined || (child === null && !isNullable(node, key))) report(childPath(f, key), `missing required field "${key}"`);
    }
    const props = node.properties;
    const additional = node.additionalProperties;
    const keys = Object.keys(o);
    const pending: Frame[] = [];
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      if (header && OBJECT_HEADER.has(key)) continue;
      const child = o[key];
      const childNode = props?.get(key) ?? (typeof additional === 'object' ? additional : undefined);
      if (childNode) {
        // a null field whose schema is not nullable is pruned: absent (required was checked above)
        if (child === null && !childNode.nullable) continue;
        pending.push({ node: childNode, value: child, parent: f, seg: key, top: false });
        continue;
      }
      if (additional === true || node.preserveUnknown || !unknownFields) continue;
      // the type is object (or absent) and nothing declares the key: the API server prunes it
      if (node.type === undefined && !props && additional === undefined) continue;
      report(childPath(f, key), `unknown field "${key}": the api server drops it and kubectl apply rejects it; ${knownFieldsText(node, key)}`);
    }
    for (let k = pending.length - 1; k >= 0; k--) stack.push(pending[k]);
  }
  if (dropped > 0) issues.push({ path: issues[issues.length - 1]?.path || (options.path ?? '') || 'spec', message: `${dropped} more schema problems in this object are not listed` });
  return issues;
}

function isNullable(node: SchemaNode, key: string): boolean {
  return node.properties?.get(key)?.nullable ?? (typeof node.additionalProperties === 'object' && node.additionalProperties.nullable);
}

/** What a node accepts, in words. */
function expected(node: SchemaNode): string {
  if (node.intOrString) return 'an integer or a string';
  if (node.enumValues) return `one of ${enumText(node.enumValues)}`;
  return node.type ? ARTICLE[node.type] : 'a value';
}

function enumText(values: readonly unknown[]): string {
  const shown = values.slice(0, 20).map((x) => (typeof x === 'string' ? JSON.stringify(x) : JSON.stringify(x) ?? String(x)));
  return values.length > 20 ? `${shown.join(', ')}, ... (${values.length} in all)` : shown.join(', ');
}

function inEnum(node: SchemaNode, v: unknown): boolean {
  if (node.enumScalars!.has(v)) return true;
  if (typeof v !== 'object' || v === null) return false;
  const text = stableJson(v);
  if (text === undefined) return true; // cannot be compared: not reported
  return node.enumValues!.some((e) => typeof e === 'object' && e !== null && stableJson(e) === text);
}

/**
 * JSON with sorted keys, to compare values; undefined for a value JSON cannot write (a cycle made with YAML
 * aliases, or nesting deeper than the call stack): such a value is not compared.
 */
function stableJson(v: unknown): string | undefined {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, (x as Record<string, unknown>)[k]]))
      : x));
  } catch {
    return undefined;
  }
}

/** Code points, as Go's utf8.RuneCountInString counts them for minLength and maxLength. */
function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n--; i++; }
    }
  }
  return n;
}

/** The checks on the value itself (not on its children). */
function valueChecks(f: Frame, v: unknown, report: (path: string, message: string) => void): void {
  const node = f.node;
  if (node.enumValues && !inEnum(node, v)) {
    report(pathOf(f), `${showValue(v)} is not an accepted value; use one of ${enumText(node.enumValues)}`);
    return;
  }
  if (typeof v === 'string') {
    const p = node.pattern;
    if (p) {
      if (p.quantity) {
        if (!isQuantityString(v)) report(pathOf(f), `${showValue(v)} is not a kubernetes quantity; use a number with an optional suffix, such as 500Mi, 2Gi, 1.5, 100m or 1e3`);
      } else if (p.regexp && !p.regexp.test(v)) {
        report(pathOf(f), `${showValue(v)} does not match the pattern ${p.source}`);
      }
    }
    if (node.minLength !== undefined || node.maxLength !== undefined) {
      const len = runeCount(v);
      if (node.minLength !== undefined && len < node.minLength) report(pathOf(f), `${showValue(v)} is ${len} characters long; use at least ${node.minLength}`);
      if (node.maxLength !== undefined && len > node.maxLength) report(pathOf(f), `${showValue(v)} is ${len} characters long; use at most ${node.maxLength}`);
    }
    if (node.format === 'date-time' && !DATE_TIME.test(v)) report(pathOf(f), `${showValue(v)} is not an RFC 3339 date-time such as 2024-01-31T12:00:00Z`);
    return;
  }
  if (typeof v === 'number') {
    if (node.minimum !== undefined && (node.exclusiveMinimum ? v <= node.minimum : v < node.minimum)) {
      report(pathOf(f), `${v} is below the minimum: use a value ${node.exclusiveMinimum ? 'above' : 'of at least'} ${node.minimum}`);
    }
    if (node.maximum !== undefined && (node.exclusiveMaximum ? v >= node.maximum : v > node.maximum)) {
      report(pathOf(f), `${v} is above the maximum: use a value ${node.exclusiveMaximum ? 'below' : 'of at most'} ${node.maximum}`);
    }
    if (node.multipleOf !== undefined && node.multipleOf > 0 && !Number.isInteger(v / node.multipleOf)) {
      report(pathOf(f), `${v} is not a multiple of ${node.multipleOf}`);
    }
    if (Number.isInteger(v) && (node.format === 'int32' || node.format === 'int64')) {
      const [lo, hi] = node.format === 'int32' ? INT32 : INT64;
      if (v < lo || v > hi) report(pathOf(f), `${v} does not fit in an ${node.format}; use ${node.format === 'int32' ? '-2147483648 to 2147483647' : 'a 64-bit integer'}`);
    }
    return;
  }
  if (Array.isArray(v)) {
    if (node.minItems !== undefined && v.length < node.minItems) report(pathOf(f), `the list has ${v.length} items; use at least ${node.minItems}`);
    if (node.maxItems !== undefined && v.length > node.maxItems) report(pathOf(f), `the list has ${v.length} items; use at most ${node.maxItems}`);
    if (node.listType === 'set') {
      const seen = new Map<string, number>();
      for (let i = 0; i < v.length; i++) {
        const key = stableJson(v[i]);
        if (key === undefined) continue;
        const first = seen.get(key);
        if (first !== undefined) report(join(pathOf(f), i), `${showValue(v[i])} is already item ${first}; x-kubernetes-list-type set takes each value once`);
        else seen.set(key, i);
      }
    } else if (node.listType === 'map' && node.listMapKeys && node.listMapKeys.length > 0) {
      const seen = new Map<string, number>();
      const mapKeys = node.listMapKeys;
      for (let i = 0; i < v.length; i++) {
        const item = v[i];
        if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
        const key = stableJson(mapKeys.map((k) => (item as Record<string, unknown>)[k] ?? null));
        if (key === undefined) continue;
        const first = seen.get(key);
        if (first !== undefined) {
          const what = mapKeys.map((k) => `${k} ${showValue((item as Record<string, unknown>)[k] ?? null)}`).join(', ');
          report(join(pathOf(f), i), `an item with ${what} is already item ${first}; the list is a map keyed by ${mapKeys.join(', ')}`);
        } else {
          seen.set(key, i);
        }
      }
    }
    return;
  }
  if (typeof v === 'object' && v !== null) {
    const count = Object.keys(v).length;
    if (node.minProperties !== undefined && count < node.minProperties) report(pathOf(f), `the object has ${count} fields; use at least ${node.minProperties}`);
    if (node.maxProperties !== undefined && count > node.maxProperties) report(pathOf(f), `the object has ${count} fields; use at most ${node.maxProperties}`);
  }
}

/**
 * How deep allOf/anyOf/oneOf/not checks nest (each runs a validation of its own). Real schemas nest them once or
 * twice; a schema that YAML aliases make contain itself would nest them without end, so past this they are not
 * checked.
 */
const MAX_COMBINATOR_DEPTH = 16;
let combinatorDepth = 0;

/** allOf, anyOf, oneOf and not: value checks on the same value, without unknown-field reports. */
function combinators(f: Frame, v: unknown, report: (path: string, message: string) => void): void {
  if (combinatorDepth >= MAX_COMBINATOR_DEPTH) return;
  combinatorDepth++;
  try {
    combinatorChecks(f, v, report);
  } finally {
    combinatorDepth--;
  }
}

function combinatorChecks(f: Frame, v: unknown, report: (path: string, message: string) => void): void {
  const node = f.node;
  const path = pathOf(f);
  const sub = (n: SchemaNode) => validateValue(n, v, { path, unknownFields: false, maxIssues: 5, topLevel: f.top });
  for (const n of node.allOf ?? []) for (const issue of sub(n)) report(issue.path, issue.message);
  if (node.anyOf && node.anyOf.length > 0) {
    const results = node.anyOf.map(sub);
    if (!results.some((r) => r.length === 0)) {
      report(path, `${showValue(v)} matches none of the ${node.anyOf.length} accepted forms (anyOf); the first says: ${results[0][0].message}`);
    }
  }
  if (node.oneOf && node.oneOf.length > 0) {
    const matching = node.oneOf.map(sub).filter((r) => r.length === 0).length;
    if (matching !== 1) report(path, `${showValue(v)} matches ${matching} of the ${node.oneOf.length} forms of oneOf; it must match exactly one`);
  }
  if (node.not && sub(node.not).length === 0) report(path, `${showValue(v)} matches a form the schema excludes (not)`);
}
