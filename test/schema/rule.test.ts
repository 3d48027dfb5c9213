import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli';
import { lint } from '../../src/rules';
import { ALL_RULES } from '../../src/rules/all';
import { CrdError, crdSetOf } from '../../src/schema/crd';
import { loadCrdFiles } from '../../src/schema/files';
import { SCHEMA_RULE, withCrds } from '../../src/schema/rule';

const DIR = path.resolve(__dirname, '..', 'fixtures', 'schema');

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdin: '', stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, cwd: DIR });
  return { code, stdout, stderr };
}

const USAGE_TAIL = [
  'usage: kubevirt-netbind lint [--kubevirt-version X.Y] [--format text|json] [--strict] [--rules module]... [--crds file|dir]... [--max-file-size SIZE] <file|dir|->...',
  '       kubevirt-netbind graph [--format mermaid|dot|markdown] [--group-limit N] [--kubevirt-version X.Y] [--strict] [--rules module]... [--crds file|dir]... [--max-file-size SIZE] <file|dir|->...',
  '       kubevirt-netbind diff [--group-limit N] [--kubevirt-version X.Y] [--strict] [--rules module]... [--crds file|dir]... [--max-file-size SIZE] <old> <new>',
  '       kubevirt-netbind upgrade --from X.Y --to X.Y [--format text|json] [--strict] [--rules module]... [--crds file|dir]... [--max-file-size SIZE] <file|dir|->...',
  'run "kubevirt-netbind --help" for details\n',
].join('\n');

describe('lint --crds', () => {
  it('GIVEN the fixture CRD and widgets WHEN linted THEN each schema problem is one line at its file:line, the unserved version names the served one, and the uncovered kind is a note', async () => {
    const r = await run(['lint', '--crds', 'crds', 'widgets.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe([
      'widgets.yaml:23: error schema: "Medium" is not an accepted value; use one of "Fast", "Slow" (Widget default/bad spec.mode)',
      'widgets.yaml:24: error schema: "Bad_Name" does not match the pattern ^[a-z]([-a-z0-9]*[a-z0-9])?$ (Widget default/bad spec.name)',
      'widgets.yaml:25: error schema: "1 Gi" is not a kubernetes quantity; use a number with an optional suffix, such as 500Mi, 2Gi, 1.5, 100m or 1e3 (Widget default/bad spec.size)',
      'widgets.yaml:26: error schema: "3" is a string; expected an integer (Widget default/bad spec.replicas)',
      'widgets.yaml:29: error schema: an item with port 80 is already item 0; the list is a map keyed by port (Widget default/bad spec.ports[1])',
      'widgets.yaml:31: error schema: unknown field "colour": the api server drops it and kubectl apply rejects it; fields here: mode, name, size, replicas, ports, extra (Widget default/bad spec.colour)',
      'widgets.yaml:33: error schema: "example.org/v1alpha1" is not a version the crd widgets.example.org serves; use example.org/v1 (Widget old apiVersion)',
      '',
    ].join('\n'));
    expect(r.stderr).toBe('kubevirt-netbind: note: --crds: 1 object of 1 kind without a crd among --crds, not schema-checked: ConfigMap v1\n7 errors, 0 warnings in 1 file\n');
  });

  it('GIVEN --crds as a file and in --crds=path form, with --format json WHEN linted THEN the findings carry rule schema, file, line and path', async () => {
    const r = await run(['lint', '--format', 'json', '--crds=crds/widgets.example.org.yaml', 'widgets.yaml']);
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: Array<Record<string, unknown>> }).findings;
    expect(findings).toHaveLength(7);
    expect(findings[0]).toEqual({
      rule: 'schema', severity: 'error', message: '"Medium" is not an accepted value; use one of "Fast", "Slow"', file: 'widgets.yaml', line: 23,
      object: { apiVersion: 'example.org/v1', kind: 'Widget', namespace: 'default', name: 'bad' }, path: 'spec.mode',
    });
  });

  it('GIVEN no --crds WHEN the same widgets are linted THEN the schema rule reports nothing', async () => {
    const r = await run(['lint', 'widgets.yaml']);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  it('GIVEN --crds inputs that are not usable WHEN linted THEN every one is named with what was expected, nothing is linted, and the exit is 2', async () => {
    const r = await run(['lint', '--crds', 'bad', '--crds', 'missing', 'widgets.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe([
      'kubevirt-netbind: --crds bad/broken.yaml:4: cannot parse: deficient indentation',
      'kubevirt-netbind: --crds bad/no-schema.yaml: gadgets.example.org: spec.versions[0] (v1) has no schema.openAPIV3Schema; a served version needs one',
      'kubevirt-netbind: --crds bad/not-a-crd.yaml: expected an apiextensions.k8s.io/v1 CustomResourceDefinition, not kind "ConfigMap" (not-a-crd)',
      'kubevirt-netbind: --crds bad/v1beta1.yaml: expected an apiextensions.k8s.io/v1 CustomResourceDefinition, not apiVersion "apiextensions.k8s.io/v1beta1" (v1beta1 crds were removed in kubernetes 1.22)',
      'kubevirt-netbind: --crds missing: cannot read: no such file or folder',
      USAGE_TAIL,
    ].join('\n'));
  });

  it('GIVEN --crds without a value WHEN run THEN it is a usage error', async () => {
    const r = await run(['lint', 'widgets.yaml', '--crds']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kubevirt-netbind: --crds needs a value: a file or folder of CustomResourceDefinitions\n/);
  });

  it('GIVEN the same CRD twice WHEN loaded THEN it is an error naming both places', () => {
    expect(() => loadCrdFiles(['crds', 'crds/widgets.example.org.yaml'], DIR)).toThrow(
      /^--crds crds\/widgets\.example\.org\.yaml: Widget\.example\.org is defined again \(first in --crds crds\/widgets\.example\.org\.yaml\); give each crd once$/,
    );
  });

  it('GIVEN help WHEN printed THEN it documents --crds', async () => {
    const r = await run(['--help']);
    expect(r.stdout).toContain('--crds file|dir         also validate objects against these CustomResourceDefinitions (rule "schema")');
  });
});

