// Regenerates every example: in each examples/<name>/ folder that holds a main.ts, runs
// `node ../../bin/kubevirt-netbind.js synth main.ts`, which writes examples/<name>/dist/.
// The bin loads lib/src/synth-command.js: built first (npm run build) when it is missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(root, 'examples');

if (!fs.existsSync(path.join(root, 'lib', 'src', 'synth-command.js'))) {
  process.stderr.write('examples: lib/src/synth-command.js is missing; building (npm run build)\n');
  const built = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const names = fs.readdirSync(examples, { withFileTypes: true })
  .filter((e) => e.isDirectory() && fs.existsSync(path.join(examples, e.name, 'main.ts')))
  .map((e) => e.name)
  .sort();
const failed = [];
for (const name of names) {
  const r = spawnSync(process.execPath, [path.join('..', '..', 'bin', 'kubevirt-netbind.js'), 'synth', 'main.ts'], {
    cwd: path.join(examples, name),
    stdio: 'inherit',
  });
  process.stdout.write(`examples/${name}: ${r.status === 0 ? 'written to dist/' : `failed (exit ${r.status ?? r.signal})`}\n`);
  if (r.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  process.stderr.write(`examples: ${failed.length} of ${names.length} failed: ${failed.join(', ')}\n`);
  process.exit(1);
}
