/**
 * The `schema` rule: every object of a kind a supplied CRD defines is validated against the schema of its
 * version, as the API server would (see `validate.ts`). It runs only when CRDs are given (`lint --crds`,
 * `lint(manifests, { crds })`); `ALL_RULES` holds `SCHEMA_RULE`, which checks nothing, so that the id is reserved
 * and documented, and `withCrds()` puts a rule with the CRDs in its place.
 *
 * Objects whose group and kind no CRD defines are not checked (the lint CLI says how many in a note). An object of
 * a CRD's kind at a version the CRD does not serve is an error naming the served versions: the API server answers
 * 404 for it (no such resource at that version).
 */
import type { Entry, Rule, RuleMeta } from '../rules/types';
import { CrdSet } from './crd';
import { validateValue } from './validate';

export const SCHEMA_RULE_ID = 'schema';

const META: RuleMeta = {
  id: SCHEMA_RULE_ID,
  severity: 'error',
  versions: 'all',
  description: 'Runs only with CRDs given (`lint --crds <file|dir>`, `lint(manifests, { crds })`): objects of their kinds are '
    + 'validated against the served version\'s openAPIV3Schema as the API server validates them: types, enums, patterns, '
    + 'required fields, bounds, int-or-string and quantity values, list-type set and map keys. Unknown fields are errors: the '
    + 'API server prunes them, and `kubectl apply` (default `--validate=strict`) rejects the object. A version the CRD does '
    + 'not serve is an error. CEL rules (`x-kubernetes-validations`) are not checked.',
  source: 'Kubernetes apiextensions-apiserver pkg/apiserver/validation and kube-openapi pkg/validation/validate; '
    + 'field validation: KEP-2885 (server-side unknown field validation, GA in 1.27)',
  history: [
    {
      since: '1.1',
      behaviour: 'the Kubernetes API server validates custom resources against the CRD given; the release is the CRD\'s own, so the rule '
        + 'has no KubeVirt steps (give the CRDs of the target release)',
      source: 'kubernetes apiextensions-apiserver pkg/apiserver/validation (structural schema validation and pruning)',
    },
  ],
};

const versionOf = (apiVersion: string) => {
  const i = apiVersion.indexOf('/');
  return i < 0 ? apiVersion : apiVersion.slice(i + 1);
};

/** The CRD an object's group and kind select, if any. */
export function crdOf(crds: CrdSet, entry: Pick<Entry, 'group' | 'ref'>) {
  return crds.size === 0 ? undefined : crds.find(entry.group, entry.ref.kind);
}

/** A `schema` rule that checks objects against `crds`. */
export function schemaRule(crds: CrdSet): Rule {
  return {
    meta: META,
    check(ctx) {
      if (crds.size === 0) return;
      for (const entry of ctx.entries) {
        const crd = crdOf(crds, entry);
        if (!crd) continue;
        const versionName = versionOf(entry.ref.apiVersion);
        const version = crd.versions.get(versionName);
        if (!version || !version.served || !version.schema) {
          const served = [...crd.versions.values()].filter((v) => v.served).map((v) => v.name);
          ctx.report(entry, 'apiVersion', `${JSON.stringify(entry.ref.apiVersion)} is not a version the crd ${crd.name} serves; use ${served.map((v) => `${crd.group}/${v}`).join(' or ') || '(it serves none)'}`);
          continue;
        }
        for (const issue of validateValue(version.schema, entry.manifest, { topLevel: true })) {
          ctx.report(entry, issue.path || 'spec', issue.message);
        }
      }
    },
  };
}

/** The rule `ALL_RULES` holds: without CRDs there is nothing to check. */
export const SCHEMA_RULE: Rule = schemaRule(CrdSet.EMPTY);

/**
 * `rules` with the schema rule checking against `crds`: `SCHEMA_RULE` is replaced where it is; without it (a
 * custom rule list), the rule is added at the end.
 */
export function withCrds(rules: readonly Rule[], crds: CrdSet): Rule[] {
  const rule = schemaRule(crds);
  const at = rules.indexOf(SCHEMA_RULE);
  if (at >= 0) return rules.map((r, i) => (i === at ? rule : r));
  if (rules.some((r) => r.meta.id === SCHEMA_RULE_ID)) return [...rules];
  return [...rules, rule];
}