describe('lint({ crds })', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.org' },
    spec: {
      group: 'example.org', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { on: { type: 'boolean' } } } } } } }],
    },
  };
  const widget = { apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { on: 'yes' } };

  it('GIVEN parsed CRD objects WHEN lint runs with them THEN objects of their kinds are validated', () => {
    expect(lint([widget], { crds: [crd] }).map((f) => [f.rule, f.path, f.message])).toEqual([['schema', 'spec.on', '"yes" is a string; expected a boolean']]);
    expect(lint([widget]).filter((f) => f.rule === 'schema')).toEqual([]);
  });

  it('GIVEN a CrdSet WHEN lint runs with it THEN the result is the same as with the objects', () => {
    expect(lint([widget], { crds: crdSetOf([crd]) })).toEqual(lint([widget], { crds: [crd] }));
  });

  it('GIVEN something that is not a CRD in crds WHEN lint runs THEN it throws a CrdError naming it', () => {
    expect(() => lint([widget], { crds: [{ kind: 'ConfigMap' }] })).toThrow(CrdError);
    expect(() => lint([widget], { crds: [{ kind: 'ConfigMap' }] })).toThrow(/^options\.crds\[0\]: expected an apiextensions\.k8s\.io\/v1 CustomResourceDefinition, not kind "ConfigMap"$/);
  });

  it('GIVEN ALL_RULES WHEN the schema rule is given CRDs THEN it replaces the placeholder in place; a list without it gets it at the end', () => {
    const set = crdSetOf([crd]);
    const replaced = withCrds(ALL_RULES, set);
    expect(replaced).toHaveLength(ALL_RULES.length);
    expect(replaced.indexOf(SCHEMA_RULE)).toBe(-1);
    expect(replaced.map((r) => r.meta.id)).toEqual(ALL_RULES.map((r) => r.meta.id));
    expect(withCrds([], set).map((r) => r.meta.id)).toEqual(['schema']);
  });
});

describe('loadCrdFiles', () => {
  const widgetCrd = fs.readFileSync(path.join(DIR, 'crds', 'widgets.example.org.yaml'), 'utf8');

  function withDir(files: Record<string, string>, body: (dir: string) => void) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-crds-'));
    try {
      for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
      body(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('GIVEN a JSON file holding a List of CRDs in a nested folder, and a YAML stream ending in an empty document WHEN loaded THEN every CRD is found', () => {
    const widget = load(widgetCrd) as Record<string, unknown>;
    const gadget = JSON.parse(JSON.stringify(widget)) as { metadata: { name: string }; spec: { names: { kind: string; plural: string } } };
    gadget.metadata.name = 'gadgets.example.org';
    gadget.spec.names = { kind: 'Gadget', plural: 'gadgets' };
    withDir({ 'a/list.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [gadget] }), 'b.yml': `${widgetCrd}\n---\n` }, (dir) => {
      const set = loadCrdFiles([dir]);
      expect(set.crds.map((c) => `${c.kind} ${c.source.replace(dir, '<dir>')}`)).toEqual([
        'Gadget --crds <dir>/a/list.json items[0]',
        'Widget --crds <dir>/b.yml document 1',
      ]);
    });
  });

  it('GIVEN a folder without manifest files, and an empty file WHEN loaded THEN each is named with what was expected', () => {
    withDir({ 'empty/notes.txt': 'x', 'blank.yaml': '# nothing\n' }, (dir) => {
      expect(() => loadCrdFiles(['empty', 'blank.yaml'], dir)).toThrow(new CrdError([
        '--crds empty: the folder holds no .yaml, .yml or .json files; expected an apiextensions.k8s.io/v1 CustomResourceDefinition in each',
        '--crds blank.yaml: the file is empty; expected an apiextensions.k8s.io/v1 CustomResourceDefinition',
      ]));
    });
  });

  it('GIVEN a CRD whose schema has keywords of the wrong type WHEN loaded THEN the problems name the version and the schema path', () => {
    const broken = widgetCrd.replace('enum: [Fast, Slow]', 'enum: Fast').replace('format: int32\n                  minimum: 0', 'format: int32\n                  minimum: zero');
    withDir({ 'w.yaml': broken }, (dir) => {
      expect(() => loadCrdFiles(['w.yaml'], dir)).toThrow(
        '--crds w.yaml: widgets.example.org: spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.mode.enum: is not a list of values; '
        + 'spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.replicas.minimum: "zero" is not a number',
      );
    });
  });
});
