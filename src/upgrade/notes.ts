/**
 * What changes on an upgrade that no rule reports as a finding: deprecations, gates that change state, replacements
 * and moved fields. Each note is written as a rule (the same context, the same `report`), run once at the release
 * it is about, and only on the step that reaches that release.
 */
import type { Entry, Registration, Rule, RuleContext } from '../rules/types';
import { imageName } from '../rules/plugin-network';
import { dig, isObject, join, list, str } from '../rules/util';
import { KubeVirtVersion } from '../version';

/** A change note: a rule run on the step that reaches `at` (every step when `at` is undefined: the last step only). */
export interface UpgradeNote {
  /** The release the change arrives in; undefined for a note about the target release, given on the last step. */
  readonly at?: KubeVirtVersion;
  readonly rule: Rule;
}

const v = (text: string) => KubeVirtVersion.of(text);

const note = (id: string, description: string, source: string, check: (ctx: RuleContext) => void): Rule => ({
  meta: { id, severity: 'warning', versions: 'upgrade', description, source },
  check,
});

/** The registrations written in the input whose sidecar is KubeVirt's `network-<plugin>-binding`. */
function sidecarRegistrations(ctx: RuleContext, plugin: 'slirp' | 'passt'): Registration[] {
  const out: Registration[] = [];
  for (const regs of ctx.cluster.registrations.values()) {
    for (const reg of regs) {
      const image = str(dig(reg.value, 'sidecarImage'));
      if (!reg.implicit && image && imageName(image) === `network-${plugin}-binding`) out.push(reg);
    }
  }
  return out;
}

/** Every interface using one of the bindings, with its path. */
function interfacesUsing(ctx: RuleContext, names: ReadonlySet<string>): Array<{ entry: Entry; path: string; iface: string; binding: string }> {
  const out: Array<{ entry: Entry; path: string; iface: string; binding: string }> = [];
  if (names.size === 0) return out;
  for (const view of ctx.vmiSpecs) {
    const ifaces = list(dig(view.spec, 'domain', 'devices', 'interfaces'));
    ifaces.forEach((it, i) => {
      const binding = isObject(it) ? str(dig(it, 'binding', 'name')) : undefined;
      if (binding !== undefined && names.has(binding)) {
        out.push({ entry: view.entry, path: join(view.path, 'domain', 'devices', 'interfaces', i, 'binding'), iface: str((it as Record<string, unknown>).name) ?? String(i), binding });
      }
    });
  }
  return out;
}

const kubevirtCrs = (ctx: RuleContext) => ctx.cluster.sources.filter((e) => e.ref.kind === 'KubeVirt');
const GATES_PATH = 'spec.configuration.developerConfiguration.featureGates';

/** The index of a gate in a KubeVirt CR's featureGates, or -1. */
const gateIndex = (e: Entry, gate: string) => list(dig(e.manifest, 'spec', 'configuration', 'developerConfiguration', 'featureGates')).indexOf(gate);

/**
 * The passt plugin gives way to the core `passtBinding` in 1.8 (user guide docs/network/net_binding_plugins/passt.md:
 * 3-4, "[v1.1.0-v1.8.0]"; kubevirt pkg/virt-config/featuregate/active.go@v1.8.0:268 registers PasstBinding as
 * beta, opt-in in 1.8). Rule passt-plugin-superseded reports the registration from 1.8; this note says, on each
 * interface, what to write instead.
 */
const passtCore: UpgradeNote = {
  at: v('1.8'),
  rule: note('upgrade-passt-core-binding', 'Interfaces of the passt plugin can move to the core passtBinding from 1.8.', 'user guide docs/network/net_binding_plugins/passt.md:3-4; kubevirt pkg/virt-config/featuregate/active.go@v1.8.0:268; pkg/network/admitter/passt.go@v1.9.0:34-48', (ctx) => {
    const names = new Set(sidecarRegistrations(ctx, 'passt').map((r) => r.name));
    for (const u of interfacesUsing(ctx, names)) {
      ctx.report(u.entry, u.path, `kubevirt 1.8 replaces the passt plugin with the core passt binding; interface "${u.iface}" uses the plugin (binding "${u.binding}"): write passtBinding: {} instead of binding (pod network only; in 1.8 list the "PasstBinding" gate, on by default from 1.9), then drop the registration and its nad`);
    }
  }),
};

/**
 * `PasstBinding` is beta and on by default from 1.9 (kubevirt pkg/virt-config/featuregate/active.go@v1.9.0:143-144;
 * feature-gates.go: beta gates are on unless disabled from 1.9): a listed entry does nothing more.
 */
