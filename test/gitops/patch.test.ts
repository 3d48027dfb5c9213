/**
 * The patch of a cluster CR owned elsewhere, applied with a real JSON-patch library (fast-json-patch, which honours
 * `test` ops as kustomize's evanphx/json-patch does) to the three base shapes, to real CRs from public repositories
 * (../shared/wild, relative to the repo root: not shipped with the repo, so those tests skip when it is absent), to
 * bases changed since synth, and to random bases.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { applyPatch, deepClone, Operation } from 'fast-json-patch';
import * as yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import {
  applyOps, checkBaseKustomization, JsonPatchOp, overlayFiles, PatchKind, patchOps, readBase, WantedConfiguration,
} from '../../src/gitops/patch';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const WILD = path.resolve(REPO_ROOT, '..', 'shared', 'wild');
const haveWild = fs.existsSync(WILD);
/** kubectl's built-in kustomize (evanphx/json-patch inside), when kubectl is on the PATH; those tests skip otherwise. */
const haveKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

/**
 * Writes `baseText` to base/cr.yaml with a kustomization listing it, and the overlay for `wanted` (made from
 * `synthText`, the base as read at synth) to overlay/; runs `kubectl kustomize overlay`.
 */
function kustomize(synthText: string, baseText: string, wanted: WantedConfiguration, kind: PatchKind): { status: number | null; out: Json | undefined; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-kustomize-'));
  try {
    fs.mkdirSync(path.join(dir, 'base'));
    fs.mkdirSync(path.join(dir, 'overlay'));
    fs.writeFileSync(path.join(dir, 'base', 'cr.yaml'), baseText);
    fs.writeFileSync(path.join(dir, 'base', 'kustomization.yaml'), 'resources:\n  - cr.yaml\n');
    const overlay = overlayFiles(yaml.load(synthText), '../base', wanted, kind);
    expect(overlay.problems).toEqual([]);
    for (const [name, docs] of overlay.files) fs.writeFileSync(path.join(dir, 'overlay', name), yaml.dump(docs[0]));
    const r = spawnSync('kubectl', ['kustomize', path.join(dir, 'overlay')], { encoding: 'utf8' });
    return { status: r.status, out: r.status === 0 ? yaml.load(r.stdout) as Json : undefined, stderr: r.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

type Json = Record<string, any>;

/** Applies ops with fast-json-patch to a copy of `doc`; throws as kustomize would refuse. */
function apply(doc: unknown, ops: readonly JsonPatchOp[]): Json {
  return applyPatch(deepClone(doc), ops as Operation[], true, false).newDocument as Json;
}

const SLIRP = { sidecarImage: 'quay.io/kubevirt/network-slirp-binding:v1.1.0' };
const PASST = { sidecarImage: 'quay.io/kubevirt/network-passt-binding:v1.6.0', networkAttachmentDefinition: 'default/netbindingpasst', migration: {} };
const NBP = 'NetworkBindingPlugins';

const kubevirt = (spec: unknown): Json => ({ apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'kubevirt', namespace: 'kubevirt' }, spec });

// the three shapes of base the overlay must handle
const NO_CONFIGURATION = kubevirt({ certificateRotateStrategy: {}, imagePullPolicy: 'IfNotPresent' });
const OTHERS = kubevirt({
  configuration: {
    developerConfiguration: { featureGates: ['LiveMigration', 'Snapshot'] },
    network: { defaultNetworkInterface: 'masquerade', binding: { passt: PASST } },
    smbios: { sku: 'TalosCloud' },
  },
  imagePullPolicy: 'IfNotPresent',
});
const SAME = kubevirt({
  configuration: {
    developerConfiguration: { featureGates: [NBP] },
    network: { binding: { slirp: { ...SLIRP } } },
  },
});

const WANTED: WantedConfiguration = { registrations: { slirp: SLIRP }, featureGates: [NBP] };

describe('patchOps on the three base shapes', () => {
  it('creates configuration on a CR with none, guarded by a test of the whole spec', () => {
    // GIVEN a KubeVirt CR without configuration WHEN patched THEN the ops are exactly a test of spec and one add
    const { ops, problems } = patchOps(NO_CONFIGURATION, WANTED, 'kubevirt');
    expect(problems).toEqual([]);
    expect(ops).toEqual([
      { op: 'test', path: '/spec', value: { certificateRotateStrategy: {}, imagePullPolicy: 'IfNotPresent' } },
      {
        op: 'add',
        path: '/spec/configuration',
        value: { developerConfiguration: { featureGates: [NBP] }, network: { binding: { slirp: SLIRP } } },
      },
    ]);
    // THEN fast-json-patch applies them and gives base plus the registration and the gate
    expect(apply(NO_CONFIGURATION, ops)).toEqual(kubevirt({
      certificateRotateStrategy: {},
      configuration: { developerConfiguration: { featureGates: [NBP] }, network: { binding: { slirp: SLIRP } } },
      imagePullPolicy: 'IfNotPresent',
    }));
  });

  it('keeps other bindings, gates and network settings', () => {
    // GIVEN a CR with another binding, other gates and a network setting WHEN patched and applied
    const { ops } = patchOps(OTHERS, WANTED, 'kubevirt');
    expect(ops).toEqual([
      { op: 'test', path: '/spec/configuration/developerConfiguration/featureGates', value: ['LiveMigration', 'Snapshot'] },
      { op: 'add', path: '/spec/configuration/developerConfiguration/featureGates/-', value: NBP },
      { op: 'test', path: '/spec/configuration/network/binding', value: { passt: PASST } },
      { op: 'add', path: '/spec/configuration/network/binding/slirp', value: SLIRP },
    ]);
    // THEN everything the base had is there, with the gate appended and the binding added
    expect(apply(OTHERS, ops)).toEqual(kubevirt({
      configuration: {
        developerConfiguration: { featureGates: ['LiveMigration', 'Snapshot', NBP] },
        network: { defaultNetworkInterface: 'masquerade', binding: { passt: PASST, slirp: SLIRP } },
        smbios: { sku: 'TalosCloud' },
      },
      imagePullPolicy: 'IfNotPresent',
    }));
  });

  it('only tests a base that already has the binding and the gate exactly as wanted', () => {
    // GIVEN the same binding and gate in the base WHEN patched THEN the patch changes nothing and guards both
    const { ops } = patchOps(SAME, WANTED, 'kubevirt');
    expect(ops).toEqual([
      { op: 'test', path: '/spec/configuration/developerConfiguration/featureGates', value: [NBP] },
      { op: 'test', path: '/spec/configuration/network/binding/slirp', value: SLIRP },
    ]);
    expect(apply(SAME, ops)).toEqual(SAME);
  });

  it('replaces a registration of the same name with other values, after testing the old one', () => {
    // GIVEN a base whose slirp registration has another image WHEN patched THEN it is tested and replaced
    const base = kubevirt({ configuration: { network: { binding: { slirp: { sidecarImage: 'old/slirp:1' } } } } });
    const { ops } = patchOps(base, { registrations: { slirp: SLIRP } }, 'kubevirt');
    expect(ops).toEqual([
      { op: 'test', path: '/spec/configuration/network/binding/slirp', value: { sidecarImage: 'old/slirp:1' } },
      { op: 'replace', path: '/spec/configuration/network/binding/slirp', value: SLIRP },
    ]);
    expect(apply(base, ops).spec.configuration.network.binding.slirp).toEqual(SLIRP);
  });

  it('fills a null member after testing it is still null', () => {
    // GIVEN `configuration:` left empty in YAML (null) WHEN patched THEN the null is tested and replaced
    const base = kubevirt({ configuration: null });
    const { ops } = patchOps(base, { registrations: { slirp: SLIRP } }, 'kubevirt');
    expect(ops).toEqual([
      { op: 'test', path: '/spec', value: { configuration: null } },
      { op: 'replace', path: '/spec/configuration', value: { network: { binding: { slirp: SLIRP } } } },
    ]);
    expect(apply(base, ops).spec).toEqual({ configuration: { network: { binding: { slirp: SLIRP } } } });
  });

  it('adds disabledFeatureGates next to featureGates', () => {
    // GIVEN gates to enable and to disable and a base with developerConfiguration holding neither list
    const base = kubevirt({ configuration: { developerConfiguration: { logVerbosity: { virtLauncher: 2 } } } });
    const { ops } = patchOps(base, { registrations: {}, featureGates: ['PasstBinding'], disabledFeatureGates: ['Root'] }, 'kubevirt');
    // THEN developerConfiguration is tested whole and both lists are added
    expect(ops).toEqual([
      { op: 'test', path: '/spec/configuration/developerConfiguration', value: { logVerbosity: { virtLauncher: 2 } } },
      { op: 'add', path: '/spec/configuration/developerConfiguration/disabledFeatureGates', value: ['Root'] },
      { op: 'add', path: '/spec/configuration/developerConfiguration/featureGates', value: ['PasstBinding'] },
    ]);
  });

  it('escapes binding names in pointers', () => {
    // GIVEN a name with / and ~ WHEN added THEN its pointer token is escaped (RFC 6901) and applies to that key
    const { ops } = patchOps(OTHERS, { registrations: { 'a/b~c': SLIRP } }, 'kubevirt');
    expect(ops[1]).toEqual({ op: 'add', path: '/spec/configuration/network/binding/a~1b~0c', value: SLIRP });
    expect(apply(OTHERS, ops).spec.configuration.network.binding['a/b~c']).toEqual(SLIRP);
  });

  it('is empty when nothing is wanted', () => {
    expect(patchOps(OTHERS, { registrations: {}, featureGates: [] }, 'kubevirt')).toEqual({ ops: [], problems: [] });
  });
});

describe('patchOps on HyperConverged CRs', () => {
  const hco = (apiVersion: string, spec: unknown): Json => ({
    apiVersion, kind: 'HyperConverged', metadata: { name: 'kubevirt-hyperconverged', namespace: 'kubevirt-hyperconverged' }, spec,
  });

  it('v1beta1: registrations at spec.networkBinding, keeping the other bindings', () => {
    // GIVEN a v1beta1 CR with a binding of its own WHEN patched THEN ours is added under the tested map
    const base = hco('hco.kubevirt.io/v1beta1', { networkBinding: { passt: PASST }, infra: {} });
    const { ops } = patchOps(base, { registrations: { slirp: SLIRP } }, 'hco-v1beta1');
    expect(ops).toEqual([
      { op: 'test', path: '/spec/networkBinding', value: { passt: PASST } },
      { op: 'add', path: '/spec/networkBinding/slirp', value: SLIRP },
    ]);
    expect(apply(base, ops).spec).toEqual({ networkBinding: { passt: PASST, slirp: SLIRP }, infra: {} });
  });

  it('v1: registrations at spec.networking.networkBinding, creating networking under a test of spec', () => {
    const base = hco('hco.kubevirt.io/v1', { deployment: { deployVmConsoleProxy: false } });
    const { ops } = patchOps(base, { registrations: { slirp: SLIRP } }, 'hco-v1');
    expect(ops).toEqual([
      { op: 'test', path: '/spec', value: { deployment: { deployVmConsoleProxy: false } } },
      { op: 'add', path: '/spec/networking', value: { networkBinding: { slirp: SLIRP } } },
    ]);
  });

  it('never touches metadata (no jsonpatch annotation) and ignores gates', () => {
    // GIVEN gates wanted under HCO (the construct refuses them earlier) WHEN patched THEN no op reaches metadata or gates
    const base = hco('hco.kubevirt.io/v1beta1', {});
    const { ops } = patchOps(base, { registrations: { slirp: SLIRP }, featureGates: [NBP] }, 'hco-v1beta1');
    expect(ops.every((o) => /^\/spec(\/|$)/.test(o.path))).toBe(true);
    expect(JSON.stringify(ops)).not.toMatch(/jsonpatch|featureGates/);
  });
});

describe('a base changed since synth makes the patch fail instead of clobbering it', () => {
  const { ops } = patchOps(OTHERS, WANTED, 'kubevirt');
  const changed = (f: (spec: Json) => void): Json => {
    const copy = deepClone(OTHERS) as Json;
    f(copy.spec);
    return copy;
  };

  it.each([
    ['the same binding added with other values', (s: Json) => { s.configuration.network.binding.slirp = { sidecarImage: 'theirs/slirp:2' }; }],
    ['another binding added', (s: Json) => { s.configuration.network.binding.other = { sidecarImage: 'x/y:1' }; }],
    ['the gate list changed', (s: Json) => { s.configuration.developerConfiguration.featureGates = ['LiveMigration']; }],
    ['the gate list removed', (s: Json) => { delete s.configuration.developerConfiguration.featureGates; }],
    ['configuration replaced', (s: Json) => { s.configuration = { network: { binding: {} } }; }],
    ['configuration removed', (s: Json) => { delete s.configuration; }],
  ])('%s', (_name, change) => {
    // GIVEN the ops made from the base at synth WHEN applied to a changed base THEN a test op refuses it
    expect(() => apply(changed(change), ops)).toThrow(/Test operation failed|Cannot perform the operation at a path that does not exist|OPERATION_PATH_UNRESOLVABLE/);
    // and the library's own applier (what the rules judged) refuses it too
    expect(() => applyOps(changed(change), ops)).toThrow(/^(test|add|replace) \//);
  });

  it('an unrelated change still applies', () => {
    // GIVEN a change the ops do not rely on WHEN applied THEN the patch applies and keeps the change
    const base = changed((s) => { s.imagePullPolicy = 'Always'; s.configuration.smbios.sku = 'Other'; });
    const out = apply(base, ops);
    expect(out.spec.imagePullPolicy).toBe('Always');
    expect(out.spec.configuration.smbios.sku).toBe('Other');
    expect(out.spec.configuration.network.binding.slirp).toEqual(SLIRP);
  });

  it('a CR with no configuration refuses a base that gained one', () => {
    const ops2 = patchOps(NO_CONFIGURATION, WANTED, 'kubevirt').ops;
    const gained = deepClone(NO_CONFIGURATION) as Json;
    gained.spec.configuration = { network: { defaultNetworkInterface: 'bridge' } };
    expect(() => apply(gained, ops2)).toThrow(/Test operation failed/);
  });
});

describe('problems with the base', () => {
  it('names a field of the wrong type', () => {
    // GIVEN fields that are not objects or lists where the patch goes
    expect(patchOps(kubevirt({ configuration: 'x' }), WANTED, 'kubevirt').problems).toEqual([
      'spec.configuration: the base has the string "x", where the cr takes an object; make it an object (or remove it)',
    ]);
    expect(patchOps(kubevirt({ configuration: { developerConfiguration: { featureGates: 'NetworkBindingPlugins' } } }), WANTED, 'kubevirt').problems).toEqual([
      'spec.configuration.developerConfiguration.featureGates: the base has the string "NetworkBindingPlugins", where kubevirt takes a list of gate names; make it a list',
    ]);
    expect(patchOps({ apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'k' } }, WANTED, 'kubevirt').problems).toEqual([
      "spec: the cr's spec is missing; the patch adds to an existing spec, so give the base one (`spec: {}` at least)",
    ]);
  });

  it('refuses the wrong kind for the target, and says which target fits', () => {
    const o = overlayFiles(kubevirt({}), '../base', WANTED, 'hco-v1beta1');
    expect(o.files.size).toBe(0);
    expect(o.problems).toEqual([
      "the base is a kubevirt.io/v1 KubeVirt; ClusterTarget.hcoPatch({ apiVersion: 'v1beta1' }) patches a hco.kubevirt.io/v1beta1 HyperConverged; for a KubeVirt CR use ClusterTarget.kubevirtPatch()",
    ]);
    const v1 = { apiVersion: 'hco.kubevirt.io/v1', kind: 'HyperConverged', metadata: { name: 'kubevirt-hyperconverged' }, spec: {} };
    expect(overlayFiles(v1, '../base', WANTED, 'hco-v1beta1').problems[0]).toMatch(/for this cr use ClusterTarget\.hcoPatch\(\{ apiVersion: 'v1' \}\)$/);
  });
});

describe('readBase and the base folder', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-patch-'));
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
    return name;
  };

  it('reads one CR and gives its line', () => {
    write('ok/kubevirt-cr.yaml', '# the cluster\n---\napiVersion: kubevirt.io/v1\nkind: KubeVirt\nmetadata:\n  name: kubevirt\nspec: {}\n');
    const r = readBase('ok/kubevirt-cr.yaml', 'kubevirt', dir);
    expect(r.problems).toEqual([]);
    expect(r.manifest?.kind).toBe('KubeVirt');
    expect(r.line).toBe(3);
  });

  it('reports every kind of bad file with file:line', () => {
    write('bad/two.yaml', 'apiVersion: kubevirt.io/v1\nkind: KubeVirt\nmetadata: {name: k}\nspec: {}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: kubevirt}\n');
    write('bad/syntax.yaml', 'apiVersion: kubevirt.io/v1\nkind: KubeVirt\nmetadata:\n  name: k\n   bad: indent\n');
    write('bad/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n');
    write('bad/empty.yaml', '# nothing\n');
    expect(readBase('bad/missing.yaml', 'kubevirt', dir).problems).toEqual([
      "bad/missing.yaml: cannot read: no such file or directory; the base is the file that holds the cluster's KubeVirt cr",
    ]);
    expect(readBase('bad/two.yaml', 'kubevirt', dir).problems).toEqual([
      'bad/two.yaml: holds 2 objects (KubeVirt at line 1, Namespace at line 6); the base must hold the cr alone: move the others into files of their own, listed in the same kustomization.yaml',
    ]);
    expect(readBase('bad/syntax.yaml', 'kubevirt', dir).problems).toEqual([expect.stringMatching(/^bad\/syntax\.yaml:5: cannot parse: /)]);
    expect(readBase('bad/deploy.yaml', 'kubevirt', dir).problems).toEqual([
      "bad/deploy.yaml:1: the base is a apps/v1 Deployment; ClusterTarget.kubevirtPatch() patches a kubevirt.io/v1 KubeVirt; name the file that holds the cluster's cr",
    ]);
    expect(readBase('bad/empty.yaml', 'kubevirt', dir).problems).toEqual([
      "bad/empty.yaml: holds no object; the base is the file that holds the cluster's KubeVirt cr",
    ]);
  });

  it('needs a kustomization beside the base that lists it', () => {
    write('k1/kubevirt-cr.yaml', 'x');
    expect(checkBaseKustomization('k1/kubevirt-cr.yaml', path.join(dir, 'k1/kubevirt-cr.yaml'))).toEqual([
      "k1/kubevirt-cr.yaml: kustomize refuses files outside an overlay's folder, so the overlay refers to the base's folder, which needs a kustomization of its own; add a kustomization.yaml to k1/ that lists kubevirt-cr.yaml under resources",
    ]);
    write('k1/kustomization.yaml', 'resources:\n  - operator.yaml\n');
    expect(checkBaseKustomization('k1/kubevirt-cr.yaml', path.join(dir, 'k1/kubevirt-cr.yaml'))).toEqual([
      'k1/kustomization.yaml: does not list kubevirt-cr.yaml under resources, so the overlay would not patch it; add a kustomization.yaml to k1/ that lists kubevirt-cr.yaml under resources',
    ]);
    write('k1/kustomization.yaml', 'resources:\n  - operator.yaml\n  - ./kubevirt-cr.yaml\n');
    expect(checkBaseKustomization('k1/kubevirt-cr.yaml', path.join(dir, 'k1/kubevirt-cr.yaml'))).toEqual([]);
    write('k1/kustomization.yaml', 'resources: [\n');
    expect(checkBaseKustomization('k1/kubevirt-cr.yaml', path.join(dir, 'k1/kubevirt-cr.yaml'))[0]).toMatch(/^k1\/kustomization\.yaml:2: cannot parse: /);
  });
});

