/**
 * VMI API fields newer than the target release (A3 "per-tag field sets"). The apiserver prunes fields that the
 * release's CRD schema does not know, so such a field is dropped silently and the VM runs without it.
 */
import type { Rule } from '../types';
import { KubeVirtVersion } from '../../version';
import { has, join } from '../util';
import { forEachSpecWith } from './common';

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

export const fieldVersion: Rule = {
  meta: {
    id: 'field-version',
    severity: 'error',
    versions: 'all',
    description: 'Interface `passtBinding` (1.8), `portRanges` (1.9) and network `resourceClaim` (1.9) exist only from the release '
      + 'shown: older releases do not have them in the CRD schema, so the apiserver rejects them (strict field validation, the '
      + 'kubectl default) or drops them, and the VM runs without them. Interface `state: up|down` (1.5) is a value, not a field: '
      + 'interface-state-value reports it.',
    source: 'kubevirt staging/src/kubevirt.io/api/core/v1/schema.go:1442-1497, 1750-1771 (field sets read per release tag)',
    history: [
      {
        since: '1.1',
        behaviour: 'Interface fields are name, model, binding, the binding methods bridge, slirp, masquerade, sriov, macvtap, passt, '
          + 'ports, macAddress, bootOrder, pciAddress, dhcpOptions, tag, acpiIndex, state; network sources are pod and multus. '
          + 'passtBinding, portRanges and resourceClaim are reported.',
        source: 'staging/src/kubevirt.io/api/core/v1/schema.go@v1.1.0:1217-1261, 1315-1322, 1491-1494',
      },
      {
        since: '1.8',
        behaviour: 'The passtBinding binding method is in the schema.',
        source: 'staging/src/kubevirt.io/api/core/v1/schema.go@v1.8.0:1562',
      },
      {
        since: '1.9',
        behaviour: 'Interface portRanges and network resourceClaim are in the schema.',
        source: 'staging/src/kubevirt.io/api/core/v1/schema.go@v1.9.0:1466, 1770',
      },
    ],
  },
  // kubevirt staging/src/kubevirt.io/api/core/v1/schema.go:1442-1497 (Interface), :1762-1771 (NetworkSource); per-tag field sets
  check(ctx) {
    const v = ctx.version;
    const ifaceFields = INTERFACE_FIELDS.filter((f) => v.isOlderThan(f.since));
    const netFields = NETWORK_FIELDS.filter((f) => v.isOlderThan(f.since));
    const msg = (path: string, since: KubeVirtVersion) => `${path} is not in kubevirt ${v}; it is first in kubevirt ${since}`;
    forEachSpecWith(ctx, { iface: ['passtBinding', 'portRanges'], net: ['resourceClaim'] }, (ns) => {
      for (const it of ns.ifaces) {
        for (const f of ifaceFields) {
          if (!has(it.obj, f.key)) continue;
          const path = join(it.path, f.key);
          ctx.report(ns.view.entry, path, msg(path, f.since));
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
