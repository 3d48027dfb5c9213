/**
 * KubeVirt under the HyperConverged Cluster Operator, HCO API v1beta1 (registrations at `spec.networkBinding` of the
 * HyperConverged CR, which HCO copies into the KubeVirt CR it owns), delivered by Argo CD.
 *
 * Cluster `ocp` on KubeVirt 1.5: the managedTap binding ("zero code" plugin: no sidecar) on a Linux bridge network,
 * its NAD in `vms`, and a VM with the pod network and the bridge. Output in dist/: ocp/{cluster-config,networks,
 * workloads}/ and argocd/.
 *
 * Run from this folder: node ../../bin/kubevirt-netbind.js synth main.ts
 */
import { Chart } from 'cdk8s';
import {
  BindingPlugins, ClusterTarget, CniConfig, CoreBinding, KubeVirtCluster, KubeVirtNetworking, NetbindApp,
  NetworkAttachmentDefinition, VirtualMachine, VmDisk, VmNetwork, runSynth,
} from '../../src';

/** Where this output is committed: a placeholder repository, change it to yours. */
const REPO = 'https://git.example.com/platform/kubevirt-gitops.git';

export function buildApp(outdir?: string): NetbindApp {
  const app = new NetbindApp({
    ...(outdir ? { outdir } : {}),
    gitOps: {
      argoCd: { repoURL: REPO, targetRevision: 'main', pathPrefix: 'examples/hco-v1beta1/dist', automated: true },
    },
  });
  const ocp = new KubeVirtCluster(app, 'ocp', { version: '1.5', target: ClusterTarget.HCO_V1BETA1 });
  const hco = new KubeVirtNetworking(new Chart(ocp, 'hco'), 'hco');
  const managedTap = BindingPlugins.managedTap(hco, { migratable: true });

  const net = new Chart(ocp, 'networks', { namespace: 'vms' });
  const bridge = new NetworkAttachmentDefinition(net, 'br1', {
    name: 'br1',
    namespace: 'vms',
    cni: CniConfig.plugin('0.3.1', { type: 'bridge', bridge: 'br1' }),
  });

  const vms = new Chart(ocp, 'vms', { namespace: 'vms' });
  new VirtualMachine(vms, 'db', {
    name: 'db',
    runStrategy: 'Always',
    memory: '2Gi',
    interfaces: [
      { name: 'default', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod() },
      { name: 'storage', binding: managedTap, network: VmNetwork.multus(bridge) },
    ],
    disks: [VmDisk.containerDisk({ name: 'rootdisk', image: 'quay.io/containerdisks/fedora:41' })],
  });
  return app;
}

if (require.main === module) {
  process.exitCode = runSynth(() => buildApp());
}
