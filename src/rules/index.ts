import { ALL_RULES } from './all';
import { KubeVirtVersion } from '../version';
import { combineRules, RuleSetError } from './custom';
import { LintOptions, runRules } from './engine';
import type { Finding, Manifest, Rule } from './types';
import { CrdSet, crdSetOf } from '../schema/crd';
import { withCrds } from '../schema/rule';

export * from './types';
export { ALL_RULES } from './all';
export { runRules, hasErrors, describeRef, sortFindings, refOf } from './engine';
export type { LintOptions } from './engine';
export { combineRules, ruleProblem, RuleSetError } from './custom';
export * as patterns from './patterns';

/** Options of `lint()`. */
export interface LintRunOptions extends Omit<LintOptions, 'version'> {
  /** The KubeVirt release the manifests are for: a `KubeVirtVersion` or text such as `1.4`. @default KubeVirtVersion.NEWEST */
  readonly version?: KubeVirtVersion | string;
  /**
   * Custom rules, run after every rule of this library (see `Rule` for the contract). Their ids must not be the id
   * of a built-in rule or of each other.
   * @default - none
   */
  readonly rules?: readonly Rule[];
  /**
   * CustomResourceDefinitions to validate objects of their kinds against (the `schema` rule): a `CrdSet`
   * (`schema.loadCrdFiles(paths)`), or parsed `apiextensions.k8s.io/v1` CRD objects.
   * @default - no schema check
   */
  readonly crds?: CrdSet | readonly unknown[];
}

/**
 * Runs every rule of this library, and any custom `rules`, over the manifests.
 *
 * @throws RuleSetError when a custom rule breaks the `Rule` contract or reuses an id, or `rules` is not a list
 * @throws Error when `version` is text that is not a supported release
 * @throws CrdError when `crds` holds something that is not a usable CRD
 */
export function lint(manifests: readonly Manifest[], options: LintRunOptions = {}): Finding[] {
  if (options.rules !== undefined && !Array.isArray(options.rules)) {
    throw new RuleSetError('options.rules must be a list of rules; wrap a single rule in [ ]');
  }
  let rules = options.rules && options.rules.length > 0 ? combineRules(ALL_RULES, options.rules) : ALL_RULES;
  if (options.crds !== undefined) {
    rules = withCrds(rules, options.crds instanceof CrdSet ? options.crds : crdSetOf(Array.isArray(options.crds) ? options.crds : [options.crds], 'options.crds'));
  }
  // plain JavaScript callers may give the version as text, as the constructs and the CLI take it
  const version = typeof options.version === 'string' ? KubeVirtVersion.of(options.version) : options.version;
  return runRules(rules, manifests, { ...options, version });
}
