// GIVEN HyperConverged CRs WHEN linted THEN jsonpatch annotations are policy warnings (errors under strict) naming the annotation and what to use instead.
import { hcoJsonpatchAnnotation } from '../../src/rules/hco-jsonpatch';
import { ruleTable } from './harness';

const hco = (apiVersion: string, annotations: Record<string, unknown> | undefined) => ({
  apiVersion, kind: 'HyperConverged',
  metadata: { name: 'kubevirt-hyperconverged', namespace: 'kubevirt-hyperconverged', ...(annotations ? { annotations } : {}) },
  spec: {},
});
const KV = 'kubevirt.kubevirt.io/jsonpatch';
const bindingPatch = JSON.stringify([{ op: 'add', path: '/spec/configuration/network/binding/passt', value: { sidecarImage: 'x/p:1' } }]);
const TAINT = 'hco treats it as unsupported, sets the TaintedConfiguration condition (reason UnsupportedFeatureAnnotation) and the patch may break on an upgrade';

ruleTable(hcoJsonpatchAnnotation, {
  valid: [
    { name: 'no annotations', manifests: [hco('hco.kubevirt.io/v1beta1', undefined)] },
    { name: 'other annotations', manifests: [hco('hco.kubevirt.io/v1beta1', { deployOVS: 'true' })] },
    { name: 'the annotation on a KubeVirt CR (not read by HCO)', manifests: [{ apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'kv', annotations: { [KV]: '[]' } } }] },
    { name: 'annotations that are not a map', manifests: [{ apiVersion: 'hco.kubevirt.io/v1', kind: 'HyperConverged', metadata: { name: 'h', annotations: 'x' } }] },
  ],
  invalid: [
    {
      name: 'a binding registered by jsonpatch on v1beta1',
      manifests: [hco('hco.kubevirt.io/v1beta1', { [KV]: bindingPatch })],
      findings: [{ severity: 'warning', path: `metadata.annotations["${KV}"]`, message: `annotation ${KV} patches the KubeVirt CR behind hco: ${TAINT}; register bindings in spec.networkBinding instead` }],
    },
    {
      name: 'a binding registered by jsonpatch on v1, strict',
      strict: true,
      manifests: [hco('hco.kubevirt.io/v1', { [KV]: bindingPatch })],
      findings: [{ severity: 'error', path: `metadata.annotations["${KV}"]`, message: `annotation ${KV} patches the KubeVirt CR behind hco: ${TAINT}; register bindings in spec.networking.networkBinding instead` }],
    },
    {
      name: 'every sibling annotation, and a value that is not JSON',
      manifests: [hco('hco.kubevirt.io/v1beta1', {
        [KV]: 'not json',
        'containerizeddataimporter.kubevirt.io/jsonpatch': '[]',
        'networkaddonsconfigs.kubevirt.io/jsonpatch': '[]',
        'ssp.kubevirt.io/jsonpatch': '[]',
      })],
      findings: [
        { severity: 'warning', path: 'metadata.annotations["containerizeddataimporter.kubevirt.io/jsonpatch"]', message: `annotation containerizeddataimporter.kubevirt.io/jsonpatch patches the CDI CR behind hco: ${TAINT}; set what it patches through the HyperConverged spec where it has a field, and remove the annotation before an upgrade` },
        { severity: 'warning', path: `metadata.annotations["${KV}"]`, message: /patches the KubeVirt CR behind hco: .*; set what it patches through the HyperConverged spec where it has a field/ },
        { severity: 'warning', path: 'metadata.annotations["networkaddonsconfigs.kubevirt.io/jsonpatch"]', message: /patches the NetworkAddonsConfig CR behind hco/ },
        { severity: 'warning', path: 'metadata.annotations["ssp.kubevirt.io/jsonpatch"]', message: /patches the SSP CR behind hco/ },
      ],
    },
    {
      name: 'feature gates and migrations by jsonpatch',
      manifests: [hco('hco.kubevirt.io/v1beta1', { [KV]: JSON.stringify([
        { op: 'add', path: '/spec/configuration/developerConfiguration/featureGates/-', value: 'Sidecar' },
        { op: 'add', path: '/spec/configuration/migrations', value: { allowPostCopy: true } },
      ]) })],
      findings: [{ severity: 'warning', path: `metadata.annotations["${KV}"]`, message: `annotation ${KV} patches the KubeVirt CR behind hco: ${TAINT}; set spec.featureGates; set spec.liveMigrationConfig instead` }],
    },
  ],
});
