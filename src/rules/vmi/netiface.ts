/** Interfaces and networks: names, pairing and per-interface fields (A4 rows 16-24). */
import type { Rule } from '../types';
import { KubeVirtVersion } from '../../version';
import { INTERFACE_NAME } from '../patterns';
import { join, str } from '../util';
import { forEachRepeatedName, forEachSpec, forEachSpecWith, kv, label, parseMacLength, PCI_ADDRESS, q, VCA_1_1 } from './common';

export const networkNameUnique: Rule = {
  meta: {
    id: 'network-name-unique',
    severity: 'error',
    versions: 'all',
    description: 'Network names must be unique within a VMI.',
    source: 'kubevirt pkg/network/admitter/netiface.go:75-89',
    history: [
      {
        since: '1.1',
        behaviour: 'A second network with the name of an earlier one is rejected. The audit found no change 1.1-1.9 (the check moved '
          + 'to pkg/network/admitter in 1.3, same text).',
        source: `pkg/network/admitter/netiface.go@v1.9.0:75-89; ${VCA_1_1}:676-686`,
      },
    ],
  },
  // kubevirt pkg/network/admitter/netiface.go:75-89
  check(ctx) {
    forEachSpec(ctx, (ns) => {
      forEachRepeatedName(ns.nets, (net, first) => ctx.report(ns.view.entry, join(net.path, 'name'),
        `network name ${q(net.name!)} is already used by ${first.path}; give every network a unique name`
        + kv(`Network with name ${q(net.name!)} already exists, every network must have a unique name`)));
    });
  },
};

export const interfaceNameUnique: Rule = {
  meta: {
    id: 'interface-name-unique',
    severity: 'error',
    versions: 'all',
    description: 'Interface names must be unique within a VMI: each interface connects to the network of the same name.',
    source: 'kubevirt pkg/network/admitter/netiface.go:91-105',
    history: [
      {
        since: '1.1',
        behaviour: 'A second interface with the name of an earlier one is rejected. The audit found no change 1.1-1.9.',
        source: `pkg/network/admitter/netiface.go@v1.9.0:91-105; ${VCA_1_1}:665-675`,
      },
    ],
  },
  // kubevirt pkg/network/admitter/netiface.go:91-105
  check(ctx) {
    forEachSpec(ctx, (ns) => {
      forEachRepeatedName(ns.ifaces, (it, first) => ctx.report(ns.view.entry, join(it.path, 'name'),
        `interface name ${q(it.name!)} is already used by ${first.path}; each network takes exactly one interface`
        + kv('Only one interface can be connected to one specific network')));
    });
  },
};

export const interfaceNetworkPairing: Rule = {
  meta: {
    id: 'interface-network-pairing',
    severity: 'error',
    versions: 'all',
    description: 'Every interface must name an existing network, and every network must have an interface of the same name.',
    source: 'kubevirt pkg/network/admitter/netiface.go:39-73',
    history: [
      {
        since: '1.1',
        behaviour: 'An interface without a network of its name, and a network without an interface of its name, are rejected '
          + '("<field> \'<name>\' not found."). The audit found no change 1.1-1.9.',
        source: `pkg/network/admitter/netiface.go@v1.9.0:39-73; ${VCA_1_1}:321-323, 601-607, 687-693`,
      },
    ],
  },
  // kubevirt pkg/network/admitter/netiface.go:39-53 (networks), :55-73 (interfaces)
  check(ctx) {
    forEachSpec(ctx, (ns) => {
      if (!ns.ifacesOk || !ns.netsOk) return; // vmi-structure reports the wrong types
      for (const it of ns.ifaces) {
        if (it.name === undefined || ns.network(it.name)) continue;
        const field = join(it.path, 'name');
        ctx.report(ns.view.entry, field,
          `interface ${q(it.name)} has no network of the same name; add networks[].name ${q(it.name)}`
          + kv(`${field} '${it.name}' not found.`));
      }
      for (const net of ns.nets) {
        if (net.name === undefined || ns.iface(net.name)) continue;
        const field = join(net.path, 'name');
        ctx.report(ns.view.entry, field,
          `network ${q(net.name)} has no interface of the same name; add domain.devices.interfaces[].name ${q(net.name)}`
          + kv(`${field} '${net.name}' not found.`));
      }
    });
  },
};


