/**
 * The node side of a binding plugin: a DaemonSet that copies a CNI binary from an image onto every node's CNI
 * directory, so Multus can run it for the plugin's NAD.
 *
 * Modelled on KubeVirt's own installer for the passt CNI, cmd/cniplugins/passt-binding/passt-binding-ds.yaml
 * (@v1.6.0 to @v1.9.0, unchanged; the user guide's passt.md "v1.6.0 and above" prints the same with a release image):
 * a container that copies `/cni/kubevirt-passt-binding` into a hostPath mount of `/opt/cni/bin`, then sleeps. This
 * installer keeps its layout (names, labels, priority class, update strategy, requests) and narrows its privileges;
 * each setting says why below.
 */
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Context } from '../context';
import { checkProps } from '../props';
import { show } from '../rules/util';
import { shape as z } from '../shape';

/** Props of a `CniInstaller`. */
export interface CniInstallerProps {
  /** The image holding the CNI binary, pinned (a release tag or a digest). Required: there is no default. */
  readonly image: string;

  /** The binary's absolute path inside the image, e.g. `/cni/kubevirt-passt-binding`. */
  readonly binaryPath: string;

  /**
   * The file name on the node: the CNI `type` NADs use.
   * @default - the last element of `binaryPath`
   */
  readonly binaryName?: string;

  /**
   * The name of the DaemonSet and its ServiceAccount (and, on OpenShift, of its SecurityContextConstraints, prefixed
   * with the namespace).
   * @default `<binaryName>-cni`
   */
  readonly name?: string;

  /**
   * The namespace of the DaemonSet and its ServiceAccount.
   * @default `kubevirt` (where KubeVirt's passt-binding-ds.yaml puts it)
   */
  readonly namespace?: string;

  /**
   * The nodes' CNI binary directory, where Multus looks for plugins.
   * @default `/opt/cni/bin`; `/var/lib/cni/bin` when `openShift` is set
   */
  readonly hostCniBinDir?: string;

  /**
   * The cluster is OpenShift: the installer gets SecurityContextConstraints that admit it, an SELinux type that may
   * write to the host directory, and OpenShift's CNI directory by default. Known only when said: set here, or set the
   * context key `kubevirt-netbind:openshift` to `true` for the whole app. A HyperConverged target alone does not make
   * a cluster OpenShift (HCO runs on plain Kubernetes too).
   * @default - the context key `kubevirt-netbind:openshift`, else false
   */
  readonly openShift?: boolean;

  /**
   * Run the copy in a privileged container, as KubeVirt's own manifest does. Off by default: the copy needs only
   * root's write permission on the host directory. Turn it on for hosts whose SELinux or AppArmor policy keeps an
   * unprivileged container from writing there.
   * @default false
   */
  readonly privileged?: boolean;

  /**
   * The container's resource requests.
   * @default { cpu: '10m', memory: '15Mi' } (KubeVirt's passt-binding-ds.yaml)
   */
  readonly resources?: { readonly cpu?: string; readonly memory?: string };

  /**
   * The pods' priority class.
   * @default `system-cluster-critical` (KubeVirt's passt-binding-ds.yaml)
   */
  readonly priorityClassName?: string;
}

const propsSchema = z.object({
  image: z.string().optional(),
  binaryPath: z.string(),
  binaryName: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  hostCniBinDir: z.string().optional(),
  openShift: z.boolean().optional(),
  privileged: z.boolean().optional(),
  resources: z.object({ cpu: z.string().optional(), memory: z.string().optional() }).optional(),
  priorityClassName: z.string().optional(),
});

/** The CNI directory of plain Kubernetes nodes (KubeVirt's passt-binding-ds.yaml `hostPath.path`). */
export const DEFAULT_CNI_BIN_DIR = '/opt/cni/bin';

/**
 * The CNI directory of OpenShift nodes, where OpenShift's Multus looks for plugins: HCO installs the same passt CNI
 * there on OpenShift and in `/opt/cni/bin` elsewhere (hyperconverged-cluster-operator
 * controllers/handlers/passt/passt.go NewPasstBindingCNIDaemonSet, `hostpath`); the SR-IOV operator's `CNIBinPath`
 * defaults to it too (k8snetworkplumbingwg/sriov-network-operator).
 */
export const OPENSHIFT_CNI_BIN_DIR = '/var/lib/cni/bin';

/** Where the host directory is mounted in the container. */
const MOUNT = '/host-cni-bin';

/** An absolute path of plain characters (it goes into an environment variable and a hostPath). */
const ABSOLUTE_PATH = /^(\/[A-Za-z0-9._-]+)+$/;
/** A file name of plain characters, not hidden. */
const FILE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
/** A DNS-1123 label. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The copy, as a POSIX shell script for busybox (the passt CNI image's base): the binary is copied next to its
 * final name and renamed over it, so a CNI call never runs a half-written file; then the container waits, and
 * leaves at once when the pod is stopped (a shell as PID 1 would otherwise ignore SIGTERM until the grace period
 * ends). Paths come from the environment, never from the script text.
 */
