// GIVEN interfaces with dhcpOptions WHEN linted THEN the DHCP rules report duplicate or out-of-range private options and non-IPv4 NTP servers.
import { ruleTable, spec, vm } from '../harness';
import { dhcpNtpServers, dhcpPrivateOptionRange, dhcpPrivateOptionsUnique } from '../../../src/rules/vmi/dhcp';

const lit = (t: string) => new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const IF = 'spec.template.spec.domain.devices.interfaces';
const dhcp = (dhcpOptions: unknown) => vm(spec(
  [{ name: 'default', masquerade: {}, dhcpOptions }, { name: 'sec', bridge: {}, dhcpOptions }],
  [{ name: 'default', pod: {} }, { name: 'sec', multus: { networkName: 'n' } }],
));
const one = (dhcpOptions: unknown) => vm(spec([{ name: 'default', masquerade: {}, dhcpOptions }], [{ name: 'default', pod: {} }]));

ruleTable(dhcpPrivateOptionsUnique, {
  valid: [{ name: 'unique per interface (the same option on two interfaces is fine)', manifests: [dhcp({ privateOptions: [{ option: 240, value: 'a' }, { option: 241, value: 'b' }] })] }],
  invalid: [
    {
      name: 'option 240 twice',
      manifests: [one({ privateOptions: [{ option: 240, value: 'a' }, { option: 240, value: 'b' }] })],
      findings: [{ severity: 'error', path: `${IF}[0].dhcpOptions.privateOptions[1].option`, message: lit('(kubevirt: Found Duplicates: you have provided duplicate DHCPPrivateOptions)') }],
    },
  ],
});

ruleTable(dhcpPrivateOptionRange, {
  valid: [{ name: '224 and 254', manifests: [one({ privateOptions: [{ option: 224, value: 'a' }, { option: 254, value: 'b' }] })] }],
  invalid: [
    {
      name: '223 and 255',
      manifests: [one({ privateOptions: [{ option: 223, value: 'a' }, { option: 255, value: 'b' }] })],
      findings: [
        { severity: 'error', path: `${IF}[0].dhcpOptions.privateOptions[0].option`, message: lit('option 223 is outside the private range; use 224 to 254 (kubevirt: provided DHCPPrivateOptions are out of range, must be in range 224 to 254)') },
        { severity: 'error', path: `${IF}[0].dhcpOptions.privateOptions[1].option`, message: /option 255/ },
      ],
    },
  ],
});

ruleTable(dhcpNtpServers, {
  valid: [{ name: 'IPv4 and IPv4-mapped IPv6 (Go To4 accepts both)', manifests: [one({ ntpServers: ['127.0.0.1', '192.0.2.10', '::ffff:10.0.0.1', '::FFFF:0a00:0001'] })] }],
  invalid: [
    {
      name: 'IPv6, a host name, leading zeros',
      manifests: [one({ ntpServers: ['::1', 'hostname', '010.0.0.1'] })],
      findings: [
        { severity: 'error', path: `${IF}[0].dhcpOptions.ntpServers[0]`, message: lit('NTP server "::1" is not an IPv4 address; use an address such as "192.0.2.1" (kubevirt: NTP servers must be a list of valid IPv4 addresses.)') },
        { severity: 'error', path: `${IF}[0].dhcpOptions.ntpServers[1]`, message: /"hostname"/ },
        { severity: 'error', path: `${IF}[0].dhcpOptions.ntpServers[2]`, message: /"010\.0\.0\.1"/ },
      ],
    },
  ],
});
