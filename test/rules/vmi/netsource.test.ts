// GIVEN manifests with pod, Multus and DRA networks WHEN linted THEN the network-source rules report what KubeVirt's netsource.go rejects.
import { kubevirtCr, ruleTable, spec, vm } from '../harness';
import {
  multusNetworkName, networkSourceExactlyOne, podOrMultusDefault, singleMultusDefault, singlePodNetwork,
} from '../../../src/rules/vmi/netsource';

const lit = (t: string) => new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const NET = 'spec.template.spec.networks';
const masq = (name: string) => ({ name, masquerade: {} });
const br = (name: string) => ({ name, bridge: {} });

ruleTable(singlePodNetwork, {
  valid: [
    { name: 'one pod network and a multus network', manifests: [vm(spec([masq('default'), br('sec')], [{ name: 'default', pod: {} }, { name: 'sec', multus: { networkName: 'nad' } }]))] },
    { name: 'on 1.2 a pod network without an interface does not count', version: '1.2', manifests: [vm(spec([masq('a')], [{ name: 'a', pod: {} }, { name: 'b', pod: {} }]))] },
  ],
  invalid: [
    {
      name: 'two pod networks',
      manifests: [vm(spec([masq('a'), br('b')], [{ name: 'a', pod: {} }, { name: 'b', pod: {} }]))],
      findings: [{ severity: 'error', path: `${NET}[1].pod`, message: lit('(kubevirt: more than one interface is connected to a pod network in spec.template.spec.interfaces)') }],
    },
    {
      name: 'on 1.2 two pod networks with interfaces',
      version: '1.2',
      manifests: [vm(spec([masq('a'), br('b')], [{ name: 'a', pod: {} }, { name: 'b', pod: {} }]))],
      findings: [{ severity: 'error', path: `${NET}[1].pod`, message: lit('(kubevirt: more than one interface is connected to a pod network in spec.template.spec.interfaces)') }],
    },
    {
      name: 'a VMI uses the spec. path form',
      manifests: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata: { name: 'i' }, spec: spec([masq('a'), br('b')], [{ name: 'a', pod: {} }, { name: 'b', pod: {} }]) }],
      findings: [{ severity: 'error', path: 'spec.networks[1].pod', message: lit('pod network in spec.interfaces)') }],
    },
  ],
});

ruleTable(singleMultusDefault, {
  valid: [
    { name: 'one multus default network', manifests: [vm(spec([br('a')], [{ name: 'a', multus: { networkName: 'nad', default: true } }]))] },
  ],
  invalid: [
    {
      name: 'two multus default networks',
      manifests: [vm(spec([br('a'), br('b')], [{ name: 'a', multus: { networkName: 'n1', default: true } }, { name: 'b', multus: { networkName: 'n2', default: true } }]))],
      findings: [{ severity: 'error', path: `${NET}[1].multus.default`, message: lit('(kubevirt: Multus CNI should only have one default network)') }],
    },
  ],
});

ruleTable(podOrMultusDefault, {
  valid: [
    { name: 'pod network and a non-default multus network', manifests: [vm(spec([masq('a'), br('b')], [{ name: 'a', pod: {} }, { name: 'b', multus: { networkName: 'n', default: false } }]))] },
  ],
  invalid: [
    {
      name: 'pod network and a multus default network',
      manifests: [vm(spec([masq('a'), br('b')], [{ name: 'a', pod: {} }, { name: 'b', multus: { networkName: 'n', default: true } }]))],
      findings: [{ severity: 'error', path: `${NET}[1].multus.default`, message: lit('(kubevirt: Pod network cannot be defined when Multus default network is defined)') }],
    },
  ],
});

