/**
 * Every value pattern of this library, in one place. The rules judge values with these; the construct props
 * (src/schemas.ts) check only shapes and types, so a value is accepted or rejected in exactly one way.
 *
 * Each pattern names its source. Kubernetes' own validation lives in k8s.io/apimachinery
 * pkg/util/validation/validation.go (abbreviated "apimachinery validation.go" below); KubeVirt's in kubevirt/kubevirt
 * at the tag named.
 */

/** apimachinery validation.go `DNS1123LabelMaxLength`. */
export const DNS1123_LABEL_MAX = 63;
/** apimachinery validation.go `DNS1123SubdomainMaxLength`. */
export const DNS1123_SUBDOMAIN_MAX = 253;

/** apimachinery validation.go `dns1123LabelFmt` (IsDNS1123Label, without the length). */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** apimachinery validation.go `dns1123SubdomainFmt` (IsDNS1123Subdomain, without the length). */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * apimachinery validation.go IsDNS1123Label: what Kubernetes accepts as a namespace name (and so as every
 * `metadata.namespace`: apimachinery pkg/api/validation/objectmeta.go ValidateObjectMetaAccessor).
 */
export function isDns1123Label(s: string): boolean {
  return s.length <= DNS1123_LABEL_MAX && DNS1123_LABEL.test(s);
}

/**
 * apimachinery validation.go IsDNS1123Subdomain: what Kubernetes accepts as the name of a custom resource
 * (apiextensions-apiserver pkg/registry/customresource/validator.go uses NameIsDNSSubdomain).
 */
export function isDns1123Subdomain(s: string): boolean {
  return s.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(s);
}

/** Text for messages: what a DNS-1123 label is. */
export const DNS1123_LABEL_TEXT = 'a lowercase dns-1123 label (a-z, 0-9 and "-", starting and ending with a letter or digit, at most 63 characters)';
/** Text for messages: what a DNS-1123 subdomain is. */
export const DNS1123_SUBDOMAIN_TEXT = 'a lowercase dns-1123 subdomain (dot-separated labels of a-z, 0-9 and "-", each starting and ending with a letter or digit, at most 253 characters)';

/** apimachinery validation.go `qualifiedNameMaxLength`. */
export const QUALIFIED_NAME_MAX = 63;
/** apimachinery validation.go `qualifiedNameFmt` ("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"). */
export const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * apimachinery validation.go IsQualifiedName: a label or annotation key, `[prefix/]name`, the prefix a DNS-1123
 * subdomain, the name at most 63 characters of letters, digits, `-`, `_` and `.`, starting and ending with a letter
 * or digit. Returns what is wrong, or undefined when the key is valid.
 */
export function qualifiedNameProblem(key: string): string | undefined {
  // cached: label and annotation keys repeat across objects
  if (keyProblems.has(key)) return keyProblems.get(key);
  const problem = qualifiedNameProblemOf(key);
  if (keyProblems.size < 1000) keyProblems.set(key, problem);
  return problem;
}

const keyProblems = new Map<string, string | undefined>();

function qualifiedNameProblemOf(key: string): string | undefined {
  const slash = key.indexOf('/');
  let name = key;
  if (slash >= 0) {
    if (key.indexOf('/', slash + 1) >= 0) return 'has more than one "/"';
    const prefix = key.slice(0, slash);
    name = key.slice(slash + 1);
    if (prefix.length === 0) return 'has an empty prefix before "/"';
    if (!isDns1123Subdomain(prefix)) return `has prefix "${prefix}", which is not ${DNS1123_SUBDOMAIN_TEXT}`;
  }
  if (name.length === 0) return 'has an empty name';
  if (name.length > QUALIFIED_NAME_MAX) return `has a name of ${name.length} characters; at most ${QUALIFIED_NAME_MAX} are allowed`;
  if (!QUALIFIED_NAME.test(name)) return 'has a name with characters other than letters, digits, "-", "_" and ".", or does not start and end with a letter or digit';
  return undefined;
}

/** apimachinery validation.go `LabelValueMaxLength`. */
export const LABEL_VALUE_MAX = 63;
/** apimachinery validation.go `labelValueFmt` (empty allowed). */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** apimachinery validation.go IsValidLabelValue. */
export function isLabelValue(s: string): boolean {
  return s.length <= LABEL_VALUE_MAX && LABEL_VALUE.test(s);
}

/**
 * apimachinery pkg/api/validation/objectmeta.go `TotalAnnotationSizeLimitB`: the keys and values of an object's
 * annotations together, in bytes.
 */
export const TOTAL_ANNOTATION_SIZE_MAX = 256 * 1024;

/**
 * A Kubernetes quantity: k8s.io/apimachinery pkg/api/resource/quantity.go, as the regular expression the CRD schemas
 * carry (`x-kubernetes-int-or-string` with this pattern, e.g. kubevirt validations_generated.go).
 */
export const QUANTITY_PATTERN = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;