export const interfaceNameFormat: Rule = {
  meta: {
    id: 'interface-name-format',
    severity: 'error',
    versions: 'all',
    description: 'Interface names may contain only letters, digits, `-` and `_`. No length limit exists beyond the 256-item lists.',
    source: 'kubevirt pkg/network/admitter/netiface.go:127-137',
    history: [
      {
        since: '1.1',
        behaviour: 'A name not matching ^[A-Za-z0-9-_]+$ (an empty one too) is rejected. The audit found no change 1.1-1.9.',
        source: `pkg/network/admitter/netiface.go@v1.9.0:127-137; ${VCA_1_1}:653-663`,
      },
    ],
  },
  // kubevirt pkg/network/admitter/netiface.go:127-137
  check(ctx) {
    forEachSpec(ctx, (ns) => {
      for (const it of ns.ifaces) {
        if (it.name === undefined || INTERFACE_NAME.test(it.name)) continue;
        ctx.report(ns.view.entry, join(it.path, 'name'),
          `interface name ${q(it.name)} has characters other than letters, digits, "-" and "_"`
          + kv('Network interface name can only contain alphabetical characters, numbers, dashes (-) or underscores (_)'));
      }
    });
  },
};

/** kubevirt pkg/network/admitter/netiface.go@v1.9.0:139-147 validInterfaceModels (igb since 1.4) */
export const INTERFACE_MODELS = ['e1000', 'e1000e', 'igb', 'ne2k_pci', 'pcnet', 'rtl8139', 'virtio'];

/**
 * The models KubeVirt accepts at a release: `igb` arrived in 1.4 (kubevirt pkg/network/admitter/netiface.go@v1.4.0:135;
 * absent from netiface.go@v1.3.0:132-139 and vmi-create-admitter.go@v1.1.0:76).
 */
export function interfaceModels(version: KubeVirtVersion): readonly string[] {
  return version.isAtLeast(KubeVirtVersion.V1_4) ? INTERFACE_MODELS : INTERFACE_MODELS.filter((m) => m !== 'igb');
}

export const interfaceModel: Rule = {
  meta: {
    id: 'interface-model',
    severity: 'error',
    versions: 'all',
    description: `An interface \`model\` must be one of ${INTERFACE_MODELS.join(', ')} (default virtio; \`igb\` from 1.4).`,
    source: 'kubevirt pkg/network/admitter/netiface.go:139-164',
    history: [
      {
        since: '1.1',
        behaviour: 'model must be empty or one of e1000, e1000e, ne2k_pci, pcnet, rtl8139, virtio; anything else is rejected.',
        source: `${VCA_1_1}:76, 461-472`,
      },
      {
        since: '1.4',
        behaviour: 'igb is accepted as well.',
        source: 'pkg/network/admitter/netiface.go@v1.4.0:132-141',
      },
    ],
  },
  // kubevirt pkg/network/admitter/netiface.go:139-164
  check(ctx) {
    const models = interfaceModels(ctx.version);
    forEachSpecWith(ctx, { iface: ['model'] }, (ns) => {
      for (const it of ns.ifaces) {
        const model = str(it.obj.model);
        if (model === undefined || model === '' || models.includes(model)) continue;
        const later = model === 'igb' ? ' (igb is first accepted in kubevirt 1.4)' : '';
        ctx.report(ns.view.entry, join(it.path, 'model'),
          `interface ${label(it)} has model ${q(model)}; use one of ${models.join(', ')}${later}`
          + kv(`interface ${join(it.path, 'name')} uses model ${model} that is not supported.`));
      }
    });
  },
};

