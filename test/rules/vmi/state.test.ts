// GIVEN interfaces with a state WHEN linted THEN the state rules report what KubeVirt's admit.go rejects.
import { ruleTable, spec, vm } from '../harness';
import { absentNeedsBridge, absentNotOnDefault, interfaceStateValue, sriovState } from '../../../src/rules/vmi/state';

const lit = (t: string) => new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const IF = 'spec.template.spec.domain.devices.interfaces';
const withSec = (secondary: Record<string, unknown>) => vm(spec(
  [{ name: 'default', masquerade: {} }, { name: 'sec', ...secondary }],
  [{ name: 'default', pod: {} }, { name: 'sec', multus: { networkName: 'nad' } }],
));

ruleTable(interfaceStateValue, {
  valid: [
    { name: 'absent, up and down', manifests: [withSec({ bridge: {}, state: 'absent' }), withSec({ bridge: {}, state: 'up' }), withSec({ bridge: {}, state: 'down' })] },
    { name: 'absent on 1.1', version: '1.1', manifests: [withSec({ bridge: {}, state: 'absent' })] },
  ],
  invalid: [
    {
      name: 'an unknown state',
      manifests: [withSec({ bridge: {}, state: 'Up' })],
      findings: [{ severity: 'error', path: `${IF}[1].state`, message: lit('state "Up"; use absent, up or down, or leave it out (kubevirt: logical sec interface state value is unsupported: Up)') }],
    },
    {
      name: 'on 1.4 only absent is offered',
      version: '1.4',
      manifests: [withSec({ bridge: {}, state: 'gone' })],
      findings: [{ severity: 'error', path: `${IF}[1].state`, message: /use absent, or leave it out/ }],
    },
    {
      name: 'up on 1.4: KubeVirt accepts up and down from 1.5 only',
      version: '1.4',
      manifests: [withSec({ bridge: {}, state: 'up' })],
      findings: [{ severity: 'error', path: `${IF}[1].state`, message: 'interface "sec" has state "up"; use absent, or leave it out (up is first accepted in kubevirt 1.5) (kubevirt: logical sec interface state value is unsupported: up)' }],
    },
  ],
});

ruleTable(sriovState, {
  valid: [
    { name: 'sriov without state', manifests: [withSec({ sriov: {} })] },
    { name: 'bridge down', manifests: [withSec({ bridge: {}, state: 'down' })] },
  ],
  invalid: [
    {
      name: 'sriov set down',
      manifests: [withSec({ sriov: {}, state: 'down' })],
      findings: [{ severity: 'error', path: `${IF}[1].state`, message: lit('(kubevirt: "sec" interface\'s state "down" is not supported for SR-IOV NICs)') }],
    },
  ],
});

ruleTable(absentNeedsBridge, {
  valid: [{ name: 'bridge absent', manifests: [withSec({ bridge: {}, state: 'absent' })] }],
  invalid: [
    {
      name: 'sriov absent',
      manifests: [withSec({ sriov: {}, state: 'absent' })],
      findings: [{ severity: 'error', path: `${IF}[1].state`, message: lit('(kubevirt: "sec" interface\'s state "absent" is supported only for bridge binding)') }],
    },
  ],
});

ruleTable(absentNotOnDefault, {
  valid: [{ name: 'absent on a secondary network', manifests: [withSec({ bridge: {}, state: 'absent' })] }],
  invalid: [
    {
      name: 'absent on the pod network',
      manifests: [vm(spec([{ name: 'default', bridge: {}, state: 'absent' }], [{ name: 'default', pod: {} }]))],
      findings: [{ severity: 'error', path: `${IF}[0].state`, message: lit('(kubevirt: "default" interface\'s state "absent" is not supported on default networks)') }],
    },
    {
      name: 'absent on the multus default network',
      manifests: [vm(spec([{ name: 'm', bridge: {}, state: 'absent' }], [{ name: 'm', multus: { networkName: 'n', default: true } }]))],
      findings: [{ severity: 'error', path: `${IF}[0].state`, message: /is on the default network \(spec\.template\.spec\.networks\[0\]\)/ }],
    },
  ],
});
