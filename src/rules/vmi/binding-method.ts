/** Binding methods of interfaces (A4 rows 10, 10a, 10b, 11-15). */
import type { Rule } from '../types';
import { Gates, KubeVirtVersion } from '../../version';
import { has, join } from '../util';
import { BINDINGS_1_9, BINDINGS_1_9_SET, countKeys, DEPRECATED_METHODS, forEachSpec, forEachSpecWith, goName, isPod, kv, label, presentKeys } from './common';

export const bindingMethodExactlyOne: Rule = {
  meta: {
    id: 'binding-method-exactly-one',
    severity: 'error',
    versions: '1.9+',
    description: 'From 1.9 each interface needs exactly one of `bridge`, `masquerade`, `sriov`, `passtBinding` or `binding` '
      + '(the discontinued `slirp`, `macvtap`, `passt` do not count).',
    source: 'kubevirt pkg/network/admitter/binding.go:48-80 (v1.9.0)',
    history: [
      {
        since: '1.9',
        behaviour: 'each interface has exactly one of bridge, masquerade, sriov, passtBinding or binding ("logical %s interface must '
          + 'have exactly one binding method or binding plugin"); before 1.9 KubeVirt checked only binding next to a core method '
          + '(binding-plugin-and-method)',
        source: 'kubevirt pkg/network/admitter/binding.go@v1.9.0:48-80',
      },
    ],
  },
  // kubevirt pkg/network/admitter/binding.go:48-80 (v1.9.0)
  check(ctx) {
    if (ctx.version.isOlderThan(KubeVirtVersion.V1_9)) return;
    forEachSpec(ctx, (ns) => {
      for (const it of ns.ifaces) {
        if (countKeys(it.obj, BINDINGS_1_9_SET) === 1) continue;
        const got = presentKeys(it.obj, BINDINGS_1_9);
        const old = presentKeys(it.obj, DEPRECATED_METHODS);
        const what = got.length > 0
          ? `${got.length} binding methods (${got.join(', ')})`
          : `no binding method${old.length ? ` (the discontinued core ${old.join(', ')} does not count)` : ''}`;
        ctx.report(ns.view.entry, it.path,
          `interface ${label(it)} has ${what}; set exactly one of bridge, masquerade, sriov, passtBinding or binding`
          + kv(`logical ${goName(it)} interface must have exactly one binding method or binding plugin`));
      }
    });
  },
};

/** The core methods `hasInterfaceBindingMethod` counts: 1.1-1.7 include the deprecated ones, 1.8 has passtBinding instead. */
function coreMethods(v: KubeVirtVersion): readonly string[] {
  return v.isAtLeast(KubeVirtVersion.V1_8) ? CORE_METHODS_1_8 : CORE_METHODS_1_1;
}
const CORE_METHODS_1_8 = ['bridge', 'masquerade', 'sriov', 'passtBinding'];
const CORE_METHODS_1_1 = ['bridge', 'slirp', 'masquerade', 'sriov', 'macvtap', 'passt'];

