import { promises as fsp } from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expansionProblem, invalidUtf8At, jsonErrorOffset, jsonStructureProblem, loadInputs, loadText, MAX_EXPANDED_CHARS, MAX_EXPANDED_NODES,
  MAX_NESTING, parseLenient, parseSegment,
} from '../../src/lint/load';
import { execFileSync } from 'child_process';
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

describe('parseLenient: a stream parsed document by document gives what re-parsing the whole stream gives', () => {
  /**
   * The whole-stream algorithm: after each deficient line, re-indent it and parse the whole text again (slow, plainly
   * right): the segment parser of `parseLenient` over the whole stream, with no limit on re-indented lines.
   */
  const wholeStream = (source: string) => parseSegment(source, Infinity);
  const outcome = (f: () => unknown) => {
    try {
      return { ok: f() };
    } catch (e) {
      const err = e as { reason?: string; mark?: { line?: number } };
      return { error: [err.reason, err.mark?.line] };
    }
  };
  const nad = (i: number, closeAt: number) => `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: n${i}\nspec:\n  config: '{\n    "cniVersion": "0.3.1",\n    "type": "bridge"\n${' '.repeat(closeAt)}}'\n`;
  const docs = fc.constantFrom(
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  a: "1"\n',
    nad(1, 2), nad(2, 0), nad(3, 4),
    'a:\n  b: "x\n y\n"\n', // a double-quoted value continued left of its key
    'a:\n  b: [1,\n 2,\n3]\n', // a flow sequence continued left of its key
    'list:\n  - k: \'v\n  w\'\n',
    '', '# only a comment\n', '\n\n',
    'a: 1\n...\n', 'a: 1\n...\n%YAML 1.2\n', '%YAML 1.2\n',
    'x: \'open\n', // a quoted value left open: it runs into the next `---`
    'bad: [\n', 'a:\n  b: 1\n c: 2\n', 'k: &anchor\n  x: 1\nr: *anchor\n', 'r: *elsewhere\n',
    '|\n  literal\n', '"quoted": {a: 1}\n', '---x: 1\n', '- 1\n- 2\n', 'a: |+\n  keep\n\n',
  );
  const separators = fc.constantFrom('---\n', '--- \n', '--- # c\n', '---\r\n', '', '...\n---\n', '--- |\n  block\n---\n');

  it('GIVEN generated streams of NADs written as KubeVirt writes them, among other documents and mistakes WHEN parsed THEN the text, values, starts, re-indented lines or the error are the same', () => {
    fc.assert(fc.property(fc.array(fc.tuple(separators, docs), { minLength: 1, maxLength: 10 }), fc.boolean(), (parts, crlf) => {
      let source = parts.map(([sep, doc]) => sep + doc).join('');
      if (crlf) source = source.replace(/\r?\n/g, '\r\n');
      const expected = outcome(() => wholeStream(source));
      const got = outcome(() => parseLenient(source));
      expect(got, JSON.stringify(source)).toEqual(expected);
    }), { numRuns: 1500 });
  });

  it('GIVEN 300 NADs written as KubeVirt writes them, more than one document may re-indent WHEN loaded THEN each gets its warning on its closing line', () => {
    const text = Array.from({ length: 300 }, (_, i) => nad(i, 2)).join('---\n');
    const r = loadText(text, 'nads.yaml');
    expect(r.problem).toBeUndefined();
    expect(r.objects).toHaveLength(300);
    const closing = text.split('\n').flatMap((l, i) => (l === "  }'" ? [i + 1] : []));
    expect(closing).toHaveLength(300);
    expect(r.findings.map((f) => f.line)).toEqual(closing);
    expect(r.findings.map((f) => f.object.name)).toEqual(Array.from({ length: 300 }, (_, i) => `n${i}`));
    expect(r.objects.map((o) => o.doc.line)).toEqual(text.split('\n').flatMap((l, i) => (l.startsWith('apiVersion') ? [i + 1] : [])));
  });

  it('GIVEN a document with more than 200 deficient lines WHEN loaded THEN it is a parse problem on the first line past the limit', () => {
    // lines 6 to 210 are left of the line before: each is re-indented, up to 200
    const long = `a: 1\n---\nb:\n  c: 'x\n    y\n${Array.from({ length: 205 }, (_, i) => `  z${i}`).join('\n')}'\n`;
    const r = loadText(long, 'long.yaml');
    expect(r.problem).toEqual({ file: 'long.yaml', line: 6 + 200, message: 'cannot parse: deficient indentation' });
    // and 200 such lines in each of several documents are read
    const doc = `b:\n  c: 'x\n    y\n${Array.from({ length: 200 }, (_, i) => `  z${i}`).join('\n')}'\n`;
    const several = loadText(`${doc}---\n${doc}---\n${doc}`, 'several.yaml');
    expect(several.problem).toBeUndefined();
    expect(several.findings.filter((f) => f.rule === 'input-flow-indentation')).toHaveLength(600);
  });

  it('GIVEN documents asked for their lines back to front WHEN counted THEN each line is right', () => {
    const text = Array.from({ length: 50 }, (_, i) => `# c\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`).join('---\n\n');
    const r = loadText(text, 's.yaml');
    const starts = text.split('\n').flatMap((l, i) => (l.startsWith('apiVersion') ? [i + 1] : []));
    const back = [...r.objects].reverse().map((o) => o.doc.line);
    expect(back).toEqual([...starts].reverse());
  });
});

