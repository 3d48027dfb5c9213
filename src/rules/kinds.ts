/**
 * The kinds that carry a VirtualMachineInstance spec, and where it sits in each.
 *
 * KubeVirt validates every one of them with the same VMI spec code (ValidateVirtualMachineInstanceSpec):
 * - VirtualMachineInstance `spec`: kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go
 *   (v1.1.0 to v1.9.0)
 * - VirtualMachine `spec.template.spec`: vms-admitter.go ValidateVirtualMachineSpec (v1.1.0 to v1.9.0, :209-227 at
 *   v1.9.0), after applying the referenced instancetype and preference (:112-118 at v1.9.0)
 * - VirtualMachineInstanceReplicaSet `spec.template.spec`: vmirs-admitter.go ValidateVMIRSSpec (:81-110 at v1.9.0,
 *   the same code from v1.1.0)
 * - VirtualMachinePool `spec.virtualMachineTemplate.spec` (a VM spec, so its VMI spec is at
 *   `spec.virtualMachineTemplate.spec.template.spec`): vmpool-admitter.go ValidateVMPoolSpec calls
 *   ValidateVirtualMachineSpec (:102 at v1.1.0, :120 at v1.9.0). pool.kubevirt.io/v1alpha1 is served from v1.1.0,
 *   v1beta1 as well from v1.7.0 (pkg/virt-operator/resource/generate/components/crds.go:399-412 at v1.7.0).
 *
 * The pool and replica-set admitters do not apply instancetypes or preferences; the VMs a pool creates go through
 * the VM admitter, which does. This library applies them for pools too, so the verdict is about the VMs the pool
 * makes.
 */
import { KubeVirtVersion } from '../version';
import type { Entry } from './types';
import { isObject, type Obj } from './util';

/** One kind that holds a VMI spec. */
export interface VmiContainer {
  readonly group: string;
  readonly kind: string;
  /** Keys from the object to its VirtualMachine spec (`runStrategy`, `instancetype`, `preference`); none for VMI and VMIRS. */
  readonly vmSpec?: readonly string[];
  /** Keys from the object to the VMI template (`metadata` and `spec`); none for a VMI, whose spec is its own. */
  readonly template?: readonly string[];
  /** Keys from the object to the VMI spec. */
  readonly spec: readonly string[];
}

export const VMI_CONTAINERS: readonly VmiContainer[] = [
  { group: 'kubevirt.io', kind: 'VirtualMachineInstance', spec: ['spec'] },
  { group: 'kubevirt.io', kind: 'VirtualMachine', vmSpec: ['spec'], template: ['spec', 'template'], spec: ['spec', 'template', 'spec'] },
  { group: 'kubevirt.io', kind: 'VirtualMachineInstanceReplicaSet', template: ['spec', 'template'], spec: ['spec', 'template', 'spec'] },
  {
    group: 'pool.kubevirt.io',
    kind: 'VirtualMachinePool',
    vmSpec: ['spec', 'virtualMachineTemplate', 'spec'],
    template: ['spec', 'virtualMachineTemplate', 'spec', 'template'],
    spec: ['spec', 'virtualMachineTemplate', 'spec', 'template', 'spec'],
  },
];

/** The kinds of VMI_CONTAINERS, for lookups by kind. */
export const VMI_CONTAINER_KINDS: readonly string[] = VMI_CONTAINERS.map((c) => c.kind);

/** The container description of an entry, when it is one of the kinds (matched by kind and group). */
export function containerOf(e: Entry): VmiContainer | undefined {
  for (const c of VMI_CONTAINERS) if (c.kind === e.ref.kind && c.group === e.group) return c;
  return undefined;
}

/** The value at `keys`, or undefined as soon as a step is not an object. */
export function at(manifest: unknown, keys: readonly string[]): unknown {
  let cur: unknown = manifest;
  for (const k of keys) {
    if (!isObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** The object at `keys`, or undefined. */
export function objectAt(manifest: unknown, keys: readonly string[]): Obj | undefined {
  const v = at(manifest, keys);
  return isObject(v) ? v : undefined;
}

/**
 * The apiVersions a release serves for the kinds this library reads, where they changed within 1.1-1.9.
 * - pool.kubevirt.io: v1alpha1 from v1.1.0, v1beta1 from v1.7.0 (crds.go:399-412 at v1.7.0)
 * - instancetype.kubevirt.io: v1alpha1, v1alpha2 and v1beta1 up to v1.5.x; only v1beta1 from v1.6.0, whose CRDs
 *   keep v1alpha1 and v1alpha2 with `Served: false` (crds.go@v1.5.0:681-692 against crds.go@v1.6.0:680-692); v1.7.0
 *   drops them (crds.go@v1.7.0:684-688)
 */
export function servedVersions(group: string, version: KubeVirtVersion): readonly string[] | undefined {
  if (group === 'pool.kubevirt.io') return version.isAtLeast(KubeVirtVersion.V1_7) ? ['v1alpha1', 'v1beta1'] : ['v1alpha1'];
  if (group === 'instancetype.kubevirt.io') return version.isAtLeast(KubeVirtVersion.V1_6) ? ['v1beta1'] : ['v1alpha1', 'v1alpha2', 'v1beta1'];
  return undefined;
}
