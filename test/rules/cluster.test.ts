// GIVEN manifests WHEN every rule runs THEN the cluster rule under test reports exactly the listed findings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KubeVirtVersion } from '../../src/version';
import {
  bindingName, bindingRegistered, clusterStructure, duplicateObject, featureGateConflict, featureGateRedundant, hcoReservedBinding, nadConfig,
  nadOtherNamespace, nadResolves, passtPluginSuperseded, registrationFieldVersion, registrationNeedsGate,
  registrationOverhead, registrationValues, sidecarImagePinned,
} from '../../src/rules/cluster';
import { lint } from '../../src/rules';
import { kubevirtCr, ruleTable, spec, vm } from './harness';

const pod = (name: string, binding: string, ns = 'default') => vm(spec([{ name, binding: { name: binding } }], [{ name, pod: {} }]), `vm-${name}`, ns);
const nad = (name: string, namespace: string, config = '{"cniVersion":"1.0.0","name":"n","type":"bridge"}') => ({
  apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name, namespace }, spec: { config },
});
const hco = (apiVersion: string, binding: Record<string, unknown>) => ({
  apiVersion, kind: 'HyperConverged', metadata: { name: 'kubevirt-hyperconverged', namespace: 'kubevirt-hyperconverged' },
  spec: apiVersion.endsWith('v1beta1') ? { networkBinding: binding } : { networking: { networkBinding: binding } },
});
const IFACE = 'spec.template.spec.domain.devices.interfaces[0].binding.name';
const REG = (name: string) => `spec.configuration.network.binding.${name}`;

ruleTable(bindingRegistered, {
  valid: [
    { name: 'registered in the KubeVirt CR', manifests: [kubevirtCr({ passt: { sidecarImage: 'x/p:1' } }), pod('net', 'passt')] },
    { name: 'registered in an HCO v1beta1 CR', manifests: [hco('hco.kubevirt.io/v1beta1', { passt: {} }), pod('net', 'passt')] },
    { name: 'registered in an HCO v1 CR', manifests: [hco('hco.kubevirt.io/v1', { passt: {} }), pod('net', 'passt')] },
    { name: 'l2bridge, which HCO registers itself', manifests: [hco('hco.kubevirt.io/v1', {}), pod('net', 'l2bridge')] },
  ],
  invalid: [
    {
      name: 'a name the CR does not register',
      manifests: [kubevirtCr({ slirp: { sidecarImage: 'x/s:1' } }), pod('net', 'passt')],
      findings: [{ severity: 'error', path: IFACE, message: 'binding "passt" is not registered in the cluster configuration (registered: slirp); register it under spec.configuration.network.binding (kubevirt: unable to find the network binding plugin \'passt\' in Kubevirt configuration)' }],
    },
    {
      name: 'l2bridge with a plain KubeVirt CR (only HCO adds it)',
      manifests: [kubevirtCr({}), pod('net', 'l2bridge')],
      findings: [{ severity: 'error', path: IFACE, message: /binding "l2bridge" is not registered in the cluster configuration \(registered: none\)/ }],
    },
    {
      name: 'no cluster configuration among the inputs (a warning)',
      manifests: [pod('net', 'passt')],
      findings: [{ severity: 'warning', path: IFACE, message: /no KubeVirt or HyperConverged CR is among the inputs/ }],
    },
  ],
});

