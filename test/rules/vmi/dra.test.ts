// GIVEN VMs with DRA (resourceClaim) networks WHEN linted on 1.9 THEN dra-network reports what KubeVirt's dra.go rejects.
import { kubevirtCr, ruleTable, spec, vm } from '../harness';
import { draNetwork } from '../../../src/rules/vmi/dra';

const lit = (t: string) => new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const P = 'spec.template.spec';
const IF = `${P}.domain.devices.interfaces`;
const NET = `${P}.networks`;
const claims = { resourceClaims: [{ name: 'sriov-claim', resourceClaimTemplateName: 't' }] };
const draVm = (iface: Record<string, unknown>, rc: Record<string, unknown>, extra: Record<string, unknown> = claims) => vm(spec(
  [{ name: 'default', masquerade: {} }, { name: 'dra', ...iface }],
  [{ name: 'default', pod: {} }, { name: 'dra', resourceClaim: rc }],
  extra,
));
const ok = { claimName: 'sriov-claim', requestName: 'vf' };
const draGate = kubevirtCr({}, ['NetworkDevicesWithDRA']);

ruleTable(draNetwork, {
  valid: [
    { name: 'sriov interface on a declared claim, gate on', manifests: [draVm({ sriov: {} }, ok), draGate] },
    { name: 'binding plugin interface, no cluster configuration', manifests: [draVm({ binding: { name: 'x' } }, ok)] },
    { name: 'before 1.9 resourceClaim is left to field-version', version: '1.8', manifests: [draVm({ bridge: {} }, {}), kubevirtCr()] },
  ],
  invalid: [
    {
      name: 'gate off',
      manifests: [draVm({ sriov: {} }, ok), kubevirtCr()],
      findings: [{ severity: 'error', path: `${NET}[1].resourceClaim`, message: lit('(kubevirt: vmi.spec.networks contains DRA networks but NetworkDevicesWithDRA feature gate is not enabled)') }],
    },
    {
      name: 'bridge interface on a DRA network',
      manifests: [draVm({ bridge: {} }, ok), draGate],
      findings: [{ severity: 'error', path: `${IF}[1]`, message: lit('(kubevirt: DRA network "dra" requires an SR-IOV or binding plugin interface)') }],
    },
    {
      name: 'claimName and requestName missing',
      manifests: [draVm({ sriov: {} }, {}), draGate],
      findings: [
        { severity: 'error', path: `${NET}[1].resourceClaim.claimName`, message: lit('(kubevirt: claimName is required for DRA network)') },
        { severity: 'error', path: `${NET}[1].resourceClaim.requestName`, message: lit('(kubevirt: requestName is required for DRA network)') },
      ],
    },
    {
      name: 'claim not in spec.resourceClaims',
      manifests: [draVm({ sriov: {} }, { claimName: 'other', requestName: 'vf' }), draGate],
      findings: [{ severity: 'error', path: `${NET}[1].resourceClaim.claimName`, message: lit('(kubevirt: network references resourceClaim "other" which is not defined in spec.resourceClaims)') }],
    },
    {
      name: 'the same claim/request twice',
      manifests: [vm(spec(
        [{ name: 'a', sriov: {} }, { name: 'b', sriov: {} }],
        [{ name: 'a', resourceClaim: ok }, { name: 'b', resourceClaim: ok }],
        claims,
      )), draGate],
      findings: [
        { severity: 'error', path: `${NET}[1]`, message: lit('(kubevirt: duplicate claimName/requestName combination "sriov-claim/vf")') },
      ],
    },
    {
      name: 'mixed with multus: KubeVirt reports only the mix (the duplicate pair is not checked)',
      manifests: [vm(spec(
        [{ name: 'a', sriov: {} }, { name: 'b', sriov: {} }, { name: 'm', bridge: {} }],
        [{ name: 'a', resourceClaim: ok }, { name: 'b', resourceClaim: ok }, { name: 'm', multus: { networkName: 'n' } }],
        claims,
      )), draGate],
      findings: [
        { severity: 'error', path: `${NET}[2].multus`, message: lit('(kubevirt: mixing Multus and DRA resourceClaim networks in the same VMI is not supported)') },
      ],
    },
  ],
});
