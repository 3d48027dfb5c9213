// Draws the example app's dist/ as `kubevirt-netbind graph --format dot` does and renders it with Graphviz
// (@viz-js/viz, WebAssembly) into docs/example-bindings.svg. test/graph/docs.test.ts fails when the file is stale.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, '.build', 'docs-graph.cjs');
await build({
  entryPoints: [path.join(root, 'scripts', 'docs-graph.ts')],
  outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'error',
});
const r = spawnSync(process.execPath, [outfile], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