export const bindingPluginAndMethod: Rule = {
  meta: {
    id: 'binding-plugin-and-method',
    severity: 'error',
    versions: '1.1-1.8',
    description: 'Before 1.9 an interface cannot have both a binding plugin (`binding`) and a core binding method.',
    source: 'kubevirt pkg/network/admitter/binding.go:48-64 (v1.8.0)',
    history: [
      {
        since: '1.1',
        behaviour: 'an interface with binding and any of bridge, slirp, masquerade, sriov, macvtap or passt is rejected ("logical %s '
          + 'interface cannot have both binding plugin and interface binding method"); the check moved to pkg/network/admitter/binding.go '
          + 'in 1.3 unchanged',
        source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/network.go@v1.1.0:62-86',
      },
      {
        since: '1.8',
        behaviour: 'the core methods counted are bridge, masquerade, sriov and the new passtBinding: binding next to the discontinued '
          + 'slirp, macvtap or passt is no longer this error (discontinued-* reject those)',
        source: 'kubevirt pkg/network/admitter/binding.go@v1.8.0:48-64',
      },
      {
        since: '1.9',
        behaviour: 'replaced by the exactly-one check (binding-method-exactly-one), which reports binding next to a core method with its '
          + 'own text; this rule reports nothing from 1.9',
        source: 'kubevirt pkg/network/admitter/binding.go@v1.9.0:48-80',
      },
    ],
  },
  // kubevirt pkg/network/admitter/binding.go:48-57 (v1.8.0); before v1.8 hasInterfaceBindingMethod also counted slirp, macvtap, passt
  check(ctx) {
    if (ctx.version.isAtLeast(KubeVirtVersion.V1_9)) return;
    const core = coreMethods(ctx.version);
    const coreSet = new Set(core);
    forEachSpecWith(ctx, { iface: ['binding'] }, (ns) => {
      for (const it of ns.ifaces) {
        if (!has(it.obj, 'binding') || countKeys(it.obj, coreSet) === 0) continue;
        const got = presentKeys(it.obj, core);
        ctx.report(ns.view.entry, join(it.path, 'binding'),
          `interface ${label(it)} has binding and ${got.join(', ')}; keep either the binding plugin or the core binding method`
          + kv(`logical ${goName(it)} interface cannot have both binding plugin and interface binding method`));
      }
    });
  },
};

export const bindingPluginsGate: Rule = {
  meta: {
    id: 'binding-plugins-gate',
    severity: 'error',
    versions: '1.1-1.4',
    description: 'Up to 1.4 an interface with `binding` needs the `NetworkBindingPlugins` feature gate in the KubeVirt CR '
      + '(GA from 1.5). Checked only when a KubeVirt or HyperConverged CR is among the inputs.',
    source: 'kubevirt pkg/network/admitter/binding.go:102-110 (v1.4.0); pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go:344 (v1.1.0)',
    history: [
      {
        since: '1.1',
        behaviour: 'an interface with binding is rejected unless NetworkBindingPlugins is listed in featureGates ("Binding plugins feature '
          + 'gate is not enabled"); beta in 1.4 but still only on when listed (feature-gates.go@v1.4.0 looks at GA and the list). Moved to '
          + 'pkg/network/admitter/binding.go in 1.3 unchanged',
        source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go@v1.1.0:344-345; pkg/network/admitter/binding.go@v1.4.0:102-110',
      },
      {
        since: '1.5',
        behaviour: 'the gate is GA and the check is gone: binding plugins need no gate',
        source: 'kubevirt pkg/network/admitter/binding.go@v1.5.0:34-46; pkg/virt-config/featuregate/inactive.go@v1.5.0:65,99',
      },
    ],
  },
  // kubevirt pkg/network/admitter/binding.go:102-110 (v1.4.0)
  check(ctx) {
    if (ctx.version.isAtLeast(KubeVirtVersion.V1_5)) return;
    if (ctx.cluster.gateOn(Gates.NETWORK_BINDING_PLUGINS) !== false) return;
    forEachSpecWith(ctx, { iface: ['binding'] }, (ns) => {
      for (const it of ns.ifaces) {
        if (!has(it.obj, 'binding')) continue;
        ctx.report(ns.view.entry, join(it.path, 'binding'),
          `interface ${label(it)} uses a binding plugin, but kubevirt ${ctx.version} needs "${Gates.NETWORK_BINDING_PLUGINS}" in `
          + `spec.configuration.developerConfiguration.featureGates of the KubeVirt CR`
          + kv('Binding plugins feature gate is not enabled'));
      }
    });
  },
};

