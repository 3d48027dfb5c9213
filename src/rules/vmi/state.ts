/** Interface `state` (A4 rows 6-9). */
import type { Rule } from '../types';
import { KubeVirtVersion } from '../../version';
import { has, join, str } from '../util';
import { defaultNetwork, forEachSpecWith, goName, kv, label, q } from './common';

/** Every `state` value any release in range knows; `up`/`down` arrive in 1.5 (the field-version rule reports them before). */
const KNOWN_STATES = ['', 'absent', 'up', 'down'];

export const interfaceStateValue: Rule = {
  meta: {
    id: 'interface-state-value',
    severity: 'error',
    versions: 'all',
    description: 'An interface `state` must be empty, `absent`, `up` or `down` (`up`/`down` from 1.5).',
    source: 'kubevirt pkg/network/admitter/admit.go:36-45',
  },
  // kubevirt pkg/network/admitter/admit.go:36-45
  check(ctx) {
    const allowed = ctx.version.isAtLeast(KubeVirtVersion.V1_5) ? 'absent, up or down' : 'absent';
    forEachSpecWith(ctx, { iface: ['state'] }, (ns) => {
      for (const it of ns.ifaces) {
        const state = str(it.obj.state);
        if (state === undefined || KNOWN_STATES.includes(state)) continue;
        ctx.report(ns.view.entry, join(it.path, 'state'),
          `interface ${label(it)} has state ${q(state)}; use ${allowed}, or leave it out`
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
    source: 'kubevirt pkg/network/admitter/admit.go:47-54',
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
    description: '`state: absent` is not allowed on the default network (the pod network or the Multus default network).',
    source: 'kubevirt pkg/network/admitter/admit.go:63-70',
  },
  // kubevirt pkg/network/admitter/admit.go:63-70
  check(ctx) {
    forEachSpecWith(ctx, { iface: ['state'] }, (ns) => {
      const def = defaultNetwork(ns);
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
