/**
 * VMI API fields newer than the target release (A3 "per-tag field sets"). The apiserver prunes fields that the
 * release's CRD schema does not know, so such a field is dropped silently and the VM runs without it.
 */
import type { Rule } from '../types';
import { KubeVirtVersion } from '../../version';
import { has, join, str } from '../util';
import { forEachSpecWith, goName, kv } from './common';

interface FieldSince { readonly key: string; readonly since: KubeVirtVersion; readonly source: string }

/** Interface fields and their first release (kubevirt staging/src/kubevirt.io/api/core/v1/schema.go, read per tag). */
const INTERFACE_FIELDS: readonly FieldSince[] = [
  { key: 'binding', since: KubeVirtVersion.V1_1, source: 'schema.go Interface.Binding (v1.1.0)' },
  { key: 'passtBinding', since: KubeVirtVersion.V1_8, source: 'schema.go InterfaceBindingMethod.PasstBinding (v1.8.0)' },
  { key: 'portRanges', since: KubeVirtVersion.V1_9, source: 'schema.go Interface.PortRanges (v1.9.0)' },
];
/** Network fields and their first release. */
const NETWORK_FIELDS: readonly FieldSince[] = [
  { key: 'resourceClaim', since: KubeVirtVersion.V1_9, source: 'schema.go NetworkSource.ResourceClaim (v1.9.0)' },
];
/** Interface `state` values and their first release (`absent` predates 1.1). */
const STATE_SINCE: ReadonlyMap<string, KubeVirtVersion> = new Map([['up', KubeVirtVersion.V1_5], ['down', KubeVirtVersion.V1_5]]);

export const fieldVersion: Rule = {
  meta: {
    id: 'field-version',
    severity: 'error',
    versions: 'all',
    description: 'Interface `binding` (1.1), `passtBinding` (1.8), `portRanges` (1.9), network `resourceClaim` (1.9) and interface '
      + '`state: up|down` (1.5) exist only from the release shown; older releases drop or reject them.',
    source: 'kubevirt staging/src/kubevirt.io/api/core/v1/schema.go:1442-1497, 1750-1771 (field sets read per release tag)',
  },
  // kubevirt staging/src/kubevirt.io/api/core/v1/schema.go:1442-1497 (Interface), :1762-1771 (NetworkSource); per-tag field sets
  check(ctx) {
    const v = ctx.version;
    const ifaceFields = INTERFACE_FIELDS.filter((f) => v.isOlderThan(f.since));
    const netFields = NETWORK_FIELDS.filter((f) => v.isOlderThan(f.since));
    const msg = (path: string, since: KubeVirtVersion) => `${path} is not in kubevirt ${v}; it is first in kubevirt ${since}`;
    forEachSpecWith(ctx, { iface: ['passtBinding', 'portRanges', 'state'], net: ['resourceClaim'] }, (ns) => {
      for (const it of ns.ifaces) {
        for (const f of ifaceFields) {
          if (!has(it.obj, f.key)) continue;
          const path = join(it.path, f.key);
          ctx.report(ns.view.entry, path, msg(path, f.since));
        }
        const state = str(it.obj.state);
        const since = state !== undefined ? STATE_SINCE.get(state) : undefined;
        if (state !== undefined && since && v.isOlderThan(since)) {
          const path = join(it.path, 'state');
          ctx.report(ns.view.entry, path, `${msg(`${path} ${JSON.stringify(state)}`, since)}`
            + kv(`logical ${goName(it)} interface state value is unsupported: ${state}`));
        }
      }
      for (const net of ns.nets) {
        for (const f of netFields) {
          if (!has(net.obj, f.key)) continue;
          const path = join(net.path, f.key);
          ctx.report(ns.view.entry, path, msg(path, f.since));
        }
      }
    });
  },
};

export const FIELD_VERSION_RULES: readonly Rule[] = [fieldVersion];
