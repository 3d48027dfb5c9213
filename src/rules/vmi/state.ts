/** Interface `state` (A4 rows 6-9). */
import type { Rule } from '../types';
import { KubeVirtVersion } from '../../version';
import { has, join, str } from '../util';
import { defaultNetwork, forEachSpecWith, goName, kv, label, q } from './common';

const NETWORK_GO_1_1 = 'pkg/virt-api/webhooks/validating-webhook/admitters/network.go@v1.1.0';

/**
 * The `state` values KubeVirt accepts: empty and `absent` (kubevirt network.go@v1.1.0:36); `up` and `down` from 1.5
 * (kubevirt pkg/network/admitter/admit.go@v1.5.0:36-39).
 */
function knownStates(version: KubeVirtVersion): readonly string[] {
  return version.isAtLeast(KubeVirtVersion.V1_5) ? ['', 'absent', 'up', 'down'] : ['', 'absent'];
}

export const interfaceStateValue: Rule = {
  meta: {
    id: 'interface-state-value',
    severity: 'error',
    versions: 'all',
    description: 'An interface `state` must be empty, `absent`, `up` or `down` (`up`/`down` from 1.5).',
    source: 'kubevirt pkg/network/admitter/admit.go:33-45',
    history: [
      {
        since: '1.1',
        behaviour: 'state must be empty or absent; anything else (up and down too) is rejected ("logical <name> interface state '
          + 'value is unsupported: <state>"). The schema has no enum for it: the webhook is what rejects.',
        source: `${NETWORK_GO_1_1}:33-42`,
      },
      {
        since: '1.5',
        behaviour: 'up and down are accepted too.',
        source: 'pkg/network/admitter/admit.go@v1.5.0:33-45',
      },
    ],
  },
  // kubevirt pkg/network/admitter/admit.go:33-45
  check(ctx) {
    const known = knownStates(ctx.version);
    const allowed = ctx.version.isAtLeast(KubeVirtVersion.V1_5) ? 'absent, up or down' : 'absent';
    forEachSpecWith(ctx, { iface: ['state'] }, (ns) => {
      for (const it of ns.ifaces) {
        const state = str(it.obj.state);
        if (state === undefined || known.includes(state)) continue;
        const later = state === 'up' || state === 'down' ? ` (${state} is first accepted in kubevirt 1.5)` : '';
        ctx.report(ns.view.entry, join(it.path, 'state'),
          `interface ${label(it)} has state ${q(state)}; use ${allowed}, or leave it out${later}`
          + kv(`logical ${goName(it)} interface state value is unsupported: ${state}`));
      }
    });
  },
};

export const sriovState: Rule = {
  meta: {
    id: 'sriov-interface-state',
    severity: 'error',
    versions: '1.5+',
    description: 'SR-IOV interfaces cannot be set `up` or `down`.',
    source: 'kubevirt pkg/network/admitter/admit.go:46-55',
    history: [
      {
        since: '1.5',
        behaviour: 'An sriov interface with state up or down is rejected (both values are new in 1.5).',
        source: 'pkg/network/admitter/admit.go@v1.5.0:46-55',
      },
    ],
  },
  // kubevirt pkg/network/admitter/admit.go:47-54
  check(ctx) {
    if (ctx.version.isOlderThan(KubeVirtVersion.V1_5)) return;
    forEachSpecWith(ctx, { iface: ['state'] }, (ns) => {
      for (const it of ns.ifaces) {
        const state = str(it.obj.state);
        if ((state !== 'up' && state !== 'down') || !has(it.obj, 'sriov')) continue;
        ctx.report(ns.view.entry, join(it.path, 'state'),
          `interface ${label(it)} is sriov and has state ${q(state)}; SR-IOV interfaces cannot be set up or down, remove state`
          + kv(`${q(goName(it))} interface's state ${q(state)} is not supported for SR-IOV NICs`));
      }
    });
  },
};

export const absentNeedsBridge: Rule = {
  meta: {
    id: 'absent-state-needs-bridge',
    severity: 'error',
    versions: 'all',
    description: '`state: absent` (hot-unplug) is supported only for interfaces with the `bridge` binding.',
    source: 'kubevirt pkg/network/admitter/admit.go:56-62',
    history: [
      {
        since: '1.1',
        behaviour: 'state absent on an interface without bridge is rejected. The audit found no change 1.1-1.9.',
        source: `pkg/network/admitter/admit.go@v1.9.0:56-62; ${NETWORK_GO_1_1}:43-49`,
      },
    ],
  },
  // kubevirt pkg/network/admitter/admit.go:56-62
  check(ctx) {
    forEachSpecWith(ctx, { iface: ['state'] }, (ns) => {
      for (const it of ns.ifaces) {
        if (str(it.obj.state) !== 'absent' || has(it.obj, 'bridge')) continue;
        ctx.report(ns.view.entry, join(it.path, 'state'),
          `interface ${label(it)} has state "absent" but no bridge binding; hot-unplug works only with bridge: {}`
          + kv(`${q(goName(it))} interface's state "absent" is supported only for bridge binding`));
      }
    });
  },
};

export const absentNotOnDefault: Rule = {
  meta: {
    id: 'absent-state-not-on-default-network',
    severity: 'error',
    versions: 'all',
    description: '`state: absent` is not allowed on the default network (the pod network or the Multus default network; before 1.9 '
      + 'the first network that is not a secondary Multus network).',
    source: 'kubevirt pkg/network/admitter/admit.go:63-70',
    history: [
      {
        since: '1.1',
        behaviour: 'state absent on the interface of the default network is rejected ("... is not supported on default networks"). '
          + 'The default network is the first network that is not a secondary Multus network: a pod network, a Multus default '
          + 'network, or a network with no source (rejected anyway by network-source-exactly-one).',
        source: `${NETWORK_GO_1_1}:50-57; pkg/network/vmispec/network.go@v1.1.0:57-64`,
      },
      {
        since: '1.9',
        behaviour: 'The default network is the first pod network or Multus default network: a network with no source (or a DRA '
          + 'network) before it no longer counts.',
        source: 'pkg/network/admitter/admit.go@v1.9.0:63-70; pkg/network/vmispec/network.go@v1.9.0:61-68',
      },
    ],
  },
  // kubevirt pkg/network/admitter/admit.go:63-70
  check(ctx) {
    forEachSpecWith(ctx, { iface: ['state'] }, (ns) => {
      const def = defaultNetwork(ns, ctx.version);
      if (!def || def.name === undefined) return;
      for (const it of ns.ifaces) {
        if (str(it.obj.state) !== 'absent' || it.name !== def.name) continue;
        ctx.report(ns.view.entry, join(it.path, 'state'),
          `interface ${label(it)} has state "absent" but is on the default network (${def.path}); only secondary interfaces can be unplugged`
          + kv(`${q(goName(it))} interface's state "absent" is not supported on default networks`));
      }
    });
  },
};

export const STATE_RULES: readonly Rule[] = [interfaceStateValue, sriovState, absentNeedsBridge, absentNotOnDefault];
