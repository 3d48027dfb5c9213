import type { Manifest } from '../../../src/rules/types';
import { bindingVm, kubevirtCr } from './fixtures';
import type { StepCase } from './types';

const kubevirt = kubevirtCr;

/** A VirtualMachine whose one interface, on the pod network, uses the binding `name`. */
const vmWithBinding = (name: string): Manifest => bindingVm(name);

/** Cases on each side of the release steps of the cluster configuration rules (src/rules/cluster.ts, metadata.ts, hco-jsonpatch.ts). */
export const STEP_CASES: StepCase[] = [
  {
    rule: 'registration-field',
    since: '1.1.1',
    name: 'domainAttachmentType is unknown to 1.1.0 and a field from 1.1.1',
    manifests: [kubevirt({ t: { domainAttachmentType: 'tap' } })],
    before: { message: /field domainAttachmentType is not in kubevirt 1\.1; it is first in kubevirt 1\.1\.1/, severity: 'error' },
    after: 'none',
  },
  {
    rule: 'registration-field',
    since: '1.2',
    name: 'migration is unknown to 1.1 and a field from 1.2',
    manifests: [kubevirt({ p: { sidecarImage: 'quay.io/x/p:v1', migration: {} } })],
    before: { message: /field migration is not in kubevirt 1\.1; it is first in kubevirt 1\.2/, severity: 'error' },
    after: 'none',
  },
  {
    rule: 'registration-field',
    since: '1.3',
    name: 'downwardAPI and computeResourceOverhead are unknown to 1.2 and fields from 1.3',
    manifests: [kubevirt({ p: { sidecarImage: 'quay.io/x/p:v1', downwardAPI: 'device-info', computeResourceOverhead: { requests: { memory: '1Mi' } } } })],
    before: { message: /field downwardAPI is not in kubevirt 1\.2/, severity: 'error' },
    after: 'none',
  },
  {
    rule: 'registration-value',
    since: '1.1.1',
    name: 'an unknown domainAttachmentType: the field is unknown to 1.1.0 (registration-field), ignored from 1.1.1',
    manifests: [kubevirt({ t: { domainAttachmentType: 'tun' } })],
    before: 'none',
    after: { message: /domainAttachmentType is "tun", which kubevirt ignores \(it [a-z ]+\); accepted: "tap", "managedTap"/, severity: 'warning' },
  },
  {
    rule: 'registration-value',
    since: '1.2',
    name: 'an unknown migration method: the field is unknown to 1.1, the method ignored from 1.2',
    manifests: [kubevirt({ p: { sidecarImage: 'quay.io/x/p:v1', migration: { method: 'refresh' } } })],
    before: 'none',
    after: { message: /migration\.method is "refresh", which kubevirt ignores \(it [a-z ]+\); accepted: "link-refresh" or empty/, severity: 'warning' },
  },
  {
    rule: 'registration-value',
    since: '1.3',
    name: 'an unknown downwardAPI: the field is unknown to 1.2, the value ignored from 1.3',
    manifests: [kubevirt({ p: { sidecarImage: 'quay.io/x/p:v1', downwardAPI: 'all' } })],
    before: 'none',
    after: { message: /downwardAPI is "all", which kubevirt ignores \(it [a-z ]+\); accepted: "device-info"/, severity: 'warning' },
  },
  {
    rule: 'registration-value',
    since: '1.4',
    name: 'managedTap is ignored by 1.3 and known from 1.4',
    manifests: [kubevirt({ t: { domainAttachmentType: 'managedTap' } })],
    before: { message: /domainAttachmentType "managedTap" is not in kubevirt 1\.3, which ignores it \(it attaches no interface for this binding to the domain\); it is first in kubevirt 1\.4/, severity: 'warning' },
    after: 'none',
  },
  {
    rule: 'registration-needs-gate',
    since: '1.5',
    name: 'registrations without NetworkBindingPlugins listed: unusable in 1.4, fine in 1.5',
    manifests: [kubevirt({ p: { sidecarImage: 'quay.io/x/p:v1' } }, { featureGates: [] })],
    before: { message: /needs feature gate "NetworkBindingPlugins" listed/, severity: 'warning' },
    after: 'none',
  },
  {
    rule: 'nad-resolves',
    since: '1.1.1',
    name: 'a binding registered without a NAD breaks the pod in 1.1.0, adds no network from 1.1.1',
    manifests: [kubevirt({ p: { sidecarImage: 'quay.io/x/p:v1' } }, { featureGates: ['NetworkBindingPlugins'] }), vmWithBinding('p')],
    before: { message: /kubevirt 1\.1\.0 still adds a network without a name to the launcher pod/, severity: 'error' },
    after: 'none',
  },
  {
    rule: 'feature-gate-conflict',
    since: '1.8',
    name: 'a gate in both lists: the disabled list is unknown to 1.7, the conflict rejected from 1.8',
    manifests: [kubevirt({}, { featureGates: ['PasstBinding'], disabledFeatureGates: ['PasstBinding'] })],
    before: /^disabledFeatureGates is not in kubevirt 1\.7; it is first in kubevirt 1\.8$/,
    after: { message: /\(kubevirt: feature gate "PasstBinding" exists on both "FeatureGates" and "DisabledFeatureGates"\)$/, severity: 'error' },
  },
  {
    rule: 'feature-gate-redundant',
    since: '1.2',
    name: 'the Passt gate: alpha in 1.1, deprecated with a warning in 1.2',
    manifests: [kubevirt({}, { featureGates: ['Passt'] })],
    before: 'none',
    after: { message: /\(kubevirt: Passt network binding will be deprecated next release\. Please refer to Kubevirt user guide for alternatives\.\)$/, severity: 'warning' },
  },
  {
    rule: 'feature-gate-redundant',
    since: '1.3',
    name: 'the Macvtap gate: deprecated in 1.2, discontinued in 1.3',
    manifests: [kubevirt({}, { featureGates: ['Macvtap'] })],
    before: /feature gate "Macvtap" is deprecated in kubevirt 1\.2/,
    after: /feature gate "Macvtap" is discontinued in kubevirt 1\.3 and can never be enabled/,
  },
  {
    rule: 'feature-gate-redundant',
    since: '1.5',
    name: 'the NetworkBindingPlugins gate: needed in 1.4, GA and redundant in 1.5',
    manifests: [kubevirt({}, { featureGates: ['NetworkBindingPlugins'] })],
    before: 'none',
    after: { message: /feature gate NetworkBindingPlugins is deprecated \(feature state is "General Availability"\), therefore it can be safely removed/, severity: 'warning' },
  },
];
