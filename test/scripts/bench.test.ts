/**
 * `npm run bench` end to end at a tiny size and one round, so the script cannot rot between benchmark runs. It
 * checks what the benchmark writes, not how fast anything is: timings belong to the benchmark itself.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

describe('npm run bench', () => {
  it('GIVEN one size and one round WHEN the benchmark runs THEN it prints the table and writes one row per size with every field', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-bench-test-'));
    const json = path.join(work, 'rows.json');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bench.mjs'), '--sizes', '20', '--rounds', '1', '--json', json], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, BENCH_DIR: path.join(work, 'scratch') },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\| VMs \| YAML MB \| baseline ms \| library ms \| library\/baseline \|/m);
    expect(r.stdout).toMatch(/^\| 20 \| /m);
    const rows = JSON.parse(fs.readFileSync(json, 'utf8')) as Array<Record<string, number>>;
    expect(rows.map((row) => Object.keys(row))).toEqual([['n', 'baselineMs', 'libraryMs', 'libraryCdk8sYamlMs', 'floorMs', 'lintMs', 'parseMs', 'baselineRssMb', 'libraryRssMb', 'libraryRatio', 'checkRatio', 'lintRatio', 'rssRatio', 'graphMs', 'diffMs', 'graphRatio', 'diffRatio']]);
    expect(rows[0].n).toBe(20);
    for (const [k, v] of Object.entries(rows[0])) expect(v, k).toBeGreaterThan(0);
    // the scratch folder is removed when the benchmark ends
    expect(fs.existsSync(path.join(work, 'scratch'))).toBe(false);
  }, 120_000);

  it('GIVEN a bad size WHEN the benchmark starts THEN it exits 1 with what is accepted', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bench.mjs'), '--sizes', 'ten'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--sizes takes positive integers separated by commas/);
  });
});
