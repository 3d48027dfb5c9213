/**
 * KubeVirt versions this library targets, and what each one knows about network binding plugins.
 *
 * Facts come from the KubeVirt API types and feature-gate tables:
 * - kubevirt staging/src/kubevirt.io/api/core/v1/types.go (type InterfaceBindingPlugin)
 * - kubevirt pkg/virt-config/featuregate/{active,inactive}.go
 * - user guide docs/network/network_binding_plugins.md ("From: v1.x" notes)
 */

/**
 * A KubeVirt release, compared by major, minor and patch.
 *
 * `KubeVirtVersion.of('1.4')` means the release 1.4.0: a field that arrived in a patch release
 * (such as `domainAttachmentType`, first in 1.1.1) needs the patch spelled out.
 */
export class KubeVirtVersion {
  public static readonly V1_1 = new KubeVirtVersion(1, 1, 0);
  public static readonly V1_2 = new KubeVirtVersion(1, 2, 0);
  public static readonly V1_3 = new KubeVirtVersion(1, 3, 0);
  public static readonly V1_4 = new KubeVirtVersion(1, 4, 0);
  public static readonly V1_5 = new KubeVirtVersion(1, 5, 0);
  public static readonly V1_6 = new KubeVirtVersion(1, 6, 0);
  public static readonly V1_7 = new KubeVirtVersion(1, 7, 0);
  public static readonly V1_8 = new KubeVirtVersion(1, 8, 0);
  public static readonly V1_9 = new KubeVirtVersion(1, 9, 0);

  /** The oldest release with network binding plugins (the `binding` interface field is new in 1.1.0). */
  public static readonly OLDEST = KubeVirtVersion.V1_1;
  /** The newest release this library knows; the default target. */
  public static readonly NEWEST = KubeVirtVersion.V1_9;

  /** Versions accepted by `of()`, as text, for messages. */
  public static readonly SUPPORTED_RANGE = '1.1 to 1.9';

  /** The largest patch number read (releases are compared as major, minor and patch of at most three digits). */
  public static readonly MAX_PATCH = 999;

  /**
   * Parses `1.4`, `v1.4`, `1.1.1` or `v1.1.1`: the whole text, numbers without leading zeros, a patch from 0 to
   * 999. Throws for text that is not a version in the supported range.
   */
  public static of(text: string): KubeVirtVersion {
    const parsed = KubeVirtVersion.tryParse(text);
    if (!parsed) {
      throw new Error(`kubevirt version "${text}" is not supported: use one of ${KubeVirtVersion.SUPPORTED_RANGE} (as X.Y or X.Y.Z)`);
    }
    return parsed;
  }

  /** Like `of()`, but returns undefined instead of throwing. */
  public static tryParse(text: string): KubeVirtVersion | undefined {
    // exactly the whole text: no spaces, signs or junk around it, and no number that would spill into the next
    // part's digits when compared (`1.2.1000` is not 1.3)
    const m = /^v?(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})(?:\.(0|[1-9][0-9]{0,2}))?$/.exec(String(text));
    if (!m) return undefined;
    const v = new KubeVirtVersion(Number(m[1]), Number(m[2]), m[3] === undefined ? 0 : Number(m[3]));
    if (v.isOlderThan(KubeVirtVersion.OLDEST) || v.minorKey > KubeVirtVersion.NEWEST.minorKey) return undefined;
    return v;
  }

  private constructor(public readonly major: number, public readonly minor: number, public readonly patch: number) {}

  private get key(): number {
    return this.major * 1_000_000 + this.minor * 1_000 + this.patch;
  }

  private get minorKey(): number {
    return this.major * 1_000 + this.minor;
  }

  /** True when this release is `other` or newer. */
  public isAtLeast(other: KubeVirtVersion): boolean {
    return this.key >= other.key;
  }

  /** True when this release is older than `other`. */
  public isOlderThan(other: KubeVirtVersion): boolean {
    return this.key < other.key;
  }

  /** `1.4` for x.y.0, `1.1.1` otherwise. */
  public toString(): string {
    return this.patch === 0 ? `${this.major}.${this.minor}` : `${this.major}.${this.minor}.${this.patch}`;
  }
}

const v = (text: string) => KubeVirtVersion.of(text);

/** A field or value that exists from one release on. */
export interface Introduced {
  /** What it is, as users write it: `migration`, `domainAttachmentType: managedTap`. */
  readonly what: string;
  /** The first release that has it. */
  readonly since: KubeVirtVersion;
  /** Where KubeVirt says so. */
  readonly source: string;
}

/**
 * The fields of a binding registration (`spec.configuration.network.binding.<name>`) and the release each arrived in.
 *
 * kubevirt staging/src/kubevirt.io/api/core/v1/types.go InterfaceBindingPlugin (v1.9.0 :3777-3805); field sets read
 * per tag: v1.1.0 {sidecarImage, networkAttachmentDefinition}, v1.1.1 +domainAttachmentType, v1.2.0 +migration,
 * v1.3.0 +downwardAPI, computeResourceOverhead.
 */