/** `depth` nested YAML flow lists around a scalar, as a mapping value. */
const nestedFlow = (depth: number) => `apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;

/** A YAML alias bomb: `levels` anchors, each a list of `width` aliases of the one before. */
function aliasBomb(levels: number, width: number, leaf = 'x'): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: bomb}', `a0: &a0 ${JSON.stringify(leaf)}`];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(', ')}]`);
  lines.push(`data: *a${levels}`);
  return `${lines.join('\n')}\n`;
}

describe('loadText: hostile YAML', () => {
  it('GIVEN a 600-byte alias bomb WHEN loaded THEN it is a read problem at its line, not objects to lint', () => {
    // GIVEN 9 levels of 9 aliases each (9^9 values once expanded) after a first document that is fine
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\n---\n${aliasBomb(9, 9)}`;
    expect(text.length).toBeLessThan(700);
    // WHEN loaded THEN the file is a problem naming the document's line and the limit
    const got = loadText(text, 'bomb.yaml');
    expect(got.objects).toEqual([]);
    expect(got.problem).toEqual({
      file: 'bomb.yaml', line: 5, message: `cannot read: aliases expand to more than ${MAX_EXPANDED_NODES} values; at most ${MAX_EXPANDED_NODES} values (and ${MAX_EXPANDED_CHARS} characters) are read from a file with aliases`,
    });
  });

  it('GIVEN few aliases of a huge string WHEN loaded THEN the expanded size is the limit that applies', () => {
    // GIVEN a 1 MiB string aliased 8^2 = 64 times at most... and 8^3 = 512 times (512 MiB expanded)
    const got = loadText(aliasBomb(3, 8, 'y'.repeat(1024 * 1024)), 'big.yaml');
    expect(got.problem?.message).toMatch(/^cannot read: aliases expand to more than \d+ characters of keys and strings/);
  });

  it('GIVEN aliases nesting lists deeper than the limit WHEN loaded THEN it is a read problem naming the depth', () => {
    // GIVEN 60 levels of text nesting, aliased inside another 60 (each within js-yaml's own limit)
    const deep = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
    const text = `a: &a ${deep(60)}\nb: ${'['.repeat(60)}*a${']'.repeat(60)}\n`;
    const got = loadText(text, 'deep.yaml');
    expect(got.problem).toEqual({ file: 'deep.yaml', line: 1, message: `cannot read: lists and mappings nested more than ${MAX_NESTING} deep (through aliases); at most ${MAX_NESTING} levels are read` });
  });

  it('GIVEN ordinary anchors and merge keys WHEN loaded THEN the objects are read as before', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: a, labels: &l {x: "1"}}\ndata:\n  <<: *l\n  y: "2"\n';
    const got = loadText(text, 'ok.yaml');
    expect(got.problem).toBeUndefined();
    expect(got.objects[0].manifest.data).toEqual({ x: '1', y: '2' });
  });

  it('GIVEN text nesting at the limit and one past it WHEN loaded THEN the first is read and the second is a problem', () => {
    expect(loadText(nestedFlow(MAX_NESTING - 1), 'ok.yaml').problem).toBeUndefined(); // the mapping is one level
    expect(loadText(nestedFlow(MAX_NESTING), 'deep.yaml').problem).toMatchObject({ file: 'deep.yaml', line: 3 });
  });

  it('GIVEN any budget WHEN a value is checked THEN the check is iterative and stops at the budget', () => {
    // a list nested 100000 deep through shared references would overflow any recursive walk
    let v: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(expansionProblem(v, { nodes: 1000, chars: 1000 })).toMatch(/^lists and mappings nested more than 99 deep/);
    const wide = Array(50).fill('x');
    expect(expansionProblem([wide, wide], { nodes: 100, chars: 1000 })).toMatch(/^aliases expand to more than/);
    expect(expansionProblem([wide, wide], { nodes: 103, chars: 1000 })).toBeUndefined();
  });
});

describe('loadText: nested Lists', () => {
  it('GIVEN a VM inside a List inside a List WHEN loaded THEN the VM is an object to lint, with its item path', () => {
    const text = [
      'apiVersion: v1', 'kind: List', 'items:', '- apiVersion: v1', '  kind: ConfigMap', '  metadata: {name: first}',
      '- apiVersion: v1', '  kind: List', '  items:', '  - apiVersion: kubevirt.io/v1', '    kind: VirtualMachine', '    metadata: {name: inner}',
      '  - 42', '',
    ].join('\n');
    const got = loadText(text, 'lists.yaml');
    expect(got.objects.map((o) => [o.prefix, (o.manifest.metadata as { name: string }).name])).toEqual([['items[0]', 'first'], ['items[1].items[0]', 'inner']]);
    expect(got.findings.map((f) => [f.prefix, f.message])).toEqual([
      ['items[1].items[1]', 'item 1 of the List at items[1] is a number, not an object: a manifest is a mapping with apiVersion, kind and metadata'],
    ]);
  });
});

describe('loadText: hostile JSON', () => {
  const cm = '"apiVersion": "v1", "kind": "ConfigMap"';

  it('GIVEN a key twice in one JSON object WHEN loaded THEN it is a problem at the second key, as in YAML', () => {
    const text = `{\n  ${cm},\n  "metadata": {"name": "a",\n    "name": "b"}\n}\n`;
    expect(loadText(text, 'dup.json', true).problem).toEqual({
      file: 'dup.json', line: 4, column: 5, message: 'cannot parse: duplicated mapping key "name"; a key may appear once in an object, as in yaml',
    });
    // the same in YAML is a problem too
    expect(loadText(text, 'dup.yaml').problem?.message).toMatch(/duplicated mapping key/);
  });

  it('GIVEN keys equal only after unescaping, and equal keys in different objects WHEN scanned THEN only the first is a duplicate', () => {
    expect(jsonStructureProblem('{"a": 1, "\\u0061": 2}')).toMatchObject({ at: 9 });
    expect(jsonStructureProblem('{"a": {"a": 1}, "b": [{"a": 1}, {"a": "a"}], "c": "a"}')).toBeUndefined();
    expect(jsonStructureProblem('{"a\\"": 1, "a": 2, "x": "\\\\", "y": {}}')).toBeUndefined();
  });

  it('GIVEN JSON nested past the limit WHEN loaded THEN it is a problem at the bracket, with line and column', () => {
    const deep = (n: number) => `{${cm},\n"data": ${'['.repeat(n - 1)}${']'.repeat(n - 1)}}`;
    expect(loadText(deep(MAX_NESTING), 'ok.json', true).problem).toBeUndefined();
    expect(loadText(deep(MAX_NESTING + 1), 'deep.json', true).problem).toEqual({
      file: 'deep.json', line: 2, column: 9 + MAX_NESTING - 1,
      message: `cannot read: lists and mappings nested more than ${MAX_NESTING} deep (${MAX_NESTING + 1} here); at most ${MAX_NESTING} levels are read`,
    });
    // far deeper: still a problem, no stack overflow
    expect(loadText(`[${'['.repeat(200_000)}${']'.repeat(200_000)}]`, 'deeper.json', true).problem?.message).toMatch(/nested more than 99 deep/);
  });

  it('GIVEN JSON with random edits WHEN loaded THEN the scanner agrees with JSON.parse, and every syntax error has a line and column', () => {
    const edit = fc.tuple(fc.nat(), fc.nat(2), fc.string({ unit: fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', '-', '0', '1', 'e', '.', 't', 'n', ' ', '\n', '\x01', 'u', 'x'), maxLength: 2 }));
    fc.assert(fc.property(fc.json({ maxDepth: 3 }), fc.array(edit, { maxLength: 3 }), (json, edits) => {
      let text = json;
      for (const [at, del, ins] of edits) {
        const i = text.length > 0 ? at % text.length : 0;
        text = text.slice(0, i) + ins + text.slice(i + del);
      }
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(jsonErrorOffset(text) === -1).toBe(valid);
      const problem = loadText(text, 'x.json', true).problem;
      if (!valid && /\S/.test(text)) { // a blank file holds no documents, and no problem
        expect(problem).toMatchObject({ line: expect.any(Number), column: expect.any(Number), message: expect.stringMatching(/^cannot parse: [a-z]/) });
        expect(problem!.message).not.toMatch(/position|is not valid json/i);
      }
    }), { numRuns: 1500 });
  });

  it.each([
    ['x', 1, 1, /^cannot parse: unexpected token 'x'$/],
    ['{"a": 1}\n\n  garbage', 3, 3, /^cannot parse: unexpected non-whitespace character after json$/i],
    ['{\n  "a": tru}', 2, 8, /^cannot parse: unexpected token '}'$/],
    ['{', 1, 2, /^cannot parse: expected property name or '}'/],
    ['{\n  "a": 1,\n}', 3, 1, /^cannot parse: expected double-quoted property name/],
    ['{"a":\n', 1, 6, /^cannot parse: unexpected end of json input/i],
    ['[1,\n 2 3]', 2, 4, /^cannot parse: expected ',' or ']'/],
  ])('GIVEN malformed JSON %j WHEN loaded THEN the problem has line %i and column %i', (text, line, column, message) => {
    const got = loadText(text, 'bad.json', true).problem;
    expect(got).toMatchObject({ file: 'bad.json', line, column });
    expect(got?.message).toMatch(message);
  });
});

describe('loadInputs: special files, limits, encodings and links', () => {
  let tmp: string;
  const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
  beforeAll(async () => {
    tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'netbind-special-'));
    await fsp.mkdir(path.join(tmp, 'tree'));
    await fsp.writeFile(path.join(tmp, 'tree', 'a.yaml'), cm('a'));
    execFileSync('mkfifo', [path.join(tmp, 'tree', 'pipe.yaml')]);
    execFileSync('mkfifo', [path.join(tmp, 'tree', 'pipe.txt')]);
    execFileSync('mkfifo', [path.join(tmp, 'fifo.yaml')]);
    await fsp.symlink('a.yaml', path.join(tmp, 'tree', 'z-link.yaml'));
    await fsp.writeFile(path.join(tmp, 'latin1.yaml'), Buffer.concat([Buffer.from(cm('a')), Buffer.from('data:\n  x: caf\xe9\n', 'latin1')]));
    await fsp.writeFile(path.join(tmp, 'big.yaml'), `${cm('big')}data:\n  x: "${'z'.repeat(5000)}"\n`);
  });
  afterAll(async () => {
    await fsp.rm(tmp, { recursive: true, force: true });
  });

  it('GIVEN a fifo named as an input WHEN loaded THEN it is refused at once, without waiting for a writer', async () => {
    const got = await loadInputs(['fifo.yaml', 'tree/a.yaml'], { cwd: tmp });
    expect(got.problems).toEqual([{ file: 'fifo.yaml', message: 'cannot read: a fifo, not a regular file; give .yaml, .yml or .json files, directories, or - for stdin' }]);
    expect(names(got.objects)).toEqual(['a']);
  });

  it.each(['/dev/zero', '/dev/null'])('GIVEN the device %s WHEN loaded THEN it is refused before reading', async (device) => {
    const got = await loadInputs([device]);
    expect(got.problems).toEqual([{ file: device, message: 'cannot read: a character device, not a regular file; give .yaml, .yml or .json files, directories, or - for stdin' }]);
  });

  it('GIVEN a unix socket named as an input and in a directory WHEN loaded THEN both are refused', async () => {
    const dir = path.join(tmp, 'sockets');
    await fsp.mkdir(dir);
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(dir, 's.yaml'), resolve));
    try {
      const refused = 'cannot read: a socket, not a regular file; give .yaml, .yml or .json files, directories, or - for stdin';
      expect((await loadInputs(['sockets/s.yaml'], { cwd: tmp })).problems).toEqual([{ file: 'sockets/s.yaml', message: refused }]);
      expect((await loadInputs(['sockets'], { cwd: tmp })).problems).toEqual([{ file: path.join('sockets', 's.yaml'), message: refused }]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('GIVEN a directory with a fifo and a symbolic link to a file in it WHEN walked THEN the fifo is a problem and the file is read once', async () => {
    const got = await loadInputs(['tree'], { cwd: tmp });
    // THEN pipe.yaml is a problem, pipe.txt (not a manifest name) is skipped, and the link is noted, not read again
    expect(got.problems).toEqual([{ file: path.join('tree', 'pipe.yaml'), message: 'cannot read: a fifo, not a regular file; give .yaml, .yml or .json files, directories, or - for stdin' }]);
    expect(got.files).toEqual([path.join('tree', 'a.yaml')]);
    expect(names(got.objects)).toEqual(['a']);
    expect(got.notes).toEqual([`${path.join('tree', 'z-link.yaml')}: the same file as ${path.join('tree', 'a.yaml')}, read once`]);
  });

  it('GIVEN bytes that are not UTF-8 WHEN loaded from a file or stdin THEN it is a problem naming the byte, its offset and line', async () => {
    const want = { line: 6, message: `cannot read: byte 0xe9 at offset ${cm('a').length + 14} is not utf-8; manifests are utf-8 text` };
    const file = await loadInputs(['latin1.yaml'], { cwd: tmp });
    expect(file.problems).toEqual([{ file: 'latin1.yaml', ...want }]);
    const bytes = await fsp.readFile(path.join(tmp, 'latin1.yaml'));
    const stdin = await loadInputs(['-'], { stdin: Readable.from([bytes]) });
    expect(stdin.problems).toEqual([{ file: '-', ...want }]);
  });

  it('GIVEN inputs over the size limit WHEN loaded THEN each is a problem naming the limit', async () => {
    const limit = 4096;
    const tooLarge = 'cannot read: larger than 4 KiB, the limit (--max-file-size)';
    const got = await loadInputs(['big.yaml', 'tree/a.yaml'], { cwd: tmp, maxFileSize: limit });
    expect(got.problems).toEqual([{ file: 'big.yaml', message: tooLarge }]);
    expect(names(got.objects)).toEqual(['a']);
    const big = await fsp.readFile(path.join(tmp, 'big.yaml'));
    expect((await loadInputs(['-'], { stdin: Readable.from([big.subarray(0, 3000), big.subarray(3000)]), maxFileSize: limit })).problems).toEqual([{ file: '-', message: tooLarge }]);
    expect((await loadInputs(['-'], { stdin: big.toString(), maxFileSize: limit })).problems).toEqual([{ file: '-', message: tooLarge }]);
    expect((await loadInputs(['big.yaml'], { cwd: tmp, maxFileSize: big.length })).problems).toEqual([]);
  });

  it('GIVEN an endless stdin WHEN loaded THEN reading stops at the limit', async () => {
    async function* zeros() {
      for (;;) yield Buffer.alloc(65536);
    }
    const got = await loadInputs(['-'], { stdin: Readable.from(zeros()), maxFileSize: 1024 * 1024 });
    expect(got.problems).toEqual([{ file: '-', message: 'cannot read: larger than 1 MiB, the limit (--max-file-size)' }]);
  });
});

describe('invalidUtf8At', () => {
  it('GIVEN any bytes WHEN checked THEN it finds a bad byte exactly when a strict UTF-8 decoder fails, and the prefix before it decodes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    const decodes = (b: Uint8Array) => {
      try {
        strict.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    // bytes biased towards the multi-byte ranges, and valid text with one byte changed
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0x80, max: 0xf5 }));
    const mutated = fc.tuple(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([s, i, b]) => {
      const buf = new Uint8Array(Buffer.from(s));
      if (buf.length > 0) buf[i % buf.length] = b;
      return buf;
    });
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 12 }), fc.array(byte, { maxLength: 12 }).map((a) => new Uint8Array(a)), mutated), (buf) => {
      const at = invalidUtf8At(buf);
      expect(at === -1).toBe(decodes(buf));
      if (at >= 0) expect(decodes(buf.subarray(0, at))).toBe(true);
    }), { numRuns: 3000 });
  });
});