ruleTable(clusterStructure, {
  valid: [{ name: 'a binding map and gate lists', manifests: [kubevirtCr({ p: {} }, ['A'], { developerConfiguration: { featureGates: ['A'], disabledFeatureGates: ['B'] } })] }],
  invalid: [
    { name: 'a binding list and a gate string', manifests: [{ apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'kubevirt', namespace: 'kubevirt' }, spec: { configuration: { network: { binding: [1] }, developerConfiguration: { featureGates: 'NetworkBindingPlugins' } } } }], findings: [
      { severity: 'error', path: 'spec.configuration.developerConfiguration.featureGates', message: 'spec.configuration.developerConfiguration.featureGates must be a list of gate names, got "NetworkBindingPlugins"' },
      { severity: 'error', path: 'spec.configuration.network.binding', message: /must be a map from binding name to registration, got \[1\]/ },
    ] },
    { name: 'a gate that is not a name', manifests: [kubevirtCr({}, [7 as unknown as string])], findings: [{ severity: 'error', path: 'spec.configuration.developerConfiguration.featureGates[0]', message: /must be a gate name, got 7/ }] },
    { name: 'an HCO networkBinding list', manifests: [{ ...hco('hco.kubevirt.io/v1beta1', {}), spec: { networkBinding: ['x'] } }], findings: [{ severity: 'error', path: 'spec.networkBinding', message: /must be a map/ }] },
  ],
});

ruleTable(registrationFieldVersion, {
  valid: [
    { name: 'computeResourceOverhead on 1.3', version: '1.3', manifests: [kubevirtCr({ p: { computeResourceOverhead: { requests: { memory: '1Mi' } } } })] },
    { name: 'domainAttachmentType on 1.1.1', version: '1.1.1', manifests: [kubevirtCr({ t: { domainAttachmentType: 'tap' } })] },
  ],
  invalid: [
    { name: 'migration on 1.1', version: '1.1', manifests: [kubevirtCr({ p: { migration: {} } })], findings: [{ severity: 'error', path: `${REG('p')}.migration`, message: 'registration "p" field migration is not in kubevirt 1.1; it is first in kubevirt 1.2' }] },
    { name: 'downwardAPI on 1.2', version: '1.2', manifests: [kubevirtCr({ p: { downwardAPI: 'device-info' } })], findings: [{ severity: 'error', path: `${REG('p')}.downwardAPI`, message: /first in kubevirt 1\.3/ }] },
    { name: 'domainAttachmentType on 1.1.0', version: '1.1.0', manifests: [kubevirtCr({ t: { domainAttachmentType: 'tap' } })], findings: [{ severity: 'error', path: `${REG('t')}.domainAttachmentType`, message: /not in kubevirt 1\.1; it is first in kubevirt 1\.1\.1/ }] },
    { name: 'an unknown field', manifests: [kubevirtCr({ p: { sidecar: 'x' } })], findings: [{ severity: 'error', path: `${REG('p')}.sidecar`, message: /unknown field "sidecar"; accepted: sidecarImage, networkAttachmentDefinition/ }] },
    { name: 'a field named like an Object.prototype member', manifests: [kubevirtCr({ p: { constructor: 'x' } })], findings: [{ severity: 'error', path: `${REG('p')}.constructor`, message: /unknown field "constructor"/ }] },
    { name: 'a registration that is not an object', manifests: [kubevirtCr({ p: 'x/p:1' })], findings: [{ severity: 'error', path: REG('p'), message: /must be an object/ }] },
  ],
});

