/**
 * Property tests of the lint CLI on hostile input: whatever the text (random bytes, mutated manifests, random
 * structures with anchors and aliases, deep nesting, huge scalars, random JSON), `main` never throws, prints no
 * stack trace and no internal error, exits 0, 1 or 2, prints every finding on one line without control
 * characters, and prints at most a bounded amount (generous: the point is that a few bytes cannot print
 * megabytes). About 6,000 cases here (over 11,000 with the property tests of test/lint); fast-check prints the seed and the shrunk case of a failure.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli';
import { ALL_RULES } from '../src/rules';
import { FIXTURES } from './lint/test-rules';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-prop-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Lints `input` given as stdin (bytes or text) or as a file named `file` in a temp directory. */
async function lint(input: string | Uint8Array, how: { file?: string; format?: 'text' | 'json' } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  let target = '-';
  let stdin: NodeJS.ReadableStream | string = '';
  if (how.file) {
    fs.writeFileSync(path.join(tmp, how.file), input);
    target = how.file;
  } else {
    stdin = typeof input === 'string' ? input : Readable.from([Buffer.from(input)]);
  }
  const code = await main(['lint', '--format', how.format ?? 'text', target], {
    stdin, stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, cwd: tmp, rules: ALL_RULES,
  });
  return { code, stdout, stderr };
}

/** The bounds every run keeps. */
function expectSane(r: Run, inputLength: number, format: 'text' | 'json' = 'text'): void {
  expect([0, 1, 2]).toContain(r.code);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error|maximum call stack/i);
  expect(r.stdout.length + r.stderr.length).toBeLessThanOrEqual(20_000 + 200 * inputLength);
  expect(r.stdout + r.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  if (format === 'json') {
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  } else if (r.stdout !== '') {
    for (const line of r.stdout.slice(0, -1).split('\n')) expect(line).toMatch(/^(-|[^:]+):\d+: (error|warning) [a-z0-9-]+: /);
  }
  for (const line of r.stderr.slice(0, -1).split('\n')) {
    expect(line).toMatch(/^(kubevirt-netbind: note: |(-|[^:]+)(:\d+){0,2}: error: |\d+ errors?, \d+ warnings? in \d+ files?)/);
  }
}

/** Real manifests to mutate: the lint fixtures. */
function samples(): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (/\.(ya?ml|json)$/.test(e.name)) out.push(fs.readFileSync(p, 'utf8'));
    }
  };
  visit(FIXTURES);
  return out;
}

/** Keys rules look at, so that random structures reach the rules' paths. */
const KEYS = ['apiVersion', 'kind', 'metadata', 'name', 'namespace', 'spec', 'template', 'domain', 'devices', 'interfaces', 'networks',
  'binding', 'multus', 'networkName', 'resources', 'requests', 'memory', 'items', 'runStrategy', 'configuration', 'network', 'labels', 'annotations', 'config', '<<'];
const SCALARS = ['.nan', 'NaN', '-.inf', '-1Gi', '1Gi', '~', 'null', 'true', '0x10', '"a\\nb"', '"\\e[31m"', 'v1', 'kubevirt.io/v1', 'VirtualMachine', 'List',
  'k8s.cni.cncf.io/v1', 'NetworkAttachmentDefinition', 'KubeVirt', 'Always', '""', '\'x\'', '1e400', '-0', '"\\u2028"'];

