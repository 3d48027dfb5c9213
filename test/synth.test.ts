import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { KubeVirtNetworking, NetbindApp, SynthError, VirtualMachine, VmNetwork, runSynth } from '../src';

function tmpDist(): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-synth-')), 'dist');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'previous.k8s.yaml'), 'kind: Previous\n');
  return dir;
}

function badApp(outdir: string): NetbindApp {
  const app = new NetbindApp({ outdir });
  const chart = new Chart(app, 'c');
  const kv = new KubeVirtNetworking(chart, 'kv', { version: '1.2' });
  const b = kv.addBinding('passt', { sidecarImage: 'example.org/p:1', memoryOverhead: '500Mi' });
  new VirtualMachine(chart, 'vm', { memory: '1Gi', interfaces: [{ name: 'net', binding: b, network: VmNetwork.pod() }] });
  const unregistered = new KubeVirtNetworking(new Chart(new NetbindApp({ outdir }), 'x'), 'kv').addBinding('ghost', {});
  new VirtualMachine(chart, 'vm2', { memory: '1Gi', interfaces: [{ name: 'net', binding: unregistered, network: VmNetwork.pod() }] });
  return app;
}

describe('NetbindApp', () => {
  it('GIVEN bad input WHEN synthesized THEN a SynthError lists every problem and dist/ is left as it was', () => {
    const dist = tmpDist();
    let error: unknown;
    try { badApp(dist).synth(); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(SynthError);
    const problems = (error as SynthError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^\[c\/kv\] .*computeResourceOverhead is not in kubevirt 1\.2; it is first in kubevirt 1\.3/);
    expect(problems[1]).toMatch(/^\[c\/vm2\] .*binding "ghost" is not registered/);
    expect(fs.readdirSync(path.dirname(dist))).toEqual(['dist']);
    expect(fs.readdirSync(dist)).toEqual(['previous.k8s.yaml']);
  });

  it('GIVEN good input WHEN synthesized THEN dist/ is replaced as a whole and no staging folder is left', () => {
    const dist = tmpDist();
    const app = new NetbindApp({ outdir: dist });
    new KubeVirtNetworking(new Chart(app, 'cluster'), 'kv');
    app.synth();
    expect(fs.readdirSync(dist)).toEqual(['cluster.k8s.yaml']);
    expect(fs.readdirSync(path.dirname(dist))).toEqual(['dist']);
  });

  it('GIVEN bad input WHEN run as an entry point THEN it prints the report without a stack trace and returns 1', () => {
    const dist = tmpDist();
    let printed = '';
    const code = runSynth(() => badApp(dist), { stderr: (s) => { printed += s; } });
    expect(code).toBe(1);
    expect(printed).toMatch(/^synth failed with 2 errors:\n  \[c\/kv\] /);
    expect(printed).not.toMatch(/\n\s+at /);
  });

  it('GIVEN a construct that throws WHEN run as an entry point THEN the message is printed without a stack trace', () => {
    let printed = '';
    const code = runSynth(() => { throw new Error('kubevirt version "0.9" is not supported'); }, { stderr: (s) => { printed += s; } });
    expect(code).toBe(1);
    expect(printed).toBe('synth failed: kubevirt version "0.9" is not supported\n');
  });
});
