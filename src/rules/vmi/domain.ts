/**
 * VM and VMI values outside the network: run strategy, memory, CPU topology and the termination grace period.
 * These are the values the VirtualMachine construct sets; KubeVirt's webhooks and CRD schema judge them as below.
 */
import type { Rule } from '../types';
import { RUN_STRATEGIES, isNegativeQuantity, isQuantity } from '../patterns';
import { isObject, join, show } from '../util';
import { Gates, KubeVirtVersion } from '../../version';
import { isInt, kv, quantityValue } from './common';
import { objectAt, VMI_CONTAINERS } from '../kinds';

const VMS_ADMITTER = 'pkg/virt-api/webhooks/validating-webhook/admitters/vms-admitter.go';
const VMI_ADMITTER = 'pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go';

/** The gate `WaitAsReceiver` needs from 1.6 (alpha 1.6-1.9: kubevirt pkg/virt-config/featuregate/active.go@v1.9.0:315). */
const DECENTRALIZED_LIVE_MIGRATION = Gates.DECENTRALIZED_LIVE_MIGRATION;

export const vmRunStrategy: Rule = {
  meta: {
    id: 'vm-run-strategy',
    severity: 'error',
    versions: 'all',
    description: `A VirtualMachine's \`spec.runStrategy\` (a VirtualMachinePool's \`spec.virtualMachineTemplate.spec.runStrategy\`) must be one of ${RUN_STRATEGIES.filter((s) => s !== 'WaitAsReceiver').join(', ')}; `
      + 'from 1.6 also `WaitAsReceiver`, with the DecentralizedLiveMigration gate (checked when a KubeVirt CR is among the inputs).',
    source: `kubevirt ${VMS_ADMITTER}:247-273; staging/src/kubevirt.io/api/core/v1/types.go VirtualMachineRunStrategy`,
    history: [
      {
        since: '1.1',
        behaviour: 'runStrategy must be Halted, Manual, Always, RerunOnFailure or Once; anything else is rejected ("Invalid '
          + 'RunStrategy (<value>)"), WaitAsReceiver too.',
        source: `${VMS_ADMITTER}@v1.1.0:53, 420-434`,
      },
      {
        since: '1.6',
        behaviour: 'WaitAsReceiver is accepted when the DecentralizedLiveMigration gate is on, and rejected otherwise ("Invalid '
          + 'RunStrategy (WaitAsReceiver), DecentralizedLiveMigration feature gate is not enabled in kubevirt resource").',
        source: `${VMS_ADMITTER}@v1.6.0:247-273`,
      },
    ],
  },
  // kubevirt vms-admitter.go@v1.9.0:248-274; a VirtualMachinePool's VM template is validated by the same
  // ValidateVirtualMachineSpec (pkg/virt-api/webhooks/validating-webhook/admitters/vmpool-admitter.go@v1.9.0:120, @v1.1.0:102)
  check(ctx) {
    const v1_6 = ctx.version.isAtLeast(KubeVirtVersion.V1_6);
    const gate = ctx.cluster.gateOn(DECENTRALIZED_LIVE_MIGRATION);
    const accepted = RUN_STRATEGIES.filter((s) => s !== 'WaitAsReceiver').join(', ');
    for (const c of VMI_CONTAINERS) {
      if (!c.vmSpec) continue;
      const vms = ctx.byKind(c.kind);
      for (let i = 0; i < vms.length; i++) {
        const e = vms[i];
        if (e.group !== c.group) continue;
        const spec = objectAt(e.manifest, c.vmSpec);
        const rs = spec ? spec.runStrategy : undefined;
        if (rs === undefined || rs === null) continue;
        const path = join(c.vmSpec.join('.'), 'runStrategy');
        if (rs === 'WaitAsReceiver') {
          if (!v1_6) {
            ctx.report(e, path, `${path} is "WaitAsReceiver", which kubevirt ${ctx.version} does not know (it is `
              + `first in kubevirt 1.6); accepted: ${accepted}` + kv('Invalid RunStrategy (WaitAsReceiver)'));
          } else if (gate === false) {
            ctx.report(e, path, `${path} is "WaitAsReceiver", which needs "${DECENTRALIZED_LIVE_MIGRATION}" in `
              + 'spec.configuration.developerConfiguration.featureGates of the KubeVirt CR'
              + kv(`Invalid RunStrategy (WaitAsReceiver), ${DECENTRALIZED_LIVE_MIGRATION} feature gate is not enabled in kubevirt resource`));
          }
          continue;
        }
        if (typeof rs === 'string' && RUN_STRATEGIES.includes(rs)) continue;
        ctx.report(e, path, `${path} is ${show(rs)}; accepted: ${accepted}`
          + kv(`Invalid RunStrategy (${typeof rs === 'string' ? rs : show(rs)})`));
      }
    }
  },
};

