/** Small, total accessors over untrusted manifests: they never throw on a wrong type. */

export type Obj = Record<string, unknown>;

export function isObject(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The value as an object, or undefined when it is anything else. */
export function obj(x: unknown): Obj | undefined {
  return isObject(x) ? x : undefined;
}

/** The value as a list, or [] when it is anything else (the structure rule reports wrong types). */
export function list(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}

/** The value as a string, or undefined. */
export function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

/** Follows a chain of object keys; undefined as soon as a step is not an object. */
export function dig(x: unknown, ...keys: string[]): unknown {
  let cur: unknown = x;
  for (let i = 0; i < keys.length; i++) {
    if (!isObject(cur)) return undefined;
    cur = cur[keys[i]];
  }
  return cur;
}

/** True when the key is present on the object (even with an empty object as value). */
export function has(x: unknown, key: string): boolean {
  if (!isObject(x)) return false;
  const v = x[key]; // one keyed load: with the many shapes of parsed objects, each is a hash lookup
  return v !== undefined && v !== null;
}

/** Quotes a value for a message: strings in double quotes, the rest as JSON. */
export function show(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x);
  if (x === undefined) return 'nothing';
  try {
    const s = JSON.stringify(x);
    // functions and symbols have no JSON
    if (s === undefined) return typeof x === 'function' ? 'a function' : String(x);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    // cycles, nesting too deep for JSON.stringify, bigints
    if (typeof x === 'bigint') return String(x);
    return Array.isArray(x) ? 'a list that cannot be shown as JSON' : 'an object that cannot be shown as JSON';
  }
}

/** Joins a field path: `join('spec', 'a', 0, 'b')` is `spec.a[0].b`. Keys that are not identifiers are bracketed. */
export function join(base: string, ...parts: Array<string | number>): string {
  let out = base;
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (isIdentifier(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;
const identifiers = new Map<string, boolean>();

/** Whether a key prints as `.key` (cached: paths repeat the same few keys). */
function isIdentifier(key: string): boolean {
  let known = identifiers.get(key);
  if (known === undefined) {
    known = IDENTIFIER.test(key);
    if (identifiers.size < 10_000) identifiers.set(key, known);
  }
  return known;
}

/** @deprecated import it from './patterns' (kept for code that imported it from here). */
export { QUANTITY_PATTERN } from './patterns';

/** Splits `ns/name` or `name`; the namespace falls back to `defaultNamespace`. */
export function splitNamespacedName(ref: string, defaultNamespace: string): { namespace: string; name: string; explicit: boolean } {
  const i = ref.indexOf('/');
  if (i < 0) return { namespace: defaultNamespace, name: ref, explicit: false };
  return { namespace: ref.slice(0, i), name: ref.slice(i + 1), explicit: true };
}
