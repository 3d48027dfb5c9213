// GIVEN VMs without interfaces and networks WHEN linted with a KubeVirt CR THEN default-network-interface reports a default KubeVirt cannot add.
import { kubevirtCr, ruleTable, vm } from '../harness';
import { defaultInterface } from '../../../src/rules/vmi/defaults';

const lit = (t: string) => new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const IF = 'spec.template.spec.domain.devices.interfaces';
const bare = (devices: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => vm({ domain: { devices }, ...extra });
const noBridge = kubevirtCr({}, undefined, { network: { permitBridgeInterfaceOnPodNetwork: false } });

ruleTable(defaultInterface, {
  valid: [
    { name: 'bridge default permitted', manifests: [bare(), kubevirtCr()] },
    { name: 'no cluster configuration among the inputs', manifests: [bare()] },
    { name: 'masquerade default while bridge on pod is off', manifests: [bare(), kubevirtCr({}, undefined, { network: { permitBridgeInterfaceOnPodNetwork: false, defaultNetworkInterface: 'masquerade' } })] },
    { name: 'autoattachPodInterface false', manifests: [bare({ autoattachPodInterface: false }), noBridge] },
    { name: 'interfaces declared', manifests: [bare({ interfaces: [{ name: 'default', masquerade: {} }] }, { networks: [{ name: 'default', pod: {} }] }), noBridge] },
    { name: 'slirp default on 1.2 with permitSlirpInterface', version: '1.2', manifests: [bare(), kubevirtCr({}, undefined, { network: { defaultNetworkInterface: 'slirp', permitSlirpInterface: true } })] },
  ],
  invalid: [
    {
      name: 'bridge default while bridge on pod is off',
      manifests: [bare({ interfaces: [] }, { networks: [] }), noBridge],
      findings: [{ severity: 'error', path: IF, message: lit('(kubevirt: bridge interface is not enabled in kubevirt-config)') }],
    },
    {
      name: 'bridge default while bridge on pod is off, on 1.3 (KubeVirt capitalised the text until 1.4)',
      version: '1.3',
      manifests: [bare(), noBridge],
      findings: [{ severity: 'error', path: IF, message: lit('(kubevirt: Bridge interface is not enabled in kubevirt-config)') }],
    },
    {
      name: 'slirp default on 1.2 without permitSlirpInterface (it defaults to false)',
      version: '1.2',
      manifests: [bare(), kubevirtCr({}, undefined, { network: { defaultNetworkInterface: 'slirp' } })],
      findings: [{ severity: 'error', path: IF, message: lit('does not set permitSlirpInterface: true; set defaultNetworkInterface: masquerade, or declare the interface (kubevirt: Slirp interface is not enabled in kubevirt-config)') }],
    },
    {
      name: 'slirp default on 1.3',
      version: '1.3',
      manifests: [bare(), kubevirtCr({}, undefined, { network: { defaultNetworkInterface: 'slirp' } })],
      findings: [{ severity: 'error', path: IF, message: lit('(kubevirt: slirp interface is deprecated as of v1.3)') }],
    },
  ],
});
