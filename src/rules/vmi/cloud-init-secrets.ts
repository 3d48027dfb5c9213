/**
 * Secrets in inline cloud-init data. KubeVirt accepts them, but they are stored in the VirtualMachine (readable by
 * anyone who can read VMs in the namespace) and in the manifest committed to git. KubeVirt reads user and network
 * data from a Secret instead: `secretRef` (user data, keys `userdata` or `userData`) and `networkDataSecretRef`
 * (keys `networkdata` or `networkData`) of `cloudInitNoCloud` and `cloudInitConfigDrive`
 * (kubevirt staging/src/kubevirt.io/api/core/v1/schema.go@v1.9.0:176-214 CloudInitNoCloudSource, CloudInitConfigDriveSource;
 * pkg/cloud-init/cloud-init.go@v1.9.0:219-289 resolveNoCloudSecrets, resolveConfigDriveSecrets; user-guide
 * user_workloads/startup_scripts.md "Cloud-init UserData as k8s Secret").
 */
import type { Rule } from '../types';
import { isObject, join, list, str } from '../util';
import { decodeBase64, findSecrets, type SecretHit, type SecretKind } from './secret-scan';

/** The cloud-init volume sources and their inline fields: [field, what it holds, base64?, the Secret reference to use]. */
const SOURCES = ['cloudInitNoCloud', 'cloudInitConfigDrive'] as const;
const FIELDS: ReadonlyArray<{ readonly field: string; readonly what: 'user data' | 'network data'; readonly base64: boolean }> = [
  { field: 'userData', what: 'user data', base64: false },
  { field: 'userDataBase64', what: 'user data', base64: true },
  { field: 'networkData', what: 'network data', base64: false },
  { field: 'networkDataBase64', what: 'network data', base64: true },
];

const ARTICLE: Record<SecretKind, string> = {
  'password': 'a password',
  'password hash': 'a password hash',
  'private key': 'a private key',
  'token': 'a token',
  'secret key': 'a secret key',
};

/** `a password at line 3 (password: ***) and a private key at line 7 (...)`; three at most, then a count. */
function describeHits(hits: readonly SecretHit[]): string {
  const parts = hits.slice(0, 3).map((h) => `${ARTICLE[h.kind]} at line ${h.line} (${h.shown})`);
  if (hits.length > 3) parts.push(`${hits.length - 3} more`);
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export const cloudInitInlineSecret: Rule = {
  meta: {
    id: 'cloud-init-inline-secret',
    severity: 'error',
    versions: 'all',
    description: 'Inline cloud-init `userData`, `userDataBase64`, `networkData` or `networkDataBase64` holds a secret in clear text: a password or password hash (cloud-config `password`, `passwd`, `hashed_passwd`, `plain_text_passwd`, `chpasswd` lists, shell `echo user:pass | chpasswd`), a private key or a token (GitHub, GitLab, AWS, Slack, Google, `token:` keys with long values). KubeVirt accepts it, but anyone who can read the VM, or the manifest in git, can read it: put the data in a Secret and reference it with `secretRef` / `networkDataSecretRef`. Public SSH keys, `ssh_pwauth`, empty values, `RANDOM` and placeholders are not flagged; a password hash is (it can be cracked offline).',
    source: 'kubevirt staging/src/kubevirt.io/api/core/v1/schema.go@v1.9.0:176-214 CloudInitNoCloudSource, CloudInitConfigDriveSource (secretRef, networkDataSecretRef); pkg/cloud-init/cloud-init.go@v1.9.0:219-289, 374-400; user-guide user_workloads/startup_scripts.md',
    history: [
      {
        since: '1.1',
        behaviour: 'A house rule on what KubeVirt accepts and uses unchanged at every release: it stores inline userData, '
          + 'userDataBase64, networkData and networkDataBase64 in the VM and VMI objects as written, and virt-launcher copies them '
          + 'into the cloud-init disk of the guest (readCloudInitNoCloudSource / readCloudInitConfigDriveSource); with secretRef or '
          + 'networkDataSecretRef it reads the data from the Secret mounted into the pod instead (keys userdata/userData, '
          + 'networkdata/networkData; resolveNoCloudSecrets / resolveConfigDriveSecrets), so the VM object holds no secret. The audit '
          + 'found no change 1.1-1.9 (cloud-init.go@v1.9.0:219-289, 374-400; the same functions at v1.1.0). It stays an error by the '
          + 'house\'s choice: the VM works, but the secret is readable by anyone who can read the VM or its manifest.',
        source: 'pkg/cloud-init/cloud-init.go@v1.1.0:223-297, 382-408; staging/src/kubevirt.io/api/core/v1/schema.go@v1.1.0:137-175',
      },
    ],
  },
  check(ctx) {
    for (const view of ctx.vmiSpecs) {
      const volumes = list(view.spec.volumes);
      for (let v = 0; v < volumes.length; v++) {
        const volume = volumes[v];
        if (!isObject(volume)) continue;
        for (const source of SOURCES) {
          const src = volume[source];
          if (!isObject(src)) continue;
          for (const f of FIELDS) {
            const raw = str(src[f.field]);
            if (raw === undefined || raw === '') continue;
            const text = f.base64 ? decodeBase64(raw) : raw;
            if (text === undefined) continue;
            const hits = findSecrets(text);
            if (hits.length === 0) continue;
            const isUser = f.what === 'user data';
            const ref = isUser ? 'secretRef' : 'networkDataSecretRef';
            const key = isUser ? 'userdata' : 'networkdata';
            const libraryRef = isUser ? 'userDataSecretRef' : 'networkDataSecretRef';
            const name = str(volume.name);
            const decoded = f.base64 ? ' (decoded)' : '';
            ctx.report(view.entry, join(view.path, 'volumes', v, source, f.field),
              `volume ${name !== undefined ? JSON.stringify(name) : `[${v}]`} ${source}.${f.field}${decoded} holds in clear text ${describeHits(hits)} of the ${f.base64 ? 'decoded ' : ''}${f.what}, `
              + `readable by anyone who can read the ${view.entry.ref.kind || 'object'} or its manifest in git; `
              + `move the ${f.what} to a Secret under the key ${key} and reference it with ${ref}: {name: <secret>} `
              + `(${libraryRef} of VmDisk.${source}())`);
          }
        }
      }
    }
  },
};

export const CLOUD_INIT_RULES: readonly Rule[] = [cloudInitInlineSecret];
