// GIVEN registrations running KubeVirt's slirp or passt sidecar WHEN linted THEN an interface of theirs off the pod
// network, or a registration under another name than the sidecar's, is an error naming the sidecar and the fix.
import { describe, expect, it } from 'vitest';
import { imageName, pluginNetwork, registrationInert } from '../../src/rules/plugin-network';
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
    { name: 'a tap plugin on multus', manifests: [kubevirt({ macvtap: { domainAttachmentType: 'tap' } }), nad, machine([{ name: 'sec', binding: { name: 'macvtap' } }], [multus('sec')])] },
    { name: 'an interface without a network of its name (vmi-structure reports it)', manifests: [kubevirt({ slirp: { sidecarImage: SLIRP } }), machine([{ name: 'net', binding: { name: 'slirp' } }], [pod('other')])] },
  ],
  invalid: [
    {
      name: 'slirp on a multus network, the pod network on masquerade',
      manifests: [kubevirt({ slirp: { sidecarImage: SLIRP } }), nad, machine([{ name: 'default', masquerade: {} }, { name: 'sec', binding: { name: 'slirp' } }], [pod('default'), multus('sec')])],
      findings: [{
        severity: 'error',
        path: 'spec.template.spec.domain.devices.interfaces[1].binding',
        message: `interface "sec" uses binding "slirp", kubevirt's slirp sidecar (${SLIRP}), which serves the pod network only, but network "sec" is a multus network; put the interface on the pod network (pod: {}), or use a binding for secondary networks (bridge, or a tap plugin such as macvtap) (kubevirt: iface "default" is not set with slirp network binding plugin)`,
      }],
    },
    {
      name: 'passt on a multus network, no pod network at all',
      manifests: [kubevirt({ passt: { sidecarImage: PASST } }), nad, machine([{ name: 'sec', binding: { name: 'passt' } }], [multus('sec')])],
      findings: [{
        severity: 'error',
        path: 'spec.template.spec.domain.devices.interfaces[0].binding',
        message: `interface "sec" uses binding "passt", kubevirt's passt sidecar (${PASST}), which serves the pod network only, but network "sec" is a multus network; put the interface on the pod network (pod: {}), or use a binding for secondary networks (bridge, or a tap plugin such as macvtap) (kubevirt: pod network not found)`,
      }],
    },
    {
      name: "kubevirt's passt sidecar registered under another name",
      manifests: [kubevirt({ 'my-passt': { sidecarImage: PASST } }), machine([{ name: 'net', binding: { name: 'my-passt' } }], [pod('net')])],
      findings: [{
        severity: 'error',
        path: 'spec.configuration.network.binding.my-passt.sidecarImage',
        message: `registration "my-passt" runs kubevirt's passt sidecar (${PASST}), which configures only an interface whose binding is named "passt"; register it as "passt" and name that binding in the VMs (kubevirt: iface is not set with passt network binding plugin)`,
      }],
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
  ],
});
