// GIVEN VMI fields newer than the target release WHEN linted THEN field-version names the field and the release that has it.
import { ruleTable, spec, vm } from '../harness';
import { fieldVersion } from '../../../src/rules/vmi/field-version';

const IF = 'spec.template.spec.domain.devices.interfaces';
const NET = 'spec.template.spec.networks';
const onPod = (iface: Record<string, unknown>) => vm(spec([{ name: 'default', ...iface }], [{ name: 'default', pod: {} }]));

ruleTable(fieldVersion, {
  valid: [
    { name: 'passtBinding on 1.8', version: '1.8', manifests: [onPod({ passtBinding: {} })] },
    { name: 'portRanges and resourceClaim on 1.9', manifests: [vm(spec([{ name: 'default', masquerade: {}, portRanges: [] }, { name: 'd', sriov: {} }], [{ name: 'default', pod: {} }, { name: 'd', resourceClaim: {} }]))] },
    { name: 'binding on 1.1', version: '1.1', manifests: [onPod({ binding: { name: 'slirp' } })] },
    { name: 'state up on 1.5', version: '1.5', manifests: [onPod({ bridge: {}, state: 'up' })] },
    { name: 'state absent on 1.1', version: '1.1', manifests: [onPod({ bridge: {}, state: 'absent' })] },
    { name: 'state down on 1.4 is a value, left to interface-state-value', version: '1.4', manifests: [onPod({ bridge: {}, state: 'down' })] },
  ],
  invalid: [
    {
      name: 'passtBinding on 1.7',
      version: '1.7',
      manifests: [onPod({ passtBinding: {} })],
      findings: [{ severity: 'error', path: `${IF}[0].passtBinding`, message: `${IF}[0].passtBinding is not in kubevirt 1.7; it is first in kubevirt 1.8` }],
    },
    {
      name: 'portRanges and resourceClaim on 1.8',
      version: '1.8',
      manifests: [vm(spec([{ name: 'default', masquerade: {}, portRanges: [] }, { name: 'd', sriov: {} }], [{ name: 'default', pod: {} }, { name: 'd', resourceClaim: {} }]))],
      findings: [
        { severity: 'error', path: `${IF}[0].portRanges`, message: `${IF}[0].portRanges is not in kubevirt 1.8; it is first in kubevirt 1.9` },
        { severity: 'error', path: `${NET}[1].resourceClaim`, message: `${NET}[1].resourceClaim is not in kubevirt 1.8; it is first in kubevirt 1.9` },
      ],
    },
    {
      name: 'a patch release target',
      version: '1.1.1',
      manifests: [onPod({ passtBinding: {} })],
      findings: [{ severity: 'error', path: `${IF}[0].passtBinding`, message: /is not in kubevirt 1\.1\.1; it is first in kubevirt 1\.8$/ }],
    },
  ],
});