describe('overlayFiles', () => {
  it('writes a kustomization that lists the base folder and targets the CR', () => {
    // GIVEN the base with other settings WHEN the overlay is made THEN its kustomization and patch are exact
    const o = overlayFiles(OTHERS, '../../clusters/prod', WANTED, 'kubevirt');
    expect(o.problems).toEqual([]);
    expect([...o.files.keys()]).toEqual(['kustomization.yaml', 'kubevirt-patch.yaml']);
    expect(o.files.get('kustomization.yaml')).toEqual([{
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['../../clusters/prod'],
      patches: [{ path: 'kubevirt-patch.yaml', target: { group: 'kubevirt.io', version: 'v1', kind: 'KubeVirt', name: 'kubevirt', namespace: 'kubevirt' } }],
    }]);
    expect(o.files.get('kubevirt-patch.yaml')).toEqual([patchOps(OTHERS, WANTED, 'kubevirt').ops]);
  });

  it('leaves the namespace out of the target when the base has none, and patches out when nothing is wanted', () => {
    const base = { apiVersion: 'hco.kubevirt.io/v1', kind: 'HyperConverged', metadata: { name: 'kubevirt-hyperconverged' }, spec: {} };
    const o = overlayFiles(base, '../hco', { registrations: { slirp: SLIRP } }, 'hco-v1');
    expect((o.files.get('kustomization.yaml')![0] as Json).patches[0].target).toEqual({ group: 'hco.kubevirt.io', version: 'v1', kind: 'HyperConverged', name: 'kubevirt-hyperconverged' });
    expect([...o.files.keys()]).toEqual(['kustomization.yaml', 'hyperconverged-patch.yaml']);
    const none = overlayFiles(base, '../hco', { registrations: {} }, 'hco-v1');
    expect(none.files.get('kustomization.yaml')).toEqual([{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['../hco'] }]);
  });
});

