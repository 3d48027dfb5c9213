// GIVEN malformed VMI specs (wrong types, missing required fields, too many items) WHEN linted THEN vmi-structure reports them and no rule throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ruleTable, spec, vm } from '../harness';
import { lint } from '../../../src/rules';
import { vmiStructure } from '../../../src/rules/vmi/structure';
import { KubeVirtVersion } from '../../../src/version';

const P = 'spec.template.spec';
const IF = `${P}.domain.devices.interfaces`;
const NET = `${P}.networks`;
const good = () => spec([{ name: 'default', masquerade: {}, ports: [{ port: 80, name: 'http' }] }], [{ name: 'default', pod: {} }]);

ruleTable(vmiStructure, {
  valid: [
    { name: 'a well-formed VM', manifests: [vm(good())] },
    {
      name: 'on 1.8 portRanges and resourceClaim are not in the schema: their contents are left alone (field-version reports them)',
      version: '1.8',
      manifests: [vm(spec([{ name: 'default', masquerade: {}, portRanges: [{}] }], [{ name: 'default', pod: {}, resourceClaim: 'x' }]))],
    },
    {
      name: 'every optional field with the right type',
      manifests: [vm(spec(
        [{
          name: 'default', masquerade: {}, model: 'virtio', macAddress: 'de:ad:00:00:be:af', bootOrder: 1, tag: 't',
          portRanges: [{ protocol: 'TCP', start: 1, end: 2 }],
          dhcpOptions: { bootFileName: 'f', ntpServers: ['192.0.2.1'], privateOptions: [{ option: 240, value: 'v' }] },
        }, { name: 'sec', binding: { name: 'plug' } }],
        [{ name: 'default', pod: {} }, { name: 'sec', multus: { networkName: 'nad', default: false } }],
      ))],
    },
    { name: 'nothing declared', manifests: [vm({ domain: { devices: {} } })] },
    {
      // a sparse list (built in code; never parsed) has no items at its holes
      name: 'a sparse interface list',
      manifests: [vm(spec(Object.assign(new Array(2), { 1: { name: 'default', masquerade: {} } }), [{ name: 'default', pod: {} }]))],
    },
    { name: 'not a kubevirt.io object', manifests: [{ apiVersion: 'example.com/v1', kind: 'VirtualMachine', metadata: { name: 'x' }, spec: 'nope' }] },
  ],
  invalid: [
    {
      name: 'networks is a string',
      manifests: [vm({ domain: { devices: { interfaces: [] } }, networks: 'pod' })],
      findings: [{ severity: 'error', path: NET, message: `${NET} must be a list, got "pod"` }],
    },
    {
      name: 'interfaces is an object and devices a number',
      manifests: [vm({ domain: { devices: { interfaces: { name: 'x' } } } }), vm({ domain: { devices: 3 } }, 'vm2')],
      findings: [
        { severity: 'error', path: IF, message: `${IF} must be a list, got {"name":"x"}` },
        { severity: 'error', path: `${P}.domain.devices`, message: `${P}.domain.devices must be an object, got 3` },
      ],
    },
    {
      name: 'spec.template.spec is a list',
      manifests: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'v' }, spec: { template: { spec: [] } } }],
      findings: [{ severity: 'error', path: P, message: `${P} must be an object, got []` }],
    },
    {
      name: 'list items that are not objects',
      manifests: [vm(spec([null, 'eth0'], [42]))],
      findings: [
        { severity: 'error', path: `${IF}[0]`, message: `${IF}[0] must be an object, got null` },
        { severity: 'error', path: `${IF}[1]`, message: `${IF}[1] must be an object, got "eth0"` },
        { severity: 'error', path: `${NET}[0]`, message: `${NET}[0] must be an object, got 42` },
      ],
    },
    {
      name: 'missing required fields',
      manifests: [vm(spec(
        [{ masquerade: {}, ports: [{ name: 'http' }], portRanges: [{}], dhcpOptions: { privateOptions: [{}] } }, { name: 'b', binding: {} }],
        [{ pod: {} }, { name: 'b', multus: {} }],
      ))],
      findings: [
        { severity: 'error', path: `${IF}[0].dhcpOptions.privateOptions[0].option`, message: /is required: the DHCP option number, 224 to 254$/ },
        { severity: 'error', path: `${IF}[0].dhcpOptions.privateOptions[0].value`, message: /is required/ },
        { severity: 'error', path: `${IF}[0].name`, message: `${IF}[0].name is required: the name of the network this interface connects to` },
        { severity: 'error', path: `${IF}[0].portRanges[0].end`, message: /is required/ },
        { severity: 'error', path: `${IF}[0].portRanges[0].protocol`, message: /is required: TCP or UDP$/ },
        { severity: 'error', path: `${IF}[0].portRanges[0].start`, message: /is required/ },
        { severity: 'error', path: `${IF}[0].ports[0].port`, message: `${IF}[0].ports[0].port is required: the port number, 1 to 65535` },
        { severity: 'error', path: `${IF}[1].binding.name`, message: /is required: the name of a binding registered in the KubeVirt CR$/ },
        { severity: 'error', path: `${NET}[0].name`, message: /is required/ },
        { severity: 'error', path: `${NET}[1].multus.networkName`, message: /is required: a NetworkAttachmentDefinition as <name> or <namespace>\/<name>$/ },
      ],
    },
    {
      name: 'wrong scalar types',
      manifests: [vm(spec(
        [{ name: 7, bridge: 'yes', bootOrder: '1', ports: [{ port: '80' }], dhcpOptions: { ntpServers: [1] } }],
        [{ name: 'default', pod: true, multus: { networkName: 'n', default: 'true' } }],
      ))],
      findings: [
        { severity: 'error', path: `${IF}[0].bootOrder`, message: `${IF}[0].bootOrder must be an integer, got "1"` },
        { severity: 'error', path: `${IF}[0].bridge`, message: `${IF}[0].bridge must be an object, got "yes"` },
        { severity: 'error', path: `${IF}[0].dhcpOptions.ntpServers[0]`, message: /must be a string, got 1$/ },
        { severity: 'error', path: `${IF}[0].name`, message: `${IF}[0].name must be a string, got 7` },
        { severity: 'error', path: `${IF}[0].ports[0].port`, message: /must be an integer, got "80"$/ },
        { severity: 'error', path: `${NET}[0].multus.default`, message: /must be true or false, got "true"$/ },
        { severity: 'error', path: `${NET}[0].pod`, message: /must be an object, got true$/ },
      ],
    },
    {
      name: 'more than 256 interfaces and networks',
      manifests: [vm(spec(
        Array.from({ length: 257 }, (_, i) => ({ name: `n${i}`, bridge: {} })),
        Array.from({ length: 257 }, (_, i) => ({ name: `n${i}`, multus: { networkName: 'nad' } })),
      ))],
      findings: [
        { severity: 'error', path: IF, message: `${IF} has 257 items; kubevirt allows at most 256` },
        { severity: 'error', path: NET, message: `${NET} has 257 items; kubevirt allows at most 256` },
      ],
    },
  ],
});

describe('vmi rules on arbitrary input', () => {
  const versions = ['1.1', '1.4', '1.8', '1.9'].map((v) => KubeVirtVersion.of(v));
  const cluster = { apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'kv' }, spec: { configuration: { network: { permitBridgeInterfaceOnPodNetwork: false } } } };
  const run = (manifests: unknown[], vi: number) => lint(manifests as Array<Record<string, unknown>>, { version: versions[vi] });

  it('never throws for any JSON value at spec.template.spec, interfaces or networks', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), fc.nat({ max: 3 }), (a, b, c, vi) => {
        const manifests = [
          { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'a' }, spec: { template: { spec: a } } },
          vm({ domain: { devices: { interfaces: b } }, networks: c }, 'b'),
          vm(spec([b, { name: 'default', masquerade: {}, ports: b, portRanges: c, dhcpOptions: b }], [c, { name: 'default', pod: {}, resourceClaim: b }]), 'c'),
          { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata: { name: 'd' }, spec: a },
          cluster,
        ];
        expect(() => run(manifests, vi)).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});
