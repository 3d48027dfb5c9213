/**
 * The error catalogue: realistic bad configurations, as props or as manifests, with the full messages they must
 * produce. The messages are written out here by hand after review; test/catalogue/catalogue.test.ts checks that
 * each case produces exactly these messages, and that docs/errors.md (rendered from this file by
 * `npm run docs`) is up to date.
 */
import { Chart } from 'cdk8s';
import {
  BindingCni, BindingMigration, BindingPlugins, ClusterTarget, CniConfig, CniInstaller, CoreBinding, DomainAttachmentType, KubeVirtCluster,
  KubeVirtNetworking, NetbindApp, NetbindAppProps, NetworkAttachmentDefinition, NetworkBinding, PluginKits, VirtualMachine, VmDisk, VmNetwork,
} from '../../src';
import type { ArgoCdProps, CniInstallerProps } from '../../src';

/** One bad configuration. */
export interface CatalogueCase {
  /** What is wrong, in a few words. */
  readonly title: string;
  /** The configuration as the user writes it, in one line (props) or the manifest's YAML (lint). */
  readonly config: string;
  /** For props: builds the app (the runner synthesizes it). */
  readonly build?: (app: NetbindApp) => void;
  /** For props: the app's props (the runner sets the output folder). */
  readonly app?: NetbindAppProps;
  /** For manifests: the KubeVirt release and strictness of `kubevirt-netbind lint`. */
  readonly lint?: { readonly version?: string; readonly strict?: boolean };
  /**
   * The messages, in order. Props: each problem of the `SynthError` (`[construct path] ...`), then each warning as
   * `warning: ...`. Manifests: each finding as `<severity> <rule>: <Kind ns/name> <path>: <message>`.
   */
  readonly expected: readonly string[];
  /** What to change. */
  readonly fix: string;
}

const PASST_IMAGE = 'quay.io/kubevirt/network-passt-binding:20231205_29a16d5c9';
const SLIRP_IMAGE = 'quay.io/kubevirt/network-slirp-binding:v1.1.0';
const FEDORA = 'quay.io/containerdisks/fedora:40';

/** A cluster with a configuration chart and a workloads chart in `vms`. */
function cluster(app: NetbindApp, props: ConstructorParameters<typeof KubeVirtCluster>[2] = { version: '1.4' }) {
  const c = new KubeVirtCluster(app, 'prod', props);
  const config = new KubeVirtNetworking(new Chart(c, 'config'), 'kubevirt');
  const workloads = new Chart(c, 'workloads', { namespace: 'vms' });
  return { cluster: c, config, workloads };
}

const root = () => VmDisk.containerDisk({ name: 'root', image: FEDORA });
const masquerade = () => ({ name: 'default', binding: CoreBinding.MASQUERADE, network: VmNetwork.pod() });

