// GIVEN VirtualMachineInstanceReplicaSets and VirtualMachinePools WHEN linted THEN their templates are checked like a
// VM's, with findings at the template paths, and a half template is reported with what was expected.
import { describe, expect, it } from 'vitest';
import { kubevirtCr, ruleTable, spec } from './harness';
import { lint } from '../../src/rules';
import { nadResolves } from '../../src/rules/cluster';
import { objectMetadata } from '../../src/rules/metadata';
import type { Manifest } from '../../src/rules/types';
import { vmRunStrategy } from '../../src/rules/vmi/domain';
import { vmiStructure } from '../../src/rules/vmi/structure';

const RS_SPEC = 'spec.template.spec';
const POOL_SPEC = 'spec.virtualMachineTemplate.spec.template.spec';

const vmirs = (templateSpec: unknown, namespace = 'apps', extra: Record<string, unknown> = {}): Manifest => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstanceReplicaSet',
  metadata: { name: 'rs1', namespace },
  spec: { replicas: 2, selector: { matchLabels: { app: 'rs1' } }, template: { metadata: { labels: { app: 'rs1' } }, spec: templateSpec }, ...extra },
});

const pool = (templateSpec: unknown, vmSpec: Record<string, unknown> = { runStrategy: 'Always' }, apiVersion = 'pool.kubevirt.io/v1alpha1', namespace = 'apps'): Manifest => ({
  apiVersion,
  kind: 'VirtualMachinePool',
  metadata: { name: 'pool1', namespace },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'pool1' } },
    virtualMachineTemplate: { metadata: { labels: { app: 'pool1' } }, spec: { ...vmSpec, template: { spec: templateSpec } } },
  },
});

const withBinding = (name: string) => spec([{ name: 'default', binding: { name } }], [{ name: 'default', pod: {} }]);
const withNad = (networkName: string) => spec(
  [{ name: 'default', masquerade: {} }, { name: 'sec', bridge: {} }],
  [{ name: 'default', pod: {} }, { name: 'sec', multus: { networkName } }],
);
const nad = (name: string, namespace: string): Manifest => ({
  apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name, namespace }, spec: { config: '{"cniVersion":"1.0.0","name":"n","type":"bridge"}' },
});

describe('binding-registered on templates', () => {
  it('GIVEN a VMIRS and a pool using an unregistered binding WHEN linted THEN each is reported at its template path', () => {
    const got = lint([kubevirtCr({ mine: { sidecarImage: 'quay.io/x/mine@sha256:0' } }), vmirs(withBinding('nope')), pool(withBinding('nope'))])
      .filter((f) => f.rule === 'binding-registered')
      .map((f) => [f.object.kind, f.path, f.severity]);
    expect(got).toEqual([
      ['VirtualMachineInstanceReplicaSet', `${RS_SPEC}.domain.devices.interfaces[0].binding.name`, 'error'],
      ['VirtualMachinePool', `${POOL_SPEC}.domain.devices.interfaces[0].binding.name`, 'error'],
    ]);
  });

  it('GIVEN the binding registered WHEN linted THEN neither is reported', () => {
    const got = lint([kubevirtCr({ mine: { sidecarImage: 'quay.io/x/mine@sha256:0' } }), vmirs(withBinding('mine')), pool(withBinding('mine'))])
      .filter((f) => f.rule === 'binding-registered');
    expect(got).toEqual([]);
  });
});

ruleTable(nadResolves, {
  valid: [
    // a template's VMIs run in the owner's namespace: a bare networkName resolves there
    { name: 'a VMIRS whose NAD is in its own namespace', manifests: [vmirs(withNad('net')), nad('net', 'apps')] },
    { name: 'a pool whose NAD is in its own namespace', manifests: [pool(withNad('net')), nad('net', 'apps')] },
  ],
  invalid: [
    {
      name: 'a pool whose NAD is only in another namespace',
      manifests: [pool(withNad('net')), nad('net', 'other')],
      findings: [{ severity: 'error', path: `${POOL_SPEC}.networks[1].multus.networkName`, message: /apps\/net/ }],
    },
  ],
});

