// Writes docs/errors.md from the error catalogue (test/catalogue/cases.ts). Run: npm run docs
// esbuild bundles the TypeScript sources for this one run; dependencies stay in node_modules.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'node_modules', '.cache', 'gen-errors-doc.cjs');
mkdirSync(dirname(out), { recursive: true });
await build({
  stdin: {
    contents: "export { renderErrorsDoc } from './test/catalogue/render'; export { CASES } from './test/catalogue/cases';",
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  packages: 'external',
  outfile: out,
  logLevel: 'error',
});
const { renderErrorsDoc, CASES } = createRequire(import.meta.url)(out);
const target = join(root, 'docs', 'errors.md');
writeFileSync(target, renderErrorsDoc(CASES));
console.log(`wrote docs/errors.md (${CASES.length} cases)`);
