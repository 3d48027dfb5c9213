import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
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

describe('NetbindApp output equals cdk8s App output', () => {
  /** Charts of VMs across two namespaces and an empty chart; optionally a nested chart. */
  function build(app: App, nested: boolean) {
    const cluster = new Chart(app, 'cluster');
    const kv = new KubeVirtNetworking(cluster, 'kv', { version: '1.4' });
    const b = kv.addBinding('slirp', { sidecarImage: 'example.org/s:1' });
    const vms = new Chart(app, 'Workloads', { namespace: 'vms' });
    new VirtualMachine(vms, 'b-vm', { memory: '1Gi', interfaces: [{ name: 'net', binding: b, network: VmNetwork.pod() }] });
    new VirtualMachine(vms, 'a-vm', { memory: '1Gi', interfaces: [{ name: 'net', binding: b, network: VmNetwork.pod() }] });
    if (nested) new Chart(vms, 'nested');
    new Chart(app, 'empty');
    return { cluster, vms };
  }

  function files(dir: string): Record<string, string> {
    return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
  }

  for (const withDependency of [false, true]) {
    it(`GIVEN the same constructs ${withDependency ? 'with a chart dependency and a nested chart' : 'without chart dependencies'} WHEN synthesized by NetbindApp and by App THEN the files are identical`, () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-same-'));
      const plain = new App({ outdir: path.join(root, 'plain') });
      const ours = new NetbindApp({ outdir: path.join(root, 'ours') });
      for (const app of [plain, ours]) {
        const { cluster, vms } = build(app, withDependency);
        if (withDependency) vms.addDependency(cluster);
      }
      plain.synth();
      ours.synth();
      expect(files(path.join(root, 'ours'))).toEqual(files(path.join(root, 'plain')));
      // cdk8s numbers the files exactly when charts depend on each other
      expect(Object.keys(files(path.join(root, 'ours'))).some((f) => f.startsWith('0000-'))).toBe(withDependency);
    });
  }
});
