import type { KubeVirtVersion } from '../version';

/** `error`: KubeVirt rejects the object or the VM fails to start. `warning`: it works, but is risky. */
export type Severity = 'error' | 'warning';

/** A manifest as parsed from YAML or produced by `toJson()`: nothing about its shape is trusted. */
export type Manifest = Record<string, unknown>;

/** Which object a finding is about. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** One problem found by a rule. */
export interface Finding {
  /** The rule's id, e.g. `binding-registered`. */
  readonly rule: string;
  readonly severity: Severity;
  /** What is wrong, what would be accepted, and KubeVirt's own error text where it has one. */
  readonly message: string;
  readonly object: ObjectRef;
  /** Position of the object in the input list, so callers can map it back to a construct or a file line. */
  readonly objectIndex: number;
  /** The field, as a dotted path with list indexes: `spec.template.spec.domain.devices.interfaces[1].binding.name`. */
  readonly path: string;
}

/** What a rule says about itself; `docs/rules.md` is generated from this. */
export interface RuleMeta {
  /** Stable id, kebab-case. */
  readonly id: string;
  /** The severity of its findings. Policy rules report warnings unless `strict` is set. */
  readonly severity: Severity;
  /** True for a house policy (not something KubeVirt enforces): a warning unless `strict`. */
  readonly policy?: boolean;
  /** Releases it applies to, as text: `all`, `1.1-1.4`, `1.9+`. */
  readonly versions: string;
  /** What KubeVirt does, in one or two sentences. */
  readonly description: string;
  /** KubeVirt's source: repository path and line, or user guide page. */
  readonly source: string;
  /**
   * How the behaviour the rule checks changed across the supported releases, oldest first. The first step is the
   * behaviour at the rule's first release (`1.1` for a rule of every release); each later step is a release where
   * KubeVirt changed what it accepts. docs/rules.md shows it as the rule's release table, and every step after the
   * first has a test case on each side of it (test/rules/steps.test.ts).
   */
  readonly history?: readonly RuleStep[];
}

/** One release step of a rule's behaviour. */
export interface RuleStep {
  /** The first release with this behaviour, as text: `1.1`, `1.4`, `1.1.1`. */
  readonly since: string;
  /** What KubeVirt does from this release on, as the rule checks it. */
  readonly behaviour: string;
  /** Where it is in KubeVirt's source at that release: `path@vX.Y.Z:line` (or the upstream repository's path). */
  readonly source: string;
}

/** One object of the input, with its parsed identity. */
export interface Entry {
  readonly manifest: Manifest;
  readonly index: number;
  readonly ref: ObjectRef;
  /** The API group of `ref.apiVersion` ('' for the core group). */
  readonly group: string;
}

/**
 * A VirtualMachineInstance spec: a VirtualMachineInstance's `spec`, the `spec.template.spec` of a VirtualMachine or
 * a VirtualMachineInstanceReplicaSet, or the `spec.virtualMachineTemplate.spec.template.spec` of a
 * VirtualMachinePool.
 */
export interface VmiSpecView {
  readonly entry: Entry;
  /**
   * The spec as KubeVirt validates it: with the referenced instancetype and preference applied when they are among
   * the inputs (a copy then; the manifest is never changed). Fields the preference filled have the paths they
   * would have in the template.
   */
  readonly spec: Record<string, unknown>;
  /** `spec`, `spec.template.spec` or `spec.virtualMachineTemplate.spec.template.spec`. */
  readonly path: string;
  /** The namespace the VMI runs in (the object's namespace, or `default`; a template's VMIs run in its owner's). */
  readonly namespace: string;
  /** The VirtualMachine spec around the VMI spec (a VM's `spec`, a pool's `spec.virtualMachineTemplate.spec`); none for a VMI or a replica set. */
  readonly vm?: { readonly spec: Record<string, unknown>; readonly path: string };
  /** The VM's `spec.instancetype` and `spec.preference`, and what became of them. */
  readonly references?: readonly TemplateReference[];
}

/** A VM's `spec.instancetype` or `spec.preference`, as resolved against the inputs. */
export interface TemplateReference {
  readonly role: 'instancetype' | 'preference';
  /** Path of the reference, e.g. `spec.preference`. */
  readonly path: string;
  /** The kind it names, resolved as KubeVirt does (`VirtualMachineClusterPreference` when unset); undefined when unknown. */
  readonly kind?: string;
  readonly name?: string;
  /**
   * - `applied`: found among the inputs and applied to `VmiSpecView.spec`
   * - `absent`: not among the inputs; the verdict may change
   * - `conflict`: the instancetype sets fields the VM sets too (KubeVirt rejects the VM); see `conflicts`
   * - `unknown-kind`: `kind` is none of the accepted kinds
   * - `infer`: `inferFromVolume`, resolved by KubeVirt from a volume's labels at creation
   * - `malformed`: not an object, or without a usable name or kind
   */
  readonly status: 'applied' | 'absent' | 'conflict' | 'unknown-kind' | 'infer' | 'malformed';
  /** The object applied. */
  readonly target?: Entry;
  /** Paths of the VM's fields the instancetype conflicts with. */
  readonly conflicts?: readonly string[];
  /** The value as written, for messages. */
  readonly value: unknown;
}

