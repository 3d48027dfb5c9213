import { z } from 'zod';
import { QUANTITY_PATTERN } from './rules/util';

/** RFC 1123 label: what Kubernetes accepts as a namespace name. */
export const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a lowercase dns label (a-z, 0-9, -; at most 63 characters)').max(63);

/** RFC 1123 subdomain: what Kubernetes accepts as most object names. */
export const dnsSubdomain = z.string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'expected a lowercase dns name (a-z, 0-9, -, .; at most 253 characters)')
  .max(253);

/** Labels and annotations. */
export const labelMap = z.record(z.string(), z.string());

/** A Kubernetes quantity such as `500Mi` or `1Gi`. */
export const quantity = z.string().regex(QUANTITY_PATTERN, 'expected a kubernetes quantity such as "500Mi" or "1Gi"');

/** An instance of a class (also one with a private constructor, as the enum-like classes have). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function instanceOf<T>(cls: Function & { prototype: T }, message: string) {
  return z.custom<T>((v) => v instanceof cls, { message });
}
