/**
 * A plain KubeVirt install (the full KubeVirt CR), delivered by Argo CD and Flux in the GitOps layout.
 *
 * Cluster `lab` on KubeVirt 1.6: the passt binding plugin (its NAD in `vms`, the namespace of the VM) and a VM that
 * uses it on the pod network. Output in dist/: lab/{cluster-config,networks,workloads}/, argocd/, flux/lab/.
 *
 * Run from this folder: node ../../bin/kubevirt-netbind.js synth main.ts
 */
import { Chart } from 'cdk8s';
import {
  BindingCni, BindingPlugins, ClusterTarget, KubeVirtCluster, KubeVirtNetworking, NetbindApp, NetworkAttachmentDefinition,
  VirtualMachine, VmDisk, VmNetwork, runSynth,
} from '../../src';

/** Where this output is committed: a placeholder repository, change it to yours. */
const REPO = 'https://git.example.com/platform/kubevirt-gitops.git';

export function buildApp(outdir?: string): NetbindApp {
  const app = new NetbindApp({
    ...(outdir ? { outdir } : {}),
    gitOps: {
      argoCd: { repoURL: REPO, targetRevision: 'main', pathPrefix: 'examples/kubevirt/dist', destinationBy: 'server', destinations: { lab: 'https://kubernetes.default.svc' } },
      flux: { sourceRef: { name: 'flux-system' }, pathPrefix: 'examples/kubevirt/dist' },
    },
  });
  const lab = new KubeVirtCluster(app, 'lab', { version: '1.6', target: ClusterTarget.KUBEVIRT });
  const kubevirt = new KubeVirtNetworking(new Chart(lab, 'kubevirt'), 'kubevirt');

  const net = new Chart(lab, 'networks', { namespace: 'vms' });
  const nad = new NetworkAttachmentDefinition(net, 'passt', { name: 'netbindingpasst', namespace: 'vms', cni: BindingCni.passt() });
  const passt = BindingPlugins.passt(kubevirt, {
    sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.6.0',
    networkAttachmentDefinition: nad,
  });

  const vms = new Chart(lab, 'vms', { namespace: 'vms' });
  new VirtualMachine(vms, 'web', {
    name: 'web',
    runStrategy: 'Always',
    memory: '1Gi',
    interfaces: [{ name: 'default', binding: passt, network: VmNetwork.pod() }],
    disks: [VmDisk.containerDisk({ name: 'rootdisk', image: 'quay.io/containerdisks/fedora:41' })],
  });
  return app;
}

if (require.main === module) {
  process.exitCode = runSynth(() => buildApp());
}