/** One registration from a KubeVirt or HyperConverged CR. */
export interface Registration {
  readonly name: string;
  readonly value: unknown;
  readonly owner: Entry;
  /** Path of the registration inside its owner, e.g. `spec.configuration.network.binding.passt`. */
  readonly path: string;
  /** True for a registration the owner's operator adds itself (HCO's `l2bridge`), not written in the input. */
  readonly implicit?: boolean;
}

/** The cluster configuration found among the inputs. */
export interface ClusterView {
  /** KubeVirt and HyperConverged CRs among the inputs. */
  readonly sources: readonly Entry[];
  /** Registrations by binding name (several when more than one CR registers the name). */
  readonly registrations: ReadonlyMap<string, readonly Registration[]>;
  /**
   * Whether the gate is on in the cluster, as KubeVirt computes it for the target release (see `isGateOn`:
   * featureGates wins over disabledFeatureGates; beta gates on by default from 1.9). Undefined when no
   * configuration is among the inputs, or for a gate this library does not track that 1.9 may turn on by default.
   */
  gateOn(gate: string): boolean | undefined;
  /** `permitBridgeInterfaceOnPodNetwork` (default true); undefined when no configuration is among the inputs. */
  readonly permitBridgeInterfaceOnPodNetwork: boolean | undefined;
}

/** Everything a rule sees. */
export interface RuleContext {
  readonly version: KubeVirtVersion;
  readonly strict: boolean;
  readonly entries: readonly Entry[];
  /** Objects of one kind (`VirtualMachine`, `NetworkAttachmentDefinition`, ...). */
  byKind(kind: string): readonly Entry[];
  /** One object by kind, namespace and name; an unset namespace means `default`. */
  find(kind: string, namespace: string | undefined, name: string): Entry | undefined;
  /**
   * The VMI specs of every VirtualMachine, VirtualMachineInstance, VirtualMachineInstanceReplicaSet and
   * VirtualMachinePool, with instancetypes and preferences among the inputs applied.
   */
  readonly vmiSpecs: readonly VmiSpecView[];
  readonly cluster: ClusterView;
  /** Report a finding. The rule's own severity applies unless given. */
  report(entry: Entry, path: string, message: string, severity?: Severity): void;
}

/**
 * A rule: data about itself, and one function over the whole input.
 *
 * The contract, for the built-in rules and for custom ones (`lint(manifests, { rules })`, or the CLI's
 * `--rules <module>`):
 *
 * - `meta.id`: a kebab-case id (`my-team-vm-labels`), unique among all rules run together; a custom rule cannot
 *   take the id of a built-in one. It is printed with every finding.
 * - `meta.severity`: `error` (the object is rejected or the VM fails) or `warning`. With `meta.policy: true` the
 *   rule is a house rule: its findings are warnings, or errors under `strict`.
 * - `meta.versions`, `meta.description`, `meta.source`: text for `docs/rules.md` and for readers: the KubeVirt
 *   releases it applies to (`all`, `1.3+`), what is checked, and where the behaviour comes from.
 * - `check(ctx)`: called once per run with every object of the input (`ctx.entries`, `ctx.byKind()`,
 *   `ctx.find()`, `ctx.vmiSpecs`, `ctx.cluster`). It must not change the manifests and must not throw on
 *   malformed input (manifests are untrusted: test types before use; `src/rules/util.ts` has total accessors).
 *   A rule that throws is reported as an internal error by the CLI; the other rules still run.
 * - `ctx.report(entry, path, message, severity?)`: one finding on `entry` at `path`, a non-empty dotted path with
 *   list indexes (`spec.template.spec.networks[0].multus.networkName`; `join()` of `src/rules/util.ts` builds
 *   them). An empty path throws. Report each problem once. Messages are lowercase, end without a period, and
 *   name the field, the bad value and what is accepted. `severity` overrides `meta.severity` for this finding.
 *
 * Value patterns (DNS-1123 names, quantities, label keys, NAD references) are in `src/rules/patterns.ts`
 * (`rules.patterns` of the package).
 */
export interface Rule {
  readonly meta: RuleMeta;
  check(ctx: RuleContext): void;
}
