import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/main';

describe('example app', () => {
  it('GIVEN the example app WHEN each chart is synthesized THEN it matches its snapshot', () => {
    const app = buildApp(fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-main-')));
    for (const chart of app.charts) {
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
  const script = path.resolve(__dirname, '..', 'scripts', 'synth.mjs');
  const dist = path.resolve(__dirname, '..', 'dist');

  function expectSameAsDist(dir: string) {
    expect(fs.readdirSync(dir).sort()).toEqual(fs.readdirSync(dist).sort());
    for (const f of fs.readdirSync(dist)) expect(fs.readFileSync(path.join(dir, f), 'utf8')).toBe(fs.readFileSync(path.join(dist, f), 'utf8'));
  }

  it('GIVEN NETBIND_OUTDIR, or only the cdk8s CLI\'s CDK8S_OUTDIR WHEN run THEN that folder gets the manifests', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-script-'));
    for (const [key, dir] of [['NETBIND_OUTDIR', path.join(root, 'a')], ['CDK8S_OUTDIR', path.join(root, 'b')]]) {
      const env: NodeJS.ProcessEnv = { ...process.env, NETBIND_OUTDIR: undefined, CDK8S_OUTDIR: undefined, [key]: dir };
      const r = spawnSync(process.execPath, [script], { env, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expectSameAsDist(dir);
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('GIVEN two runs at once WHEN both finish THEN each output is complete and no build file is left behind', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-script-'));
    const run = (dir: string) => new Promise<number | null>((resolve) => {
      const child = require('child_process').spawn(process.execPath, [script], { env: { ...process.env, NETBIND_OUTDIR: dir }, stdio: 'ignore' });
      child.on('exit', resolve);
    });
    expect(await Promise.all([run(path.join(root, 'a')), run(path.join(root, 'b'))])).toEqual([0, 0]);
    expectSameAsDist(path.join(root, 'a'));
    expectSameAsDist(path.join(root, 'b'));
    const build = path.resolve(__dirname, '..', '.build');
    expect(fs.existsSync(build) ? fs.readdirSync(build).filter((f) => f.startsWith('synth-')) : []).toEqual([]);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
