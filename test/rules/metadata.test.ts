// GIVEN object metadata WHEN linted THEN object-metadata reports what the Kubernetes API server rejects
// (k8s.io/apimachinery pkg/api/validation/objectmeta.go with pkg/util/validation/validation.go).
import { ruleTable, spec, vm } from './harness';
import { objectMetadata } from '../../src/rules/metadata';

const nad = (metadata: Record<string, unknown>) => ({ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata, spec: { config: '{"cniVersion":"1.0.0","type":"bridge"}' } });
const cm = (metadata: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata });
const withLabels = (labels: unknown, annotations?: unknown) => ({ ...vm(spec([], [])), metadata: { name: 'vm1', namespace: 'default', labels, ...(annotations !== undefined ? { annotations } : {}) } });
const long = (n: number) => 'a'.repeat(n);

ruleTable(objectMetadata, {
  valid: [
    { name: 'dns names, a dotted name, qualified keys, empty label value', manifests: [
      { ...vm(spec([], [])), metadata: { name: 'web.v1', namespace: 'team-a', labels: { 'app.kubernetes.io/name': 'web', tier: '', 'A_b.c': 'X-1_y.z' }, annotations: { 'Example.COM/Note': 'any text: at all' } } },
    ] },
    { name: 'a 253-character NAD name and a 63-character namespace', manifests: [nad({ name: `${long(63)}.${long(63)}.${long(63)}.${long(61)}`, namespace: long(63) })] },
    { name: 'names of kinds with other rules are left alone', manifests: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:controller:x' } }, cm({ name: 'Upper_Case' })] },
    { name: 'a missing name or namespace is not this rule\'s business', manifests: [cm({}), nad({ name: 'n', namespace: '' })] },
  ],
  invalid: [
    {
      name: 'a VM name with an underscore and upper case (the old props check agreed)',
      manifests: [{ ...vm(spec([], [])), metadata: { name: 'Bad_Name' } }],
      findings: [{ severity: 'error', path: 'metadata.name', message: /^metadata\.name "Bad_Name" is not a lowercase dns-1123 subdomain \(/ }],
    },
    {
      name: 'a NAD name with an empty label between dots ("a..b")',
      manifests: [nad({ name: 'a..b', namespace: 'ns' })],
      findings: [{ severity: 'error', path: 'metadata.name', message: /^metadata\.name "a\.\.b" is not a lowercase dns-1123 subdomain/ }],
    },
    {
      name: 'a name of 254 characters',
      manifests: [nad({ name: `${long(63)}.${long(63)}.${long(63)}.${long(62)}` })],
      findings: [{ severity: 'error', path: 'metadata.name', message: /at most 253 characters/ }],
    },
    {
      name: 'a dotted namespace (a label, not a subdomain), on any kind',
      manifests: [cm({ name: 'c', namespace: 'team.a' })],
      findings: [{ severity: 'error', path: 'metadata.namespace', message: /^metadata\.namespace "team\.a" is not a lowercase dns-1123 label \(a-z, 0-9 and "-", starting and ending with a letter or digit, at most 63 characters\)$/ }],
    },
    {
      name: 'a namespace of 64 characters',
      manifests: [cm({ name: 'c', namespace: long(64) })],
      findings: [{ severity: 'error', path: 'metadata.namespace', message: /is not a lowercase dns-1123 label/ }],
    },
    {
      name: 'a Namespace named like a subdomain',
      manifests: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } }],
      findings: [{ severity: 'error', path: 'metadata.name', message: /is not a lowercase dns-1123 label/ }],
    },
    {
      name: 'bad label keys and values',
      manifests: [withLabels({ '-x': 'ok', 'Bad.Prefix/x': 'ok', 'a/b/c': 'ok', [long(64)]: 'ok', k: 'has space', n: 5, v: long(64) })],
      findings: [
        { severity: 'error', path: `metadata.labels.${long(64)}`, message: /has a name of 64 characters; at most 63 are allowed/ },
        { severity: 'error', path: 'metadata.labels.k', message: 'label "k" has value "has space"; accepted: empty, or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit' },
        { severity: 'error', path: 'metadata.labels.n', message: 'label "n" has value 5; label values are strings (quote numbers and booleans in YAML)' },
        { severity: 'error', path: 'metadata.labels.v', message: /^label "v" has value "a{64}"; accepted: empty, or at most 63/ },
        { severity: 'error', path: 'metadata.labels["-x"]', message: /^label key "-x" has a name with characters other than/ },
        { severity: 'error', path: 'metadata.labels["Bad.Prefix/x"]', message: /^label key "Bad\.Prefix\/x" has prefix "Bad\.Prefix", which is not a lowercase dns-1123 subdomain/ },
        { severity: 'error', path: 'metadata.labels["a/b/c"]', message: /^label key "a\/b\/c" has more than one "\/"; accepted: \[prefix\/\]name/ },
      ],
    },
    {
      name: 'labels that are not a map',
      manifests: [withLabels(['a'])],
      findings: [{ severity: 'error', path: 'metadata.labels', message: 'metadata.labels must be a map of label keys to string values, got ["a"]' }],
    },
    {
      name: 'a bad annotation key, a non-string value and more than 256 KiB',
      manifests: [withLabels({}, { 'a b': 'x', n: true, big: 'x'.repeat(256 * 1024) })],
      findings: [
        { severity: 'error', path: 'metadata.annotations', message: /^metadata\.annotations hold 262\d+ bytes; kubernetes accepts at most 262144 bytes/ },
        { severity: 'error', path: 'metadata.annotations.n', message: 'annotation "n" has value true; annotation values are strings (quote numbers and booleans in YAML)' },
        { severity: 'error', path: 'metadata.annotations["a b"]', message: /^annotation key "a b" has a name with characters other than/ },
      ],
    },
    {
      name: 'a VM template label the VMI would be rejected for',
      manifests: [{ ...vm(spec([], [])), spec: { runStrategy: 'Always', template: { metadata: { labels: { 'kubevirt.io/size': 'x large' } }, spec: spec([], []) } } }],
      findings: [{ severity: 'error', path: 'spec.template.metadata.labels["kubevirt.io/size"]', message: /^label "kubevirt\.io\/size" has value "x large"/ }],
    },
    {
      name: 'metadata that is not an object',
      manifests: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: 'x' }],
      findings: [{ severity: 'error', path: 'metadata', message: 'metadata must be an object with name, namespace, labels and annotations, got "x"' }],
    },
  ],
});
