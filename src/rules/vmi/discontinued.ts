/**
 * Core slirp, passt and macvtap bindings (A4 rows 37-40): deprecated in 1.2 and discontinued in 1.3, when VMI creation
 * rejects them. Before 1.3 they still work: core passt and macvtap need their (alpha, then deprecated) gates, core slirp
 * needs `permitSlirpInterface`; otherwise the rules warn.
 */
import type { Rule, RuleContext } from '../types';
import { Gates, KubeVirtVersion } from '../../version';
import { has, join } from '../util';
import { forEachSpecWith, kubevirtCrs, kv, label, listedGates, networkConfig } from './common';

interface Discontinued {
  readonly key: 'slirp' | 'passt' | 'macvtap';
  readonly id: string;
  /** KubeVirt's rejection from 1.3. */
  readonly text: string;
  readonly source: string;
  /** What to use instead. */
  alternative(v: KubeVirtVersion): string;
  /** Before 1.3: an error when KubeVirt would reject it, as [why, KubeVirt text]; undefined when it works. */
  before13(ctx: RuleContext): [string, string] | undefined;
}

function gateBefore13(gate: string) {
  return (ctx: RuleContext): [string, string] | undefined => (ctx.cluster.gateOn(gate) === false
    ? [`needs "${gate}" in spec.configuration.developerConfiguration.featureGates of the KubeVirt CR`, `${gate} feature gate is not enabled`]
    : undefined);
}

const KINDS: readonly Discontinued[] = [
  {
    key: 'slirp',
    id: 'discontinued-slirp',
    text: 'Slirp interface support has been discontinued since v1.3',
    source: 'kubevirt pkg/network/admitter/discontinued.go:33-39',
    alternative: () => 'the slirp binding plugin (binding: {name: slirp}, registered in the KubeVirt CR)',
    // kubevirt pkg/network/admitter/slirp.go (v1.1-v1.2): IsSlirpInterfaceEnabled, permitSlirpInterface defaults to false
    before13: (ctx) => (kubevirtCrs(ctx).length > 0 && networkConfig(ctx, 'permitSlirpInterface') !== true
      ? ['needs spec.configuration.network.permitSlirpInterface: true in the KubeVirt CR', 'Slirp interface is not enabled in kubevirt-config']
      : undefined),
  },
  {
    key: 'passt',
    id: 'discontinued-passt',
    text: 'Passt network binding has been discontinued since v1.3',
    source: 'kubevirt pkg/network/admitter/discontinued.go:40-46',
    alternative: (v) => (v.isAtLeast(KubeVirtVersion.V1_8)
      ? 'the core passtBinding: {}'
      : 'the passt binding plugin (binding: {name: passt}, registered in the KubeVirt CR)'),
    // kubevirt pkg/network/admitter/passt.go (v1.1-v1.2): "Passt feature gate is not enabled"
    before13: gateBefore13(Gates.PASST),
  },
  {
    key: 'macvtap',
    id: 'discontinued-macvtap',
    text: 'Macvtap network binding has been discontinued since v1.3',
    source: 'kubevirt pkg/network/admitter/discontinued.go:48-54',
    alternative: () => 'the macvtap binding plugin (binding: {name: macvtap}, domainAttachmentType: tap)',
    // kubevirt pkg/network/admitter/macvtap.go (v1.1-v1.2): "Macvtap feature gate is not enabled"
    before13: gateBefore13(Gates.MACVTAP),
  },
];

function discontinuedRule(d: Discontinued): Rule {
  return {
    meta: {
      id: d.id,
      severity: 'error',
      versions: 'all',
      description: `Core \`${d.key}: {}\` is rejected at VMI creation from 1.3 (discontinued). In 1.1-1.2 it still works `
        + `(deprecated in 1.2); this rule warns then, or reports an error when the cluster configuration does not enable it.`,
      source: d.source,
    },
    // kubevirt pkg/network/admitter/discontinued.go:33-54 (v1.9.0)
    check(ctx) {
      const from13 = ctx.version.isAtLeast(KubeVirtVersion.V1_3);
      const early = from13 ? undefined : d.before13(ctx);
      const alt = d.alternative(ctx.version);
      forEachSpecWith(ctx, { iface: [d.key] }, (ns) => {
        for (const it of ns.ifaces) {
          if (!has(it.obj, d.key)) continue;
          const path = join(it.path, d.key);
          if (from13) {
            ctx.report(ns.view.entry, path,
              `interface ${label(it)} uses core ${d.key}, which kubevirt 1.3 and later reject; use ${alt}` + kv(d.text));
          } else if (early) {
            ctx.report(ns.view.entry, path,
              `interface ${label(it)} uses core ${d.key}, which ${early[0]}; better, move to ${alt} (core ${d.key} is discontinued in 1.3)`
              + kv(early[1]), 'error');
          } else {
            ctx.report(ns.view.entry, path,
              `interface ${label(it)} uses core ${d.key}, which is discontinued in kubevirt 1.3; move to ${alt}`, 'warning');
          }
        }
      });
    },
  };
}

export const discontinuedSlirp = discontinuedRule(KINDS[0]);
export const discontinuedPasst = discontinuedRule(KINDS[1]);
export const discontinuedMacvtap = discontinuedRule(KINDS[2]);

const GATE_TEXT: Readonly<Record<string, { key: string; text: string }>> = {
  // kubevirt pkg/virt-config/featuregate/passt.go:27, macvtap.go:26
  [Gates.PASST]: { key: 'passt', text: 'Passt network binding is discontinued since v1.3. Please refer to Kubevirt user guide for alternatives.' },
  [Gates.MACVTAP]: { key: 'macvtap', text: 'Macvtap network binding is discontinued since v1.3. Please refer to Kubevirt user guide for alternatives.' },
};

export const discontinuedGateUsed: Rule = {
  meta: {
    id: 'discontinued-gate-used',
    severity: 'error',
    versions: '1.3+',
    description: 'When the KubeVirt CR lists the discontinued `Passt` or `Macvtap` gate and a VMI uses the matching core binding, '
      + 'VMI creation is rejected.',
    source: 'kubevirt pkg/virt-config/featuregate/validator.go:28-42',
  },
  // kubevirt pkg/virt-config/featuregate/validator.go:28-42
  check(ctx) {
    if (ctx.version.isOlderThan(KubeVirtVersion.V1_3)) return;
    const listed = listedGates(ctx);
    const gates = Object.keys(GATE_TEXT).filter((g) => listed.has(g));
    if (gates.length === 0) return;
    forEachSpecWith(ctx, { iface: ['passt', 'macvtap'] }, (ns) => {
      for (const it of ns.ifaces) {
        for (const gate of gates) {
          const { key, text } = GATE_TEXT[gate];
          if (!has(it.obj, key)) continue;
          ctx.report(ns.view.entry, join(it.path, key),
            `the KubeVirt CR lists the discontinued "${gate}" feature gate and interface ${label(it)} uses core ${key}; `
            + `remove the gate from featureGates and the core binding from the interface` + kv(text));
        }
      }
    });
  },
};

export const DISCONTINUED_RULES: readonly Rule[] = [discontinuedSlirp, discontinuedPasst, discontinuedMacvtap, discontinuedGateUsed];
