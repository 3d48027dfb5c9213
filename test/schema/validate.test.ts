import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/schema/node';
import { MAX_ISSUES, showValue, validateValue } from '../../src/schema/validate';

/** Validates `value` against a raw schema; returns `path: message` lines. */
function check(schema: unknown, value: unknown, options: { topLevel?: boolean } = {}): string[] {
  const compiled = compileSchema(schema);
  expect(compiled.problems).toEqual([]);
  return validateValue(compiled.root, value, options).map((i) => `${i.path}: ${i.message}`);
}

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties, ...extra });

describe('validateValue: type', () => {
  it.each([
    ['string', 5, 'x: 5 is an integer; expected a string'],
    ['integer', 1.5, 'x: 1.5 is a number; expected an integer'],
    ['integer', '3', 'x: "3" is a string; expected an integer'],
    ['number', true, 'x: true is a boolean; expected a number'],
    ['boolean', 'yes', 'x: "yes" is a string; expected a boolean'],
    ['object', [1], 'x: a list of 1 is a list; expected an object'],
    ['array', {}, 'x: an object is an object; expected a list'],
  ])('GIVEN type %s WHEN the value is %j THEN it is reported with what is accepted', (type, value, message) => {
    expect(check(obj({ x: { type } }), { x: value })).toEqual([message]);
  });

  it.each([
    ['string', 'a'], ['integer', 3], ['number', 1.5], ['number', 2], ['boolean', false], ['object', {}], ['array', []],
  ])('GIVEN type %s WHEN the value is %j THEN it validates', (type, value) => {
    expect(check(obj({ x: { type } }), { x: value })).toEqual([]);
  });
});

describe('validateValue: objects', () => {
  it('GIVEN required fields WHEN one is missing and one is null THEN both are reported at their own path', () => {
    const schema = obj({ a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } }, { required: ['a', 'b', 'c'] });
    expect(check(schema, { a: 'x', b: null })).toEqual(['b: missing required field "b"', 'c: missing required field "c"']);
  });

  it('GIVEN a non-nullable field WHEN its value is null THEN it is pruned, not a type error', () => {
    expect(check(obj({ a: { type: 'string' } }), { a: null })).toEqual([]);
  });

  it('GIVEN a nullable field WHEN its value is null THEN it validates; a null list item of a non-nullable schema does not', () => {
    expect(check(obj({ a: { type: 'string', nullable: true } }), { a: null })).toEqual([]);
    expect(check(obj({ a: { type: 'array', items: { type: 'string' } } }), { a: ['x', null] })).toEqual(['a[1]: null is not allowed here; expected a string']);
  });

  it('GIVEN known fields WHEN a field is unknown THEN it is reported with the nearest known name and the list of fields', () => {
    expect(check(obj({ running: { type: 'boolean' }, template: { type: 'object' } }), { runing: true })).toEqual([
      'runing: unknown field "runing": the api server drops it and kubectl apply rejects it; did you mean "running"? fields here: running, template',
    ]);
  });

  it('GIVEN type object without properties WHEN the value has fields THEN each is unknown (the api server prunes them all)', () => {
    expect(check(obj({ a: { type: 'object' } }), { a: { b: 1 } })).toEqual([
      'a.b: unknown field "b": the api server drops it and kubectl apply rejects it; this object takes no fields',
    ]);
  });

  it('GIVEN x-kubernetes-preserve-unknown-fields WHEN unknown fields appear at any depth below THEN none is reported, and known ones are still checked', () => {
    const schema = obj({ a: obj({ known: { type: 'integer' } }, { 'x-kubernetes-preserve-unknown-fields': true }) });
    expect(check(schema, { a: { other: { deep: [1, { x: 2 }] }, known: 'no' } })).toEqual(['a.known: "no" is a string; expected an integer']);
  });

  it('GIVEN additionalProperties as a schema WHEN values of a map are checked THEN each is validated at its key', () => {
    const schema = obj({ labels: { type: 'object', additionalProperties: { type: 'string' } } });
    expect(check(schema, { labels: { ok: 'x', 'example.org/n': 3 } })).toEqual(['labels["example.org/n"]: 3 is an integer; expected a string']);
  });

  it('GIVEN additionalProperties true or false WHEN extra keys appear THEN true takes them and false reports them', () => {
    expect(check(obj({ m: { type: 'object', additionalProperties: true } }), { m: { any: { thing: 1 } } })).toEqual([]);
    expect(check(obj({ m: obj({ a: { type: 'string' } }, { additionalProperties: false }) }), { m: { b: 1 } })).toEqual([
      'm.b: unknown field "b": the api server drops it and kubectl apply rejects it; fields here: a',
    ]);
  });

  it('GIVEN a top-level object WHEN metadata, apiVersion and kind are not in the schema THEN they are not checked', () => {
    const schema = obj({ spec: obj({ a: { type: 'string' } }) }, { required: ['metadata'] });
    expect(check(schema, { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'n', whatever: 1 }, spec: { a: 'b' } }, { topLevel: true })).toEqual([]);
  });

  it('GIVEN x-kubernetes-embedded-resource WHEN the object lacks apiVersion and kind THEN both are required, and its metadata is not checked', () => {
    const schema = obj({ tpl: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } });
    expect(check(schema, { tpl: { metadata: { name: 1 } } })).toEqual([
      'tpl.apiVersion: missing apiVersion: an embedded object needs apiVersion and kind',
      'tpl.kind: missing kind: an embedded object needs apiVersion and kind',
    ]);
    expect(check(schema, { tpl: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 1 } } })).toEqual([]);
  });

  it('GIVEN minProperties and maxProperties WHEN the object has too few or too many fields THEN each is reported', () => {
    const schema = obj({ m: { type: 'object', additionalProperties: { type: 'string' }, minProperties: 1, maxProperties: 2 } });
    expect(check(schema, { m: {} })).toEqual(['m: the object has 0 fields; use at least 1']);
    expect(check(schema, { m: { a: '', b: '', c: '' } })).toEqual(['m: the object has 3 fields; use at most 2']);
  });
});

