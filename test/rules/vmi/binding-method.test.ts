// GIVEN interfaces with core binding methods and binding plugins WHEN linted THEN the binding rules report what KubeVirt rejects, per release.
import { kubevirtCr, ruleTable, spec, vm } from '../harness';
import {
  bindingMethodExactlyOne, bindingPluginAndMethod, bindingPluginsGate, bridgeOnPodNetwork, masqueradePodNetwork,
  masqueradeReservedMac, passtBindingGate, passtBindingPodNetwork,
} from '../../../src/rules/vmi/binding-method';

const lit = (t: string) => new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const IF = 'spec.template.spec.domain.devices.interfaces';
const onPod = (iface: Record<string, unknown>) => vm(spec([{ name: 'default', ...iface }], [{ name: 'default', pod: {} }]));
const onMultus = (iface: Record<string, unknown>) => vm(spec([{ name: 'sec', ...iface }], [{ name: 'sec', multus: { networkName: 'nad' } }]));

ruleTable(bindingMethodExactlyOne, {
  valid: [
    { name: 'masquerade only', manifests: [onPod({ masquerade: {} })] },
    { name: 'a binding plugin only', manifests: [onPod({ binding: { name: 'passt' } })] },
    { name: 'bridge and binding on 1.8 (rule 10a applies instead)', version: '1.8', manifests: [onPod({ bridge: {}, binding: { name: 'x' } })] },
    { name: 'no binding on 1.8', version: '1.8', manifests: [onPod({})] },
  ],
  invalid: [
    {
      name: 'bridge and binding on 1.9',
      manifests: [onPod({ bridge: {}, binding: { name: 'x' } })],
      findings: [{ severity: 'error', path: `${IF}[0]`, message: lit('has 2 binding methods (bridge, binding); set exactly one of bridge, masquerade, sriov, passtBinding or binding (kubevirt: logical default interface must have exactly one binding method or binding plugin)') }],
    },
    {
      name: 'no binding method on 1.9',
      manifests: [onPod({})],
      findings: [{ severity: 'error', path: `${IF}[0]`, message: /^interface "default" has no binding method; .*\(kubevirt: logical default interface must have exactly one binding method or binding plugin\)$/ }],
    },
    {
      name: 'only the discontinued slirp does not count on 1.9',
      manifests: [onPod({ slirp: {} })],
      findings: [{ severity: 'error', path: `${IF}[0]`, message: lit('has no binding method (the discontinued core slirp does not count); set exactly one') }],
    },
    {
      // built in code: a property serialization does not write is not there, in the count and in the message alike
      name: 'a non-enumerable masquerade next to bridge counts as absent',
      manifests: [onPod(Object.defineProperty({ bridge: {}, binding: { name: 'x' } }, 'masquerade', { value: {}, enumerable: false }))],
      findings: [{ severity: 'error', path: `${IF}[0]`, message: lit('has 2 binding methods (bridge, binding); set exactly one') }],
    },
  ],
});

ruleTable(bindingPluginAndMethod, {
  valid: [
    { name: 'binding only on 1.8', version: '1.8', manifests: [onPod({ binding: { name: 'x' } })] },
    { name: 'bridge and binding on 1.9 (rule 10 applies instead)', manifests: [onPod({ bridge: {}, binding: { name: 'x' } })] },
    { name: 'binding and the deprecated slirp on 1.8 (1.8 no longer counts it)', version: '1.8', manifests: [onPod({ slirp: {}, binding: { name: 'x' } })] },
  ],
  invalid: [
    {
      name: 'bridge and binding on 1.8',
      version: '1.8',
      manifests: [onPod({ bridge: {}, binding: { name: 'x' } })],
      findings: [{ severity: 'error', path: `${IF}[0].binding`, message: lit('has binding and bridge; keep either the binding plugin or the core binding method (kubevirt: logical default interface cannot have both binding plugin and interface binding method)') }],
    },
    {
      name: 'binding and slirp on 1.1',
      version: '1.1',
      manifests: [onPod({ slirp: {}, binding: { name: 'x' } })],
      findings: [{ severity: 'error', path: `${IF}[0].binding`, message: lit('cannot have both binding plugin and interface binding method') }],
    },
  ],
});

