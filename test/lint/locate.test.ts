import fc from 'fast-check';
import { dump, loadAll } from 'js-yaml';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadText } from '../../src/lint/load';
import { DocumentLocator, joinPaths, locateLine, Locator, parsePath, PathSegment } from '../../src/lint/locate';
import { join } from '../../src/rules/util';

const VM = [
  'apiVersion: kubevirt.io/v1', // 1
  'kind: VirtualMachine', // 2
  'metadata:', // 3
  '  name: vm1', // 4
  '  annotations:', // 5
  '    "example.com/a.b": "x"', // 6
  "    'k8s.v1.cni.cncf.io/networks': '[]'", // 7
  'spec:', // 8
  '  template:', // 9
  '    spec:', // 10
  '      domain:', // 11
  '        devices:', // 12
  '          interfaces:', // 13
  '            - name: default', // 14
  '              masquerade: {}', // 15
  '            -', // 16
  '              name: second', // 17
  '              binding:', // 18
  '                name: mybind', // 19
  '      networks: [{name: default, pod: {}},', // 20
  '                 {name: second, multus: {networkName: nad}}]', // 21
  '',
].join('\n');

describe('parsePath', () => {
  it('reads what join() writes: dots, list indexes and quoted keys', () => {
    // GIVEN paths built by the rules' join()
    const p = join('spec.template.spec', 'domain', 'devices', 'interfaces', 1, 'binding', 'name');
    const q = join('metadata', 'annotations', 'k8s.v1.cni.cncf.io/networks');
    const r = join('', 'a"b]c', 0);
    // WHEN they are parsed THEN the segments come back
    expect(parsePath(p)).toEqual(['spec', 'template', 'spec', 'domain', 'devices', 'interfaces', 1, 'binding', 'name']);
    expect(parsePath(q)).toEqual(['metadata', 'annotations', 'k8s.v1.cni.cncf.io/networks']);
    expect(parsePath(r)).toEqual(['a"b]c', 0]);
    expect(parsePath('')).toEqual([]);
    expect(parsePath('items[3].spec')).toEqual(['items', 3, 'spec']);
  });

  it('joins a List item prefix and a path', () => {
    expect(joinPaths('items[2]', 'spec.a')).toBe('items[2].spec.a');
    expect(joinPaths('items[2]', '')).toBe('items[2]');
    expect(joinPaths('', 'spec')).toBe('spec');
  });
});

describe('locateLine', () => {
  it('finds keys through list indexes', () => {
    // GIVEN a VM WHEN a path through interfaces[1] is located THEN the key's line is returned
    expect(locateLine(VM, 'spec.template.spec.domain.devices.interfaces[1].binding.name')).toBe(19);
    expect(locateLine(VM, 'spec.template.spec.domain.devices.interfaces[1].binding')).toBe(18);
    expect(locateLine(VM, 'spec.template.spec.domain.devices.interfaces[0]')).toBe(14);
    expect(locateLine(VM, 'spec.template.spec.domain.devices.interfaces[1]')).toBe(17);
  });

  it('finds quoted keys that are not identifiers', () => {
    expect(locateLine(VM, join('metadata', 'annotations', 'example.com/a.b'))).toBe(6);
    expect(locateLine(VM, join('metadata', 'annotations', 'k8s.v1.cni.cncf.io/networks'))).toBe(7);
  });

  it('finds nodes inside flow collections', () => {
    expect(locateLine(VM, 'spec.template.spec.networks[1].multus.networkName')).toBe(21);
    expect(locateLine(VM, 'spec.template.spec.networks[0].pod')).toBe(20);
  });

  it('falls back to the deepest existing node, then to the document start', () => {
    // GIVEN paths that leave the document WHEN located THEN the last field that exists gives the line
    expect(locateLine(VM, 'spec.template.spec.domain.devices.interfaces[1].binding.missing.deeper')).toBe(18);
    expect(locateLine(VM, 'spec.template.spec.domain.devices.interfaces[7].name')).toBe(13);
    expect(locateLine(VM, 'spec.template.spec.domain.devices.interfaces.name')).toBe(13);
    expect(locateLine('\n\nkind: X\n', 'nothing.here', 40)).toBe(42);
    expect(locateLine('a: [', 'a', 10)).toBe(10);
  });

  it('adds the base line of the document in its file', () => {
    expect(locateLine(VM, 'spec', 100)).toBe(107);
  });

  it('stops at an alias', () => {
    const text = 'base: &b\n  x: 1\nuse: *b\n';
    expect(locateLine(text, 'use.x')).toBe(3);
  });

  it('caches one parse per document', () => {
    const loc = new DocumentLocator(VM);
    expect(loc.lineOf('kind')).toBe(2);
    expect(loc.lineOf('spec.template')).toBe(9);
  });
});

