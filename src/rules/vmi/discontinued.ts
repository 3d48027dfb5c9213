/**
 * Core slirp, passt and macvtap bindings (A4 rows 37-40): deprecated in 1.2 and discontinued in 1.3, when VMI creation
 * rejects them. Before 1.3 they still work where KubeVirt allows them: core slirp on the pod network with
 * `permitSlirpInterface`, core passt with its gate on the pod network as the only interface, core macvtap with its gate
 * on a Multus network; otherwise the VMI is rejected. Where they work, the rules warn.
 */
import type { Rule, RuleContext, RuleStep, Severity } from '../types';
import { Gates, KubeVirtVersion } from '../../version';
import { has, join } from '../util';
import { forEachSpecWith, isMultus, isPod, kubevirtCrs, kv, label, listedGates, networkConfig, type Item, type NetSpec } from './common';

/** What a rule says about one interface: the reason, the severity, and KubeVirt's text (when it rejects). */
interface Verdict {
  readonly severity: Severity;
  readonly why: string;
  readonly kubevirt?: string;
}

interface Discontinued {
  readonly key: 'slirp' | 'passt' | 'macvtap';
  readonly id: string;
  readonly source: string;
  readonly description: string;
  readonly history: readonly RuleStep[];
  /** What to use instead. */
  alternative(v: KubeVirtVersion): string;
  /** The verdict on one interface that has the core binding, at the target release. */
  judge(ctx: RuleContext, ns: NetSpec, it: Item): Verdict | undefined;
}

const V1_3 = KubeVirtVersion.V1_3;
const V1_8 = KubeVirtVersion.V1_8;

/** The reason for a core binding on the wrong kind of network. */
const onlyOn = (where: string, net: Item) => `works only on ${where}, and ${net.path} is not one`;

/** Before 1.3 the gate must be on; an unknown cluster configuration leaves the gate unjudged. */
function gateOff(ctx: RuleContext, gate: string): Verdict | undefined {
  return ctx.cluster.gateOn(gate) === false
    ? { severity: 'error', why: `needs "${gate}" in spec.configuration.developerConfiguration.featureGates of the KubeVirt CR`, kubevirt: `${gate} feature gate is not enabled` }
    : undefined;
}

/**
 * Core passt and macvtap in 1.3-1.7, where no check names them discontinued yet: the old checks stay, with their gate
 * discontinued. kubevirt pkg/network/admitter/passt.go@v1.3.0:29-46, macvtap.go@v1.3.0:29-46. The gate check of
 * feature-gates.go@v1.3.0:98-110 (the same through v1.7.0) looks only at GA and at the list: a discontinued gate that is
 * not listed is off ("<Gate> feature gate is not enabled"); a listed one passes that check, and VMI creation fails
 * instead on the listed discontinued gate (discontinued-gate-used reports it), or on the network check.
 */
function judge13to17(ctx: RuleContext, ns: NetSpec, it: Item, gate: string, where: string, fits: (net: Item) => boolean, wrongNet: string): Verdict {
  if (!listedGates(ctx).has(gate)) {
    // without a KubeVirt CR among the inputs the list is unknown: rejected either way, with the text of the usual case
    const why = kubevirtCrs(ctx).length > 0 ? `the ${gate} gate is discontinued and not listed` : `the ${gate} gate is discontinued`;
    return { severity: 'error', why: `kubevirt 1.3 and later reject (${why})`, kubevirt: `${gate} feature gate is not enabled` };
  }
  const net = ns.network(it.name);
  if (net && !fits(net)) return { severity: 'error', why: onlyOn(where, net), kubevirt: wrongNet };
  return { severity: 'error', why: `kubevirt 1.3 and later reject (with the discontinued "${gate}" gate listed, VMI creation fails on the gate)` };
}

