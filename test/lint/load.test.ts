import { promises as fsp } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInputs, loadText } from '../../src/lint/load';
import { FIXTURES } from './test-rules';

const names = (objs: Array<{ manifest: Record<string, unknown> }>) => objs.map((o) => (o.manifest.metadata as { name: string }).name);

describe('loadText: YAML streams', () => {
  it('reads every document of a stream with the line it starts on', () => {
    // GIVEN a stream with a leading comment, an explicit first separator and three documents
    const text = [
      '# header comment', // 1
      '---', // 2
      'apiVersion: v1', // 3
      'kind: ConfigMap',
      'metadata: {name: one}',
      '---', // 6
      '', // 7
      'apiVersion: v1', // 8
      'kind: ConfigMap',
      'metadata: {name: two}',
      '--- {apiVersion: v1, kind: ConfigMap, metadata: {name: three}}', // 11
      '',
    ].join('\n');
    // WHEN it is loaded
    const got = loadText(text, 'f.yaml');
    // THEN each document is an object with its file and first line
    expect(got.problem).toBeUndefined();
    expect(names(got.objects)).toEqual(['one', 'two', 'three']);
    expect(got.objects.map((o) => o.doc.line)).toEqual([3, 8, 11]);
    expect(got.objects.every((o) => o.doc.file === 'f.yaml' && o.prefix === '')).toBe(true);
  });

  it('skips empty documents', () => {
    // GIVEN empty documents around a real one, and a comment-only document
    const text = '---\n---\n# only a comment\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n---\n';
    // WHEN it is loaded
    const got = loadText(text, 'f.yaml');
    // THEN only the object remains, at its own line
    expect(names(got.objects)).toEqual(['s']);
    expect(got.objects[0].doc.line).toBe(5);
    expect(got.findings).toEqual([]);
  });

  it('treats only column-0 --- as a separator: indented --- inside a block scalar is content', () => {
    // GIVEN a ConfigMap whose data holds an indented "---" line
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  f: |\n    x\n    ---\n    y\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n';
    // WHEN it is loaded
    const got = loadText(text, 'f.yaml');
    // THEN there are two documents and the scalar keeps its line
    expect(names(got.objects)).toEqual(['a', 'b']);
    expect((got.objects[0].manifest.data as { f: string }).f).toBe('x\n---\ny\n');
    expect(got.objects[1].doc.line).toBe(11);
  });

  it('unwraps a List into its items, remembering the item prefix', () => {
    // GIVEN kubectl-style List output
    const text = 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: a}\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: b}\n';
    // WHEN it is loaded
    const got = loadText(text, 'list.yaml');
    // THEN each item is an object with prefix items[i]
    expect(names(got.objects)).toEqual(['a', 'b']);
    expect(got.objects.map((o) => o.prefix)).toEqual(['items[0]', 'items[1]']);
  });

  it('gives the items of a typed list (VirtualMachineList) their kind and apiVersion when they omit them', () => {
    // GIVEN an API-style typed list whose items carry no kind
    const text = 'apiVersion: kubevirt.io/v1\nkind: VirtualMachineList\nitems:\n  - metadata: {name: vm1}\n    spec: {}\n';
    // WHEN it is loaded
    const got = loadText(text, 'l.yaml');
    // THEN the item is a VirtualMachine of the list's apiVersion
    expect(got.objects[0].manifest).toMatchObject({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine' });
    expect(got.findings).toEqual([]);
  });

  it('reports a document that is not an object, and keeps reading the others', () => {
    // GIVEN a stream with an object, a list and a scalar (fixture not-object.yaml)
    const text = '\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n---\n- just\n- a list\n---\njust a string\n';
    // WHEN it is loaded
    const got = loadText(text, 'n.yaml');
    // THEN the object is kept and the other two are input-not-object errors at their lines
    expect(names(got.objects)).toEqual(['fine']);
    expect(got.findings.map((f) => [f.rule, f.severity, f.doc.line])).toEqual([
      ['input-not-object', 'error', 7],
      ['input-not-object', 'error', 10],
    ]);
    expect(got.findings[0].message).toMatch(/list, not an object/);
  });

  it('reports an object without a string kind or apiVersion as input-missing-kind', () => {
    // GIVEN one document without kind and one with a numeric apiVersion
    const text = 'apiVersion: v1\nmetadata:\n  name: no-kind\n  namespace: ns\n---\napiVersion: 1\nkind: Pod\nmetadata: {name: p}\n';
    // WHEN it is loaded
    const got = loadText(text, 'm.yaml');
    // THEN both are findings naming what is missing, and neither is linted
    expect(got.objects).toEqual([]);
    expect(got.findings.map((f) => [f.rule, f.path, f.doc.line])).toEqual([
      ['input-missing-kind', 'kind', 1],
      ['input-missing-kind', 'apiVersion', 6],
    ]);
    expect(got.findings[0].object).toMatchObject({ name: 'no-kind', namespace: 'ns' });
    expect(got.findings[0].message).toMatch(/no kind/);
    expect(got.findings[1].message).toMatch(/apiVersion a number/);
  });

  it('reports a non-object List item with its prefix', () => {
    // GIVEN a List whose second item is a string
    const got = loadText('apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Pod, metadata: {name: p}}\n  - oops\n', 'l.yaml');
    // THEN the string is input-not-object at items[1]
    expect(got.findings.map((f) => [f.rule, f.prefix])).toEqual([['input-not-object', 'items[1]']]);
    expect(got.findings[0].message).toMatch(/item 1 of the List/);
  });

  it('reports malformed YAML with its line instead of throwing', () => {
    // GIVEN a mapping entry indented wrongly on line 5
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n    namespace: default\n';
    // WHEN it is loaded
    const got = loadText(text, 'bad.yaml');
    // THEN a cannot-parse problem carries line 5 and the reason, and nothing else is produced
    expect(got.problem).toEqual({ file: 'bad.yaml', line: 5, message: expect.stringMatching(/^cannot parse: bad indentation/) });
    expect(got.objects).toEqual([]);
  });

  it('reports duplicate keys as a parse problem', () => {
    const got = loadText('a: 1\na: 2\n', 'dup.yaml');
    expect(got.problem?.message).toMatch(/^cannot parse: duplicated mapping key/);
    expect(got.problem?.line).toBe(2);
  });
});

