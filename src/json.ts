/** Plain-JSON helpers shared by the constructs. */

type Json = Record<string, unknown>;

const isPlainObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Copies a JSON value with object keys sorted (first the `leading` ones, in that order) at every level. */
export function sortKeys(value: unknown, leading: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v));
  if (!isPlainObject(value)) return value;
  const out: Json = {};
  const lead = leading.filter((k) => k in value);
  const rest = Object.keys(value).filter((k) => !lead.includes(k)).sort();
  for (const k of [...lead, ...rest]) {
    // defineProperty, so that a key named __proto__ stays a key
    if (value[k] !== undefined) Object.defineProperty(out, k, { value: sortKeys(value[k]), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * `over` laid over `under`: objects are merged key by key, anything else in `over` replaces what `under` has.
 * Neither input is changed.
 */
export function mergeOver(under: unknown, over: unknown): unknown {
  if (!isPlainObject(under) || !isPlainObject(over)) return over === undefined ? under : over;
  const out: Json = {};
  for (const k of Object.keys(under)) Object.defineProperty(out, k, { value: under[k], enumerable: true, writable: true, configurable: true });
  for (const k of Object.keys(over)) Object.defineProperty(out, k, { value: mergeOver(under[k], over[k]), enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * The value with every object that has no prototype (`Object.create(null)`, which cdk8s cannot serialize) copied
 * into a plain one; the value itself when it holds none.
 */
export function withPrototypes(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > 1000) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((v, i) => {
      const w = withPrototypes(v, depth + 1);
      if (w !== v) (copy ??= [...value])[i] = w;
    });
    return copy ?? value;
  }
  const bare = Object.getPrototypeOf(value) === null;
  let out: Json | undefined = bare ? {} : undefined;
  const src = value as Json;
  for (const k of Object.keys(src)) {
    const w = withPrototypes(src[k], depth + 1);
    if (w !== src[k] && !out) {
      out = {};
      for (const j of Object.keys(src)) Object.defineProperty(out, j, { value: src[j], enumerable: true, writable: true, configurable: true });
    }
    if (out) Object.defineProperty(out, k, { value: w, enumerable: true, writable: true, configurable: true });
  }
  return out ?? value;
}
