import { kubevirtCr, spec, vm } from '../harness';
import type { StepCase } from './types';

/** One interface on the pod network `default`, with the given fields. */
const onPod = (iface: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  vm(spec([{ name: 'default', ...iface }], [{ name: 'default', pod: {} }], extra));

/** Cases on each side of the release steps of the VMI spec rules (src/rules/vmi/). */
export const STEP_CASES: StepCase[] = [
  // netiface.ts
  {
    rule: 'interface-model',
    since: '1.4',
    name: 'model igb is rejected before 1.4 and accepted from 1.4',
    manifests: [onPod({ masquerade: {}, model: 'igb' })],
    before: /uses model igb that is not supported/,
    after: 'none',
  },

  // ports.ts
  {
    rule: 'port-number',
    since: '1.9',
    name: 'port 65536 on a bridge interface passes the webhook before 1.9 (a warning) and is rejected from 1.9',
    manifests: [onPod({ bridge: {}, ports: [{ port: 65536 }] })],
    before: { message: /port 65536 is not a port number; kubevirt 1\.8 accepts it/, severity: 'warning' },
    after: { message: /Port field must be in range 0 < x < 65536/, severity: 'error' },
  },
  {
    rule: 'port-number',
    since: '1.9',
    name: 'port 65536 on a masquerade interface passes the webhook before 1.9 but fails the network setup',
    manifests: [onPod({ masquerade: {}, ports: [{ port: 65536 }] })],
    before: { message: /masquerade cannot add a forwarding rule for it/, severity: 'error' },
    after: { message: /Port field must be in range 0 < x < 65536/, severity: 'error' },
  },

  // netsource.ts
  {
    rule: 'single-pod-network',
    since: '1.3',
    name: 'a second pod network without an interface counts from 1.3 only',
    manifests: [vm(spec([{ name: 'default', masquerade: {} }], [{ name: 'default', pod: {} }, { name: 'spare', pod: {} }]))],
    before: 'none',
    after: /more than one interface is connected to a pod network/,
  },
  {
    rule: 'network-source-exactly-one',
    since: '1.9',
    name: 'pod next to resourceClaim: the claim is dropped before 1.9, a second source from 1.9',
    manifests: [vm(spec([{ name: 'default', masquerade: {} }], [{ name: 'default', pod: {}, resourceClaim: { claimName: 'c', requestName: 'r' } }]))],
    before: 'none',
    after: /has 2 sources \(pod, resourceClaim\); keep exactly one \(kubevirt: should have only one network type\)/,
  },

  // state.ts
  {
    rule: 'interface-state-value',
    since: '1.5',
    name: 'state down is rejected before 1.5 and accepted from 1.5',
    manifests: [vm(spec([{ name: 'default', masquerade: {} }, { name: 'sec', bridge: {}, state: 'down' }],
      [{ name: 'default', pod: {} }, { name: 'sec', multus: { networkName: 'nad' } }]))],
    before: /logical sec interface state value is unsupported: down/,
    after: 'none',
  },
  {
    rule: 'absent-state-not-on-default-network',
    since: '1.9',
    name: 'a network with no source before the pod network is the default network before 1.9 only',
    manifests: [vm(spec([{ name: 'x', bridge: {}, state: 'absent' }, { name: 'default', masquerade: {} }],
      [{ name: 'x' }, { name: 'default', pod: {} }]))],
    before: /interface "x" has state "absent" but is on the default network/,
    after: 'none',
  },

  // boot.ts (dhcp.ts has no steps)
  {
    rule: 'probe-needs-pod-network',
    since: '1.5',
    name: 'a pod network without an interface satisfies the probe check from 1.5 only',
    manifests: [vm(spec([{ name: 'sec', bridge: {} }], [{ name: 'sec', multus: { networkName: 'nad' } }, { name: 'default', pod: {} }],
      { readinessProbe: { httpGet: { port: 80 } } }))],
    before: /readinessProbe\.httpGet is only allowed if the Pod Network is attached/,
    after: 'none',
  },
  {
    rule: 'launch-security-boot-nic',
    since: '1.7',
    name: 'SNP is not in the schema before 1.7; from 1.7 an SNP guest cannot boot from a NIC',
    manifests: [vm({
      domain: { devices: { interfaces: [{ name: 'default', masquerade: {}, bootOrder: 1 }] }, launchSecurity: { snp: {} },
        resources: { requests: { memory: '64Mi' } } },
      networks: [{ name: 'default', pod: {} }],
    }, 'snp-vm')],
    before: 'none',
    after: /SNP does not work with bootable NICs: default/,
  },

  // defaults.ts
  {
    rule: 'default-network-interface',
    since: '1.3',
    name: 'a slirp default permitted by permitSlirpInterface works before 1.3 and fails from 1.3',
    manifests: [vm({ domain: { devices: {}, resources: { requests: { memory: '64Mi' } } } }),
      kubevirtCr({}, undefined, { network: { defaultNetworkInterface: 'slirp', permitSlirpInterface: true } })],
    before: 'none',
    after: /slirp interface is deprecated as of v1\.3/,
  },

  // domain.ts
  {
    rule: 'vm-run-strategy',
    since: '1.6',
    name: 'WaitAsReceiver is unknown before 1.6, and accepted with its gate from 1.6',
    manifests: [{ ...vm(spec([], [])), spec: { runStrategy: 'WaitAsReceiver', template: { spec: spec([], []) } } },
      kubevirtCr({}, ['DecentralizedLiveMigration'])],
    before: /Invalid RunStrategy \(WaitAsReceiver\)/,
    after: 'none',
  },

  // field-version.ts
  {
    rule: 'field-version',
    since: '1.8',
    name: 'passtBinding is not in the 1.7 schema, and is in 1.8',
    manifests: [onPod({ passtBinding: {} })],
    before: /passtBinding is not in kubevirt 1\.7; it is first in kubevirt 1\.8/,
    after: 'none',
  },
  {
    rule: 'field-version',
    since: '1.9',
    name: 'portRanges is not in the 1.8 schema, and is in 1.9',
    manifests: [onPod({ masquerade: {}, portRanges: [{ protocol: 'TCP', start: 8000, end: 8010 }] })],
    before: /portRanges is not in kubevirt 1\.8; it is first in kubevirt 1\.9/,
    after: 'none',
  },

  // structure.ts
  {
    rule: 'vmi-structure',
    since: '1.7',
    name: 'a VirtualMachinePool of pool.kubevirt.io/v1beta1 is not served before 1.7 and is from 1.7',
    manifests: [{
      apiVersion: 'pool.kubevirt.io/v1beta1',
      kind: 'VirtualMachinePool',
      metadata: { name: 'pool', namespace: 'default' },
      spec: { replicas: 1, virtualMachineTemplate: { metadata: {}, spec: { runStrategy: 'Always', template: (vm(spec([{ name: 'default', masquerade: {} }], [{ name: 'default', pod: {} }])) as { spec: { template: unknown } }).spec.template } } },
    }],
    before: /is not served by kubevirt 1\.6/,
    after: 'none',
  },
];