ruleTable(registrationValues, {
  valid: [
    { name: 'every allowed value on 1.9', manifests: [kubevirtCr({ p: { domainAttachmentType: 'managedTap', migration: { method: 'link-refresh' }, downwardAPI: 'device-info', networkAttachmentDefinition: 'default/n', sidecarImage: 'x/p:1' } })] },
    { name: 'migration {}', manifests: [kubevirtCr({ p: { migration: {} } })] },
  ],
  invalid: [
    // stored (the CRD has plain strings) and ignored by KubeVirt's comparisons: warnings
    { name: 'a typo in domainAttachmentType', manifests: [kubevirtCr({ p: { domainAttachmentType: 'Tap' } })], findings: [{ severity: 'warning', path: `${REG('p')}.domainAttachmentType`, message: 'registration "p" domainAttachmentType is "Tap", which kubevirt ignores (it attaches no interface for this binding to the domain); accepted: "tap", "managedTap"' }] },
    { name: 'managedTap on 1.3', version: '1.3', manifests: [kubevirtCr({ p: { domainAttachmentType: 'managedTap' } })], findings: [{ severity: 'warning', path: `${REG('p')}.domainAttachmentType`, message: /"managedTap" is not in kubevirt 1\.3, which ignores it \(it attaches no interface for this binding to the domain\); it is first in kubevirt 1\.4/ }] },
    { name: 'an unknown migration method', manifests: [kubevirtCr({ p: { migration: { method: 'refresh' } } })], findings: [{ severity: 'warning', path: `${REG('p')}.migration.method`, message: /accepted: "link-refresh" or empty/ }] },
    { name: 'a bad downwardAPI', manifests: [kubevirtCr({ p: { downwardAPI: 'all' } })], findings: [{ severity: 'warning', path: `${REG('p')}.downwardAPI`, message: /accepted: "device-info"/ }] },
    { name: 'a value named like an Object.prototype member', manifests: [kubevirtCr({ p: { domainAttachmentType: 'toString' } })], findings: [{ severity: 'warning', path: `${REG('p')}.domainAttachmentType`, message: /is "toString", which kubevirt ignores \(it [a-z ]+\); accepted: "tap", "managedTap"/ }] },
    // the API server rejects other types: errors
    { name: 'values of the wrong type', manifests: [kubevirtCr({ p: { domainAttachmentType: 1, downwardAPI: true, migration: 'yes', sidecarImage: 3 } })], findings: [
      { severity: 'error', path: `${REG('p')}.domainAttachmentType`, message: /domainAttachmentType must be a string, got 1/ },
      { severity: 'error', path: `${REG('p')}.downwardAPI`, message: /downwardAPI must be a string, got true/ },
      { severity: 'error', path: `${REG('p')}.migration`, message: /migration must be an object/ },
      { severity: 'error', path: `${REG('p')}.sidecarImage`, message: /sidecarImage must be an image reference string, got 3/ },
    ] },
    { name: 'fields the release lacks are left to registration-field', version: '1.1.0', manifests: [kubevirtCr({ p: { domainAttachmentType: 'bogus', migration: { method: 'x' }, downwardAPI: 'y' } })], findings: [] },
    { name: 'a sidecar image of blanks', manifests: [kubevirtCr({ p: { sidecarImage: '  ' } })], findings: [{ severity: 'error', path: `${REG('p')}.sidecarImage`, message: /non-empty image reference, got "  "/ }] },
    { name: 'a NAD reference with two slashes', manifests: [kubevirtCr({ p: { networkAttachmentDefinition: 'a/b/c' } })], findings: [{ severity: 'error', path: `${REG('p')}.networkAttachmentDefinition`, message: /accepted: "<name>" or "<namespace>\/<name>"/ }] },
    // the old props regex of src/networking.ts accepted "ns/a..b"; KubeVirt looks up a NAD named "a..b", which cannot exist
    { name: 'a NAD name with an empty label ("ns/a..b")', manifests: [kubevirtCr({ p: { networkAttachmentDefinition: 'ns/a..b' } })], findings: [{ severity: 'error', path: `${REG('p')}.networkAttachmentDefinition`, message: 'registration "p" networkAttachmentDefinition is "ns/a..b": name "a..b" is not a lowercase dns-1123 subdomain (dot-separated labels of a-z, 0-9 and "-", each starting and ending with a letter or digit, at most 253 characters); accepted: "<name>" or "<namespace>/<name>", the namespace a dns-1123 label and the name a dns-1123 subdomain' }] },
    { name: 'a dotted namespace (the old rule took any subdomain)', manifests: [kubevirtCr({ p: { networkAttachmentDefinition: 'team.a/n' } })], findings: [{ severity: 'error', path: `${REG('p')}.networkAttachmentDefinition`, message: /: namespace "team\.a" is not a lowercase dns-1123 label/ }] },
    { name: 'an empty NAD reference (skipped by kubevirt) and a non-string one', manifests: [kubevirtCr({ p: { networkAttachmentDefinition: '' }, q: { networkAttachmentDefinition: 5 } })], findings: [
      { severity: 'warning', path: `${REG('p')}.networkAttachmentDefinition`, message: /networkAttachmentDefinition is empty, so kubevirt adds no network for it/ },
      { severity: 'error', path: `${REG('q')}.networkAttachmentDefinition`, message: /is 5: it is not a string; accepted/ },
    ] },
    { name: 'an empty sidecar image (no sidecar is added)', manifests: [kubevirtCr({ p: { sidecarImage: '' } })], findings: [{ severity: 'warning', path: `${REG('p')}.sidecarImage`, message: /sidecarImage is empty, so kubevirt adds no sidecar/ }] },
  ],
});

