/** Boot order and other VMI-level checks that involve interfaces (A4 rows 41-44). */
import type { Rule } from '../types';
import { dig, has, isObject, join, list, obj } from '../util';
import { forEachSpec, forEachSpecWith, goName, isInt, isPod, kv, label, type NetSpec } from './common';

export const interfaceBootOrderPositive: Rule = {
  meta: {
    id: 'interface-boot-order-positive',
    severity: 'error',
    versions: 'all',
    description: 'An interface `bootOrder`, when set, must be 1 or more.',
    source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go:352-362',
  },
  // kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go:352-362
  check(ctx) {
    forEachSpecWith(ctx, { iface: ['bootOrder'] }, (ns) => {
      for (const it of ns.ifaces) {
        const order = it.obj.bootOrder;
        if (!isInt(order) || order >= 1) continue;
        // KubeVirt's quirk: the text names `<spec>[idx]`, not the interface.
        ctx.report(ns.view.entry, join(it.path, 'bootOrder'),
          `interface ${label(it)} has bootOrder ${order}; use 1 or more, or leave it out`
          + kv(`${join(ns.view.path, it.index)} must have a boot order > 0, if supplied`));
      }
    });
  },
};

export const bootOrderUnique: Rule = {
  meta: {
    id: 'boot-order-unique',
    severity: 'error',
    versions: 'all',
    description: 'Boot orders must be unique across disks and interfaces.',
    source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go:364-371, 685',
  },
  // kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go:364-371 (disks fill the map first, :685)
  check(ctx) {
    forEachSpecWith(ctx, { iface: ['bootOrder'] }, (ns) => {
      const used = new Map<number, () => string>();
      list(dig(ns.view.spec, 'domain', 'devices', 'disks')).forEach((d, i) => {
        const order = isObject(d) ? d.bootOrder : undefined;
        if (isInt(order) && order >= 1 && !used.has(order)) used.set(order, () => join(ns.view.path, 'domain', 'devices', 'disks', i));
      });
      for (const it of ns.ifaces) {
        const order = it.obj.bootOrder;
        if (!isInt(order) || order < 1) continue;
        const firstPath = used.get(order);
        if (firstPath === undefined) {
          used.set(order, () => it.path);
          continue;
        }
        const first = firstPath();
        const field = join(it.path, 'bootOrder');
        ctx.report(ns.view.entry, field,
          `interface ${label(it)} has bootOrder ${order}, which ${first} already has; give every disk and interface its own boot order`
          + kv(`Boot order for ${field} already set for a different device.`));
      }
    });
  },
};

/** Whether the VMI has a pod network after KubeVirt's defaulting (kubevirt pkg/network/vmispec/defaults.go:33-57). */
export function hasPodNetworkAfterDefaults(ns: NetSpec): boolean {
  if (ns.nets.some(isPod)) return true;
  const rawIfaces = dig(ns.view.spec, 'domain', 'devices', 'interfaces');
  const rawNets = ns.view.spec.networks;
  const empty = (x: unknown) => x === undefined || x === null || (Array.isArray(x) && x.length === 0);
  return empty(rawIfaces) && empty(rawNets) && dig(ns.view.spec, 'domain', 'devices', 'autoattachPodInterface') !== false;
}

export const probeNeedsPodNetwork: Rule = {
  meta: {
    id: 'probe-needs-pod-network',
    severity: 'error',
    versions: 'all',
    description: '`httpGet` and `tcpSocket` readiness and liveness probes need the pod network (after defaulting).',
    source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go:213-215, 494-499',
  },
  // kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go:213-215, 494-499
  check(ctx) {
    forEachSpec(ctx, (ns) => {
      if (!ns.netsOk || !ns.ifacesOk || hasPodNetworkAfterDefaults(ns)) return;
      for (const probe of ['readinessProbe', 'livenessProbe']) {
        const p = obj(ns.view.spec[probe]);
        if (!p) continue;
        for (const handler of ['httpGet', 'tcpSocket']) {
          if (!has(p, handler)) continue;
          const field = join(ns.view.path, probe, handler);
          ctx.report(ns.view.entry, field,
            `${probe}.${handler} reaches the VM through the pod network, but no network has pod: {}; add a pod network, `
            + 'or use an exec or guestAgentPing probe'
            + kv(`${field} is only allowed if the Pod Network is attached`));
        }
      }
    });
  },
};

const LAUNCH_SECURITY: ReadonlyArray<[string, string]> = [['sev', 'SEV'], ['snp', 'SNP'], ['tdx', 'TDX']];

export const launchSecurityBootNic: Rule = {
  meta: {
    id: 'launch-security-boot-nic',
    severity: 'error',
    versions: 'all',
    description: 'Confidential VMs (amd64 `launchSecurity` SEV, SNP or TDX) cannot boot from a NIC: no interface may have a `bootOrder`.',
    source: 'kubevirt pkg/virt-api/webhooks/amd64.go:163-171',
  },
  // kubevirt pkg/virt-api/webhooks/amd64.go:163-171
  check(ctx) {
    forEachSpecWith(ctx, { iface: ['bootOrder'] }, (ns) => {
      const ls = obj(dig(ns.view.spec, 'domain', 'launchSecurity'));
      if (!ls) return;
      const selected = LAUNCH_SECURITY.filter(([k]) => has(ls, k));
      if (selected.length !== 1) return; // KubeVirt reports "One and only one launchSecurity type can be set" instead
      const kind = selected[0][1];
      for (const it of ns.ifaces) {
        if (has(it.obj, 'bootOrder')) {
          ctx.report(ns.view.entry, join(it.path, 'bootOrder'),
            `interface ${label(it)} has a bootOrder, but ${kind} guests cannot boot from a NIC; remove bootOrder`
            + kv(`${kind} does not work with bootable NICs: ${goName(it)}`));
        }
      }
    });
  },
};

export const BOOT_RULES: readonly Rule[] = [interfaceBootOrderPositive, bootOrderUnique, probeNeedsPodNetwork, launchSecurityBootNic];
