/** Network sources: pod, Multus and DRA networks (A4 rows 1-5). */
import type { Rule } from '../types';
import { KubeVirtVersion } from '../../version';
import { NAD_REFERENCE_TEXT, nadReferenceProblem } from '../patterns';
import { join, obj, str, type Obj } from '../util';
import { forEachSpec, forEachSpecWith, isMultusDefault, isPod, kv, label, presentKeys, q } from './common';

/** The sources a network can have. */
const NETWORK_SOURCES = ['pod', 'multus', 'resourceClaim'] as const;

/**
 * How many of NETWORK_SOURCES a network has: `presentKeys(o, NETWORK_SOURCES).length`, written out as named loads
 * because this runs for every network of every VM (keep the two lists the same).
 */
function sourceCount(o: Obj): number {
  return (o.pod !== undefined && o.pod !== null ? 1 : 0)
    + (o.multus !== undefined && o.multus !== null ? 1 : 0)
    + (o.resourceClaim !== undefined && o.resourceClaim !== null ? 1 : 0);
}

export const singlePodNetwork: Rule = {
  meta: {
    id: 'single-pod-network',
    severity: 'error',
    versions: 'all',
    description: 'KubeVirt rejects a VMI with more than one `pod` network.',
    source: 'kubevirt pkg/network/admitter/netsource.go:39-45',
  },
  // kubevirt pkg/network/admitter/netsource.go:39-45
  check(ctx) {
    forEachSpec(ctx, (ns) => {
      let count = 0;
      for (let i = 0; i < ns.nets.length; i++) if (isPod(ns.nets[i])) count++;
      if (count < 2) return;
      const pods = ns.nets.filter(isPod);
      const first = pods[0];
      for (const extra of pods.slice(1)) {
        ctx.report(ns.view.entry, join(extra.path, 'pod'),
          `network ${label(extra)} is a second pod network; only one network may use pod: {} `
          + `(the first is ${first.path}); use multus for the others`
          + kv(`more than one interface is connected to a pod network in ${join(ns.view.path, 'interfaces')}`));
      }
    });
  },
};

export const singleMultusDefault: Rule = {
  meta: {
    id: 'single-multus-default-network',
    severity: 'error',
    versions: 'all',
    description: 'KubeVirt rejects a VMI with more than one Multus network marked `default: true`.',
    source: 'kubevirt pkg/network/admitter/netsource.go:50-56',
  },
  // kubevirt pkg/network/admitter/netsource.go:50-56
  check(ctx) {
    forEachSpecWith(ctx, { net: ['multus'] }, (ns) => {
      let count = 0;
      for (let i = 0; i < ns.nets.length; i++) if (isMultusDefault(ns.nets[i])) count++;
      if (count < 2) return;
      const defs = ns.nets.filter(isMultusDefault);
      for (const extra of defs.slice(1)) {
        ctx.report(ns.view.entry, join(extra.path, 'multus', 'default'),
          `multus.default is true on more than one network (the first is ${defs[0].path}); keep default: true on one network only`
          + kv('Multus CNI should only have one default network'));
      }
    });
  },
};

export const podOrMultusDefault: Rule = {
  meta: {
    id: 'pod-network-and-multus-default',
    severity: 'error',
    versions: 'all',
    description: 'A `pod` network and a Multus `default: true` network are mutually exclusive: both would be the default network.',
    source: 'kubevirt pkg/network/admitter/netsource.go:58-64',
  },
  // kubevirt pkg/network/admitter/netsource.go:58-64
  check(ctx) {
    forEachSpecWith(ctx, { net: ['multus'] }, (ns) => {
      const pod = ns.nets.find(isPod);
      const def = ns.nets.find(isMultusDefault);
      if (!pod || !def) return;
      ctx.report(ns.view.entry, join(def.path, 'multus', 'default'),
        `multus.default: true replaces the pod network, but ${pod.path} is a pod network too; remove one of them`
        + kv('Pod network cannot be defined when Multus default network is defined'));
    });
  },
};

export const networkSourceExactlyOne: Rule = {
  meta: {
    id: 'network-source-exactly-one',
    severity: 'error',
    versions: 'all',
    description: 'Each network needs exactly one source: `pod`, `multus` or (1.9+) `resourceClaim`.',
    source: 'kubevirt pkg/network/admitter/netsource.go:82-94',
  },
  // kubevirt pkg/network/admitter/netsource.go:82-94
  check(ctx) {
    forEachSpec(ctx, (ns) => {
      for (const net of ns.nets) {
        if (sourceCount(net.obj) === 1) continue;
        const sources = presentKeys(net.obj, NETWORK_SOURCES);
        const name = label(net);
        if (sources.length === 0) {
          ctx.report(ns.view.entry, net.path,
            `network ${name} has no source; set one of pod: {}, multus: {networkName: ...}${ctx.version.isAtLeast(KubeVirtVersion.V1_9) ? ' or resourceClaim: {...}' : ''}`
            + kv('should have a network type'));
        } else if (sources.length > 1) {
          ctx.report(ns.view.entry, net.path,
            `network ${name} has ${sources.length} sources (${sources.join(', ')}); keep exactly one`
            + kv('should have only one network type'));
        }
      }
    });
  },
};

export const multusNetworkName: Rule = {
  meta: {
    id: 'multus-network-name',
    severity: 'error',
    versions: 'all',
    description: 'A Multus network needs a non-empty `networkName` (the NetworkAttachmentDefinition, `<name>` or `<namespace>/<name>`); '
      + 'KubeVirt rejects an empty one, and reports only the first. A name that is not a NAD reference (namespace a DNS-1123 label, '
      + 'name a DNS-1123 subdomain) is accepted, but no NAD can have it, so the VM\'s pod never gets the network.',
    source: 'kubevirt pkg/network/admitter/netsource.go:99-110; pkg/network/multus/nad.go:36-50; k8s apimachinery pkg/util/validation/validation.go',
  },
  // kubevirt pkg/network/admitter/netsource.go:99-110
  check(ctx) {
    forEachSpecWith(ctx, { net: ['multus'] }, (ns) => {
      // A missing networkName is a schema error (reported by vmi-structure); the webhook sees "" for an empty one.
      const bad = ns.nets.find((n) => obj(n.obj.multus)?.networkName === '');
      if (bad) {
        ctx.report(ns.view.entry, join(bad.path, 'multus', 'networkName'),
          `multus.networkName is empty; set it to a NetworkAttachmentDefinition as <name> or <namespace>/<name>`
          + kv('CNI delegating plugin must have a networkName'));
      }
      for (const net of ns.nets) {
        const ref = str(obj(net.obj.multus)?.networkName);
        if (!ref) continue;
        const problem = nadReferenceProblem(ref);
        if (problem === undefined) continue;
        ctx.report(ns.view.entry, join(net.path, 'multus', 'networkName'),
          `multus.networkName ${q(ref)} is not a NetworkAttachmentDefinition reference: ${problem}; accepted: ${NAD_REFERENCE_TEXT}`);
      }
    });
  },
};

export const NETSOURCE_RULES: readonly Rule[] = [
  singlePodNetwork, singleMultusDefault, podOrMultusDefault, networkSourceExactlyOne, multusNetworkName,
];
