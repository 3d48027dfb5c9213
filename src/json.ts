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
