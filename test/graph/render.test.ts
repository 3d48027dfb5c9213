import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graph, renderDot, renderMarkdown, renderMermaid } from '../../src/graph';
import { dotString } from '../../src/graph/dot';
import { mdText } from '../../src/graph/markdown';
import { mermaidText } from '../../src/graph/mermaid';
import { idPart } from '../../src/graph/scene';
import type { Manifest } from '../../src/rules/types';
import { exampleManifests, kubevirtCr, nad, vm } from './fixtures';
import { dotToSvg, mermaidParse } from './parsers';

describe('diagram text escaping', () => {
  it('GIVEN quotes, #, <, backticks and newlines WHEN written as a Mermaid label THEN each is an entity code', () => {
    expect(mermaidText('a"b#c<d>`e\nf;%g')).toBe('a#34;b#35;c#60;d#62;#96;e f#59;#37;g');
    expect(mermaidText('quay.io/x:v1 (a, b)')).toBe('quay.io/x:v1 (a, b)');
  });

  it('GIVEN quotes, backslashes and newlines WHEN written as a DOT string THEN they are escaped and joined', () => {
    expect(dotString('a"b\\n\nc')).toBe('"a\\"b\\\\n c"');
  });

  it('GIVEN Markdown and HTML syntax WHEN written as table text THEN it is inert', () => {
    expect(mdText('a|b <script> *x* `y` & [l](u)\nz')).toBe('a\\|b \\<script\\> \\*x\\* \\`y\\` &amp; \\[l\\](u) z');
  });

  it('GIVEN two different names WHEN made id parts THEN the parts differ, and hold only [a-zA-Z0-9]', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
      expect(idPart(a)).toMatch(/^[a-zA-Z0-9]+$/);
      if (a !== b) expect(idPart(a)).not.toBe(idPart(b));
    }));
  });

  it('GIVEN a real Mermaid parser WHEN given a label with a bare quote THEN it fails (so the checks below can fail)', async () => {
    await expect(mermaidParse('flowchart LR\n  a["x"y"] --> b')).rejects.toThrow(/Parse error/);
    await expect(dotToSvg('digraph { "a -> b }')).rejects.toThrow(/syntax error/);
  });
});

