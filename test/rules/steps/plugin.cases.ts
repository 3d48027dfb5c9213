import type { Manifest } from '../../../src/rules/types';
import { bindingVm, kubevirtCr } from './fixtures';
import type { StepCase } from './types';

/** A KubeVirt CR with the given binding registrations, and the gate 1.1 to 1.4 need. */
const kubevirt = (binding: Record<string, unknown>): Manifest => kubevirtCr(binding, { featureGates: ['NetworkBindingPlugins'] });

/** A VirtualMachine whose one interface `net1` uses the binding `name`, on the pod network or on the multus NAD `nad`. */
const vm = (name: string, nad?: string): Manifest => bindingVm(name, { iface: 'net1', nad });

/** A NetworkAttachmentDefinition in `default` running the CNI `type`. */
function nad(name: string, type: string, annotations?: Record<string, string>): Manifest {
  return {
    apiVersion: 'k8s.cni.cncf.io/v1',
    kind: 'NetworkAttachmentDefinition',
    metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) },
    spec: { config: JSON.stringify({ cniVersion: '0.3.1', name, type }) },
  };
}

/** Cases on each side of the release steps of the plugin rules (src/rules/plugin-network.ts and the image rules). */
export const STEP_CASES: StepCase[] = [
  {
    rule: 'plugin-network',
    since: '1.1.1',
    name: 'the macvtap plugin on the pod network: 1.1.0 prunes domainAttachmentType (no plugin), from 1.1.1 a tap with no macvtap device',
    manifests: [kubevirt({ macvtap: { domainAttachmentType: 'tap' } }), vm('macvtap')],
    before: 'none',
    after: { message: /^macvtap works on secondary \(multus\) networks only; interface "net1" uses binding "macvtap"/, severity: 'error' },
  },
  {
    rule: 'plugin-network',
    since: '1.9',
    name: 'the passt sidecar registered as "mypasst": fixed to "passt" before 1.9, answers to the registration name from 1.9',
    manifests: [kubevirt({ mypasst: { sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.8.0', networkAttachmentDefinition: 'default/netbindingpasst' } }), vm('mypasst'), nad('netbindingpasst', 'kubevirt-passt-binding')],
    before: { message: /^passt answers only to the binding name "passt" before kubevirt 1\.9; registration "mypasst"/, severity: 'error' },
    after: 'none',
  },
  {
    rule: 'plugin-nad-type',
    since: '1.1.1',
    name: 'the macvtap plugin on a bridge NAD: no plugin on 1.1.0 (domainAttachmentType pruned), a veth the tap cannot use from 1.1.1',
    manifests: [kubevirt({ macvtap: { domainAttachmentType: 'tap' } }), vm('macvtap', 'default/br1'), nad('br1', 'bridge')],
    before: 'none',
    after: { message: /^macvtap needs a nad of cni type macvtap; interface "net1" uses binding "macvtap" on NetworkAttachmentDefinition default\/br1, of cni type "bridge"/, severity: 'error' },
  },
  {
    rule: 'registration-inert',
    since: '1.1.1',
    name: 'a registration with only domainAttachmentType: pruned by 1.1.0 (inert), a tap attachment from 1.1.1',
    manifests: [kubevirt({ macvtap: { domainAttachmentType: 'tap' } })],
    before: { message: /^registration "macvtap" has neither sidecarImage nor domainAttachmentType \(kubevirt 1\.1 has no domainAttachmentType and prunes it; it is first in 1\.1\.1\)/, severity: 'warning' },
    after: 'none',
  },
];
