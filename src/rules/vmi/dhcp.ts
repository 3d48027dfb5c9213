/** DHCP options of interfaces (A4 rows 33-35). KubeVirt checks them on every interface that has `dhcpOptions`. */
import type { Rule } from '../types';
import { dig, isObject, join, list } from '../util';
import { forEachSpecWith, isGoIPv4, isInt, kv, label, q, VCA_1_1, type Item, type NetSpec } from './common';

function privateOptions(ns: NetSpec, fn: (it: Item, option: number, path: string) => void): void {
  for (const it of ns.ifaces) {
    const base = join(it.path, 'dhcpOptions', 'privateOptions');
    list(dig(it.obj, 'dhcpOptions', 'privateOptions')).forEach((o, i) => {
      if (isObject(o) && isInt(o.option)) fn(it, o.option, join(base, i, 'option'));
    });
  }
}

export const dhcpPrivateOptionsUnique: Rule = {
  meta: {
    id: 'dhcp-private-options-unique',
    severity: 'error',
    versions: 'all',
    description: 'DHCP private option numbers of an interface must be unique.',
    source: 'kubevirt pkg/network/admitter/netiface.go:419-434',
    history: [
      {
        since: '1.1',
        behaviour: 'An interface whose dhcpOptions.privateOptions repeat an option number is rejected ("Found Duplicates: you have '
          + 'provided duplicate DHCPPrivateOptions"). The audit found no change in what is accepted 1.1-1.9; before 1.3 the first '
          + 'duplicate also stopped the checks of the later interfaces.',
        source: `pkg/network/admitter/netiface.go@v1.9.0:419-434; ${VCA_1_1}:350-364, 1763-1772`,
      },
    ],
  },
  // kubevirt pkg/network/admitter/netiface.go:419-434
  check(ctx) {
    forEachSpecWith(ctx, { iface: ['dhcpOptions'] }, (ns) => {
      let seen = new Map<number, string>();
      let owner: Item | undefined;
      privateOptions(ns, (it, option, path) => {
        if (it !== owner) {
          owner = it;
          seen = new Map();
        }
        const first = seen.get(option);
        if (first === undefined) {
          seen.set(option, path);
          return;
        }
        ctx.report(ns.view.entry, path,
          `interface ${label(it)} sets DHCP private option ${option} twice (the first is ${first}); set each option once`
          + kv('Found Duplicates: you have provided duplicate DHCPPrivateOptions'));
      });
    });
  },
};

export const dhcpPrivateOptionRange: Rule = {
  meta: {
    id: 'dhcp-private-option-range',
    severity: 'error',
    versions: 'all',
    description: 'DHCP private option numbers must be in the private range 224 to 254.',
    source: 'kubevirt pkg/network/admitter/netiface.go:452-461',
    history: [
      {
        since: '1.1',
        behaviour: 'A DHCP private option number outside 224-254 is rejected. The audit found no change 1.1-1.9.',
        source: `pkg/network/admitter/netiface.go@v1.9.0:452-461; ${VCA_1_1}:381-390`,
      },
    ],
  },
  // kubevirt pkg/network/admitter/netiface.go:452-461
  check(ctx) {
    forEachSpecWith(ctx, { iface: ['dhcpOptions'] }, (ns) => privateOptions(ns, (it, option, path) => {
      if (option >= 224 && option <= 254) return;
      ctx.report(ns.view.entry, path,
        `interface ${label(it)} DHCP private option ${option} is outside the private range; use 224 to 254`
        + kv('provided DHCPPrivateOptions are out of range, must be in range 224 to 254'));
    }));
  },
};

export const dhcpNtpServers: Rule = {
  meta: {
    id: 'dhcp-ntp-servers-ipv4',
    severity: 'error',
    versions: 'all',
    description: 'DHCP `ntpServers` must be IPv4 addresses (no host names, no IPv6).',
    source: 'kubevirt pkg/network/admitter/netiface.go:436-450',
    history: [
      {
        since: '1.1',
        behaviour: 'An NTP server that Go net.ParseIP(...).To4() rejects (a host name, an IPv6 address) is rejected. The audit '
          + 'found no change 1.1-1.9.',
        source: `pkg/network/admitter/netiface.go@v1.9.0:436-450; ${VCA_1_1}:366-379`,
      },
    ],
  },
  // kubevirt pkg/network/admitter/netiface.go:436-450 (Go net.ParseIP(ip).To4() != nil)
  check(ctx) {
    forEachSpecWith(ctx, { iface: ['dhcpOptions'] }, (ns) => {
      for (const it of ns.ifaces) {
        const base = join(it.path, 'dhcpOptions', 'ntpServers');
        list(dig(it.obj, 'dhcpOptions', 'ntpServers')).forEach((ip, i) => {
          if (typeof ip !== 'string' || isGoIPv4(ip)) return;
          ctx.report(ns.view.entry, join(base, i),
            `interface ${label(it)} NTP server ${q(ip)} is not an IPv4 address; use an address such as "192.0.2.1"`
            + kv('NTP servers must be a list of valid IPv4 addresses.'));
        });
      }
    });
  },
};

export const DHCP_RULES: readonly Rule[] = [dhcpPrivateOptionsUnique, dhcpPrivateOptionRange, dhcpNtpServers];