ruleTable(registrationOverhead, {
  valid: [{ name: 'requests.memory only', manifests: [kubevirtCr({ p: { computeResourceOverhead: { requests: { memory: '250Mi' } } } })] }],
  invalid: [
    { name: 'a bad quantity', manifests: [kubevirtCr({ p: { computeResourceOverhead: { requests: { memory: '250 MB' } } } })], findings: [{ severity: 'error', path: `${REG('p')}.computeResourceOverhead.requests.memory`, message: /is "250 MB"; accepted: a kubernetes quantity/ }] },
    { name: 'cpu and limits, which kubevirt ignores', manifests: [kubevirtCr({ p: { computeResourceOverhead: { limits: { memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } } } })], findings: [
      { severity: 'warning', path: `${REG('p')}.computeResourceOverhead.limits`, message: /ignored by kubevirt/ },
      { severity: 'warning', path: `${REG('p')}.computeResourceOverhead.requests.cpu`, message: /ignored by kubevirt/ },
    ] },
    { name: 'no memory (kubevirt adds nothing)', manifests: [kubevirtCr({ p: { computeResourceOverhead: { requests: {} } } })], findings: [{ severity: 'warning', path: `${REG('p')}.computeResourceOverhead.requests`, message: /has no memory, so kubevirt adds nothing/ }] },
    { name: 'no requests (kubevirt adds nothing)', manifests: [kubevirtCr({ p: { computeResourceOverhead: {} } })], findings: [{ severity: 'warning', path: `${REG('p')}.computeResourceOverhead`, message: /has no requests\.memory, so kubevirt adds nothing/ }] },
    { name: 'requests of the wrong type (rejected by the api server)', manifests: [kubevirtCr({ p: { computeResourceOverhead: { requests: '1Gi' } } })], findings: [{ severity: 'error', path: `${REG('p')}.computeResourceOverhead.requests`, message: /must be an object \{memory: <quantity>\}/ }] },
  ],
});

ruleTable(registrationNeedsGate, {
  valid: [
    { name: 'gate listed on 1.4', version: '1.4', manifests: [kubevirtCr({ p: {} }, ['NetworkBindingPlugins'])] },
    { name: 'no gate needed on 1.5', version: '1.5', manifests: [kubevirtCr({ p: {} })] },
  ],
  invalid: [{ name: 'registrations without the gate on 1.3', version: '1.3', manifests: [kubevirtCr({ p: {} }, ['Snapshot'])], findings: [{ severity: 'warning', path: 'spec.configuration.developerConfiguration.featureGates', message: /needs feature gate "NetworkBindingPlugins".*Binding plugins feature gate is not enabled/ }] }],
});

ruleTable(hcoReservedBinding, {
  valid: [{ name: 'l2bridge in a plain KubeVirt CR', manifests: [kubevirtCr({ l2bridge: { domainAttachmentType: 'managedTap' } })] }],
  invalid: [{ name: 'l2bridge in an HCO CR', manifests: [hco('hco.kubevirt.io/v1beta1', { l2bridge: {} })], findings: [{ severity: 'warning', path: 'spec.networkBinding.l2bridge', message: /reserved by hco, which silently replaces this entry/ }] }],
});