const SCRIPT = [
  'test -f "$CNI_SOURCE" || { echo "no $CNI_SOURCE in the image" >&2; exit 1; }',
  'cp -f "$CNI_SOURCE" "$CNI_DIR/.$CNI_NAME.new"',
  'chmod 0755 "$CNI_DIR/.$CNI_NAME.new"',
  'mv -f "$CNI_DIR/.$CNI_NAME.new" "$CNI_DIR/$CNI_NAME"',
  'echo "installed $CNI_DIR/$CNI_NAME"',
  // the sleep is a child of its own, stopped with the shell
  `trap 'kill "$pid" 2>/dev/null; exit 0' TERM INT`,
  'sleep 2147483647 & pid=$!',
  'wait "$pid"',
].join('\n') + '\n';

/** True when `scope` is on OpenShift by the context key `kubevirt-netbind:openshift`. */
export function openShiftByContext(scope: Construct): boolean {
  const v = scope.node.tryGetContext(Context.OPENSHIFT);
  return v === true || v === 'true';
}

/**
 * A DaemonSet (with its ServiceAccount, and on OpenShift its SecurityContextConstraints) that installs one CNI
 * binary on every node. Built with the `k8s` L1 classes of cdk8s-plus-28, so names and labels are exactly the ones
 * given (no generated selector labels).
 */
export class CniInstaller extends Construct {
  /** The DaemonSet. */
  public readonly daemonSet: kplus.k8s.KubeDaemonSet;
  /** The ServiceAccount its pods run as (no token mounted: the copy calls no API). */
  public readonly serviceAccount: kplus.k8s.KubeServiceAccount;
  /** The SecurityContextConstraints that admit the pods, on OpenShift. */
  public readonly securityContextConstraints?: ApiObject;
  /** The DaemonSet's name. */
  public readonly name: string;
  /** The DaemonSet's namespace. */
  public readonly namespace: string;
  /** The binary's name on the nodes. */
  public readonly binaryName: string;
  /** The nodes' CNI directory. */
  public readonly hostCniBinDir: string;
  /** Whether the installer is set up for OpenShift. */
  public readonly openShift: boolean;