/** 1M, the smallest memory request KubeVirt accepts (kubevirt vmi-create-admitter.go@v1.9.0:1135, resource.MustParse("1M")). */
const MIN_MEMORY_REQUEST = 1e6;

export const vmiMemory: Rule = {
  meta: {
    id: 'vmi-memory',
    severity: 'error',
    versions: 'all',
    description: '`domain.resources.requests.memory` and `limits.memory` must be Kubernetes quantities (the CRD pattern), '
      + 'not negative, a request above 0 at least 1M, and the request no more than a limit above 0 (the VMI webhook).',
    source: `kubevirt ${VMI_ADMITTER}:1101-1146; CRD schema validations_generated.go (quantity pattern); k8s apimachinery pkg/api/resource/quantity.go`,
    history: [
      {
        since: '1.1',
        behaviour: 'A negative request or limit is rejected ("must be greater than or equal to 0."), a request above 0 but below 1M '
          + 'too ("must be greater than or equal to 1M."), and a request above a limit that is above 0 ("is greater than"). The '
          + 'audit found no change 1.1-1.9.',
        source: `${VMI_ADMITTER}@v1.9.0:1101-1146; ${VMI_ADMITTER}@v1.1.0:1504-1545`,
      },
    ],
  },
  check(ctx) {
    const specs = ctx.vmiSpecs;
    for (let s = 0; s < specs.length; s++) {
      const view = specs[s];
      const domain = view.spec.domain;
      const resources = isObject(domain) ? domain.resources : undefined;
      if (!isObject(resources)) continue;
      const values: Record<string, number | undefined> = {};
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
        } else {
          values[kind] = quantityValue(memory);
        }
      }
      // kubevirt vmi-create-admitter.go@v1.9.0:1126-1146 (request 1M), :1101-1124 (request above limit)
      const request = values.requests;
      const limit = values.limits;
      const requestPath = join(view.path, 'domain', 'resources', 'requests', 'memory');
      const shown = (kind: string) => String((resources[kind] as Record<string, unknown>).memory);
      if (request !== undefined && request > 0 && request < MIN_MEMORY_REQUEST) {
        ctx.report(view.entry, requestPath, `${requestPath} is ${show((resources.requests as Record<string, unknown>).memory)}; `
          + 'a memory request must be at least 1M (or 0)' + kv(`${requestPath} '${shown('requests')}': must be greater than or equal to 1M.`));
      }
      if (request !== undefined && limit !== undefined && limit > 0 && Math.ceil(request) > Math.ceil(limit)) {
        const limitPath = join(view.path, 'domain', 'resources', 'limits', 'memory');
        ctx.report(view.entry, requestPath, `${requestPath} ${show((resources.requests as Record<string, unknown>).memory)} is more than `
          + `${limitPath} ${show((resources.limits as Record<string, unknown>).memory)}; raise the limit or lower the request`
          + kv(`${requestPath} '${shown('requests')}' is greater than ${limitPath} '${shown('limits')}'`));
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
    history: [
      {
        since: '1.1',
        behaviour: 'cores, sockets and threads are uint32: a negative, fractional or text value cannot be decoded and is rejected; '
          + '0 means unset. The audit found no change 1.1-1.9.',
        source: 'staging/src/kubevirt.io/api/core/v1/schema.go@v1.9.0:351-363; staging/src/kubevirt.io/api/core/v1/schema.go@v1.1.0:302-314',
      },
    ],
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
    history: [
      {
        since: '1.1',
        behaviour: 'terminationGracePeriodSeconds is an *int64 with no minimum and no webhook check: a negative value is accepted '
          + '(a warning), a value that is not an integer is rejected by the schema (an error). The audit found no change 1.1-1.9.',
        source: 'staging/src/kubevirt.io/api/core/v1/types.go@v1.9.0:133; staging/src/kubevirt.io/api/core/v1/types.go@v1.1.0:122',
      },
    ],
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