export const REGISTRATION_FIELDS: Readonly<Record<string, Introduced>> = {
  sidecarImage: { what: 'sidecarImage', since: v('1.1'), source: 'kubevirt types.go InterfaceBindingPlugin.SidecarImage (v1.1.0)' },
  networkAttachmentDefinition: { what: 'networkAttachmentDefinition', since: v('1.1'), source: 'kubevirt types.go InterfaceBindingPlugin.NetworkAttachmentDefinition (v1.1.0)' },
  domainAttachmentType: { what: 'domainAttachmentType', since: v('1.1.1'), source: 'kubevirt types.go InterfaceBindingPlugin.DomainAttachmentType (v1.1.1)' },
  migration: { what: 'migration', since: v('1.2'), source: 'kubevirt types.go InterfaceBindingPlugin.Migration (v1.2.0)' },
  downwardAPI: { what: 'downwardAPI', since: v('1.3'), source: 'kubevirt types.go InterfaceBindingPlugin.DownwardAPI (v1.3.0)' },
  computeResourceOverhead: { what: 'computeResourceOverhead', since: v('1.3'), source: 'kubevirt types.go InterfaceBindingPlugin.ComputeResourceOverhead (v1.3.0-rc.2, commit f3464be7)' },
};

/**
 * Allowed values of the enum-like registration fields, each with its first release. The CRD gives these fields
 * plain `type: string` with no enum (kubevirt validations_generated.go, key "kubevirt"), so nobody but this
 * library enforces them.
 */
export const REGISTRATION_VALUES: Readonly<Record<string, Readonly<Record<string, Introduced>>>> = {
  domainAttachmentType: {
    tap: { what: 'domainAttachmentType: tap', since: v('1.1.1'), source: 'kubevirt types.go const Tap (v1.1.1)' },
    managedTap: { what: 'domainAttachmentType: managedTap', since: v('1.4'), source: 'kubevirt types.go const ManagedTap (commit f38ff157, v1.4.0)' },
  },
  'migration.method': {
    'link-refresh': { what: 'migration.method: link-refresh', since: v('1.2'), source: 'kubevirt types.go const LinkRefresh (v1.2.0)' },
  },
  downwardAPI: {
    'device-info': { what: 'downwardAPI: device-info', since: v('1.3'), source: 'kubevirt types.go const DeviceInfo (v1.3.0)' },
  },
};

/** Feature gate names used by the network rules. */
export const Gates = {
  NETWORK_BINDING_PLUGINS: 'NetworkBindingPlugins',
  PASST_BINDING: 'PasstBinding',
  PASST: 'Passt',
  MACVTAP: 'Macvtap',
  PORT_RANGES_SPEC: 'PortRangesSpec',
  NETWORK_DEVICES_WITH_DRA: 'NetworkDevicesWithDRA',
  DECENTRALIZED_LIVE_MIGRATION: 'DecentralizedLiveMigration',
} as const;

/** The life-cycle state of a feature gate in one release (kubevirt pkg/virt-config/featuregate/feature-gates.go). */
export type GateState = 'absent' | 'alpha' | 'beta' | 'ga' | 'deprecated' | 'discontinued';

interface GateHistory {
  /** [first release, state] pairs, oldest first. */
  readonly states: ReadonlyArray<readonly [KubeVirtVersion, GateState]>;
  readonly source: string;
}

/**
 * The network-related gates and their states per release.
 */