const SLIRP: Discontinued = {
  key: 'slirp',
  id: 'discontinued-slirp',
  source: 'kubevirt pkg/network/admitter/discontinued.go:33-39 (v1.9.0)',
  description: 'Core `slirp: {}` is rejected at VM and VMI creation from 1.3 (discontinued). In 1.1-1.2 it works only on the pod '
    + 'network and with `permitSlirpInterface: true` in the KubeVirt CR (errors otherwise); where it works, this rule warns.',
  history: [
    {
      since: '1.1',
      behaviour: 'core slirp is rejected on a network that is not the pod network ("Slirp interface only implemented with pod network"), '
        + 'and on the pod network unless the KubeVirt CR sets permitSlirpInterface: true (default false; "Slirp interface is not enabled in '
        + 'kubevirt-config"). Accepted otherwise: a warning (deprecated in 1.2, discontinued in 1.3); without a KubeVirt CR among the inputs '
        + 'the permit cannot be judged, also a warning',
      source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go@v1.1.0:324-327',
    },
    {
      since: '1.3',
      behaviour: 'core slirp is rejected at creation wherever it is, whatever the configuration ("Slirp interface support has been '
        + 'discontinued since v1.3"); the check moved to discontinued.go in 1.8 with the same text',
      source: 'kubevirt pkg/network/admitter/slirp.go@v1.3.0:66-76; pkg/network/admitter/discontinued.go@v1.9.0:33-39',
    },
  ],
  alternative: () => 'the slirp binding plugin (binding: {name: slirp}, registered in the KubeVirt CR)',
  judge(ctx, ns, it) {
    if (ctx.version.isAtLeast(V1_3)) {
      return { severity: 'error', why: 'kubevirt 1.3 and later reject', kubevirt: 'Slirp interface support has been discontinued since v1.3' };
    }
    // kubevirt vmi-create-admitter.go@v1.1.0:321-327 (same in v1.2.0:334-340): a missing network is reported first
    // (interface-network-pairing reports it here), then the pod network, then the permit
    const net = ns.network(it.name);
    if (!net) return undefined;
    if (!isPod(net)) return { severity: 'error', why: onlyOn('the pod network', net), kubevirt: 'Slirp interface only implemented with pod network' };
    // kubevirt pkg/virt-config/virt-config.go@v1.1.0:226-228 IsSlirpInterfaceEnabled: permitSlirpInterface, default false
    if (kubevirtCrs(ctx).length > 0 && networkConfig(ctx, 'permitSlirpInterface') !== true) {
      return { severity: 'error', why: 'needs spec.configuration.network.permitSlirpInterface: true in the KubeVirt CR', kubevirt: 'Slirp interface is not enabled in kubevirt-config' };
    }
    return undefined;
  },
};

