// GIVEN interfaces and networks WHEN linted THEN the naming, pairing and per-interface field rules report what KubeVirt's netiface.go rejects.
import { ruleTable, spec, vm } from '../harness';
import {
  interfaceMacAddress, interfaceModel, interfaceNameFormat, interfaceNameUnique, interfaceNetworkPairing, interfacePciAddress,
  networkNameUnique,
} from '../../../src/rules/vmi/netiface';

const lit = (t: string) => new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const P = 'spec.template.spec';
const IF = `${P}.domain.devices.interfaces`;
const NET = `${P}.networks`;
const onPod = (iface: Record<string, unknown>) => vm(spec([{ name: 'default', masquerade: {}, ...iface }], [{ name: 'default', pod: {} }]));

ruleTable(networkNameUnique, {
  valid: [{ name: 'distinct names', manifests: [vm(spec([{ name: 'a', masquerade: {} }, { name: 'b', bridge: {} }], [{ name: 'a', pod: {} }, { name: 'b', multus: { networkName: 'n' } }]))] }],
  invalid: [
    {
      name: 'two networks named a',
      manifests: [vm(spec([{ name: 'a', masquerade: {} }], [{ name: 'a', pod: {} }, { name: 'a', multus: { networkName: 'n' } }]))],
      findings: [{ severity: 'error', path: `${NET}[1].name`, message: lit('(kubevirt: Network with name "a" already exists, every network must have a unique name)') }],
    },
  ],
});

ruleTable(interfaceNameUnique, {
  valid: [{ name: 'distinct names', manifests: [onPod({})] }],
  invalid: [
    {
      name: 'two interfaces named default',
      manifests: [vm(spec([{ name: 'default', masquerade: {} }, { name: 'default', bridge: {} }], [{ name: 'default', pod: {} }]))],
      findings: [{ severity: 'error', path: `${IF}[1].name`, message: lit(`is already used by ${IF}[0]; each network takes exactly one interface (kubevirt: Only one interface can be connected to one specific network)`) }],
    },
  ],
});

ruleTable(interfaceNetworkPairing, {
  valid: [
    { name: 'paired', manifests: [onPod({})] },
    { name: 'nothing declared (KubeVirt adds the default pair)', manifests: [vm({ domain: { devices: {} } })] },
    { name: 'networks of the wrong type are left to vmi-structure', manifests: [vm(spec([{ name: 'default', masquerade: {} }], 'pod' as unknown as unknown[]))] },
  ],
  invalid: [
    {
      name: 'an interface without a network',
      manifests: [vm(spec([{ name: 'default', masquerade: {} }], []))],
      findings: [{ severity: 'error', path: `${IF}[0].name`, message: `interface "default" has no network of the same name; add networks[].name "default" (kubevirt: ${IF}[0].name 'default' not found.)` }],
    },
    {
      name: 'a network without an interface',
      manifests: [vm(spec([{ name: 'default', masquerade: {} }], [{ name: 'default', pod: {} }, { name: 'sec', multus: { networkName: 'n' } }]))],
      findings: [{ severity: 'error', path: `${NET}[1].name`, message: `network "sec" has no interface of the same name; add domain.devices.interfaces[].name "sec" (kubevirt: ${NET}[1].name 'sec' not found.)` }],
    },
  ],
});

ruleTable(interfaceNameFormat, {
  valid: [{ name: 'letters, digits, dash, underscore', manifests: [vm(spec([{ name: 'Net_1-a', masquerade: {} }], [{ name: 'Net_1-a', pod: {} }]))] }],
  invalid: [
    {
      name: 'a dot in the name',
      manifests: [vm(spec([{ name: 'net.1', masquerade: {} }], [{ name: 'net.1', pod: {} }]))],
      findings: [{ severity: 'error', path: `${IF}[0].name`, message: lit('(kubevirt: Network interface name can only contain alphabetical characters, numbers, dashes (-) or underscores (_))') }],
    },
    {
      name: 'an empty name',
      manifests: [vm(spec([{ name: '', masquerade: {} }], [{ name: '', pod: {} }]))],
      findings: [{ severity: 'error', path: `${IF}[0].name`, message: /^interface name "" has characters/ }],
    },
  ],
});