export const masqueradePodNetwork: Rule = {
  meta: {
    id: 'masquerade-pod-network',
    severity: 'error',
    versions: 'all',
    description: '`masquerade` works only on the `pod` network.',
    source: 'kubevirt pkg/network/admitter/binding.go:84-90 (v1.9.0)',
    history: [
      {
        since: '1.1',
        behaviour: 'masquerade on a network that is not the pod network is rejected ("Masquerade interface only implemented with pod '
          + 'network"). The audit found no change 1.1-1.9 (moved to pkg/network/admitter/binding.go in 1.3)',
        source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go@v1.1.0:328-329; pkg/network/admitter/binding.go@v1.9.0:84-90',
      },
    ],
  },
  // kubevirt pkg/network/admitter/binding.go:84-90
  check(ctx) {
    forEachSpecWith(ctx, { iface: ['masquerade'] }, (ns) => {
      for (const it of ns.ifaces) {
        if (!has(it.obj, 'masquerade')) continue;
        const net = ns.network(it.name);
        // A missing network is reported by interface-network-pairing.
        if (!net || isPod(net)) continue;
        ctx.report(ns.view.entry, join(it.path, 'masquerade'),
          `interface ${label(it)} uses masquerade on ${net.path}, which is not a pod network; use bridge or a binding plugin for Multus networks`
          + kv('Masquerade interface only implemented with pod network'));
      }
    });
  },
};

/** kubevirt pkg/network/link/mac.go:27 StaticMasqueradeBridgeMAC (compared as an exact string). */
const RESERVED_MAC = '02:00:00:00:00:00';

export const masqueradeReservedMac: Rule = {
  meta: {
    id: 'masquerade-reserved-mac',
    severity: 'error',
    versions: 'all',
    description: `A \`masquerade\` interface cannot use MAC ${RESERVED_MAC}, which the in-pod bridge uses.`,
    source: 'kubevirt pkg/network/admitter/binding.go:91-97 (v1.9.0); pkg/network/link/mac.go:27-31',
    history: [
      {
        since: '1.1',
        behaviour: 'masquerade with macAddress 02:00:00:00:00:00 (compared as an exact string) is rejected ("The requested MAC address is '
          + 'reserved for the in-pod bridge. Please choose another one."). The audit found no change 1.1-1.9',
        source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go@v1.1.0:330-331; pkg/network/link/reserved_macs.go@v1.1.0:24-26; pkg/network/admitter/binding.go@v1.9.0:91-97',
      },
    ],
  },
  // kubevirt pkg/network/admitter/binding.go:91-97
  check(ctx) {
    forEachSpecWith(ctx, { iface: ['macAddress'] }, (ns) => {
      for (const it of ns.ifaces) {
        if (!has(it.obj, 'masquerade') || it.obj.macAddress !== RESERVED_MAC) continue;
        ctx.report(ns.view.entry, join(it.path, 'macAddress'),
          `interface ${label(it)} has macAddress "${RESERVED_MAC}", which masquerade reserves for the in-pod bridge; choose another address`
          + kv('The requested MAC address is reserved for the in-pod bridge. Please choose another one.'));
      }
    });
  },
};

export const bridgeOnPodNetwork: Rule = {
  meta: {
    id: 'bridge-on-pod-network',
    severity: 'error',
    versions: 'all',
    description: '`bridge` on the `pod` network needs `permitBridgeInterfaceOnPodNetwork` (default true) in the KubeVirt CR. '
      + 'Checked only when a KubeVirt or HyperConverged CR is among the inputs.',
    source: 'kubevirt pkg/network/admitter/binding.go:101-112 (v1.9.0)',
    history: [
      {
        since: '1.1',
        behaviour: 'bridge on the pod network is rejected when the KubeVirt CR sets permitBridgeInterfaceOnPodNetwork: false (default '
          + 'true; "Bridge on pod network configuration is not enabled under kubevirt-config"). The audit found no change 1.1-1.9',
        source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go@v1.1.0:332-333; pkg/network/admitter/binding.go@v1.9.0:101-112',
      },
    ],
  },
  // kubevirt pkg/network/admitter/binding.go:101-112
  check(ctx) {
    if (ctx.cluster.permitBridgeInterfaceOnPodNetwork !== false) return;
    forEachSpecWith(ctx, { iface: ['bridge'] }, (ns) => {
      for (const it of ns.ifaces) {
        if (!has(it.obj, 'bridge') || !isPod(ns.network(it.name))) continue;
        ctx.report(ns.view.entry, join(it.path, 'bridge'),
          `interface ${label(it)} uses bridge on the pod network, but the KubeVirt CR sets `
          + `spec.configuration.network.permitBridgeInterfaceOnPodNetwork: false; use masquerade, or allow it in the CR`
          + kv('Bridge on pod network configuration is not enabled under kubevirt-config'));
      }
    });
  },
};