export const interfaceMacAddress: Rule = {
  meta: {
    id: 'interface-mac-address',
    severity: 'error',
    versions: 'all',
    description: '`macAddress` must parse with Go net.ParseMAC (`:`, `-` or `.` notation) and be at most 6 bytes.',
    source: 'kubevirt pkg/network/admitter/netiface.go:166-179; pkg/network/link/mac.go:35-48',
    history: [
      {
        since: '1.1',
        behaviour: 'A macAddress that Go net.ParseMAC cannot parse, or longer than 6 bytes, is rejected. The audit found no change '
          + '1.1-1.9 in what is accepted; only the text of the too-long error changed in 1.3 ("has MAC address (...) that is too long" '
          + 'before, "has too long MAC address (...)" from 1.3, pkg/network/link/mac.go@v1.3.0:43-46).',
        source: `pkg/network/admitter/netiface.go@v1.9.0:166-179; ${VCA_1_1}:440-459`,
      },
    ],
  },
  // kubevirt pkg/network/admitter/netiface.go:166-179; pkg/network/link/mac.go:35-48
  check(ctx) {
    forEachSpecWith(ctx, { iface: ['macAddress'] }, (ns) => {
      for (const it of ns.ifaces) {
        const mac = str(it.obj.macAddress);
        if (mac === undefined || mac === '') continue;
        const n = parseMacLength(mac);
        if (n === 6) continue;
        const name = join(it.path, 'name');
        // the too-long text before 1.3: kubevirt vmi-create-admitter.go@v1.1.0:453; from 1.3: pkg/network/link/mac.go@v1.3.0:45
        const err = n === undefined ? `malformed MAC address (${mac})`
          : ctx.version.isOlderThan(KubeVirtVersion.V1_3) ? `MAC address (${mac}) that is too long` : `too long MAC address (${mac})`;
        const why = n === undefined ? 'is not a MAC address' : `is ${n} bytes long`;
        ctx.report(ns.view.entry, join(it.path, 'macAddress'),
          `interface ${label(it)} macAddress ${q(mac)} ${why}; use 6 bytes such as "de:ad:00:00:be:af"`
          + kv(`interface ${name} has ${err}.`));
      }
    });
  },
};

export const interfacePciAddress: Rule = {
  meta: {
    id: 'interface-pci-address',
    severity: 'error',
    versions: 'all',
    description: '`pciAddress` must have the form `dddd:bb:ss.f` (hexadecimal domain, bus, slot; function 0-7).',
    source: 'kubevirt pkg/network/admitter/netiface.go:181-197; pkg/util/hardware/hw_utils.go:37',
    history: [
      {
        since: '1.1',
        behaviour: 'A pciAddress not of the form dddd:bb:ss.f is rejected. The audit found no change 1.1-1.9 (same pattern in '
          + 'pkg/util/hardware/hw_utils.go at every tag).',
        source: `pkg/network/admitter/netiface.go@v1.9.0:181-197; ${VCA_1_1}:401-413`,
      },
    ],
  },
  // kubevirt pkg/network/admitter/netiface.go:181-197
  check(ctx) {
    forEachSpecWith(ctx, { iface: ['pciAddress'] }, (ns) => {
      for (const it of ns.ifaces) {
        const pci = str(it.obj.pciAddress);
        if (pci === undefined || pci === '' || PCI_ADDRESS.test(pci)) continue;
        ctx.report(ns.view.entry, join(it.path, 'pciAddress'),
          `interface ${label(it)} pciAddress ${q(pci)} is not of the form dddd:bb:ss.f, e.g. "0000:81:11.1"`
          + kv(`interface ${join(it.path, 'name')} has malformed PCI address (${pci}).`));
      }
    });
  },
};

export const NETIFACE_RULES: readonly Rule[] = [
  networkNameUnique, interfaceNameUnique, interfaceNetworkPairing, interfaceNameFormat, interfaceModel,
  interfaceMacAddress, interfacePciAddress,
];
