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
      + 'for slirp: before 1.3 unless `permitSlirpInterface` is true, from 1.3 always. Checked only when a KubeVirt CR is among the inputs.',
    source: 'kubevirt pkg/network/vmispec/defaults.go:33-57',
    history: [
      {
        since: '1.1',
        behaviour: 'The default bridge interface fails when permitBridgeInterfaceOnPodNetwork is false ("Bridge interface is not '
          + 'enabled in kubevirt-config"), the default slirp interface when permitSlirpInterface is not true (its default is false; '
          + '"Slirp interface is not enabled in kubevirt-config"). Masquerade always works.',
        source: 'pkg/virt-config/virt-config.go@v1.1.0:196-224',
      },
      {
        since: '1.3',
        behaviour: 'A slirp default always fails ("slirp interface is deprecated as of v1.3"), whatever permitSlirpInterface says. '
          + 'From 1.4 the code is in pkg/network/vmispec/defaults.go and the bridge text is lower case; what is accepted is the same.',
        source: 'pkg/virt-config/virt-config.go@v1.3.0:204-228',
      },
    ],
  },
  // kubevirt pkg/network/vmispec/defaults.go:33-57; before 1.4 pkg/virt-config/virt-config.go SetVMISpecDefaultNetworkInterface
  check(ctx) {
    if (ctx.cluster.sources.length === 0) return;
    const configured = str(networkConfig(ctx, 'defaultNetworkInterface'));
    // kubevirt pkg/virt-config/virt-config.go:73: the default is bridge
    const iface = configured === undefined || configured === '' ? 'bridge' : configured;
    const v = ctx.version;
    let problem: [string, string] | undefined;
    if (iface === 'bridge' && ctx.cluster.permitBridgeInterfaceOnPodNetwork === false) {
      // the text: capitalised up to 1.3 (virt-config.go@v1.3.0:216), lower case from 1.4 (defaults.go@v1.4.0:46)
      problem = ['bridge, but the KubeVirt CR sets permitBridgeInterfaceOnPodNetwork: false; add an interface with masquerade: {} '
        + 'and a pod network, or set defaultNetworkInterface: masquerade',
      `${v.isAtLeast(KubeVirtVersion.V1_4) ? 'b' : 'B'}ridge interface is not enabled in kubevirt-config`];
    } else if (iface === 'slirp' && v.isAtLeast(KubeVirtVersion.V1_3)) {
      problem = ['slirp, which kubevirt 1.3 and later reject; set defaultNetworkInterface: masquerade, or declare the interface',
        'slirp interface is deprecated as of v1.3'];
    } else if (iface === 'slirp' && networkConfig(ctx, 'permitSlirpInterface') !== true) {
      // kubevirt pkg/virt-config/virt-config.go@v1.1.0:213-216; DefaultPermitSlirpInterface = false (:60)
      problem = ['slirp, but the KubeVirt CR does not set permitSlirpInterface: true; set defaultNetworkInterface: masquerade, '
        + 'or declare the interface', 'Slirp interface is not enabled in kubevirt-config'];
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