ruleTable(interfaceModel, {
  valid: [{ name: 'every supported model', manifests: ['e1000', 'e1000e', 'igb', 'ne2k_pci', 'pcnet', 'rtl8139', 'virtio', ''].map((model) => onPod({ model })) }],
  invalid: [
    {
      name: 'an unknown model',
      manifests: [onPod({ model: 'virtio-net' })],
      findings: [{ severity: 'error', path: `${IF}[0].model`, message: lit(`(kubevirt: interface ${IF}[0].name uses model virtio-net that is not supported.)`) }],
    },
    {
      name: 'igb on 1.3 (first accepted in 1.4)',
      version: '1.3',
      manifests: [onPod({ model: 'igb' })],
      findings: [{
        severity: 'error', path: `${IF}[0].model`,
        message: `interface "default" has model "igb"; use one of e1000, e1000e, ne2k_pci, pcnet, rtl8139, virtio (igb is first accepted in kubevirt 1.4) (kubevirt: interface ${IF}[0].name uses model igb that is not supported.)`,
      }],
    },
  ],
});

ruleTable(interfaceMacAddress, {
  valid: [{ name: 'colon, dash and dot forms', manifests: ['de:ad:00:00:be:af', 'DE-AD-00-00-BE-AF', 'dead.0000.beaf', ''].map((macAddress) => onPod({ macAddress })) }],
  invalid: [
    {
      name: 'malformed',
      manifests: [onPod({ macAddress: 'de:ad:00:00:be' })],
      findings: [{ severity: 'error', path: `${IF}[0].macAddress`, message: lit(`(kubevirt: interface ${IF}[0].name has malformed MAC address (de:ad:00:00:be).)`) }],
    },
    {
      name: 'too long on 1.2: KubeVirt\'s text before 1.3',
      version: '1.2',
      manifests: [onPod({ macAddress: 'de:ad:00:00:be:af:00:01' })],
      findings: [{ severity: 'error', path: `${IF}[0].macAddress`, message: lit(`is 8 bytes long; use 6 bytes such as "de:ad:00:00:be:af" (kubevirt: interface ${IF}[0].name has MAC address (de:ad:00:00:be:af:00:01) that is too long.)`) }],
    },
    {
      name: 'mixed separators',
      manifests: [onPod({ macAddress: 'de:ad-00:00:be:af' })],
      findings: [{ severity: 'error', path: `${IF}[0].macAddress`, message: /malformed MAC address/ }],
    },
    {
      name: 'an 8-byte EUI-64',
      manifests: [onPod({ macAddress: '02:00:5e:10:00:00:00:01' })],
      findings: [{ severity: 'error', path: `${IF}[0].macAddress`, message: lit(`is 8 bytes long; use 6 bytes such as "de:ad:00:00:be:af" (kubevirt: interface ${IF}[0].name has too long MAC address (02:00:5e:10:00:00:00:01).)`) }],
    },
  ],
});

ruleTable(interfacePciAddress, {
  valid: [{ name: 'valid addresses', manifests: ['0000:81:11.1', '0001:02:00.7', ''].map((pciAddress) => onPod({ pciAddress })) }],
  invalid: [
    {
      name: 'function 8',
      manifests: [onPod({ pciAddress: '0000:81:11.8' })],
      findings: [{ severity: 'error', path: `${IF}[0].pciAddress`, message: lit(`(kubevirt: interface ${IF}[0].name has malformed PCI address (0000:81:11.8).)`) }],
    },
    {
      name: 'short domain',
      manifests: [onPod({ pciAddress: '00:81:11.1' })],
      findings: [{ severity: 'error', path: `${IF}[0].pciAddress`, message: /malformed PCI address/ }],
    },
  ],
});
