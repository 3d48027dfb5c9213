// The library writes references to Secrets, never their contents; inline cloud-init secrets fail the synth naming the VmDisk option.
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreBinding, KubeVirtCluster, VirtualMachine, VmDisk, VmNetwork } from '../src';

const pod = [{ name: 'default', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod() }];
const root = VmDisk.containerDisk({ name: 'root', image: 'quay.io/containerdisks/fedora:40' });

function chartWith(disks: VmDisk[]): Chart {
  const app = Testing.app();
  const chart = new Chart(new KubeVirtCluster(app, 'prod', { version: '1.4' }), 'workloads', { namespace: 'vms' });
  new VirtualMachine(chart, 'web', { memory: '1Gi', interfaces: pod, disks });
  return chart;
}

/** Every source file of the library, read once. */
function sources(dir = path.join(__dirname, '..', 'src')): Array<[string, string]> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sources(p) : d.name.endsWith('.ts') ? [[p, fs.readFileSync(p, 'utf8')] as [string, string]] : [];
  });
}

describe('secrets and the library', () => {
  it('GIVEN cloud-init and secret disks that reference Secret objects carrying data WHEN synthesized THEN only the names are written', () => {
    // a Secret-like object with contents (as a cdk8s-plus Secret or a user's own object would carry)
    const secret = { name: 'web-userdata', stringData: { userdata: '#cloud-config\npassword: TOPSECRET-1' } };
    const network = { name: 'web-netdata', data: { networkdata: 'VE9QU0VDUkVULTI=' } };
    const out = Testing.synth(chartWith([
      root,
      VmDisk.cloudInitNoCloud({ name: 'ci', userDataSecretRef: secret, networkDataSecretRef: network }),
      VmDisk.cloudInitConfigDrive({ name: 'cd', userDataSecretRef: 'web-userdata' }),
      VmDisk.secret({ name: 'creds', secret }),
    ]));
    expect(out.map((o) => o.kind)).toEqual(['VirtualMachine']);
    expect(out[0].spec.template.spec.volumes.slice(1)).toEqual([
      { name: 'ci', cloudInitNoCloud: { secretRef: { name: 'web-userdata' }, networkDataSecretRef: { name: 'web-netdata' } } },
      { name: 'cd', cloudInitConfigDrive: { secretRef: { name: 'web-userdata' } } },
      { name: 'creds', secret: { secretName: 'web-userdata' } },
    ]);
    const text = JSON.stringify(out);
    expect(text).not.toContain('TOPSECRET');
    expect(text).not.toContain('VE9QU0VDUkVULTI=');
  });

  it('GIVEN the library source WHEN searched THEN no construct makes an object of kind Secret', () => {
    const makers = sources().filter(([, text]) => /kind:\s*['"`]Secret['"`]|kind\s*=\s*['"`]Secret['"`]|new\s+(?:kplus\.)?Secret\b/.test(text));
    expect(makers.map(([p]) => path.relative(path.join(__dirname, '..'), p))).toEqual([]);
  });

  it('GIVEN a password in VmDisk.cloudInitNoCloud userData WHEN synthesized THEN the synth fails naming the disk option, the line and the fix, without the password', () => {
    const chart = chartWith([root, VmDisk.cloudInitNoCloud({ name: 'ci', userData: '#cloud-config\nuser: fedora\npassword: hunter2-prod\n' })]);
    let message = '';
    try {
      Testing.synth(chart);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('[prod/workloads/web] disks[1].userData (VmDisk.cloudInitNoCloud) (spec.template.spec.volumes[1].cloudInitNoCloud.userData): volume "ci" cloudInitNoCloud.userData holds in clear text a password at line 3 (password: ***) of the user data, readable by anyone who can read the VirtualMachine or its manifest in git; move the user data to a Secret under the key userdata and reference it with secretRef: {name: <secret>} (userDataSecretRef of VmDisk.cloudInitNoCloud()) (cloud-init-inline-secret; VirtualMachine vms/web)');
    expect(message).not.toContain('hunter2');
  });

  it('GIVEN any password in cloud-init network data of a library VM WHEN synthesized THEN it fails and the value is never printed', () => {
    const pw = fc.string({ minLength: 6, maxLength: 30 }).filter((s) => /^[A-Za-z0-9_.!@%+]+$/.test(s) && /\d/.test(s) && /[a-z]/i.test(s));
    fc.assert(fc.property(pw, (password) => {
      const chart = chartWith([root, VmDisk.cloudInitConfigDrive({ name: 'cd', userData: '#cloud-config', networkData: `version: 2\nwifis:\n  wlan0:\n    access-points:\n      home:\n        password: ${password}\n` })]);
      expect(() => Testing.synth(chart)).toThrow(/disks\[1\]\.networkData \(VmDisk\.cloudInitConfigDrive\) .* holds in clear text a password at line 6 \(password: \*\*\*\) of the network data, /);
      try {
        Testing.synth(chart);
      } catch (e) {
        expect((e as Error).message).not.toContain(password);
      }
    }), { numRuns: 25 });
  });
});
