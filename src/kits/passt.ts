import { Construct } from 'constructs';
import type { BindingMigration } from '../binding';
import { NetworkAttachmentDefinition } from '../nad';
import { BindingCni, BindingPlugins } from '../plugins';
import { checkProps } from '../props';
import { shape as z } from '../shape';
import { KubeVirtVersion } from '../version';
import { fullVersion, upstreamImage, whyNoUpstreamImage } from './images';
import { CniInstaller, CniInstallerProps } from './installer';
import { PluginKit, PluginKitProps, SupportedNetworks } from './kit';

/** Installer settings a kit passes on (the image and the binary come from the kit). */
export type KitInstallerOptions = Omit<CniInstallerProps, 'image' | 'binaryPath' | 'binaryName'>;

/** Props of the passt kit. */
export interface PasstKitProps extends PluginKitProps {
  /**
   * The passt sidecar image.
   * @default - KubeVirt's image of the cluster's release, `quay.io/kubevirt/network-passt-binding:v<release>`
   * (published from 1.1.1); required for a release the image table does not list
   */
  readonly sidecarImage?: string;

  /**
   * Install the passt CNI binary on the nodes with a DaemonSet (`CniInstaller`). Set false when the binary
   * (`kubevirt-passt-binding`) is installed another way.
   * @default true
   */
  readonly installCni?: boolean;

  /**
   * The image holding the passt CNI binary.
   * @default - KubeVirt's image of the cluster's release, `quay.io/kubevirt/network-passt-binding-cni:v<release>`
   * (published from 1.6.0); required before 1.6, where KubeVirt ships the binary only as a release asset
   */
  readonly cniImage?: string;

  /**
   * The binary's path inside `cniImage`.
   * @default `/cni/kubevirt-passt-binding` (KubeVirt's image)
   */
  readonly cniBinaryPath?: string;

  /**
   * Settings of the CNI installer.
   * @default - the installer's defaults, in the cluster configuration's namespace, named `passt-binding-cni`
   */
  readonly installer?: KitInstallerOptions;

  /**
   * The NAD's name.
   * @default `netbindingpasst` (KubeVirt's user guide and e2e tests)
   */
  readonly nadName?: string;

  /**
   * The NAD's namespace: `default`, where every VM namespace reaches it, or the VMs' own.
   * @default - the chart's namespace, else `default`
   */
  readonly nadNamespace?: string;

  /** @default BindingMigration.migratable() from KubeVirt 1.2 (see BindingPlugins.passt) */
  readonly migration?: BindingMigration;

  /** @default '250Mi' from KubeVirt 1.3 (see BindingPlugins.passt) */
  readonly memoryOverhead?: string;
}

const propsSchema = z.object({
  networking: z.unknown(),
  id: z.string().optional(),
  sidecarImage: z.string().optional(),
  installCni: z.boolean().optional(),
  cniImage: z.string().optional(),
  cniBinaryPath: z.string().optional(),
  installer: z.record(z.unknown()).optional(),
  nadName: z.string().optional(),
  nadNamespace: z.string().optional(),
  migration: z.unknown(),
  memoryOverhead: z.string().optional(),
});

/** The binding name KubeVirt's passt sidecar answers to (cmd/sidecars/network-passt-binding/domain/configurator.go@v1.4.0:58). */
export const PASST_BINDING_NAME = 'passt';

/**
 * The passt plugin's first release: KubeVirt 1.1.1 adds its sidecar (cmd/sidecars/network-passt-binding) and CNI
 * (cmd/cniplugins/passt-binding); v1.1.0 has neither. (The user guide says "[v1.1.0-v1.8.0]"; the code wins.)
 */
export const PASST_SINCE = KubeVirtVersion.of('1.1.1');

/**
 * The passt binding plugin: the registration `passt` (sidecar, NAD, migration, memory overhead), the NAD of CNI type
 * `kubevirt-passt-binding`, and the DaemonSet that puts that CNI binary on every node (user guide
 * docs/network/net_binding_plugins/passt.md). Pod network only (configurator.go@v1.4.0:64-73).
 */