ruleTable(nadResolves, {
  valid: [
    { name: 'an explicit namespace/name present', manifests: [kubevirtCr({ p: { networkAttachmentDefinition: 'default/n' } }), nad('n', 'default'), pod('net', 'p')] },
    { name: 'a binding without a NAD on 1.1.1', version: '1.1.1', manifests: [kubevirtCr({ p: { sidecarImage: 'x/p:1' } }, ['NetworkBindingPlugins']), pod('net', 'p')] },
    { name: 'a binding without a NAD on 1.1.0 with the gate off (binding-plugins-gate rejects the VM)', version: '1.1.0', manifests: [kubevirtCr({ p: { sidecarImage: 'x/p:1' } }, []), pod('net', 'p')] },
    { name: 'a bare name present in the VM namespace', manifests: [kubevirtCr({ p: { networkAttachmentDefinition: 'n' } }), nad('n', 'vms'), pod('net', 'p', 'vms')] },
    { name: 'a multus network present', manifests: [vm(spec([{ name: 'a', bridge: {} }], [{ name: 'a', multus: { networkName: 'n' } }])), nad('n', 'default')] },
    {
      name: 'a NAD and a VM without namespaces (both land in default)',
      manifests: [
        { apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'n' }, spec: { config: '{"cniVersion":"1.0.0","type":"bridge"}' } },
        { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'v' }, spec: { template: { spec: spec([{ name: 'a', bridge: {} }], [{ name: 'a', multus: { networkName: 'n' } }]) } } },
      ],
    },
  ],
  invalid: [
    { name: 'a bare name present only in another namespace', manifests: [kubevirtCr({ p: { networkAttachmentDefinition: 'n' } }), nad('n', 'default'), pod('net', 'p', 'vms')], findings: [{ severity: 'error', path: IFACE, message: 'binding "p"\'s networkAttachmentDefinition "n" resolves to NetworkAttachmentDefinition vms/n, which is not among the inputs, but default/n is; move the NAD to namespace vms or write "default/n"' }] },
    { name: 'malformed references are left to registration-value and multus-network-name', manifests: [kubevirtCr({ p: { networkAttachmentDefinition: 'ns/a..b' } }), vm(spec([{ name: 'sec', bridge: {} }], [{ name: 'sec', multus: { networkName: 'Bad/Name' } }]))], findings: [] },
    { name: 'an explicit reference absent from the inputs (a warning)', manifests: [kubevirtCr({ p: { networkAttachmentDefinition: 'default/n' } })], findings: [{ severity: 'warning', path: `${REG('p')}.networkAttachmentDefinition`, message: /default\/n, which is not among the inputs; make sure it exists in the cluster/ }] },
    {
      name: 'a binding registered without a NAD on 1.1.0 (the pod gets a nameless network)',
      version: '1.1.0',
      manifests: [kubevirtCr({ p: { sidecarImage: 'x/p:1' } }, ['NetworkBindingPlugins']), pod('net', 'p')],
      findings: [{ severity: 'error', path: IFACE, message: 'binding "p" is registered without networkAttachmentDefinition, and kubevirt 1.1.0 still adds a network without a name to the launcher pod, which then fails; set networkAttachmentDefinition, or use kubevirt 1.1.1 or later' }],
    },
    { name: 'a multus network in the wrong namespace', manifests: [vm(spec([{ name: 'a', bridge: {} }], [{ name: 'a', multus: { networkName: 'net/n' } }])), nad('n', 'default')], findings: [{ severity: 'error', path: 'spec.template.spec.networks[0].multus.networkName', message: /net\/n.*but default\/n is/ }] },
  ],
});