const PASST: Discontinued = {
  key: 'passt',
  id: 'discontinued-passt',
  source: 'kubevirt pkg/network/admitter/discontinued.go:40-46 (v1.9.0)',
  description: 'Core `passt: {}` is rejected from 1.3 (discontinued). In 1.1-1.2 it needs the `Passt` gate, the pod network, and must '
    + 'be the VMI\'s only interface (errors otherwise); where it works, this rule warns.',
  history: [
    {
      since: '1.1',
      behaviour: 'core passt is rejected without the Passt gate ("Passt feature gate is not enabled"; alpha in 1.1, deprecated but still '
        + 'working in 1.2), on a network that is not the pod network ("Passt interface only implemented with pod network"), and next to '
        + 'other interfaces ("Passt interface is only supported as the single interface of the VMI"). Accepted otherwise: a warning; '
        + 'without a cluster configuration among the inputs the gate is not judged',
      source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go@v1.1.0:338-343',
    },
    {
      since: '1.3',
      behaviour: 'the Passt gate is discontinued: core passt is rejected with "Passt feature gate is not enabled" unless the gate is '
        + 'listed; a listed gate passes that check (feature-gates.go looks at the list), and VMI creation fails on the listed discontinued '
        + 'gate instead (discontinued-gate-used), or with "Passt interface only implemented with pod network" off the pod network. '
        + 'The single-interface check is gone',
      source: 'kubevirt pkg/network/admitter/passt.go@v1.3.0:29-46; pkg/virt-config/feature-gates.go@v1.3.0:98-110; pkg/virt-config/deprecation/feature-gates.go@v1.3.0:66',
    },
    {
      since: '1.8',
      behaviour: 'core passt is rejected at creation by its own check: "Passt network binding has been discontinued since v1.3" (the gate '
        + 'check is gone; passt.go now checks the new passtBinding)',
      source: 'kubevirt pkg/network/admitter/discontinued.go@v1.8.0:40-46',
    },
  ],
  alternative: (v) => (v.isAtLeast(V1_8)
    ? 'the core passtBinding: {}'
    : 'the passt binding plugin (binding: {name: passt}, registered in the KubeVirt CR)'),
  judge(ctx, ns, it) {
    if (ctx.version.isAtLeast(V1_8)) {
      return { severity: 'error', why: 'kubevirt 1.3 and later reject', kubevirt: 'Passt network binding has been discontinued since v1.3' };
    }
    if (ctx.version.isAtLeast(V1_3)) return judge13to17(ctx, ns, it, Gates.PASST, 'the pod network', isPod, 'Passt interface only implemented with pod network');
    // kubevirt vmi-create-admitter.go@v1.1.0:321-343 (v1.2.0:334-356): network, gate, pod network, single interface
    const net = ns.network(it.name);
    if (!net) return undefined;
    const gate = gateOff(ctx, Gates.PASST);
    if (gate) return gate;
    if (!isPod(net)) return { severity: 'error', why: onlyOn('the pod network', net), kubevirt: 'Passt interface only implemented with pod network' };
    if (ns.ifaces.length > 1) {
      return { severity: 'error', why: `must be the only interface of the VMI, which has ${ns.ifaces.length}`, kubevirt: 'Passt interface is only supported as the single interface of the VMI' };
    }
    return undefined;
  },
};

const MACVTAP: Discontinued = {
  key: 'macvtap',
  id: 'discontinued-macvtap',
  source: 'kubevirt pkg/network/admitter/discontinued.go:48-54 (v1.9.0)',
  description: 'Core `macvtap: {}` is rejected from 1.3 (discontinued). In 1.1-1.2 it needs the `Macvtap` gate and a Multus network '
    + '(errors otherwise); where it works, this rule warns.',
  history: [
    {
      since: '1.1',
      behaviour: 'core macvtap is rejected without the Macvtap gate ("Macvtap feature gate is not enabled"; alpha in 1.1, deprecated but '
        + 'still working in 1.2) and on a network that is not a Multus network ("Macvtap interface only implemented with Multus network"). '
        + 'Accepted otherwise: a warning; without a cluster configuration among the inputs the gate is not judged',
      source: 'kubevirt pkg/virt-api/webhooks/validating-webhook/admitters/vmi-create-admitter.go@v1.1.0:334-337',
    },
    {
      since: '1.3',
      behaviour: 'the Macvtap gate is discontinued: core macvtap is rejected with "Macvtap feature gate is not enabled" unless the gate '
        + 'is listed; a listed gate passes that check, and VMI creation fails on the listed discontinued gate instead '
        + '(discontinued-gate-used), or with "Macvtap interface only implemented with Multus network" off a Multus network',
      source: 'kubevirt pkg/network/admitter/macvtap.go@v1.3.0:29-46; pkg/virt-config/feature-gates.go@v1.3.0:98-110; pkg/virt-config/deprecation/feature-gates.go@v1.3.0:67',
    },
    {
      since: '1.8',
      behaviour: 'core macvtap is rejected at creation by its own check: "Macvtap network binding has been discontinued since v1.3"',
      source: 'kubevirt pkg/network/admitter/discontinued.go@v1.8.0:48-54',
    },
  ],
  alternative: () => 'the macvtap binding plugin (binding: {name: macvtap}, domainAttachmentType: tap)',
  judge(ctx, ns, it) {
    if (ctx.version.isAtLeast(V1_8)) {
      return { severity: 'error', why: 'kubevirt 1.3 and later reject', kubevirt: 'Macvtap network binding has been discontinued since v1.3' };
    }
    if (ctx.version.isAtLeast(V1_3)) return judge13to17(ctx, ns, it, Gates.MACVTAP, 'a Multus network', isMultus, 'Macvtap interface only implemented with Multus network');
    // kubevirt vmi-create-admitter.go@v1.1.0:321-337 (v1.2.0:334-350): network, gate, Multus network
    const net = ns.network(it.name);
    if (!net) return undefined;
    const gate = gateOff(ctx, Gates.MACVTAP);
    if (gate) return gate;
    if (!isMultus(net)) return { severity: 'error', why: onlyOn('a Multus network', net), kubevirt: 'Macvtap interface only implemented with Multus network' };
    return undefined;
  },
};

