/** Network sources: pod, Multus and DRA networks (A4 rows 1-5). */
import type { Rule } from '../types';
import { KubeVirtVersion } from '../../version';
import { NAD_REFERENCE_TEXT, nadReferenceProblem } from '../patterns';
import { join, obj, str, type Obj } from '../util';
import { forEachSpec, forEachSpecWith, isMultusDefault, isPod, kv, label, presentKeys, q, VCA_1_1, type NetSpec } from './common';

/** The sources a network can have: `resourceClaim` only from 1.9 (kubevirt pkg/network/admitter/netsource.go@v1.9.0:71-82). */
const NETWORK_SOURCES = ['pod', 'multus', 'resourceClaim'] as const;
const NETWORK_SOURCES_1_1 = ['pod', 'multus'] as const;

/**
 * How many of the sources a network has: `presentKeys(o, sources).length`, written out as named loads because this
 * runs for every network of every VM (keep it the same as the lists). Before 1.9 the apiserver drops `resourceClaim`
 * (not in the schema, field-version reports it), so it does not count.
 */
function sourceCount(o: Obj, withClaim: boolean): number {
  return (o.pod !== undefined && o.pod !== null ? 1 : 0)
    + (o.multus !== undefined && o.multus !== null ? 1 : 0)
    + (withClaim && o.resourceClaim !== undefined && o.resourceClaim !== null ? 1 : 0);
}

/**
 * Whether a pod network counts toward "more than one pod network": from 1.3 every pod network does
 * (kubevirt pkg/network/admitter/netsource.go@v1.3.0:36-38); before, only one that an interface of its name uses
 * (getNumberOfPodInterfaces, kubevirt vmi-create-admitter.go@v1.1.0:2361-2373).
 */
function countsAsPod(ns: NetSpec, net: NetSpec['nets'][number], v1_3: boolean): boolean {
  return isPod(net) && (v1_3 || ns.iface(net.name) !== undefined);
}

export const singlePodNetwork: Rule = {
  meta: {
    id: 'single-pod-network',
    severity: 'error',
    versions: 'all',
    description: 'KubeVirt rejects a VMI with more than one `pod` network (before 1.3: more than one used by an interface).',
    source: 'kubevirt pkg/network/admitter/netsource.go:33-45',
    history: [
      {
        since: '1.1',
        behaviour: 'More than one pod network that an interface of the same name uses is rejected; a pod network without an '
          + 'interface does not count (interface-network-pairing reports it).',
        source: `${VCA_1_1}:175-178, 2361-2373`,
      },
      {
        since: '1.3',
        behaviour: 'Every pod network counts, whether an interface uses it or not.',
        source: 'pkg/network/admitter/netsource.go@v1.3.0:33-45',
      },
    ],
  },
  // kubevirt pkg/network/admitter/netsource.go:33-45
  check(ctx) {
    const v1_3 = ctx.version.isAtLeast(KubeVirtVersion.V1_3);
    forEachSpec(ctx, (ns) => {
      let count = 0;
      for (let i = 0; i < ns.nets.length; i++) if (isPod(ns.nets[i])) count++;
      if (count < 2) return;
      const pods = ns.nets.filter((n) => countsAsPod(ns, n, v1_3));
      if (pods.length < 2) return;
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
    history: [
      {
        since: '1.1',
        behaviour: 'More than one Multus network with default: true is rejected. The audit found no change 1.1-1.9.',
        source: `pkg/network/admitter/netsource.go@v1.9.0:50-56; ${VCA_1_1}:185-187, 966-972`,
      },
    ],
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
    history: [
      {
        since: '1.1',
        behaviour: 'A pod network next to a Multus default network is rejected. The audit found no change 1.1-1.9.',
        source: `pkg/network/admitter/netsource.go@v1.9.0:58-64; ${VCA_1_1}:188-190, 958-964`,
      },
    ],
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
    source: 'kubevirt pkg/network/admitter/netsource.go:68-97',
    history: [
      {
        since: '1.1',
        behaviour: 'A network with neither pod nor multus ("should have a network type"), or with both ("should have only one '
          + 'network type"), is rejected. resourceClaim is not in the schema: the apiserver drops it (field-version reports it), '
          + 'so a network with only resourceClaim has no source.',
        source: `${VCA_1_1}:974-1007, 1018-1033`,
      },
      {
        since: '1.9',
        behaviour: 'resourceClaim counts as a source: exactly one of pod, multus and resourceClaim.',
        source: 'pkg/network/admitter/netsource.go@v1.9.0:68-97',
      },
    ],
  },
  // kubevirt pkg/network/admitter/netsource.go:68-97
  check(ctx) {
    const withClaim = ctx.version.isAtLeast(KubeVirtVersion.V1_9);
    const known = withClaim ? NETWORK_SOURCES : NETWORK_SOURCES_1_1;
    forEachSpec(ctx, (ns) => {
      for (const net of ns.nets) {
        if (sourceCount(net.obj, withClaim) === 1) continue;
        const sources = presentKeys(net.obj, known);
        const name = label(net);
        if (sources.length === 0) {
          const dropped = !withClaim && net.obj.resourceClaim !== undefined && net.obj.resourceClaim !== null
            ? ` (resourceClaim is not in kubevirt ${ctx.version}: it is dropped)` : '';
          ctx.report(ns.view.entry, net.path,
            `network ${name} has no source${dropped}; set one of pod: {}, multus: {networkName: ...}${withClaim ? ' or resourceClaim: {...}' : ''}`
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
    history: [
      {
        since: '1.1',
        behaviour: 'A Multus network with an empty networkName is rejected ("CNI delegating plugin must have a networkName"). The '
          + 'audit found no change in what is accepted 1.1-1.9; before 1.3 every such network is reported, from 1.3 only the first '
          + '(pkg/network/admitter/netsource.go@v1.3.0:88-99). A networkName that is no NAD reference is accepted at every release '
          + 'and fails when the pod starts.',
        source: `pkg/network/admitter/netsource.go@v1.9.0:99-110; ${VCA_1_1}:989-1003, 1009-1016`,
      },
    ],
  },
  // kubevirt pkg/network/admitter/netsource.go:99-110
  check(ctx) {
    const onlyFirst = ctx.version.isAtLeast(KubeVirtVersion.V1_3);
    forEachSpecWith(ctx, { net: ['multus'] }, (ns) => {
      // A missing networkName is a schema error (reported by vmi-structure); the webhook sees "" for an empty one.
      const empty = ns.nets.filter((n) => obj(n.obj.multus)?.networkName === '');
      for (const bad of onlyFirst ? empty.slice(0, 1) : empty) {
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
