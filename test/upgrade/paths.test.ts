// GIVEN manifest files WHEN `kubevirt-netbind upgrade` runs THEN each change is printed at its file and line with its
// release step, and the exit status says whether something breaks (1), nothing does (0), or the usage is bad (2).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli';
import { upgradePaths } from '../../src/upgrade/paths';

const KUBEVIRT = `apiVersion: kubevirt.io/v1
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
      permitSlirpInterface: true
      binding:
        passt:
          sidecarImage: quay.io/kubevirt/network-passt-binding:v1.2.0
          networkAttachmentDefinition: default/netbindingpasst
`;
const NAD = `apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata:
  name: netbindingpasst
  namespace: default
spec:
  config: '{"cniVersion":"1.0.0","name":"netbindingpasst","plugins":[{"type":"kubevirt-passt-binding"}]}'
`;
const vm = (name: string, iface: string) => `apiVersion: kubevirt.io/v1
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
            - name: default
              ${iface}
        resources:
          requests:
            memory: 1Gi
      networks:
        - name: default
          pod: {}
`;

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-upgrade-'));
  fs.mkdirSync(path.join(tmp, 'cluster'));
  fs.mkdirSync(path.join(tmp, 'vms'));
  fs.writeFileSync(path.join(tmp, 'cluster', 'kubevirt.yaml'), KUBEVIRT);
  fs.writeFileSync(path.join(tmp, 'cluster', 'nad.yaml'), NAD);
  fs.writeFileSync(path.join(tmp, 'vms', 'web.yaml'), vm('web', 'binding: {name: passt}'));
  fs.writeFileSync(path.join(tmp, 'vms', 'legacy.yaml'), vm('legacy', 'slirp: {}'));
  fs.writeFileSync(path.join(tmp, 'broken.yaml'), 'a: [');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdin: '', stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, cwd: tmp });
  return { code, stdout, stderr };
}

