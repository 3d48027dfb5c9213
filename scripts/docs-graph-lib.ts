import * as path from 'path';
import { graphPaths } from '../src/cli';
import { renderDot } from '../src/graph';
import { KubeVirtVersion } from '../src/version';

/** The example app's picture as SVG: dist/ (KubeVirt 1.4, the example's release) through the DOT writer and Graphviz. */
export async function exampleSvg(root: string): Promise<string> {
  const { graph, run } = await graphPaths([path.join(root, 'dist')], { version: KubeVirtVersion.of('1.4'), cwd: root });
  if (run.problems.length > 0) throw new Error(`dist/ could not be read: ${run.problems.map((p) => p.message).join('; ')}`);
  const { instance } = await import('@viz-js/viz');
  const r = (await instance()).render(renderDot(graph), { format: 'svg' });
  if (r.status !== 'success') throw new Error(`graphviz: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.output;
}
