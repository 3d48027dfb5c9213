// Synthesizes the example app (src/main.ts) into dist/.
// The TypeScript is bundled by esbuild (transpile only, no type check of the generated imports), then run.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, '.build', 'main.cjs');
try {
  await build({
  entryPoints: [path.join(root, 'src', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  logLevel: 'error',
  });
} catch {
  // esbuild has printed the file:line of each error
  process.exit(1);
}
const require = createRequire(import.meta.url);
const { buildApp, runSynth } = require(outfile);
process.chdir(root);
process.exitCode = runSynth(() => buildApp(process.env.CDK8S_OUTDIR));