function discontinuedRule(d: Discontinued): Rule {
  return {
    meta: {
      id: d.id,
      severity: 'error',
      versions: 'all',
      description: d.description,
      source: d.source,
      history: d.history,
    },
    check(ctx) {
      const alt = d.alternative(ctx.version);
      forEachSpecWith(ctx, { iface: [d.key] }, (ns) => {
        for (const it of ns.ifaces) {
          if (!has(it.obj, d.key)) continue;
          const path = join(it.path, d.key);
          const verdict = d.judge(ctx, ns, it);
          if (verdict === undefined) {
            if (ctx.version.isAtLeast(V1_3)) continue;
            ctx.report(ns.view.entry, path,
              `interface ${label(it)} uses core ${d.key}, which is discontinued in kubevirt 1.3; move to ${alt}`, 'warning');
          } else if (ctx.version.isAtLeast(V1_3)) {
            ctx.report(ns.view.entry, path, `interface ${label(it)} uses core ${d.key}, which ${verdict.why}; use ${alt}`
              + (verdict.kubevirt ? kv(verdict.kubevirt) : ''), verdict.severity);
          } else {
            ctx.report(ns.view.entry, path,
              `interface ${label(it)} uses core ${d.key}, which ${verdict.why}; better, move to ${alt} (core ${d.key} is discontinued in 1.3)`
              + (verdict.kubevirt ? kv(verdict.kubevirt) : ''), verdict.severity);
          }
        }
      });
    },
  };
}

export const discontinuedSlirp = discontinuedRule(SLIRP);
export const discontinuedPasst = discontinuedRule(PASST);
export const discontinuedMacvtap = discontinuedRule(MACVTAP);

const GATE_TEXT: Readonly<Record<string, { key: string; text: string }>> = {
  // kubevirt pkg/virt-config/featuregate/passt.go@v1.9.0:27, macvtap.go@v1.9.0:26 (deprecation/passt.go@v1.3.0:26, macvtap.go@v1.3.0:26)
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
    source: 'kubevirt pkg/virt-config/featuregate/validator.go:28-42 (v1.9.0)',
    history: [
      {
        since: '1.3',
        behaviour: 'a listed discontinued gate (Passt, Macvtap from 1.3) whose core binding the VMI uses rejects VMI creation, and VM '
          + 'creation (in 1.3-1.4 the VM webhook drops this cause, but the VM is rejected anyway by discontinued-passt or -macvtap). '
          + 'The audit found no change 1.3-1.9 (the check moved from pkg/virt-config/deprecation to pkg/virt-config/featuregate in 1.5)',
        source: 'kubevirt pkg/virt-config/deprecation/validator.go@v1.3.0:28-42; pkg/virt-config/featuregate/validator.go@v1.9.0:28-42',
      },
    ],
  },
  // kubevirt pkg/virt-config/featuregate/validator.go@v1.9.0:28-42; called from vmi-create-admitter.go and vms-admitter.go (create)
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
