// GIVEN registrations running KubeVirt's slirp or passt sidecar WHEN linted THEN an interface of theirs off the pod
// network, or a registration under another name than the sidecar's, is an error naming the sidecar and the fix.
import { describe, expect, it } from 'vitest';
import { cniTypes, imageName, macvtapResourceName, pluginNadType, pluginNetwork, registrationInert } from '../../src/rules/plugin-network';
import type { Manifest } from '../../src/rules/types';
import { ruleTable, vm } from './harness';

const SLIRP = 'quay.io/kubevirt/network-slirp-binding:v1.1.0';
const PASST = 'quay.io/kubevirt/network-passt-binding:v1.4.0';

const kubevirt = (binding: Record<string, unknown>): Manifest => ({
  apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'kubevirt', namespace: 'kubevirt' },
  spec: { configuration: { network: { binding } } },
});
const nad = { apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'net2', namespace: 'default' }, spec: { config: '{"cniVersion":"0.3.1","name":"net2","type":"bridge","bridge":"br1"}' } };
/** A VM with the given interfaces and networks. */
const machine = (interfaces: unknown[], networks: unknown[]) => vm({ domain: { devices: { interfaces }, memory: { guest: '1Gi' } }, networks });
const pod = (name: string) => ({ name, pod: {} });
/** A NAD of one CNI type, as a single plugin or (chain) as a plugins list. */
const passtNad = (name: string, type: string, chain = false, annotations?: Record<string, string>): Manifest => ({
  apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) },
  spec: { config: JSON.stringify(chain ? { cniVersion: '1.0.0', name, plugins: [{ type }] } : { cniVersion: '0.3.1', name, type }) },
});
const multus = (name: string) => ({ name, multus: { networkName: 'net2' } });

