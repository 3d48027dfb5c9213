import type { Manifest } from '../../../src/rules/types';
import type { StepCase } from './types';

/** A VirtualMachine with the given interfaces and networks. */
function vm(interfaces: unknown[], networks: unknown[]): Manifest {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: 'vm1', namespace: 'default' },
    spec: {
      runStrategy: 'Always',
      template: { spec: { domain: { devices: { interfaces }, resources: { requests: { memory: '64Mi' } } }, networks } },
    },
  };
}

const onPod = (iface: Record<string, unknown>) => vm([{ name: 'default', ...iface }], [{ name: 'default', pod: {} }]);
const onMultus = (iface: Record<string, unknown>) => vm([{ name: 'sec', ...iface }], [{ name: 'sec', multus: { networkName: 'n' } }]);

/** A KubeVirt CR with the given gates, bindings and network settings. */
function kubevirt(featureGates: string[], binding: Record<string, unknown> = {}, network: Record<string, unknown> = {}): Manifest {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'KubeVirt',
    metadata: { name: 'kubevirt', namespace: 'kubevirt' },
    spec: { configuration: { developerConfiguration: { featureGates }, network: { binding, ...network } } },
  };
}

/** Cases on each side of the release steps of the core binding rules (src/rules/vmi/binding-method.ts, discontinued.ts). */
export const STEP_CASES: StepCase[] = [
  {
    rule: 'discontinued-slirp',
    since: '1.3',
    name: 'core slirp on the pod network with permitSlirpInterface works in 1.2 and is rejected in 1.3',
    manifests: [onPod({ slirp: {} }), kubevirt([], {}, { permitSlirpInterface: true })],
    before: { message: /discontinued in kubevirt 1\.3; move to the slirp binding plugin/, severity: 'warning' },
    after: { message: /\(kubevirt: Slirp interface support has been discontinued since v1\.3\)/, severity: 'error' },
  },
  {
    rule: 'discontinued-passt',
    since: '1.3',
    name: 'core passt as the only interface with the Passt gate works in 1.2 and is rejected in 1.3',
    manifests: [onPod({ passt: {} }), kubevirt(['Passt'])],
    before: { message: /discontinued in kubevirt 1\.3; move to the passt binding plugin/, severity: 'warning' },
    after: { message: /kubevirt 1\.3 and later reject \(with the discontinued "Passt" gate listed/, severity: 'error' },
  },
  {
    rule: 'discontinued-passt',
    since: '1.8',
    name: 'core passt without the gate: the gate error in 1.7, its own discontinued check in 1.8',
    manifests: [onPod({ passt: {} }), kubevirt([])],
    before: /\(kubevirt: Passt feature gate is not enabled\)$/,
    after: /use the core passtBinding: \{\} \(kubevirt: Passt network binding has been discontinued since v1\.3\)$/,
  },
  {
    rule: 'discontinued-macvtap',
    since: '1.3',
    name: 'core macvtap on a Multus network with the Macvtap gate works in 1.2 and is rejected in 1.3',
    manifests: [onMultus({ macvtap: {} }), kubevirt(['Macvtap'])],
    before: { message: /discontinued in kubevirt 1\.3; move to the macvtap binding plugin/, severity: 'warning' },
    after: { message: /kubevirt 1\.3 and later reject \(with the discontinued "Macvtap" gate listed/, severity: 'error' },
  },
  {
    rule: 'discontinued-macvtap',
    since: '1.8',
    name: 'core macvtap without the gate: the gate error in 1.7, its own discontinued check in 1.8',
    manifests: [onMultus({ macvtap: {} }), kubevirt([])],
    before: /\(kubevirt: Macvtap feature gate is not enabled\)$/,
    after: /\(kubevirt: Macvtap network binding has been discontinued since v1\.3\)$/,
  },
  {
    rule: 'binding-plugin-and-method',
    since: '1.8',
    name: 'binding next to the discontinued slirp counts as two methods in 1.7, not in 1.8',
    manifests: [onPod({ slirp: {}, binding: { name: 'slirp' } })],
    before: /has binding and slirp; keep either the binding plugin or the core binding method/,
    after: 'none',
  },
  {
    rule: 'binding-plugin-and-method',
    since: '1.9',
    name: 'binding next to bridge: this rule in 1.8, binding-method-exactly-one from 1.9',
    manifests: [onPod({ bridge: {}, binding: { name: 'x' } })],
    before: /cannot have both binding plugin and interface binding method/,
    after: 'none',
  },
  {
    rule: 'binding-plugins-gate',
    since: '1.5',
    name: 'a binding plugin without NetworkBindingPlugins listed: rejected in 1.4, accepted in 1.5 (GA)',
    manifests: [onPod({ binding: { name: 'x' } }), kubevirt([], { x: { sidecarImage: 'quay.io/x/y:v1' } })],
    before: /\(kubevirt: Binding plugins feature gate is not enabled\)$/,
    after: 'none',
  },
  {
    rule: 'passt-binding-gate',
    since: '1.9',
    name: 'passtBinding without PasstBinding listed: rejected in 1.8, on by default (beta) in 1.9',
    manifests: [onPod({ passtBinding: {} }), kubevirt([])],
    before: /\(kubevirt: PasstBinding feature gate is not enabled\)$/,
    after: 'none',
  },
];
