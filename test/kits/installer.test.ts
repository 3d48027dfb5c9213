import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { CniInstaller, Context } from '../../src';
import { errorsOf, one } from './support';

/** A chart `c` of a fresh app (with `context`, when given). */
function chartOf(context: Record<string, unknown> = {}): Chart {
  const app: App = Testing.app();
  for (const [k, v] of Object.entries(context)) app.node.setContext(k, v);
  return new Chart(app, 'c');
}

const IMAGE = 'quay.io/kubevirt/network-passt-binding-cni:v1.6.0';

const QUANTITY = /^([0-9]+(\.[0-9]+)?)(m|Ki|Mi|Gi|k|M|G)?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * What the API server checks of an apps/v1 DaemonSet that this installer could get wrong (k8s apps/v1 types and
 * validation: a selector that matches the template's labels, named containers with images, mounts of declared
 * volumes, absolute hostPath paths, parseable quantities, dns-label names), as a list of problems.
 */
function daemonSetProblems(ds: any): string[] {
  const out: string[] = [];
  if (ds.apiVersion !== 'apps/v1' || ds.kind !== 'DaemonSet') out.push('not an apps/v1 DaemonSet');
  if (!DNS_LABEL.test(ds.metadata?.name ?? '')) out.push('metadata.name');
  if (!DNS_LABEL.test(ds.metadata?.namespace ?? '')) out.push('metadata.namespace');
  const selector = ds.spec?.selector?.matchLabels ?? {};
  const labels = ds.spec?.template?.metadata?.labels ?? {};
  if (Object.keys(selector).length === 0) out.push('spec.selector is empty');
  for (const [k, v] of Object.entries(selector)) if (labels[k] !== v) out.push(`selector ${k} does not match the template`);
  const pod = ds.spec?.template?.spec ?? {};
  const volumes = new Map<string, any>((pod.volumes ?? []).map((v: any) => [v.name, v]));
  if (!Array.isArray(pod.containers) || pod.containers.length === 0) out.push('no containers');
  for (const c of pod.containers ?? []) {
    if (!DNS_LABEL.test(c.name ?? '')) out.push('container name');
    if (typeof c.image !== 'string' || c.image === '') out.push('container image');
    for (const m of c.volumeMounts ?? []) {
      if (!volumes.has(m.name)) out.push(`mount ${m.name} has no volume`);
      if (!String(m.mountPath).startsWith('/')) out.push(`mount ${m.name} path`);
    }
    for (const q of Object.values(c.resources?.requests ?? {})) if (!QUANTITY.test(String(q))) out.push(`quantity ${String(q)}`);
    const sc = c.securityContext ?? {};
    if (sc.privileged === true && sc.allowPrivilegeEscalation === false) out.push('privileged needs allowPrivilegeEscalation');
  }
  for (const v of volumes.values()) if (v.hostPath && !String(v.hostPath.path).startsWith('/')) out.push(`volume ${v.name} hostPath`);
  if (pod.serviceAccountName !== undefined && !DNS_LABEL.test(pod.serviceAccountName)) out.push('serviceAccountName');
  const strategy = ds.spec?.updateStrategy;
  if (strategy && !['RollingUpdate', 'OnDelete'].includes(strategy.type)) out.push('updateStrategy.type');
  return out;
}

