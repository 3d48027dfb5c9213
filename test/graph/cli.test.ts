import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli';
import { DIST } from './fixtures';
import { dotToSvg, mermaidParse } from './parsers';

const REPO = path.resolve(__dirname, '..', '..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-graph-cli-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

async function run(argv: string[], opts: { stdin?: string; cwd?: string } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdin: opts.stdin ?? '', stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, cwd: opts.cwd ?? REPO,
  });
  return { code, stdout, stderr };
}

/** A folder under the scratch folder with these files. */
function tree(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, name);
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

const distYaml = () => fs.readdirSync(DIST).filter((f) => f.endsWith('.yaml')).sort().map((f) => fs.readFileSync(path.join(DIST, f), 'utf8'));

const VM = (name: string, binding: string) => `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: ${name}
  namespace: default
spec:
  runStrategy: Always
  template:
    spec:
      domain:
        devices:
          interfaces:
            - name: net
              binding:
                name: ${binding}
        memory:
          guest: 1Gi
      networks:
        - name: net
          pod: {}
`;

describe('kubevirt-netbind graph', () => {
  it('GIVEN the example dist/ WHEN graphed as mermaid, dot and markdown THEN each is printed, parses, and exit is 0', async () => {
    const mermaid = await run(['graph', '--kubevirt-version', '1.4', 'dist']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stderr).toBe('0 errors, 0 warnings in 3 files\n');
    expect(mermaid.stdout).toMatch(/^flowchart LR\n/);
    await mermaidParse(mermaid.stdout);
    const dot = await run(['graph', '--format', 'dot', '--kubevirt-version=1.4', 'dist']);
    expect(dot.stdout).toMatch(/^digraph bindings \{\n/);
    await dotToSvg(dot.stdout);
    const md = await run(['graph', '--format', 'markdown', '--kubevirt-version', '1.4', 'dist']);
    expect(md.stdout).toMatchSnapshot();
  });

  it('GIVEN a file that does not parse and a VM without cluster configuration WHEN graphed THEN the diagram draws the VM, says what is missing, and exit is 2', async () => {
    const dir = tree('bad', { 'a-broken.yaml': 'kind: [\n', 'vm.yaml': VM('web', 'passt') });
    const r = await run(['graph', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^a-broken\.yaml:\d+: error: cannot parse: /m);
    expect(r.stdout).toContain('not drawn: 1 input could not be read');
    expect(r.stdout).toContain('missing: no KubeVirt or HyperConverged CR');
    expect(r.stdout).toContain('VM web');
    await mermaidParse(r.stdout);
  });

  it('GIVEN a VM on an unregistered binding WHEN graphed THEN the VM is marked with the finding and its file:line, and exit is 1', async () => {
    const dir = tree('unregistered', { 'all.yaml': `${distYaml().join('---\n')}---\n${VM('stray', 'nope')}` });
    const r = await run(['graph', '--format', 'markdown', '--kubevirt-version', '1.4', 'all.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/- ❌ error `binding-registered` `all\.yaml:\d+` `VirtualMachine default\/stray`/);
    expect(r.stdout).toMatch(/class vm_kubevirtX2fXkubevirt_default_stray error/);
  });

  it.each([
    [['graph', '--format', 'text', 'x'], /--format "text" is not supported: use mermaid, dot or markdown/],
    [['graph', '--group-limit', '0', 'x'], /--group-limit "0" is not a whole number of vms, 1 or more/],
    [['graph', '--group-limit'], /--group-limit needs a value/],
    [['graph'], /no inputs: give files, directories or - for stdin/],
    [['lint', '--group-limit', '3', 'x'], /unknown option "--group-limit" for lint/],
    [['diff', 'a'], /diff takes two inputs, the old and the new \(a file, a directory, or - for stdin\); got 1/],
    [['diff', 'a', 'b', 'c'], /diff takes two inputs.*got 3/],
    [['diff', '-', '-'], /diff reads stdin for one side only/],
    [['diff', '--format', 'markdown', 'a', 'b'], /diff takes no --format: it prints markdown/],
  ])('GIVEN bad usage %j WHEN run THEN exit 2 with a message on stderr and nothing on stdout', async (argv, message) => {
    const r = await run(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^kubevirt-netbind: [a-z-]/);
  });

  it('GIVEN --help WHEN run THEN graph and diff are described', async () => {
    const r = await run(['graph', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kubevirt-netbind graph [--format mermaid|dot|markdown]');
    expect(r.stdout).toContain('kubevirt-netbind diff [--group-limit N]');
  });
});

describe('kubevirt-netbind diff', () => {
  it('GIVEN dist/ as files and the same manifests as one stream on stdin WHEN diffed THEN there is no change and exit is 0', async () => {
    const r = await run(['diff', '--kubevirt-version', '1.4', 'dist', '-'], { stdin: distYaml().join('---\n') });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('## Binding changes\n\nNo binding-level changes: the same registrations, NADs, VM interfaces and findings.\n');
    expect(r.stderr).toBe('0 new errors, 0 new warnings (the new side has 0 findings); old: 3 files, new: 1 file\n');
  });

  it('GIVEN a new tree where a VM moved to an unregistered binding WHEN diffed THEN the move and the new error are printed, and exit is 1', async () => {
    const files = Object.fromEntries(fs.readdirSync(DIST).filter((f) => f.endsWith('.yaml')).map((f) => [f, fs.readFileSync(path.join(DIST, f), 'utf8')]));
    const dir = tree('moved', { ...Object.fromEntries(Object.entries(files).map(([f, t]) => [`old/${f}`, t])),
      ...Object.fromEntries(Object.entries(files).map(([f, t]) => [`new/${f}`, f === 'slirp.k8s.yaml' ? t.replace('name: slirp\n', 'name: slirpy\n') : t])) });
    const r = await run(['diff', '--kubevirt-version', '1.4', 'old', 'new'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('- moved `default/vm-net-binding-slirp`: `slirpnet`: binding `slirp` → `slirpy`');
    expect(r.stdout).toMatch(/\*\*New findings\*\* \(1 finding the old side did not have\)\n\n- ❌ error `binding-registered` `new\/slirp\.k8s\.yaml:\d+`/);
    expect(r.stderr).toMatch(/^1 new error, 0 new warnings/);
  });

  it('GIVEN an old side that cannot be read WHEN diffed THEN the markdown says so, the new side is compared, and exit is 2', async () => {
    const r = await run(['diff', 'does-not-exist', 'dist']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('**1 input could not be read**');
    expect(r.stdout).toContain('- added `vm-net-binding-passt`'.replace('added `', 'added `default/'));
    expect(r.stderr).toMatch(/^old: does-not-exist: error: cannot read: /m);
  });
});

const KV = (bindings: Record<string, string>) => `apiVersion: kubevirt.io/v1
kind: KubeVirt
metadata:
  name: kubevirt
  namespace: kubevirt
spec:
  configuration:
    developerConfiguration:
      featureGates:
        - NetworkBindingPlugins
    network:
      binding:
${Object.entries(bindings).map(([name, image]) => `        ${name}:\n          sidecarImage: ${image}\n`).join('')}`;

describe('graph and diff of a fleet (one folder per cluster)', () => {
  /** dist/prod registers passt, dist/edge slirp; each has a VM on its own binding, and edge one on prod's. */
  const fleet = (name: string, edgeVm: string) => tree(name, {
    'dist/prod/cluster.k8s.yaml': KV({ passt: 'quay.io/kubevirt/network-passt-binding:v1.4.0' }),
    'dist/prod/workloads.k8s.yaml': VM('web', 'passt'),
    'dist/edge/cluster.k8s.yaml': KV({ slirp: 'quay.io/kubevirt/network-slirp-binding:v1.1.0' }),
    'dist/edge/workloads.k8s.yaml': `${VM('cam', 'slirp')}---\n${edgeVm}`,
  });

  it('GIVEN two cluster folders WHEN graphed THEN each folder is a cluster of its own, named after it, checked on its own', async () => {
    // GIVEN: edge's second VM uses passt, which only prod registers
    const dir = fleet('fleet-graph', VM('door', 'passt'));
    // WHEN
    const r = await run(['graph', '--kubevirt-version', '1.4', '--format', 'markdown', path.join(dir, 'dist')]);
    // THEN: two clusters; the binding prod registers does not count in edge
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^## Cluster `edge`$/m);
    expect(r.stdout).toMatch(/^## Cluster `prod`$/m);
    expect(r.stdout).toMatch(/error `binding-registered` `[^`]*edge\/workloads\.k8s\.yaml:\d+` `VirtualMachine default\/door`[^\n]*binding "passt" is not registered in the cluster configuration \(registered: slirp\)/);
    expect(r.stdout.match(/^- ❌ error/gm)).toHaveLength(1);
    await mermaidParse((await run(['graph', '--kubevirt-version', '1.4', path.join(dir, 'dist')])).stdout);
  });

  it('GIVEN two fleets where a VM of edge moves to another binding WHEN diffed THEN the move is reported in cluster edge only', async () => {
    // GIVEN
    const before = fleet('fleet-old', VM('door', 'slirp'));
    const after = fleet('fleet-new', VM('door', 'passt'));
    // WHEN
    const r = await run(['diff', '--kubevirt-version', '1.4', path.join(before, 'dist'), path.join(after, 'dist')]);
    // THEN
    expect(r.stdout).toMatch(/edge/);
    expect(r.stdout).toMatch(/door/);
    expect(r.stdout).not.toMatch(/\bweb\b/);
    expect(r.code).toBe(1);
  });
});
