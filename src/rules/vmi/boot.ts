/** Boot order and other VMI-level checks that involve interfaces (A4 rows 41-44). */
import type { Rule } from '../types';
import { dig, has, isObject, join, list, obj } from '../util';
import { KubeVirtVersion } from '../../version';
import { forEachSpec, forEachSpecWith, goName, isInt, isPod, kv, label, VCA_1_1, type NetSpec } from './common';

export const interfaceBootOrderPositive: Rule = {
  meta: {
    id: 'interface-boot-order-positive',
    severity: 'error',
    versions: 'all',
    description: 'An interface `bootOrder`, when set, must be 1 or more.',
    source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go:352-362',
    history: [
      {
        since: '1.1',
        behaviour: 'An interface bootOrder below 1 is rejected ("<spec>[idx] must have a boot order > 0, if supplied"). The audit '
          + 'found no change 1.1-1.9.',
        source: `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go@v1.9.0:352-362; ${VCA_1_1}:415-426`,
      },
    ],
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
    history: [
      {
        since: '1.1',
        behaviour: 'An interface bootOrder that a disk or an earlier interface already has is rejected. The audit found no change '
          + '1.1-1.9.',
        source: `pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go@v1.9.0:364-371; ${VCA_1_1}:427-435, 1082-1093`,
      },
    ],
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

/**
 * Whether the VMI has a pod network after KubeVirt's defaulting (kubevirt pkg/network/vmispec/defaults.go:33-57), as
 * the probe check counts it: from 1.5 any pod network (vmispec.LookupPodNetwork, kubevirt
 * vmi-create-admitter.go@v1.5.0:200); before, only a pod network that an interface of its name uses
 * (getNumberOfPodInterfaces, kubevirt vmi-create-admitter.go@v1.1.0:207, 2361-2373).
 */
export function hasPodNetworkAfterDefaults(ns: NetSpec, version: KubeVirtVersion = KubeVirtVersion.NEWEST): boolean {
  const anyPod = version.isAtLeast(KubeVirtVersion.V1_5);
  if (ns.nets.some((n) => isPod(n) && (anyPod || ns.iface(n.name) !== undefined))) return true;
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
    description: '`httpGet` and `tcpSocket` readiness and liveness probes need the pod network (after defaulting; before 1.5 a pod '
      + 'network that an interface uses).',
    source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go:213-215, 494-499',
    history: [
      {
        since: '1.1',
        behaviour: 'An httpGet or tcpSocket probe is rejected unless a pod network has an interface of its name ("<probe>.<handler> '
          + 'is only allowed if the Pod Network is attached").',
        source: `${VCA_1_1}:207-210, 783-804, 2361-2373`,
      },
      {
        since: '1.5',
        behaviour: 'Any pod network will do, with or without an interface (a network without an interface is rejected anyway, by '
          + 'interface-network-pairing).',
        source: 'pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go@v1.5.0:200-203',
      },
    ],
  },
  // kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go:213-215, 494-499
  check(ctx) {
    forEachSpec(ctx, (ns) => {
      if (!ns.netsOk || !ns.ifacesOk || hasPodNetworkAfterDefaults(ns, ctx.version)) return;
      for (const probe of ['readinessProbe', 'livenessProbe']) {
        const p = obj(ns.view.spec[probe]);
        if (!p) continue;
        for (const handler of ['httpGet', 'tcpSocket']) {
          if (!has(p, handler)) continue;
          const field = join(ns.view.path, probe, handler);
          ctx.report(ns.view.entry, field,
            `${probe}.${handler} reaches the VM through the pod network, but no network has pod: {}`
            + `${ns.nets.some(isPod) ? ' with an interface of its name' : ''}; add a pod network, `
            + 'or use an exec or guestAgentPing probe'
            + kv(`${field} is only allowed if the Pod Network is attached`));
        }
      }
    });
  },
};

/** The launchSecurity types: SEV at every release, SNP and TDX from 1.7 (kubevirt schema.go@v1.7.0:782-787). */
const LAUNCH_SECURITY: ReadonlyArray<[string, string]> = [['sev', 'SEV'], ['snp', 'SNP'], ['tdx', 'TDX']];
const LAUNCH_SECURITY_1_1: ReadonlyArray<[string, string]> = [['sev', 'SEV']];

export const launchSecurityBootNic: Rule = {
  meta: {
    id: 'launch-security-boot-nic',
    severity: 'error',
    versions: 'all',
    description: 'Confidential VMs (`launchSecurity` SEV; from 1.7 on amd64 also SNP or TDX) cannot boot from a NIC: no interface may '
      + 'have a `bootOrder`.',
    source: 'kubevirt pkg/virt-api/webhooks/amd64.go:160-170',
    history: [
      {
        since: '1.1',
        behaviour: 'With launchSecurity.sev, an interface with a bootOrder is rejected ("SEV does not work with bootable NICs: '
          + '<name>"; when the WorkloadEncryptionSEV gate is off the gate error rejects the VM instead). SNP and TDX are not in the '
          + 'schema.',
        source: `${VCA_1_1}:912-956`,
      },
      {
        since: '1.7',
        behaviour: 'SNP and TDX arrive: on amd64 exactly one of sev, snp, tdx, and none of them with a bootable NIC ("<TYPE> does not '
          + 'work with bootable NICs: <name>").',
        source: 'pkg/virt-api/webhooks/amd64.go@v1.7.0:79-172',
      },
    ],
  },
  // kubevirt pkg/virt-api/webhooks/amd64.go:160-170; before 1.7 vmi-create-admitter.go@v1.6.0 validateLaunchSecurity
  check(ctx) {
    const types = ctx.version.isAtLeast(KubeVirtVersion.V1_7) ? LAUNCH_SECURITY : LAUNCH_SECURITY_1_1;
    forEachSpecWith(ctx, { iface: ['bootOrder'] }, (ns) => {
      const ls = obj(dig(ns.view.spec, 'domain', 'launchSecurity'));
      if (!ls) return;
      const selected = types.filter(([k]) => has(ls, k));
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