const passtBindingDefault: UpgradeNote = {
  at: v('1.9'),
  rule: note('upgrade-passt-binding-default', 'The PasstBinding gate is on by default from 1.9.', 'kubevirt pkg/virt-config/featuregate/active.go@v1.9.0:143-144', (ctx) => {
    for (const e of kubevirtCrs(ctx)) {
      const i = gateIndex(e, 'PasstBinding');
      if (i >= 0) ctx.report(e, join(GATES_PATH, i), 'kubevirt 1.9 turns the "PasstBinding" gate on by default (beta); the featureGates entry can go (to switch it off, use disabledFeatureGates)');
    }
  }),
};

/**
 * `PasstIPStackMigration` (alpha 1.6-1.7) is discontinued in 1.8: "Seamless migration with passt network binding
 * plugin is no longer supported since KubeVirt v1.8. Please use the passt core binding instead." (kubevirt
 * pkg/virt-config/featuregate/active.go@v1.6.0:159; inactive.go@v1.8.0:153; passt.go@v1.8.0:28).
 */
const passtMigrationGate: UpgradeNote = {
  at: v('1.8'),
  rule: note('upgrade-passt-migration-gate', 'The PasstIPStackMigration gate is discontinued in 1.8.', 'kubevirt pkg/virt-config/featuregate/inactive.go@v1.8.0:153; passt.go@v1.8.0:28', (ctx) => {
    for (const e of kubevirtCrs(ctx)) {
      const i = gateIndex(e, 'PasstIPStackMigration');
      if (i >= 0) ctx.report(e, join(GATES_PATH, i), 'kubevirt 1.8 discontinues the "PasstIPStackMigration" gate: seamless migration with the passt plugin ends; remove the gate and move the vms to the core passtBinding (kubevirt: Seamless migration with passt network binding plugin is no longer supported since KubeVirt v1.8. Please use the passt core binding instead.)');
    }
  }),
};

/**
 * `permitSlirpInterface` is "Deprecated: Removed in v1.3" (kubevirt staging/src/kubevirt.io/api/core/v1/types.go@v1.3.0:
 * 2805-2807, now `DeprecatedPermitSlirpInterface`): the core slirp binding it permitted is rejected from 1.3
 * (pkg/network/admitter/discontinued.go@v1.9.0:33-39), so the field does nothing.
 */
const permitSlirp: UpgradeNote = {
  at: v('1.3'),
  rule: note('upgrade-permit-slirp', 'spec.configuration.network.permitSlirpInterface does nothing from 1.3.', 'kubevirt staging/src/kubevirt.io/api/core/v1/types.go@v1.3.0:2805-2807; pkg/network/admitter/discontinued.go@v1.9.0:33-39', (ctx) => {
    for (const e of kubevirtCrs(ctx)) {
      if (dig(e.manifest, 'spec', 'configuration', 'network', 'permitSlirpInterface') === undefined) continue;
      ctx.report(e, 'spec.configuration.network.permitSlirpInterface', 'kubevirt 1.3 removes the core slirp binding, so permitSlirpInterface no longer does anything; remove it (slirp lives on as the slirp binding plugin)');
    }
  }),
};

/**
 * HCO 1.18, the release for kubevirt 1.8 (its go.mod: kubevirt.io/api v1.8.4), adds the API version
 * `hco.kubevirt.io/v1`, where the registrations move from `spec.networkBinding` to `spec.networking.networkBinding`
 * (hyperconverged-cluster-operator api/v1/hyperconverged_types.go@v1.18.0:375; api/v1beta1/hyperconverged_types.go@
 * v1.18.0:268, still the storage version at :614). HCO's main branch, built against kubevirt.io/api v1.9.0, makes v1
 * the storage version (api/v1/hyperconverged_types.go:1021 `+kubebuilder:storageversion`).
 */
const hcoV1: UpgradeNote = {
  at: v('1.8'),
  rule: note('upgrade-hco-networking', 'HCO for 1.8 serves hco.kubevirt.io/v1, which keeps the registrations under spec.networking.networkBinding.', 'hyperconverged-cluster-operator api/v1/hyperconverged_types.go@v1.18.0:375; api/v1beta1/hyperconverged_types.go@v1.18.0:268,614', (ctx) => {
    for (const e of ctx.cluster.sources) {
      if (e.ref.kind !== 'HyperConverged' || e.ref.apiVersion !== 'hco.kubevirt.io/v1beta1') continue;
      const has = dig(e.manifest, 'spec', 'networkBinding') !== undefined;
      ctx.report(e, has ? 'spec.networkBinding' : 'apiVersion', `hco for kubevirt 1.8 serves hco.kubevirt.io/v1, where spec.networkBinding moves to spec.networking.networkBinding; v1beta1 is still served, and becomes the older version once hco makes v1 its storage version: write apiVersion: hco.kubevirt.io/v1${has ? ' and move the registrations to spec.networking.networkBinding' : ''}`);
    }
  }),
};