export class PasstKit extends PluginKit {
  public constructor(scope: Construct, id: string, props: PasstKitProps) {
    super(scope, id, 'passt', SupportedNetworks.POD, props);
    const p = checkProps<PasstKitProps>(this, propsSchema, props).props;
    const v = this.version;
    const release = fullVersion(v);

    if (v.isOlderThan(PASST_SINCE)) {
      this.fail(`the passt plugin needs kubevirt ${PASST_SINCE} or newer: kubevirt ${release} ships no passt sidecar or cni (both first in v1.1.1, cmd/sidecars/network-passt-binding and cmd/cniplugins/passt-binding); set the cluster's version to 1.1.1 or newer, or use the slirp kit`);
    }
    // From 1.8 the rule passt-plugin-superseded warns on the registration this kit writes, with the core binding's
    // gate for the release and target (src/rules/cluster.ts passtBindingGateAdvice): the kit adds no warning of its own
    if (this.networking?.target.isHco) {
      // hyperconverged-cluster-operator controllers/handlers/passt/passt.go: with the annotation, HCO itself deploys
      // the passt CNI DaemonSet, its ServiceAccount (and SCC on OpenShift), a NAD default/primary-udn-kubevirt-binding
      // and the registration `passt`
      this.advise('under hco, the HyperConverged CR\'s annotation hco.kubevirt.io/deployPasstNetworkBinding: "true" makes hco deploy the passt plugin itself (its cni daemonset, nad and registration "passt"); keep that annotation off while this kit manages passt, or drop the kit and use the annotation');
    }

    const sidecarImage = p.sidecarImage ?? upstreamImage('passtSidecar', v);
    if (sidecarImage === undefined && !v.isOlderThan(PASST_SINCE)) {
      this.fail(`props.sidecarImage: the passt kit has no sidecar image for kubevirt ${release}: ${whyNoUpstreamImage('passtSidecar', v)}; give sidecarImage, pinned to a tag or digest`);
    }

    const nad = this.keepNad(new NetworkAttachmentDefinition(this, 'Nad', {
      name: p.nadName ?? 'netbindingpasst',
      namespace: this.nadNamespace(p.nadNamespace),
      cni: BindingCni.passt(),
    }));

    const overrides = {
      ...(p.migration !== undefined ? { migration: p.migration } : {}),
      ...(p.memoryOverhead !== undefined ? { memoryOverhead: p.memoryOverhead } : {}),
    };
    this.register((networking) => (sidecarImage !== undefined
      ? BindingPlugins.passt(networking, { sidecarImage, networkAttachmentDefinition: nad, ...overrides })
      // no image: reported above; the rest is registered so VMs that use the binding are judged as usual
      : networking.addBinding(PASST_BINDING_NAME, { networkAttachmentDefinition: nad, ...overrides })), PASST_BINDING_NAME);

    const tooOld = v.isOlderThan(PASST_SINCE);
    if ((p.installCni ?? true) && !tooOld) {
      const cniImage = p.cniImage ?? upstreamImage('passtCni', v);
      if (cniImage === undefined) {
        this.fail(`props.cniImage: the passt kit has no cni image for kubevirt ${release}: ${whyNoUpstreamImage('passtCni', v)}; give cniImage, an image holding the kubevirt-passt-binding binary (a kubevirt release asset before 1.6), or installCni: false when the binary is on the nodes already`);
      } else {
        this.keepInstaller(new CniInstaller(this, 'Installer', {
          name: 'passt-binding-cni',
          namespace: this.operatorNamespace(),
          ...(p.installer as KitInstallerOptions | undefined),
          image: cniImage,
          binaryPath: p.cniBinaryPath ?? '/cni/kubevirt-passt-binding',
          // the NAD's CNI type (BindingCni.passt)
          binaryName: 'kubevirt-passt-binding',
        }));
      }
    }
  }
}
