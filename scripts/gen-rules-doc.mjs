// Writes docs/rules.md from the rules' metadata (src/lint/rules-doc.ts). Run: npm run docs
// esbuild bundles the TypeScript sources for this one run; dependencies stay in node_modules.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'node_modules', '.cache', 'gen-rules-doc.cjs');
mkdirSync(dirname(out), { recursive: true });
await build({
  stdin: {
    contents: "export { renderRulesDoc } from './src/lint/rules-doc'; export { ALL_RULES } from './src/rules/all';",
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
const { renderRulesDoc, ALL_RULES } = createRequire(import.meta.url)(out);
const target = join(root, 'docs', 'rules.md');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderRulesDoc(ALL_RULES));
console.log(`wrote docs/rules.md (${ALL_RULES.length} rules)`);
