/** The default pod interface KubeVirt adds to a VMI without interfaces and networks (A4 row 45). */
import type { Rule } from '../types';
import { KubeVirtVersion } from '../../version';
import { dig, join, str } from '../util';
import { forEachSpec, kv, networkConfig } from './common';

const empty = (x: unknown) => x === undefined || x === null || (Array.isArray(x) && x.length === 0);

export const defaultInterface: Rule = {
  meta: {
    id: 'default-network-interface',
    severity: 'error',
    versions: 'all',
    description: 'With no interfaces and no networks (and `autoattachPodInterface` not false) KubeVirt adds a pod interface of the '
      + "cluster's `defaultNetworkInterface` (default bridge). That fails when bridge on the pod network is not permitted, and "
      + 'from 1.3 for slirp. Checked only when a KubeVirt CR is among the inputs.',
    source: 'kubevirt pkg/network/vmispec/defaults.go:43-53',
  },
  // kubevirt pkg/network/vmispec/defaults.go:33-57
  check(ctx) {
    if (ctx.cluster.sources.length === 0) return;
    const configured = str(networkConfig(ctx, 'defaultNetworkInterface'));
    // kubevirt pkg/virt-config/virt-config.go:73: the default is bridge
    const iface = configured === undefined || configured === '' ? 'bridge' : configured;
    let problem: [string, string] | undefined;
    if (iface === 'bridge' && ctx.cluster.permitBridgeInterfaceOnPodNetwork === false) {
      problem = ['bridge, but the KubeVirt CR sets permitBridgeInterfaceOnPodNetwork: false; add an interface with masquerade: {} '
        + 'and a pod network, or set defaultNetworkInterface: masquerade', 'bridge interface is not enabled in kubevirt-config'];
    } else if (iface === 'slirp' && ctx.version.isAtLeast(KubeVirtVersion.V1_3)) {
      problem = ['slirp, which kubevirt 1.3 and later reject; set defaultNetworkInterface: masquerade, or declare the interface',
        'slirp interface is deprecated as of v1.3'];
    }
    if (!problem) return;
    const [why, text] = problem;
    forEachSpec(ctx, (ns) => {
      const spec = ns.view.spec;
      if (!empty(dig(spec, 'domain', 'devices', 'interfaces')) || !empty(spec.networks)) return;
      if (dig(spec, 'domain', 'devices', 'autoattachPodInterface') === false) return;
      ctx.report(ns.view.entry, join(ns.view.path, 'domain', 'devices', 'interfaces'),
        `no interfaces or networks are declared, so kubevirt adds a default pod interface of type ${why}` + kv(text));
    });
  },
};

export const DEFAULTS_RULES: readonly Rule[] = [defaultInterface];
