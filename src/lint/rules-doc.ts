/**
 * docs/rules.md, generated from the rules' own metadata (`RuleMeta`). `npm run docs` writes it;
 * test/lint/rules-doc.test.ts fails when it is out of date.
 */
import type { Rule } from '../rules/types';
import { INPUT_MISSING_KIND, INPUT_NOT_OBJECT } from './load';
import { KUSTOMIZE_CYCLE, KUSTOMIZE_INVALID, KUSTOMIZE_MISSING, KUSTOMIZE_PATCH, KUSTOMIZE_PATCH_TARGET } from './kustomize';

/** Makes text safe for one cell of a markdown table. */
function cell(text: string): string {
  return String(text).replace(/\s*\r?\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
}

/** The severity column: policy rules are warnings unless `--strict`. */
export function severityLabel(rule: Rule): string {
  return rule.meta.policy ? 'warning (error with --strict)' : rule.meta.severity;
}

/** The checks of the loader itself (not rules of the engine; they run on every input of the CLI and the plugin). */
const INPUT_CHECKS: ReadonlyArray<readonly [string, string, string?]> = [
  [INPUT_NOT_OBJECT, 'A YAML document, JSON file or List item is not a mapping (a list or a scalar): kubectl and the API server reject it.'],
  [INPUT_MISSING_KIND, 'A document has no string `apiVersion` or `kind`: the API server cannot decode it. The object is not linted further.'],
  [KUSTOMIZE_INVALID, 'A field of a kustomization is not what kustomize reads: `resources` not a list of paths, a patch entry with neither `path` nor `patch`, a JSON 6902 patch without `target`.'],
  [KUSTOMIZE_MISSING, 'A kustomization lists a file or folder that does not exist, or a folder without a kustomization: `kustomize build` fails.'],
  [KUSTOMIZE_CYCLE, 'Kustomizations include each other: `kustomize build` refuses the cycle.'],
  [KUSTOMIZE_PATCH, 'A patch is neither a mapping nor a list of operations, or a JSON 6902 operation does not apply (a `test` that fails, a path that is not there): the object is checked without that patch.'],
  [KUSTOMIZE_PATCH_TARGET, 'A patch\'s target is not among the objects of its overlay: the rules could not check the patched object (`kustomize build` fails too, unless the target is a remote resource).', 'warning'],
];

/** Renders docs/rules.md. */
export function renderRulesDoc(rules: readonly Rule[]): string {
  const lines: string[] = [
    '<!-- Generated from the rules\' metadata by scripts/gen-rules-doc.mjs (npm run docs). Do not edit by hand. -->',
    '',
    '# Rules',
    '',
    'What `kubevirt-netbind lint`, the cdk8s validation plugin and `lint()` check. `error`: KubeVirt rejects the',
    'object or the VM fails to start. `warning`: it works, but is risky. Policy rules are house rules that KubeVirt',
    'does not enforce: warnings, or errors with `--strict` (`strict: true`).',
    '',
    `${rules.length} rules.`,
    '',
    '| id | severity | versions | what KubeVirt does | source |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const rule of rules) {
    const m = rule.meta;
    lines.push(`| \`${cell(m.id)}\` | ${cell(severityLabel(rule))} | ${cell(m.versions)} | ${cell(m.description)} | ${cell(m.source)} |`);
  }
  const withHistory = rules.filter((r) => (r.meta.history ?? []).length > 0);
  if (withHistory.length > 0) {
    lines.push(
      '',
      '## Release tables',
      '',
      'For each rule, what KubeVirt does from each release on, and where in its source (at that release\'s tag) the',
      'behaviour is. A release not listed behaves as the row above it.',
    );
    for (const rule of withHistory) {
      lines.push('', `### \`${rule.meta.id}\``, '', '| from | behaviour | source |', '| --- | --- | --- |');
      for (const step of rule.meta.history!) lines.push(`| ${cell(step.since)} | ${cell(step.behaviour)} | ${cell(step.source)} |`);
    }
  }
  lines.push(
    '',
    '## Input checks',
    '',
    'Reported by the command line and the validation plugin while reading files. A file that is not valid YAML or',
    'JSON is not a finding: the command prints `file:line: error: cannot parse: ...` and exits 2. The `kustomize-`',
    'checks come from the command line\'s reading of kustomizations (src/lint/kustomize.ts).',
    '',
    '| id | severity | what it means |',
    '| --- | --- | --- |',
    ...INPUT_CHECKS.map(([id, text, severity]) => `| \`${id}\` | ${severity ?? 'error'} | ${cell(text)} |`),
    '',
  );
  return lines.join('\n');
}
