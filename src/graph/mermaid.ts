/**
 * The picture as a Mermaid flowchart, which GitHub and GitLab render in Markdown (```mermaid blocks).
 *
 * Ids come from `scene.ts` (`[a-z][a-zA-Z0-9_]*`, never a keyword such as `end`: every id has a prefix and `_`).
 * Labels are quoted, and every character outside a small safe set is written as a Mermaid entity code (`#34;`
 * for `"`): a name or message can then hold quotes, `#`, `<`, backticks, `%` or newlines without ending the label,
 * the statement or a Markdown code fence.
 */
import type { BindingGraph } from './model';
import { buildScene, DiagramOptions, NodeClass, Scene, SceneBox, SceneNode } from './scene';

/** Characters written as they are in a Mermaid label; the rest become `#<code>;`. */
const SAFE = /[A-Za-z0-9 .,:/_+=@()\-…·’]/;

/** A label's text, safe inside `"..."` of a Mermaid flowchart. */
export function mermaidText(s: string): string {
  let out = '';
  for (const ch of s.replace(/\s+/g, ' ')) out += SAFE.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  return out;
}

const label = (lines: readonly string[]) => `"${lines.map(mermaidText).join('<br/>')}"`;

function shape(n: SceneNode): string {
  const l = label(n.lines);
  switch (n.shape) {
    case 'registration': return `[${l}]`;
    case 'nad': return `[(${l})]`;
    case 'vm': return `(${l})`;
    case 'group': return `[[${l}]]`;
    case 'core': return `([${l}])`;
    case 'missing': return `[${l}]`;
    case 'note': return `>${l}]`;
  }
}

const CLASSES: Record<NodeClass, string> = {
  error: 'fill:#fde2e1,stroke:#c62828,stroke-width:2px,color:#000',
  warning: 'fill:#fff4d6,stroke:#b7791f,stroke-width:2px,color:#000',
  missing: 'fill:#f5f5f5,stroke:#757575,stroke-dasharray:5 5,color:#424242',
};

/** The picture as a Mermaid flowchart (no fence around it). */
export function renderMermaid(g: BindingGraph, options: DiagramOptions = {}): string {
  return mermaidOf(buildScene(g, options));
}

function mermaidOf(scene: Scene): string {
  const out: string[] = ['flowchart LR'];
  const used = new Set<NodeClass>();
  const classed: Array<[string, NodeClass]> = [];
  const node = (n: SceneNode, indent: string) => {
    out.push(`${indent}${n.id}${shape(n)}`);
    if (n.cls) {
      used.add(n.cls);
      classed.push([n.id, n.cls]);
    }
  };
  const box = (b: SceneBox, indent: string) => {
    out.push(`${indent}subgraph ${b.id}[${label([b.title])}]`);
    out.push(`${indent}  direction LR`);
    for (const n of b.nodes) node(n, `${indent}  `);
    for (const inner of b.boxes) box(inner, `${indent}  `);
    out.push(`${indent}end`);
    if (b.cls) {
      used.add(b.cls);
      classed.push([b.id, b.cls]);
    }
  };
  for (const b of scene.boxes) box(b, '  ');
  for (const n of scene.nodes) node(n, '  ');
  for (const e of scene.edges) {
    const arrow = e.dashed ? '-.->' : '-->';
    out.push(`  ${e.from} ${arrow}${e.label ? `|${label([e.label])}|` : ''} ${e.to}`);
  }
  for (const c of ['error', 'warning', 'missing'] as const) if (used.has(c)) out.push(`  classDef ${c} ${CLASSES[c]}`);
  // one class statement per class, ids sorted: stable output
  for (const c of ['error', 'warning', 'missing'] as const) {
    const ids = classed.filter(([, k]) => k === c).map(([id]) => id).sort();
    for (let i = 0; i < ids.length; i += 50) out.push(`  class ${ids.slice(i, i + 50).join(',')} ${c}`);
  }
  return `${out.join('\n')}\n`;
}