/**
 * What base plus wanted must be, computed independently of the ops: the wanted registrations set (replacing a
 * same-named one), the gates appended when missing, every other value as it was; undefined when a field on the way
 * is of the wrong type.
 */
function expected(base: Json, wanted: WantedConfiguration, kind: PatchKind): Json | undefined {
  const out = deepClone(base) as Json;
  const names = Object.keys(wanted.registrations);
  const gates = kind === 'kubevirt' ? wanted.featureGates ?? [] : [];
  const disabled = kind === 'kubevirt' ? wanted.disabledFeatureGates ?? [] : [];
  if (names.length === 0 && gates.length === 0 && disabled.length === 0) return out;
  const isObj = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObj(out.spec)) return undefined;
  const into = (o: Json, keys: string[]): Json | undefined => {
    let cur = o;
    for (const k of keys) {
      if (cur[k] === undefined || cur[k] === null) cur[k] = {};
      if (!isObj(cur[k])) return undefined;
      cur = cur[k];
    }
    return cur;
  };
  if (names.length > 0) {
    const at = kind === 'kubevirt' ? ['configuration', 'network', 'binding'] : kind === 'hco-v1beta1' ? ['networkBinding'] : ['networking', 'networkBinding'];
    const map = into(out.spec, at);
    if (!map) return undefined;
    for (const n of names) map[n] = deepClone(wanted.registrations[n]);
  }
  for (const [key, list] of [['featureGates', gates], ['disabledFeatureGates', disabled]] as const) {
    if (list.length === 0) continue;
    const dev = into(out.spec, ['configuration', 'developerConfiguration']);
    if (!dev) return undefined;
    if (dev[key] === undefined || dev[key] === null) dev[key] = [];
    if (!Array.isArray(dev[key])) return undefined;
    for (const g of list) if (!dev[key].includes(g)) dev[key].push(g);
  }
  return out;
}

