/** Interfaces and networks: names, pairing and per-interface fields (A4 rows 16-24). */
import type { Rule } from '../types';
import { INTERFACE_NAME } from '../patterns';
import { join, str } from '../util';
import { forEachRepeatedName, forEachSpec, forEachSpecWith, kv, label, parseMacLength, PCI_ADDRESS, q } from './common';

export const networkNameUnique: Rule = {
  meta: {
    id: 'network-name-unique',
    severity: 'error',
    versions: 'all',
    description: 'Network names must be unique within a VMI.',
    source: 'kubevirt pkg/network/admitter/netiface.go:75-89',
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

/** kubevirt pkg/network/admitter/netiface.go validInterfaceModels */
export const INTERFACE_MODELS = ['e1000', 'e1000e', 'igb', 'ne2k_pci', 'pcnet', 'rtl8139', 'virtio'];

export const interfaceModel: Rule = {
  meta: {
    id: 'interface-model',
    severity: 'error',
    versions: 'all',
    description: `An interface \`model\` must be one of ${INTERFACE_MODELS.join(', ')} (default virtio).`,
    source: 'kubevirt pkg/network/admitter/netiface.go:139-164',
  },
  // kubevirt pkg/network/admitter/netiface.go:139-164
  check(ctx) {
    forEachSpecWith(ctx, { iface: ['model'] }, (ns) => {
      for (const it of ns.ifaces) {
        const model = str(it.obj.model);
        if (model === undefined || model === '' || INTERFACE_MODELS.includes(model)) continue;
        ctx.report(ns.view.entry, join(it.path, 'model'),
          `interface ${label(it)} has model ${q(model)}; use one of ${INTERFACE_MODELS.join(', ')}`
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
        const err = n === undefined ? `malformed MAC address (${mac})` : `too long MAC address (${mac})`;
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
