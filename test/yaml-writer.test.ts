/**
 * The synth's YAML writer against cdk8s' `Yaml.stringify`: the same bytes for every object, whichever of the two
 * writes it. Real manifests come from ../shared/wild (input nobody here wrote): those cases skip when the folder is
 * absent, and run in CI, where it is always present.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import * as YAML from 'yaml';
import { buildApp } from '../src/main';
import { chartObjects } from '../src/synth';
import { fastDocument, fastYamlActive, PROBE, stringifyYaml } from '../src/yaml-writer';

const WILD = path.resolve(__dirname, '..', '..', 'shared', 'wild');
const haveWild = fs.existsSync(WILD);

/** Strings YAML 1.1 reads as something else, or that need quotes, next to ordinary Kubernetes values. */
const TRICKY = [
  '', ' ', 'y', 'Y', 'n', 'NO', 'yes', 'True', 'off', 'On', 'null', 'Null', '~', '0', '-1', '+1', '007', '0x1f', '0b101',
  '1_000', '1:30', '190:20:30.15', '1.5', '.5', '5.', '1e3', '-.inf', '.NaN', '2026-12-05', '2026-12-05T10:00:00Z',
  '- item', '-', '?', '? x', ': x', 'a: b', 'a:b', 'a #b', 'a#b', '#x', '&anchor', '*alias', '!tag', '|', '>', '%x', '@x',
  '`x', "'x'", '"x"', "it's", 'say "hi"', 'both \' and "', 'back\\slash', 'tab\there', 'trailing ', ' leading', 'x:',
  '[1]', '{a}', 'a,b', 'ünïcödé', '日本', '😀', '---', '--- x', '...', 'a\u0085b', 'a\u00a0b', 'a\u2028b', '\u0007bell',
  'line\nline', 'line\n', '\nlead', 'a\n\nb\n', 'a \nb', 'a\n  b', 'x\n- y', 'a: b\nc: d\n', 'ends\n\n', 'sp\n ', '<<',
  'quay.io/kubevirt/network-passt-binding:20231205_29a16d5c9', 'kubevirt.io/v1', 'app.kubernetes.io/name', '500Mi',
];

const key = fc.oneof(
  fc.constantFrom('name', 'apiVersion', 'kind', 'metadata', 'spec', 'kubevirt.io/vm', 'k8s.v1.cni.cncf.io/networks', ...TRICKY),
  fc.string({ maxLength: 12 }),
);
/** Objects as JSON gives them; `floats: false` leaves out what the fast writer hands to cdk8s most often. */
function objects(floats: boolean) {
  const scalar = fc.oneof(
    fc.constantFrom(...TRICKY),
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.array(fc.constantFrom('a', 'b c', '', ' ', '#', ':', '- x', '"', "'"), { maxLength: 4 }).map((ls) => ls.join('\n')),
    fc.integer(),
    floats ? fc.double() : fc.integer({ min: -5, max: 5 }),
    fc.boolean(),
    fc.constant(null),
  );
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
    list: fc.array(tie('tree'), { maxLength: 4 }),
    map: fc.dictionary(key, tie('tree'), { maxKeys: 5 }),
  }));
  return fc.dictionary(key, tree, { minKeys: 1, maxKeys: 6 });
}
const doc = objects(true);

describe('stringifyYaml', () => {
  it('GIVEN the cdk8s and yaml packages this project pins WHEN the writer starts THEN its probe matches Yaml.stringify and the fast writer is on', () => {
    expect(fastYamlActive()).toBe(true);
    expect(fastDocument(PROBE)).toBe(Yaml.stringify(PROBE));
  });

  it('GIVEN random JSON objects (tricky strings, keys, numbers, nesting) WHEN written THEN the text is Yaml.stringify\'s, byte for byte', () => {
    fc.assert(fc.property(fc.array(fc.option(doc, { nil: undefined }), { minLength: 1, maxLength: 3 }), (docs) => {
      expect(stringifyYaml(docs)).toBe(Yaml.stringify(...docs));
    }), { numRuns: 3000 });
  });

  it('GIVEN random manifests the fast writer covers WHEN its text is read back as YAML 1.1 THEN it gives the object', () => {
    let covered = 0;
    fc.assert(fc.property(objects(false), (d) => {
      const text = fastDocument(d);
      if (text === undefined) return;
      covered++;
      expect(YAML.parse(text, { version: '1.1' })).toEqual(d);
    }), { numRuns: 2000 });
    // the property is not vacuous: a good share of random objects is in the covered cases (the rest hold one of
    // the strings handed to cdk8s somewhere in their tree)
    expect(covered).toBeGreaterThan(300);
  });

  it('GIVEN the example app WHEN its charts are written THEN every object is covered by the fast writer and the text is Yaml.stringify\'s', () => {
    const app = buildApp(fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-yaml-')));
    for (const objects of chartObjects(app.charts)) {
      for (const o of objects) expect(fastDocument(o), JSON.stringify(o).slice(0, 200)).toBeDefined();
      expect(stringifyYaml(objects)).toBe(Yaml.stringify(...objects));
    }
  });

  it.each([
    ['a float', { spec: { ratio: 0.5 } }],
    ['negative zero', { spec: { n: -0 } }],
    ['an object reached twice (written with an anchor)', (() => { const shared = { a: 1 }; return { x: shared, y: shared }; })()],
    ['the merge key', { '<<': { a: 1 } }],
    ['a multi-line string with a leading blank', { data: ' indented\nsecond\n' }],
    ['a multi-line string ending in two newlines', { data: 'a\n\n' }],
    ['a control character', { data: 'bell\u0007' }],
    ['a value holding a document marker', { data: '--- not a document' }],
    ['an undefined value', { spec: { gone: undefined } }],
    ['an empty object', {}],
    ['a class instance', { when: new Date(0) }],
  ])('GIVEN %s WHEN written THEN cdk8s writes it and the text is Yaml.stringify\'s', (_, d) => {
    expect(fastDocument(d)).toBeUndefined();
    expect(stringifyYaml([d])).toBe(Yaml.stringify(d));
  });

  it('GIVEN NETBIND_YAML_WRITER=cdk8s WHEN written THEN the text is the same (every object through cdk8s)', () => {
    const before = process.env.NETBIND_YAML_WRITER;
    process.env.NETBIND_YAML_WRITER = 'cdk8s';
    try {
      expect(stringifyYaml([PROBE])).toBe(Yaml.stringify(PROBE));
    } finally {
      if (before === undefined) delete process.env.NETBIND_YAML_WRITER;
      else process.env.NETBIND_YAML_WRITER = before;
    }
  });

  it.skipIf(!haveWild)('GIVEN every real manifest in ../shared/wild WHEN written THEN the text is Yaml.stringify\'s', () => {
    let objects = 0;
    for (const f of fs.readdirSync(WILD).filter((n) => /\.ya?ml$/.test(n)).sort()) {
      let docs: unknown[];
      try {
        docs = jsyaml.loadAll(fs.readFileSync(path.join(WILD, f), 'utf8')).filter((d) => d !== null && d !== undefined);
      } catch {
        continue;
      }
      for (const d of docs) {
        objects++;
        expect(stringifyYaml([d]), f).toBe(Yaml.stringify(d));
      }
    }
    expect(objects).toBeGreaterThan(50);
  });
});