export const passtBindingGate: Rule = {
  meta: {
    id: 'passt-binding-gate',
    severity: 'error',
    versions: '1.8+',
    description: 'Core `passtBinding` needs the `PasstBinding` feature gate: listed in 1.8, on by default (beta) from 1.9 unless disabled. '
      + 'Checked only when a KubeVirt or HyperConverged CR is among the inputs.',
    source: 'kubevirt pkg/network/admitter/passt.go:34-40 (v1.9.0)',
    history: [
      {
        since: '1.8',
        behaviour: 'core passtBinding is new and needs the PasstBinding gate (beta) listed in featureGates ("PasstBinding feature gate is '
          + 'not enabled")',
        source: 'kubevirt pkg/network/admitter/passt.go@v1.8.0:34-40; pkg/virt-config/featuregate/active.go@v1.8.0:268',
      },
      {
        since: '1.9',
        behaviour: 'beta gates are on by default: passtBinding is rejected only when PasstBinding is in disabledFeatureGates',
        source: 'kubevirt pkg/virt-config/featuregate/feature-gates.go@v1.9.0:90-111; pkg/network/admitter/passt.go@v1.9.0:34-40',
      },
    ],
  },
  // kubevirt pkg/network/admitter/passt.go:34-40
  check(ctx) {
    if (ctx.version.isOlderThan(KubeVirtVersion.V1_8)) return; // field-version reports the field itself
    if (ctx.cluster.gateOn(Gates.PASST_BINDING) !== false) return;
    const how = ctx.version.isAtLeast(KubeVirtVersion.V1_9)
      ? `remove "${Gates.PASST_BINDING}" from disabledFeatureGates`
      : `add "${Gates.PASST_BINDING}" to featureGates`;
    forEachSpecWith(ctx, { iface: ['passtBinding'] }, (ns) => {
      for (const it of ns.ifaces) {
        if (!has(it.obj, 'passtBinding')) continue;
        ctx.report(ns.view.entry, join(it.path, 'passtBinding'),
          `interface ${label(it)} uses passtBinding, but the ${Gates.PASST_BINDING} gate is off in kubevirt ${ctx.version}; `
          + `${how} in spec.configuration.developerConfiguration of the KubeVirt CR`
          + kv('PasstBinding feature gate is not enabled'));
      }
    });
  },
};

export const passtBindingPodNetwork: Rule = {
  meta: {
    id: 'passt-binding-pod-network',
    severity: 'error',
    versions: '1.8+',
    description: 'Core `passtBinding` works only on the `pod` network.',
    source: 'kubevirt pkg/network/admitter/passt.go:42-48 (v1.9.0)',
    history: [
      {
        since: '1.8',
        behaviour: 'core passtBinding on a network that is not the pod network is rejected ("PasstBinding interface only implemented with '
          + 'pod network"). The audit found no change 1.8-1.9',
        source: 'kubevirt pkg/network/admitter/passt.go@v1.8.0:42-48; pkg/network/admitter/passt.go@v1.9.0:42-48',
      },
    ],
  },
  // kubevirt pkg/network/admitter/passt.go:42-48
  check(ctx) {
    if (ctx.version.isOlderThan(KubeVirtVersion.V1_8)) return;
    forEachSpecWith(ctx, { iface: ['passtBinding'] }, (ns) => {
      for (const it of ns.ifaces) {
        if (!has(it.obj, 'passtBinding')) continue;
        const net = ns.network(it.name);
        if (!net || isPod(net)) continue;
        ctx.report(ns.view.entry, join(it.path, 'passtBinding'),
          `interface ${label(it)} uses passtBinding on ${net.path}, which is not a pod network; passt serves the pod network only`
          + kv('PasstBinding interface only implemented with pod network'));
      }
    });
  },
};

export const BINDING_METHOD_RULES: readonly Rule[] = [
  bindingMethodExactlyOne, bindingPluginAndMethod, bindingPluginsGate, masqueradePodNetwork, masqueradeReservedMac,
  bridgeOnPodNetwork, passtBindingGate, passtBindingPodNetwork,
];
