// GIVEN interfaces with ports and portRanges WHEN linted THEN the port rules report what KubeVirt's netiface.go rejects on the pod network.
import { kubevirtCr, ruleTable, spec, vm } from '../harness';
import {
  portNameUnique, portNameValid, portNumber, portProtocol, portRangesGate, portRangesValid,
} from '../../../src/rules/vmi/ports';

const lit = (t: string) => new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const IF = 'spec.template.spec.domain.devices.interfaces';
const onPod = (iface: Record<string, unknown>) => vm(spec([{ name: 'default', masquerade: {}, ...iface }], [{ name: 'default', pod: {} }]));
const onMultus = (iface: Record<string, unknown>) => vm(spec([{ name: 'sec', bridge: {}, ...iface }], [{ name: 'sec', multus: { networkName: 'n' } }]));
const portsGate = kubevirtCr({}, ['PortRangesSpec']);

ruleTable(portNameUnique, {
  valid: [
    { name: 'distinct names and unnamed ports', manifests: [onPod({ ports: [{ name: 'http', port: 80 }, { port: 81 }, { port: 82 }, { name: 'ssh', port: 22 }] })] },
    { name: 'duplicates on a multus network are not checked by KubeVirt', manifests: [onMultus({ ports: [{ name: 'a', port: 1 }, { name: 'a', port: 2 }] })] },
  ],
  invalid: [
    {
      name: 'the same name twice',
      manifests: [onPod({ ports: [{ name: 'testport', port: 80 }, { name: 'testport', protocol: 'UDP', port: 80 }] })],
      findings: [{ severity: 'error', path: `${IF}[0].ports[1].name`, message: lit('(kubevirt: Duplicate name of the port: testport)') }],
    },
  ],
});

ruleTable(portNameValid, {
  valid: [{ name: 'IANA names', manifests: [onPod({ ports: [{ name: 'http', port: 80 }, { name: 'my-svc-2', port: 81 }, { name: 'abcdefghijklmno', port: 82 }] })] }],
  invalid: [
    {
      name: 'upper case, digits only, double dash, too long',
      manifests: [onPod({ ports: [{ name: 'Test', port: 1 }, { name: '123', port: 2 }, { name: 'a--b', port: 3 }, { name: 'abcdefghijklmnop', port: 4 }] })],
      findings: [
        { severity: 'error', path: `${IF}[0].ports[0].name`, message: lit('(kubevirt: Invalid name of the port: Test)') },
        { severity: 'error', path: `${IF}[0].ports[1].name`, message: lit('(kubevirt: Invalid name of the port: 123)') },
        { severity: 'error', path: `${IF}[0].ports[2].name`, message: lit('(kubevirt: Invalid name of the port: a--b)') },
        { severity: 'error', path: `${IF}[0].ports[3].name`, message: lit('(kubevirt: Invalid name of the port: abcdefghijklmnop)') },
      ],
    },
  ],
});

ruleTable(portNumber, {
  valid: [
    { name: 'ports 1 and 65535', manifests: [onPod({ ports: [{ port: 1 }, { port: 65535 }] })] },
    { name: 'a missing port is left to vmi-structure', manifests: [onPod({ ports: [{ name: 'http' }] })] },
  ],
  invalid: [
    {
      name: 'port 0',
      manifests: [onPod({ ports: [{ port: 0 }] })],
      findings: [{ severity: 'error', path: `${IF}[0].ports[0].port`, message: lit('(kubevirt: Port field is mandatory.)') }],
    },
    {
      name: 'ports 65536 and -1',
      manifests: [onPod({ ports: [{ port: 65536 }, { port: -1 }] })],
      findings: [
        { severity: 'error', path: `${IF}[0].ports[0].port`, message: lit('port 65536 is out of range; use 1 to 65535 (kubevirt: Port field must be in range 0 < x < 65536.)') },
        { severity: 'error', path: `${IF}[0].ports[1].port`, message: lit('(kubevirt: Port field must be in range 0 < x < 65536.)') },
      ],
    },
    {
      name: 'port 65536 on 1.8 on masquerade: the webhook lets it through, the nftables rule fails (an error); 65537 is rejected',
      version: '1.8',
      manifests: [onPod({ ports: [{ port: 65536 }, { port: 65537 }] })],
      findings: [
        {
          severity: 'error', path: `${IF}[0].ports[0].port`,
          message: 'interface "default" port 65536 is not a port number; kubevirt 1.8 accepts it (its check lets 65536 through until 1.9), '
            + 'but masquerade cannot add a forwarding rule for it, and the VM\'s network setup fails; use 1 to 65535',
        },
        { severity: 'error', path: `${IF}[0].ports[1].port`, message: lit('port 65537 is out of range; use 1 to 65535 (kubevirt: Port field must be in range 0 < x < 65536.)') },
      ],
    },
    {
      name: 'port 65536 on 1.1 on bridge: accepted, nothing forwards it (a warning)',
      version: '1.1',
      manifests: [vm(spec([{ name: 'default', bridge: {}, ports: [{ port: 65536 }] }], [{ name: 'default', pod: {} }]))],
      findings: [{ severity: 'warning', path: `${IF}[0].ports[0].port`, message: /kubevirt 1\.1 accepts it .*but no such port exists: bridge ignores it, and a binding plugin cannot forward it; use 1 to 65535$/ }],
    },
  ],
});

