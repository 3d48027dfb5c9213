import { ALL_RULES } from './all';
import { combineRules } from './custom';
import { LintOptions, runRules } from './engine';
import type { Finding, Manifest, Rule } from './types';

export * from './types';
export { ALL_RULES } from './all';
export { runRules, hasErrors, describeRef, sortFindings, refOf } from './engine';
export type { LintOptions } from './engine';
export { combineRules, ruleProblem, RuleSetError } from './custom';
export * as patterns from './patterns';

/** Options of `lint()`. */
export interface LintRunOptions extends LintOptions {
  /**
   * Custom rules, run after every rule of this library (see `Rule` for the contract). Their ids must not be the id
   * of a built-in rule or of each other.
   * @default - none
   */
  readonly rules?: readonly Rule[];
}

/**
 * Runs every rule of this library, and any custom `rules`, over the manifests.
 *
 * @throws RuleSetError when a custom rule breaks the `Rule` contract or reuses an id
 */
export function lint(manifests: readonly Manifest[], options: LintRunOptions = {}): Finding[] {
  const rules = options.rules && options.rules.length > 0 ? combineRules(ALL_RULES, options.rules) : ALL_RULES;
  return runRules(rules, manifests, options);
}
