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

/** Longest string a message quotes whole; a longer one is cut, with its length. */
export const SHOW_STRING_MAX = 200;
/** Longest rendering of a list or object in a message. */
const SHOW_VALUE_MAX = 80;

/**
 * Quotes a value for a message: strings in double quotes (cut after 200 characters, `"abc..."... (5000 chars)`),
 * the rest as JSON cut after 80 characters, except the numbers JSON has no words for, written as YAML writes them
 * (`.nan`, `.inf`, `-.inf`: a manifest can only have them from those spellings). Costs at most what it prints,
 * whatever the size of the value (an expanded YAML alias may be huge).
 */
export function show(x: unknown): string {
  if (typeof x === 'string') {
    return x.length <= SHOW_STRING_MAX ? JSON.stringify(x) : `${JSON.stringify(x.slice(0, SHOW_STRING_MAX))}... (${x.length} chars)`;
  }
  if (x === undefined) return 'nothing';
  // functions and symbols have no JSON
  if (typeof x === 'function') return 'a function';
  const out: string[] = [];
  let length = 0;
  const put = (s: string) => {
    out.push(s);
    length += s.length;
  };
  // JSON.stringify's rendering, stopping once past the limit
  const render = (v: unknown, depth: number): void => {
    if (length > SHOW_VALUE_MAX) return;
    if (typeof v === 'number') put(Number.isNaN(v) ? '.nan' : v === Infinity ? '.inf' : v === -Infinity ? '-.inf' : String(v));
    else if (typeof v === 'string') put(JSON.stringify(v.length <= SHOW_VALUE_MAX ? v : v.slice(0, SHOW_VALUE_MAX)));
    else if (v === null || typeof v === 'boolean') put(String(v));
    else if (typeof v === 'bigint') put(String(v));
    else if (v instanceof Date) put(Number.isNaN(v.getTime()) ? 'null' : JSON.stringify(v.toISOString()));
    else if (depth > 20) put('...');
    else if (Array.isArray(v)) {
      put('[');
      for (let i = 0; i < v.length && length <= SHOW_VALUE_MAX; i++) {
        if (i > 0) put(',');
        const item = v[i];
        render(item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item, depth + 1);
      }
      put(']');
    } else if (typeof v === 'object') {
      put('{');
      let first = true;
      for (const key in v as Record<string, unknown>) {
        if (length > SHOW_VALUE_MAX) break;
        if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
        const item = (v as Record<string, unknown>)[key];
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
        put(`${first ? '' : ','}${JSON.stringify(key.length <= SHOW_VALUE_MAX ? key : key.slice(0, SHOW_VALUE_MAX))}:`);
        first = false;
        render(item, depth + 1);
      }
      put('}');
    } else put(String(v));
  };
  render(x, 0);
  const s = out.join('');
  return s.length > SHOW_VALUE_MAX ? `${s.slice(0, SHOW_VALUE_MAX - 3)}...` : s;
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