ruleTable(pluginNetwork, {
  valid: [
    { name: 'slirp on the pod network', manifests: [kubevirt({ slirp: { sidecarImage: SLIRP } }), machine([{ name: 'net', binding: { name: 'slirp' } }], [pod('net')])] },
    {
      name: 'passt by digest on the pod network, beside a bridge on multus',
      manifests: [
        kubevirt({ passt: { sidecarImage: 'quay.io/kubevirt/network-passt-binding@sha256:0123456789abcdef', networkAttachmentDefinition: 'default/netbindingpasst' } }),
        nad,
        machine([{ name: 'net', binding: { name: 'passt' } }, { name: 'sec', bridge: {} }], [pod('net'), multus('sec')]),
      ],
    },
    { name: 'a sidecar of another project on multus', manifests: [kubevirt({ mine: { sidecarImage: 'example.org/team/my-binding:1' } }), nad, machine([{ name: 'sec', binding: { name: 'mine' } }], [multus('sec')])] },
    { name: 'macvtap on multus (the nad type is plugin-nad-type\'s)', manifests: [kubevirt({ macvtap: { domainAttachmentType: 'tap' } }), nad, machine([{ name: 'sec', binding: { name: 'macvtap' } }], [multus('sec')])] },
    { name: "kubevirt's passt sidecar under another name on 1.9, which hands the sidecar the registration's name", manifests: [kubevirt({ 'my-passt': { sidecarImage: PASST } }), machine([{ name: 'net', binding: { name: 'my-passt' } }], [pod('net')])] },
    { name: 'a tap registration named macvtap on the pod network on 1.1.0, which prunes domainAttachmentType (registration-field and registration-inert report it)', version: '1.1.0', manifests: [kubevirt({ macvtap: { domainAttachmentType: 'tap' } }), machine([{ name: 'net', binding: { name: 'macvtap' } }], [pod('net')])] },
    { name: 'an interface without a network of its name (vmi-structure reports it)', manifests: [kubevirt({ slirp: { sidecarImage: SLIRP } }), machine([{ name: 'net', binding: { name: 'slirp' } }], [pod('other')])] },
  ],
  invalid: [
    {
      name: 'slirp on a multus network, the pod network on masquerade',
      manifests: [kubevirt({ slirp: { sidecarImage: SLIRP } }), nad, machine([{ name: 'default', masquerade: {} }, { name: 'sec', binding: { name: 'slirp' } }], [pod('default'), multus('sec')])],
      findings: [{
        severity: 'error',
        path: 'spec.template.spec.domain.devices.interfaces[1].binding',
        message: `slirp works on the pod network only; interface "sec" uses binding "slirp" (kubevirt's slirp sidecar ${SLIRP}) on multus network "sec": put the interface on the pod network (pod: {}), or for a secondary network use bridge: {} or a tap plugin such as macvtap (kubevirt: iface "default" is not set with slirp network binding plugin or slirp binding method)`,
      }],
    },
    {
      name: 'slirp on a multus network, the pod network on another plugin',
      manifests: [kubevirt({ slirp: { sidecarImage: SLIRP }, mine: { sidecarImage: 'example.org/team/my-binding:1' } }), nad, machine([{ name: 'default', binding: { name: 'mine' } }, { name: 'sec', binding: { name: 'slirp' } }], [pod('default'), multus('sec')])],
      findings: [{ severity: 'error', path: 'spec.template.spec.domain.devices.interfaces[1].binding', message: /\(kubevirt: iface "default" is not set with slirp network binding plugin\)$/ }],
    },
    {
      name: 'slirp on a multus network, the pod network on the core slirp binding (1.1): the sidecar takes the pod interface, this one is left out',
      version: '1.1',
      manifests: [kubevirt({ slirp: { sidecarImage: SLIRP } }), nad, machine([{ name: 'default', slirp: {} }, { name: 'sec', binding: { name: 'slirp' } }], [pod('default'), multus('sec')])],
      findings: [{
        severity: 'warning',
        path: 'spec.template.spec.domain.devices.interfaces[1].binding',
        message: `slirp works on the pod network only; interface "sec" uses binding "slirp" (kubevirt's slirp sidecar ${SLIRP}) on multus network "sec": the sidecar configures the pod network's interface "default" (slirp: {}) and nothing adds interface "sec" to the domain, so the vm starts without it; put it on the pod network, or for a secondary network use bridge: {} or a tap plugin such as macvtap`,
      }],
    },
    {
      name: 'passt on a multus network, no pod network at all',
      manifests: [kubevirt({ passt: { sidecarImage: PASST } }), nad, machine([{ name: 'sec', binding: { name: 'passt' } }], [multus('sec')])],
      findings: [{
        severity: 'error',
        path: 'spec.template.spec.domain.devices.interfaces[0].binding',
        message: `passt works on the pod network only; interface "sec" uses binding "passt" (kubevirt's passt sidecar ${PASST}) on multus network "sec": put the interface on the pod network (pod: {}), or for a secondary network use bridge: {} or a tap plugin such as macvtap (kubevirt: pod network not found)`,
      }],
    },
    {
      name: "kubevirt's passt sidecar registered under another name, before 1.9",
      version: '1.8',
      manifests: [kubevirt({ 'my-passt': { sidecarImage: PASST } }), machine([{ name: 'net', binding: { name: 'my-passt' } }], [pod('net')])],
      findings: [{
        severity: 'error',
        path: 'spec.configuration.network.binding.my-passt.sidecarImage',
        message: `passt answers only to the binding name "passt" before kubevirt 1.9; registration "my-passt" runs kubevirt's passt sidecar ${PASST}, which configures only an interface whose binding is named "passt": register it as "passt" and name that binding in the vms (kubevirt: interface is not set with Passt network binding plugin)`,
      }],
    },
    {
      name: "kubevirt's slirp sidecar under another name before 1.9, no vm among the inputs using it: a warning",
      version: '1.8',
      manifests: [kubevirt({ 'my-slirp': { sidecarImage: SLIRP } })],
      findings: [{
        severity: 'warning',
        path: 'spec.configuration.network.binding.my-slirp.sidecarImage',
        message: `slirp answers only to the binding name "slirp" before kubevirt 1.9; registration "my-slirp" runs kubevirt's slirp sidecar ${SLIRP}, which configures only an interface whose binding is named "slirp", so any vm using it will not start (none among the inputs does yet): register it as "slirp" and name that binding in the vms (kubevirt: iface is not set with slirp network binding plugin)`,
      }],
    },
    {
      name: 'macvtap on the pod network',
      manifests: [kubevirt({ macvtap: { domainAttachmentType: 'tap' } }), machine([{ name: 'net', binding: { name: 'macvtap' } }], [pod('net')])],
      findings: [{
        severity: 'error',
        path: 'spec.template.spec.domain.devices.interfaces[0].binding',
        message: 'macvtap works on secondary (multus) networks only; interface "net" uses binding "macvtap" (domainAttachmentType: tap) on the pod network, where there is no macvtap device for the vm: put it on a multus network whose nad has cni type macvtap, and give the pod network a core binding (masquerade: {})',
      }],
    },
    {
      name: 'passt known by its nad (a mirrored sidecar image of another name) on multus',
      manifests: [
        kubevirt({ passt: { sidecarImage: 'registry.example.org/mirror/passt-sidecar:1.4', networkAttachmentDefinition: 'netbindingpasst' } }),
        passtNad('netbindingpasst', 'kubevirt-passt-binding'), nad,
        machine([{ name: 'sec', binding: { name: 'passt' } }], [pod('default'), multus('sec')]),
      ],
      findings: [{ severity: 'error', path: 'spec.template.spec.domain.devices.interfaces[0].binding', message: /^passt works on the pod network only; interface "sec" uses binding "passt" \(its nad default\/netbindingpasst runs cni kubevirt-passt-binding\) on multus network "sec": / }],
    },
  ],
});

