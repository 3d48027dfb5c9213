import type { Construct } from 'constructs';
import type { z } from 'zod';
import { show } from './rules/util';

/**
 * Checks a construct's props against its schema. Problems are not thrown: they are reported by the construct's
 * validation at synth, together with every other problem of the app. Returns the props when they are valid.
 */
export function checkProps<T>(scope: Construct, schema: z.ZodType<T>, props: unknown): T | undefined {
  const result = schema.safeParse(props);
  if (result.success) return props as T;
  const errors = result.error.issues.map((issue) => formatIssue(issue, props));
  scope.node.addValidation({ validate: () => errors });
  return undefined;
}

function pathText(path: ReadonlyArray<PropertyKey>): string {
  let out = 'props';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

function formatIssue(issue: z.core.$ZodIssue, props: unknown): string {
  const value = valueAt(props, issue.path);
  const msg = issue.message.charAt(0).toLowerCase() + issue.message.slice(1).replace(/\.$/, '');
  const got = value === undefined ? 'nothing' : describeValue(value);
  return `${pathText(issue.path)}: ${msg}; got ${got}`;
}

function describeValue(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && value.constructor && value.constructor !== Object) {
    return `a ${value.constructor.name}`;
  }
  return show(value);
}

/**
 * The object name: `given`, or the construct id. A defaulted id that is not a valid object name is reported at
 * synth (a given name is checked by the props schema).
 */
export function nameOf(scope: Construct, id: string, given: string | undefined, pattern: z.ZodType<string>): { name: string; ok: boolean } {
  if (given !== undefined) return { name: given, ok: true };
  if (pattern.safeParse(id).success) return { name: id, ok: true };
  scope.node.addValidation({ validate: () => [`props.name: the construct id "${id}" is not a valid object name; set name to a lowercase dns name (a-z, 0-9, -, .)`] });
  return { name: id, ok: false };
}
