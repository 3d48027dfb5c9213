/**
 * A CRD's `openAPIV3Schema`, compiled once into `SchemaNode`s: keywords read and checked, enums indexed,
 * patterns translated from Go's syntax. The walk is iterative and keeps one node per schema object, so a schema
 * that YAML aliases make refer to itself compiles to a graph, not an endless tree.
 *
 * The subset is the one structural schemas use (Kubernetes docs, "Specifying a structural schema";
 * k8s.io/apiextensions-apiserver pkg/apis/apiextensions/validation): `type`, `properties`, `required`,
 * `additionalProperties`, `items`, `enum`, `pattern`, `format`, the numeric, length, item-count and property-count
 * bounds, `multipleOf`, `nullable`, `allOf`/`anyOf`/`oneOf`/`not` (value checks), and the `x-kubernetes-*`
 * extensions `int-or-string`, `preserve-unknown-fields`, `embedded-resource`, `list-type` and `list-map-keys`.
 * Not checked: `x-kubernetes-validations` (CEL rules), `default` (the API server applies defaults; it does not
 * validate against them), and formats other than int32, int64 and date-time.
 */
import { join } from '../rules/util';
import { CRD_QUANTITY_PATTERN } from './quantity';
import { translateRe2 } from './re2';

export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

const TYPES: ReadonlySet<string> = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

/** A compiled pattern: how to test a string, or why it is not tested. */
export interface SchemaPattern {
  /** The pattern as the CRD writes it (Go syntax). */
  readonly source: string;
  /** The Kubernetes quantity pattern: tested with the quantity grammar instead. */
  readonly quantity: boolean;
  /** Undefined when the pattern cannot be checked (see `skipped`). */
  readonly regexp?: RegExp;
  readonly skipped?: string;
}

/** One schema object, compiled. */
export interface SchemaNode {
  /** The schema's own path inside `openAPIV3Schema`, for messages about the schema. */
  readonly where: string;
  type?: SchemaType;
  nullable: boolean;
  intOrString: boolean;
  preserveUnknown: boolean;
  embedded: boolean;
  properties?: Map<string, SchemaNode>;
  /** `true`/`false`, or the schema of every value. */
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  required: readonly string[];
  enumValues?: readonly unknown[];
  /** Enum values that are scalars, for a constant-time test. */
  enumScalars?: ReadonlySet<unknown>;
  pattern?: SchemaPattern;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum: boolean;
  exclusiveMaximum: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: readonly string[];
  allOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  not?: SchemaNode;
}

/** A pattern that is not checked, where, and why. */
export interface SkippedPattern {
  readonly where: string;
  readonly pattern: string;
  readonly reason: string;
}