/** Flow-style YAML nodes with anchors and aliases to anchors written before them. */
function yamlNode(): fc.Arbitrary<string> {
  const { node } = fc.letrec<{ node: string; map: string; seq: string; leaf: string }>((tie) => ({
    leaf: fc.oneof(fc.constantFrom(...SCALARS), fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)), fc.integer({ min: 0, max: 6 }).map((i) => `*a${i}`)),
    map: fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('node')), { maxLength: 4 }).map((kv) => `{${kv.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
    seq: fc.array(tie('node'), { maxLength: 4 }).map((xs) => `[${xs.join(', ')}]`),
    node: fc.tuple(fc.option(fc.integer({ min: 0, max: 6 }), { freq: 3 }), fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('map'), tie('seq')))
      .map(([anchor, v]) => (anchor === null || v.startsWith('*') ? v : `&a${anchor} ${v}`)),
  }));
  return node;
}

/** A manifest-shaped document: a VM, a List around it, or a KubeVirt CR, with random values at random keys. */
const yamlDocument = fc.tuple(
  fc.constantFrom('kubevirt.io/v1\nkind: VirtualMachine', 'v1\nkind: List', 'kubevirt.io/v1\nkind: KubeVirt', 'k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition'),
  fc.array(fc.tuple(fc.constantFrom(...KEYS), yamlNode()), { maxLength: 5 }),
).map(([head, fields]) => `apiVersion: ${head}\n${fields.map(([k, v]) => `${k}: ${v}`).join('\n')}\n`);

/** A text with a few random edits: characters inserted, deleted or replaced. */
function mutated(texts: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(), fc.nat(3), fc.string({ unit: fc.constantFrom(' ', '\n', '-', ':', '[', '{', '&', '*', '"', '\'', '\t', '\x00', '#', 'a', '\u00e9', '\ufeff'), maxLength: 3 }));
  return fc.tuple(fc.constantFrom(...texts), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([text, edits]) => {
    let t = text;
    for (const [at, del, ins] of edits) {
      const i = t.length === 0 ? 0 : at % t.length;
      t = t.slice(0, i) + ins + t.slice(i + del);
    }
    return t;
  });
}

describe('cli: properties on hostile input', () => {
  it('GIVEN random bytes on stdin WHEN linted THEN the run is sane', async () => {
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 120 }), fc.string({ unit: 'binary', maxLength: 80 }).map((s) => new Uint8Array(Buffer.from(s))));
    await fc.assert(fc.asyncProperty(bytes, async (b) => {
      expectSane(await lint(b), b.length);
    }), { numRuns: 1200 });
  });

  it('GIVEN mutated real manifests WHEN linted as YAML or JSON THEN the run is sane', async () => {
    const texts = samples();
    await fc.assert(fc.asyncProperty(mutated(texts), fc.boolean(), async (text, json) => {
      expectSane(await lint(text, json ? { file: 'case.json' } : {}), text.length);
    }), { numRuns: 1500 });
  });

  it('GIVEN random manifest structures with anchors and aliases WHEN linted THEN the run is sane', async () => {
    await fc.assert(fc.asyncProperty(fc.array(yamlDocument, { minLength: 1, maxLength: 3 }), fc.constantFrom<'text' | 'json'>('text', 'json'), async (docs, format) => {
      const text = docs.join('---\n');
      expectSane(await lint(text, { format }), text.length, format);
    }), { numRuns: 2000 });
  });

  it('GIVEN random JSON values in manifest fields WHEN linted as a .json file THEN the run is sane', async () => {
    const manifest = fc.record({
      apiVersion: fc.constantFrom('kubevirt.io/v1', 'v1', 'k8s.cni.cncf.io/v1'),
      kind: fc.constantFrom('VirtualMachine', 'List', 'KubeVirt', 'NetworkAttachmentDefinition', 'VirtualMachineInstance'),
      metadata: fc.oneof(fc.record({ name: fc.string({ unit: 'binary', maxLength: 10 }) }), fc.jsonValue({ maxDepth: 2 })),
      spec: fc.jsonValue({ maxDepth: 5 }),
      items: fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 3 }),
    }, { requiredKeys: ['apiVersion', 'kind'] });
    await fc.assert(fc.asyncProperty(manifest, fc.boolean(), async (m, pretty) => {
      const text = JSON.stringify(m, null, pretty ? 2 : undefined);
      expectSane(await lint(text, { file: 'case.json' }), text.length);
    }), { numRuns: 1000 });
  });

  it('GIVEN nesting around the limit, in YAML text, YAML aliases and JSON WHEN linted THEN the run is sane', async () => {
    const deep = fc.tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom('yaml', 'alias', 'json'), fc.constantFrom('[', '{"a":'));
    await fc.assert(fc.asyncProperty(deep, async ([n, how, open]) => {
      const close = open === '[' ? ']' : '}';
      const nest = (k: number, inner: string) => `${open.repeat(k)}${inner}${close.repeat(k)}`;
      let text: string;
      if (how === 'json') text = `{"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "spec": ${nest(n, '1')}}`;
      else if (how === 'yaml') text = `apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nspec: ${nest(Math.min(n, 120), '1')}\n`;
      else text = `a: &a ${nest(60, '1')}\napiVersion: kubevirt.io/v1\nkind: VirtualMachine\nspec: ${nest(Math.min(n, 90), '*a')}\n`;
      expectSane(await lint(text, how === 'json' ? { file: 'case.json' } : {}), text.length);
    }), { numRuns: 300 });
  });

  it('GIVEN huge scalars in names and fields WHEN linted THEN the output stays bounded', async () => {
    const huge = fc.tuple(fc.integer({ min: 10_000, max: 300_000 }), fc.constantFrom('name', 'runStrategy', 'memory', 'key'), fc.constantFrom('a', '\n', '\x1b', '-'));
    await fc.assert(fc.asyncProperty(huge, async ([length, where, ch]) => {
      const s = JSON.stringify(ch.repeat(length));
      const text = where === 'key'
        ? `apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: x}\nspec: {${s}: 1}\n`
        : where === 'name'
          ? `apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: ${s}}\nspec: {runStrategy: bad}\n`
          : `apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: x}\nspec: {runStrategy: ${where === 'runStrategy' ? s : 'Always'}, template: {spec: {domain: {resources: {requests: {memory: ${s}}}}}}}\n`;
      const r = await lint(text);
      expectSane(r, text.length);
      expect(r.stdout.length + r.stderr.length).toBeLessThan(50_000); // a bound of its own, far below the input's size
    }), { numRuns: 30 });
  });
});
