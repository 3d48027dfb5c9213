/** DRA (resourceClaim) networks, 1.9+ (A4 row 36). */
import type { Rule } from '../types';
import { Gates, KubeVirtVersion } from '../../version';
import { has, isObject, join, list, obj, str } from '../util';
import { forEachSpecWith, isMultus, kv, label, q } from './common';

export const draNetwork: Rule = {
  meta: {
    id: 'dra-network',
    severity: 'error',
    versions: '1.9+',
    description: 'DRA networks (`resourceClaim`) need the `NetworkDevicesWithDRA` gate, cannot be mixed with Multus networks, '
      + 'need `claimName` and `requestName` naming an entry of `spec.resourceClaims` (each pair once), and an `sriov` or `binding` interface.',
    source: 'kubevirt pkg/network/admitter/dra.go:37-153',
    history: [
      {
        since: '1.9',
        behaviour: 'DRA networks (resourceClaim, new in 1.9) are rejected without the NetworkDevicesWithDRA gate, then next to any '
          + 'Multus network (KubeVirt stops at each of these two); otherwise each needs claimName and requestName, a claim named in '
          + 'spec.resourceClaims, a claim/request pair of its own, and an sriov or binding interface.',
        source: 'pkg/network/admitter/dra.go@v1.9.0:37-153',
      },
    ],
  },
  // kubevirt pkg/network/admitter/dra.go:37-153
  check(ctx) {
    if (ctx.version.isOlderThan(KubeVirtVersion.V1_9)) return; // field-version reports resourceClaim itself
    const gateOff = ctx.cluster.gateOn(Gates.NETWORK_DEVICES_WITH_DRA) === false;
    forEachSpecWith(ctx, { net: ['resourceClaim'] }, (ns) => {
      const dra = ns.nets.filter((n) => has(n.obj, 'resourceClaim'));
      if (dra.length === 0) return;
      const report = (path: string, msg: string, text: string) => ctx.report(ns.view.entry, path, msg + kv(text));
      if (gateOff) {
        // KubeVirt stops at the gate.
        report(join(dra[0].path, 'resourceClaim'),
          `network ${label(dra[0])} is a DRA network, which needs "${Gates.NETWORK_DEVICES_WITH_DRA}" in `
          + 'spec.configuration.developerConfiguration.featureGates of the KubeVirt CR',
          'vmi.spec.networks contains DRA networks but NetworkDevicesWithDRA feature gate is not enabled');
        return;
      }
      // KubeVirt stops at a Multus network too (kubevirt pkg/network/admitter/dra.go@v1.9.0:54-62)
      const multus = ns.nets.find(isMultus);
      if (multus) {
        report(join(multus.path, 'multus'), `network ${label(multus)} is a Multus network in a VMI with DRA networks; use either Multus or DRA networks`,
          'mixing Multus and DRA resourceClaim networks in the same VMI is not supported');
        return;
      }
      const claims = new Set<string>();
      for (const c of list(ns.view.spec.resourceClaims)) {
        const name = isObject(c) ? str(c.name) : undefined;
        if (name !== undefined) claims.add(name);
      }
      const pairs = new Map<string, string>();
      // two DRA networks of one name (network-name-unique reports that) share their interface: report it once
      const toldIfaces = new Set<unknown>();
      for (const net of dra) {
        const rc = obj(net.obj.resourceClaim);
        const at = join(net.path, 'resourceClaim');
        const it = ns.iface(net.name);
        if (it && !has(it.obj, 'sriov') && !has(it.obj, 'binding') && !toldIfaces.has(it)) {
          toldIfaces.add(it);
          report(it.path, `interface ${label(it)} is on DRA network ${q(net.name ?? '')}, which needs sriov: {} or a binding plugin`,
            `DRA network ${q(net.name ?? '')} requires an SR-IOV or binding plugin interface`);
        }
        const claimName = str(rc?.claimName) ?? '';
        const requestName = str(rc?.requestName) ?? '';
        if (claimName === '') {
          report(join(at, 'claimName'), `network ${label(net)} has no resourceClaim.claimName; name an entry of spec.resourceClaims`,
            'claimName is required for DRA network');
        }
        if (requestName === '') {
          report(join(at, 'requestName'), `network ${label(net)} has no resourceClaim.requestName; name the request of the claim`,
            'requestName is required for DRA network');
        }
        if (claimName === '' || requestName === '') continue;
        if (!claims.has(claimName)) {
          report(join(at, 'claimName'),
            `network ${label(net)} uses resource claim ${q(claimName)}, which is not in ${join(ns.view.path, 'resourceClaims')}; add {name: ${q(claimName)}, ...} there`,
            `network references resourceClaim ${q(claimName)} which is not defined in spec.resourceClaims`);
        }
        const key = `${claimName}/${requestName}`;
        const first = pairs.get(key);
        if (first === undefined) pairs.set(key, net.path);
        else {
          report(net.path, `network ${label(net)} uses claim/request ${q(key)} already used by ${first}; each device request serves one network`,
            `duplicate claimName/requestName combination ${q(key)}`);
        }
      }
    });
  },
};

export const DRA_RULES: readonly Rule[] = [draNetwork];
