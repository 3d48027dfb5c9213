import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/main';

describe('example app', () => {
  it('GIVEN the example app WHEN each chart is synthesized THEN it matches its snapshot', () => {
    const app = buildApp(fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-main-')));
    for (const chart of app.node.children.filter((c): c is Chart => c instanceof Chart)) {
      expect(chart.toJson()).toMatchSnapshot(chart.node.id);
    }
  });

  it('GIVEN the committed dist/ WHEN the example app is synthesized again THEN every file is byte-identical (dist is not stale)', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-dist-')), 'dist');
    const app = buildApp(out);
    app.synth();
    const dist = path.resolve(__dirname, '..', 'dist');
    const files = fs.readdirSync(out).sort();
    expect(fs.readdirSync(dist).sort(), 'dist/ holds exactly the synthesized files; run npm run synth').toEqual(files);
    for (const f of files) {
      expect(fs.readFileSync(path.join(dist, f), 'utf8'), `dist/${f} is stale; run npm run synth`).toBe(fs.readFileSync(path.join(out, f), 'utf8'));
    }
  });

  it('GIVEN the example app WHEN synthesized twice THEN the output is byte-identical', () => {
    const read = () => {
      const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-twice-')), 'dist');
      buildApp(out).synth();
      return fs.readdirSync(out).sort().map((f) => fs.readFileSync(path.join(out, f), 'utf8')).join('\n---\n');
    };
    expect(read()).toBe(read());
  });

  it('GIVEN the example app WHEN validated THEN it reports no warnings', () => {
    const app = buildApp(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-warn-')), 'dist'));
    app.synth();
    expect(app.warnings).toEqual([]);
  });
});

describe('scripts/synth.mjs (npm run synth)', () => {
  it('GIVEN NETBIND_OUTDIR and a cdk8s CLI output folder WHEN run THEN the first gets the manifests and the second a copy', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-script-'));
    const target = path.join(root, 'dist');
    const cliOut = path.join(root, 'cli-out');
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '..', 'scripts', 'synth.mjs')], {
      env: { ...process.env, NETBIND_OUTDIR: target, CDK8S_OUTDIR: cliOut }, encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const dist = path.resolve(__dirname, '..', 'dist');
    for (const f of fs.readdirSync(dist)) {
      expect(fs.readFileSync(path.join(target, f), 'utf8')).toBe(fs.readFileSync(path.join(dist, f), 'utf8'));
      expect(fs.readFileSync(path.join(cliOut, f), 'utf8')).toBe(fs.readFileSync(path.join(dist, f), 'utf8'));
    }
  });
});
