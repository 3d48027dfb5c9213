import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { exampleSvg } from '../../scripts/docs-graph-lib';

const ROOT = path.resolve(__dirname, '..', '..');

describe('docs/example-bindings.svg', () => {
  it('GIVEN the committed dist/ WHEN drawn and rendered by Graphviz again THEN the committed picture is the same (not stale)', async () => {
    const svg = await exampleSvg(ROOT);
    expect(svg).toContain('binding passt');
    expect(fs.readFileSync(path.join(ROOT, 'docs', 'example-bindings.svg'), 'utf8'), 'docs/example-bindings.svg is stale; run npm run docs:graph').toBe(svg);
  });
});
