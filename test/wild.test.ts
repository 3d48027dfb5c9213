/**
 * The linter over real manifests from public GitOps repos (../shared/wild: input nobody here wrote). The folder is
 * not shipped with the repo: these tests skip when it is absent, and run in CI, where it is always present.
 */
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { lintPaths } from '../src/cli';
import { KubeVirtVersion } from '../src/version';

const WILD = path.resolve(__dirname, '..', '..', 'shared', 'wild');
const haveWild = fs.existsSync(WILD);
const files = haveWild ? fs.readdirSync(WILD).filter((f) => /\.(ya?ml|json)$/.test(f)).sort() : [];

describe.skipIf(!haveWild)('lint over real manifests', () => {
  it('GIVEN every wild file on its own WHEN linted for every release THEN nothing throws and every finding sits on a line of its file', async () => {
    for (const f of files) {
      const lineCount = fs.readFileSync(path.join(WILD, f), 'utf8').split('\n').length;
      for (const v of ['1.1', '1.4', '1.9']) {
        const run = await lintPaths([path.join(WILD, f)], { version: KubeVirtVersion.of(v) });
        for (const finding of run.findings) {
          expect(finding.line, `${f}: ${finding.rule}`).toBeGreaterThanOrEqual(1);
          expect(finding.line, `${f}: ${finding.rule}`).toBeLessThanOrEqual(lineCount);
          expect(finding.message, `${f}: ${finding.rule}`).toMatch(/^[^A-Z]/);
        }
      }
    }
  });

  it('GIVEN all wild files together WHEN linted with the block reader and with js-yaml only THEN the findings and problems are identical', async () => {
    const inputs = files.map((f) => path.join(WILD, f));
    for (const v of ['1.4', '1.9']) {
      const block = await lintPaths(inputs, { version: KubeVirtVersion.of(v), reader: 'block' });
      const jsyaml = await lintPaths(inputs, { version: KubeVirtVersion.of(v), reader: 'js-yaml' });
      expect(block.findings.length).toBeGreaterThan(0);
      expect(block).toEqual(jsyaml);
    }
  });

  it('GIVEN a NAD whose quoted config closes left of its key (as KubeVirt\'s own examples do) WHEN linted THEN it is read, with a warning on that line', async () => {
    const f = files.find((x) => x.includes('net-attach-def'))!;
    const run = await lintPaths([path.join(WILD, f)]);
    expect(run.problems).toEqual([]);
    const text = fs.readFileSync(path.join(WILD, f), 'utf8').split('\n');
    const warning = run.findings.find((x) => x.rule === 'input-flow-indentation')!;
    expect(warning.severity).toBe('warning');
    expect(text[warning.line - 1].trim().startsWith('}')).toBe(true);
  });

  it('GIVEN a VM using the core passt binding WHEN linted for 1.9 THEN kubevirt\'s discontinued-passt text is reported', async () => {
    const f = files.find((x) => x.includes('spiderpool'))!;
    const run = await lintPaths([path.join(WILD, f)]);
    const found = run.findings.find((x) => x.rule === 'discontinued-passt')!;
    expect(found.severity).toBe('error');
    expect(found.message).toContain('Passt network binding has been discontinued since v1.3');
  });

  it('GIVEN a VM binding to l2bridge with an HCO CR beside it WHEN linted together THEN the binding counts as registered', async () => {
    const vm = files.find((x) => x.includes('udn-primary-networks'))!;
    const hco = files.find((x) => x.includes('hyperconverged-cluster-operator__deploy_hco.cr'))!;
    const alone = await lintPaths([path.join(WILD, vm)]);
    expect(alone.findings.filter((x) => x.rule === 'binding-registered').map((x) => x.severity)).toEqual(['warning']);
    const together = await lintPaths([path.join(WILD, vm), path.join(WILD, hco)]);
    expect(together.findings.filter((x) => x.rule === 'binding-registered')).toEqual([]);
  });
});
