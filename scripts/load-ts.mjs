// Loads TypeScript modules of this repository for a script: esbuild bundles `source` (a module that re-exports
// what the script needs) for this one run into node_modules/.cache/<name>.cjs; dependencies stay in node_modules.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function loadTs(name, source) {
  const out = join(root, 'node_modules', '.cache', `${name}.cjs`);
  mkdirSync(dirname(out), { recursive: true });
  await build({
    stdin: { contents: source, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    outfile: out,
    logLevel: 'error',
  });
  return createRequire(import.meta.url)(out);
}
