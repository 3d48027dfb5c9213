/**
 * The real renderers' parsers, for tests: Mermaid's own `mermaid.parse` (its flowchart grammar; mermaid needs a
 * DOM for DOMPurify, given here by jsdom) and Graphviz compiled to WebAssembly (@viz-js/viz).
 */
import { JSDOM } from 'jsdom';

type Mermaid = { parse(text: string): Promise<unknown> };
type Viz = { render(src: string, options?: { format?: string }): { status: string; output?: string; errors: Array<{ message: string }> } };

let mermaidP: Promise<Mermaid> | undefined;
let vizP: Promise<Viz> | undefined;

function mermaid(): Promise<Mermaid> {
  mermaidP ??= (async () => {
    const dom = new JSDOM('<!doctype html><html><body></body></html>');
    const g = globalThis as Record<string, unknown>;
    g.window ??= dom.window;
    g.document ??= dom.window.document;
    const m = await import('mermaid');
    return (m.default ?? m) as unknown as Mermaid;
  })();
  return mermaidP;
}

/** Parses a Mermaid diagram with Mermaid's parser; throws its error when the text does not parse. */
export async function mermaidParse(text: string): Promise<void> {
  await (await mermaid()).parse(text);
}

/** Renders DOT to SVG with Graphviz; throws Graphviz's errors when it fails. */
export async function dotToSvg(dot: string): Promise<string> {
  vizP ??= import('@viz-js/viz').then((v) => v.instance() as Promise<Viz>);
  const r = (await vizP).render(dot, { format: 'svg' });
  if (r.status !== 'success' || r.output === undefined) throw new Error(`graphviz: ${r.errors.map((e) => e.message).join('; ')}`);
  // a warning (an unknown attribute) is a failure too: the picture would not be what was written
  // (Graphviz has no font metrics for characters outside ASCII in its WebAssembly build: it warns and lays them out
  // as wide as a space, which only changes the layout)
  const errors = r.errors.filter((e) => !/^Warning: no value for width of non-ASCII character/.test(e.message));
  if (errors.length > 0) throw new Error(`graphviz: ${errors.map((e) => e.message).join('; ')}`);
  return r.output;
}
