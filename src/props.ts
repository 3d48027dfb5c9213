import type { Construct } from 'constructs';
import type { z } from 'zod';
import { show } from './rules/util';

/** What `checkProps` found. */
export interface ShapeCheck<T> {
  /** The props without the top-level keys that have a problem. */
  readonly props: Partial<T>;
  /** False when a required key has a problem: the object cannot be judged by the rules. */
  readonly complete: boolean;
  /** True when nothing has a problem. */
  readonly valid: boolean;
  /** The props paths with a problem (`memory`, `interfaces[0].binding`), to leave out rule findings they cause. */
  readonly problemPaths: readonly string[];
}

/**
 * Checks a construct's props for shape and types (values are judged by the rules). Problems are not thrown: they
 * are reported by the construct's validation at synth, together with every other problem of the app.
 *
 * Returns the props without the top-level keys that have a problem, so the construct still renders what is right
 * and the rules judge it with the rest of the app; `complete` is false when a required key was among them (the
 * object then cannot be judged, and is left out of the rules); `valid` is true when there was no problem.
 */
export function checkProps<T extends object>(scope: Construct, schema: z.ZodObject, props: unknown): ShapeCheck<T> {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    const errors = [`props: expected an object; got ${describeValue(props)}`];
    scope.node.addValidation({ validate: () => errors });
    return { props: {}, complete: false, valid: false, problemPaths: [''] };
  }
  const result = schema.safeParse(props);
  if (result.success) return { props: props as Partial<T>, complete: true, valid: true, problemPaths: [] };
  const errors = result.error.issues.map((issue) => formatIssue(issue, props, 'props', schema));
  scope.node.addValidation({ validate: () => errors });
  const bad = new Set(result.error.issues.map((i) => i.path[0]).filter((k): k is string => typeof k === 'string'));
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) if (!bad.has(k) && k in schema.shape) kept[k] = v;
  // a key is required when its schema does not accept its absence
  const complete = [...bad].every((k) => !(k in schema.shape) || schema.shape[k].safeParse(undefined).success);
  return { props: kept as Partial<T>, complete, valid: false, problemPaths: result.error.issues.map((i) => pathText('', i.path).replace(/^\./, '')) };
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
