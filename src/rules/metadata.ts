/**
 * Object metadata as the Kubernetes API server validates it for every object (k8s.io/apimachinery
 * pkg/api/validation/objectmeta.go ValidateObjectMetaAccessor), with the value patterns of src/rules/patterns.ts.
 */
import type { Entry, Rule, RuleContext } from './types';
import {
  DNS1123_LABEL_TEXT, DNS1123_SUBDOMAIN_TEXT, TOTAL_ANNOTATION_SIZE_MAX, isDns1123Label, isDns1123Subdomain, isLabelValue,
  qualifiedNameProblem,
} from './patterns';
import { isObject, join, show, type Obj } from './util';
import { containerOf, objectAt } from './kinds';

/**
 * Kinds whose name rule this library knows, by group: custom resources are named by DNS-1123 subdomains
 * (apiextensions-apiserver pkg/registry/customresource/validator.go: NameIsDNSSubdomain); a Namespace by a DNS-1123
 * label (k8s pkg/apis/core/validation ValidateNamespaceName). Other kinds have rules of their own (a Service takes a
 * DNS-1035 label, RBAC objects take path segments), so their names are left alone.
 */
const SUBDOMAIN_NAMED: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['kubevirt.io', new Set(['VirtualMachine', 'VirtualMachineInstance', 'VirtualMachineInstanceReplicaSet', 'KubeVirt'])],
  ['pool.kubevirt.io', new Set(['VirtualMachinePool'])],
  ['instancetype.kubevirt.io', new Set(['VirtualMachineInstancetype', 'VirtualMachineClusterInstancetype', 'VirtualMachinePreference', 'VirtualMachineClusterPreference'])],
  ['hco.kubevirt.io', new Set(['HyperConverged'])],
  ['k8s.cni.cncf.io', new Set(['NetworkAttachmentDefinition'])],
]);

function nameKind(e: Entry): 'subdomain' | 'label' | undefined {
  if (e.group === '' && e.ref.kind === 'Namespace') return 'label';
  return SUBDOMAIN_NAMED.get(e.group)?.has(e.ref.kind) ? 'subdomain' : undefined;
}

/** Labels at `path`: keys are qualified names, values label values (objectmeta.go ValidateLabels). */
function checkLabels(ctx: RuleContext, e: Entry, labels: unknown, path: string): void {
  if (labels === undefined || labels === null) return;
  if (!isObject(labels)) {
    ctx.report(e, path, `${path} must be a map of label keys to string values, got ${show(labels)}`);
    return;
  }
  for (const key in labels) {
    const value = labels[key];
    const problem = qualifiedNameProblem(key);
    if (problem !== undefined) {
      ctx.report(e, join(path, key), `label key ${show(key)} ${problem}; accepted: [prefix/]name, the prefix ${DNS1123_SUBDOMAIN_TEXT}, the name at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit`);
    }
    if (typeof value !== 'string') {
      ctx.report(e, join(path, key), `label ${show(key)} has value ${show(value)}; label values are strings (quote numbers and booleans in YAML)`);
    } else if (!isLabelValue(value)) {
      ctx.report(e, join(path, key), `label ${show(key)} has value ${show(value)}; accepted: empty, or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit`);
    }
  }
}

/** Annotations at `path`: keys are qualified names (checked lower-cased), values strings, 256 KiB in all (objectmeta.go ValidateAnnotations). */
function checkAnnotations(ctx: RuleContext, e: Entry, annotations: unknown, path: string): void {
  if (annotations === undefined || annotations === null) return;
  if (!isObject(annotations)) {
    ctx.report(e, path, `${path} must be a map of annotation keys to string values, got ${show(annotations)}`);
    return;
  }
  let size = 0;
  for (const key in annotations) {
    const value = annotations[key];
    const problem = qualifiedNameProblem(key.toLowerCase());
    if (problem !== undefined) {
      ctx.report(e, join(path, key), `annotation key ${show(key)} ${problem}; accepted: [prefix/]name, the prefix ${DNS1123_SUBDOMAIN_TEXT}, the name at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit`);
    }
    if (typeof value !== 'string') {
      ctx.report(e, join(path, key), `annotation ${show(key)} has value ${show(value)}; annotation values are strings (quote numbers and booleans in YAML)`);
    } else {
      size += Buffer.byteLength(key) + Buffer.byteLength(value);
    }
  }
  if (size > TOTAL_ANNOTATION_SIZE_MAX) {
    ctx.report(e, path, `${path} hold ${size} bytes; kubernetes accepts at most ${TOTAL_ANNOTATION_SIZE_MAX} bytes of annotation keys and values per object`);
  }
}

