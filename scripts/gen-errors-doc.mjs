// Writes docs/errors.md from the error catalogue (test/catalogue/cases.ts). Run: npm run docs
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTs, root } from './load-ts.mjs';

const { renderErrorsDoc, CASES } = await loadTs('gen-errors-doc', "export { renderErrorsDoc } from './test/catalogue/render'; export { CASES } from './test/catalogue/cases';");
const target = join(root, 'docs', 'errors.md');
writeFileSync(target, renderErrorsDoc(CASES));
console.log(`wrote docs/errors.md (${CASES.length} cases)`);
