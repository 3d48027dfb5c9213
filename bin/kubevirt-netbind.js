#!/usr/bin/env node
'use strict';
// The command line of cdk8s-kubevirt-netbind; the code is src/cli.ts, built to lib/src/cli.js by `npm run build`.
let cli;
try {
  cli = require('../lib/src/cli.js');
} catch (e) {
  process.stderr.write(`kubevirt-netbind: error: cannot load lib/src/cli.js (run "npm run build"): ${String(e && e.message ? e.message : e).split('\n')[0]}\n`);
  process.exitCode = 2;
  return;
}
// A reader that stops early (`| head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(process.exitCode === undefined ? 0 : process.exitCode);
  });
}
cli.main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
}).then((code) => {
  process.exitCode = code;
}, () => {
  process.exitCode = 2;
});