describe('loadText: JSON', () => {
  it('reads a JSON object with its first line', () => {
    // GIVEN a JSON file with a blank first line
    const got = loadText('\n{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}\n', 'p.json', true);
    // THEN it is one object at line 2
    expect(names(got.objects)).toEqual(['p']);
    expect(got.objects[0].doc).toMatchObject({ line: 2, json: true });
  });

  it('reads a JSON List', () => {
    const got = loadText(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }] }), 'l.json', true);
    expect(names(got.objects)).toEqual(['x']);
    expect(got.objects[0].prefix).toBe('items[0]');
  });

  it('reports malformed JSON with its line', () => {
    // GIVEN a JSON file missing a comma after line 4
    const text = '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "metadata": { "name": "broken" }\n  "data": {}\n}\n';
    // WHEN it is loaded
    const got = loadText(text, 'bad.json', true);
    // THEN a cannot-parse problem is reported at line 5, without quoting the whole file
    expect(got.problem?.file).toBe('bad.json');
    expect(got.problem?.line).toBe(5);
    expect(got.problem?.message).toMatch(/^cannot parse: /);
    expect(got.problem?.message).not.toMatch(/apiVersion/);
  });

  it('is strict: text that is YAML but not JSON is a parse problem', () => {
    const got = loadText('{"a": 1,\n "b": }', 'x.json', true);
    expect(got.problem?.message).toMatch(/^cannot parse: /);
  });

  it('reports a top-level JSON array as input-not-object', () => {
    const got = loadText('[1, 2]', 'a.json', true);
    expect(got.findings.map((f) => f.rule)).toEqual(['input-not-object']);
  });
});

describe('loadText: never throws', () => {
  it('returns problems instead of throwing, for any text, as YAML or JSON', () => {
    // GIVEN arbitrary text (including YAML-ish fragments)
    const yamlish = fc.array(fc.constantFrom('---', '- ', ': ', '{', '}', '[', ']', '"', "'", '|', '>', '&a ', '*a', '!!', '%YAML 1.2', '\n', '  ', '\t', 'kind: List', 'items:', 'x', '\0', '#'), { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), yamlish), fc.boolean(), (text, json) => {
      // WHEN it is loaded
      const got = loadText(text, 'f', json);
      // THEN the result is well-formed: a problem, or objects and findings
      expect(Array.isArray(got.objects)).toBe(true);
      expect(Array.isArray(got.findings)).toBe(true);
      if (got.problem) expect(got.problem.message).toMatch(/^cannot parse: /);
    }), { numRuns: 500 });
  });
});