describe('CniInstaller', () => {
  it('GIVEN an image and a binary WHEN synthesized THEN the daemonset has the least privileges that copy the binary, and validates', () => {
    const chart = chartOf();
    const installer = new CniInstaller(chart, 'passt', { image: IMAGE, binaryPath: '/cni/kubevirt-passt-binding' });
    const manifests = Testing.synth(chart);
    expect(manifests.map((m) => m.kind)).toEqual(['ServiceAccount', 'DaemonSet']);
    const ds = one(manifests, 'DaemonSet');
    expect(daemonSetProblems(ds)).toEqual([]);
    expect(installer.name).toBe('kubevirt-passt-binding-cni');
    expect(ds.metadata).toMatchObject({ name: 'kubevirt-passt-binding-cni', namespace: 'kubevirt' });
    const pod = ds.spec.template.spec;
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.priorityClassName).toBe('system-cluster-critical');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('kubevirt-passt-binding-cni');
    expect(pod.securityContext).toEqual({ runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.volumes).toEqual([{ name: 'cnibin', hostPath: { path: '/opt/cni/bin', type: 'Directory' } }]);
    const [c] = pod.containers;
    expect(c.image).toBe(IMAGE);
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.securityContext).toEqual({ privileged: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
    expect(c.resources).toEqual({ requests: { cpu: '10m', memory: '15Mi' } });
    expect(c.volumeMounts).toEqual([{ name: 'cnibin', mountPath: '/host-cni-bin' }]);
    expect(c.env).toEqual([
      { name: 'CNI_SOURCE', value: '/cni/kubevirt-passt-binding' },
      { name: 'CNI_DIR', value: '/host-cni-bin' },
      { name: 'CNI_NAME', value: 'kubevirt-passt-binding' },
    ]);
    expect(c.command.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    // the paths are never in the script text: only the environment's names
    expect(c.command[2]).not.toMatch(/kubevirt-passt-binding|opt\/cni/);
    expect(c.command[2]).toMatch(/mv -f "\$CNI_DIR\/\.\$CNI_NAME\.new" "\$CNI_DIR\/\$CNI_NAME"/);
    expect(one(manifests, 'ServiceAccount')).toEqual({
      apiVersion: 'v1', kind: 'ServiceAccount', automountServiceAccountToken: false,
      metadata: { name: 'kubevirt-passt-binding-cni', namespace: 'kubevirt', labels: ds.metadata.labels },
    });
  });

  it('GIVEN privileged: true WHEN synthesized THEN the container is privileged as in kubevirt\'s manifest', () => {
    const chart = chartOf();
    new CniInstaller(chart, 'i', { image: IMAGE, binaryPath: '/cni/x', privileged: true, name: 'x-cni', namespace: 'net', hostCniBinDir: '/usr/libexec/cni', resources: { cpu: '5m', memory: '20Mi' } });
    const ds = one(Testing.synth(chart), 'DaemonSet');
    expect(daemonSetProblems(ds)).toEqual([]);
    expect(ds.metadata.namespace).toBe('net');
    expect(ds.spec.template.spec.containers[0].securityContext).toEqual({ privileged: true, allowPrivilegeEscalation: true });
    expect(ds.spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '5m', memory: '20Mi' });
    expect(ds.spec.template.spec.volumes[0].hostPath.path).toBe('/usr/libexec/cni');
  });

  it('GIVEN openShift: true WHEN synthesized THEN an scc admits only the installer\'s service account, and the node directory is openshift\'s', () => {
    const chart = chartOf();
    const installer = new CniInstaller(chart, 'i', { image: IMAGE, binaryPath: '/cni/kubevirt-passt-binding', openShift: true, name: 'passt-binding-cni' });
    const manifests = Testing.synth(chart);
    expect(manifests).toMatchSnapshot();
    expect(installer.hostCniBinDir).toBe('/var/lib/cni/bin');
    const ds = one(manifests, 'DaemonSet');
    expect(daemonSetProblems(ds)).toEqual([]);
    expect(ds.spec.template.spec.securityContext.seLinuxOptions).toEqual({ type: 'spc_t' });
    const scc = one(manifests, 'SecurityContextConstraints');
    expect(scc.apiVersion).toBe('security.openshift.io/v1');
    expect(scc.metadata.name).toBe('kubevirt-passt-binding-cni');
    expect(scc.users).toEqual(['system:serviceaccount:kubevirt:passt-binding-cni']);
    expect(scc.volumes).toEqual(['hostPath']);
    expect(scc).toMatchObject({ allowHostDirVolumePlugin: true, allowPrivilegedContainer: false, allowPrivilegeEscalation: false, requiredDropCapabilities: ['ALL'], runAsUser: { type: 'RunAsAny' }, seLinuxContext: { type: 'RunAsAny' } });
    // every field the SecurityContextConstraints CRD requires (openshift/api security/v1)
    for (const field of ['allowHostDirVolumePlugin', 'allowHostIPC', 'allowHostNetwork', 'allowHostPID', 'allowHostPorts', 'allowPrivilegedContainer', 'allowedCapabilities', 'defaultAddCapabilities', 'priority', 'readOnlyRootFilesystem', 'requiredDropCapabilities', 'volumes']) {
      expect(scc, field).toHaveProperty(field);
    }
  });

  it('GIVEN the context key kubevirt-netbind:openshift WHEN no openShift prop is given THEN the installer is set up for openshift; false by default', () => {
    const on = new CniInstaller(chartOf({ [Context.OPENSHIFT]: true }), 'i', { image: IMAGE, binaryPath: '/cni/x' });
    const off = new CniInstaller(chartOf(), 'i', { image: IMAGE, binaryPath: '/cni/x' });
    const overridden = new CniInstaller(chartOf({ [Context.OPENSHIFT]: 'true' }), 'i', { image: IMAGE, binaryPath: '/cni/x', openShift: false });
    expect([on.openShift, !!on.securityContextConstraints, off.openShift, !!off.securityContextConstraints, overridden.openShift]).toEqual([true, true, false, false, false]);
  });

  it('GIVEN no image WHEN synthesized THEN the synth error names the installer and what image it needs', () => {
    const chart = chartOf();
    new CniInstaller(chart, 'i', { binaryPath: '/cni/x' } as any);
    new CniInstaller(chart, 'j', { image: '', binaryPath: '/cni/x', name: 'j-cni' });
    expect(errorsOf(chart)).toEqual([
      '[c/i] props.image: the cni installer i needs the image that holds its cni binary, pinned to a release tag or a digest (such as quay.io/kubevirt/network-passt-binding-cni:v1.6.0); got nothing',
      '[c/j] props.image: the cni installer j needs the image that holds its cni binary, pinned to a release tag or a digest (such as quay.io/kubevirt/network-passt-binding-cni:v1.6.0); got ""',
    ]);
  });

  it('GIVEN paths and names a shell or the api would take otherwise WHEN synthesized THEN each is an error naming the prop', () => {
    const chart = chartOf();
    new CniInstaller(chart, 'i', { image: IMAGE, binaryPath: 'cni/x;rm -rf /', hostCniBinDir: '/opt/../etc', name: 'Bad_Name', binaryName: '.hidden' });
    expect(errorsOf(chart)).toEqual([
      '[c/i] props.binaryPath: expected the binary\'s absolute path in the image, of letters, digits, ".", "_", "-" and "/", such as "/cni/kubevirt-passt-binding"; got "cni/x;rm -rf /"',
      '[c/i] props.binaryName: expected a file name of letters, digits, ".", "_" and "-", not starting with "."; got ".hidden"',
      '[c/i] props.hostCniBinDir: expected an absolute directory path of letters, digits, ".", "_", "-" and "/", such as "/opt/cni/bin"; got "/opt/../etc"',
      '[c/i] props.name: expected a lowercase dns label (a-z, 0-9, -; at most 63 characters); got "Bad_Name"',
    ]);
  });

  it('GIVEN the same props twice WHEN synthesized THEN the output is identical', () => {
    const make = () => {
      const chart = chartOf();
      new CniInstaller(chart, 'i', { image: IMAGE, binaryPath: '/cni/kubevirt-passt-binding', openShift: true });
      return JSON.stringify(Testing.synth(chart));
    };
    expect(make()).toBe(make());
  });

  it('GIVEN the installer\'s script WHEN run by a posix shell with its environment THEN it installs the binary executable, then stops at once on SIGTERM', async () => {
    // GIVEN the script as synthesized, a "binary" and an empty "host" directory
    const chart = chartOf();
    new CniInstaller(chart, 'i', { image: IMAGE, binaryPath: '/cni/kubevirt-passt-binding' });
    const c = one(Testing.synth(chart), 'DaemonSet').spec.template.spec.containers[0];
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cni-installer-'));
    try {
      const source = path.join(tmp, 'binary');
      const dir = path.join(tmp, 'host');
      fs.mkdirSync(dir);
      fs.writeFileSync(source, '#!/bin/sh\necho cni\n', { mode: 0o644 });
      const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
      for (const e of c.env) env[e.name] = e.name === 'CNI_SOURCE' ? source : e.name === 'CNI_DIR' ? dir : e.value;
      // WHEN it runs
      const child = spawn(c.command[0], [c.command[1], c.command[2]], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => { out += String(d); });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      while (!out.includes('installed')) await new Promise((r) => setTimeout(r, 20));
      // THEN the binary is in place, executable, with no temporary file left
      const installed = path.join(dir, 'kubevirt-passt-binding');
      expect(fs.readFileSync(installed, 'utf8')).toBe('#!/bin/sh\necho cni\n');
      expect(fs.statSync(installed).mode & 0o777).toBe(0o755);
      expect(fs.readdirSync(dir)).toEqual(['kubevirt-passt-binding']);
      // and SIGTERM ends it with status 0 (the sleep goes with it)
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