ruleTable(nadConfig, {
  valid: [
    { name: 'a chain', manifests: [nad('n', 'd', '{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"kubevirt-passt-binding"}]}')] },
    { name: 'a resource-only NAD without config', manifests: [{ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'sriov' } }] },
  ],
  invalid: [
    { name: 'the framework page\'s missing comma', manifests: [nad('n', 'd', '{"cniVersion": "1.0.0" "name": "n", "type": "x"}')], findings: [{ severity: 'error', path: 'spec.config', message: /^spec\.config is not valid JSON: / }] },
    { name: 'a trailing comma', manifests: [nad('n', 'd', '{"cniVersion": "1.0.0", "type": "x",}')], findings: [{ severity: 'error', path: 'spec.config', message: /not valid JSON/ }] },
    { name: 'no type and no plugins', manifests: [nad('n', 'd', '{"cniVersion":"1.0.0"}')], findings: [{ severity: 'error', path: 'spec.config', message: /neither "type" nor "plugins"/ }] },
    { name: 'an empty CNI network name (the old cniName prop check) and one with a space', manifests: [nad('n', 'd', '{"cniVersion":"1.0.0","name":"","type":"x"}'), nad('m', 'd', '{"cniVersion":"1.0.0","name":"my net","type":"x"}')], findings: [
      { severity: 'error', path: 'spec.config', message: 'spec.config name is ""; accepted: a cni network name of letters, digits, "_", "." and "-", starting with a letter or digit' },
      { severity: 'error', path: 'spec.config', message: /name is "my net"; accepted/ },
    ] },
    { name: 'no cniVersion and a plugin without type', manifests: [nad('n', 'd', '{"plugins":[{}]}')], findings: [
      { severity: 'error', path: 'spec.config', message: /has no cniVersion/ },
      { severity: 'error', path: 'spec.config', message: /plugins\[0\] has no type/ },
    ] },
  ],
});

ruleTable(duplicateObject, {
  valid: [{ name: 'same name in two namespaces', manifests: [nad('n', 'a'), nad('n', 'b')] }],
  invalid: [{ name: 'same kind, namespace and name twice', manifests: [nad('n', 'a'), nad('n', 'a')], findings: [{ severity: 'error', path: 'metadata.name', message: 'object NetworkAttachmentDefinition a/n is defined twice (object #1 and #2); rename one or remove it' }] }],
});

ruleTable(featureGateConflict, {
  valid: [{ name: 'disjoint lists on 1.8', version: '1.8', manifests: [kubevirtCr({}, ['A'], { developerConfiguration: { featureGates: ['A'], disabledFeatureGates: ['B'] } })] }],
  invalid: [
    { name: 'a gate in both lists', manifests: [kubevirtCr({}, undefined, { developerConfiguration: { featureGates: ['PasstBinding'], disabledFeatureGates: ['PasstBinding'] } })], findings: [{ severity: 'error', path: 'spec.configuration.developerConfiguration.disabledFeatureGates[0]', message: /feature gate "PasstBinding" exists on both "FeatureGates" and "DisabledFeatureGates"/ }] },
    { name: 'disabledFeatureGates on 1.7', version: '1.7', manifests: [kubevirtCr({}, undefined, { developerConfiguration: { disabledFeatureGates: ['B'] } })], findings: [{ severity: 'error', path: 'spec.configuration.developerConfiguration.disabledFeatureGates', message: /first in kubevirt 1\.8/ }] },
  ],
});