describe('validateValue: scalars', () => {
  it('GIVEN an enum WHEN the value is not listed THEN the accepted values are named', () => {
    expect(check(obj({ s: { type: 'string', enum: ['Always', 'Halted'] } }), { s: 'Sometimes' })).toEqual([
      's: "Sometimes" is not an accepted value; use one of "Always", "Halted"',
    ]);
    expect(check(obj({ s: { type: 'string', enum: ['Always', 'Halted'] } }), { s: 'Halted' })).toEqual([]);
  });

  it('GIVEN a pattern WHEN a string does not match THEN the pattern is named; a match validates', () => {
    const schema = obj({ mac: { type: 'string', pattern: '^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$' } });
    expect(check(schema, { mac: '02:00:00:00:00:zz' })).toEqual(['mac: "02:00:00:00:00:zz" does not match the pattern ^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$']);
    expect(check(schema, { mac: '02:00:00:00:00:0a' })).toEqual([]);
  });

  it('GIVEN a pattern JavaScript cannot check safely WHEN a string does not match it THEN nothing is reported (the pattern is skipped)', () => {
    expect(check(obj({ d: { type: 'string', pattern: '^([0-9]+(ms|s))+$' } }), { d: 'nope' })).toEqual([]);
  });

  it('GIVEN minLength and maxLength WHEN a string is too short or too long THEN its length in characters is reported', () => {
    const schema = obj({ s: { type: 'string', minLength: 2, maxLength: 3 } });
    expect(check(schema, { s: 'a' })).toEqual(['s: "a" is 1 characters long; use at least 2']);
    expect(check(schema, { s: 'abcd' })).toEqual(['s: "abcd" is 4 characters long; use at most 3']);
    // three code points, six UTF-16 units: Go counts runes
    expect(check(schema, { s: '\u{1F600}\u{1F600}\u{1F600}' })).toEqual([]);
  });

  it('GIVEN minimum and maximum WHEN a number is outside THEN the bound is named; exclusive bounds exclude the bound itself', () => {
    const schema = obj({ n: { type: 'integer', minimum: 1, maximum: 10 }, e: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true } });
    expect(check(schema, { n: 0 })).toEqual(['n: 0 is below the minimum: use a value of at least 1']);
    expect(check(schema, { n: 11 })).toEqual(['n: 11 is above the maximum: use a value of at most 10']);
    expect(check(schema, { n: 10 })).toEqual([]);
    expect(check(schema, { e: 0 })).toEqual(['e: 0 is below the minimum: use a value above 0']);
    expect(check(schema, { e: 1 })).toEqual(['e: 1 is above the maximum: use a value below 1']);
    expect(check(schema, { e: 0.5 })).toEqual([]);
  });

  it('GIVEN multipleOf WHEN the number is not a multiple THEN it is reported', () => {
    expect(check(obj({ n: { type: 'integer', multipleOf: 4 } }), { n: 6 })).toEqual(['n: 6 is not a multiple of 4']);
    expect(check(obj({ n: { type: 'integer', multipleOf: 4 } }), { n: 8 })).toEqual([]);
  });

  it('GIVEN format int32 and int64 WHEN an integer does not fit THEN the range is named', () => {
    const schema = obj({ a: { type: 'integer', format: 'int32' }, b: { type: 'integer', format: 'int64' } });
    expect(check(schema, { a: 2147483648 })).toEqual(['a: 2147483648 does not fit in an int32; use -2147483648 to 2147483647']);
    expect(check(schema, { a: -2147483648, b: 2 ** 53 })).toEqual([]);
    expect(check(schema, { b: 2 ** 64 })).toEqual(['b: 18446744073709552000 does not fit in an int64; use a 64-bit integer']);
  });

  it('GIVEN format date-time WHEN the string is not RFC 3339 THEN it is reported', () => {
    const schema = obj({ t: { type: 'string', format: 'date-time' } });
    expect(check(schema, { t: '2024-01-31 12:00' })).toEqual(['t: "2024-01-31 12:00" is not an RFC 3339 date-time such as 2024-01-31T12:00:00Z']);
    expect(check(schema, { t: '2024-01-31T12:00:00.5+02:00' })).toEqual([]);
  });

  it('GIVEN x-kubernetes-int-or-string WHEN the value is a boolean or a fraction THEN both types are named; an integer and a string validate', () => {
    const schema = obj({ port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] } });
    expect(check(schema, { port: true })).toEqual(['port: true is a boolean; expected an integer or a string']);
    expect(check(schema, { port: 1.5 })).toEqual(['port: 1.5 is a number; expected an integer or a string']);
    expect(check(schema, { port: 8080 })).toEqual([]);
    expect(check(schema, { port: 'http' })).toEqual([]);
  });

  it('GIVEN an int-or-string with the quantity pattern WHEN the string is not a quantity THEN the quantity grammar is named', () => {
    const quantity = {
      'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }],
      pattern: '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
    };
    const schema = obj({ memory: quantity });
    expect(check(schema, { memory: '1 Gi' })).toEqual(['memory: "1 Gi" is not a kubernetes quantity; use a number with an optional suffix, such as 500Mi, 2Gi, 1.5, 100m or 1e3']);
    expect(check(schema, { memory: '1GB' })).toHaveLength(1);
    expect(check(schema, { memory: 1.5 })).toEqual(['memory: 1.5 is a number; expected an integer or a string (a quantity such as 500Mi, 2Gi or 100m)']);
    for (const ok of ['500Mi', '2Gi', '1.5', '100m', '1e3', '+1', '.5', '5.', 1024]) expect(check(schema, { memory: ok })).toEqual([]);
  });
});

