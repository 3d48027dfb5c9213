/** Runs one catalogue case and returns its messages in the form `CatalogueCase.expected` writes them. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadAll } from 'js-yaml';
import { NetbindApp, SynthError } from '../../src';
import { describeRef, lint } from '../../src/rules';
import type { Manifest } from '../../src/rules/types';
import type { CatalogueCase } from './cases';

export function messagesOf(c: CatalogueCase): string[] {
  if (c.build) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-catalogue-'));
    try {
      const app = new NetbindApp({ ...c.app, outdir: path.join(dir, 'dist') });
      c.build(app);
      let problems: string[] = [];
      try {
        app.synth();
      } catch (e) {
        if (!(e instanceof SynthError)) throw e;
        problems = e.problems;
      }
      return [...problems, ...app.warnings.map((w) => `warning: ${w}`)];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const manifests = loadAll(c.config) as Manifest[];
  return lint(manifests, { version: c.lint?.version, strict: c.lint?.strict })
    .map((f) => `${f.severity} ${f.rule}: ${describeRef(f.object)} ${f.path}: ${f.message}`);
}
