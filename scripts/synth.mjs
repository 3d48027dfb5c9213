// Synthesizes the example app (src/main.ts) into dist/ (or NETBIND_OUTDIR, or the cdk8s CLI's CDK8S_OUTDIR).
// The TypeScript is bundled by esbuild (transpile only, no type check of the generated imports) into a folder of
// this process's own under .build/, then run.
import { build } from 'esbuild';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// inside the repo, so the bundle's require() of packages resolves to the repo's node_modules
fs.mkdirSync(path.join(root, '.build'), { recursive: true });
const scratch = fs.mkdtempSync(path.join(root, '.build', 'synth-'));
const outfile = path.join(scratch, 'main.cjs');
try {
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
  const target = path.resolve(process.env.NETBIND_OUTDIR ?? process.env.CDK8S_OUTDIR ?? 'dist');
  process.exitCode = runSynth(() => buildApp(target));
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
