/**
 * The picture as Graphviz DOT (`dot -Tsvg`). Every id and label is a double-quoted DOT string: `"` and `\` are
 * escaped, and whitespace runs (newlines too) become one space, so no text of a manifest ends a string or starts
 * one of Graphviz's escapes (`\N`, `\l`); lines are joined with DOT's own `\n`.
 */
import type { BindingGraph } from './model';
import { buildScene, DiagramOptions, NodeClass, Scene, SceneBox, SceneNode } from './scene';

/** A DOT double-quoted string. */
export function dotString(s: string): string {
  return `"${s.replace(/\s+/g, ' ').replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

const dotLabel = (lines: readonly string[]) => `"${lines.map((l) => dotString(l).slice(1, -1)).join('\\n')}"`;

type Attrs = Readonly<Record<string, string>>;

const SHAPES: Record<SceneNode['shape'], Attrs> = {
  registration: { shape: 'box', style: '"rounded,filled"', fillcolor: '"#e3f2fd"' },
  nad: { shape: 'cylinder', style: 'filled', fillcolor: '"#e8f5e9"' },
  vm: { shape: 'box', style: '"rounded,filled"', fillcolor: '"#ffffff"' },
  group: { shape: 'box3d', style: 'filled', fillcolor: '"#ffffff"' },
  core: { shape: 'ellipse', style: 'filled', fillcolor: '"#eeeeee"' },
  missing: { shape: 'box', style: '"dashed,filled"', fillcolor: '"#f5f5f5"' },
  note: { shape: 'note', style: 'filled', fillcolor: '"#fafafa"' },
};

/** A node's marks, over its shape's attributes. */
const MARKS: Record<NodeClass, Attrs> = {
  error: { color: '"#c62828"', penwidth: '2', fillcolor: '"#fde2e1"' },
  warning: { color: '"#b7791f"', penwidth: '2', fillcolor: '"#fff4d6"' },
  missing: { color: '"#757575"', style: '"dashed,filled"', fillcolor: '"#f5f5f5"' },
};

const attrList = (a: Attrs) => Object.entries(a).map(([k, v]) => `${k}=${v}`).join(', ');

/** The picture as a Graphviz digraph. */
export function renderDot(g: BindingGraph, options: DiagramOptions = {}): string {
  return dotOf(buildScene(g, options));
}

function dotOf(scene: Scene): string {
  const out: string[] = [
    'digraph bindings {',
    '  rankdir=LR;',
    '  graph [fontname="Helvetica", fontsize=11];',
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const node = (n: SceneNode, indent: string) => {
    out.push(`${indent}${dotString(n.id)} [label=${dotLabel(n.lines)}, ${attrList({ ...SHAPES[n.shape], ...n.cls ? MARKS[n.cls] : {} })}];`);
  };
  const box = (b: SceneBox, indent: string) => {
    // a subgraph named cluster... is drawn as a box
    out.push(`${indent}subgraph ${dotString(`cluster_${b.id}`)} {`);
    out.push(`${indent}  label=${dotString(b.title)};`);
    if (b.cls) out.push(`${indent}  color=${b.cls === 'error' ? '"#c62828"' : b.cls === 'warning' ? '"#b7791f"' : '"#757575"'}; penwidth=2;`);
    for (const n of b.nodes) node(n, `${indent}  `);
    for (const inner of b.boxes) box(inner, `${indent}  `);
    out.push(`${indent}}`);
  };
  for (const b of scene.boxes) box(b, '  ');
  for (const n of scene.nodes) node(n, '  ');
  for (const e of scene.edges) {
    const attrs = [...e.label ? [`label=${dotString(e.label)}`] : [], ...e.dashed ? ['style=dashed'] : []];
    out.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${attrs.length > 0 ? ` [${attrs.join(', ')}]` : ''};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