describe('Locator over loaded documents', () => {
  it('locates paths in the right document of a stream', () => {
    // GIVEN a two-document stream, the second being the VM
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n${VM}`;
    const load = loadText(text, 's.yaml');
    const vm = load.objects[1];
    // WHEN a path of the VM is located THEN the line counts from the top of the file
    const locator = new Locator();
    expect(locator.lineOf(vm.doc, vm.prefix, 'spec.template.spec.domain.devices.interfaces[1].binding.name')).toBe(19 + 4);
    expect(locator.lineOf(vm.doc, vm.prefix, '')).toBe(5);
    expect(locator.lineOf(load.objects[0].doc, '', 'metadata.name')).toBe(3);
  });

  it('locates paths inside List items through the item prefix', () => {
    // GIVEN a List holding a ConfigMap and the VM
    const indented = VM.split('\n').map((l) => (l ? `    ${l}` : l)).join('\n').replace(/^ {4}/, '  - ');
    const text = `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: c}\n${indented}`;
    const load = loadText(text, 'l.yaml');
    expect(load.problem).toBeUndefined();
    const [cm, vm] = load.objects;
    // WHEN paths of each item are located THEN each resolves inside its own item
    const locator = new Locator();
    expect(locator.lineOf(cm.doc, cm.prefix, 'metadata.name')).toBe(6);
    expect(locator.lineOf(vm.doc, vm.prefix, '')).toBe(7);
    expect(locator.lineOf(vm.doc, vm.prefix, 'spec.template.spec.domain.devices.interfaces[1].binding.name')).toBe(6 + 19);
  });

  it('GIVEN more documents than it keeps WHEN asked about the first one again THEN it reads it again and answers the same', () => {
    const text = Array.from({ length: 40 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: v\n`).join('---\n');
    const load = loadText(text, 's.yaml');
    const locator = new Locator();
    const lines = load.objects.map((o) => locator.lineOf(o.doc, o.prefix, 'data.k'));
    expect(lines).toEqual(Array.from({ length: 40 }, (_, i) => 7 * i + 6));
    expect([...load.objects].reverse().map((o) => locator.lineOf(o.doc, o.prefix, 'metadata.name'))).toEqual(Array.from({ length: 40 }, (_, i) => 7 * (39 - i) + 4));
  });

  it('locates paths in JSON documents', () => {
    const text = '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n    {"apiVersion": "v1", "kind": "Pod",\n     "metadata": {"name": "p"}}\n  ]\n}\n';
    const load = loadText(text, 'l.json', true);
    const [pod] = load.objects;
    expect(new Locator().lineOf(pod.doc, pod.prefix, 'metadata.name')).toBe(6);
  });
});