ruleTable(portProtocol, {
  valid: [{ name: 'TCP, UDP and empty', manifests: [onPod({ ports: [{ port: 1, protocol: 'TCP' }, { port: 2, protocol: 'UDP' }, { port: 3, protocol: '' }] })] }],
  invalid: [
    {
      name: 'lower case tcp',
      manifests: [onPod({ ports: [{ port: 80, protocol: 'tcp' }] })],
      findings: [{ severity: 'error', path: `${IF}[0].ports[0].protocol`, message: lit('(kubevirt: Unknown protocol, only TCP or UDP allowed)') }],
    },
  ],
});

ruleTable(portRangesGate, {
  valid: [
    { name: 'gate listed', manifests: [onPod({ portRanges: [{ protocol: 'TCP', start: 80, end: 90 }] }), portsGate] },
    { name: 'no cluster configuration among the inputs', manifests: [onPod({ portRanges: [{ protocol: 'TCP', start: 80, end: 90 }] })] },
    { name: 'before 1.9 the field is left to field-version', version: '1.8', manifests: [onPod({ portRanges: [{ protocol: 'TCP', start: 80, end: 90 }] }), kubevirtCr()] },
  ],
  invalid: [
    {
      name: 'gate missing',
      manifests: [onPod({ portRanges: [{ protocol: 'TCP', start: 80, end: 90 }] }), kubevirtCr()],
      findings: [{ severity: 'error', path: `${IF}[0].portRanges`, message: lit('(kubevirt: portRanges is specified on interface but the PortRangesSpec feature gate is not enabled)') }],
    },
  ],
});

ruleTable(portRangesValid, {
  valid: [
    { name: 'non-overlapping ranges, TCP and UDP may overlap, start == end', manifests: [onPod({ portRanges: [{ protocol: 'TCP', start: 80, end: 100 }, { protocol: 'TCP', start: 200, end: 300 }, { protocol: 'UDP', start: 90, end: 250 }, { protocol: 'TCP', start: 22, end: 22 }] }), portsGate] },
    { name: 'not checked on 1.8', version: '1.8', manifests: [onPod({ ports: [{ port: 1 }], portRanges: [{ protocol: 'TCP', start: 80, end: 90 }] })] },
  ],
  invalid: [
    {
      name: 'ports and portRanges together',
      manifests: [onPod({ ports: [{ port: 22 }], portRanges: [{ protocol: 'TCP', start: 80, end: 90 }] })],
      findings: [{ severity: 'error', path: `${IF}[0].portRanges`, message: lit('(kubevirt: Cannot define both ports and portRanges on interface)') }],
    },
    {
      name: 'portRanges on bridge',
      manifests: [vm(spec([{ name: 'default', bridge: {}, portRanges: [{ protocol: 'TCP', start: 80, end: 90 }] }], [{ name: 'default', pod: {} }]))],
      findings: [{ severity: 'error', path: `${IF}[0].portRanges`, message: lit('(kubevirt: portRanges are only supported on masquerade interfaces)') }],
    },
    {
      name: 'eleven ranges',
      manifests: [onPod({ portRanges: Array.from({ length: 11 }, (_, i) => ({ protocol: 'TCP', start: 1000 + i * 10, end: 1005 + i * 10 })) })],
      findings: [{ severity: 'error', path: `${IF}[0].portRanges`, message: lit('has 11 portRanges; use at most 10 (kubevirt: No more than 10 portRanges are allowed)') }],
    },
    {
      name: 'bad protocol, start, end and order',
      manifests: [onPod({ portRanges: [{ protocol: 'SCTP', start: 0, end: 70000 }, { protocol: 'UDP', start: 100, end: 80 }] })],
      findings: [
        { severity: 'error', path: `${IF}[0].portRanges[0].end`, message: lit('(kubevirt: End must be a valid port number, 0 < x < 65536)') },
        { severity: 'error', path: `${IF}[0].portRanges[0].protocol`, message: lit('(kubevirt: Unknown protocol, only TCP or UDP allowed)') },
        { severity: 'error', path: `${IF}[0].portRanges[0].start`, message: lit('(kubevirt: Start must be a valid port number, 0 < x < 65536)') },
        { severity: 'error', path: `${IF}[0].portRanges[1].start`, message: lit('(kubevirt: Start must be less than or equal to end)') },
      ],
    },
    {
      name: 'two overlapping TCP ranges (empty protocol means TCP)',
      manifests: [onPod({ portRanges: [{ protocol: 'TCP', start: 80, end: 200 }, { protocol: '', start: 150, end: 300 }] })],
      findings: [{ severity: 'error', path: `${IF}[0].portRanges`, message: lit('(kubevirt: TCP portRanges [80-200] and [150-300] overlap)') }],
    },
  ],
});
