/**
 * One app, several clusters: each with its own KubeVirt release, target and plugins, validated on its own, written
 * to its own folder, and deployed by one Argo CD ApplicationSet (a list generator over the cluster folders) and by
 * Flux Kustomizations per cluster.
 *
 * - `dev`: plain KubeVirt 1.4, the slirp plugin;
 * - `staging`: HCO v1beta1 on KubeVirt 1.6, passt with its NAD in the VM's namespace;
 * - `prod`: HCO v1 on KubeVirt 1.7, passt and a macvtap network.
 *
 * The same VM (a web server) runs in every cluster, with the binding its cluster registers. Output in dist/:
 * dev/, staging/, prod/ (each in layers), argocd/, flux/<cluster>/.
 *
 * Run from this folder: node ../../bin/kubevirt-netbind.js synth main.ts
 */
import { Chart } from 'cdk8s';
import {
  BindingCni, BindingPlugins, ClusterTarget, CoreBinding, INetworkBinding, KubeVirtCluster, KubeVirtNetworking,
  KubeVirtVersion, NetbindApp, NetworkAttachmentDefinition, VirtualMachine, VmDisk, VmInterface, VmNetwork, runSynth,
} from '../../src';

/** Where this output is committed: a placeholder repository, change it to yours. */
const REPO = 'https://git.example.com/platform/kubevirt-fleet.git';
const PREFIX = 'examples/fleet/dist';

/** The web VM of every cluster: its pod network through `binding`, and any further interfaces. */
function webVm(cluster: KubeVirtCluster, binding: INetworkBinding | CoreBinding, more: VmInterface[] = []): void {
  const chart = new Chart(cluster, 'web', { namespace: 'web' });
  new VirtualMachine(chart, 'web', {
    name: 'web',
    runStrategy: 'Always',
    memory: '1Gi',
    interfaces: [{ name: 'default', binding, network: VmNetwork.pod() }, ...more],
    disks: [VmDisk.containerDisk({ name: 'rootdisk', image: 'quay.io/containerdisks/fedora:41' })],
  });
}

/** A passt NAD in the VMs' namespace, in a chart of its own. */
function passtNad(cluster: KubeVirtCluster): NetworkAttachmentDefinition {
  const chart = new Chart(cluster, 'networks', { namespace: 'web' });
  return new NetworkAttachmentDefinition(chart, 'passt', { name: 'netbindingpasst', namespace: 'web', cni: BindingCni.passt() });
}

export function buildApp(outdir?: string): NetbindApp {
  const app = new NetbindApp({
    ...(outdir ? { outdir } : {}),
    gitOps: {
      argoCd: {
        repoURL: REPO,
        targetRevision: 'main',
        pathPrefix: PREFIX,
        name: 'kubevirt-fleet',
        // the names the clusters are registered under in Argo CD
        destinations: { dev: 'dev-cluster', staging: 'staging-cluster', prod: 'prod-cluster' },
      },
      flux: { sourceRef: { name: 'fleet' }, pathPrefix: PREFIX },
    },
  });

  const dev = new KubeVirtCluster(app, 'dev', { version: KubeVirtVersion.V1_4 });
  const devKv = new KubeVirtNetworking(new Chart(dev, 'kubevirt'), 'kubevirt');
  webVm(dev, BindingPlugins.slirp(devKv, { sidecarImage: 'quay.io/kubevirt/network-slirp-binding:v1.1.0' }));

  const staging = new KubeVirtCluster(app, 'staging', { version: '1.6', target: ClusterTarget.HCO_V1BETA1 });
  const stagingHco = new KubeVirtNetworking(new Chart(staging, 'hco'), 'hco');
  webVm(staging, BindingPlugins.passt(stagingHco, {
    sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.6.0',
    networkAttachmentDefinition: passtNad(staging),
  }));

  const prod = new KubeVirtCluster(app, 'prod', { version: '1.7', target: ClusterTarget.HCO_V1, strict: true });
  const prodHco = new KubeVirtNetworking(new Chart(prod, 'hco'), 'hco');
  const passt = BindingPlugins.passt(prodHco, {
    sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.7.0',
    networkAttachmentDefinition: passtNad(prod),
  });
  const macvtap = BindingPlugins.macvtap(prodHco);
  const lanChart = new Chart(prod, 'lan', { namespace: 'web' });
  const lan = new NetworkAttachmentDefinition(lanChart, 'lan', {
    name: 'lan',
    namespace: 'web',
    cni: BindingCni.macvtap(),
    annotations: { 'k8s.v1.cni.cncf.io/resourceName': 'macvtap.network.kubevirt.io/eth1' },
  });
  webVm(prod, passt, [{ name: 'lan', binding: macvtap, network: VmNetwork.multus(lan) }]);
  return app;
}

if (require.main === module) {
  process.exitCode = runSynth(() => buildApp());
}
