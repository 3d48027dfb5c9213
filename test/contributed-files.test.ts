// GIVEN constructs that add files to their cluster's output folder WHEN the app is synthesized THEN the files are
// written next to the charts' and recorded, and bad names or clashes are synth errors with nothing written.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { afterEach, describe, expect, it } from 'vitest';
import { contributeFiles, KubeVirtCluster, NetbindApp } from '../src';

const scratch: string[] = [];
afterEach(() => {
  for (const d of scratch.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dist(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-contrib-'));
  scratch.push(root);
  return path.join(root, 'dist');
}

describe('contributeFiles', () => {
  it('writes objects as YAML and text as it is, in the cluster folder, told the output folder', () => {
    const out = dist();
    const app = new NetbindApp({ outdir: out });
    const seen: string[] = [];
    for (const name of ['prod', 'edge']) {
      const chart = new Chart(new KubeVirtCluster(app, name), 'c');
      contributeFiles(new Construct(chart, 'extra'), (ctx) => {
        seen.push(`${ctx.outdir}|${ctx.folder}`);
        return { files: new Map<string, unknown[] | string>([['layer/kustomization.yaml', [{ kind: 'Kustomization', resources: [] }]], ['notes.txt', 'hello\n']]) };
      });
    }
    app.synth();
    expect(seen).toEqual([`${out}|prod/`, `${out}|edge/`]);
    expect(fs.readFileSync(path.join(out, 'prod', 'layer', 'kustomization.yaml'), 'utf8')).toBe('kind: Kustomization\nresources: []\n');
    expect(fs.readFileSync(path.join(out, 'edge', 'notes.txt'), 'utf8')).toBe('hello\n');
    expect(fs.readFileSync(path.join(out, '.netbind-files'), 'utf8')).toBe('edge/c.k8s.yaml\nedge/layer/kustomization.yaml\nedge/notes.txt\nprod/c.k8s.yaml\nprod/layer/kustomization.yaml\nprod/notes.txt\n');
  });

  it('refuses names that are not plain relative paths, clashes with a chart file, and producer problems, all at once', () => {
    const out = dist();
    const app = new NetbindApp({ outdir: out });
    const chart = new Chart(app, 'c');
    contributeFiles(new Construct(chart, 'x'), () => ({
      files: new Map<string, unknown[]>([['../up.yaml', []], ['.hidden', []], ['c.k8s.yaml', []]]),
      problems: ['the base moved'],
    }));
    expect(() => app.synth()).toThrow([
      'synth failed with 4 errors:',
      '  [c/x] the base moved',
      '  [c/x] "../up.yaml" is not a plain relative file name; use names such as "overlay/kustomization.yaml"',
      '  [c/x] ".hidden" is not a plain relative file name; use names such as "overlay/kustomization.yaml"',
      '  [c/x] c.k8s.yaml is written by c too; give one of them another name',
    ].join('\n'));
    expect(fs.existsSync(out)).toBe(false);
  });
});
