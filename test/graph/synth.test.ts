import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ClusterTarget, CoreBinding, KubeVirtCluster, KubeVirtNetworking, NetbindApp, NetworkBinding, SynthError, VirtualMachine, VmDisk, VmNetwork,
} from '../../src';
import { mermaidParse } from './parsers';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-graph-synth-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const outdir = () => path.join(scratch, `${n++}`, 'dist');

function twoClusters(dist: string, props: Partial<ConstructorParameters<typeof NetbindApp>[0]> = {}): NetbindApp {
  const app = new NetbindApp({ outdir: dist, ...props });
  for (const [name, target] of [['prod', ClusterTarget.KUBEVIRT], ['edge', ClusterTarget.HCO_V1]] as const) {
    const cluster = new KubeVirtCluster(app, name, { version: '1.6', target });
    const config = new KubeVirtNetworking(new Chart(cluster, 'config'), 'cr');
    const slirp = config.addBinding('slirp', { sidecarImage: 'quay.io/kubevirt/network-slirp-binding:v1.1.0' });
    const chart = new Chart(cluster, 'workloads', { namespace: 'vms' });
    new VirtualMachine(chart, 'web', {
      memory: '1Gi',
      interfaces: [
        { name: 'a', binding: slirp, network: VmNetwork.pod() },
        ...(name === 'edge' ? [{ name: 'b', binding: NetworkBinding.fromName('l2bridge'), network: VmNetwork.multus('vms/x') }] : []),
      ],
      disks: [VmDisk.containerDisk({ name: 'root', image: 'quay.io/containerdisks/fedora:40' })],
    });
  }
  return app;
}

describe('NetbindApp diagramFile', () => {
  it('GIVEN two clusters and diagramFile WHEN synthesized THEN each cluster folder has its picture, listed in .netbind-files', async () => {
    const dist = outdir();
    twoClusters(dist, { diagramFile: 'bindings.md' }).synth();
    expect(fs.readFileSync(path.join(dist, '.netbind-files'), 'utf8').split('\n').filter(Boolean)).toEqual([
      'edge/bindings.md', 'edge/config.k8s.yaml', 'edge/workloads.k8s.yaml', 'prod/bindings.md', 'prod/config.k8s.yaml', 'prod/workloads.k8s.yaml',
    ]);
    const edge = fs.readFileSync(path.join(dist, 'edge', 'bindings.md'), 'utf8');
    expect(edge).toContain('## Cluster `edge`\n\nKubeVirt 1.6, HyperConverged v1 (`HyperConverged kubevirt-hyperconverged/kubevirt-hyperconverged`)');
    expect(edge).toContain('| `l2bridge` (HCO’s own) |  | `managedTap` | `migratable` |');
    // a finding is named with the construct path of its object
    expect(edge).toMatch(/`edge\/workloads\/web` `VirtualMachine vms\/web`/);
    expect(fs.readFileSync(path.join(dist, 'prod', 'bindings.md'), 'utf8')).not.toContain('l2bridge');
    await mermaidParse(/```mermaid\n([\s\S]*?)```/.exec(edge)![1]);
  });

  it('GIVEN an output with the diagram WHEN synthesized again without it THEN the old diagram is removed, not left behind', () => {
    const dist = outdir();
    twoClusters(dist, { diagramFile: 'bindings.md' }).synth();
    twoClusters(dist).synth();
    expect(fs.existsSync(path.join(dist, 'prod', 'bindings.md'))).toBe(false);
    expect(fs.readFileSync(path.join(dist, '.netbind-files'), 'utf8')).not.toContain('bindings.md');
  });

  it('GIVEN a bindings.md of the user’s own in the output folder WHEN synthesized with that diagramFile THEN the synth refuses to overwrite it', () => {
    const dist = outdir();
    twoClusters(dist).synth();
    fs.writeFileSync(path.join(dist, 'prod', 'bindings.md'), 'mine\n');
    expect(() => twoClusters(dist, { diagramFile: 'bindings.md' }).synth()).toThrow(/prod\/bindings\.md: the synth would overwrite this file, which it did not write/);
    expect(fs.readFileSync(path.join(dist, 'prod', 'bindings.md'), 'utf8')).toBe('mine\n');
  });

  it.each([['../x.md'], ['.hidden.md'], ['a/b.md'], ['.netbind-files']])('GIVEN diagramFile %j WHEN synthesized THEN it is a synth error naming the prop', (file) => {
    expect(() => twoClusters(outdir(), { diagramFile: file }).synth()).toThrow(SynthError);
    expect(() => twoClusters(outdir(), { diagramFile: file }).synth()).toThrow(/NetbindApp props\.diagramFile: .* is not a plain file name; use a name such as "bindings\.md"/);
  });

  it('GIVEN a chart whose file is the diagram file WHEN synthesized THEN it is a synth error', () => {
    const dist = outdir();
    const app = new NetbindApp({ outdir: dist, diagramFile: 'x.k8s.yaml' });
    new VirtualMachine(new Chart(app, 'x'), 'vm', {
      memory: '1Gi', interfaces: [{ name: 'a', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod() }], disks: [],
    });
    expect(() => app.synth()).toThrow(/diagramFile "x\.k8s\.yaml": chart x is written to x\.k8s\.yaml too/);
  });

  it('GIVEN diagramGroupLimit 2 and 3 VMs on one binding WHEN synthesized THEN they are one group in the picture', () => {
    const dist = outdir();
    const app = new NetbindApp({ outdir: dist, diagramFile: 'bindings.md', diagramGroupLimit: 2 });
    const chart = new Chart(app, 'vms', { namespace: 'vms' });
    for (const id of ['a', 'b', 'c']) {
      new VirtualMachine(chart, id, { memory: '1Gi', interfaces: [{ name: 'n', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod() }], disks: [] });
    }
    app.synth();
    expect(fs.readFileSync(path.join(dist, 'bindings.md'), 'utf8')).toContain('[["3 VMs via masquerade<br/>a ... c"]]');
  });
});