describe('loadInputs', () => {
  let tmp: string;
  beforeAll(async () => {
    // GIVEN a tree with nested manifests, files with other extensions, node_modules and a dot-directory
    tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'netbind-load-'));
    const put = async (rel: string, text: string) => {
      await fsp.mkdir(path.dirname(path.join(tmp, rel)), { recursive: true });
      await fsp.writeFile(path.join(tmp, rel), text);
    };
    const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
    await put('tree/b.yaml', cm('b'));
    await put('tree/a.yml', cm('a'));
    await put('tree/z/c.json', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }));
    await put('tree/m/d.YAML', cm('d'));
    await put('tree/readme.md', 'not: [yaml');
    await put('tree/node_modules/pkg/e.yaml', 'broken: [');
    await put('tree/.git/f.yaml', 'broken: [');
    await put('tree/.hidden.yaml', 'broken: [');
    await put('empty/readme.txt', 'nothing');
  });
  afterAll(async () => {
    await fsp.rm(tmp, { recursive: true, force: true });
  });

  it('walks directories recursively in sorted order, skipping node_modules, dot entries and other extensions', async () => {
    // WHEN the tree is loaded
    const got = await loadInputs(['tree'], { cwd: tmp });
    // THEN the manifests come in code-point order of their paths, with no problems
    expect(got.problems).toEqual([]);
    expect(got.files).toEqual(['tree/a.yml', 'tree/b.yaml', 'tree/m/d.YAML', 'tree/z/c.json']);
    expect(names(got.objects)).toEqual(['a', 'b', 'd', 'c']);
  });

  it('reads a file named twice once, and keeps the order inputs are given in', async () => {
    const got = await loadInputs(['tree/z/c.json', 'tree', 'tree/a.yml'], { cwd: tmp });
    expect(got.files).toEqual(['tree/z/c.json', 'tree/a.yml', 'tree/b.yaml', 'tree/m/d.YAML']);
  });

  it('reads an explicitly named file whatever its extension', async () => {
    const got = await loadInputs(['tree/readme.md'], { cwd: tmp });
    expect(got.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^cannot parse: /)]);
  });

  it('reports a missing path as a problem and still reads the other inputs', async () => {
    // WHEN one input does not exist
    const got = await loadInputs(['nope.yaml', 'tree/a.yml'], { cwd: tmp });
    // THEN it is a cannot-read problem and the other file is loaded
    expect(got.problems).toEqual([{ file: 'nope.yaml', message: 'cannot read: no such file or directory' }]);
    expect(names(got.objects)).toEqual(['a']);
  });

  it('notes a directory without manifests', async () => {
    const got = await loadInputs(['empty'], { cwd: tmp });
    expect(got.problems).toEqual([]);
    expect(got.notes).toEqual([expect.stringMatching(/^empty: no .yaml, .yml, .json files found/)]);
  });

  it('reads - from stdin, as a string or a stream', async () => {
    // GIVEN stdin holding a two-document stream
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s1}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: s2}\n';
    // WHEN - is loaded from a string and from a stream
    const fromString = await loadInputs(['-'], { stdin: text });
    const fromStream = await loadInputs(['-'], { stdin: Readable.from([Buffer.from(text.slice(0, 10)), Buffer.from(text.slice(10))]) });
    // THEN both give the two objects, from file "-"
    for (const got of [fromString, fromStream]) {
      expect(names(got.objects)).toEqual(['s1', 's2']);
      expect(got.files).toEqual(['-']);
      expect(got.objects[1].doc).toMatchObject({ file: '-', line: 5 });
    }
  });

  it('reads the fixture files: List, multi-document, malformed', async () => {
    // WHEN the fixtures are loaded together
    const got = await loadInputs(['list.yaml', 'not-object.yaml', 'malformed.yaml', 'malformed.json', 'missing-kind.yaml'], { cwd: FIXTURES });
    // THEN the malformed files are problems with lines, the rest is read
    expect(got.problems).toEqual([
      { file: 'malformed.yaml', line: 5, message: expect.stringMatching(/^cannot parse: /) },
      { file: 'malformed.json', line: 5, column: 3, message: expect.stringMatching(/^cannot parse: /) },
    ]);
    expect(got.files).toEqual(['list.yaml', 'not-object.yaml', 'missing-kind.yaml']);
    expect(names(got.objects)).toEqual(['first', 'bad-second', 'fine', 'fine']);
    expect(got.findings.map((f) => `${f.doc.file}:${f.rule}`)).toEqual([
      'not-object.yaml:input-not-object', 'not-object.yaml:input-not-object', 'missing-kind.yaml:input-missing-kind',
    ]);
  });
});

describe('loadText: quoted values continued left of their key', () => {
  const nad = [
    'apiVersion: k8s.cni.cncf.io/v1',
    'kind: NetworkAttachmentDefinition',
    'metadata:',
    '  name: netbindingpasst',
    'spec:',
    "  config: '{",
    '            "cniVersion": "1.0.0",',
    '            "plugins": [ { "type": "kubevirt-passt-binding" } ]',
    "  }'",
    '',
  ].join('\n');

  it('GIVEN the user guide\'s NAD layout WHEN loaded THEN the value is read as kubectl reads it and line 9 gets a warning', () => {
    const r = loadText(nad, 'nad.yaml');
    expect(r.problem).toBeUndefined();
    expect(r.objects).toHaveLength(1);
    expect(JSON.parse((r.objects[0].manifest.spec as { config: string }).config)).toEqual({ cniVersion: '1.0.0', plugins: [{ type: 'kubevirt-passt-binding' }] });
    expect(r.findings.map((f) => [f.rule, f.severity, f.line])).toEqual([['input-flow-indentation', 'warning', 9]]);
  });

  it('GIVEN a block mapping that is really mis-indented WHEN loaded THEN it stays a parse problem', () => {
    const r = loadText('a:\n  b: 1\n c: 2\n', 'bad.yaml');
    expect(r.problem?.message).toMatch(/^cannot parse: /);
    expect(r.problem?.line).toBe(3);
  });
});
