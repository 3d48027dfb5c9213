import * as fs from 'fs';
import * as path from 'path';
import { exampleSvg } from './docs-graph-lib';

const root = path.resolve(__dirname, '..');
exampleSvg(root).then((svg) => {
  fs.writeFileSync(path.join(root, 'docs', 'example-bindings.svg'), svg);
  process.stdout.write('wrote docs/example-bindings.svg\n');
}, (e) => {
  process.stderr.write(`docs:graph failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
