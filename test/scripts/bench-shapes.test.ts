/**
 * The benchmark's growth shapes, linted at a small size: every finding sits on the line the text puts it on (found
 * here by searching the text, not by the locator), with the block reader and with js-yaml alone.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHAPE_NAMES, shapeText, type ShapeName } from '../../scripts/bench-shapes';
import { lintPaths } from '../../src/cli';
import { KubeVirtVersion } from '../../src/version';

/** 1-based lines of `text` whose content matches `re`, each with `rule`. */
const linesOf = (text: string, re: RegExp, rule: string): Array<[number, string]> => text.split('\n').flatMap((l, i) => (re.test(l) ? [[i + 1, rule] as [number, string]] : []));

const expected: Record<ShapeName, (text: string) => Array<[number, string]>> = {
  nadStream: (t) => [...linesOf(t, /^ {16}name: passt$/, 'binding-registered'), ...linesOf(t, /^ {2}\}'$/, 'input-flow-indentation')],
  list: (t) => linesOf(t, /^ {20}name: unregistered-\d$/, 'binding-registered'),
  interfaces: (t) => [...linesOf(t, /^ {16}name: unregistered-\d$/, 'binding-registered'), ...linesOf(t, /^ {12}networkName: /, 'nad-resolves')],
  findings: (t) => linesOf(t, /^ {16}name: unregistered-\d$/, 'binding-registered'),
};

describe('bench shapes', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-shapes-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const shape of SHAPE_NAMES) {
    it(`GIVEN the ${shape} shape at 40 WHEN linted with either reader THEN there is one finding per unit, each on its line`, async () => {
      const text = shapeText(shape, 40);
      const file = path.join(dir, `${shape}.yaml`);
      fs.writeFileSync(file, text);
      const want = expected[shape](text).sort((a, b) => a[0] - b[0]);
      expect(want.length).toBe(shape === 'list' || shape === 'findings' ? 40 : 80);
      for (const reader of ['block', 'js-yaml'] as const) {
        const run = await lintPaths([file], { version: KubeVirtVersion.of('1.4'), reader });
        expect(run.problems).toEqual([]);
        expect(run.findings.map((f) => [f.line, f.rule]), reader).toEqual(want);
      }
    });
  }

  it('GIVEN a size WHEN a shape is written THEN it grows in proportion', () => {
    for (const shape of SHAPE_NAMES) {
      const small = shapeText(shape, 100).length;
      const large = shapeText(shape, 1000).length;
      expect(large / small, shape).toBeGreaterThan(9.5);
      expect(large / small, shape).toBeLessThan(10.5);
    }
  });
});
