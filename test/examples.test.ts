/**
 * The examples: every examples/<name>/ folder with a main.ts is synthesized (one synth per example, its
 * `buildApp(outdir)` into a temporary folder, next to copies of the example's other files) and compared file by file with its committed dist/, so a stale example
 * fails here (`npm run examples` regenerates them); every object it writes, the Argo CD and Flux objects included,
 * is validated against its CRD.
 *
 * The CRD checks read ../shared/crds (path.resolve(repoRoot, '..', 'shared', 'crds'); not shipped with the repo):
 * they are skipped when it is absent.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { lint, schema } from '../src';
import type { NetbindApp } from '../src';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLES = path.join(ROOT, 'examples');
const CRDS = path.resolve(ROOT, '..', 'shared', 'crds');
const haveCrds = fs.existsSync(CRDS);

const names = fs.readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((e) => e.isDirectory() && fs.existsSync(path.join(EXAMPLES, e.name, 'main.ts')))
  .map((e) => e.name)
  .sort();

/** Every file under `dir`, relative, `/`-separated, sorted. */
function tree(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(path.join(dir, prefix))) return [];
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? tree(dir, rel) : [rel];
  }).sort();
}

it('GIVEN the examples folder WHEN listed THEN it holds one example per target (the patch target too) and a fleet', () => {
  expect(names).toEqual(expect.arrayContaining(['fleet', 'hco-v1', 'hco-v1beta1', 'kubevirt', 'kubevirt-patch']));
});

describe.each(names)('examples/%s', (name) => {
  const dir = path.join(EXAMPLES, name);
  let out = '';

  beforeAll(async () => {
    const mod = await import(path.join(dir, 'main.ts')) as { buildApp: (outdir?: string) => NetbindApp };
    const home = fs.mkdtempSync(path.join(os.tmpdir(), `netbind-example-${name}-`));
    // the example's own files besides main.ts and dist/ (a base CR it patches) go next to the output, where a
    // synth from the example's folder finds them
    for (const e of fs.readdirSync(dir)) {
      if (e !== 'dist' && e !== 'main.ts') fs.cpSync(path.join(dir, e), path.join(home, e), { recursive: true });
    }
    out = path.join(home, 'dist');
    mod.buildApp(out).synth();
  });

  it('GIVEN its main.ts WHEN synthesized THEN the output equals the committed dist/ (else run npm run examples)', () => {
    const committed = path.join(dir, 'dist');
    const files = tree(out);
    expect(tree(committed), `examples/${name}/dist is stale: run npm run examples`).toEqual(files);
    for (const f of files) {
      expect(fs.readFileSync(path.join(committed, f), 'utf8'), `examples/${name}/dist/${f} is stale: run npm run examples`)
        .toBe(fs.readFileSync(path.join(out, f), 'utf8'));
    }
  });

  it.skipIf(!haveCrds)('GIVEN every object it writes WHEN checked against the CRDs in ../shared/crds THEN no schema finding', () => {
    const manifests = tree(out).filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => (yaml.loadAll(fs.readFileSync(path.join(out, f), 'utf8')) as Record<string, unknown>[]));
    const crds = schema.loadCrdFiles([CRDS]);
    const group = (m: Record<string, unknown>) => String(m.apiVersion).split('/').slice(0, -1).join('/');
    const checked = manifests.filter((m) => crds.find(group(m), String(m.kind)) !== undefined);
    // the Argo CD and Flux objects are among those checked
    const kinds = new Set(checked.map((m) => m.kind));
    if (fs.existsSync(path.join(out, 'argocd'))) expect(kinds.has('ApplicationSet')).toBe(true);
    if (fs.existsSync(path.join(out, 'flux'))) expect(kinds.has('Kustomization')).toBe(true);
    expect(kinds.has('VirtualMachine')).toBe(true);
    expect(lint(manifests, { crds }).filter((f) => f.rule === 'schema')).toEqual([]);
  });
});
