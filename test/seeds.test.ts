/**
 * Golden tests against KubeVirt's own documents in ../shared/seeds (not shipped with the repo: these tests skip
 * when the folder is absent, and run in CI, where it is always present).
 *
 * GIVEN the YAML and JSON of the two seed documents WHEN compared with the committed dist/ THEN every object the
 * documents describe is there, object by object, with the differences the documents themselves get wrong.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const SEEDS = path.resolve(__dirname, '..', '..', 'shared', 'seeds');
const DIST = path.resolve(__dirname, '..', 'dist');
const haveSeeds = fs.existsSync(SEEDS);

function seed(prefix: string): string {
  const file = fs.readdirSync(SEEDS).find((f) => f.startsWith(prefix))!;
  return fs.readFileSync(path.join(SEEDS, file), 'utf8');
}

/** The YAML blocks of a captured page: from a line `---` or `apiVersion:` at column 0 to the first prose line. */
function yamlBlocks(text: string): string[] {
  const blocks: string[] = [];
  let cur: string[] | undefined;
  for (const line of text.split('\n')) {
    const topLevelKey = /^(apiVersion|kind|metadata|spec):/.test(line);
    if (!cur && (line === '---' || line.startsWith('apiVersion:'))) cur = [];
    if (!cur) continue;
    if (line === '' || line === '---' || /^\s/.test(line) || topLevelKey) cur.push(line);
    else { blocks.push(cur.join('\n')); cur = undefined; }
  }
  if (cur) blocks.push(cur.join('\n'));
  return blocks;
}

/** The JSON values of the page's `kubectl patch ... -p='[...]'` commands, with the page's known JSON defects repaired. */
function patches(text: string): Array<{ op: string; path: string; value: unknown }[]> {
  const out = [];
  for (const m of text.matchAll(/-p='(\[[\s\S]*?\])'/g)) {
    let json = m[1];
    try {
      out.push(JSON.parse(json));
      continue;
    } catch { /* the page's JSON is broken: repair its two known defects and parse again */ }
    json = json.replace(/,(\s*[}\]])/g, '$1').replace(/"(\s*\n\s*)"/g, '",$1"');
    out.push(JSON.parse(json));
  }
  return out;
}

/**
 * Parses a block of the page. The page's NAD closes its single-quoted config with `}'` at the indentation of the
 * `config` key, which strict YAML parsers reject ("deficient indentation"); that one line is indented further.
 */
function loadBlock(block: string): Record<string, any> {
  try {
    return yaml.load(block) as Record<string, any>;
  } catch {
    return yaml.load(block.replace(/^  \}'$/m, "    }'")) as Record<string, any>;
  }
}

function pageObjects(text: string): Array<Record<string, any>> {
  return yamlBlocks(text).map(loadBlock);
}

function distObjects(): Array<Record<string, any>> {
  return fs.readdirSync(DIST).filter((f) => f.endsWith('.k8s.yaml')).sort().flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(DIST, f), 'utf8')) as Array<Record<string, any>>);
}

function find(kind: string, name: string) {
  const obj = distObjects().find((o) => o.kind === kind && o.metadata?.name === name);
  expect(obj, `${kind} ${name} in dist/`).toBeDefined();
  return obj!;
}

/** Lines with indentation and list dashes removed: what is left of YAML whose indentation was lost. */
function flatLines(text: string): string[] {
  return text.split('\n').map((l) => l.trim().replace(/^- /, '')).filter((l) => l !== '' && l !== '---').sort();
}

