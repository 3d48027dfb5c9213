import * as path from 'path';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCrdFiles } from '../../src/schema/files';
import { compileSchema, SchemaNode } from '../../src/schema/node';
import { validateValue } from '../../src/schema/validate';

const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'schema', 'crds');

/** Values a schema accepts: written from the schema's keywords alone, not by the validator. */
function valid(node: SchemaNode, depth = 0): fc.Arbitrary<unknown> {
  if (node.enumValues) return fc.constantFrom(...node.enumValues);
  if (node.intOrString) {
    const ints = fc.integer({ min: 0, max: 1 << 20 });
    if (node.pattern?.quantity) return fc.oneof(ints, fc.tuple(ints, fc.constantFrom('', 'Mi', 'Gi', 'm', 'k')).map(([n, s]) => `${n}${s}`));
    return fc.oneof(ints, fc.string({ maxLength: 8 }));
  }
  switch (node.type) {
    case 'boolean': return fc.boolean();
    case 'integer': {
      const lo = Math.max(node.minimum ?? -(2 ** 31), node.format === 'int32' ? -(2 ** 31) : -Number.MAX_SAFE_INTEGER);
      const hi = Math.min(node.maximum ?? 2 ** 31 - 1, node.format === 'int32' ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER);
      return fc.integer({ min: lo + (node.exclusiveMinimum ? 1 : 0), max: hi - (node.exclusiveMaximum ? 1 : 0) });
    }
    case 'number': return fc.double({ min: node.minimum ?? -1e6, max: node.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true, minExcluded: node.exclusiveMinimum, maxExcluded: node.exclusiveMaximum });
    case 'string': {
      const base = node.pattern?.regexp ? fc.stringMatching(node.pattern.regexp) : fc.string({ minLength: node.minLength ?? 0, maxLength: node.maxLength ?? 12 });
      return base.filter((s) => [...s].length >= (node.minLength ?? 0) && [...s].length <= (node.maxLength ?? Infinity));
    }
    case 'array': {
      const item = node.items ? valid(node.items, depth + 1) : fc.constant('x');
      const constraints = { minLength: node.minItems ?? 0, maxLength: Math.min(node.maxItems ?? 3, 3) };
      if (node.listType === 'set') return fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) });
      if (node.listType === 'map' && node.listMapKeys) {
        const keys = node.listMapKeys;
        return fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(keys.map((k) => (v as Record<string, unknown>)[k])) });
      }
      return fc.array(item, constraints);
    }
    default: {
      if (node.type !== 'object' && node.type !== undefined) return fc.constant(null);
      const props = node.properties ?? new Map<string, SchemaNode>();
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, child] of props) model[k] = valid(child, depth + 1);
      const record = fc.record(model, { requiredKeys: node.required.filter((k) => props.has(k)) });
      if (typeof node.additionalProperties === 'object') {
        const add = node.additionalProperties;
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), valid(add, depth + 1), { maxKeys: 3 });
      }
      if (node.preserveUnknown) {
        return fc.tuple(record, fc.dictionary(fc.constantFrom('zz1', 'zz2'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }))
          .map(([a, b]) => ({ ...b, ...a }));
      }
      return record;
    }
  }
}

/** Random structural schemas: the keywords CRDs use, nested a few levels. */
const schemaArb: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ schema: Record<string, unknown> }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ type: fc.constant('string'), minLength: fc.integer({ min: 0, max: 3 }), maxLength: fc.integer({ min: 3, max: 10 }) }),
    fc.record({ type: fc.constant('string'), enum: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }) }),
    fc.record({ type: fc.constant('string'), pattern: fc.constantFrom('^[a-z]([-a-z0-9]*[a-z0-9])?$', '^[0-9]{1,3}$', '^(\\.[a-z]+)*$') }),
    fc.record({ type: fc.constant('integer'), minimum: fc.integer({ min: -5, max: 0 }), maximum: fc.integer({ min: 1, max: 100 }), format: fc.constantFrom('int32', 'int64') }),
    fc.record({ type: fc.constant('number'), minimum: fc.constant(0), exclusiveMinimum: fc.boolean() }),
    fc.constant({ type: 'boolean' }),
    fc.constant({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] }),
    fc.record({ type: fc.constant('array'), items: tie('schema'), maxItems: fc.constant(3), 'x-kubernetes-list-type': fc.constantFrom('atomic', 'set') }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd-e', 'f.g'), tie('schema'), { maxKeys: 4 }).chain((properties) => fc.record({
      type: fc.constant('object'),
      properties: fc.constant(properties),
      required: fc.subarray(Object.keys(properties)),
      nullable: fc.boolean(),
      'x-kubernetes-preserve-unknown-fields': fc.boolean(),
    })),
    fc.record({ type: fc.constant('object'), additionalProperties: tie('schema') }),
  ),
})).schema;

describe('validateValue: properties', () => {
  it('GIVEN random schemas WHEN values are generated from each schema THEN every value validates', () => {
    fc.assert(fc.property(schemaArb.chain((raw) => {
      const compiled = compileSchema(raw);
      return fc.tuple(fc.constant(compiled), valid(compiled.root));
    }), ([compiled, value]) => {
      expect(compiled.problems).toEqual([]);
      expect(validateValue(compiled.root, value)).toEqual([]);
    }), { numRuns: 400 });
  });

  it('GIVEN the fixture CRD WHEN widgets are generated from its schema THEN every one validates', () => {
    const root = loadCrdFiles([FIXTURE]).find('example.org', 'Widget')!.versions.get('v1')!.schema!;
    fc.assert(fc.property(valid(root), (value) => {
      expect(validateValue(root, value, { topLevel: true })).toEqual([]);
    }), { numRuns: 300 });
  });

  it('GIVEN random schemas and random JSON values WHEN validated THEN it never throws and every issue has a path and a one-line message', () => {
    fc.assert(fc.property(schemaArb, fc.jsonValue({ maxDepth: 4 }), fc.boolean(), (raw, value, topLevel) => {
      const compiled = compileSchema(raw);
      for (const issue of validateValue(compiled.root, value, { topLevel })) {
        expect(typeof issue.path).toBe('string');
        expect(issue.message).toMatch(/^[^\n]+$/);
        expect(issue.message).not.toMatch(/\.$/);
      }
    }), { numRuns: 500 });
  });

  it('GIVEN random values that are not JSON (undefined, NaN, symbols-free objects with odd keys) WHEN validated against the fixture CRD THEN it never throws', () => {
    const root = loadCrdFiles([FIXTURE]).find('example.org', 'Widget')!.versions.get('v1')!.schema!;
    const odd = fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true, withBoxedValues: true, withSparseArray: true });
    fc.assert(fc.property(odd, fc.record({ spec: odd }), (a, b) => {
      validateValue(root, a, { topLevel: true });
      validateValue(root, b, { topLevel: true });
    }), { numRuns: 500 });
  });
});