describe('validateValue: lists', () => {
  it('GIVEN minItems and maxItems WHEN the list is too short or too long THEN the count is reported', () => {
    const schema = obj({ l: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2 } });
    expect(check(schema, { l: [] })).toEqual(['l: the list has 0 items; use at least 1']);
    expect(check(schema, { l: ['a', 'b', 'c'] })).toEqual(['l: the list has 3 items; use at most 2']);
  });

  it('GIVEN items WHEN an item is of the wrong type THEN its index is in the path', () => {
    expect(check(obj({ l: { type: 'array', items: obj({ name: { type: 'string' } }) } }), { l: [{ name: 'a' }, { name: 2 }] })).toEqual([
      'l[1].name: 2 is an integer; expected a string',
    ]);
  });

  it('GIVEN x-kubernetes-list-type set WHEN a value repeats THEN the repeat is reported at its index', () => {
    expect(check(obj({ l: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' } }), { l: ['a', 'b', 'a'] })).toEqual([
      'l[2]: "a" is already item 0; x-kubernetes-list-type set takes each value once',
    ]);
  });

  it('GIVEN x-kubernetes-list-type map WHEN two items share the map keys THEN the second is reported with its keys', () => {
    const schema = obj({
      l: {
        type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name', 'port'],
        items: obj({ name: { type: 'string' }, port: { type: 'integer' } }),
      },
    });
    expect(check(schema, { l: [{ name: 'a', port: 1 }, { name: 'a', port: 2 }, { name: 'a', port: 1 }] })).toEqual([
      'l[2]: an item with name "a", port 1 is already item 0; the list is a map keyed by name, port',
    ]);
  });
});

describe('validateValue: combinators', () => {
  it('GIVEN anyOf WHEN the value matches no branch THEN it is reported once; a match in any branch validates', () => {
    const schema = obj({ v: { type: 'string', anyOf: [{ pattern: '^a' }, { pattern: '^b' }] } });
    expect(check(schema, { v: 'c' })).toEqual(['v: "c" matches none of the 2 accepted forms (anyOf); the first says: "c" does not match the pattern ^a']);
    expect(check(schema, { v: 'b' })).toEqual([]);
  });

  it('GIVEN oneOf, allOf and not WHEN the value breaks each THEN each is reported', () => {
    expect(check(obj({ v: { type: 'integer', oneOf: [{ minimum: 0 }, { maximum: 10 }] } }), { v: 5 })).toEqual(['v: 5 matches 2 of the 2 forms of oneOf; it must match exactly one']);
    expect(check(obj({ v: { type: 'integer', allOf: [{ minimum: 0 }, { maximum: 10 }] } }), { v: 11 })).toEqual(['v: 11 is above the maximum: use a value of at most 10']);
    expect(check(obj({ v: { type: 'string', not: { enum: ['x'] } } }), { v: 'x' })).toEqual(['v: "x" matches a form the schema excludes (not)']);
  });
});

describe('validateValue: hostile input', () => {
  it('GIVEN a value nested 50,000 levels deep under a self-referential schema WHEN validated THEN it returns without overflowing the stack', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 50_000; i++) deep = { a: deep };
    const recursive: Record<string, unknown> = { type: 'object' };
    recursive.properties = { a: recursive };
    expect(check(recursive, deep)).toEqual([`${Array(50_000).fill('a').join('.')}: "x" is a string; expected an object`]);
  });

  it('GIVEN a value whose objects are shared or form a cycle WHEN validated THEN each is visited once and the walk ends', () => {
    const recursive: Record<string, unknown> = { type: 'object' };
    recursive.properties = { a: recursive, b: recursive };
    const cyclic: Record<string, unknown> = {};
    cyclic.a = cyclic;
    cyclic.b = cyclic;
    expect(check(recursive, cyclic)).toEqual([]);
  });

  it('GIVEN more problems than the cap WHEN validated THEN the first ones are listed and one line counts the rest', () => {
    const value = Object.fromEntries(Array.from({ length: MAX_ISSUES + 5 }, (_, i) => [`k${i}`, 1]));
    const out = check(obj({}), value);
    expect(out).toHaveLength(MAX_ISSUES + 1);
    expect(out[MAX_ISSUES]).toBe(`k${MAX_ISSUES - 1}: 5 more schema problems in this object are not listed`);
  });

  it('GIVEN a long string WHEN shown in a message THEN it is cut to 60 characters with its length', () => {
    expect(showValue('a'.repeat(500))).toBe(`"${'a'.repeat(60)}"... (500 characters)`);
    expect(showValue('short')).toBe('"short"');
  });
});