/**
 * k8s.io/apimachinery pkg/api/validation/objectmeta.go ValidateObjectMetaAccessor (name, namespace, labels,
 * annotations) with pkg/util/validation/validation.go (IsDNS1123Label, IsDNS1123Subdomain, IsQualifiedName,
 * IsValidLabelValue). A VirtualMachine's template metadata becomes its VMI's metadata, validated the same way when
 * virt-controller creates the VMI.
 */
export const objectMetadata: Rule = {
  meta: {
    id: 'object-metadata',
    severity: 'error',
    versions: 'all',
    description: 'Object metadata the API server rejects: `metadata.namespace` not a DNS-1123 label; the name of a VirtualMachine, '
      + 'VirtualMachineInstance, VirtualMachineInstanceReplicaSet, VirtualMachinePool, instancetype or preference, NetworkAttachmentDefinition, '
      + 'KubeVirt or HyperConverged not a DNS-1123 subdomain (a Namespace\'s '
      + 'not a DNS-1123 label); label keys and annotation keys not qualified names; label values not label values (at most 63 '
      + 'characters); annotations over 256 KiB. The template metadata of a VirtualMachine, VirtualMachineInstanceReplicaSet and '
      + 'VirtualMachinePool (`spec.template.metadata`; a pool\'s `spec.virtualMachineTemplate.metadata` and its `spec.template.metadata`) '
      + 'is checked too: the objects made from it would be rejected.',
    source: 'k8s apimachinery pkg/api/validation/objectmeta.go ValidateObjectMetaAccessor, ValidateLabels, ValidateAnnotations; '
      + 'pkg/util/validation/validation.go IsDNS1123Label, IsDNS1123Subdomain, IsQualifiedName, IsValidLabelValue; '
      + 'apiextensions-apiserver pkg/registry/customresource/validator.go',
    history: [
      {
        since: '1.1',
        behaviour: 'the Kubernetes API server validates metadata of every object, whatever the KubeVirt release; a VM\'s template metadata '
          + 'is not checked by KubeVirt\'s VM webhook at any release (1.1-1.9), so a bad label there is accepted and the VMI that '
          + 'virt-controller creates from it is rejected: the VM never starts',
        source: 'kubernetes apimachinery pkg/api/validation/objectmeta.go ValidateObjectMetaAccessor; kubevirt '
          + 'pkg/virt-api/webhooks/validating-webhook/admitters/vms-admitter.go@v1.1.0 and @v1.9.0 (no metadata validation)',
      },
    ],
  },
  check(ctx) {
    const entries = ctx.entries;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const md = e.manifest.metadata;
      if (md === undefined || md === null) continue;
      if (!isObject(md)) {
        ctx.report(e, 'metadata', `metadata must be an object with name, namespace, labels and annotations, got ${show(md)}`);
        continue;
      }
      const name = md.name;
      const kind = typeof name === 'string' && name !== '' ? nameKind(e) : undefined;
      if (kind === 'subdomain' && !isDns1123Subdomain(name as string)) {
        ctx.report(e, 'metadata.name', `metadata.name ${show(name)} is not ${DNS1123_SUBDOMAIN_TEXT}`);
      } else if (kind === 'label' && !isDns1123Label(name as string)) {
        ctx.report(e, 'metadata.name', `metadata.name ${show(name)} is not ${DNS1123_LABEL_TEXT}`);
      }
      const namespace = md.namespace;
      if (typeof namespace === 'string' && namespace !== '' && !isDns1123Label(namespace)) {
        ctx.report(e, 'metadata.namespace', `metadata.namespace ${show(namespace)} is not ${DNS1123_LABEL_TEXT}`);
      }
      checkMeta(ctx, e, md, 'metadata');
      // the templates' metadata: the VMIs (and a pool's VMs) made from them carry it
      const container = containerOf(e);
      if (container?.template) {
        if (container.vmSpec && container.vmSpec.length > 1) {
          const vmTemplate = container.vmSpec.slice(0, -1);
          const vmd = objectAt(e.manifest, [...vmTemplate, 'metadata']);
          if (vmd) checkMeta(ctx, e, vmd, `${vmTemplate.join('.')}.metadata`);
        }
        const tmd = objectAt(e.manifest, [...container.template, 'metadata']);
        if (tmd) checkMeta(ctx, e, tmd, `${container.template.join('.')}.metadata`);
      }
    }
  },
};

function checkMeta(ctx: RuleContext, e: Entry, md: Obj, path: string): void {
  // named loads, and nothing built for the (usual) object without labels or annotations
  if (md.labels !== undefined) checkLabels(ctx, e, md.labels, `${path}.labels`);
  if (md.annotations !== undefined) checkAnnotations(ctx, e, md.annotations, `${path}.annotations`);
}

export const METADATA_RULES: readonly Rule[] = [objectMetadata];