describe('imageName', () => {
  it.each([
    ['quay.io/kubevirt/network-slirp-binding:v1.1.0', 'network-slirp-binding'],
    ['quay.io/kubevirt/network-passt-binding@sha256:abc', 'network-passt-binding'],
    ['registry:5000/kubevirt/network-passt-binding:devel', 'network-passt-binding'],
    ['network-slirp-binding', 'network-slirp-binding'],
    ['localhost:5000/network-slirp-binding', 'network-slirp-binding'],
  ])('GIVEN %s WHEN named THEN %s', (image, name) => {
    expect(imageName(image)).toBe(name);
  });
});

ruleTable(registrationInert, {
  valid: [
    { name: 'a sidecar only', manifests: [kubevirt({ slirp: { sidecarImage: SLIRP } })] },
    { name: 'tap only', manifests: [kubevirt({ macvtap: { domainAttachmentType: 'tap' } })] },
    { name: 'managedTap only', version: '1.4', manifests: [kubevirt({ 'managed-tap': { domainAttachmentType: 'managedTap' } })] },
    { name: "hco's own l2bridge (managedTap)", manifests: [{ apiVersion: 'hco.kubevirt.io/v1', kind: 'HyperConverged', metadata: { name: 'kubevirt-hyperconverged', namespace: 'kubevirt-hyperconverged' }, spec: {} }] },
  ],
  invalid: [
    {
      name: 'an empty registration',
      manifests: [kubevirt({ empty: {} })],
      findings: [{ severity: 'warning', path: 'spec.configuration.network.binding.empty', message: 'registration "empty" has neither sidecarImage nor domainAttachmentType, so nothing adds an interface of this binding to the VM, which starts without it; give it a sidecarImage, or domainAttachmentType: tap or managedTap' }],
    },
    {
      name: 'a CNI-only registration on 1.3 (before managedTap)',
      version: '1.3',
      manifests: [kubevirt({ cni: { networkAttachmentDefinition: 'default/my-binding-cni' } })],
      findings: [{ severity: 'warning', path: 'spec.configuration.network.binding.cni', message: 'registration "cni" has neither sidecarImage nor domainAttachmentType, so nothing adds an interface of this binding to the VM, which starts without it; give it a sidecarImage, or domainAttachmentType: tap' }],
    },
    {
      name: 'a registration with a NAD only on 1.1.0 (before domainAttachmentType)',
      version: '1.1.0',
      manifests: [kubevirt({ cni: { networkAttachmentDefinition: 'my-binding-cni' } })],
      findings: [{ severity: 'warning', path: 'spec.configuration.network.binding.cni', message: 'registration "cni" has neither sidecarImage nor domainAttachmentType, so nothing adds an interface of this binding to the VM, which starts without it; give it a sidecarImage' }],
    },
    {
      name: 'a registration written with no value (null)',
      manifests: [kubevirt({ empty: null })],
      findings: [{ severity: 'warning', path: 'spec.configuration.network.binding.empty', message: /^registration "empty" has neither sidecarImage nor domainAttachmentType/ }],
    },
    {
      name: 'domainAttachmentType on 1.1.0, which prunes it',
      version: '1.1.0',
      manifests: [kubevirt({ macvtap: { domainAttachmentType: 'tap' } })],
      findings: [{ severity: 'warning', path: 'spec.configuration.network.binding.macvtap', message: 'registration "macvtap" has neither sidecarImage nor domainAttachmentType (kubevirt 1.1 has no domainAttachmentType and prunes it; it is first in 1.1.1), so nothing adds an interface of this binding to the VM, which starts without it; give it a sidecarImage' }],
    },
    {
      name: 'an empty sidecarImage',
      manifests: [kubevirt({ x: { sidecarImage: '' } })],
      findings: [{ severity: 'warning', path: 'spec.configuration.network.binding.x', message: /^registration "x" has neither/ }],
    },
  ],
});

