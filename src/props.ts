import type { Construct } from 'constructs';
import type { z } from 'zod';
import { show } from './rules/util';

/**
 * Checks a construct's props against its schema. Problems are not thrown: they are reported by the construct's
 * validation at synth, together with every other problem of the app. Returns the props when they are valid.
 */
export function checkProps<T>(scope: Construct, schema: z.ZodType<T>, props: unknown): T | undefined {
  const errors = propErrors(schema, props, 'props');
  if (errors.length === 0) return props as T;
  scope.node.addValidation({ validate: () => errors });
  return undefined;
}

/**
 * Every problem of `value` against `schema`, each as `<root>.<path>: <what is wrong>; got <value>`, or for an
 * unknown key `<root>.<path>: unknown key "k"; accepted: a, b`.
 */
export function propErrors(schema: z.ZodType, value: unknown, root: string): string[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => formatIssue(issue, value, root, schema));
}

function pathText(root: string, path: ReadonlyArray<PropertyKey>): string {
  let out = root;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}

/** The keys an object schema accepts at `path` (through arrays and optionals), when it can be told. */
function acceptedKeys(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] | undefined {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let cur: any = schema;
  const unwrap = () => {
    while (cur && (cur.def?.type === 'optional' || cur.def?.type === 'nullable')) cur = cur.def.innerType;
  };
  unwrap();
  for (const p of path) {
    if (typeof p === 'number') cur = cur?.def?.type === 'array' ? cur.def.element : undefined;
    else cur = cur?.def?.type === 'object' ? cur.def.shape?.[p] : undefined;
    unwrap();
  }
  return cur?.def?.type === 'object' ? Object.keys(cur.def.shape) : undefined;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

function formatIssue(issue: z.core.$ZodIssue, props: unknown, root: string, schema: z.ZodType): string {
  if (issue.code === 'unrecognized_keys') {
    const accepted = acceptedKeys(schema, issue.path);
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return `${pathText(root, issue.path)}: unknown key ${keys}${accepted ? `; accepted: ${accepted.join(', ')}` : ''}`;
  }
  const value = valueAt(props, issue.path);
  const msg = issue.message.charAt(0).toLowerCase() + issue.message.slice(1).replace(/\.$/, '');
  const got = value === undefined ? 'nothing' : describeValue(value);
  return `${pathText(root, issue.path)}: ${msg}; got ${got}`;
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