/**
 * KubeVirt 1.9.0 is the last release with its slirp sidecar: main removed it after the release ("The slirp binding
 * plugin has no known consumers", kubevirt commit e6720dd5). Through v1.9.0 the image is built and pushed with every
 * release (hack/bazel-push-images.sh@v1.9.0:69 `network-slirp-binding`; BUILD.bazel@v1.9.0:298-300).
 */
const slirpLast: UpgradeNote = {
  at: v('1.9'),
  rule: note('upgrade-slirp-sidecar-last', "1.9 is the last release with KubeVirt's slirp sidecar.", 'kubevirt hack/bazel-push-images.sh@v1.9.0:69; commit e6720dd5 (main, after v1.9.0)', (ctx) => {
    for (const reg of sidecarRegistrations(ctx, 'slirp')) {
      ctx.report(reg.owner, join(reg.path, 'sidecarImage'), `kubevirt 1.9 is the last release with its slirp sidecar (removed on main after 1.9.0: no known consumers); registration "${reg.name}" runs it: plan the move of its vms to masquerade: {} or passtBinding: {} before the next release`);
    }
  }),
};

/**
 * KubeVirt pushes `network-slirp-binding` and `network-passt-binding` with every release, tagged with the release
 * (hack/bazel-push-images.sh@v1.1.0:53 and @v1.9.0:69-70, `--tag ${docker_tag}`): a sidecar tagged for an older
 * release keeps running that release's plugin.
 */
const sidecarTag: UpgradeNote = {
  rule: note('upgrade-sidecar-tag', "A KubeVirt sidecar image tagged for an older release than the target.", 'kubevirt hack/bazel-push-images.sh@v1.1.0:53, @v1.9.0:69-70', (ctx) => {
    for (const plugin of ['slirp', 'passt'] as const) {
      for (const reg of sidecarRegistrations(ctx, plugin)) {
        const image = str(dig(reg.value, 'sidecarImage')) ?? '';
        const m = /:v([0-9]+\.[0-9]+)\.[0-9]+(?:@|$)/.exec(image);
        const tagged = m ? KubeVirtVersion.tryParse(m[1]) : undefined;
        if (!tagged || !tagged.isOlderThan(KubeVirtVersion.of(`${ctx.version.major}.${ctx.version.minor}`))) continue;
        ctx.report(reg.owner, join(reg.path, 'sidecarImage'), `registration "${reg.name}" runs kubevirt's ${plugin} sidecar of release ${tagged} (${image}); kubevirt publishes it with each release: use the tag of ${ctx.version} (v${ctx.version.major}.${ctx.version.minor}.${ctx.version.patch}) so the plugin matches the cluster`);
      }
    }
  }),
};

/**
 * From 1.6 KubeVirt publishes the passt binding CNI as an image, `quay.io/kubevirt/network-passt-binding-cni`, for a
 * DaemonSet that copies the binary to each node's /opt/cni/bin (kubevirt BUILD.bazel@v1.6.0:397-399, absent
 * @v1.5.0; cmd/cniplugins/passt-binding/passt-binding-ds.yaml@v1.6.0; user guide net_binding_plugins/passt.md
 * "v1.6.0 and above" / "prior to v1.6.0": the binary from the release assets or built from source). The same release
 * adds the alpha gate `PasstIPStackMigration` for seamless migration with the plugin
 * (pkg/virt-config/featuregate/active.go@v1.6.0:159).
 */
const passtCniImage: UpgradeNote = {
  at: v('1.6'),
  rule: note('upgrade-passt-cni-image', 'From 1.6 the passt binding CNI ships as an image for a node DaemonSet.', 'kubevirt BUILD.bazel@v1.6.0:397-399; cmd/cniplugins/passt-binding/passt-binding-ds.yaml@v1.6.0; pkg/virt-config/featuregate/active.go@v1.6.0:159; user guide docs/network/net_binding_plugins/passt.md', (ctx) => {
    for (const reg of sidecarRegistrations(ctx, 'passt')) {
      ctx.report(reg.owner, join(reg.path, 'sidecarImage'), `kubevirt 1.6 publishes the passt binding cni as an image (quay.io/kubevirt/network-passt-binding-cni:v1.6.0) for a daemonset that copies it to /opt/cni/bin on each node; registration "${reg.name}" uses the passt plugin: install the cni that way instead of a binary copied by hand, and, for seamless migration, the alpha gate "PasstIPStackMigration" (1.6 and 1.7 only) is available`);
    }
  }),
};

/** The change notes, in the order they print within a step. */
export const UPGRADE_NOTES: readonly UpgradeNote[] = [permitSlirp, passtCniImage, passtMigrationGate, passtCore, hcoV1, passtBindingDefault, slirpLast, sidecarTag];