describe.skipIf(!haveSeeds)('seed 001: the network binding plugin framework page (passt)', () => {
  const text = haveSeeds ? seed('001') : '';

  it('GIVEN the page\'s VM WHEN compared with dist THEN the VirtualMachine matches field for field', () => {
    const pageVm = pageObjects(text).find((o) => o?.kind === 'VirtualMachine')!;
    const ours = find('VirtualMachine', 'vm-net-binding-passt');
    // the page applies to the current namespace; ours is explicit for GitOps
    expect(ours.metadata.namespace).toBe('default');
    const { namespace: _ns, ...oursMeta } = ours.metadata;
    expect({ ...ours, metadata: oursMeta }).toEqual(pageVm);
  });

  it('GIVEN the page\'s NAD WHEN compared with dist THEN it matches, with the CNI type KubeVirt ships', () => {
    const pageNad = pageObjects(text).find((o) => o?.kind === 'NetworkAttachmentDefinition')!;
    const ours = find('NetworkAttachmentDefinition', 'netbindingpasst');
    expect(ours.apiVersion).toBe(pageNad.apiVersion);
    expect(ours.metadata).toEqual({ ...pageNad.metadata, namespace: 'default' });
    const pageConfig = JSON.parse(pageNad.spec.config);
    const ourConfig = JSON.parse(ours.spec.config);
    // The page says cni-passt-binding-plugin; KubeVirt's passt page, binary and e2e tests say kubevirt-passt-binding.
    expect(pageConfig.plugins[0].type).toBe('cni-passt-binding-plugin');
    expect(ourConfig.plugins[0].type).toBe('kubevirt-passt-binding');
    expect({ ...ourConfig, plugins: [{ type: 'cni-passt-binding-plugin' }] }).toEqual(pageConfig);
  });

  it('GIVEN the page\'s registration patches WHEN repaired and compared THEN the passt registration equals the fullest one', () => {
    const values = patches(text).flat().filter((p) => p.path === '/spec/configuration/network');
    expect(values.length).toBe(2);
    const fullest = (values[1].value as any).binding.passt;
    expect(fullest.computeResourceOverhead.requests.memory).toBe('500Mi');
    const kv = find('KubeVirt', 'kubevirt');
    expect(kv.spec.configuration.network.binding.passt).toEqual(fullest);
  });

  it('GIVEN the page\'s gate patch WHEN compared THEN the gate is listed in the KubeVirt CR', () => {
    const gate = patches(text).flat().find((p) => p.path.endsWith('/featureGates/-'))!;
    expect(find('KubeVirt', 'kubevirt').spec.configuration.developerConfiguration.featureGates).toContain(gate.value);
  });
});

describe.skipIf(!haveSeeds)('seed 000: the slirp binding plugin page', () => {
  const text = haveSeeds ? seed('000') : '';

  it('GIVEN the page\'s flattened VM WHEN compared line by line with dist THEN only the documented name slip differs', () => {
    const start = text.indexOf('\n---\n');
    const pageLines = flatLines(text.slice(start));
    const ours = find('VirtualMachine', 'vm-net-binding-slirp');
    const { namespace: _ns, ...meta } = ours.metadata;
    const ourLines = flatLines(yaml.dump({ ...ours, metadata: meta }));
    // The page names the VM vm-net-binding-passt (copied from the passt page); ours carries its labels' name.
    const fixed = pageLines.map((l) => (l === 'name: vm-net-binding-passt' ? 'name: vm-net-binding-slirp' : l)).sort();
    expect(ourLines).toEqual(fixed);
  });

  it('GIVEN the passt page\'s VM with the slirp names WHEN compared THEN it equals the slirp VM in dist', () => {
    const passtVm = pageObjects(seed('001')).find((o) => o?.kind === 'VirtualMachine')!;
    const expected = JSON.parse(JSON.stringify(passtVm)
      .replace(/vm-net-binding-passt/g, 'vm-net-binding-slirp')
      .replace(/passtnet/g, 'slirpnet')
      .replace(/"name":"passt"/g, '"name":"slirp"'));
    const ours = find('VirtualMachine', 'vm-net-binding-slirp');
    const { namespace: _ns, ...meta } = ours.metadata;
    expect({ ...ours, metadata: meta }).toEqual(expected);
  });

  it('GIVEN the page\'s registration patch WHEN compared THEN the slirp registration equals it', () => {
    const reg = patches(text).flat().find((p) => p.path === '/spec/configuration/network')!;
    expect(find('KubeVirt', 'kubevirt').spec.configuration.network.binding.slirp).toEqual((reg.value as any).binding.slirp);
  });
});
