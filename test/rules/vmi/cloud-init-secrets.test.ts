// GIVEN VMs with cloud-init volumes WHEN linted THEN inline secrets are errors that name the field, the line and the kind, never the value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint, runRules } from '../../../src/rules';
import { cloudInitInlineSecret } from '../../../src/rules/vmi/cloud-init-secrets';
import { findSecrets, type SecretKind } from '../../../src/rules/vmi/secret-scan';
import { ruleTable, vm } from '../harness';

const withVolume = (source: Record<string, unknown>, kind = 'cloudInitNoCloud') => vm({
  domain: { devices: { disks: [{ name: 'root', disk: {} }, { name: 'ci', disk: {} }] }, resources: { requests: { memory: '64Mi' } } },
  volumes: [{ name: 'root', containerDisk: { image: 'quay.io/containerdisks/fedora:40' } }, { name: 'ci', [kind]: source }],
});
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const V = 'spec.template.spec.volumes[1]';
const FIX = 'of the user data, readable by anyone who can read the VirtualMachine or its manifest in git; move the user data to a Secret under the key userdata and reference it with secretRef: {name: <secret>} (userDataSecretRef of VmDisk.cloudInitNoCloud())';

ruleTable(cloudInitInlineSecret, {
  valid: [
    { name: 'user data from a Secret', manifests: [withVolume({ secretRef: { name: 'vm-userdata' }, networkDataSecretRef: { name: 'vm-net' } })] },
    { name: 'public SSH keys and ssh_pwauth', manifests: [withVolume({ userData: '#cloud-config\nssh_pwauth: true\nssh_authorized_keys:\n  - ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC6zdgFiLr1uAK7PdcchDd+LseA5fEOcxCCt7TLlr7Mx6h8jUg fedora@localhost\n  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@host\n' })] },
    { name: 'empty and placeholder passwords, RANDOM in chpasswd', manifests: [withVolume({ userData: '#cloud-config\npassword: ""\nusers:\n  - name: a\n    plain_text_passwd: ${PASSWORD}\n  - name: b\n    passwd: <hash>\nchpasswd:\n  expire: false\n  list: |\n    root:RANDOM\n    fedora:R\n' })] },
    { name: 'lock_passwd and a short token value', manifests: [withVolume({ userData: '#cloud-config\nusers:\n  - name: a\n    lock_passwd: false\nruncmd:\n  - echo token: abc\n' })] },
    { name: 'a secret key naming something, without digits', manifests: [withVolume({ userData: '#cloud-config\nwrite_files:\n  - content: |\n      secret: cloud-credentials-secret\n' })] },
    { name: 'a shell script whose password comes from a variable', manifests: [withVolume({ userData: '#!/bin/bash\necho "$USER:$PASSWORD" | chpasswd\n' })] },
    { name: 'network data without secrets', manifests: [withVolume({ userData: '#cloud-config', networkData: 'version: 2\nethernets:\n  eth0:\n    dhcp4: true\n' })] },
    { name: 'userDataBase64 that is not base64 (KubeVirt rejects it at start; nothing to read)', manifests: [withVolume({ userDataBase64: '!!not base64!!' })] },
  ],
  invalid: [
    {
      name: 'cloud-config password (KubeVirt user guide example)',
      manifests: [withVolume({ userData: '#cloud-config\npassword: atomic\nchpasswd: { expire: False }\nssh_pwauth: True\n' })],
      findings: [{ severity: 'error', path: `${V}.cloudInitNoCloud.userData`, message: `volume "ci" cloudInitNoCloud.userData holds in clear text a password at line 2 (password: ***) ${FIX}` }],
    },
    {
      name: 'a chpasswd list, a hash and a private key in the same user data',
      manifests: [withVolume({ userData: '#cloud-config\nchpasswd:\n  list: |\n    root:s3cret\n    fedora:RANDOM\n  expire: false\nusers:\n  - name: ops\n    hashed_passwd: $6$rounds=4096$abc$def\nssh_keys:\n  rsa_private: |\n    -----BEGIN RSA PRIVATE KEY-----\n    MIIEow\n    -----END RSA PRIVATE KEY-----\n' })],
      findings: [{
        severity: 'error', path: `${V}.cloudInitNoCloud.userData`,
        message: `volume "ci" cloudInitNoCloud.userData holds in clear text a password at line 4 (root:***), a password hash at line 9 (hashed_passwd: ***) and a private key at line 12 (-----BEGIN RSA PRIVATE KEY-----) ${FIX}`,
      }],
    },
    {
      name: 'chpasswd users (cloud-init 22.3+) and a list of items',
      manifests: [withVolume({ userData: '#cloud-config\nchpasswd:\n  users:\n    - {name: root, password: hunter22, type: text}\n  list:\n    - fedora:fedora123\n' })],
      findings: [{ severity: 'error', path: `${V}.cloudInitNoCloud.userData`, message: /holds in clear text a password at line 4 \(password: \*\*\*\) and a password at line 6 \(fedora:\*\*\*\) of the user data, / }],
    },
    {
      name: 'tokens in write_files, base64 encoded, on a config drive',
      manifests: [withVolume({ userDataBase64: b64('#cloud-config\nwrite_files:\n  - path: /root/.env\n    content: |\n      GITHUB=ghp_0123456789abcdefghijABCDEFGHIJ012345\n      AWS=AKIAIOSFODNN7EXAMPLE\n      api_token: 9f8e7d6c5b4a39281706f5e4d3c2b1a0\n      GITLAB=glpat-abcdefghij0123456789\n') }, 'cloudInitConfigDrive')],
      findings: [{
        severity: 'error', path: `${V}.cloudInitConfigDrive.userDataBase64`,
        message: 'volume "ci" cloudInitConfigDrive.userDataBase64 (decoded) holds in clear text a token at line 5 (ghp_*** (github token)), a secret key at line 6 (AKIA*** (aws access key id)), a token at line 7 (api_token: ***) and 1 more of the decoded user data, readable by anyone who can read the VirtualMachine or its manifest in git; move the user data to a Secret under the key userdata and reference it with secretRef: {name: <secret>} (userDataSecretRef of VmDisk.cloudInitConfigDrive())',
      }],
    },
    {
      name: 'a shell script that sets passwords (KubeVirt user guide example)',
      manifests: [withVolume({ userData: '#!/bin/bash\nexport NEW_USER="foo"\nsudo adduser -U -m $NEW_USER\necho "$NEW_USER:atomic" | chpasswd\necho letmein | passwd --stdin root\nusermod -p \'$6$x$y\' ops\n' })],
      findings: [{ severity: 'error', path: `${V}.cloudInitNoCloud.userData`, message: /holds in clear text a password at line 4 \(\$NEW_USER:\*\*\* \| chpasswd\), a password at line 5 \(\*\*\* \| passwd --stdin\) and a password hash at line 6 \(-p \*\*\*\) of the user data, / }],
    },
    {
      name: 'a wifi password in network data',
      manifests: [withVolume({ networkData: 'version: 2\nwifis:\n  wlan0:\n    access-points:\n      home:\n        password: "correct horse"\n' })],
      findings: [{ severity: 'error', path: `${V}.cloudInitNoCloud.networkData`, message: 'volume "ci" cloudInitNoCloud.networkData holds in clear text a password at line 6 (password: ***) of the network data, readable by anyone who can read the VirtualMachine or its manifest in git; move the network data to a Secret under the key networkdata and reference it with networkDataSecretRef: {name: <secret>} (networkDataSecretRef of VmDisk.cloudInitNoCloud())' }],
    },
  ],
});