const GATE_HISTORY: Readonly<Record<string, GateHistory>> = {
  // Alpha 1.1-1.3, "Beta" 1.4 (still listed explicitly: beta was not on by default before 1.9), GA from 1.5.
  // kubevirt pkg/virt-config/feature-gates.go:76 (v1.1.0); v1.4.0 :61-64; v1.5.0 pkg/virt-config/featuregate/inactive.go:99
  [Gates.NETWORK_BINDING_PLUGINS]: {
    states: [[v('1.1'), 'alpha'], [v('1.4'), 'beta'], [v('1.5'), 'ga']],
    source: 'kubevirt pkg/virt-config/featuregate/inactive.go (GA in v1.5.0)',
  },
  // Beta opt-in in 1.8, beta on by default from 1.9. kubevirt pkg/virt-config/featuregate/active.go:143-144 (v1.9.0)
  [Gates.PASST_BINDING]: {
    states: [[v('1.8'), 'beta']],
    source: 'kubevirt pkg/virt-config/featuregate/active.go (PasstBinding, v1.8.0)',
  },
  // Deprecated in 1.2, discontinued in 1.3. kubevirt pkg/virt-config/featuregate/inactive.go:219-220 (v1.9.0)
  [Gates.PASST]: {
    states: [[v('1.1'), 'alpha'], [v('1.2'), 'deprecated'], [v('1.3'), 'discontinued']],
    source: 'kubevirt pkg/virt-config/featuregate/inactive.go:219',
  },
  [Gates.MACVTAP]: {
    states: [[v('1.1'), 'alpha'], [v('1.2'), 'deprecated'], [v('1.3'), 'discontinued']],
    source: 'kubevirt pkg/virt-config/featuregate/inactive.go:220',
  },
  // Alpha from 1.9 (portRanges arrives in 1.9.0). kubevirt pkg/network/admitter/netiface.go:279-288
  [Gates.PORT_RANGES_SPEC]: {
    states: [[v('1.9'), 'alpha']],
    source: 'kubevirt pkg/network/admitter/netiface.go:279-288',
  },
  // DRA networks, 1.9.0. kubevirt pkg/network/admitter/dra.go
  [Gates.NETWORK_DEVICES_WITH_DRA]: {
    states: [[v('1.9'), 'alpha']],
    source: 'kubevirt pkg/network/admitter/dra.go',
  },
  // Alpha from 1.6 through 1.9 (runStrategy WaitAsReceiver needs it). kubevirt pkg/virt-config/featuregate/active.go
  // @v1.6.0:155, @v1.7.0:183, @v1.8.0:261, @v1.9.0:315
  [Gates.DECENTRALIZED_LIVE_MIGRATION]: {
    states: [[v('1.6'), 'alpha']],
    source: 'kubevirt pkg/virt-config/featuregate/active.go@v1.9.0:315',
  },
};

/** `table[key]` when the table has its own entry `key` (not an inherited one such as `constructor`). */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** The state of `gate` in `version`; 'absent' when the release does not know the gate, undefined when this library does not track it. */
export function gateState(gate: string, version: KubeVirtVersion): GateState | undefined {
  const history = ownEntry(GATE_HISTORY, gate);
  if (!history) return undefined;
  let state: GateState = 'absent';
  for (const [since, s] of history.states) {
    if (version.isAtLeast(since)) state = s;
  }
  return state;
}

/**
 * Whether a gate is on, given the lists in the KubeVirt CR, as KubeVirt's own `isFeatureGateEnabled` computes it:
 * - v1.1.0 (pkg/virt-config/feature-gates.go:96-109): gates in its deprecatedFeatureGates list (the GA ones) are on;
 *   any other gate is on when listed in featureGates
 * - v1.2.0 (feature-gates.go:83-100): GA on, Discontinued off, others on when listed
 * - v1.3.0-v1.7.0 (feature-gates.go:98-110 at v1.3.0; :92-103 at v1.4.0; featuregate package from v1.5.0): GA on,
 *   others on when listed (a listed discontinued gate passes this test, but its code is gone: off here)
 * - v1.8.0 (feature-gates.go isFeatureGateEnabled): GA on; listed in featureGates on; disabledFeatureGates
 *   (new in v1.8.0) and anything else off: beta is not on by default yet
 * - v1.9.0 (pkg/virt-config/featuregate/feature-gates.go:89-112 IsEnabled): "GA (always on) > explicit enable >
 *   explicit disable > Beta (on by default) > off"; a gate the release does not register is off even when listed
 * So featureGates wins over disabledFeatureGates in every release that has both (virt-operator rejects a gate in
 * both lists only when a KubeVirt CR is updated: see the feature-gate-conflict rule).
 */
export function isGateOn(gate: string, version: KubeVirtVersion, enabled: readonly string[], disabled: readonly string[] = []): boolean {
  const state = gateState(gate, version);
  const listed = enabled.includes(gate);
  switch (state) {
    case 'ga': return true;
    case 'discontinued': return false;
    case 'absent': return false;
    // beta is on by default from v1.9.0, unless disabled and not also listed
    case 'beta': return listed || (version.isAtLeast(KubeVirtVersion.V1_9) && !disabled.includes(gate));
    default: return listed;
  }
}

/**
 * Whether a gate this library has no history for (`gateState` undefined) is on, as far as the lists tell: listed
 * is on (featureGates wins); not listed is off before v1.9.0, and off from v1.9.0 when disabled; otherwise unknown
 * (undefined): from v1.9.0 a beta gate is on by default, and this library does not know the gate's state.
 * kubevirt pkg/virt-config/featuregate/feature-gates.go:89-112 (v1.9.0).
 */
export function untrackedGateOn(gate: string, version: KubeVirtVersion, enabled: readonly string[], disabled: readonly string[] = []): boolean | undefined {
  if (enabled.includes(gate)) return true;
  if (version.isOlderThan(KubeVirtVersion.V1_9) || disabled.includes(gate)) return false;
  return undefined;
}

/** True when `binding:` interfaces need `NetworkBindingPlugins` listed in this release (1.1 to 1.4). */
export function needsBindingPluginsGate(version: KubeVirtVersion): boolean {
  return version.isOlderThan(KubeVirtVersion.V1_5);
}