describe('real CRs from public repositories (../shared/wild)', () => {
  const files = haveWild ? fs.readdirSync(WILD).filter((f) => /kubevirt-cr|kubevirt_cr|hyperconverged|hco\.cr/.test(f)).sort() : [];

  it.skipIf(!haveWild)('finds the CRs', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.skipIf(!haveWild).each(files)('%s', (file) => {
    const text = fs.readFileSync(path.join(WILD, file), 'utf8');
    const kind: PatchKind = /kind:\s*KubeVirt/.test(text) ? 'kubevirt' : /hco\.kubevirt\.io\/v1beta1/.test(text) ? 'hco-v1beta1' : 'hco-v1';
    const read = readBase(path.join(WILD, file), kind);
    if (read.problems.length > 0) {
      // GIVEN a file strict YAML refuses (a key given twice) THEN the problem names the file and line
      expect(read.problems).toEqual([expect.stringMatching(new RegExp(`^${path.join(WILD, file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: cannot parse: duplicated mapping key`))]);
      return;
    }
    const wanted: WantedConfiguration = kind === 'kubevirt'
      ? { registrations: { slirp: SLIRP, passt: PASST }, featureGates: [NBP] }
      : { registrations: { slirp: SLIRP, passt: PASST } };
    // WHEN the patch for two registrations (and the gate) is applied with fast-json-patch
    const { ops, problems } = patchOps(read.manifest, wanted, kind);
    expect(problems).toEqual([]);
    const out = apply(read.manifest, ops);
    // THEN the result is the base plus what is wanted, everything else unchanged, and the library's applier agrees
    expect(out).toEqual(expected(read.manifest!, wanted, kind));
    expect(applyOps(read.manifest, ops)).toEqual(out);
    // and applying the patch again to its own result is refused (the guarded values changed) or changes nothing
    let again: Json | undefined;
    try {
      again = apply(out, ops);
    } catch {
      again = undefined;
    }
    if (again) expect(again).toEqual(out);
  });

  it.skipIf(!haveWild || !haveKubectl).each(files)('kubectl kustomize: %s', (file) => {
    // GIVEN the wild CR as a base folder and the overlay made from it WHEN kustomize builds the overlay
    const text = fs.readFileSync(path.join(WILD, file), 'utf8');
    const kind: PatchKind = /kind:\s*KubeVirt/.test(text) ? 'kubevirt' : /hco\.kubevirt\.io\/v1beta1/.test(text) ? 'hco-v1beta1' : 'hco-v1';
    const read = readBase(path.join(WILD, file), kind);
    if (!read.manifest) return; // a file strict YAML refuses (above)
    const wanted: WantedConfiguration = kind === 'kubevirt' ? { registrations: { slirp: SLIRP }, featureGates: [NBP] } : { registrations: { slirp: SLIRP } };
    const built = kustomize(text, text, wanted, kind);
    // THEN it succeeds and gives the base plus what is wanted
    expect(built.stderr).toBe('');
    expect(built.out).toEqual(expected(read.manifest, wanted, kind));
    // GIVEN the base gained a registration of the same name since synth THEN kustomize refuses the overlay
    const changed = deepClone(read.manifest) as Json;
    const map = kind === 'kubevirt' ? ((changed.spec.configuration ??= {}).network ??= {}).binding ??= {}
      : kind === 'hco-v1beta1' ? changed.spec.networkBinding ??= {} : (changed.spec.networking ??= {}).networkBinding ??= {};
    map.slirp = { sidecarImage: 'theirs/slirp:9' };
    const refused = kustomize(text, yaml.dump(changed), wanted, kind);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/test failed|missing value|not found|unable to|doc is missing path/);
  });
});