ruleTable(networkSourceExactlyOne, {
  valid: [
    { name: 'pod, multus and resourceClaim networks each with one source', manifests: [vm(spec([masq('a'), br('b'), { name: 'c', sriov: {} }], [{ name: 'a', pod: {} }, { name: 'b', multus: { networkName: 'n' } }, { name: 'c', resourceClaim: { claimName: 'x', requestName: 'y' } }]))] },
    { name: 'a network that is not an object is left to vmi-structure', manifests: [vm(spec([], ['pod']))] },
  ],
  invalid: [
    {
      name: 'a network with no source',
      manifests: [vm(spec([br('a')], [{ name: 'a' }]))],
      findings: [{ severity: 'error', path: `${NET}[0]`, message: /^network "a" has no source; set one of pod: \{\}, multus: \{networkName: \.\.\.\} or resourceClaim.*\(kubevirt: should have a network type\)$/ }],
    },
    {
      name: 'a network with two sources',
      manifests: [vm(spec([br('a')], [{ name: 'a', pod: {}, multus: { networkName: 'n' } }]))],
      findings: [{ severity: 'error', path: `${NET}[0]`, message: lit('has 2 sources (pod, multus); keep exactly one (kubevirt: should have only one network type)') }],
    },
    {
      name: 'on 1.8 the hint leaves resourceClaim out',
      version: '1.8',
      manifests: [vm(spec([br('a')], [{ name: 'a', pod: null }]))],
      findings: [{ severity: 'error', path: `${NET}[0]`, message: /multus: \{networkName: \.\.\.\} \(kubevirt: should have a network type\)$/ }],
    },
    {
      name: 'on 1.8 resourceClaim is dropped (not in the schema): a network with only it has no source',
      version: '1.8',
      manifests: [vm(spec([{ name: 'c', sriov: {} }], [{ name: 'c', resourceClaim: { claimName: 'x', requestName: 'y' } }]))],
      findings: [{ severity: 'error', path: `${NET}[0]`, message: 'network "c" has no source (resourceClaim is not in kubevirt 1.8: it is dropped); set one of pod: {}, multus: {networkName: ...} (kubevirt: should have a network type)' }],
    },
  ],
});

ruleTable(multusNetworkName, {
  valid: [
    { name: 'a namespaced networkName', manifests: [vm(spec([br('a')], [{ name: 'a', multus: { networkName: 'ns/nad' } }]))] },
    { name: 'a dotted NAD name', manifests: [vm(spec([br('a')], [{ name: 'a', multus: { networkName: 'ns/nad.v1' } }]))] },
    { name: 'a missing networkName is left to vmi-structure', manifests: [vm(spec([br('a')], [{ name: 'a', multus: {} }]))] },
  ],
  invalid: [
    {
      name: 'only the first empty networkName is reported, as KubeVirt does',
      manifests: [vm(spec([br('a'), br('b')], [{ name: 'a', multus: { networkName: '' } }, { name: 'b', multus: { networkName: '' } }])), kubevirtCr()],
      findings: [{ severity: 'error', path: `${NET}[0].multus.networkName`, message: lit('(kubevirt: CNI delegating plugin must have a networkName)') }],
    },
    {
      name: 'on 1.2 every empty networkName is reported, as KubeVirt did then',
      version: '1.2',
      manifests: [vm(spec([br('a'), br('b')], [{ name: 'a', multus: { networkName: '' } }, { name: 'b', multus: { networkName: '' } }])), kubevirtCr()],
      findings: [
        { severity: 'error', path: `${NET}[0].multus.networkName`, message: lit('(kubevirt: CNI delegating plugin must have a networkName)') },
        { severity: 'error', path: `${NET}[1].multus.networkName`, message: lit('(kubevirt: CNI delegating plugin must have a networkName)') },
      ],
    },
    {
      name: 'every malformed reference: upper case, two slashes, an empty label, an empty namespace',
      manifests: [vm(spec([br('a'), br('b'), br('c'), br('d')], [
        { name: 'a', multus: { networkName: 'Bad' } }, { name: 'b', multus: { networkName: 'a/b/c' } },
        { name: 'c', multus: { networkName: 'ns/a..b' } }, { name: 'd', multus: { networkName: '/n' } },
      ]))],
      findings: [
        { severity: 'error', path: `${NET}[0].multus.networkName`, message: /^multus\.networkName "Bad" is not a NetworkAttachmentDefinition reference: name "Bad" is not a lowercase dns-1123 subdomain .*; accepted: "<name>" or "<namespace>\/<name>", the namespace a dns-1123 label and the name a dns-1123 subdomain$/ },
        { severity: 'error', path: `${NET}[1].multus.networkName`, message: /: name "b\/c" is not a lowercase dns-1123 subdomain/ },
        { severity: 'error', path: `${NET}[2].multus.networkName`, message: /: name "a\.\.b" is not/ },
        { severity: 'error', path: `${NET}[3].multus.networkName`, message: /: namespace "" is not a lowercase dns-1123 label/ },
      ],
    },
  ],
});
