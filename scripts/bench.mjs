// Bundles scripts/bench.ts with esbuild (transpile only) and runs it; arguments pass through.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, '.build', 'bench.cjs');
try {
  await build({
    entryPoints: [path.join(root, 'scripts', 'bench.ts')],
    outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'error',
  });
} catch {
  process.exit(1);
}
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
