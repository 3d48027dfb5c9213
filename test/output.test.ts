/**
 * The synth's output folder under concurrent syntheses and processes killed mid-write: what is left is always the
 * old output or the new, never a mix, and nothing is left behind outside `.netbind-last/`.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAST_GOOD_DIR, OUTPUT_RECORD, recoverOutput } from '../src';
import type { WriteStep } from '../src/output';
import { variantApp } from './support/synth-variant';

let work: string;
let child: string;
/** The output of each variant, written once on its own. */
let want: { a: Record<string, string>; b: Record<string, string> };

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-output-'));
  child = path.join(work, 'synth-child.cjs');
  buildSync({
    entryPoints: [path.join(__dirname, 'support', 'synth-child.ts')], outfile: child, bundle: true, platform: 'node',
    format: 'cjs', packages: 'external', logLevel: 'error', absWorkingDir: path.resolve(__dirname, '..'),
  });
  const root = fs.mkdtempSync(path.join(work, 'expected-'));
  for (const v of ['a', 'b'] as const) variantApp(path.join(root, v), v).synth();
  want = { a: snapshot(path.join(root, 'a'))!, b: snapshot(path.join(root, 'b'))! };
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Every file under `dir` with its content; undefined when `dir` does not exist. */
function snapshot(dir: string): Record<string, string> | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isFile()) out[f] = fs.readFileSync(p, 'utf8');
  }
  return out;
}

/** A synth in a process of its own that kills itself right after `killAt`. */
function killedSynth(outdir: string, variant: 'a' | 'b', killAt: WriteStep) {
  return spawnSync(process.execPath, [child, outdir, variant, '--kill-at', killAt], { cwd: work, encoding: 'utf8', env: { ...process.env, NODE_PATH: path.resolve(__dirname, '..', 'node_modules') } });
}

/** `times` syntheses, alternating the variants from `variant`, in a process of their own. */
function synthesesAsync(outdir: string, variant: 'a' | 'b', times: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [child, outdir, variant, '--times', String(times)], { cwd: work, env: { ...process.env, NODE_PATH: path.resolve(__dirname, '..', 'node_modules') } });
    let stderr = '';
    p.stderr.on('data', (d) => { stderr += String(d); });
    p.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('output folder', () => {
  it('GIVEN two processes each synthesizing one output folder 20 times at once WHEN both end THEN every synth succeeded and the folder is exactly one of the two outputs, with no work files left', async () => {
    // GIVEN
    const root = fs.mkdtempSync(path.join(work, 'concurrent-'));
    const dist = path.join(root, 'dist');
    // WHEN
    const [x, y] = await Promise.all([synthesesAsync(dist, 'a', 20), synthesesAsync(dist, 'b', 20)]);
    // THEN
    expect([x.code, y.code], `${x.stderr}${y.stderr}`).toEqual([0, 0]);
    expect([want.a, want.b]).toContainEqual(snapshot(dist));
    expect(fs.readdirSync(root).sort()).toEqual([LAST_GOOD_DIR, 'dist']);
    expect(fs.readdirSync(path.join(root, LAST_GOOD_DIR)).sort()).toEqual(['.gitignore', 'dist']);
  }, 60_000);

  it.each<WriteStep>(['locked', 'staged', 'journaled', 'moved-old', 'moved-new', 'removed-old', 'done'])(
    'GIVEN a synth killed right after step %s of its write WHEN the folder is recovered THEN it holds the old output or the new, and the next synth works',
    (step) => {
      // GIVEN the old output, and a synth of the new one killed mid-write
      const root = fs.mkdtempSync(path.join(work, `kill-${step}-`));
      const dist = path.join(root, 'dist');
      variantApp(dist, 'a').synth();
      const killed = killedSynth(dist, 'b', step);
      expect(killed.signal).toBe('SIGKILL');
      // WHEN
      recoverOutput(dist);
      // THEN: before the new folder is renamed in, the old output; from then on, the new
      const renamedIn = ['moved-new', 'removed-old', 'done'].includes(step);
      expect(snapshot(dist)).toEqual(renamedIn ? want.b : want.a);
      expect(fs.readdirSync(root).sort()).toEqual([LAST_GOOD_DIR, 'dist']);
      // nothing but the last good copy and the ignore file is left in the work folder
      expect(fs.readdirSync(path.join(root, LAST_GOOD_DIR)).sort()).toEqual(['.gitignore', 'dist']);
      variantApp(dist, 'b').synth();
      expect(snapshot(dist)).toEqual(want.b);
    },
    30_000,
  );

  it('GIVEN a synth killed between its two renames, the output folder holding a file of the user\'s WHEN the next synth runs THEN it puts the old folder back first, so the user\'s file is kept in the new output', () => {
    // GIVEN
    const root = fs.mkdtempSync(path.join(work, 'kill-next-'));
    const dist = path.join(root, 'dist');
    variantApp(dist, 'a').synth();
    fs.writeFileSync(path.join(dist, 'kustomization.yaml'), 'resources: []\n');
    expect(killedSynth(dist, 'b', 'moved-old').signal).toBe('SIGKILL');
    expect(fs.existsSync(dist)).toBe(false);
    // WHEN
    variantApp(dist, 'b').synth();
    // THEN
    expect(snapshot(dist)).toEqual({ ...want.b, 'kustomization.yaml': 'resources: []\n' });
  }, 30_000);

  it('GIVEN a lock left by a process that is gone WHEN a synth runs THEN it takes the lock over and writes', () => {
    // GIVEN
    const root = fs.mkdtempSync(path.join(work, 'stale-'));
    const dist = path.join(root, 'dist');
    expect(killedSynth(dist, 'a', 'locked').signal).toBe('SIGKILL');
    expect(fs.readFileSync(path.join(root, LAST_GOOD_DIR, 'dist.lock'), 'utf8')).toMatch(/^\d+\n$/);
    // WHEN
    variantApp(dist, 'b').synth();
    // THEN
    expect(snapshot(dist)).toEqual(want.b);
    expect(fs.existsSync(path.join(root, LAST_GOOD_DIR, 'dist.lock'))).toBe(false);
  }, 30_000);

  it('GIVEN a folder of the user\'s named dist.old next to the output folder WHEN synthesized twice THEN it is untouched', () => {
    // GIVEN
    const root = fs.mkdtempSync(path.join(work, 'neighbour-'));
    fs.mkdirSync(path.join(root, 'dist.old'));
    fs.writeFileSync(path.join(root, 'dist.old', 'mine.yaml'), 'x: 1\n');
    // WHEN
    variantApp(path.join(root, 'dist'), 'a').synth();
    variantApp(path.join(root, 'dist'), 'b').synth();
    // THEN
    expect(fs.readdirSync(root).sort()).toEqual([LAST_GOOD_DIR, 'dist', 'dist.old']);
    expect(snapshot(path.join(root, 'dist.old'))).toEqual({ 'mine.yaml': 'x: 1\n' });
  });

  it('GIVEN the record of the last synth WHEN read THEN it lists exactly the files written', () => {
    expect(want.a[OUTPUT_RECORD]).toBe('one.k8s.yaml\ntwo.k8s.yaml\n');
    expect(want.b[OUTPUT_RECORD]).toBe('one.k8s.yaml\nthree.k8s.yaml\n');
  });
});
