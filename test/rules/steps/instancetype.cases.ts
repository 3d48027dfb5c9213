import type { Manifest } from '../../../src/rules/types';
import type { StepCase } from './types';

const GROUP = 'instancetype.kubevirt.io';

/** A cluster-wide instancetype or preference object of `kind`. */
function object(kind: string, name: string, spec: Record<string, unknown>, apiVersion = `${GROUP}/v1beta1`): Manifest {
  return { apiVersion, kind, metadata: { name }, spec };
}

/** A cluster instancetype of 4 guest CPUs and 2Gi, without hugepages. */
const c4 = object('VirtualMachineClusterInstancetype', 'c4', { cpu: { guest: 4 }, memory: { guest: '2Gi' } });

/** A VirtualMachine using the cluster instancetype c4, with the given domain fields, one masquerade interface on the pod network. */
function vm(domain: Record<string, unknown>): Manifest {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: 'vm1', namespace: 'default' },
    spec: {
      runStrategy: 'Always',
      instancetype: { name: 'c4' },
      template: {
        spec: {
          domain: { devices: { interfaces: [{ name: 'default', masquerade: {} }] }, ...domain },
          networks: [{ name: 'default', pod: {} }],
        },
      },
    },
  };
}

/** Cases on each side of the release steps of instancetype-reference (src/rules/instancetype.ts). */
export const STEP_CASES: StepCase[] = [
  {
    rule: 'instancetype-reference',
    since: '1.4',
    name: 'preferredCPUTopology "cores": ignored by 1.3 (1 socket, 1 core, 1 thread), a name of its own from 1.4',
    manifests: [object('VirtualMachineClusterPreference', 'p', { cpu: { preferredCPUTopology: 'cores' } })],
    before: { message: /^spec\.cpu\.preferredCPUTopology is "cores", which kubevirt 1\.3 accepts and ignores: .* use "preferCores"$/, severity: 'warning' },
    after: 'none',
  },
  {
    rule: 'instancetype-reference',
    since: '1.5',
    name: 'a VM setting cpu.cores under an instancetype: "VM field %s" up to 1.4, "VM field(s) %s" from 1.5',
    manifests: [c4, vm({ cpu: { cores: 2 } })],
    before: { message: /\(kubevirt: VM field spec\.template\.spec\.domain\.cpu\.cores conflicts with selected instance type\)$/, severity: 'error' },
    after: { message: /\(kubevirt: VM field\(s\) spec\.template\.spec\.domain\.cpu\.cores conflicts with selected instance type\)$/, severity: 'error' },
  },
  {
    rule: 'instancetype-reference',
    since: '1.6',
    name: 'a preference of instancetype.kubevirt.io/v1alpha2: served up to 1.5, not from 1.6',
    manifests: [object('VirtualMachineClusterPreference', 'p', {}, `${GROUP}/v1alpha2`)],
    before: 'none',
    after: { message: /^apiVersion "instancetype\.kubevirt\.io\/v1alpha2" is not served by kubevirt 1\.6; use instancetype\.kubevirt\.io\/v1beta1$/, severity: 'error' },
  },
  {
    rule: 'instancetype-reference',
    since: '1.7',
    name: 'domain.memory.hugepages under an instancetype without hugepages: any domain.memory conflicts up to 1.6, not from 1.7',
    manifests: [c4, vm({ memory: { hugepages: { pageSize: '2Mi' } } })],
    before: { message: /^spec\.template\.spec\.domain\.memory is set, but cluster instancetype "c4" sets it too/, severity: 'error' },
    after: 'none',
  },
  {
    rule: 'instancetype-reference',
    since: '1.7',
    name: 'ioThreads.supplementalPoolThreadCount on both: the instancetype has no ioThreads up to 1.6 (pruned), a conflict from 1.7',
    manifests: [
      object('VirtualMachineClusterInstancetype', 'c4', { cpu: { guest: 4 }, memory: { guest: '2Gi' }, ioThreads: { supplementalPoolThreadCount: 4 } }),
      vm({ ioThreads: { supplementalPoolThreadCount: 2 } }),
    ],
    before: 'none',
    after: { message: /^spec\.template\.spec\.domain\.ioThreads\.supplementalPoolThreadCount is set, but cluster instancetype "c4" sets it too/, severity: 'error' },
  },
];