describe('diagrams through the real parsers', () => {
  it('GIVEN the example app WHEN drawn THEN Mermaid parses the flowchart and Graphviz renders the DOT', async () => {
    const g = graph(exampleManifests(), { version: '1.4' });
    await mermaidParse(renderMermaid(g));
    const svg = await dotToSvg(renderDot(g));
    expect(svg).toContain('<svg');
    expect(svg).toContain('binding passt');
  });

  it('GIVEN VMs with findings, unregistered bindings, absent NADs and no configuration WHEN drawn THEN both parsers accept it', async () => {
    const g = graph([
      vm('default', 'a', [['n', 'passt', 'pod'], ['m', 'macvtap', 'other/absent'], ['c', 'masquerade', 'pod']]),
      nad('default', 'x', 'bridge'),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } },
    ]);
    const mermaid = renderMermaid(g);
    expect(mermaid).toContain('missing: no KubeVirt or HyperConverged CR');
    expect(mermaid).toMatch(/class [^\n]*vm_[^\n]* error/);
    await mermaidParse(mermaid);
    await dotToSvg(renderDot(g));
  });

  // names as a user or a broken file may write them: any text, with quotes, brackets, keywords and newlines
  const nameArb = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.constantFrom('end', 'subgraph', 'graph', 'class', 'style', 'click', '%%', '"', '`', '```', '#quot;', '<br/>', '\\n', '-->', '|', 'a;b', 'o', 'x'),
    fc.string({ unit: fc.constantFrom('a', '-', '.', '"', '#', '<', '>', '\n', '`', '\\', '|', ';', '%', '[', ']', '{', '}', '(', ')', ':', '&', ' '), maxLength: 10 }),
  );
  const manifestsArb = fc.record({
    bindings: fc.uniqueArray(nameArb, { maxLength: 3 }),
    image: nameArb,
    ns: fc.uniqueArray(nameArb, { minLength: 1, maxLength: 2 }),
    // one VM per name: two VMs of one name are an error whose text depends on their order
    vms: fc.uniqueArray(fc.tuple(nameArb, nameArb, nameArb, fc.nat(3)), { maxLength: 4, selector: ([name]) => name }),
  }).map(({ bindings, image, ns, vms }) => {
    const out: Manifest[] = [kubevirtCr(Object.fromEntries(bindings.map((b) => [b, { sidecarImage: image, networkAttachmentDefinition: `${ns[0]}/${b}` }])))];
    for (const n of ns) out.push(nad(n, image, image));
    vms.forEach(([name, iface, binding, k]) => out.push(vm(ns[0], name, [[iface, binding, k % 2 ? 'pod' : `${ns[k % ns.length]}/${image}`]])));
    return out;
  });

  it('GIVEN random names everywhere WHEN drawn THEN Mermaid’s parser accepts the flowchart', async () => {
    await fc.assert(fc.asyncProperty(manifestsArb, fc.integer({ min: 1, max: 3 }), async (manifests, limit) => {
      await mermaidParse(renderMermaid(graph(manifests), { groupLimit: limit }));
    }), { numRuns: 60 });
  });

  it('GIVEN random names everywhere WHEN drawn THEN Graphviz renders the DOT without an error or warning', async () => {
    await fc.assert(fc.asyncProperty(manifestsArb, async (manifests) => {
      await dotToSvg(renderDot(graph(manifests), { groupLimit: 1 }));
    }), { numRuns: 60 });
  });

  it('GIVEN the same manifests in another order WHEN drawn THEN every output is the same, byte for byte', () => {
    fc.assert(fc.property(manifestsArb, fc.infiniteStream(fc.nat()), (manifests, seeds) => {
      const it = seeds[Symbol.iterator]();
      const shuffled = manifests.map((m) => [it.next().value as number, m] as const).sort((a, b) => a[0] - b[0]).map(([, m]) => m);
      // the configuration first either way: two CRs are not at stake here
      const a = graph(manifests);
      const b = graph([manifests[0], ...shuffled.filter((m) => m !== manifests[0])]);
      expect(renderMermaid(b)).toBe(renderMermaid(a));
      expect(renderDot(b)).toBe(renderDot(a));
      expect(renderMarkdown(b)).toBe(renderMarkdown(a));
    }), { numRuns: 100 });
  });

  it('GIVEN a random name WHEN written in the Markdown THEN no line starts a new fence or leaves the table', () => {
    fc.assert(fc.property(manifestsArb, (manifests) => {
      const md = renderMarkdown(graph(manifests));
      const fences = md.split('\n').filter((l) => l.startsWith('```'));
      expect(fences).toEqual(['```mermaid', '```']);
      for (const row of md.split('\n').filter((l) => l.startsWith('| '))) {
        const header = md.split('\n').find((l) => l.startsWith('| ') && l.split(/(?<!\\)\|/).length === row.split(/(?<!\\)\|/).length);
        expect(header, row).toBeDefined();
      }
    }), { numRuns: 100 });
  });
});

describe('duplicates', () => {
  it('GIVEN two VMs of one namespace and name WHEN drawn THEN they are two nodes, and Mermaid parses it', async () => {
    const mermaid = renderMermaid(graph([vm('ns', 'a', [['n', 'masquerade', 'pod']]), vm('ns', 'a', [['m', 'bridge', 'pod']])]));
    expect(mermaid).toContain('vm_noX20XclusterX20Xconfiguration_ns_a(');
    expect(mermaid).toContain('vm_noX20XclusterX20Xconfiguration_ns_a_2(');
    await mermaidParse(mermaid);
  });
});

describe('large trees', () => {
  it('GIVEN 120 VMs in one namespace on one binding WHEN drawn with the default limit THEN one node counts them', () => {
    const vms = Array.from({ length: 120 }, (_, i) => vm('ns', `vm-${String(i).padStart(3, '0')}`, [['n', 'passt', 'pod']]));
    const mermaid = renderMermaid(graph([kubevirtCr({ passt: { sidecarImage: 'quay.io/x/y@sha256:abc' } }), ...vms], { version: '1.4' }));
    expect(mermaid).toContain('grp_kubevirtX2fXkubevirt_ns_vmY000[["120 VMs via passt<br/>vm-000 ... vm-119"]]');
    expect(mermaid.split('\n').filter((l) => l.includes('-->'))).toEqual(['  grp_kubevirtX2fXkubevirt_ns_vmY000 -->|"n, pod network"| reg_kubevirtX2fXkubevirt_passt']);
  });
});
