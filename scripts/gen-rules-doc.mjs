// Writes docs/rules.md from the rules' metadata (src/lint/rules-doc.ts). Run: npm run docs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadTs, root } from './load-ts.mjs';

const { renderRulesDoc, ALL_RULES } = await loadTs('gen-rules-doc', "export { renderRulesDoc } from './src/lint/rules-doc'; export { ALL_RULES } from './src/rules/all';");
const target = join(root, 'docs', 'rules.md');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderRulesDoc(ALL_RULES));
console.log(`wrote docs/rules.md (${ALL_RULES.length} rules)`);
