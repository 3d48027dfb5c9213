import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { readBlockYaml } from '../../src/lint/block-yaml';
import { documentStarts, SCHEMA } from '../../src/lint/load';
import { FIXTURES } from './test-rules';

/** What js-yaml, with the loader's schema, makes of a text: the reference the block reader must equal. */
function reference(text: string): { values: unknown[]; starts: number[] } {
  const events = jsyaml.parseEvents(text, {});
  return { values: jsyaml.constructFromEvents(events, { source: text, schema: SCHEMA }), starts: documentStarts(events) };
}

const read = (text: string) => readBlockYaml(text, SCHEMA);

/** The block reader either declines or gives exactly what js-yaml gives (and js-yaml accepts the text). */
function expectFaithful(text: string): boolean {
  const got = read(text);
  if (got === undefined) return false;
  let want: ReturnType<typeof reference>;
  try {
    want = reference(text);
  } catch (e) {
    throw new Error(`the block reader accepted a text js-yaml rejects (${String((e as Error).message).split('\n')[0]}): ${JSON.stringify(text)}`);
  }
  expect(got.values).toStrictEqual(want.values);
  expect(got.starts).toStrictEqual(want.starts);
  return true;
}

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

describe('readBlockYaml', () => {
  it('reads block mappings, sequences, scalars and documents as js-yaml does', () => {
    // GIVEN a stream using every construct of the block subset
    const text = [
      '# leading comment',
      'apiVersion: kubevirt.io/v1',
      'kind: VirtualMachine   # trailing comment',
      'metadata:',
      '  name: "vm-\\u00e9\\n"',
      '  labels: {}',
      "  note: 'it''s'",
      'spec:',
      '  ports:',
      '  - 80',
      '  - port: 0x1F',
      '    on: true',
      '    off: ~',
      '  list: []',
      '  script: |',
      '    #!/bin/sh',
      '',
      '    echo "a: b" # kept',
      '  stripped: |-',
      '      indented',
      '  url: http://example.com/a#b',
      '  "quoted key": 1.5e3',
      '  nested:',
      '    -',
      '      deep: []',
      '  pairs:',
      '  - - a',
      '    - - 1',
      '  - -',
      '---',
      '---',
      '',
    ].join('\n');
    // WHEN it is read
    const got = read(text);
    // THEN the values are what js-yaml gives
    expect(got?.values).toStrictEqual([
      {
        apiVersion: 'kubevirt.io/v1',
        kind: 'VirtualMachine',
        metadata: { name: 'vm-é\n', labels: {}, note: "it's" },
        spec: {
          ports: [80, { port: 31, on: true, off: null }],
          list: [],
          script: '#!/bin/sh\n\necho "a: b" # kept\n',
          stripped: 'indented',
          url: 'http://example.com/a#b',
          'quoted key': 1500,
          nested: [{ deep: [] }],
          pairs: [['a', [1]], [null]],
        },
      },
      null,
      null,
    ]);
    expect(expectFaithful(text)).toBe(true);
    // and a flow collection with spaces inside is left to js-yaml
    expect(read(text.replace('deep: []', 'deep: [ ]'))).toBeUndefined();
  });

  it('gives where each document starts, -1 for an empty one', () => {
    // GIVEN two documents, the second indented, and an empty one
    const text = '# x\n\n---\n  a: 1\n---\n---\n- b\n';
    // WHEN it is read
    const got = read(text);
    // THEN the starts are the first key and the first dash, as js-yaml's events say
    expect(got?.starts).toEqual([11, -1, 24]);
    expect(expectFaithful(text)).toBe(true);
  });

  it.each([
    ['an anchor', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a flow mapping with content', 'a: {b: 1}\n'],
    ['a folded scalar', 'a: >\n  b\n'],
    ['keep chomping', 'a: |+\n  b\n\n'],
    ['an indentation indicator', 'a: |2\n   b\n'],
    ['a multi-line plain scalar', 'a: b\n  c\n'],
    ['a multi-line quoted scalar', 'a: "b\n  c"\n'],
    ['a tab', 'a:\t1\n'],
    ['a carriage return', 'a: 1\r\n'],
    ['a byte order mark', '\ufeffa: 1\n'],
    ['a document end marker', 'a: 1\n...\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a duplicated key', 'a: 1\na: 2\n'],
    ['a merge key', '<<: {}\n'],
    ['a key that is not a string', '1: a\n'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a mapping value on the same line', 'a: b: c\n'],
    ['a scalar document', 'hello\n'],
    ['a complex key', '? a\n: b\n'],
    ['an item where a key belongs', 'a: 1\n- b\n'],
    ['a non-printable character', 'a: "\u0007"\n'],
    ['a leading blank line indented past the content', 'k: |\n     \n  x\n'],
    ['a block scalar of blank lines indented past its parent', 'k: |-\n\n     \n'],
    ['nesting deeper than 40 collections', Array.from({ length: 41 }, (_, i) => `${' '.repeat(i)}k:\n`).join('') + `${' '.repeat(41)}v: 1\n`],
    ['nesting js-yaml rejects', Array.from({ length: 120 }, (_, i) => `${' '.repeat(i)}-\n`).join('')],
  ])('declines %s', (_what, text) => {
    // GIVEN a text outside the block subset; WHEN it is read; THEN the reader declines
    expect(read(text)).toBeUndefined();
  });

  it('accepts every file the example app synthesizes', () => {
    // GIVEN the committed output of `npm run synth`
    const files = yamlFiles(path.join(__dirname, '..', '..', 'dist'));
    expect(files.length).toBeGreaterThan(0);
    // WHEN each is read; THEN none declines and each equals js-yaml's reading
    for (const f of files) expect(expectFaithful(fs.readFileSync(f, 'utf8')), f).toBe(true);
  });

  it('equals js-yaml on the lint fixtures, or declines', () => {
    // GIVEN the fixtures, malformed ones included
    for (const f of yamlFiles(FIXTURES)) {
      // WHEN each is read; THEN it is declined or faithful
      expectFaithful(fs.readFileSync(f, 'utf8'));
    }
  });

  // ../shared (KubeVirt's documents and manifests from public repos) is not part of the repo: skipped without it
  const shared = path.resolve(__dirname, '..', '..', '..', 'shared');
  it.skipIf(!fs.existsSync(shared))('equals js-yaml on the manifests in ../shared, or declines', () => {
    // GIVEN real manifests nobody here wrote
    const files = [...yamlFiles(path.join(shared, 'wild')), ...yamlFiles(path.join(shared, 'seeds'))];
    expect(files.length).toBeGreaterThan(0);
    // WHEN each is read; THEN it is declined or faithful, and most are read
    const accepted = files.filter((f) => expectFaithful(fs.readFileSync(f, 'utf8')));
    expect(accepted.length).toBeGreaterThan(files.length / 2);
  });

  // Strings that mean something else unquoted, or need quoting, or are awkward for a line reader.
  const trickyString = fc.oneof(
    fc.constantFrom('1', '0x1F', '0o17', '08', '1_000', 'true', 'True', 'FALSE', '~', 'null', 'Null', '.5', '+1', '-1',
      '1e3', '.inf', '-.Inf', '.NaN', '-', '- a', ':a', '?a', 'a:b', 'a: b', 'a:', 'a #b', 'a#b', "'a", '"a', "it's",
      '<<', '', ' a', 'a ', 'multi\nline', 'trail\n', 'x\n\ny\n', '\n', '\n\nlead', '  indented\nfirst', '#c', '&a',
      '*a', '!t', '|', '>', '%', '@', '`', '[a]', '{a: 1}', '{}', '[]', 'é', '\\', 'a\\nb', '---', '...', '--- a',
      'k: |\n  x'),
    fc.string({ unit: fc.constantFrom('a', ' ', ':', '#', '-', '"', "'", '\n', '\\', '1', '.', '|', '{', '}') }),
    fc.string(),
  );
  const key = fc.oneof(fc.constantFrom('apiVersion', 'kind', 'a b', '1', 'true', 'x.y/z', 'a:b', '-a', ' k', 'k ', ''), trickyString)
    .filter((k) => k !== '__proto__' && k !== '<<');
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      trickyString, fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    ),
  }));
  const document = fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 });
  const yamlOptions = fc.constantFrom<YAML.ToStringOptions>(
    { lineWidth: 0 }, {}, { indent: 4 }, { indentSeq: false }, { defaultStringType: 'QUOTE_DOUBLE' },
    { defaultStringType: 'QUOTE_SINGLE', defaultKeyType: 'PLAIN' }, { blockQuote: 'literal' }, { flowCollectionPadding: false },
  );

  it('equals js-yaml on streams written by the yaml package, or declines', () => {
    fc.assert(fc.property(fc.array(document, { minLength: 1, maxLength: 3 }), yamlOptions, (docs, options) => {
      // GIVEN documents serialized the way cdk8s serializes them, with several styles
      const text = docs.map((d) => YAML.stringify(d, options)).join('---\n');
      // WHEN read; THEN declined or faithful
      expectFaithful(text);
    }), { numRuns: 400 });
  });

  it('equals js-yaml on streams written by js-yaml, or declines', () => {
    fc.assert(fc.property(fc.array(document, { minLength: 1, maxLength: 3 }), fc.boolean(), (docs, wide) => {
      // GIVEN documents dumped by js-yaml
      const text = docs.map((d) => jsyaml.dump(d, wide ? { lineWidth: -1 } : {})).join('---\n');
      // WHEN read; THEN declined or faithful
      expectFaithful(text);
    }), { numRuns: 300 });
  });

  it('reads most plain manifests written by the yaml package', () => {
    // GIVEN manifests whose strings are single-line and free of indicators, in cdk8s' style
    const plainString = fc.stringMatching(/^[a-z][a-z0-9./-]{0,12}$/);
    const { manifest } = fc.letrec((tie) => ({
      manifest: fc.oneof({ depthSize: 'small' }, plainString, fc.integer(), fc.boolean(),
        fc.array(tie('manifest'), { maxLength: 3 }), fc.dictionary(plainString, tie('manifest'), { maxKeys: 4 })),
    }));
    fc.assert(fc.property(fc.dictionary(plainString, manifest, { minKeys: 1, maxKeys: 5 }), (m) => {
      // WHEN read; THEN it is never declined, and faithful
      expect(expectFaithful(YAML.stringify(m, { lineWidth: 0 }))).toBe(true);
    }), { numRuns: 300 });
  });

  it('never accepts what js-yaml rejects, nor reads a text differently (line soup)', () => {
    // GIVEN texts made of random lines: valid, invalid and ambiguous fragments at random indentation
    const fragment = fc.constantFrom('a:', 'a: 1', 'b: x', 'c: "q"', "d: 's'", '- ', '-', '- a', '- a: 1', '- b:', 'k: |',
      'k: |-', 'k: |+', '"q": 1', "'s': 2", '# c', '', '---', '--- # c', 'text', 'a: b: c', 'a: {}', 'a: []', 'a: [1]',
      'a: &x 1', 'a: *x', '? a', ': b', 'a: >', '...', '%YAML 1.2', 'a: x #c', 'a: x# c', 'c: 1', 'a: "x', 'a: -1',
      'a:b', 'a : 1', 'a: ~', '  ', 'x: 0x10', 'e: "\\n\\x41\\u00e9\\q"', '- |', '- - x', 'a: -', 'a: - b', '- "x": 1',
      'k: |\n  x\n\n   \n  y', '#!/bin/sh', 'a: @x', 'a: `x`', 'a: %x', 'a: !x', 'a: ,x', 'a: ]x', '1: x', '<<: {}');
    const line = fc.tuple(fc.integer({ min: 0, max: 6 }), fragment).map(([n, f]) => ' '.repeat(n) + f);
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), fc.boolean(), (lines, newline) => {
      const text = lines.join('\n') + (newline ? '\n' : '');
      // WHEN read; THEN declined or faithful
      expectFaithful(text);
    }), { numRuns: 10000 });
  });

  it('decodes double-quoted scalars as js-yaml does', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), fc.boolean(), (s, asKey) => {
      // GIVEN any string written as a JSON string literal (a valid YAML double-quoted scalar), as a value or a key
      const text = asKey ? `${JSON.stringify(s)}: 1\n` : `k: ${JSON.stringify(s)}\n`;
      // WHEN read; THEN declined or faithful
      expectFaithful(text);
    }), { numRuns: 1000 });
  });
});

