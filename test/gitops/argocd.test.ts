/**
 * The Argo CD parts of the GitOps layout: the health checks of KubeVirt and HyperConverged, run with the Lua 5.1
 * interpreter over the status shapes their operators write; the sync annotations; the ignoreDifferences presets;
 * the ApplicationSet and its bad props.
 *
 * The Lua tests need `lua5.1` (Argo CD runs health checks with gopher-lua, a Lua 5.1); they skip with a message
 * when it is absent (.ci/run installs it in CI).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import {
  HYPERCONVERGED_HEALTH_LUA, KUBEVIRT_HEALTH_LUA, SKIP_DRY_RUN, SYNC_OPTIONS, SYNC_WAVE, argoCdProblems, vmIgnoreDifferences,
  withArgoAnnotations,
} from '../../src/gitops/argocd';

const haveLua = spawnSync('lua5.1', ['-v'], { encoding: 'utf8' }).status === 0;
if (!haveLua) console.warn('test/gitops/argocd.test.ts: lua5.1 is not installed; the health check tests are skipped (apt-get install lua5.1)');

/** A JSON value as a Lua table constructor, as Argo CD hands the live object to the script. */
function lua(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') {
    if (!/^[\x20-\x7e]*$/.test(v)) throw new Error('test strings are printable ASCII');
    return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `{${v.map(lua).join(', ')}}`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `[${lua(k)}] = ${lua(x)}`).join(', ')}}`;
}

/** Runs a health script over `obj` with lua5.1: the status and message it returns. */
function health(script: string, obj: unknown): { status: string; message: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-lua-'));
  try {
    const file = path.join(dir, 'check.lua');
    fs.writeFileSync(file, `obj = ${lua(obj)}\nlocal function check()\n${script}\nend\nlocal hs = check()\nio.write(hs.status, "\\n", hs.message or "")\n`);
    const r = spawnSync('lua5.1', [file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`lua5.1 failed: ${r.stderr}`);
    const [status, ...message] = r.stdout.split('\n');
    return { status, message: message.join('\n') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const cond = (type: string, status: string, reason: string, message: string) => ({ type, status, reason, message });

// KubeVirt CR status shapes as virt-operator writes them (kubevirt pkg/virt-operator/util/client.go@v1.9.0:54-108,
// pkg/virt-operator/kubevirt.go@v1.9.0:1053-1125)
const kv = (status?: Record<string, unknown>, generation = 1) => ({
  apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'kubevirt', namespace: 'kubevirt', generation }, ...(status ? { status } : {}),
});
const DEPLOYING_MSG = 'Deploying version v1.9.0 with registry quay.io/kubevirt';
const READY_MSG = 'All components are ready.';

describe.skipIf(!haveLua)('KubeVirt health check (lua5.1)', () => {
  it('GIVEN a KubeVirt CR with no status WHEN checked THEN it is progressing', () => {
    expect(health(KUBEVIRT_HEALTH_LUA, kv())).toEqual({ status: 'Progressing', message: "waiting for virt-operator to report the deployment's phase" });
  });

  it('GIVEN phase Deploying, Available=False Progressing=True WHEN checked THEN progressing with the operator message', () => {
    const status = { phase: 'Deploying', conditions: [cond('Available', 'False', 'DeploymentInProgress', DEPLOYING_MSG), cond('Progressing', 'True', 'DeploymentInProgress', DEPLOYING_MSG), cond('Degraded', 'False', 'DeploymentInProgress', DEPLOYING_MSG)] };
    expect(health(KUBEVIRT_HEALTH_LUA, kv(status))).toEqual({ status: 'Progressing', message: DEPLOYING_MSG });
  });

  it('GIVEN phase Deployed with every component ready WHEN checked THEN healthy', () => {
    const status = {
      phase: 'Deployed', observedGeneration: 1,
      conditions: [cond('Available', 'True', 'AllComponentsReady', READY_MSG), cond('Progressing', 'False', 'AllComponentsReady', READY_MSG), cond('Degraded', 'False', 'AllComponentsReady', READY_MSG), cond('Created', 'True', 'AllResourcesCreated', 'All resources were created.')],
    };
    expect(health(KUBEVIRT_HEALTH_LUA, kv(status))).toEqual({ status: 'Healthy', message: READY_MSG });
  });

  it('GIVEN a deployed KubeVirt whose spec changed since (generation 3, observed 2) WHEN checked THEN progressing', () => {
    const status = { phase: 'Deployed', observedGeneration: 2, conditions: [cond('Available', 'True', 'AllComponentsReady', READY_MSG), cond('Progressing', 'False', 'AllComponentsReady', READY_MSG)] };
    expect(health(KUBEVIRT_HEALTH_LUA, kv(status, 3))).toEqual({ status: 'Progressing', message: 'virt-operator has not yet deployed generation 3 (deployed: 2)' });
  });

  it('GIVEN an update in progress (Degraded=True reason UpdateInProgress, phase stays Deployed) WHEN checked THEN progressing, not degraded', () => {
    const msg = 'Transitioning from previous version v1.8.0 with registry quay.io/kubevirt to target version v1.9.0 using registry quay.io/kubevirt';
    const status = { phase: 'Deployed', conditions: [cond('Available', 'True', 'UpdateInProgress', msg), cond('Progressing', 'True', 'UpdateInProgress', msg), cond('Degraded', 'True', 'UpdateInProgress', msg)] };
    expect(health(KUBEVIRT_HEALTH_LUA, kv(status))).toEqual({ status: 'Progressing', message: msg });
  });

  it('GIVEN a failed deployment (Synchronized=False, Degraded=True reason DeploymentFailed) WHEN checked THEN degraded', () => {
    const msg = 'An error occurred during deployment: unable to create DaemonSet virt-handler';
    const status = { phase: 'Deploying', conditions: [cond('Synchronized', 'False', 'DeploymentFailed', msg), cond('Available', 'False', 'DeploymentFailed', msg), cond('Progressing', 'False', 'DeploymentFailed', msg), cond('Degraded', 'True', 'DeploymentFailed', msg)] };
    expect(health(KUBEVIRT_HEALTH_LUA, kv(status))).toEqual({ status: 'Degraded', message: msg });
  });

  it('GIVEN a second KubeVirt CR (Synchronized=False reason ExistingDeployment) WHEN checked THEN degraded', () => {
    const status = { phase: 'Deploying', conditions: [cond('Synchronized', 'False', 'ExistingDeployment', 'There is an active KubeVirt deployment')] };
    expect(health(KUBEVIRT_HEALTH_LUA, kv(status))).toEqual({ status: 'Degraded', message: 'There is an active KubeVirt deployment' });
  });

  it('GIVEN a KubeVirt being removed (phase Deleted) WHEN checked THEN degraded', () => {
    expect(health(KUBEVIRT_HEALTH_LUA, kv({ phase: 'Deleted' }))).toEqual({ status: 'Degraded', message: 'KubeVirt is being removed (phase Deleted)' });
  });
});

// HyperConverged status shapes (hyperconverged-cluster-operator
// controllers/hyperconverged/hyperconverged_controller.go@v1.18.1:616-655 initial, 677-830 aggregated)
const hco = (conditions?: unknown[]) => ({
  apiVersion: 'hco.kubevirt.io/v1beta1', kind: 'HyperConverged', metadata: { name: 'kubevirt-hyperconverged', namespace: 'kubevirt-hyperconverged' },
  ...(conditions ? { status: { conditions } } : {}),
});
const INIT = 'Initializing HyperConverged cluster';
const DONE = 'Reconcile completed successfully';

describe.skipIf(!haveLua)('HyperConverged health check (lua5.1)', () => {
  it('GIVEN a HyperConverged CR with no status WHEN checked THEN progressing', () => {
    expect(health(HYPERCONVERGED_HEALTH_LUA, hco())).toEqual({ status: 'Progressing', message: 'waiting for HCO to report conditions' });
  });

  it('GIVEN the initial conditions (ReconcileComplete=Unknown, Progressing=True) WHEN checked THEN progressing', () => {
    const c = [cond('ReconcileComplete', 'Unknown', 'Init', INIT), cond('Available', 'False', 'Init', INIT), cond('Progressing', 'True', 'Init', INIT), cond('Degraded', 'False', 'Init', INIT), cond('Upgradeable', 'Unknown', 'Init', INIT)];
    expect(health(HYPERCONVERGED_HEALTH_LUA, hco(c))).toEqual({ status: 'Progressing', message: INIT });
  });

  it('GIVEN reconciled but a component still deploying (Progressing=True) WHEN checked THEN progressing', () => {
    const c = [cond('ReconcileComplete', 'True', 'ReconcileCompleted', DONE), cond('Available', 'False', 'KubeVirtNotAvailable', 'KubeVirt is not available: Deploying'), cond('Progressing', 'True', 'KubeVirtProgressing', 'KubeVirt is progressing'), cond('Degraded', 'False', 'ReconcileCompleted', DONE)];
    expect(health(HYPERCONVERGED_HEALTH_LUA, hco(c))).toEqual({ status: 'Progressing', message: 'KubeVirt is progressing' });
  });

  it('GIVEN every condition done (Available=True, Progressing=False, Degraded=False, Upgradeable=True) WHEN checked THEN healthy', () => {
    const c = [cond('ReconcileComplete', 'True', 'ReconcileCompleted', DONE), cond('Available', 'True', 'ReconcileCompleted', DONE), cond('Progressing', 'False', 'ReconcileCompleted', DONE), cond('Degraded', 'False', 'ReconcileCompleted', DONE), cond('Upgradeable', 'True', 'ReconcileCompleted', DONE)];
    expect(health(HYPERCONVERGED_HEALTH_LUA, hco(c))).toEqual({ status: 'Healthy', message: DONE });
  });

  it('GIVEN a degraded component (Degraded=True reason HCODegraded) WHEN checked THEN degraded, even when Upgradeable=False', () => {
    const c = [cond('ReconcileComplete', 'True', 'ReconcileCompleted', DONE), cond('Available', 'False', 'HCODegraded', 'HCO is not available due to degraded components'), cond('Progressing', 'False', 'ReconcileCompleted', DONE), cond('Degraded', 'True', 'KubeVirtDegraded', 'KubeVirt is degraded: virt-handler is not ready'), cond('Upgradeable', 'False', 'HCODegraded', 'HCO is not Upgradeable due to degraded components')];
    expect(health(HYPERCONVERGED_HEALTH_LUA, hco(c))).toEqual({ status: 'Degraded', message: 'KubeVirt is degraded: virt-handler is not ready' });
  });

  it('GIVEN reconciled and not progressing but not available WHEN checked THEN degraded', () => {
    const c = [cond('ReconcileComplete', 'True', 'ReconcileCompleted', DONE), cond('Available', 'False', 'CDINotAvailable', 'CDI is not available'), cond('Progressing', 'False', 'ReconcileCompleted', DONE), cond('Degraded', 'False', 'ReconcileCompleted', DONE)];
    expect(health(HYPERCONVERGED_HEALTH_LUA, hco(c))).toEqual({ status: 'Degraded', message: 'CDI is not available' });
  });
});

describe('Argo CD annotations', () => {
  it('GIVEN a VM WHEN annotated for wave 2 THEN it carries the wave and SkipDryRunOnMissingResource', () => {
    const out = withArgoAnnotations({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'a' } }, 2);
    expect((out.metadata as any).annotations).toEqual({ [SYNC_OPTIONS]: SKIP_DRY_RUN, [SYNC_WAVE]: '2' });
  });

  it('GIVEN a NAD with a sync option and a wave of its own WHEN annotated THEN its wave is kept and the option added once', () => {
    const nad = { apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'n', annotations: { [SYNC_WAVE]: '5', [SYNC_OPTIONS]: 'Prune=false' } } };
    const once = withArgoAnnotations(nad, 1);
    expect((once.metadata as any).annotations).toEqual({ [SYNC_OPTIONS]: `Prune=false,${SKIP_DRY_RUN}`, [SYNC_WAVE]: '5' });
    expect((withArgoAnnotations(once, 1).metadata as any).annotations[SYNC_OPTIONS]).toBe(`Prune=false,${SKIP_DRY_RUN}`);
    // the input is not changed
    expect(nad.metadata.annotations[SYNC_OPTIONS]).toBe('Prune=false');
  });

  it('GIVEN a DaemonSet (CRD-less core kind) WHEN annotated THEN it gets the wave only', () => {
    const out = withArgoAnnotations({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' } }, 1);
    expect((out.metadata as any).annotations).toEqual({ [SYNC_WAVE]: '1' });
  });

  it.each([['hco.kubevirt.io/v1beta1', 'HyperConverged'], ['kubevirt.io/v1', 'KubeVirt'], ['cdi.kubevirt.io/v1beta1', 'DataVolume'], ['pool.kubevirt.io/v1alpha1', 'VirtualMachinePool']])(
    'GIVEN %s %s WHEN annotated THEN it skips the dry run', (apiVersion, kind) => {
      expect((withArgoAnnotations({ apiVersion, kind, metadata: { name: 'x' } }, 0).metadata as any).annotations[SYNC_OPTIONS]).toBe(SKIP_DRY_RUN);
    });
});

describe('ignoreDifferences presets', () => {
  it('GIVEN VMs that set none of the written fields WHEN preset THEN every pointer is ignored', () => {
    expect(vmIgnoreDifferences([{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', spec: {} }])).toEqual({
      group: 'kubevirt.io', kind: 'VirtualMachine', jsonPointers: [
        '/spec/template/metadata/annotations/kubevirt.io~1pci-topology-version', '/spec/template/spec/architecture',
        '/spec/template/spec/domain/firmware/serial', '/spec/template/spec/domain/firmware/uuid', '/spec/template/spec/domain/machine/type',
      ],
    });
  });

  it('GIVEN a VM that sets its machine type and firmware UUID WHEN preset THEN those two are not ignored', () => {
    const vm = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', spec: { template: { spec: { domain: { machine: { type: 'q35' }, firmware: { uuid: '5d307ca9-b3ef-428c-8861-06e72d69f223' } } } } } };
    expect((vmIgnoreDifferences([vm, { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine' }]) as any).jsonPointers).toEqual([
      '/spec/template/metadata/annotations/kubevirt.io~1pci-topology-version', '/spec/template/spec/architecture', '/spec/template/spec/domain/firmware/serial',
    ]);
  });

  it('GIVEN VMs that set every written field WHEN preset THEN there is no entry', () => {
    const vm = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', spec: { template: { metadata: { annotations: { 'kubevirt.io/pci-topology-version': 'v3' } }, spec: { architecture: 'amd64', domain: { machine: { type: 'q35' }, firmware: { uuid: 'u', serial: 's' } } } } } };
    expect(vmIgnoreDifferences([vm])).toBeUndefined();
  });
});

describe('Argo CD props', () => {
  it('GIVEN no repoURL, a bad prefix and an unknown destination WHEN checked THEN each is named with what is accepted', () => {
    const problems = argoCdProblems({ pathPrefix: '../up', destinations: { nope: 'x' } } as any, ['lab']);
    expect(problems).toEqual([
      'NetbindApp props.gitOps.argoCd.repoURL: the Argo CD ApplicationSet needs the URL of the Git repository the output is committed to; got nothing',
      'NetbindApp props.gitOps.argoCd.pathPrefix: expected the output folder\'s path in the repository, such as "clusters" or "deploy/kubevirt" ("." for the root; no "..", no leading "/"); got "../up"',
      'NetbindApp props.gitOps.argoCd.destinations.nope: no KubeVirtCluster is named "nope"; the clusters are "lab"',
    ]);
  });

  it('GIVEN destinationBy server and a cluster without its URL WHEN checked THEN that cluster is named', () => {
    expect(argoCdProblems({ repoURL: 'https://git.example.com/r.git', pathPrefix: '.', destinationBy: 'server', destinations: { a: 'https://a:6443' } }, ['a', 'b']))
      .toEqual(['NetbindApp props.gitOps.argoCd.destinations.b: with destinationBy "server" every cluster needs its API server URL (such as "https://kubernetes.default.svc" for the cluster Argo CD runs in)']);
  });
});
