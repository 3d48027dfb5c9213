// Synthesizes the example app (src/main.ts) into dist/ (or NETBIND_OUTDIR), all or nothing.
// The TypeScript is bundled by esbuild (transpile only, no type check of the generated imports), then run.
//
// Under `cdk8s synth`, the CLI empties its output folder (cdk8s.yaml `output: .cdk8s.out`) before it runs this
// script, and passes it as CDK8S_OUTDIR: dist/ is still written all or nothing, and a successful synth is copied
// there too, for the CLI's validation plugins.
import { build } from 'esbuild';
import fs from 'node:fs';
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
const target = path.resolve(process.env.NETBIND_OUTDIR ?? 'dist');
const cliOut = process.env.CDK8S_OUTDIR ? path.resolve(process.env.CDK8S_OUTDIR) : undefined;
process.exitCode = runSynth(() => buildApp(target));
if (process.exitCode === 0 && cliOut && cliOut !== target) fs.cpSync(target, cliOut, { recursive: true });