describe('readBlockYaml: fails safe when the schema\'s scalar resolver is missing or broken', () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  n: 1\n';
  /** The loader's schema with `resolveImplicitScalarTag` replaced (js-yaml itself then uses the replacement too). */
  const withResolver = (resolve: unknown) => Object.create(SCHEMA, { resolveImplicitScalarTag: { value: resolve } }) as typeof SCHEMA;

  it('GIVEN the loader\'s schema WHEN a plain text is read THEN the block reader answers (the tests below would pass vacuously otherwise)', () => {
    expect(read(text)?.values).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { n: 1 } }]);
  });

  it('GIVEN a schema without the method WHEN a plain text is read THEN the reader declines, so js-yaml reads it', () => {
    expect(readBlockYaml(text, withResolver(undefined))).toBeUndefined();
  });

  it('GIVEN a method that throws on one scalar WHEN that text is read THEN it declines, and declines every later text too', () => {
    const real = SCHEMA.resolveImplicitScalarTag.bind(SCHEMA);
    const schema = withResolver((raw: string) => {
      if (raw === 'boom') throw new TypeError('gone');
      return real(raw);
    });
    expect(readBlockYaml(text, schema)).toBeDefined();
    expect(readBlockYaml('a: boom\n', schema)).toBeUndefined();
    expect(readBlockYaml(text, schema)).toBeUndefined();
  });

  it('GIVEN a method that answers out of shape WHEN used THEN the reader declines', () => {
    expect(readBlockYaml(text, withResolver(() => 42))).toBeUndefined();
  });
});