describe('cloud-init-inline-secret', () => {
  it('GIVEN a VirtualMachineInstance WHEN linted THEN its spec volumes are checked too', () => {
    const vmi = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata: { name: 'x' }, spec: { volumes: [{ name: 'c', cloudInitNoCloud: { userData: 'password: pw123' } }] } };
    const f = lint([vmi]).filter((x) => x.rule === 'cloud-init-inline-secret');
    expect(f.map((x) => [x.path, x.severity])).toEqual([['spec.volumes[0].cloudInitNoCloud.userData', 'error']]);
    expect(f[0].message).toContain('can read the VirtualMachineInstance');
  });

  it('GIVEN malformed volumes WHEN linted THEN the rule reports nothing and does not throw', () => {
    const bad = [null, 3, 'x', [], { name: 'a', cloudInitNoCloud: 'x' }, { name: 'b', cloudInitNoCloud: { userData: 42, userDataBase64: {} } }];
    expect(lint([vm({ volumes: bad }), vm({ volumes: 'nope' }, 'vm2')]).filter((x) => x.rule === 'cloud-init-inline-secret')).toEqual([]);
  });

  it('GIVEN any password in cloud-config WHEN linted THEN it is found and its value never appears in the message', () => {
    const password = fc.string({ minLength: 4, maxLength: 40 }).filter((s) => /^[A-Za-z0-9!@%^&*()_+=.?]+$/.test(s) && /[0-9]/.test(s) && /[A-Za-z]/.test(s));
    fc.assert(fc.property(password, fc.constantFrom('password', 'plain_text_passwd', 'hashed_passwd'), (pw, key) => {
      const f = lint([withVolume({ userData: `#cloud-config\nusers:\n  - name: u\n    ${key}: '${pw}'\n` })]).filter((x) => x.rule === 'cloud-init-inline-secret');
      expect(f).toHaveLength(1);
      expect(f[0].message).toContain(`at line 4 (${key}: ***)`);
      expect(f[0].message).not.toContain(pw);
    }), { numRuns: 200 });
  });

  it('GIVEN any text as user data WHEN linted THEN the rule does not throw', () => {
    const line = fc.array(fc.constantFrom('password', 'chpasswd', 'list', ':', ' ', '  ', '-', '|', '{', '}', ',', '"', "'", '#', '$', 'x', 'echo', 'ghp_', '=', '\n'), { maxLength: 60 }).map((xs) => xs.join(''));
    fc.assert(fc.property(fc.oneof(line, fc.string({ maxLength: 200, unit: 'grapheme' })), (text) => {
      runRules([cloudInitInlineSecret], [withVolume({ userData: text, userDataBase64: text, networkData: text })]);
    }), { numRuns: 300 });
  });
});

