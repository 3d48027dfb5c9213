import { ALL_RULES } from './all';
import { LintOptions, runRules } from './engine';
import type { Finding, Manifest } from './types';

export * from './types';
export { ALL_RULES } from './all';
export { runRules, hasErrors, describeRef, sortFindings, refOf } from './engine';
export type { LintOptions } from './engine';

/** Runs every rule of this library over the manifests. */
export function lint(manifests: readonly Manifest[], options: LintOptions = {}): Finding[] {
  return runRules(ALL_RULES, manifests, options);
}
