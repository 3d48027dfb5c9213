#!/usr/bin/env node
'use strict';
// The command line of cdk8s-kubevirt-netbind: `synth` is src/synth-command.ts, everything else src/cli.ts, built to
// lib/src/ by `npm run build`. `synth` is dispatched here, before the linter is loaded, to start fast.
const argv = process.argv.slice(2);
const synth = argv[0] === 'synth';
let cli;
const file = synth ? 'synth-command.js' : 'cli.js';
try {
  cli = require(`../lib/src/${file}`);
} catch (e) {
  process.stderr.write(`kubevirt-netbind: error: cannot load lib/src/${file} (run "npm run build"): ${String(e && e.message ? e.message : e).split('\n')[0]}\n`);
  process.exitCode = 2;
  return;
}
// A reader that stops early (`| head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(process.exitCode === undefined ? 0 : process.exitCode);
  });
}
const io = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};
// The app run by `synth` reads the terminal itself; this process leaves stdin alone.
if (!synth) io.stdin = process.stdin;
(synth ? cli.synthCommand(argv.slice(1), io) : cli.main(argv, io)).then((code) => {
  process.exitCode = code;
}, (e) => {
  if (synth) process.stderr.write(`kubevirt-netbind: error: ${String(e && e.message ? e.message : e).split('\n')[0]}\n`);
  process.exitCode = 2;
});