// GIVEN a plugin's NAD WHEN linted THEN a CNI type other than the plugin's is an error naming the type wanted
ruleTable(pluginNadType, {
  valid: [
    { name: 'passt with the nad of the user guide (a plugins list)', manifests: [kubevirt({ passt: { sidecarImage: PASST, networkAttachmentDefinition: 'default/netbindingpasst' } }), passtNad('netbindingpasst', 'kubevirt-passt-binding', true)] },
    { name: "passt with kubevirt's e2e nad (a single plugin)", manifests: [kubevirt({ passt: { sidecarImage: PASST, networkAttachmentDefinition: 'netbindingpasst' } }), passtNad('netbindingpasst', 'kubevirt-passt-binding')] },
    { name: 'passt whose nad is not among the inputs (nad-resolves warns)', manifests: [kubevirt({ passt: { sidecarImage: PASST, networkAttachmentDefinition: 'default/netbindingpasst' } })] },
    { name: 'passt whose nad is not cni json (nad-config reports it)', manifests: [kubevirt({ passt: { sidecarImage: PASST, networkAttachmentDefinition: 'default/x' } }), { ...passtNad('x', 'y'), spec: { config: '{' } }] },
    {
      name: 'macvtap on a macvtap nad',
      manifests: [kubevirt({ macvtap: { domainAttachmentType: 'tap' } }), passtNad('mv', 'macvtap', false, { 'k8s.v1.cni.cncf.io/resourceName': 'macvtap.network.kubevirt.io/eth0' }),
        machine([{ name: 'default', masquerade: {} }, { name: 'mv', binding: { name: 'macvtap' } }], [pod('default'), { name: 'mv', multus: { networkName: 'mv' } }])],
    },
    { name: 'macvtap on a bridge nad on 1.1.0, which prunes domainAttachmentType: no plugin', version: '1.1.0', manifests: [kubevirt({ macvtap: { domainAttachmentType: 'tap' } }), nad, machine([{ name: 'default', masquerade: {} }, { name: 'sec', binding: { name: 'macvtap' } }], [pod('default'), multus('sec')])] },
    { name: 'another tap binding on a bridge nad (a zero-code tap plugin, not macvtap)', manifests: [kubevirt({ mytap: { domainAttachmentType: 'tap' } }), nad, machine([{ name: 'sec', binding: { name: 'mytap' } }], [pod('x'), multus('sec')])] },
  ],
  invalid: [
    {
      name: "passt's nad of the user guide's generic page (cni-passt-binding-plugin)",
      manifests: [kubevirt({ passt: { sidecarImage: PASST, networkAttachmentDefinition: 'default/netbindingpasst' } }), passtNad('netbindingpasst', 'cni-passt-binding-plugin', true)],
      findings: [{
        severity: 'error',
        path: 'spec.configuration.network.binding.passt.networkAttachmentDefinition',
        message: 'the passt plugin needs its binding nad to run the passt cni; registration "passt" names NetworkAttachmentDefinition default/netbindingpasst, of cni type "cni-passt-binding-plugin": set its type to "kubevirt-passt-binding" (the binary kubevirt ships; not "cni-passt-binding-plugin")',
      }],
    },
    {
      name: 'macvtap on a bridge nad',
      manifests: [kubevirt({ macvtap: { domainAttachmentType: 'tap' } }), nad, machine([{ name: 'default', masquerade: {} }, { name: 'sec', binding: { name: 'macvtap' } }], [pod('default'), multus('sec')])],
      findings: [{
        severity: 'error',
        path: 'spec.template.spec.networks[1].multus.networkName',
        message: 'macvtap needs a nad of cni type macvtap; interface "sec" uses binding "macvtap" on NetworkAttachmentDefinition default/net2, of cni type "bridge", which gives the pod no macvtap device: point the network at a nad with "type": "macvtap" (kubevirt/macvtap-cni), or use bridge: {} on this nad',
      }],
    },
  ],
});

