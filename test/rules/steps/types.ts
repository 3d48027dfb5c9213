import type { Manifest, Severity } from '../../../src/rules/types';

/**
 * What the rule under test reports at one release: nothing (`'none'`), or at least one finding whose message
 * matches, with the severity given (default: the rule's own).
 */
export type StepVerdict = 'none' | RegExp | { readonly message: RegExp; readonly severity: Severity };

/**
 * A case on each side of one release step of a rule (`RuleMeta.history`): the same manifests linted at the release
 * before the step (`before`) and at the step's own release (`after`).
 */
export interface StepCase {
  /** The rule's id. */
  readonly rule: string;
  /** The step's `since`, exactly as the rule's history gives it. */
  readonly since: string;
  /** What the case shows. */
  readonly name: string;
  readonly manifests: Manifest[];
  readonly before: StepVerdict;
  readonly after: StepVerdict;
  /** @default false */
  readonly strict?: boolean;
}