ruleTable(vmRunStrategy, {
  valid: [
    { name: 'a pool with runStrategy Always', manifests: [pool(withNad('n'))] },
    { name: 'a VMIRS (no runStrategy: it is not a VM)', manifests: [vmirs(withNad('n'), 'apps', { runStrategy: 'Bogus' })] },
  ],
  invalid: [
    {
      name: 'a pool whose VM template has a bad runStrategy',
      manifests: [pool(withNad('n'), { runStrategy: 'Sometimes' })],
      findings: [{ severity: 'error', path: 'spec.virtualMachineTemplate.spec.runStrategy', message: /^spec\.virtualMachineTemplate\.spec\.runStrategy is "Sometimes"; accepted: Always/ }],
    },
  ],
});

ruleTable(vmiStructure, {
  valid: [
    { name: 'a well-formed VMIRS', manifests: [vmirs(withNad('n'))] },
    { name: 'pool.kubevirt.io/v1beta1 on 1.7 (served from 1.7)', version: '1.7', manifests: [pool(withNad('n'), undefined, 'pool.kubevirt.io/v1beta1')] },
    { name: 'pool.kubevirt.io/v1alpha1 on 1.9 (still served)', version: '1.9', manifests: [pool(withNad('n'))] },
  ],
  invalid: [
    {
      name: 'pool.kubevirt.io/v1beta1 on 1.6 (not served yet)',
      version: '1.6',
      manifests: [pool(withNad('n'), undefined, 'pool.kubevirt.io/v1beta1')],
      findings: [{ severity: 'error', path: 'apiVersion', message: 'apiVersion "pool.kubevirt.io/v1beta1" is not served by kubevirt 1.6; use pool.kubevirt.io/v1alpha1' }],
    },
    {
      name: 'a VMIRS template without spec',
      manifests: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceReplicaSet', metadata: { name: 'rs' }, spec: { template: { metadata: {} } } }],
      findings: [{ severity: 'error', path: RS_SPEC, message: /^spec\.template\.spec is missing: .* kubevirt requires spec\.template\.spec\.domain/ }],
    },
    {
      name: 'a VMIRS without template',
      manifests: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceReplicaSet', metadata: { name: 'rs' }, spec: { replicas: 1 } }],
      findings: [{ severity: 'error', path: 'spec.template', message: /^spec\.template is missing: a VirtualMachineInstanceReplicaSet needs spec\.template.*\(kubevirt: missing virtual machine template\.\)$/ }],
    },
    {
      name: 'a pool without virtualMachineTemplate',
      manifests: [{ apiVersion: 'pool.kubevirt.io/v1alpha1', kind: 'VirtualMachinePool', metadata: { name: 'p' }, spec: { replicas: 1 } }],
      findings: [{ severity: 'error', path: 'spec.virtualMachineTemplate', message: /^spec\.virtualMachineTemplate is missing: a VirtualMachinePool needs spec\.virtualMachineTemplate\.spec\.template/ }],
    },
    {
      name: 'a pool whose VMI spec is not an object, next to a VMIRS that is still checked',
      manifests: [pool('nope'), vmirs({ ...spec([{ name: 'x', masquerade: {} }], []), networks: 'pod' })],
      findings: [
        { severity: 'error', path: POOL_SPEC, message: `${POOL_SPEC} must be an object, got "nope"` },
        { severity: 'error', path: `${RS_SPEC}.networks`, message: `${RS_SPEC}.networks must be a list, got "pod"` },
      ],
    },
  ],
});

ruleTable(objectMetadata, {
  valid: [{ name: 'a pool and a VMIRS with good template labels', manifests: [pool(withNad('n')), vmirs(withNad('n'))] }],
  invalid: [
    {
      name: 'bad labels in a pool VM template and its VMI template, and a bad VMIRS name',
      manifests: [
        {
          ...pool(withNad('n')),
          spec: {
            virtualMachineTemplate: {
              metadata: { labels: { app: 'bad value!' } },
              spec: { runStrategy: 'Always', template: { metadata: { labels: { 'bad key!': 'x' } }, spec: withNad('n') } },
            },
          },
        },
        { ...vmirs(withNad('n')), metadata: { name: 'Bad_Name' } },
      ],
      findings: [
        { severity: 'error', path: 'spec.virtualMachineTemplate.metadata.labels.app', message: /label "app" has value "bad value!"/ },
        { severity: 'error', path: 'spec.virtualMachineTemplate.spec.template.metadata.labels["bad key!"]', message: /label key "bad key!"/ },
        { severity: 'error', path: 'metadata.name', message: /metadata\.name "Bad_Name" is not/ },
      ],
    },
  ],
});
