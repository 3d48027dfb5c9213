/**
 * Shape and type helpers for the construct props. Values are not judged here: the rule engine judges them, with the
 * patterns of src/rules/patterns.ts, so a value is accepted or rejected in one way only (at synth, and by
 * `kubevirt-netbind lint`). The value helpers below are plain string checks, kept so the constructs that import
 * them compile; their names say which rule judges the value.
 */
import { z } from 'zod';

/** A string; its value is judged by the `object-metadata` rule (a namespace: a DNS-1123 label). */
export const dnsLabel = z.string();

/** A string; its value is judged by the `object-metadata` rule (an object name: a DNS-1123 subdomain). */
export const dnsSubdomain = z.string();

/** Labels and annotations: a map of strings; keys and values are judged by the `object-metadata` rule. */
export const labelMap = z.record(z.string(), z.string());

/** A string; its value is judged by the rules (`vmi-memory`, `registration-overhead`). */
export const quantity = z.string();

/** An instance of a class (also one with a private constructor, as the enum-like classes have). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function instanceOf<T>(cls: Function & { prototype: T }, message: string) {
  return z.custom<T>((v) => v instanceof cls, { message });
}