ruleTable(featureGateRedundant, {
  valid: [
    { name: 'the binding gate on 1.4, where it is needed', version: '1.4', manifests: [kubevirtCr({}, ['NetworkBindingPlugins'])] },
    { name: 'gate names that are Object.prototype members', manifests: [kubevirtCr({}, ['constructor', 'toString', '__proto__'])] },
  ],
  invalid: [
    { name: 'the binding gate on 1.5 (GA)', version: '1.5', manifests: [kubevirtCr({}, ['NetworkBindingPlugins'])], findings: [{ severity: 'warning', path: 'spec.configuration.developerConfiguration.featureGates[0]', message: /feature gate NetworkBindingPlugins is deprecated \(feature state is "General Availability"\), therefore it can be safely removed and is redundant/ }] },
    { name: 'the discontinued Passt gate on 1.3', version: '1.3', manifests: [kubevirtCr({}, ['Passt'])], findings: [{ severity: 'warning', path: 'spec.configuration.developerConfiguration.featureGates[0]', message: /discontinued in kubevirt 1\.3 and can never be enabled; remove it from featureGates \(kubevirt: Passt network binding is discontinued since v1\.3\. Please refer to Kubevirt user guide for alternatives\.\)/ }] },
    { name: 'the deprecated Macvtap gate on 1.2, which core macvtap still needs, draws virt-operator\'s warning', version: '1.2', manifests: [kubevirtCr({}, ['Macvtap'])], findings: [{ severity: 'warning', path: 'spec.configuration.developerConfiguration.featureGates[0]', message: 'feature gate "Macvtap" is deprecated in kubevirt 1.2; it still switches core macvtap on, but core macvtap is discontinued in 1.3: move to its binding plugin and remove the gate (kubevirt: Macvtap network binding will be deprecated next release. Please refer to Kubevirt user guide for alternatives.)' }] },
    { name: 'an empty gate name (the old featureGates prop check)', manifests: [kubevirtCr({}, ['PortRangesSpec', ''])], findings: [{ severity: 'warning', path: 'spec.configuration.developerConfiguration.featureGates[1]', message: 'feature gate "" is empty and switches nothing on; remove it from featureGates' }] },
  ],
});

ruleTable(bindingName, {
  valid: [{ name: 'letters, digits, dot, dash, underscore', manifests: [kubevirtCr({ 'Passt.v2_a-1': { sidecarImage: 'x/p:1' } })] }],
  invalid: [
    {
      name: 'a space, a leading dash and an empty name (a warning; KubeVirt takes any key)',
      manifests: [kubevirtCr({ 'my binding': {}, '-p': {}, '': {} })],
      findings: [
        { severity: 'warning', path: 'spec.configuration.network.binding[""]', message: 'binding name "" is not accepted; use letters, digits, ".", "-" and "_", starting and ending with a letter or digit' },
        { severity: 'warning', path: 'spec.configuration.network.binding["-p"]', message: /^binding name "-p" is not accepted/ },
        { severity: 'warning', path: 'spec.configuration.network.binding["my binding"]', message: /^binding name "my binding" is not accepted/ },
      ],
    },
    { name: 'an error under strict', strict: true, manifests: [kubevirtCr({ 'a b': {} })], findings: [{ severity: 'error', path: 'spec.configuration.network.binding["a b"]', message: /not accepted/ }] },
  ],
});

ruleTable(sidecarImagePinned, {
  valid: [{ name: 'a date tag and a digest', manifests: [kubevirtCr({ a: { sidecarImage: 'quay.io/kubevirt/network-passt-binding:20231205_29a16d5c9' }, b: { sidecarImage: 'x/y@sha256:abc' } })] }],
  invalid: [
    { name: 'no tag, latest and a registry port (warnings)', manifests: [kubevirtCr({ a: { sidecarImage: 'registry:5000/kubevirt/slirp' }, b: { sidecarImage: 'x/y:latest' } })], findings: [
      { severity: 'warning', path: `${REG('a')}.sidecarImage`, message: /"registry:5000\/kubevirt\/slirp" is not pinned/ },
      { severity: 'warning', path: `${REG('b')}.sidecarImage`, message: /is not pinned/ },
    ] },
    { name: 'devel with --strict (an error)', strict: true, manifests: [kubevirtCr({ a: { sidecarImage: 'x/y:devel' } })], findings: [{ severity: 'error', path: `${REG('a')}.sidecarImage`, message: /is not pinned/ }] },
  ],
});

