import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shape } from '../src/shape';
import { propErrors } from '../src/props';

const schema = shape.object({
  name: shape.string(),
  count: shape.number().optional(),
  on: shape.boolean().optional(),
  tags: shape.record(shape.string()).optional(),
  items: shape.array(shape.object({ port: shape.number() })).optional(),
  meta: shape.looseObject({ name: shape.string().optional() }).optional(),
  date: shape.instanceOf(Date, 'expected a Date').optional(),
});

describe('shape', () => {
  it('GIVEN a value of the right shape WHEN checked THEN there is no problem', () => {
    expect(schema.issues({ name: 'a', count: 1, on: true, tags: { a: 'b' }, items: [{ port: 1 }], meta: { name: 'x', other: 1 }, date: new Date(0) })).toEqual([]);
  });

  it('GIVEN every kind of problem at once WHEN checked THEN each is reported with its path, the value and what is accepted', () => {
    const errors = propErrors(schema, { count: 'one', on: 1, tags: { a: 2 }, items: [{ port: 1 }, { port: '2', extra: true }], meta: 5, date: 'today', colour: 'red' }, 'props');
    expect(errors).toEqual([
      'props: unknown key "colour"; accepted: name, count, on, tags, items, meta, date',
      'props.name: expected a string; got nothing',
      'props.count: expected a number; got "one"',
      'props.on: expected true or false; got 1',
      'props.tags.a: expected a string; got 2',
      'props.items[1]: unknown key "extra"; accepted: port',
      'props.items[1].port: expected a number; got "2"',
      'props.meta: expected an object; got 5',
      'props.date: expected a Date; got "today"',
    ]);
  });

  it('GIVEN any JSON-like value WHEN checked THEN it never throws and a problem always has a message', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (v) => {
      for (const issue of schema.issues(v)) expect(issue.message.length).toBeGreaterThan(0);
    }), { numRuns: 2000 });
  });
});
