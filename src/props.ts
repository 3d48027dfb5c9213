import type { Construct } from 'constructs';
import { show } from './rules/util';
import type { ObjectSchema, Schema, ShapeIssue } from './shape';

/** What `checkProps` found. */
export interface ShapeCheck<T> {
  /** The props without the top-level keys that have a problem. */
  readonly props: Partial<T>;
  /** True when nothing has a problem. */
  readonly valid: boolean;
  /** The props paths with a problem (`memory`, `interfaces[0].binding`), to leave out rule findings they cause. */
  readonly problemPaths: readonly string[];
}

/**
 * Checks a construct's props (or a method's options, named by `root`) for shape and types (values are judged by the rules). Problems are not thrown: they
 * are reported by the construct's validation at synth, together with every other problem of the app.
 *
 * Returns the props without the top-level keys that have a problem, so the construct still renders what is right
 * and the rules judge it with the rest of the app; `valid` is true when there was no problem.
 */
export function checkProps<T extends object>(scope: Construct, schema: ObjectSchema, props: unknown, root = 'props'): ShapeCheck<T> {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    const errors = [`${root}: expected an object; got ${describeValue(props)}`];
    scope.node.addValidation({ validate: () => errors });
    return { props: {}, valid: false, problemPaths: [''] };
  }
  const issues = schema.issues(props);
  if (issues.length === 0) return { props: props as Partial<T>, valid: true, problemPaths: [] };
  const errors = issues.map((issue) => formatIssue(issue, props, root));
  scope.node.addValidation({ validate: () => errors });
  const bad = new Set(issues.map((i) => i.path[0]).filter((k): k is string => typeof k === 'string'));
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) if (!bad.has(k) && k in schema.shape) kept[k] = v;
  const problemPaths = issues.map((i) => pathText('', i.path).replace(/^\./, ''));
  return { props: kept as Partial<T>, valid: false, problemPaths };
}

/**
 * Every problem of `value` against `schema`, each as `<root>.<path>: <what is wrong>; got <value>`, or for an
 * unknown key `<root>.<path>: unknown key "k"; accepted: a, b`.
 */
export function propErrors(schema: Schema, value: unknown, root: string): string[] {
  return schema.issues(value).map((issue) => formatIssue(issue, value, root));
}

function pathText(root: string, path: ReadonlyArray<PropertyKey>): string {
  let out = root;
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

function formatIssue(issue: ShapeIssue, props: unknown, root: string): string {
  if (issue.unknownKeys) {
    const keys = issue.unknownKeys.map((k) => `"${k}"`).join(', ');
    return `${pathText(root, issue.path)}: unknown key ${keys}; accepted: ${issue.acceptedKeys!.join(', ')}`;
  }
  const value = valueAt(props, issue.path);
  const got = value === undefined ? 'nothing' : describeValue(value);
  return `${pathText(root, issue.path)}: ${issue.message}; got ${got}`;
}

function describeValue(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && value.constructor && value.constructor !== Object) {
    return `a ${value.constructor.name}`;
  }
  return show(value);
}