// GIVEN NADs of the macvtap CNI WHEN linted THEN one without the device plugin's resource annotation is an error
ruleTable(macvtapResourceName, {
  valid: [
    { name: "the user guide's macvtap nad", manifests: [passtNad('mv', 'macvtap', false, { 'k8s.v1.cni.cncf.io/resourceName': 'macvtap.network.kubevirt.io/eth0' })] },
    { name: 'a bridge nad without the annotation', manifests: [nad] },
  ],
  invalid: [
    {
      name: 'no annotation',
      manifests: [passtNad('mv', 'macvtap')],
      findings: [{ severity: 'error', path: 'metadata', message: 'macvtap needs a device from the macvtap device plugin; NetworkAttachmentDefinition default/mv has cni type macvtap but no k8s.v1.cni.cncf.io/resourceName annotation, so the pod never gets a macvtap device: set k8s.v1.cni.cncf.io/resourceName: macvtap.network.kubevirt.io/<interface>, the host interface (or DP_MACVTAP_CONF entry) the macvtap device plugin exposes, such as macvtap.network.kubevirt.io/eth0' }],
    },
    {
      name: "another device plugin's resource (sr-iov)",
      manifests: [passtNad('mv', 'macvtap', true, { 'k8s.v1.cni.cncf.io/resourceName': 'intel.com/sriov' })],
      findings: [{ severity: 'error', path: 'metadata.annotations["k8s.v1.cni.cncf.io/resourceName"]', message: /^macvtap needs a device from the macvtap device plugin; NetworkAttachmentDefinition default\/mv asks for resource "intel.com\/sriov", which is not one of the plugin's \(macvtap.network.kubevirt.io\/<interface>\): / }],
    },
    {
      name: 'the prefix without an interface',
      manifests: [passtNad('mv', 'macvtap', false, { 'k8s.v1.cni.cncf.io/resourceName': 'macvtap.network.kubevirt.io/' })],
      findings: [{ severity: 'error', path: 'metadata.annotations["k8s.v1.cni.cncf.io/resourceName"]', message: /asks for resource "macvtap.network.kubevirt.io\/"/ }],
    },
  ],
});

describe('cniTypes', () => {
  it.each([
    ['{"cniVersion":"0.3.1","type":"macvtap"}', ['macvtap']],
    ['{"cniVersion":"1.0.0","plugins":[{"type":"kubevirt-passt-binding"},{"type":"tuning"}]}', ['kubevirt-passt-binding', 'tuning']],
    ['{', undefined],
    ['[1]', undefined],
    ['{"cniVersion":"1.0.0"}', undefined],
  ])('GIVEN spec.config %s WHEN read THEN the types are %j', (config, types) => {
    expect(cniTypes({ manifest: { spec: { config } }, index: 0, ref: { apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', name: 'n' }, group: 'k8s.cni.cncf.io' })).toEqual(types);
  });
});