export const CASES: readonly CatalogueCase[] = [
  // ---- props, at synth ----
  {
    title: 'a VM uses a binding no one registers',
    config: "cluster registers slirp; VM interface binding: NetworkBinding.fromName('passt')",
    build(app) {
      const { config, workloads } = cluster(app);
      BindingPlugins.slirp(config, { sidecarImage: SLIRP_IMAGE });
      new VirtualMachine(workloads, 'web', { memory: '1Gi', interfaces: [{ name: 'net', binding: NetworkBinding.fromName('passt'), network: VmNetwork.pod() }], disks: [root()] });
    },
    expected: [
      "[prod/workloads/web] interfaces[0].binding (spec.template.spec.domain.devices.interfaces[0].binding.name): binding \"passt\" is not registered in the cluster configuration (registered: slirp); register it under spec.configuration.network.binding (kubevirt: unable to find the network binding plugin 'passt' in Kubevirt configuration) (binding-registered; VirtualMachine vms/web)",
    ],
    fix: 'register the binding with addBinding() in the cluster\'s KubeVirtNetworking and pass the returned binding to the interface',
  },
  {
    title: 'a registration field the release lacks',
    config: "KubeVirtCluster { version: '1.2' }; addBinding('passt', { memoryOverhead: '500Mi' })",
    build(app) {
      const { config } = cluster(app, { version: '1.2' });
      config.addBinding('passt', { sidecarImage: PASST_IMAGE, memoryOverhead: '500Mi' });
    },
    expected: [
      "[prod/config/kubevirt] addBinding(\"passt\").memoryOverhead (spec.configuration.network.binding.passt.computeResourceOverhead): registration \"passt\" field computeResourceOverhead is not in kubevirt 1.2; it is first in kubevirt 1.3 (registration-field; KubeVirt kubevirt/kubevirt)",
    ],
    fix: 'raise the cluster\'s version to the release that has the field, or drop the option',
  },
  {
    title: 'managedTap before KubeVirt 1.4',
    config: "KubeVirtCluster { version: '1.3' }; addBinding('bridge', { domainAttachmentType: DomainAttachmentType.MANAGED_TAP })",
    build(app) {
      const { config } = cluster(app, { version: '1.3' });
      config.addBinding('bridge', { domainAttachmentType: DomainAttachmentType.MANAGED_TAP });
    },
    expected: [
      // kubevirt 1.3 stores the value and ignores it: a warning, the synth goes on
      "warning: [prod/config/kubevirt] addBinding(\"bridge\").domainAttachmentType (spec.configuration.network.binding.bridge.domainAttachmentType): registration \"bridge\" domainAttachmentType \"managedTap\" is not in kubevirt 1.3, which ignores it (it attaches no interface for this binding to the domain); it is first in kubevirt 1.4 (registration-value; KubeVirt kubevirt/kubevirt)",
    ],
    fix: 'use KubeVirt 1.4 or later, or DomainAttachmentType.TAP with a sidecar image',
  },
  {
    title: 'a migration setting before KubeVirt 1.2',
    config: "KubeVirtCluster { version: '1.1' }; addBinding('slirp', { sidecarImage, migration: BindingMigration.migratable() })",
    build(app) {
      const { config } = cluster(app, { version: '1.1' });
      config.addBinding('slirp', { sidecarImage: SLIRP_IMAGE, migration: BindingMigration.migratable() });
    },
    expected: [
      "[prod/config/kubevirt] addBinding(\"slirp\").migration (spec.configuration.network.binding.slirp.migration): registration \"slirp\" field migration is not in kubevirt 1.1; it is first in kubevirt 1.2 (registration-field; KubeVirt kubevirt/kubevirt)",
    ],
    fix: 'drop migration on KubeVirt 1.1, or upgrade to 1.2',
  },
  {
    title: 'a list of disabled gates before KubeVirt 1.8',
    config: "KubeVirtCluster { version: '1.4' }; KubeVirtNetworking { disabledFeatureGates: ['NetworkBindingPlugins'] }; addBinding('passt', ...)",
    build(app) {
      const c = new KubeVirtCluster(app, 'prod', { version: '1.4' });
      new KubeVirtNetworking(new Chart(c, 'config'), 'kubevirt', { disabledFeatureGates: ['NetworkBindingPlugins'] })
        .addBinding('passt', { sidecarImage: PASST_IMAGE });
    },
    expected: [
      "[prod/config/kubevirt] disabledFeatureGates (spec.configuration.developerConfiguration.disabledFeatureGates): disabledFeatureGates is not in kubevirt 1.4; it is first in kubevirt 1.8 (feature-gate-conflict; KubeVirt kubevirt/kubevirt)",
    ],
    fix: 'drop disabledFeatureGates before 1.8 (leave the gate out of featureGates instead); the library lists NetworkBindingPlugins itself where the release needs it',
  },
  {
    title: 'two interfaces of one name',
    config: "VirtualMachine { interfaces: [{ name: 'default', ... }, { name: 'default', ... }] }",
    build(app) {
      const { workloads } = cluster(app);
      new VirtualMachine(workloads, 'web', { memory: '1Gi', interfaces: [masquerade(), masquerade()], disks: [root()] });
    },
    expected: [
      "[prod/workloads/web] interfaces[1].name (spec.template.spec.domain.devices.interfaces[1].name): interface name \"default\" is already used by spec.template.spec.domain.devices.interfaces[0]; each network takes exactly one interface (kubevirt: Only one interface can be connected to one specific network) (interface-name-unique; VirtualMachine vms/web)",
      "[prod/workloads/web] interfaces[1].network (spec.template.spec.networks[1].name): network name \"default\" is already used by spec.template.spec.networks[0]; give every network a unique name (kubevirt: Network with name \"default\" already exists, every network must have a unique name) (network-name-unique; VirtualMachine vms/web)",
      "[prod/workloads/web] interfaces[1].network (spec.template.spec.networks[1].pod): network \"default\" is a second pod network; only one network may use pod: {} (the first is spec.template.spec.networks[0]); use multus for the others (kubevirt: more than one interface is connected to a pod network in spec.template.spec.interfaces) (single-pod-network; VirtualMachine vms/web)",
    ],
    fix: 'give each interface its own name',
  },
  {
    title: 'a port out of range',
    config: "VirtualMachine { interfaces: [{ name: 'default', binding: CoreBinding.MASQUERADE, ports: [{ port: 70000 }] }] }",
    build(app) {
      const { workloads } = cluster(app);
      new VirtualMachine(workloads, 'web', { memory: '1Gi', interfaces: [{ ...masquerade(), ports: [{ port: 70000 }] }], disks: [root()] });
    },
    expected: [
      "[prod/workloads/web] interfaces[0].ports[0].port (spec.template.spec.domain.devices.interfaces[0].ports[0].port): interface \"default\" port 70000 is out of range; use 1 to 65535 (kubevirt: Port field must be in range 0 < x < 65536.) (port-number; VirtualMachine vms/web)",
    ],
    fix: 'use a port from 1 to 65535',
  },
  {
    title: 'a password in cloud-init user data',
    config: "VmDisk.cloudInitNoCloud({ name: 'cloudinit', userData: '#cloud-config\\npassword: fedora123\\nchpasswd: { expire: False }' })",
    build(app) {
      const { workloads } = cluster(app);
      new VirtualMachine(workloads, 'web', {
        memory: '1Gi', interfaces: [masquerade()],
        disks: [root(), VmDisk.cloudInitNoCloud({ name: 'cloudinit', userData: '#cloud-config\npassword: fedora123\nchpasswd: { expire: False }\n' })],
      });
    },
    expected: [
      "[prod/workloads/web] disks[1].userData (VmDisk.cloudInitNoCloud) (spec.template.spec.volumes[1].cloudInitNoCloud.userData): volume \"cloudinit\" cloudInitNoCloud.userData holds in clear text a password at line 2 (password: ***) of the user data, readable by anyone who can read the VirtualMachine or its manifest in git; move the user data to a Secret under the key userdata and reference it with secretRef: {name: <secret>} (userDataSecretRef of VmDisk.cloudInitNoCloud()) (cloud-init-inline-secret; VirtualMachine vms/web)",
    ],
    fix: "put the user data in a Secret (key userdata) and use VmDisk.cloudInitNoCloud({ name, userDataSecretRef: 'web-userdata' })",
  },
  {
    title: 'two clusters of one name',
    config: "new KubeVirtCluster(app, 'a', { name: 'prod' }); new KubeVirtCluster(app, 'b', { name: 'prod' })",
    build(app) {
      new KubeVirtCluster(app, 'a', { name: 'prod', version: '1.4' });
      new KubeVirtCluster(app, 'b', { name: 'prod', version: '1.5' });
    },
    expected: [
      "[app] clusters a and b are both named \"prod\"; each cluster needs a name of its own (its output folder): set KubeVirtCluster's name",
    ],
    fix: 'give each cluster its own name: it is its output folder',
  },
  {
    title: 'a VM under no cluster, checked at the app\'s release',
    config: "NetbindApp { kubeVirtVersion: '1.2' }; a chart under the app; VM interface { binding: CoreBinding.PASST }",
    app: { kubeVirtVersion: '1.2' },
    build(app) {
      new VirtualMachine(new Chart(app, 'workloads', { namespace: 'vms' }), 'web', {
        memory: '1Gi', interfaces: [{ name: 'default', binding: CoreBinding.PASST, network: VmNetwork.pod() }], disks: [root()],
      });
    },
    expected: [
      "[workloads/web] interfaces[0].binding (CoreBinding.PASST) (spec.template.spec.domain.devices.interfaces[0].passtBinding): spec.template.spec.domain.devices.interfaces[0].passtBinding is not in kubevirt 1.2; it is first in kubevirt 1.8 (field-version; VirtualMachine vms/web)",
    ],
    fix: 'put the VM under a KubeVirtCluster of the release it runs on, or set NetbindApp\'s kubeVirtVersion to it',
  },
  {
    title: 'props of the wrong types and a misspelt key',
    config: "VirtualMachine { memory: 1024, memroy: '1Gi', interfaces: [{ name: 'default', binding: 'masquerade', network: VmNetwork.pod() }] }",
    build(app) {
      const { workloads } = cluster(app);
      new VirtualMachine(workloads, 'web', { memory: 1024, memroy: '1Gi', interfaces: [{ name: 'default', binding: 'masquerade', network: VmNetwork.pod() }] } as never);
    },
    expected: [
      "[prod/workloads/web] props: unknown key \"memroy\"; accepted: name, namespace, metadata, labels, annotations, templateLabels, templateAnnotations, runStrategy, memory, resources, cpuCores, cpu, instancetype, preference, interfaces, disks, dataVolumeTemplates, resourceClaims, nodeSelector, affinity, tolerations, evictionStrategy, rng, terminationGracePeriodSeconds, specOverrides",
      "[prod/workloads/web] props.memory: expected a string; got 1024",
      "[prod/workloads/web] props.interfaces[0].binding: expected a CoreBinding or a binding with a string name, such as KubeVirtNetworking.addBinding() returns; got \"masquerade\"",
    ],
    fix: "memory is text such as '1Gi'; bindings are CoreBinding.MASQUERADE or what addBinding() returns",
  },
  {
    title: 'a version the library does not know',
    config: "KubeVirtCluster { version: '2.0' }",
    build(app) {
      cluster(app, { version: '2.0' });
    },
    expected: [
      "[prod] props.version: expected a kubevirt version from 1.1 to 1.9, such as \"1.4\" or \"1.1.1\"; got \"2.0\"",
    ],
    fix: 'use a release from 1.1 to 1.9',
  },
  {
    title: 'a cluster name that is not a DNS label',
    config: "new KubeVirtCluster(app, 'Prod_EU')",
    build(app) {
      new KubeVirtCluster(app, 'Prod_EU', { version: '1.4' });
    },
    expected: [
      "[Prod_EU] props.name: a cluster name is a folder name and must be a lowercase dns label (a-z, 0-9, -; at most 63 characters); got \"Prod_EU\" (the construct id)",
    ],
    fix: "name it with lowercase letters, digits and '-': { name: 'prod-eu' }",
  },
  {
    title: 'one binding name registered twice',
    config: "config.addBinding('passt', ...); config.addBinding('passt', ...)",
    build(app) {
      const { config } = cluster(app);
      config.addBinding('passt', { sidecarImage: PASST_IMAGE });
      config.addBinding('passt', { sidecarImage: PASST_IMAGE });
    },
    expected: [
      "[prod/config/kubevirt] addBinding(\"passt\"): a binding named \"passt\" is already registered here; each name can be registered once",
    ],
    fix: 'register each name once and reuse the returned binding',
  },
  {
    title: 'two network configurations in one cluster',
    config: "new KubeVirtNetworking(new Chart(prod, 'config'), 'kubevirt'); new KubeVirtNetworking(new Chart(prod, 'more'), 'kubevirt')",
    build(app) {
      const { cluster: c } = cluster(app);
      new KubeVirtNetworking(new Chart(c, 'more'), 'kubevirt');
    },
    expected: [
      "[prod] cluster prod has 2 cluster configurations (prod/config/kubevirt, prod/more/kubevirt); a cluster has one KubeVirt or HyperConverged CR, so keep one, or put each under a KubeVirtCluster of its own",
      "[prod/more/kubevirt] name (metadata.name): object KubeVirt kubevirt/kubevirt is defined twice (object #1 and #2); rename one or remove it (duplicate-object; KubeVirt kubevirt/kubevirt)",
    ],
    fix: 'keep one KubeVirtNetworking per cluster and register every binding there',
  },
  {
    title: 'a NAD of another cluster',
    config: "addBinding('passt', { networkAttachmentDefinition: nadOfClusterEdge }) in cluster prod",
    build(app) {
      const { config } = cluster(app);
      const edge = new KubeVirtCluster(app, 'edge', { version: '1.4' });
      const nad = new NetworkAttachmentDefinition(new Chart(edge, 'nets', { namespace: 'default' }), 'netbindingpasst', { cni: BindingCni.passt() });
      config.addBinding('passt', { sidecarImage: PASST_IMAGE, networkAttachmentDefinition: nad });
    },
    expected: [
      "[prod/config/kubevirt] addBinding(\"passt\").networkAttachmentDefinition: the nad edge/nets/netbindingpasst belongs to cluster edge, this configuration to cluster prod; create the nad under this cluster, or refer to one created elsewhere with NetworkAttachmentDefinition.fromName()",
    ],
    fix: 'create the NAD under the same cluster, or name it with NetworkAttachmentDefinition.fromName()',
  },
  {
    title: 'bindings written into spec instead of addBinding()',
    config: "KubeVirtNetworking { spec: { configuration: { network: { binding: { passt: {...} } } } } }",
    build(app) {
      const c = new KubeVirtCluster(app, 'prod', { version: '1.4' });
      new KubeVirtNetworking(new Chart(c, 'config'), 'kubevirt', { spec: { configuration: { network: { binding: { passt: { sidecarImage: PASST_IMAGE } } } } } });
    },
    expected: [
      "[prod/config/kubevirt] props.spec: bindings in spec are not accepted; register each binding with addBinding() so vms can reference it",
    ],
    fix: 'register each binding with addBinding()',
  },
  {
    title: 'an unpinned sidecar image in a strict cluster',
    config: "KubeVirtCluster { strict: true }; addBinding('slirp', { sidecarImage: 'quay.io/kubevirt/network-slirp-binding:latest' })",
    build(app) {
      const { config } = cluster(app, { version: '1.4', strict: true });
      config.addBinding('slirp', { sidecarImage: 'quay.io/kubevirt/network-slirp-binding:latest' });
    },
    expected: [
      "[prod/config/kubevirt] addBinding(\"slirp\").sidecarImage (spec.configuration.network.binding.slirp.sidecarImage): registration \"slirp\" sidecarImage \"quay.io/kubevirt/network-slirp-binding:latest\" is not pinned: the tag latest moves, so nodes may run different builds; use a fixed tag or a digest (@sha256:...) (sidecar-image-pinned; KubeVirt kubevirt/kubevirt)",
    ],
    fix: 'pin the image by a version tag or digest',
  },
  {
    title: 'a gate list on an HCO cluster',
    config: "KubeVirtCluster { target: ClusterTarget.HCO_V1BETA1 }; KubeVirtNetworking { featureGates: ['Sidecar'] }",
    build(app) {
      const c = new KubeVirtCluster(app, 'prod', { version: '1.4', target: ClusterTarget.HCO_V1BETA1 });
      new KubeVirtNetworking(new Chart(c, 'config'), 'hco', { featureGates: ['Sidecar'] });
    },
    expected: [
      "[prod/config/hco] props.featureGates: featureGates and disabledFeatureGates belong to a KubeVirt CR; the cluster's target is hco-v1beta1, and hco manages kubevirt's gates itself (it enables NetworkBindingPlugins)",
    ],
    fix: 'set HCO feature gates through the HyperConverged spec (spec: { featureGates: {...} })',
  },
  {
    title: 'a plugin kit on a release that lacks the plugin',
    config: "KubeVirtCluster version '1.3'; PluginKits.managedTap(chart, { networking })",
    build(app) {
      const { cluster: c, config, workloads } = cluster(app, { version: '1.3' });
      const tap = PluginKits.managedTap(new Chart(c, 'net', { namespace: 'vms' }), { networking: config });
      new VirtualMachine(workloads, 'web', { memory: '1Gi', interfaces: [tap.interface('net')], disks: [root()] });
    },
    expected: [
      "[prod/net/managed-tap] the managed-tap plugin needs kubevirt 1.4 or newer: kubevirt 1.3.0 has no domainAttachmentType managedTap (first in v1.4.0, kubevirt types.go const ManagedTap); set the cluster's version to 1.4 or newer, or use the macvtap kit (tap) on a multus network",
      "warning: [prod/config/kubevirt] addBinding(\"managed-tap\").domainAttachmentType (spec.configuration.network.binding.managed-tap.domainAttachmentType): registration \"managed-tap\" domainAttachmentType \"managedTap\" is not in kubevirt 1.3, which ignores it (it attaches no interface for this binding to the domain); it is first in kubevirt 1.4 (registration-value; KubeVirt kubevirt/kubevirt)",
    ],
    fix: 'move the cluster to KubeVirt 1.4 or newer, or use a plugin the release has (macvtap on a multus network)',
  },
  {
    title: 'a node-side CNI installer without its image',
    config: "new CniInstaller(chart, 'passt-cni', { binaryPath: '/usr/bin/kubevirt-passt-binding' })",
    build(app) {
      const { cluster: c } = cluster(app, { version: '1.6' });
      new CniInstaller(new Chart(c, 'nodes', { namespace: 'kubevirt' }), 'passt-cni', { binaryPath: '/usr/bin/kubevirt-passt-binding' } as unknown as CniInstallerProps);
    },
    expected: [
      '[prod/nodes/passt-cni] props.image: the cni installer passt-cni needs the image that holds its cni binary, pinned to a release tag or a digest (such as quay.io/kubevirt/network-passt-binding-cni:v1.6.0); got nothing',
    ],
    fix: "give image: the release's CNI image (upstreamImage('passt-cni', version)) or your own, pinned",
  },
  {
    title: 'the passt plugin on a Multus network',
    config: "PluginKits.passt(chart, { networking }); interface { binding: passt.binding, network: VmNetwork.multus(bridgeNad) }",
    build(app) {
      const { cluster: c, config, workloads } = cluster(app, { version: '1.6' });
      const passt = PluginKits.passt(new Chart(c, 'net', { namespace: 'vms' }), { networking: config });
      const lan = new NetworkAttachmentDefinition(workloads, 'lan', { cni: CniConfig.plugin('1.0.0', { type: 'bridge', bridge: 'br1' }) });
      new VirtualMachine(workloads, 'web', { memory: '1Gi', interfaces: [{ name: 'lan', binding: passt.binding, network: VmNetwork.multus(lan) }], disks: [root()] });
    },
    expected: [
      "[prod/workloads/web] interfaces[0].binding (spec.template.spec.domain.devices.interfaces[0].binding): passt works on the pod network only; interface \"lan\" uses binding \"passt\" (kubevirt's passt sidecar quay.io/kubevirt/network-passt-binding:v1.6.0) on multus network \"lan\": put the interface on the pod network (pod: {}), or for a secondary network use bridge: {} or a tap plugin such as macvtap (kubevirt: pod network not found) (plugin-network; VirtualMachine vms/web)",
    ],
    fix: 'put the passt interface on the pod network (passt.interface() does); use bridge or macvtap for the secondary network',
  },
  {
    title: 'an Argo CD ApplicationSet without the repository it deploys from',
    config: "new NetbindApp({ gitOps: { argoCd: { pathPrefix: 'clusters' } } })",
    app: { gitOps: { argoCd: { pathPrefix: 'clusters' } as unknown as ArgoCdProps } },
    build(app) {
      cluster(app, { version: '1.6' });
    },
    expected: [
      'NetbindApp props.gitOps.argoCd.repoURL: the Argo CD ApplicationSet needs the URL of the Git repository the output is committed to; got nothing',
    ],
    fix: "set gitOps.argoCd.repoURL to the Git repository dist/ is committed to (and pathPrefix to dist/'s path in it)",
  },
  // ---- manifests, kubevirt-netbind lint ----
  {
    title: 'a binding used but not registered (hand-written YAML)',
    config: `apiVersion: kubevirt.io/v1
kind: KubeVirt
metadata: {name: kubevirt, namespace: kubevirt}
spec:
  configuration:
    developerConfiguration: {featureGates: [NetworkBindingPlugins]}
    network:
      binding:
        slirp: {sidecarImage: "${SLIRP_IMAGE}"}
---
apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: web, namespace: vms}
spec:
  runStrategy: Always
  template:
    spec:
      domain:
        devices:
          interfaces:
            - name: default
              binding: {name: passt}
        resources: {requests: {memory: 1Gi}}
      networks:
        - name: default
          pod: {}`,
    lint: { version: '1.4' },
    expected: [
      "error binding-registered: VirtualMachine vms/web spec.template.spec.domain.devices.interfaces[0].binding.name: binding \"passt\" is not registered in the cluster configuration (registered: slirp); register it under spec.configuration.network.binding (kubevirt: unable to find the network binding plugin 'passt' in Kubevirt configuration)",
    ],
    fix: 'register passt under spec.configuration.network.binding, or use a registered name',
  },
  {
    title: 'the NetworkBindingPlugins gate missing on 1.4',
    config: `apiVersion: kubevirt.io/v1
kind: KubeVirt
metadata: {name: kubevirt, namespace: kubevirt}
spec:
  configuration:
    developerConfiguration: {featureGates: [Sidecar]}
    network:
      binding:
        passt: {sidecarImage: "${PASST_IMAGE}"}`,
    lint: { version: '1.4' },
    expected: [
      "warning registration-needs-gate: KubeVirt kubevirt/kubevirt spec.configuration.developerConfiguration.featureGates: kubevirt 1.4 needs feature gate \"NetworkBindingPlugins\" listed to use the registered bindings (passt); add it to featureGates (kubevirt: Binding plugins feature gate is not enabled)",
    ],
    fix: 'add NetworkBindingPlugins to featureGates (the gate is on by default from 1.5)',
  },
  {
    title: 'a NAD whose config is not JSON',
    config: `apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: netbindingpasst, namespace: default}
spec:
  config: '{"cniVersion": "1.0.0", "name": "netbindingpasst", "plugins": [{"type": "kubevirt-passt-binding"},]}'`,
    lint: { version: '1.4' },
    expected: [
      "error nad-config: NetworkAttachmentDefinition default/netbindingpasst spec.config: spec.config is not valid JSON: unexpected token ']', ...\"binding\"},]}\" is not valid json",
    ],
    fix: 'remove the trailing comma: spec.config must be valid JSON',
  },
  {
    title: 'a registration naming a NAD in another namespace than the VM (strict)',
    config: `apiVersion: kubevirt.io/v1
kind: KubeVirt
metadata: {name: kubevirt, namespace: kubevirt}
spec:
  configuration:
    network:
      binding:
        passt: {sidecarImage: "${PASST_IMAGE}", networkAttachmentDefinition: default/netbindingpasst}
---
apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: netbindingpasst, namespace: default}
spec:
  config: '{"cniVersion":"1.0.0","name":"netbindingpasst","plugins":[{"type":"kubevirt-passt-binding"}]}'
---
apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: web, namespace: vms}
spec:
  runStrategy: Always
  template:
    spec:
      domain:
        devices:
          interfaces:
            - name: default
              binding: {name: passt}
        resources: {requests: {memory: 1Gi}}
      networks:
        - name: default
          pod: {}`,
    lint: { version: '1.5', strict: true },
    expected: [
      "error nad-other-namespace: VirtualMachine vms/web spec.template.spec.domain.devices.interfaces[0].binding.name: binding \"passt\" uses NetworkAttachmentDefinition \"default/netbindingpasst\" from namespace default, not the VM's namespace vms; the user guide recommends the VM's own namespace",
    ],
    fix: 'put the NAD in the namespace of the VMs that use the binding, or accept the cross-namespace reference without --strict',
  },
  {
    title: 'l2bridge registered on a HyperConverged CR',
    config: `apiVersion: hco.kubevirt.io/v1beta1
kind: HyperConverged
metadata: {name: kubevirt-hyperconverged, namespace: kubevirt-hyperconverged}
spec:
  networkBinding:
    l2bridge: {domainAttachmentType: tap, sidecarImage: "registry.example.org/net/l2-binding:1.0"}`,
    lint: { version: '1.5' },
    expected: [
      "warning hco-reserved-binding: HyperConverged kubevirt-hyperconverged/kubevirt-hyperconverged spec.networkBinding.l2bridge: binding name \"l2bridge\" is reserved by hco, which silently replaces this entry with {domainAttachmentType: managedTap, migration: {}}; choose another name",
    ],
    fix: 'choose another name: HCO owns l2bridge',
  },
  {
    title: 'a binding registered through an HCO jsonpatch annotation',
    config: `apiVersion: hco.kubevirt.io/v1beta1
kind: HyperConverged
metadata:
  name: kubevirt-hyperconverged
  namespace: kubevirt-hyperconverged
  annotations:
    kubevirt.kubevirt.io/jsonpatch: '[{"op": "add", "path": "/spec/configuration/network/binding/passt", "value": {"sidecarImage": "${PASST_IMAGE}"}}]'
spec: {}`,
    lint: { version: '1.5' },
    expected: [
      "warning hco-jsonpatch-annotation: HyperConverged kubevirt-hyperconverged/kubevirt-hyperconverged metadata.annotations[\"kubevirt.kubevirt.io/jsonpatch\"]: annotation kubevirt.kubevirt.io/jsonpatch patches the KubeVirt CR behind hco: hco treats it as unsupported, sets the TaintedConfiguration condition (reason UnsupportedFeatureAnnotation) and the patch may break on an upgrade; register bindings in spec.networkBinding instead",
    ],
    fix: 'move the registration to spec.networkBinding.passt and remove the annotation',
  },
  {
    title: 'a private key in base64 cloud-init user data',
    config: `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: web, namespace: vms}
spec:
  runStrategy: Always
  template:
    spec:
      domain:
        devices:
          disks: [{name: cloudinit, disk: {bus: virtio}}]
        resources: {requests: {memory: 1Gi}}
      volumes:
        - name: cloudinit
          cloudInitConfigDrive:
            userDataBase64: ${Buffer.from('#cloud-config\nssh_keys:\n  rsa_private: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n    b3BlbnNzaC1rZXktdjEAAAAA\n    -----END OPENSSH PRIVATE KEY-----\n').toString('base64')}`,
    lint: { version: '1.5' },
    expected: [
      "error cloud-init-inline-secret: VirtualMachine vms/web spec.template.spec.volumes[0].cloudInitConfigDrive.userDataBase64: volume \"cloudinit\" cloudInitConfigDrive.userDataBase64 (decoded) holds in clear text a private key at line 4 (-----BEGIN OPENSSH PRIVATE KEY-----) of the decoded user data, readable by anyone who can read the VirtualMachine or its manifest in git; move the user data to a Secret under the key userdata and reference it with secretRef: {name: <secret>} (userDataSecretRef of VmDisk.cloudInitConfigDrive())",
    ],
    fix: 'put the user data in a Secret (key userdata) and reference it with cloudInitConfigDrive.secretRef',
  },
  {
    title: 'a shell script that sets a password',
    config: `apiVersion: kubevirt.io/v1
kind: VirtualMachineInstance
metadata: {name: web, namespace: vms}
spec:
  domain:
    devices: {}
    resources: {requests: {memory: 1Gi}}
  volumes:
    - name: cloudinit
      cloudInitNoCloud:
        userData: |
          #!/bin/bash
          useradd -m ops
          echo 'ops:Summer2024!' | chpasswd`,
    lint: { version: '1.5' },
    expected: [
      "error cloud-init-inline-secret: VirtualMachineInstance vms/web spec.volumes[0].cloudInitNoCloud.userData: volume \"cloudinit\" cloudInitNoCloud.userData holds in clear text a password at line 3 (ops:*** | chpasswd) of the user data, readable by anyone who can read the VirtualMachineInstance or its manifest in git; move the user data to a Secret under the key userdata and reference it with secretRef: {name: <secret>} (userDataSecretRef of VmDisk.cloudInitNoCloud())",
    ],
    fix: 'put the script in a Secret (key userdata) and reference it with cloudInitNoCloud.secretRef',
  },
  {
    title: 'the core macvtap binding on the pod network, after it was discontinued',
    config: `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: web, namespace: vms}
spec:
  runStrategy: Always
  template:
    spec:
      domain:
        devices:
          interfaces:
            - name: default
              macvtap: {}
        resources: {requests: {memory: 1Gi}}
      networks:
        - name: default
          pod: {}`,
    lint: { version: '1.4' },
    expected: [
      "error discontinued-macvtap: VirtualMachine vms/web spec.template.spec.domain.devices.interfaces[0].macvtap: interface \"default\" uses core macvtap, which kubevirt 1.3 and later reject (the Macvtap gate is discontinued); use the macvtap binding plugin (binding: {name: macvtap}, domainAttachmentType: tap) (kubevirt: Macvtap feature gate is not enabled)",
    ],
    fix: 'use masquerade on the pod network, and the macvtap binding plugin (binding: {name: macvtap}) on a Multus network',
  },
  {
    title: 'an interface without a network',
    config: `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: web, namespace: vms}
spec:
  runStrategy: Always
  template:
    spec:
      domain:
        devices:
          interfaces:
            - name: default
              masquerade: {}
            - name: data
              bridge: {}
        resources: {requests: {memory: 1Gi}}
      networks:
        - name: default
          pod: {}`,
    lint: { version: '1.5' },
    expected: [
      "error interface-network-pairing: VirtualMachine vms/web spec.template.spec.domain.devices.interfaces[1].name: interface \"data\" has no network of the same name; add networks[].name \"data\" (kubevirt: spec.template.spec.domain.devices.interfaces[1].name 'data' not found.)",
    ],
    fix: 'add a network named data (for example multus: {networkName: vms/data}), or remove the interface',
  },
  {
    title: 'a malformed MAC address',
    config: `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: web, namespace: vms}
spec:
  runStrategy: Always
  template:
    spec:
      domain:
        devices:
          interfaces:
            - name: default
              masquerade: {}
              macAddress: 02:00:00:00:00
        resources: {requests: {memory: 1Gi}}
      networks:
        - name: default
          pod: {}`,
    lint: { version: '1.5' },
    expected: [
      "error interface-mac-address: VirtualMachine vms/web spec.template.spec.domain.devices.interfaces[0].macAddress: interface \"default\" macAddress \"02:00:00:00:00\" is not a MAC address; use 6 bytes such as \"de:ad:00:00:be:af\" (kubevirt: interface spec.template.spec.domain.devices.interfaces[0].name has malformed MAC address (02:00:00:00:00).)",
    ],
    fix: 'write six octets, such as 02:00:00:00:00:01',
  },
  {
    title: 'a macvtap NAD without the resource name of its device plugin',
    config: `apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: macvtap-eth0, namespace: default}
spec:
  config: '{"cniVersion": "0.3.1", "name": "macvtap-eth0", "type": "macvtap", "mtu": 1500}'`,
    lint: { version: '1.6' },
    expected: [
      "error macvtap-resource-name: NetworkAttachmentDefinition default/macvtap-eth0 metadata: macvtap needs a device from the macvtap device plugin; NetworkAttachmentDefinition default/macvtap-eth0 has cni type macvtap but no k8s.v1.cni.cncf.io/resourceName annotation, so the pod never gets a macvtap device: set k8s.v1.cni.cncf.io/resourceName: macvtap.network.kubevirt.io/<interface>, the host interface (or DP_MACVTAP_CONF entry) the macvtap device plugin exposes, such as macvtap.network.kubevirt.io/eth0",
    ],
    fix: 'annotate the NAD with k8s.v1.cni.cncf.io/resourceName: macvtap.network.kubevirt.io/eth0 (the host interface the macvtap device plugin exposes)',
  },
];