describe('kubevirt-netbind upgrade', () => {
  it('GIVEN a 1.2 cluster with core slirp WHEN upgraded to 1.3 THEN the slirp interface breaks at its line and the exit is 1', async () => {
    const r = await run(['upgrade', '--from', '1.2', '--to', '1.3', 'cluster', 'vms']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      'cluster/kubevirt.yaml:12: 1.2->1.3 note upgrade-permit-slirp: kubevirt 1.3 removes the core slirp binding, so permitSlirpInterface no longer does anything; remove it (slirp lives on as the slirp binding plugin) (KubeVirt kubevirt/kubevirt spec.configuration.network.permitSlirpInterface)',
      'cluster/kubevirt.yaml:15: 1.2->1.3 note upgrade-sidecar-tag: registration "passt" runs kubevirt\'s passt sidecar of release 1.2 (quay.io/kubevirt/network-passt-binding:v1.2.0); kubevirt publishes it with each release: use the tag of 1.3 (v1.3.0) so the plugin matches the cluster (KubeVirt kubevirt/kubevirt spec.configuration.network.binding.passt.sidecarImage)',
      expect.stringMatching(/^vms\/legacy\.yaml:14: 1\.2->1\.3 breaks discontinued-slirp: becomes an error in kubevirt 1\.3: interface "default" uses core slirp, which kubevirt 1\.3 and later reject; .* \(VirtualMachine default\/legacy spec\.template\.spec\.domain\.devices\.interfaces\[0\]\.slirp\)$/),
      '',
    ]);
    expect(r.stderr).toBe('kubevirt 1.2 -> 1.3 (1 step): 1 breaking change, 0 new warnings, 2 notes, 0 resolved in 4 files\n');
  });

  it('GIVEN the passt plugin WHEN upgraded from 1.4 to 1.9 THEN the steps are printed in order, as JSON too, and nothing breaks (exit 0)', async () => {
    const text = await run(['upgrade', '--from=1.4', '--to=1.9', 'cluster', 'vms/web.yaml']);
    expect(text.code).toBe(0);
    const steps = text.stdout.trim().split('\n').map((l) => /^\S+:\d+: (\S+) (\S+) (\S+):/.exec(l)!.slice(1).join(' '));
    expect(steps).toEqual([
      '1.4->1.5 warns feature-gate-redundant',
      '1.5->1.6 note upgrade-passt-cni-image',
      '1.7->1.8 warns passt-plugin-superseded',
      '1.7->1.8 note upgrade-passt-core-binding',
      '1.8->1.9 note upgrade-sidecar-tag',
    ]);
    const json = await run(['upgrade', '--from', '1.4', '--to', '1.9', '--format', 'json', 'cluster', 'vms/web.yaml']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toMatchObject({ from: '1.4', to: '1.9', breaks: false });
    expect(parsed.steps.map((s: { from: string; to: string; changes: number }) => `${s.from}->${s.to}:${s.changes}`)).toEqual(['1.4->1.5:1', '1.5->1.6:1', '1.6->1.7:0', '1.7->1.8:2', '1.8->1.9:1']);
    expect(parsed.changes[3]).toEqual({
      step: { from: '1.7', to: '1.8' }, kind: 'note', rule: 'upgrade-passt-core-binding', severity: 'warning',
      message: 'kubevirt 1.8 replaces the passt plugin with the core passt binding; interface "default" uses the plugin (binding "passt"): write passtBinding: {} instead of binding (pod network only; in 1.8 list the "PasstBinding" gate, on by default from 1.9), then drop the registration and its nad',
      file: 'vms/web.yaml', line: 14, object: { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: 'default', name: 'web' },
      path: 'spec.template.spec.domain.devices.interfaces[0].binding',
    });
  });

  it.each([
    [['upgrade', '--from', '1.4', 'vms'], /^kubevirt-netbind: upgrade needs --to: the releases to upgrade from and to, each one of 1\.1 to 1\.9/],
    [['upgrade', 'vms'], /^kubevirt-netbind: upgrade needs --from and --to/],
    [['upgrade', '--from', '1.0', '--to', '1.4', 'vms'], /^kubevirt-netbind: --from "1\.0" is not a kubevirt release this tool knows: use 1\.1 to 1\.9 \(as X\.Y or X\.Y\.Z\)\n/],
    [['upgrade', '--from', '1.4', '--to', '2.0', 'vms'], /^kubevirt-netbind: --to "2\.0" is not a kubevirt release this tool knows/],
    [['upgrade', '--from', '1.9', '--to', '1.4', 'vms'], /^kubevirt-netbind: --from 1\.9 is newer than --to 1\.4: an upgrade goes from an older release to a newer one\n/],
    [['upgrade', '--from', '1.4', '--to', '1.9', '--kubevirt-version', '1.4', 'vms'], /upgrade takes --from and --to, not --kubevirt-version/],
    [['upgrade', '--from', '1.4', '--to', '1.9', '--format', 'mermaid', 'vms'], /--format "mermaid" is not supported: use text or json/],
    [['upgrade', '--from', '1.4', '--to', '1.9', '--group-limit', '3', 'vms'], /unknown option "--group-limit" for upgrade/],
    [['upgrade', '--from', '1.4', '--to', '1.9'], /no inputs/],
    [['lint', '--from', '1.4', 'vms'], /unknown option "--from" for lint/],
  ])('GIVEN %j WHEN run THEN it is a usage error (exit 2) naming what is accepted', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('GIVEN an input that does not parse WHEN upgraded THEN the others are still checked and the exit is 2', async () => {
    const r = await run(['upgrade', '--from', '1.2', '--to', '1.3', 'broken.yaml', 'vms/legacy.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^vms\/legacy\.yaml:14: 1\.2->1\.3 breaks discontinued-slirp: /);
    expect(r.stderr).toMatch(/^broken\.yaml:1(:\d+)?: error: cannot parse: /);
    expect(r.stderr).toMatch(/1 input could not be read\n$/);
  });

  it('GIVEN --help WHEN run THEN the upgrade command is described', async () => {
    const r = await run(['--help']);
    expect(r.stdout).toContain('upgrade --from X.Y --to X.Y [--format text|json]');
    expect(r.stdout).toContain('file:line: 1.4->1.5 breaks rule-id: message');
  });

  it('GIVEN a bad range WHEN upgradePaths is called THEN it throws before reading anything', async () => {
    await expect(upgradePaths(['does-not-exist'], { from: '1.9', to: '1.1', cwd: tmp })).rejects.toThrow(/^from 1\.9 is newer than to 1\.1/);
  });
});

describe('upgrade of a GitOps repository', () => {
  const fixtures = path.resolve(__dirname, '..', 'fixtures', 'gitops');

  it('GIVEN two cluster folders and two overlays of one base WHEN upgraded 1.4 -> 1.5 THEN each cluster is checked on its own, an overlay\'s patch is merged (its change at the patch\'s line), and nothing is listed twice', async () => {
    // GIVEN repo/: clusters/a and clusters/b (each its own KubeVirt CR, one VM name in both), overlays/dev and
    // overlays/prod over base/ (a HyperConverged CR patched by each overlay)
    // WHEN the upgrade is checked
    const r = await upgradePaths(['repo'], { from: '1.4', to: '1.5', cwd: fixtures });
    // THEN the gate going GA resolves each cluster's findings in its own files, the two CRs are not duplicates of each
    // other, and the overlay's sidecar note is at the patch file that sets the image
    expect(r.changes.map((c) => `${c.file}:${c.line} ${c.kind} ${c.rule}`)).toEqual([
      'repo/clusters/a/kubevirt.yaml:7 resolved registration-needs-gate',
      'repo/clusters/a/vm.yaml:14 resolved binding-plugins-gate',
      'repo/clusters/b/kubevirt.yaml:7 resolved registration-needs-gate',
      'repo/clusters/b/vm.yaml:14 resolved binding-plugins-gate',
      'repo/overlays/dev/hco-passt.yaml:4 note upgrade-sidecar-tag',
    ]);
    expect(r.report?.breaks).toBe(false);
  });
});