describe('findSecrets', () => {
  const HARMLESS = [
    '#cloud-config', 'ssh_pwauth: true', 'packages: [nginx, qemu-guest-agent]', 'runcmd:', '  - systemctl enable --now nginx',
    'ssh_authorized_keys:', '  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@host',
    'users:', '  - name: ops', '    lock_passwd: true', '    sudo: ALL=(ALL) NOPASSWD:ALL', 'write_files:', '  - path: /etc/motd',
  ];
  const SECRETS: ReadonlyArray<readonly [string, SecretKind]> = [
    ['password: Xy12ab', 'password'],
    ['    plain_text_passwd: "s3cr3t!"', 'password'],
    ['    hashed_passwd: $6$rounds=4096$salt$hash', 'password hash'],
    ['private_key: 4f3c2b1a09f8e7d6c5b4a39281706f5e', 'secret key'],
    ['client_secret: 0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'secret key'],
    ['      -----BEGIN EC PRIVATE KEY-----', 'private key'],
    ['      GH=ghp_0123456789abcdefghijABCDEFGHIJ012345', 'token'],
    ['      glpat-abcdefghij0123456789', 'token'],
    ['      AKIAIOSFODNN7EXAMPLE', 'secret key'],
    ["  - echo 'ops:Summer2024!' | chpasswd", 'password'],
    ["  - usermod -p '$6$x$y' ops", 'password hash'],
    ['  - echo hunter22 | passwd --stdin root', 'password'],
  ];

  it('GIVEN one secret of any kind on a random line among harmless ones WHEN scanned THEN exactly that line and kind are found', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...HARMLESS), { maxLength: 12 }), fc.nat(), fc.constantFrom(...SECRETS), (lines, at, [secret, kind]) => {
      const i = at % (lines.length + 1);
      const text = [...lines.slice(0, i), secret, ...lines.slice(i)].join('\n');
      expect(findSecrets(text).map((h) => [h.line, h.kind])).toEqual([[i + 1, kind]]);
    }), { numRuns: 300 });
  });

  it('GIVEN only harmless lines WHEN scanned THEN nothing is found', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...HARMLESS), { maxLength: 20 }), (lines) => {
      expect(findSecrets(lines.join('\n'))).toEqual([]);
    }), { numRuns: 100 });
  });
});
