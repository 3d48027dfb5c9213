/**
 * KubeVirt under the HyperConverged Cluster Operator, HCO API v1 (registrations at
 * `spec.networking.networkBinding`), delivered by Flux.
 *
 * Cluster `edge` on KubeVirt 1.7: the passt binding plugin with its NAD in `default` (KubeVirt's documented place),
 * and a VM using it. A README of the cluster's configuration is added to its layer with `Layer.addFile()` (not
 * listed in the kustomization). Output in dist/: edge/{cluster-config,networks,workloads}/ and flux/edge/.
 *
 * Run from this folder: node ../../bin/kubevirt-netbind.js synth main.ts
 */
import { Chart } from 'cdk8s';
import {
  BindingCni, BindingPlugins, ClusterTarget, KubeVirtCluster, KubeVirtNetworking, Layer, NetbindApp,
  NetworkAttachmentDefinition, VirtualMachine, VmDisk, VmNetwork, runSynth,
} from '../../src';

export function buildApp(outdir?: string): NetbindApp {
  const app = new NetbindApp({
    ...(outdir ? { outdir } : {}),
    gitOps: {
      flux: { sourceRef: { name: 'platform' }, pathPrefix: 'examples/hco-v1/dist', interval: '5m' },
    },
  });
  const edge = new KubeVirtCluster(app, 'edge', { version: '1.7', target: ClusterTarget.HCO_V1 });
  const hco = new KubeVirtNetworking(new Chart(edge, 'hco'), 'hco');
  Layer.addFile(edge, Layer.CLUSTER_CONFIGURATION, 'README.md',
    '# edge: cluster configuration\n\nThe HyperConverged CR. HCO owns the KubeVirt CR: change bindings here, not there.\n',
    { kustomization: 'none' });

  const net = new Chart(edge, 'networks', { namespace: 'default' });
  const nad = new NetworkAttachmentDefinition(net, 'passt', { name: 'netbindingpasst', namespace: 'default', cni: BindingCni.passt() });
  const passt = BindingPlugins.passt(hco, {
    sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.7.0',
    networkAttachmentDefinition: nad,
  });

  const vms = new Chart(edge, 'vms', { namespace: 'default' });
  new VirtualMachine(vms, 'sensor', {
    name: 'sensor',
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