describe('property: the patch gives base plus wanted, or fails on a test op', () => {
  const NAMES = ['slirp', 'passt', 'macvtap', 'l2bridge', 'a/b'];
  const GATES = [NBP, 'LiveMigration', 'Snapshot', 'PasstBinding'];
  const scalar = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null));
  const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'sidecarImage'), tie('v'), { maxKeys: 3 })),
  })).v;
  const registration = fc.record({ sidecarImage: fc.constantFrom('x/s:1', 'y/s:2') }, { requiredKeys: [] });
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
  const gateList = fc.uniqueArray(fc.constantFrom(...GATES), { maxLength: 4 });
  const bindingMap = fc.dictionary(fc.constantFrom(...NAMES), fc.oneof(registration, json), { maxKeys: 3 });

  /** A spec in which each level on the way may be missing, null, of the wrong type, or an object with other keys. */
  const level = (inner: fc.Arbitrary<Record<string, unknown>>) => fc.oneof(
    { weight: 6, arbitrary: inner },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: scalar },
  );
  const strip = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const kvSpec = fc.record({
    configuration: level(fc.record({
      developerConfiguration: level(fc.record({ featureGates: fc.oneof(gateList, maybe(scalar)), disabledFeatureGates: maybe(gateList) }).map(strip)),
      network: level(fc.record({ binding: level(bindingMap), defaultNetworkInterface: maybe(fc.constant('masquerade')) }).map(strip)),
      other: maybe(json),
    }).map(strip)),
    imagePullPolicy: maybe(fc.constant('IfNotPresent')),
  }).map(strip);
  const hcoSpec = fc.record({
    networkBinding: level(bindingMap),
    networking: level(fc.record({ networkBinding: level(bindingMap) }).map(strip)),
    infra: maybe(json),
  }).map(strip);
  const wantedArb = fc.record({
    registrations: fc.dictionary(fc.constantFrom(...NAMES), registration, { maxKeys: 3 }),
    featureGates: gateList,
    disabledFeatureGates: fc.uniqueArray(fc.constantFrom('Root', 'Sidecar'), { maxLength: 2 }),
  });
  const kindArb = fc.constantFrom<PatchKind>('kubevirt', 'hco-v1beta1', 'hco-v1');
  const cr = (kind: PatchKind, spec: unknown): Json => (kind === 'kubevirt'
    ? kubevirt(spec)
    : { apiVersion: `hco.kubevirt.io/${kind === 'hco-v1' ? 'v1' : 'v1beta1'}`, kind: 'HyperConverged', metadata: { name: 'kubevirt-hyperconverged' }, spec });
  const caseArb = kindArb.chain((kind) => fc.record({
    kind: fc.constant(kind),
    base: (kind === 'kubevirt' ? kvSpec : hcoSpec).map((s) => cr(kind, s)),
    // the cluster's CR when the patch is applied: the base as read at synth, or another one
    later: fc.option((kind === 'kubevirt' ? kvSpec : hcoSpec).map((s) => cr(kind, s)), { nil: undefined, freq: 2 }),
    wanted: wantedArb,
  }));

  it('on random bases, and on bases changed since synth', () => {
    fc.assert(fc.property(caseArb, ({ kind, base, later, wanted }) => {
      const { ops, problems } = patchOps(base, wanted, kind);
      const want = expected(base, wanted, kind);
      // a base with a field of the wrong type on the way is a problem at synth, and only then
      if (problems.length > 0) {
        expect(want).toBeUndefined();
        return;
      }
      expect(apply(base, ops)).toEqual(want);
      // GIVEN the cluster's CR as it is when kustomize runs WHEN the synth's patch is applied
      const target = later ?? base;
      let out: Json | undefined;
      try {
        out = apply(target, ops);
      } catch (e) {
        // THEN it fails (on a test op, or a path the base no longer has) ...
        expect(String(e)).toMatch(/TEST_OPERATION_FAILED|Test operation failed|OPERATION_PATH_UNRESOLVABLE|path that does not exist/);
        expect(target).not.toEqual(base);
        return;
      }
      // ... or gives that CR plus what is wanted, with everything else unchanged
      expect(out).toEqual(expected(target, wanted, kind));
    }), { numRuns: 400 });
  });
});