/** A quantity as YAML gives it: a string of the pattern, or a number (the CRD's int-or-string). */
export function isQuantity(x: unknown): boolean {
  return (typeof x === 'number' && Number.isFinite(x)) || (typeof x === 'string' && QUANTITY_PATTERN.test(x));
}

/** Whether a valid quantity is negative (its sign; `-0` is not). */
export function isNegativeQuantity(x: unknown): boolean {
  if (typeof x === 'number') return x < 0;
  if (typeof x !== 'string' || !x.startsWith('-')) return false;
  return /[1-9]/.test(x.replace(/[eE].*$/, ''));
}

/**
 * A NetworkAttachmentDefinition reference as KubeVirt reads it: `name` (in the VMI's namespace) or
 * `namespace/name`. kubevirt pkg/network/multus/nad.go:36-50 (v1.9.0) NetAttachDefNamespacedName splits at the first
 * `/` (strings.SplitN, 2), so anything after it is the name. The namespace must be a DNS-1123 label (a namespace
 * name), the name a DNS-1123 subdomain (a NetworkAttachmentDefinition is a custom resource).
 * Returns what is wrong, or undefined when it is valid.
 */
export function nadReferenceProblem(ref: string): string | undefined {
  // cached: a manifest set names the same few NADs from many VMs
  if (nadProblems.has(ref)) return nadProblems.get(ref);
  const problem = nadProblemOf(ref);
  if (nadProblems.size < 1000) nadProblems.set(ref, problem);
  return problem;
}

const nadProblems = new Map<string, string | undefined>();

function nadProblemOf(ref: string): string | undefined {
  const slash = ref.indexOf('/');
  const namespace = slash < 0 ? undefined : ref.slice(0, slash);
  const name = slash < 0 ? ref : ref.slice(slash + 1);
  if (namespace !== undefined && !isDns1123Label(namespace)) return `namespace "${namespace}" is not ${DNS1123_LABEL_TEXT}`;
  if (!isDns1123Subdomain(name)) return `name "${name}" is not ${DNS1123_SUBDOMAIN_TEXT}`;
  return undefined;
}

/** Text for messages: what a NAD reference is. */
export const NAD_REFERENCE_TEXT = '"<name>" or "<namespace>/<name>", the namespace a dns-1123 label and the name a dns-1123 subdomain';

/**
 * An interface (and so network) name: kubevirt pkg/network/admitter/netiface.go:127-137 (v1.9.0),
 * `^[A-Za-z0-9-_]+$`. No length limit.
 */
export const INTERFACE_NAME = /^[A-Za-z0-9-_]+$/;

/**
 * A binding plugin name, a key of `spec.configuration.network.binding`. KubeVirt's CRD takes any key
 * (kubevirt types.go NetworkConfiguration.Binding map[string]InterfaceBindingPlugin); this is the house pattern of
 * this library (letters, digits, `.`, `-`, `_`, starting and ending with a letter or digit), so a name is safe in
 * annotations, labels and file names.
 */
export const BINDING_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/**
 * k8s.io/apimachinery validation.go IsValidPortName (IANA_SVC_NAME): at most 15 characters of `a-z`, `0-9`, `-`,
 * at least one letter, no leading, trailing or double `-`. KubeVirt checks forwarded port names with it
 * (kubevirt pkg/network/admitter/netiface.go:227-233).
 */
export function isValidPortName(s: string): boolean {
  return s.length >= 1 && s.length <= 15 && /^[-a-z0-9]+$/.test(s) && /[a-z]/.test(s)
    && !s.startsWith('-') && !s.endsWith('-') && !s.includes('--');
}

/** Port numbers: kubevirt pkg/network/admitter/netiface.go:250-259 (0 < port < 65536). */
export const PORT_MIN = 1;
export const PORT_MAX = 65535;

/** Port protocols: kubevirt pkg/network/admitter/netiface.go:239-248 (upper case; empty means TCP). */
export const PORT_PROTOCOLS: readonly string[] = ['TCP', 'UDP'];

/** A PCI address: kubevirt pkg/util/hardware/hw_utils.go:37. */
export const PCI_ADDRESS = /^([\da-fA-F]{4}):([\da-fA-F]{2}):([\da-fA-F]{2})\.([0-7]{1})$/;

/**
 * A CNI network name (the `name` of a NAD's `spec.config`): containernetworking/cni pkg/utils/utils.go
 * `cniValidNameChars` and ValidateNetworkName (letters, digits, `_`, `.`, `-`, starting with a letter or digit).
 */
export const CNI_NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * A VirtualMachine's `spec.runStrategy`: kubevirt staging/src/kubevirt.io/api/core/v1/types.go
 * VirtualMachineRunStrategy consts (v1.9.0: Always, RerunOnFailure, Manual, Halted, Once, WaitAsReceiver).
 */
export const RUN_STRATEGIES: readonly string[] = ['Always', 'RerunOnFailure', 'Manual', 'Halted', 'Once', 'WaitAsReceiver'];