/** What compiling found: problems make the schema unusable; `skipped` are patterns left unchecked. */
export interface CompileResult {
  readonly root: SchemaNode;
  readonly problems: string[];
  readonly skipped: SkippedPattern[];
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

const MAX_PROBLEMS = 20;

/**
 * Compiles a schema object. `base` names it in messages (`schema.openAPIV3Schema`).
 * Never throws: what is wrong with the schema is listed in `problems`.
 */
export function compileSchema(raw: unknown, base = 'schema.openAPIV3Schema'): CompileResult {
  const problems: string[] = [];
  const skipped: SkippedPattern[] = [];
  const nodes = new Map<object, SchemaNode>();
  const queue: Array<{ raw: unknown; where: string; node: SchemaNode }> = [];
  const problem = (where: string, text: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(`${where}: ${text}`);
  };
  const nodeOf = (r: unknown, where: string): SchemaNode => {
    if (isObj(r)) {
      const known = nodes.get(r);
      if (known) return known;
    }
    const node: SchemaNode = {
      where, nullable: false, intOrString: false, preserveUnknown: false, embedded: false, required: [],
      exclusiveMinimum: false, exclusiveMaximum: false,
    };
    if (!isObj(r)) {
      problem(where, `is ${r === null ? 'null' : Array.isArray(r) ? 'a list' : `a ${typeof r}`}; a schema is an object`);
      return node;
    }
    nodes.set(r, node);
    queue.push({ raw: r, where, node });
    return node;
  };
  const root = nodeOf(raw, base);
  for (let q = 0; q < queue.length; q++) {
    const { raw: r, where, node } = queue[q];
    const s = r as Record<string, unknown>;
    const num = (key: string): number | undefined => {
      const v = s[key];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        problem(join(where, key), `${JSON.stringify(v)} is not a number`);
        return undefined;
      }
      return v;
    };
    const bool = (key: string): boolean => {
      const v = s[key];
      if (v === undefined || v === null) return false;
      if (typeof v !== 'boolean') {
        problem(join(where, key), `${JSON.stringify(v)} is not true or false`);
        return false;
      }
      return v;
    };
    const nodeList = (key: string): SchemaNode[] | undefined => {
      const v = s[key];
      if (v === undefined || v === null) return undefined;
      if (!Array.isArray(v)) {
        problem(join(where, key), 'is not a list of schemas');
        return undefined;
      }
      return v.map((x, i) => nodeOf(x, join(where, key, i)));
    };

    const type = s.type;
    if (type !== undefined && type !== null) {
      if (typeof type !== 'string' || !TYPES.has(type)) {
        problem(join(where, 'type'), `${JSON.stringify(type)} is not a type; use object, array, string, integer, number or boolean`);
      } else {
        node.type = type as SchemaType;
      }
    }
    node.nullable = bool('nullable');
    node.intOrString = bool('x-kubernetes-int-or-string');
    node.preserveUnknown = bool('x-kubernetes-preserve-unknown-fields');
    node.embedded = bool('x-kubernetes-embedded-resource');
    node.exclusiveMinimum = bool('exclusiveMinimum');
    node.exclusiveMaximum = bool('exclusiveMaximum');

    const props = s.properties;
    if (props !== undefined && props !== null) {
      if (!isObj(props)) {
        problem(join(where, 'properties'), 'is not a map of field names to schemas');
      } else {
        const m = new Map<string, SchemaNode>();
        for (const key of Object.keys(props)) m.set(key, nodeOf(props[key], join(where, 'properties', key)));
        node.properties = m;
      }
    }
    const additional = s.additionalProperties;
    if (typeof additional === 'boolean') node.additionalProperties = additional;
    else if (additional !== undefined && additional !== null) node.additionalProperties = nodeOf(additional, join(where, 'additionalProperties'));

    if (s.items !== undefined && s.items !== null) {
      if (Array.isArray(s.items)) problem(join(where, 'items'), 'is a list; structural schemas take one schema for every item');
      else node.items = nodeOf(s.items, join(where, 'items'));
    }

    const required = s.required;
    if (required !== undefined && required !== null) {
      if (!Array.isArray(required) || required.some((x) => typeof x !== 'string')) problem(join(where, 'required'), 'is not a list of field names');
      else node.required = required as string[];
    }

    const enumValues = s.enum;
    if (enumValues !== undefined && enumValues !== null) {
      if (!Array.isArray(enumValues)) {
        problem(join(where, 'enum'), 'is not a list of values');
      } else {
        node.enumValues = enumValues;
        node.enumScalars = new Set(enumValues.filter((v) => v === null || typeof v !== 'object'));
      }
    }

    const pattern = s.pattern;
    if (pattern !== undefined && pattern !== null) {
      if (typeof pattern !== 'string') {
        problem(join(where, 'pattern'), `${JSON.stringify(pattern)} is not a regular expression`);
      } else if (pattern === CRD_QUANTITY_PATTERN) {
        node.pattern = { source: pattern, quantity: true };
      } else {
        const t = translateRe2(pattern);
        if (t.ok) {
          node.pattern = { source: pattern, quantity: false, regexp: t.regexp };
        } else {
          node.pattern = { source: pattern, quantity: false, skipped: t.reason };
          skipped.push({ where: join(where, 'pattern'), pattern, reason: t.reason });
        }
      }
    }
    if (typeof s.format === 'string') node.format = s.format;

    node.minimum = num('minimum');
    node.maximum = num('maximum');
    node.multipleOf = num('multipleOf');
    node.minLength = num('minLength');
    node.maxLength = num('maxLength');
    node.minItems = num('minItems');
    node.maxItems = num('maxItems');
    node.minProperties = num('minProperties');
    node.maxProperties = num('maxProperties');

    const listType = s['x-kubernetes-list-type'];
    if (listType === 'atomic' || listType === 'set' || listType === 'map') node.listType = listType;
    else if (listType !== undefined && listType !== null) problem(join(where, 'x-kubernetes-list-type'), `${JSON.stringify(listType)} is not atomic, set or map`);
    const mapKeys = s['x-kubernetes-list-map-keys'];
    if (Array.isArray(mapKeys) && mapKeys.every((k) => typeof k === 'string')) node.listMapKeys = mapKeys as string[];

    node.allOf = nodeList('allOf');
    // an int-or-string's anyOf [{type: integer}, {type: string}] only declares the two types
    if (!node.intOrString) node.anyOf = nodeList('anyOf');
    node.oneOf = nodeList('oneOf');
    if (s.not !== undefined && s.not !== null) node.not = nodeOf(s.not, join(where, 'not'));
  }
  return { root, problems, skipped };
}
