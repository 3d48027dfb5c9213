/**
 * Custom rules: users' own `Rule` objects, run with the built-in ones (`lint(manifests, { rules })`, or the CLI's
 * `--rules <module>`). They are checked here before they run, so a mistake in one is a clear error, not a crash.
 */
import type { Rule } from './types';

/** A rule set that cannot be used; the message names the rule and where it came from. */
export class RuleSetError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'RuleSetError';
  }
}

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** What is wrong with a value given as a rule, or undefined when it keeps the `Rule` contract. */
export function ruleProblem(x: unknown): string | undefined {
  if (typeof x !== 'object' || x === null) return 'is not an object with meta and check';
  const r = x as { meta?: unknown; check?: unknown };
  if (typeof r.check !== 'function') return 'has no check(ctx) function';
  if (typeof r.meta !== 'object' || r.meta === null) return 'has no meta object';
  const m = r.meta as Record<string, unknown>;
  if (typeof m.id !== 'string' || !RULE_ID.test(m.id)) return `has meta.id ${JSON.stringify(m.id)}; use a kebab-case id such as "my-team-vm-labels"`;
  if (m.severity !== 'error' && m.severity !== 'warning') return `${m.id} has meta.severity ${JSON.stringify(m.severity)}; use "error" or "warning"`;
  for (const key of ['versions', 'description', 'source']) {
    if (typeof m[key] !== 'string') return `${m.id} has no meta.${key} text`;
  }
  if (m.policy !== undefined && typeof m.policy !== 'boolean') return `${m.id} has meta.policy ${JSON.stringify(m.policy)}; use true, false or leave it out`;
  return undefined;
}

/**
 * `base` followed by `extra`, after checking that each extra rule keeps the `Rule` contract and that no id is used
 * twice. `describe` names where an extra rule comes from, for messages (e.g. its file).
 *
 * @throws RuleSetError naming the rule (and both owners of a clashing id)
 */
export function combineRules(
  base: readonly Rule[],
  extra: readonly unknown[],
  describe: (rule: unknown, index: number) => string = (_r, i) => `custom rule #${i + 1}`,
): Rule[] {
  const owners = new Map<string, string>();
  for (const r of base) owners.set(r.meta.id, `the built-in rule "${r.meta.id}"`);
  const out: Rule[] = [...base];
  extra.forEach((r, i) => {
    const problem = ruleProblem(r);
    if (problem !== undefined) throw new RuleSetError(`${describe(r, i)} ${problem}`);
    const rule = r as Rule;
    const owner = owners.get(rule.meta.id);
    if (owner !== undefined) {
      throw new RuleSetError(`${describe(r, i)} has id "${rule.meta.id}", which ${owner} already has; give the custom rule another id`);
    }
    owners.set(rule.meta.id, describe(r, i));
    out.push(rule);
  });
  return out;
}
