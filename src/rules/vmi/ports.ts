/**
 * Forwarded ports and port ranges (A4 rows 25-32). KubeVirt checks them only on the interface of the `pod` network;
 * row 30 (no rule limits `ports` to masquerade or passt) needs no rule.
 */
import type { Rule } from '../types';
import { Gates, KubeVirtVersion } from '../../version';
import { PORT_MAX, PORT_MIN, PORT_PROTOCOLS } from '../patterns';
import { has, isObject, join, list, str, type Obj } from '../util';
import { forEachRepeatedName, forEachSpecWith, isInt, isPod, isValidPortName, kv, label, q, VCA_1_1, type Item, type NetSpec } from './common';

/** A port object of an interface; `name` is undefined when absent or empty (unnamed ports do not clash). */
interface PortItem { readonly index: number; readonly obj: Obj; readonly path: string; readonly name: string | undefined }

/** The `ports` of interfaces on the pod network (the only ones KubeVirt checks). */
function podPorts(ns: NetSpec, fn: (it: Item, ports: PortItem[]) => void): void {
  for (const it of ns.ifaces) {
    if (!has(it.obj, 'ports') || !isPod(ns.network(it.name))) continue;
    const ports: PortItem[] = [];
    list(it.obj.ports).forEach((p, index) => {
      if (isObject(p)) ports.push({ index, obj: p, path: join(it.path, 'ports', index), name: str(p.name) || undefined });
    });
    fn(it, ports);
  }
}

export const portNameUnique: Rule = {
  meta: {
    id: 'port-name-unique',
    severity: 'error',
    versions: 'all',
    description: 'Port names of an interface on the pod network must be unique.',
    source: 'kubevirt pkg/network/admitter/netiface.go:213-237',
    history: [
      {
        since: '1.1',
        behaviour: 'On the interface of the pod network, a port name used twice is rejected. The audit found no change in what is '
          + 'accepted 1.1-1.9: before 1.3 one set of names served all interfaces, which differs only for two interfaces of one '
          + 'name, rejected anyway (interface-name-unique).',
        source: `pkg/network/admitter/netiface.go@v1.9.0:213-237; ${VCA_1_1}:474-509`,
      },
    ],
  },
  // kubevirt pkg/network/admitter/netiface.go:213-237
  check(ctx) {
    forEachSpecWith(ctx, { iface: ['ports'] }, (ns) => podPorts(ns, (it, ports) => {
      forEachRepeatedName(ports, (p, first) => ctx.report(ns.view.entry, join(p.path, 'name'),
        `interface ${label(it)} has two ports named ${q(p.name!)} (the first is ${first.path}); give each port a unique name`
        + kv(`Duplicate name of the port: ${p.name}`)));
    }));
  },
};

export const portNameValid: Rule = {
  meta: {
    id: 'port-name-valid',
    severity: 'error',
    versions: 'all',
    description: 'A port name must be an IANA service name: at most 15 characters of `a-z`, `0-9` and `-`, with a letter, '
      + 'no leading, trailing or double `-`.',
    source: 'kubevirt pkg/network/admitter/netiface.go:227-233',
    history: [
      {
        since: '1.1',
        behaviour: 'On the interface of the pod network, a port name that is not an IANA service name (k8s IsValidPortName) is '
          + 'rejected. The audit found no change 1.1-1.9.',
        source: `pkg/network/admitter/netiface.go@v1.9.0:227-233; ${VCA_1_1}:497-504`,
      },
    ],
  },
  // kubevirt pkg/network/admitter/netiface.go:227-233 (k8s validation.IsValidPortName)
  check(ctx) {
    forEachSpecWith(ctx, { iface: ['ports'] }, (ns) => podPorts(ns, (it, ports) => {
      for (const p of ports) {
        const name = str(p.obj.name);
        if (name === undefined || name === '' || isValidPortName(name)) continue;
        ctx.report(ns.view.entry, join(p.path, 'name'),
          `interface ${label(it)} port name ${q(name)} is not an IANA service name; use at most 15 lowercase letters, `
          + `digits and single inner dashes, with at least one letter, e.g. "http"`
          + kv(`Invalid name of the port: ${name}`));
      }
    }));
  },
};