describe('line scanner and event parser agree', () => {
  it('follows the usual block YAML without the event parser', () => {
    // GIVEN the VM above (block style, compact and indented lists, quoted keys)
    const loc = new DocumentLocator(VM);
    // WHEN paths through block nodes are scanned THEN the scanner answers, and as the parser does
    for (const p of [
      'spec.template.spec.domain.devices.interfaces[1].binding.name',
      'spec.template.spec.domain.devices.interfaces[0].masquerade',
      'spec.template.spec.domain.devices.interfaces[1]',
      join('metadata', 'annotations', 'k8s.v1.cni.cncf.io/networks'),
      'spec.template.spec.networks',
      'spec.nothing.here',
    ]) {
      const segs = parsePath(p);
      expect(loc.scanLineOf(segs), p).toBeDefined();
      expect(loc.scanLineOf(segs), p).toBe(loc.eventLineOf(segs));
    }
    // and hands flow collections it would have to enter to the parser
    expect(loc.scanLineOf(parsePath('spec.template.spec.networks[1].multus'))).toBeUndefined();
  });

  it('gives the same line as the event parser for every path of generated documents, in every style, in any order of questions', () => {
    // GIVEN random manifests-like values, with awkward keys and multi-line strings
    const key = fc.constantFrom('a', 'name', 'spec', 'items', 'x.y', 'k8s.v1.cni.cncf.io/networks', 'with space', '-dash', 'it\'s', '"q"', '#h', 'a: b', 'a:b', 'a #b', '1', 'true', 'null', 'é', 'k\\e', '<<', '? q', '- x');
    const scalar = fc.oneof(
      fc.constantFrom('', 'x', 'a: b', '- x', '# c', 'multi\nline\n', 'trailing\n\n', '  lead', '|', '*a', '&a', '{x}', '[1]', 'yes', '0x1F', 'é ü', 'tab\there', '---', '...', 'a\n---\nb'),
      fc.integer(), fc.boolean(), fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 3 }),
      map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    })).map;
    const styles: Array<(v: unknown) => string> = [
      (v) => dump(v),
      (v) => dump(v, { seqNoIndent: true }),
      (v) => dump(v, { indent: 4, flowLevel: 3 }),
      (v) => dump(v, { forceQuotes: true, quoteStyle: 'double' }),
      (v) => stringify(v),
      (v) => stringify(v, { indentSeq: false }),
      (v) => stringify(v, { collectionStyle: 'block', defaultStringType: 'QUOTE_SINGLE' }),
      (v) => `# leading comment\n\n${dump(v).replace(/\n/g, '\n\n')}`,
      (v) => `${dump(v).replace(/\n/g, '\r\n')}`,
      (v) => `${dump(v)}---\nnext: doc\n`,
      (v) => dump(v, { seqNoIndent: true }).replace(/(^|[-:]) null$/gm, '$1'), // empty values and items
    ];
    const paths = (v: unknown, prefix: PathSegment[] = [], out: PathSegment[][] = []): PathSegment[][] => {
      out.push(prefix);
      if (Array.isArray(v)) {
        v.forEach((x, i) => paths(x, [...prefix, i], out));
        out.push([...prefix, v.length], [...prefix, 'k']);
      } else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
        out.push([...prefix, 'absent'], [...prefix, 0]);
      }
      return out;
    };
    let scanned = 0;
    let total = 0;
    fc.assert(fc.property(value, fc.nat(styles.length - 1), (v, style) => {
      let text: string;
      try {
        text = styles[style](v);
        loadAll(text); // the locator only ever sees text the loader accepted
      } catch {
        return;
      }
      const loc = new DocumentLocator(text, 1);
      const all = paths(v);
      const answers = all.map((segs) => [loc.scanLineOf(segs), loc.eventLineOf(segs)]);
      for (const [k, segs] of all.entries()) {
        const scan = answers[k][0];
        total++;
        // a locator that has answered other paths first (back to front here) answers as a fresh one does
        const fresh = new DocumentLocator(text, 1);
        expect([fresh.scanLineOf(segs), fresh.eventLineOf(segs)], `${JSON.stringify(segs)} in\n${text}`).toEqual(answers[k]);
        if (scan === undefined) continue;
        scanned++;
        // WHEN both locate the path THEN they agree
        expect(scan, `${JSON.stringify(segs)} in\n${text}`).toBe(answers[k][1]);
      }
      const reversed = new DocumentLocator(text, 1);
      for (let k = all.length - 1; k >= 0; k--) {
        expect([reversed.scanLineOf(all[k]), reversed.eventLineOf(all[k])], `${JSON.stringify(all[k])} in\n${text}`).toEqual(answers[k]);
      }
    }), { numRuns: 600 });
    // and the scanner answers most of the time (it is the fast path)
    expect(scanned / total).toBeGreaterThan(0.5);
  });
});