ruleTable(bindingPluginsGate, {
  valid: [
    { name: 'gate listed on 1.4', version: '1.4', manifests: [onPod({ binding: { name: 'x' } }), kubevirtCr({}, ['NetworkBindingPlugins'])] },
    { name: 'GA on 1.5', version: '1.5', manifests: [onPod({ binding: { name: 'x' } }), kubevirtCr({})] },
    { name: 'no cluster configuration among the inputs', version: '1.4', manifests: [onPod({ binding: { name: 'x' } })] },
    { name: 'no binding interface', version: '1.2', manifests: [onPod({ masquerade: {} }), kubevirtCr({})] },
  ],
  invalid: [
    {
      name: 'gate missing on 1.4',
      version: '1.4',
      manifests: [onPod({ binding: { name: 'x' } }), kubevirtCr({}, ['Sidecar'])],
      findings: [{ severity: 'error', path: `${IF}[0].binding`, message: lit('kubevirt 1.4 needs "NetworkBindingPlugins" in spec.configuration.developerConfiguration.featureGates of the KubeVirt CR (kubevirt: Binding plugins feature gate is not enabled)') }],
    },
    {
      name: 'gate missing on 1.1',
      version: '1.1',
      manifests: [onMultus({ binding: { name: 'macvtap' } }), kubevirtCr({})],
      findings: [{ severity: 'error', path: `${IF}[0].binding`, message: lit('(kubevirt: Binding plugins feature gate is not enabled)') }],
    },
  ],
});

ruleTable(masqueradePodNetwork, {
  valid: [
    { name: 'masquerade on the pod network', manifests: [onPod({ masquerade: {} })] },
    { name: 'masquerade without a network is left to interface-network-pairing', manifests: [vm(spec([{ name: 'x', masquerade: {} }], []))] },
  ],
  invalid: [
    {
      name: 'masquerade on a multus network',
      manifests: [onMultus({ masquerade: {} })],
      findings: [{ severity: 'error', path: `${IF}[0].masquerade`, message: lit('(kubevirt: Masquerade interface only implemented with pod network)') }],
    },
  ],
});

ruleTable(masqueradeReservedMac, {
  valid: [
    { name: 'another MAC', manifests: [onPod({ masquerade: {}, macAddress: '02:00:00:00:00:01' })] },
    { name: 'the reserved MAC on bridge', manifests: [onMultus({ bridge: {}, macAddress: '02:00:00:00:00:00' })] },
  ],
  invalid: [
    {
      name: 'the reserved MAC on masquerade',
      manifests: [onPod({ masquerade: {}, macAddress: '02:00:00:00:00:00' })],
      findings: [{ severity: 'error', path: `${IF}[0].macAddress`, message: lit('(kubevirt: The requested MAC address is reserved for the in-pod bridge. Please choose another one.)') }],
    },
  ],
});

const noBridgeOnPod = kubevirtCr({}, undefined, { network: { permitBridgeInterfaceOnPodNetwork: false } });

ruleTable(bridgeOnPodNetwork, {
  valid: [
    { name: 'bridge on pod with the default configuration', manifests: [onPod({ bridge: {} }), kubevirtCr()] },
    { name: 'no cluster configuration among the inputs', manifests: [onPod({ bridge: {} })] },
    { name: 'bridge on multus while bridge on pod is off', manifests: [onMultus({ bridge: {} }), noBridgeOnPod] },
  ],
  invalid: [
    {
      name: 'bridge on pod while permitBridgeInterfaceOnPodNetwork is false',
      manifests: [onPod({ bridge: {} }), noBridgeOnPod],
      findings: [{ severity: 'error', path: `${IF}[0].bridge`, message: lit('(kubevirt: Bridge on pod network configuration is not enabled under kubevirt-config)') }],
    },
  ],
});

ruleTable(passtBindingGate, {
  valid: [
    { name: 'beta on by default on 1.9', manifests: [onPod({ passtBinding: {} }), kubevirtCr()] },
    { name: 'listed on 1.8', version: '1.8', manifests: [onPod({ passtBinding: {} }), kubevirtCr({}, ['PasstBinding'])] },
    { name: 'no cluster configuration among the inputs', version: '1.8', manifests: [onPod({ passtBinding: {} })] },
  ],
  invalid: [
    {
      name: 'not listed on 1.8',
      version: '1.8',
      manifests: [onPod({ passtBinding: {} }), kubevirtCr({})],
      findings: [{ severity: 'error', path: `${IF}[0].passtBinding`, message: lit('add "PasstBinding" to featureGates in spec.configuration.developerConfiguration of the KubeVirt CR (kubevirt: PasstBinding feature gate is not enabled)') }],
    },
    {
      name: 'disabled on 1.9',
      manifests: [onPod({ passtBinding: {} }), kubevirtCr({}, undefined, { developerConfiguration: { disabledFeatureGates: ['PasstBinding'] } })],
      findings: [{ severity: 'error', path: `${IF}[0].passtBinding`, message: lit('remove "PasstBinding" from disabledFeatureGates') }],
    },
  ],
});

ruleTable(passtBindingPodNetwork, {
  valid: [
    { name: 'passtBinding on pod', manifests: [onPod({ passtBinding: {} })] },
    { name: 'before 1.8 the field is left to field-version', version: '1.7', manifests: [onMultus({ passtBinding: {} })] },
  ],
  invalid: [
    {
      name: 'passtBinding on multus',
      manifests: [onMultus({ passtBinding: {} })],
      findings: [{ severity: 'error', path: `${IF}[0].passtBinding`, message: lit('(kubevirt: PasstBinding interface only implemented with pod network)') }],
    },
  ],
});