  public constructor(scope: Construct, id: string, props: CniInstallerProps) {
    super(scope, id);
    const errors: string[] = [];
    const p = checkProps<CniInstallerProps>(this, propsSchema, props).props;
    if (p.image === undefined || p.image === '') {
      // a wrong type is checkProps' finding (and p.image is then left out): only a missing or empty image here
      const given = props !== null && typeof props === 'object' ? (props as { image?: unknown }).image : undefined;
      if (given === undefined || given === '') {
        errors.push(`props.image: the cni installer ${this.node.id} needs the image that holds its cni binary, pinned to a release tag or a digest (such as quay.io/kubevirt/network-passt-binding-cni:v1.6.0); got ${given === undefined ? 'nothing' : '""'}`);
      }
    }
    const binaryPath = p.binaryPath;
    if (typeof binaryPath === 'string' && (!ABSOLUTE_PATH.test(binaryPath) || binaryPath.split('/').includes('..'))) {
      errors.push(`props.binaryPath: expected the binary's absolute path in the image, of letters, digits, ".", "_", "-" and "/", such as "/cni/kubevirt-passt-binding"; got ${show(binaryPath)}`);
    }
    const fromPath = typeof binaryPath === 'string' ? binaryPath.slice(binaryPath.lastIndexOf('/') + 1) : 'cni';
    this.binaryName = p.binaryName ?? fromPath;
    if (!FILE_NAME.test(this.binaryName)) {
      errors.push(`props.binaryName: expected a file name of letters, digits, ".", "_" and "-", not starting with "."; got ${show(this.binaryName)}${p.binaryName === undefined ? ' (from binaryPath)' : ''}`);
    }
    this.openShift = p.openShift ?? openShiftByContext(this);
    this.hostCniBinDir = p.hostCniBinDir ?? (this.openShift ? OPENSHIFT_CNI_BIN_DIR : DEFAULT_CNI_BIN_DIR);
    if (!ABSOLUTE_PATH.test(this.hostCniBinDir) || this.hostCniBinDir.split('/').includes('..')) {
      errors.push(`props.hostCniBinDir: expected an absolute directory path of letters, digits, ".", "_", "-" and "/", such as "${DEFAULT_CNI_BIN_DIR}"; got ${show(this.hostCniBinDir)}`);
    }
    this.name = p.name ?? `${this.binaryName}-cni`;
    this.namespace = p.namespace ?? 'kubevirt';
    for (const [field, value] of [['name', this.name], ['namespace', this.namespace]] as const) {
      if (!DNS_LABEL.test(value) || value.length > 63) {
        errors.push(`props.${field}: expected a lowercase dns label (a-z, 0-9, -; at most 63 characters); got ${show(value)}${field === 'name' && p.name === undefined ? ' (from the binary name)' : ''}`);
      }
    }
    if (errors.length > 0) this.node.addValidation({ validate: () => errors });

    const privileged = p.privileged ?? false;
    const labels = { 'app': this.name, 'name': this.name, 'tier': 'node', 'app.kubernetes.io/component': 'cni-installer', 'app.kubernetes.io/name': this.name };

    this.serviceAccount = new kplus.k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: this.name, namespace: this.namespace, labels },
      // the copy calls no API: no token anywhere
      automountServiceAccountToken: false,
    });

    this.daemonSet = new kplus.k8s.KubeDaemonSet(this, 'Resource', {
      metadata: {
        name: this.name,
        namespace: this.namespace,
        labels,
        annotations: { description: `installs the ${this.binaryName} cni binary into ${this.hostCniBinDir} on every node` },
      },
      spec: {
        // KubeVirt's manifest selects on `name`
        selector: { matchLabels: { name: this.name } },
        // KubeVirt's manifest: at most a tenth of the nodes without a running installer during an update
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: kplus.k8s.IntOrString.fromString('10%') } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: this.name,
            automountServiceAccountToken: false,
            // KubeVirt's manifest: the binary must be on a node before VMs with the plugin start there
            priorityClassName: p.priorityClassName ?? 'system-cluster-critical',
            // every node that can run a VM needs the binary, whatever its taints (KubeVirt's manifest has no
            // tolerations, so tainted nodes there go without it)
            tolerations: [{ operator: 'Exists' }],
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            securityContext: {
              // the host directory belongs to root (mode 0755): writing into it needs uid 0, and nothing else
              runAsUser: 0,
              runAsGroup: 0,
              runAsNonRoot: false,
              seccompProfile: { type: 'RuntimeDefault' },
              // SELinux (OpenShift's nodes enforce it) keeps the default container type from writing host files;
              // spc_t may. Not needed when privileged, which runs unconfined.
              ...(this.openShift && !privileged ? { seLinuxOptions: { type: 'spc_t' } } : {}),
            },
            containers: [{
              name: 'installer',
              image: typeof p.image === 'string' ? p.image : '',
              imagePullPolicy: 'IfNotPresent',
              command: ['/bin/sh', '-c', SCRIPT],
              env: [
                { name: 'CNI_SOURCE', value: typeof binaryPath === 'string' ? binaryPath : '' },
                { name: 'CNI_DIR', value: MOUNT },
                { name: 'CNI_NAME', value: this.binaryName },
              ],
              resources: {
                // KubeVirt's manifest: 10m and 15Mi
                requests: {
                  cpu: kplus.k8s.Quantity.fromString(p.resources?.cpu ?? '10m'),
                  memory: kplus.k8s.Quantity.fromString(p.resources?.memory ?? '15Mi'),
                },
              },
              securityContext: privileged
                ? {
                  // as KubeVirt's manifest, for hosts whose policy needs it
                  privileged: true,
                  allowPrivilegeEscalation: true,
                }
                : {
                  // no device, no capability: root's permission bits are enough for the copy
                  privileged: false,
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                  // the copy reads from the image and writes only to the host directory mount
                  readOnlyRootFilesystem: true,
                },
              volumeMounts: [{ name: 'cnibin', mountPath: MOUNT }],
            }],
            volumes: [{
              name: 'cnibin',
              // `Directory`: the directory must exist; a mistyped path fails the pod instead of creating a stray
              // directory Multus never reads
              hostPath: { path: this.hostCniBinDir, type: 'Directory' },
            }],
          },
        },
      },
    });

    if (this.openShift) this.securityContextConstraints = this.createScc(privileged);
  }

  /**
   * The SecurityContextConstraints that admit the installer's pods and nothing more: a hostPath volume, uid 0, the
   * SELinux type, granted to the installer's ServiceAccount only. Fields after openshift/api security/v1/types.go
   * (SecurityContextConstraints); the fields its CRD requires are all written.
   */
  private createScc(privileged: boolean): ApiObject {
    return new ApiObject(this, 'SecurityContextConstraints', {
      apiVersion: 'security.openshift.io/v1',
      kind: 'SecurityContextConstraints',
      metadata: {
        name: `${this.namespace}-${this.name}`,
        annotations: { 'kubernetes.io/description': `admits the ${this.name} cni installer (${this.namespace}): a hostPath mount of ${this.hostCniBinDir}, run as root` },
      },
      allowHostDirVolumePlugin: true,
      allowHostIPC: false,
      allowHostNetwork: false,
      allowHostPID: false,
      allowHostPorts: false,
      allowPrivilegedContainer: privileged,
      allowPrivilegeEscalation: privileged,
      allowedCapabilities: [],
      defaultAddCapabilities: [],
      requiredDropCapabilities: privileged ? [] : ['ALL'],
      readOnlyRootFilesystem: !privileged,
      // no precedence over other SCCs (0 ranks as unset): it is granted to one ServiceAccount only
      priority: 0,
      runAsUser: { type: 'RunAsAny' },
      seLinuxContext: { type: 'RunAsAny' },
      fsGroup: { type: 'RunAsAny' },
      supplementalGroups: { type: 'RunAsAny' },
      seccompProfiles: ['runtime/default'],
      users: [`system:serviceaccount:${this.namespace}:${this.name}`],
      groups: [],
      volumes: ['hostPath'],
    });
  }
}
