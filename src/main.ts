/**
 * The example app: the two setups of KubeVirt's network binding plugin documents, as one GitOps tree.
 *
 * - seed 000, the slirp binding plugin page (KubeVirt v1.1.0): registration `slirp` and its VM;
 * - seed 001, the network binding plugin framework page (KubeVirt v1.4.0): NAD `netbindingpasst` in `default`,
 *   registration `passt` with that NAD, link-refresh migration and 500Mi memory overhead, and its VM.
 *
 * One cluster, `lab`, on KubeVirt 1.4 (the framework page's release; it still needs the NetworkBindingPlugins gate
 * and has every field the passt registration uses). Output, one file per chart (one cluster, so no cluster folder):
 *   dist/cluster.k8s.yaml       the KubeVirt CR (gate and both registrations)
 *   dist/slirp.k8s.yaml         the slirp VM
 *   dist/passt.k8s.yaml         the passt NAD and VM
 *   dist/bindings.md            the cluster's bindings, NADs and VMs as a Mermaid diagram and tables
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  BindingCni, BindingMigration, KubeVirtCluster, KubeVirtNetworking, KubeVirtVersion, NetbindApp,
  NetworkAttachmentDefinition, NetworkBinding, VirtualMachine, VmDisk, VmNetwork, runSynth,
} from './index';

/** The guest image and network data both documents use. */
const CONTAINER_DISK = 'quay.io/kubevirt/fedora-with-test-tooling-container-disk:v1.1.0';
const NETWORK_DATA = 'version: 2\nethernets:\n  eth0:\n    dhcp4: true\n';

/** The documents' VM: 1024M, a container disk, a cloud-init disk, an RNG, one binding interface on the pod network. */
function documentVm(scope: Construct, id: string, props: { name: string; iface: string; binding: NetworkBinding }) {
  const labels = { 'kubevirt.io/vm': props.name };
  return new VirtualMachine(scope, id, {
    name: props.name,
    labels,
    runStrategy: 'Always',
    memory: '1024M',
    interfaces: [{ name: props.iface, binding: props.binding, network: VmNetwork.pod() }],
    disks: [
      VmDisk.containerDisk({ name: 'containerdisk', image: CONTAINER_DISK }),
      VmDisk.cloudInitNoCloud({ name: 'cloudinitdisk', networkData: NETWORK_DATA }),
    ],
    rng: true,
    terminationGracePeriodSeconds: 0,
  });
}

export function buildApp(outdir?: string): NetbindApp {
  // bindings.md beside the manifests: the cluster's bindings as a diagram, so a pull request shows the picture change
  const app = new NetbindApp({ ...(outdir ? { outdir } : {}), diagramFile: 'bindings.md' });

  const lab = new KubeVirtCluster(app, 'lab', { version: KubeVirtVersion.V1_4 });
  const cluster = new KubeVirtNetworking(new Chart(lab, 'cluster'), 'kubevirt');

  // seed 000: slirp
  const slirp = cluster.addBinding('slirp', { sidecarImage: 'quay.io/kubevirt/network-slirp-binding:v1.1.0' });
  const slirpChart = new Chart(lab, 'slirp', { namespace: 'default' });
  // The document names this VM vm-net-binding-passt (a copy of the passt page); its labels say slirp, and two VMs
  // of one name in one namespace would overwrite each other, so it is named after its labels.
  documentVm(slirpChart, 'vm', { name: 'vm-net-binding-slirp', iface: 'slirpnet', binding: slirp });

  // seed 001: passt
  const passtChart = new Chart(lab, 'passt', { namespace: 'default' });
  const passtNad = new NetworkAttachmentDefinition(passtChart, 'nad', {
    name: 'netbindingpasst',
    namespace: 'default',
    cni: BindingCni.passt(),
  });
  const passt = cluster.addBinding('passt', {
    networkAttachmentDefinition: passtNad,
    sidecarImage: 'quay.io/kubevirt/network-passt-binding:20231205_29a16d5c9',
    migration: BindingMigration.linkRefresh(),
    memoryOverhead: '500Mi',
  });
  documentVm(passtChart, 'vm', { name: 'vm-net-binding-passt', iface: 'passtnet', binding: passt });

  return app;
}

if (require.main === module) {
  process.exitCode = runSynth(() => buildApp());
}

export { runSynth };