ruleTable(nadOtherNamespace, {
  valid: [{ name: 'NAD in the VM namespace', manifests: [kubevirtCr({ p: { networkAttachmentDefinition: 'default/n' } }), nad('n', 'default'), pod('net', 'p')] }],
  invalid: [{ name: 'NAD in default, VM in vms', manifests: [kubevirtCr({ p: { networkAttachmentDefinition: 'default/n' } }), nad('n', 'default'), pod('net', 'p', 'vms')], findings: [{ severity: 'warning', path: IFACE, message: /from namespace default, not the VM's namespace vms/ }] }],
});

ruleTable(passtPluginSuperseded, {
  valid: [{ name: 'the passt plugin on 1.7', version: '1.7', manifests: [kubevirtCr({ passt: { sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.6.0' } })] }],
  invalid: [{ name: 'the passt plugin on 1.8', version: '1.8', manifests: [kubevirtCr({ passt: { sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.6.0' } })], findings: [{ severity: 'warning', path: `${REG('passt')}.sidecarImage`, message: /replaced in kubevirt 1\.8 by the core binding/ }] }],
});

describe('engine', () => {
  it('GIVEN findings on several objects WHEN linted twice THEN the order is the same: by object, then path, then rule', () => {
    const manifests = [nad('n', 'a', 'nope'), kubevirtCr({ p: { domainAttachmentType: 'x', migration: 'y' } }), nad('n', 'a')];
    const a = lint(manifests);
    expect(a.map((f) => [f.objectIndex, f.path])).toEqual([...a].sort((x, y) => x.objectIndex - y.objectIndex || x.path.localeCompare(y.path)).map((f) => [f.objectIndex, f.path]));
    expect(lint(manifests)).toEqual(a);
  });

  it('GIVEN 2,000 VMs in ten namespaces using a bare NAD name WHEN linted THEN there is one finding per namespace, not per VM', () => {
    const manifests = [kubevirtCr({ p: { networkAttachmentDefinition: 'n', sidecarImage: 'x/p:1' } })];
    for (let i = 0; i < 2000; i++) manifests.push(pod('net', 'p', `ns${i % 10}`));
    const found = lint(manifests).filter((f) => f.rule === 'nad-resolves');
    expect(found).toHaveLength(10);
  });
});

describe('cluster rules on arbitrary input', () => {
  it('GIVEN arbitrary registrations, gate lists and NAD configs, with Object.prototype names as keys WHEN linted THEN nothing throws', () => {
    const key = fc.oneof(fc.constantFrom('constructor', 'toString', '__proto__', 'hasOwnProperty', 'passt', 'migration', 'method', 'requests', 'memory', 'networkAttachmentDefinition', 'domainAttachmentType', 'computeResourceOverhead'), fc.string());
    const value = fc.oneof(fc.jsonValue(), fc.dictionary(key, fc.jsonValue()), fc.dictionary(key, fc.dictionary(key, fc.jsonValue())));
    fc.assert(fc.property(fc.dictionary(key, value), value, value, fc.constantFrom('1.1', '1.4', '1.8', '1.9'), (binding, gates, config, version) => {
      const cr = kubevirtCr(binding as Record<string, unknown>, undefined, { developerConfiguration: { featureGates: gates, disabledFeatureGates: gates } });
      const hcoCr = hco('hco.kubevirt.io/v1beta1', binding as Record<string, unknown>);
      const nadObj = { ...nad('n', 'default'), spec: { config: typeof config === 'string' ? config : JSON.stringify(config) } };
      lint([cr, hcoCr, nadObj, pod('net', 'passt'), pod('net2', 'constructor')], { version: KubeVirtVersion.of(version) });
    }), { numRuns: 300 });
  });
});

describe('binding-registered under HCO', () => {
  it('GIVEN an unregistered binding and an HCO v1 CR WHEN linted THEN the fix names HCO\'s field', () => {
    const hco = { apiVersion: 'hco.kubevirt.io/v1', kind: 'HyperConverged', metadata: { name: 'kubevirt-hyperconverged', namespace: 'kubevirt-hyperconverged' }, spec: {} };
    const vmi = { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name: 'vm', namespace: 'vms' }, spec: { template: { spec: { domain: { devices: { interfaces: [{ name: 'net', binding: { name: 'passt' } }] } }, networks: [{ name: 'net', pod: {} }] } } } };
    const f = lint([hco, vmi]).find((x) => x.rule === 'binding-registered');
    expect(f?.message).toMatch(/\(registered: l2bridge\); register it under spec\.networking\.networkBinding /);
  });
});
