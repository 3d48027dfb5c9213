/** Renders docs/errors.md from the catalogue's hand-written expectations (no case is run here). */
import type { CatalogueCase } from './cases';

/** Text for one table cell: pipes escaped, lines joined. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ').trim();
}

/** A code span that holds any text (backticks inside get a longer fence). */
function code(text: string): string {
  const fence = /`/.test(text) ? '``' : '`';
  const pad = fence.length > 1 ? ' ' : '';
  return `${fence}${pad}${cell(text)}${pad}${fence}`;
}

function where(c: CatalogueCase): string {
  if (c.build) return 'props, at synth';
  const flags = [`--kubevirt-version ${c.lint?.version ?? '1.9'}`, ...(c.lint?.strict ? ['--strict'] : [])];
  return `manifest, \`kubevirt-netbind lint ${flags.join(' ')}\``;
}

export function renderErrorsDoc(cases: readonly CatalogueCase[]): string {
  const lines: string[] = [
    '<!-- Generated from test/catalogue/cases.ts by scripts/gen-errors-doc.mjs (npm run docs). Do not edit by hand. -->',
    '',
    '# Error catalogue',
    '',
    `${cases.length} realistic bad configurations, written as props (the synth reports them) or as manifests (the linter`,
    'reports them), with the full messages they produce. The messages were written by hand after review;',
    '`test/catalogue/catalogue.test.ts` fails when a case produces anything else, or when this file is stale.',
    '',
    'Synth messages are the lines of the `SynthError` (`synth failed with N errors:`), each `[construct path] props path',
    '(manifest field): message (rule; object)`; warnings are printed by `runSynth` and fail the synth only under',
    '`strict`. Linter messages are shown as `<severity> <rule>: <object> <field>: <message>`; the command line prints',
    'the same message as `file:line: <severity> <rule>: <message> (<object> <field>)`.',
    '',
    '| # | configuration | where | full message | what to change |',
    '| --- | --- | --- | --- | --- |',
  ];
  cases.forEach((c, i) => {
    const config = c.build ? `${cell(c.title)}<br>${code(c.config)}` : `${cell(c.title)} ([manifest](#${i + 1}-manifest))`;
    const messages = c.expected.map(code).join('<br><br>') || '(none)';
    lines.push(`| ${i + 1} | ${config} | ${where(c)} | ${messages} | ${cell(c.fix)} |`);
  });
  lines.push('', '## Manifests', '');
  cases.forEach((c, i) => {
    if (c.build) return;
    lines.push(`### ${i + 1}. manifest`, '', `${c.title}:`, '', '```yaml', c.config, '```', '');
  });
  return lines.join('\n');
}
