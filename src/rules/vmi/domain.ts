/**
 * VM and VMI values outside the network: run strategy, memory, CPU topology and the termination grace period.
 * These are the values the VirtualMachine construct sets; KubeVirt's webhooks and CRD schema judge them as below.
 */
import type { Rule } from '../types';
import { RUN_STRATEGIES, isNegativeQuantity, isQuantity } from '../patterns';
import { isObject, join, show } from '../util';
import { isInt, kv } from './common';
import { objectAt, VMI_CONTAINERS } from '../kinds';

export const vmRunStrategy: Rule = {
  meta: {
    id: 'vm-run-strategy',
    severity: 'error',
    versions: 'all',
    description: `A VirtualMachine's \`spec.runStrategy\` (a VirtualMachinePool's \`spec.virtualMachineTemplate.spec.runStrategy\`) must be one of ${RUN_STRATEGIES.filter((s) => s !== 'WaitAsReceiver').join(', ')} `
      + '(`WaitAsReceiver` needs the DecentralizedLiveMigration gate and is left alone).',
    source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vms-admitter.go (validRunStrategies, "Invalid RunStrategy"); '
      + 'staging/src/kubevirt.io/api/core/v1/types.go VirtualMachineRunStrategy',
  },
  // a VirtualMachinePool's VM template is validated by the same ValidateVirtualMachineSpec
  // (kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmpool-admitter.go:120 at v1.9.0, :102 at v1.1.0)
  check(ctx) {
    for (const c of VMI_CONTAINERS) {
      if (!c.vmSpec) continue;
      const vms = ctx.byKind(c.kind);
      for (let i = 0; i < vms.length; i++) {
        const e = vms[i];
        if (e.group !== c.group) continue;
        const spec = objectAt(e.manifest, c.vmSpec);
        const rs = spec ? spec.runStrategy : undefined;
        if (rs === undefined || rs === null || (typeof rs === 'string' && RUN_STRATEGIES.includes(rs))) continue;
        const path = join(c.vmSpec.join('.'), 'runStrategy');
        ctx.report(e, path,
          `${path} is ${show(rs)}; accepted: ${RUN_STRATEGIES.filter((s) => s !== 'WaitAsReceiver').join(', ')}`
          + kv(`Invalid RunStrategy (${typeof rs === 'string' ? rs : show(rs)})`));
      }
    }
  },
};

export const vmiMemory: Rule = {
  meta: {
    id: 'vmi-memory',
    severity: 'error',
    versions: 'all',
    description: '`domain.resources.requests.memory` and `limits.memory` must be Kubernetes quantities (the CRD pattern), '
      + 'not negative (the VMI webhook), and the request no more than the limit.',
    source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go (ValidateVirtualMachineInstanceSpec, '
      + '"must be greater than or equal to 0"); CRD schema validations_generated.go (quantity pattern); k8s apimachinery pkg/api/resource/quantity.go',
  },
  check(ctx) {
    const specs = ctx.vmiSpecs;
    for (let s = 0; s < specs.length; s++) {
      const view = specs[s];
      const domain = view.spec.domain;
      const resources = isObject(domain) ? domain.resources : undefined;
      if (!isObject(resources)) continue;
      for (const kind of ['requests', 'limits']) {
        const list = resources[kind];
        const memory = isObject(list) ? list.memory : undefined;
        if (memory === undefined || memory === null) continue;
        const path = join(view.path, 'domain', 'resources', kind, 'memory');
        if (!isQuantity(memory)) {
          ctx.report(view.entry, path, `${path} is ${show(memory)}; accepted: a kubernetes quantity such as "1Gi" or "1024M"`);
        } else if (isNegativeQuantity(memory)) {
          ctx.report(view.entry, path, `${path} is ${show(memory)}; memory must be 0 or more`
            + kv(`${path} '${String(memory)}': must be greater than or equal to 0.`));
        }
      }
    }
  },
};

/** CPU topology fields: uint32 in kubevirt types.go CPU (cores, sockets, threads). */
const CPU_COUNTS = ['cores', 'sockets', 'threads'] as const;

export const vmiCpuTopology: Rule = {
  meta: {
    id: 'vmi-cpu-topology',
    severity: 'error',
    versions: 'all',
    description: '`domain.cpu.cores`, `sockets` and `threads` are unsigned integers: a negative or fractional value is rejected '
      + '(the API cannot decode it). 0 means unset: KubeVirt applies its default of 1.',
    source: 'kubevirt staging/src/kubevirt.io/api/core/v1/schema.go CPU (Cores, Sockets, Threads uint32; "Must be a value greater or equal 1")',
  },
  check(ctx) {
    const specs = ctx.vmiSpecs;
    for (let s = 0; s < specs.length; s++) {
      const view = specs[s];
      const domain = view.spec.domain;
      const cpu = isObject(domain) ? domain.cpu : undefined;
      if (!isObject(cpu)) continue;
      for (const key of CPU_COUNTS) {
        const v = cpu[key];
        if (v === undefined || v === null || (isInt(v) && v >= 0)) continue;
        const path = join(view.path, 'domain', 'cpu', key);
        ctx.report(view.entry, path, `${path} is ${show(v)}; accepted: a whole number, 1 or more (0 or unset means 1)`);
      }
    }
  },
};

export const vmiTerminationGracePeriod: Rule = {
  meta: {
    id: 'vmi-termination-grace-period',
    severity: 'warning',
    versions: 'all',
    description: '`terminationGracePeriodSeconds` should be a whole number, 0 or more. A negative value is not rejected by '
      + 'KubeVirt, but the guest then gets no time to shut down.',
    source: 'kubevirt staging/src/kubevirt.io/api/core/v1/types.go VirtualMachineInstanceSpec.TerminationGracePeriodSeconds (*int64, no minimum in the CRD)',
  },
  check(ctx) {
    const specs = ctx.vmiSpecs;
    for (let s = 0; s < specs.length; s++) {
      const view = specs[s];
      const v = view.spec.terminationGracePeriodSeconds;
      if (v === undefined || v === null || (isInt(v) && v >= 0)) continue;
      const path = join(view.path, 'terminationGracePeriodSeconds');
      ctx.report(view.entry, path, `${path} is ${show(v)}; accepted: a whole number of seconds, 0 or more`,
        isInt(v) ? undefined : 'error');
    }
  },
};

export const DOMAIN_RULES: readonly Rule[] = [vmRunStrategy, vmiMemory, vmiCpuTopology, vmiTerminationGracePeriod];