/**
 * The core bindings that turn `ports` into forwarding rules, and what becomes of port 65536 there: masquerade writes
 * an nftables rule per port (kubevirt pkg/network/setup/netpod/masquerade/masquerade.go@v1.8.0:175-186), passt gets
 * it as a port to forward (pkg/network/domainspec/generators.go@v1.1.0:307-311 for the core passt of 1.1-1.2;
 * pkg/virt-launcher/virtwrap/converter/network/passt.go@v1.8.0:53-54 for passtBinding). Bridge ignores `ports`;
 * what a binding plugin or slirp does with them depends on the plugin (a warning).
 */
const FORWARDING_BINDINGS: ReadonlyArray<readonly [string, string]> = [
  ['masquerade', 'masquerade cannot add a forwarding rule for it'],
  ['passt', 'passt cannot forward it'],
  ['passtBinding', 'passt cannot forward it'],
];

export const portNumber: Rule = {
  meta: {
    id: 'port-number',
    severity: 'error',
    versions: 'all',
    description: 'Each forwarded port needs `port` set, with 0 < port < 65536. Before 1.9 KubeVirt lets 65536 through; no such port '
      + 'exists, so masquerade cannot forward it and the VM\'s network setup fails.',
    source: 'kubevirt pkg/network/admitter/netiface.go:250-270',
    history: [
      {
        since: '1.1',
        behaviour: 'On the interface of the pod network, port 0 is rejected ("Port field is mandatory.") and a port below 0 or above '
          + '65536 is rejected ("Port field must be in range 0 < x < 65536."): the check is `Port > 65536`, so 65536 is accepted. '
          + 'Port 65536 is an error on a masquerade interface (virt-launcher\'s nftables rule with dport 65536 fails, and the VM\'s '
          + 'network with it, pkg/network/setup/netpod/masquerade/masquerade.go@v1.8.0:175-186) and on passt (passt is given a port '
          + 'that does not exist), a warning on other bindings (bridge ignores ports; a plugin may or may not use them).',
        source: `${VCA_1_1}:526-546`,
      },
      {
        since: '1.9',
        behaviour: 'Port 65536 is rejected too (the check became `Port >= 65536`).',
        source: 'pkg/network/admitter/netiface.go@v1.9.0:250-259',
      },
    ],
  },
  // kubevirt pkg/network/admitter/netiface.go:261-270 (mandatory), :250-259 (range)
  check(ctx) {
    // kubevirt pkg/network/admitter/netiface.go@v1.8.0:247 `Port > 65536` (65536 passes); @v1.9.0:251 `Port >= 65536`
    const webhookMax = ctx.version.isAtLeast(KubeVirtVersion.V1_9) ? PORT_MAX : PORT_MAX + 1;
    forEachSpecWith(ctx, { iface: ['ports'] }, (ns) => podPorts(ns, (it, ports) => {
      for (const p of ports) {
        const port = p.obj.port;
        if (!isInt(port)) continue; // missing or not an integer: vmi-structure
        if (port === 0) {
          ctx.report(ns.view.entry, join(p.path, 'port'),
            `interface ${label(it)} port is 0; set port to a number from 1 to 65535`
            + kv('Port field is mandatory.'));
        } else if (port < PORT_MIN || port > webhookMax) {
          ctx.report(ns.view.entry, join(p.path, 'port'),
            `interface ${label(it)} port ${port} is out of range; use 1 to 65535`
            + kv('Port field must be in range 0 < x < 65536.'));
        } else if (port > PORT_MAX) {
          // accepted by this release's webhook; the bindings that forward ports hand it on, and no port 65536 exists
          const failing = FORWARDING_BINDINGS.find(([key]) => has(it.obj, key));
          ctx.report(ns.view.entry, join(p.path, 'port'),
            `interface ${label(it)} port ${port} is not a port number; kubevirt ${ctx.version} accepts it (its check lets 65536 through `
            + `until 1.9), but ${failing ? `${failing[1]}, and the VM's network setup fails`
              : 'no such port exists: bridge ignores it, and a binding plugin cannot forward it'}; use 1 to 65535`,
            failing ? 'error' : 'warning');
        }
      }
    }));
  },
};

const PROTOCOLS = PORT_PROTOCOLS;

export const portProtocol: Rule = {
  meta: {
    id: 'port-protocol',
    severity: 'error',
    versions: 'all',
    description: 'A port `protocol` must be `TCP` or `UDP` (upper case; empty means TCP).',
    source: 'kubevirt pkg/network/admitter/netiface.go:239-248',
    history: [
      {
        since: '1.1',
        behaviour: 'On the interface of the pod network, a port protocol other than empty, TCP or UDP is rejected. The audit found '
          + 'no change 1.1-1.9.',
        source: `pkg/network/admitter/netiface.go@v1.9.0:239-248; ${VCA_1_1}:511-524`,
      },
    ],
  },
  // kubevirt pkg/network/admitter/netiface.go:239-248
  check(ctx) {
    forEachSpecWith(ctx, { iface: ['ports'] }, (ns) => podPorts(ns, (it, ports) => {
      for (const p of ports) {
        const protocol = str(p.obj.protocol);
        if (protocol === undefined || protocol === '' || PROTOCOLS.includes(protocol)) continue;
        ctx.report(ns.view.entry, join(p.path, 'protocol'),
          `interface ${label(it)} port protocol ${q(protocol)} is not TCP or UDP (upper case)`
          + kv('Unknown protocol, only TCP or UDP allowed'));
      }
    }));
  },
};

export const portRangesGate: Rule = {
  meta: {
    id: 'port-ranges-gate',
    severity: 'error',
    versions: '1.9+',
    description: '`portRanges` (alpha, 1.9) needs the `PortRangesSpec` feature gate. Checked only when a KubeVirt or '
      + 'HyperConverged CR is among the inputs.',
    source: 'kubevirt pkg/network/admitter/netiface.go:279-288',
    history: [
      {
        since: '1.9',
        behaviour: 'portRanges (new in 1.9) on any interface is rejected unless the PortRangesSpec gate is on.',
        source: 'pkg/network/admitter/netiface.go@v1.9.0:272-289',
      },
    ],
  },
  // kubevirt pkg/network/admitter/netiface.go:279-288
  check(ctx) {
    if (ctx.version.isOlderThan(KubeVirtVersion.V1_9)) return; // field-version reports the field itself
    if (ctx.cluster.gateOn(Gates.PORT_RANGES_SPEC) !== false) return;
    forEachSpecWith(ctx, { iface: ['portRanges'] }, (ns) => {
      for (const it of ns.ifaces) {
        if (!has(it.obj, 'portRanges')) continue;
        ctx.report(ns.view.entry, join(it.path, 'portRanges'),
          `interface ${label(it)} has portRanges, which need "${Gates.PORT_RANGES_SPEC}" in `
          + `spec.configuration.developerConfiguration.featureGates of the KubeVirt CR`
          + kv('portRanges is specified on interface but the PortRangesSpec feature gate is not enabled'));
      }
    });
  },
};

const MAX_PORT_RANGES = 10;

export const portRangesValid: Rule = {
  meta: {
    id: 'port-ranges-valid',
    severity: 'error',
    versions: '1.9+',
    description: 'On the pod network, `portRanges` excludes `ports`, needs `masquerade`, holds at most 10 ranges of TCP/UDP with '
      + '0 < start <= end < 65536, and ranges of one protocol must not overlap.',
    source: 'kubevirt pkg/network/admitter/netiface.go:290-408',
    history: [
      {
        since: '1.9',
        behaviour: 'With the PortRangesSpec gate on, portRanges on the pod network interface must exclude ports, need masquerade, '
          + 'hold at most 10 TCP/UDP ranges with 0 < start <= end < 65536, and not overlap per protocol. With the gate off only '
          + 'port-ranges-gate applies.',
        source: 'pkg/network/admitter/netiface.go@v1.9.0:290-408',
      },
    ],
  },
  // kubevirt pkg/network/admitter/netiface.go:290-408
  check(ctx) {
    if (ctx.version.isOlderThan(KubeVirtVersion.V1_9)) return;
    // kubevirt pkg/network/admitter/netiface.go@v1.9.0:279-288: with the gate off KubeVirt reports the gate and stops
    if (ctx.cluster.gateOn(Gates.PORT_RANGES_SPEC) === false) return;
    forEachSpecWith(ctx, { iface: ['portRanges'] }, (ns) => {
      for (const it of ns.ifaces) {
        if (!has(it.obj, 'portRanges') || !isPod(ns.network(it.name))) continue;
        const at = join(it.path, 'portRanges');
        const report = (path: string, msg: string, text: string) => ctx.report(ns.view.entry, path, msg + kv(text));
        if (has(it.obj, 'ports')) {
          report(at, `interface ${label(it)} has both ports and portRanges; keep one of them`,
            'Cannot define both ports and portRanges on interface');
        }
        if (!has(it.obj, 'masquerade')) {
          report(at, `interface ${label(it)} has portRanges but is not masquerade; port ranges work only with masquerade: {}`,
            'portRanges are only supported on masquerade interfaces');
        }
        const ranges = list(it.obj.portRanges);
        if (ranges.length > MAX_PORT_RANGES) {
          report(at, `interface ${label(it)} has ${ranges.length} portRanges; use at most ${MAX_PORT_RANGES}`,
            'No more than 10 portRanges are allowed');
        }
        const byProtocol = new Map<string, Array<{ start: number; end: number }>>();
        ranges.forEach((r, i) => {
          if (!isObject(r)) return;
          const path = join(at, i);
          let protocol = str(r.protocol) ?? '';
          if (protocol === '') protocol = 'TCP';
          else if (!PROTOCOLS.includes(protocol)) {
            report(join(path, 'protocol'), `interface ${label(it)} port range protocol ${q(protocol)} is not TCP or UDP (upper case)`,
              'Unknown protocol, only TCP or UDP allowed');
          }
          const { start, end } = r;
          if (isInt(start) && (start < PORT_MIN || start > PORT_MAX)) {
            report(join(path, 'start'), `interface ${label(it)} port range start ${start} is out of range; use 1 to 65535`,
              'Start must be a valid port number, 0 < x < 65536');
          }
          if (isInt(end) && (end < PORT_MIN || end > PORT_MAX)) {
            report(join(path, 'end'), `interface ${label(it)} port range end ${end} is out of range; use 1 to 65535`,
              'End must be a valid port number, 0 < x < 65536');
          }
          if (isInt(start) && isInt(end)) {
            if (start > end) {
              report(join(path, 'start'), `interface ${label(it)} port range starts at ${start}, after its end ${end}; swap them`,
                'Start must be less than or equal to end');
            }
            const xs = byProtocol.get(protocol) ?? [];
            xs.push({ start, end });
            byProtocol.set(protocol, xs);
          }
        });
        // Pairwise, as KubeVirt does; bounded so that untrusted input stays cheap (KubeVirt allows 10 ranges anyway).
        for (const [protocol, xs] of byProtocol) {
          const n = Math.min(xs.length, 64);
          // a range repeated three times overlaps its copies in several pairs of the same text: each pair of values once
          const told = new Set<string>();
          for (let i = 0; i < n; i++) {
            for (let j = i + 1; j < n; j++) {
              const a = xs[i];
              const b = xs[j];
              const pair = `${a.start}-${a.end} ${b.start}-${b.end}`;
              if (a.start <= b.end && b.start <= a.end && !told.has(pair)) {
                told.add(pair);
                report(at, `interface ${label(it)} has overlapping ${protocol} port ranges ${a.start}-${a.end} and ${b.start}-${b.end}; merge or separate them`,
                  `${protocol} portRanges [${a.start}-${a.end}] and [${b.start}-${b.end}] overlap`);
              }
            }
          }
        }
      }
    });
  },
};

export const PORTS_RULES: readonly Rule[] = [
  portNameUnique, portNameValid, portNumber, portProtocol, portRangesGate, portRangesValid,
];