describe('compileSchema', () => {
  it('GIVEN keywords of the wrong type WHEN compiled THEN each problem names the schema path and what is expected', () => {
    const out = compileSchema({ type: 'object', properties: { a: { type: 'strin' }, b: { required: 'x', minimum: 'one' }, c: 5 } });
    expect(out.problems).toEqual([
      'schema.openAPIV3Schema.properties.c: is a number; a schema is an object',
      'schema.openAPIV3Schema.properties.a.type: "strin" is not a type; use object, array, string, integer, number or boolean',
      'schema.openAPIV3Schema.properties.b.required: is not a list of field names',
      'schema.openAPIV3Schema.properties.b.minimum: "one" is not a number',
    ]);
  });

  it('GIVEN a pattern that cannot be checked WHEN compiled THEN it is listed as skipped with the reason', () => {
    expect(compileSchema({ type: 'string', pattern: '(?i:a)b' }).skipped).toEqual([{
      where: 'schema.openAPIV3Schema.pattern', pattern: '(?i:a)b',
      reason: 'flags inside the pattern ((?i:...), (?s) after the start) have no javascript equivalent in node 20',
    }]);
  });
});

describe('validateValue: hostile schemas and values', () => {
  it('GIVEN a schema whose allOf holds the schema itself (YAML aliases) WHEN validated THEN the walk ends and still checks the type', () => {
    const self: Record<string, unknown> = { type: 'string' };
    self.allOf = [self];
    expect(check(self, 'a')).toEqual([]);
    expect(check(self, 5)).toEqual([': 5 is an integer; expected a string']);
  });

  it('GIVEN a set list of two different items nested 20,000 levels deep WHEN validated THEN nothing throws and nothing is reported', () => {
    let deep: unknown = 1;
    let other: unknown = 2;
    for (let i = 0; i < 20_000; i++) {
      deep = [deep];
      other = [other];
    }
    const schema = obj({ l: { type: 'array', 'x-kubernetes-list-type': 'set' } });
    expect(check(schema, { l: [deep, other] })).toEqual([]);
  });

  it('GIVEN an enum of objects WHEN the value is a cycle THEN it is not compared and nothing throws', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(check(obj({ e: { type: 'object', enum: [{ a: 1 }], 'x-kubernetes-preserve-unknown-fields': true } }), { e: cyclic })).toEqual([]);
  });
});
