import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, parseSize } from '../src/cli';
import { ALL_RULES } from '../src/rules';
import type { Rule } from '../src/rules/types';
import { FIXTURES, TEST_RULES } from './lint/test-rules';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process over the fixture directory, with the test rules (unless given others). */
async function run(argv: string[], opts: { stdin?: string; rules?: readonly Rule[] } = {}): Promise<Run> {
  return runIn(FIXTURES, argv, { stdin: opts.stdin, rules: 'rules' in opts ? opts.rules : TEST_RULES });
}

const BAD_ONE = 'tree/a.yaml:31: error test-bad-name: object "bad-one" is bad (VirtualMachine default/bad-one spec.template.spec.domain.devices.interfaces[1].binding.name)';

describe('cli: usage', () => {
  it('prints help and exits 0', async () => {
    // GIVEN --help WHEN run THEN the usage is on stdout
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: kubevirt-netbind lint \[--kubevirt-version X\.Y\] \[--format text\|json\] \[--strict\]/);
    expect((await run(['lint', '-h'])).code).toBe(0);
    // and the help itself holds no control characters but line ends
    expect(r.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    expect(r.stdout).toContain('--max-file-size SIZE');
  });

  it.each([
    [[], /missing command/],
    [["check", "x.yaml"], /unknown command "check": the commands are "lint", "graph", "diff", "upgrade" and "synth"/],
    [['lint'], /no inputs: give files, directories or - for stdin/],
    [['lint', '--bogus', 'x.yaml'], /unknown option "--bogus": use --kubevirt-version, --format, --strict, --rules, --crds, --max-file-size or --help/],
    [['lint', '--kubevirt-version', '2.0', 'x.yaml'], /--kubevirt-version "2\.0" is not supported: use one of 1\.1 to 1\.9/],
    [['lint', '--kubevirt-version=1.0', 'x.yaml'], /--kubevirt-version "1\.0" is not supported/],
    [['lint', 'x.yaml', '--kubevirt-version'], /--kubevirt-version needs a value/],
    [['lint', '--format', 'xml', 'x.yaml'], /--format "xml" is not supported: use text or json/],
    [['lint', '--format', '--strict', 'x.yaml'], /--format needs a value: text or json/],
  ])('rejects bad usage %j with exit 2 and a message on stderr', async (argv, message) => {
    // WHEN the command line is wrong THEN stderr explains it, nothing is linted, exit 2
    const r = await run(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^kubevirt-netbind: [a-z-]/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('cli: exit codes and text output', () => {
  it('exits 0 when there are only warnings, with one line per finding', async () => {
    // GIVEN a file whose object only draws a warning
    const r = await run(['lint', 'tree/sub/b.yml']);
    // THEN the warning is printed (no namespace part) and the exit code is 0
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('tree/sub/b.yml:4: warning test-warn: object "warn-b" is risky (VirtualMachine warn-b metadata.name)\n');
    expect(r.stderr).toBe('0 errors, 1 warning in 1 file\n');
  });

  it('exits 0 and prints only the summary when nothing is found', async () => {
    const r = await run(['lint', 'list.yaml'], { rules: [] });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('0 errors, 0 warnings in 1 file\n');
  });

  it('exits 1 on an error finding, printing file:line: severity rule-id: message (Kind namespace/name field)', async () => {
    // GIVEN a multi-document file whose second VM draws an error on line 31
    const r = await run(['lint', 'tree/a.yaml']);
    // THEN the exact line is printed and the exit code is 1
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${BAD_ONE}\n`);
    expect(r.stderr).toBe('1 error, 0 warnings in 1 file\n');
  });

  it('lints a directory recursively, in file order, ignoring other extensions', async () => {
    // GIVEN the tree fixture (a.yaml with two documents, sub/b.yml, sub/c.json, notes.txt)
    const r = await run(['lint', 'tree']);
    // THEN the findings of the three manifest files come in path order with their lines
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      BAD_ONE,
      'tree/sub/b.yml:4: warning test-warn: object "warn-b" is risky (VirtualMachine warn-b metadata.name)',
      'tree/sub/c.json:15: error test-bad-name: object "bad-json" is bad (VirtualMachine ns1/bad-json spec.template.spec.domain.devices.interfaces[1].binding.name)',
    ]);
    expect(r.stderr).toBe('2 errors, 1 warning in 3 files\n');
  });

  it('lints List items, locating each in its item', async () => {
    const r = await run(['lint', 'list.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^list\.yaml:25: error test-bad-name: .* \(VirtualMachine default\/bad-second spec\.template\.spec\.domain\.devices\.interfaces\[1\]\.binding\.name\)\n$/);
  });

  it('reads - from stdin and names it "-"', async () => {
    // GIVEN a multi-document stream on stdin
    const stdin = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\napiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: warn-stdin\n';
    // WHEN - is linted
    const r = await run(['lint', '-'], { stdin });
    // THEN findings name file "-" and count from the top of the stream
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('-:8: warning test-warn: object "warn-stdin" is risky (VirtualMachine warn-stdin metadata.name)\n');
  });

  it('reports documents that are not manifests as errors (exit 1)', async () => {
    const r = await run(['lint', 'not-object.yaml', 'missing-kind.yaml'], { rules: [] });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^not-object\.yaml:6: error input-not-object: the document is a list, not an object/);
    expect(lines[1]).toMatch(/^not-object\.yaml:9: error input-not-object: the document is a string/);
    expect(lines[2]).toMatch(/^missing-kind\.yaml:6: error input-missing-kind: the document has no kind: .* \(<no kind> default\/no-kind kind\)$/);
  });

  it('exits 2 when an input cannot be parsed, still linting and printing the others', async () => {
    // GIVEN a malformed YAML file, a malformed JSON file and a readable file with an error
    const r = await run(['lint', 'malformed.yaml', 'tree/a.yaml', 'malformed.json']);
    // THEN the parse problems go to stderr with their lines, the finding to stdout, and exit 2 wins over 1
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(`${BAD_ONE}\n`);
    const err = r.stderr.trim().split('\n');
    expect(err[0]).toMatch(/^malformed\.yaml:5: error: cannot parse: bad indentation of a mapping entry$/);
    expect(err[1]).toMatch(/^malformed\.json:5:3: error: cannot parse: [a-z]/);
    expect(err[2]).toBe('1 error, 0 warnings in 1 file; 2 inputs could not be read');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 when a path does not exist', async () => {
    const r = await run(['lint', 'missing.yaml', 'tree/sub/b.yml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^missing\.yaml: error: cannot read: no such file or directory$/m);
    expect(r.stdout).toMatch(/warn-b/);
  });

  it('exits 2 and names the rule when a rule throws, keeping the other rules\' findings', async () => {
    const broken: Rule = { meta: { id: 'broken-rule', severity: 'error', versions: 'all', description: 'x', source: 'x' }, check() { throw new TypeError('Cannot read properties of undefined'); } };
    const r = await run(['lint', 'tree/a.yaml'], { rules: [...TEST_RULES, broken] });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(`${BAD_ONE}\n`);
    expect(r.stderr).toMatch(/^kubevirt-netbind: error: internal error in rule broken-rule: cannot read properties of undefined$/m);
  });
});

describe('cli: --strict', () => {
  it('turns a policy warning into an error', async () => {
    // GIVEN an object that only breaks a house policy
    const lax = await run(['lint', 'policy.yaml']);
    const strict = await run(['lint', '--strict', 'policy.yaml']);
    // THEN it is a warning (exit 0) unless --strict (error, exit 1)
    expect(lax.code).toBe(0);
    expect(lax.stdout).toBe('policy.yaml:7: warning test-policy: house policy says no (VirtualMachine default/policy-vm metadata.annotations["test/policy"])\n');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe('policy.yaml:7: error test-policy: house policy says no (VirtualMachine default/policy-vm metadata.annotations["test/policy"])\n');
  });
});

describe('cli: --format json', () => {
  it('prints {"findings":[...]} with file, line, object and path', async () => {
    // GIVEN findings in a YAML file, a JSON file and stdin
    const stdin = 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: warn-in\n';
    const r = await run(['lint', '--format=json', 'tree/a.yaml', 'tree/sub/b.yml', '-'], { stdin });
    // THEN stdout is one JSON object of exactly that shape; namespace is left out when absent
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['findings']);
    expect(out.findings).toEqual([
      {
        rule: 'test-bad-name', severity: 'error', message: 'object "bad-one" is bad', file: 'tree/a.yaml', line: 31,
        object: { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: 'default', name: 'bad-one' },
        path: 'spec.template.spec.domain.devices.interfaces[1].binding.name',
      },
      {
        rule: 'test-warn', severity: 'warning', message: 'object "warn-b" is risky', file: 'tree/sub/b.yml', line: 4,
        object: { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: 'warn-b' },
        path: 'metadata.name',
      },
      {
        rule: 'test-warn', severity: 'warning', message: 'object "warn-in" is risky', file: '-', line: 4,
        object: { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: 'warn-in' },
        path: 'metadata.name',
      },
    ]);
    for (const f of out.findings) expect(Object.keys(f)).toEqual(['rule', 'severity', 'message', 'file', 'line', 'object', 'path']);
    expect(r.stderr).toBe('1 error, 2 warnings in 3 files\n');
  });

  it('prints an empty list when nothing is found', async () => {
    const r = await run(['lint', '--format', 'json', 'list.yaml'], { rules: [] });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{"findings":[]}\n');
  });
});

describe('cli: the library rules', () => {
  it('has the rules these tests use', () => {
    const ids = new Set(ALL_RULES.map((r) => r.meta.id));
    expect(ids.has('binding-registered') && ids.has('sidecar-image-pinned')).toBe(true);
  });

  it('reports an unregistered binding as an error at its line (exit 1)', async () => {
    // GIVEN a KubeVirt CR and a VM that uses a binding the CR does not register
    const r = await run(['lint', '--kubevirt-version', '1.9', 'cluster'], { rules: undefined });
    // THEN binding-registered points at the binding name
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^cluster\/vm-unregistered\.yaml:15: error binding-registered: .*\(VirtualMachine default\/vm-unregistered spec\.template\.spec\.domain\.devices\.interfaces\[0\]\.binding\.name\)$/m);
  });

  it('reports findings in replica-set and pool templates at their file:line, and applies preferences among the inputs', async () => {
    // GIVEN a KubeVirt CR, a VMIRS and a pool using an unregistered binding, and VMs with a present and an absent preference
    const r = await run(['lint', '--kubevirt-version', '1.9', 'cluster/kubevirt.yaml', 'kinds'], { rules: undefined });
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('kinds/'));
    // THEN each finding points at the template's line; the VM whose preference gives the binding has none
    expect(lines).toEqual([
      expect.stringMatching(/^kinds\/pool\.yaml:16: error vm-run-strategy: .*\(VirtualMachinePool apps\/pool1 spec\.virtualMachineTemplate\.spec\.runStrategy\)$/),
      expect.stringMatching(/^kinds\/pool\.yaml:27: error binding-registered: binding "unregistered" .*\(VirtualMachinePool apps\/pool1 spec\.virtualMachineTemplate\.spec\.template\.spec\.domain\.devices\.interfaces\[0\]\.binding\.name\)$/),
      expect.stringMatching(/^kinds\/preference\.yaml:39: warning instancetype-reference: preference VirtualMachinePreference "not-here" is not among the inputs/),
      expect.stringMatching(/^kinds\/preference\.yaml:47: error binding-method-exactly-one: .*\(VirtualMachine apps\/vm-missing-preference /),
      expect.stringMatching(/^kinds\/vmirs\.yaml:23: error binding-registered: .*\(VirtualMachineInstanceReplicaSet apps\/rs1 spec\.template\.spec\.domain\.devices\.interfaces\[1\]\.binding\.name\)$/),
      expect.stringMatching(/^kinds\/vmirs\.yaml:32: warning nad-resolves: /),
    ]);
    expect(r.code).toBe(1);
  });

  it('reports the policy rule sidecar-image-pinned as a warning, or an error with --strict', async () => {
    // GIVEN a KubeVirt CR whose sidecar image uses :latest
    const lax = await run(['lint', 'cluster/kubevirt.yaml'], { rules: undefined });
    const strict = await run(['lint', '--strict', 'cluster/kubevirt.yaml'], { rules: undefined });
    // THEN it is a warning, and an error with --strict
    const line = (r: Run) => r.stdout.split('\n').find((l) => l.includes(' sidecar-image-pinned: '));
    expect(line(lax)).toMatch(/^cluster\/kubevirt\.yaml:11: warning sidecar-image-pinned: /);
    expect(line(strict)).toMatch(/^cluster\/kubevirt\.yaml:11: error sidecar-image-pinned: /);
    expect(strict.code).toBe(1);
  });
});

describe('cli: the two YAML readers', () => {
  it('GIVEN the fixtures (malformed files among them) and the example app\'s output WHEN linted with the block reader and with js-yaml only THEN the outputs and exit codes are identical', async () => {
    const dist = path.join(__dirname, '..', 'dist');
    for (const format of ['text', 'json']) {
      const argv = ['lint', '--format', format, '--kubevirt-version', '1.4', '.', dist];
      const block = await main(argv, { ...io(), rules: ALL_RULES, reader: 'block' }).then(collect);
      const jsyaml = await main(argv, { ...io(), rules: ALL_RULES, reader: 'js-yaml' }).then(collect);
      expect(block.stdout.length).toBeGreaterThan(0);
      expect(block).toEqual(jsyaml);
    }
  });
});

let captured = { stdout: '', stderr: '' };
/** Fresh CLI io over the fixture directory, capturing output in `captured`. */
function io() {
  captured = { stdout: '', stderr: '' };
  return {
    stdin: '',
    stdout: (s: string) => { captured.stdout += s; },
    stderr: (s: string) => { captured.stderr += s; },
    cwd: FIXTURES,
  };
}
const collect = (code: number): Run => ({ code, ...captured });

describe('cli: --rules', () => {
  const VM_YAML = 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: vm1\nspec:\n  runStrategy: Always\n  template:\n    spec:\n      domain:\n        devices: {}\n';

  it('GIVEN a CommonJS module exporting rules and an ES module with a default export WHEN linted THEN their findings join the built-in ones', async () => {
    const r = await run(['lint', '--rules', 'custom-rules/named.cjs', '--rules=custom-rules/default.mjs', '--format', 'json', '-'], { stdin: VM_YAML, rules: ALL_RULES });
    const findings = JSON.parse(r.stdout).findings as Array<{ rule: string; path: string; severity: string; message: string }>;
    expect(findings.filter((f) => f.rule === 'team-label')).toEqual([expect.objectContaining({ severity: 'error', path: 'metadata.labels', message: 'virtualmachine vm1 has no team label; add metadata.labels.team' })]);
    expect(findings.filter((f) => f.rule === 'no-default-namespace').map((f) => f.severity)).toEqual(['warning']);
    expect(r.code).toBe(1);
  });

  it.each([
    [['--rules='], /--rules needs a value: a javascript module exporting rules/],
    [['--rules', 'custom-rules/missing.js'], /--rules "custom-rules\/missing\.js": no such file .*custom-rules\/missing\.js/],
    [['--rules', 'custom-rules/broken.cjs'], /--rules "custom-rules\/broken\.cjs": cannot load .*broken\.cjs: boom at load/],
    [['--rules', 'custom-rules/none.cjs'], /--rules "custom-rules\/none\.cjs": .*none\.cjs exports no rules; export "rules" as a list of rule objects, or make the list the default export/],
    [['--rules', 'custom-rules/bad-rule.cjs'], /--rules: rule "Bad Id" of custom-rules\/bad-rule\.cjs has meta\.id "Bad Id"; use a kebab-case id/],
    [['--rules', 'custom-rules/clash.cjs'], /--rules: rule "nad-config" of custom-rules\/clash\.cjs has id "nad-config", which the built-in rule "nad-config" already has; give the custom rule another id/],
    [['--rules', 'custom-rules/named.cjs', '--rules', 'custom-rules/named.cjs'], /rule "team-label" of custom-rules\/named\.cjs has id "team-label", which rule "team-label" of custom-rules\/named\.cjs already has/],
  ])('GIVEN a bad --rules use %j WHEN run THEN it is a usage error naming the file, exit 2, nothing linted', async (flags, message) => {
    const r = await run(['lint', ...flags, '-'], { stdin: VM_YAML, rules: ALL_RULES });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^kubevirt-netbind: [a-z-]/);
  });

  it('GIVEN a custom rule that reports without a path WHEN linted THEN it is an internal error of that rule and the others still report', async () => {
    const r = await run(['lint', '--rules', 'custom-rules/empty-path.cjs', '--format', 'json', '-'], { stdin: VM_YAML, rules: ALL_RULES });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/internal error in rule no-path: rule no-path reported a finding without a path/);
    expect(JSON.parse(r.stdout).findings.every((f: { path: string }) => f.path !== '')).toBe(true);
  });

  it('documents the flag in the help text', async () => {
    const r = await run(['--help']);
    expect(r.stdout).toMatch(/\[--rules module\]\.\.\./);
    expect(r.stdout).toMatch(/--rules module {10}also run custom rules/);
  });
});

/** Runs the CLI in-process in `cwd` with the library's rules (unless given others). */
async function runIn(cwd: string, argv: string[], opts: { stdin?: NodeJS.ReadableStream | string; rules?: readonly Rule[] } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdin: opts.stdin ?? '',
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr += s; },
    cwd,
    rules: opts.rules ?? ALL_RULES,
  });
  return { code, stdout, stderr };
}

/** A minimal VM template, so that a VM's only finding is the one a test is about. */
const TEMPLATE = '  template:\n    spec:\n      domain:\n        devices: {}\n';
const vm = (name: string, spec: string) => `apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
const memory = (value: string) => vm('vm', `  runStrategy: Always\n  template:\n    spec:\n      domain:\n        devices: {}\n        resources:\n          requests:\n            memory: ${value}\n`);

describe('cli: hostile input', () => {
  let tmp: string;
  const put = (name: string, text: string | Buffer) => fs.writeFileSync(path.join(tmp, name), text);
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-cli-'));
    const lines = [...vm('bomb', '  runStrategy: *a9\n').split('\n').slice(0, 4), 'a0: &a0 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"'];
    for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
    lines.push('spec:', '  runStrategy: *a9', '');
    put('bomb.yaml', lines.join('\n'));
    // with a template: a VM without one is reported too (missing virtual machine template)
    put('fine.yaml', vm('fine', `  runStrategy: Bogus\n${TEMPLATE}`));
    put('nan.yaml', memory('.nan'));
    put('negative.yaml', memory('-1Gi'));
    put('negative-number.yaml', memory('-512'));
    put('forged.yaml', vm('"a\\nfine.yaml:1: error forged: \\e[2J"', `  runStrategy: Bogus\n${TEMPLATE}`));
    put('nested-list.yaml', `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n${vm('inner', `  runStrategy: Bogus\n${TEMPLATE}`).replace(/^(?=.)/gm, '    ').replace(/^ {4}a/, '  - a')}`);
    put('deep.json', `{"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "metadata": {"name": "d"},\n"spec": ${'['.repeat(5000)}${']'.repeat(5000)}}`);
    put('dup.json', '{\n  "apiVersion": "kubevirt.io/v1",\n  "kind": "VirtualMachine",\n  "kind": "ConfigMap"\n}\n');
    put('latin1.yaml', Buffer.from(vm('caf\xe9', '  runStrategy: Always\n'), 'latin1'));
    fs.symlinkSync('fine.yaml', path.join(tmp, 'link.yaml'));
    execFileSync('mkfifo', [path.join(tmp, 'fifo.yaml')]);
  });
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('GIVEN a 700-byte alias bomb in a field a rule prints WHEN linted THEN it is a read problem at file:line, promptly', async () => {
    expect(fs.statSync(path.join(tmp, 'bomb.yaml')).size).toBeLessThan(900);
    const r = await runIn(tmp, ['lint', 'bomb.yaml', 'fine.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('bomb.yaml:1: error: cannot read: aliases expand to more than 1000000 values; at most 1000000 values (and 67108864 characters) are read from a file with aliases');
    expect(r.stdout).toMatch(/^fine\.yaml:6: error vm-run-strategy: /);
  });

  it('GIVEN JSON nested 5000 deep WHEN linted THEN it is a read problem at file:line:column naming the depth, not an internal error', async () => {
    const r = await runIn(tmp, ['lint', 'deep.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('deep.json:2:107: error: cannot read: lists and mappings nested more than 99 deep (100 here); at most 99 levels are read\n0 errors, 0 warnings in 0 files; 1 input could not be read\n');
  });

  it('GIVEN a duplicate key in JSON WHEN linted THEN it is a read problem with line and column, as in YAML', async () => {
    const r = await runIn(tmp, ['lint', 'dup.json']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('dup.json:4:3: error: cannot parse: duplicated mapping key "kind"; a key may appear once in an object, as in yaml');
  });

  it('GIVEN bytes that are not UTF-8 WHEN linted THEN it is a read problem at the line, naming the byte', async () => {
    const r = await runIn(tmp, ['lint', 'latin1.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('latin1.yaml:4: error: cannot read: byte 0xe9 at offset 69 is not utf-8; manifests are utf-8 text');
  });

  it.each([
    ['fifo.yaml', 'a fifo'],
    ['/dev/zero', 'a character device'],
    ['/dev/null', 'a character device'],
  ])('GIVEN the special file %s WHEN linted THEN it is refused with exit 2 before reading', async (file, kind) => {
    const r = await runIn(tmp, ['lint', file, 'fine.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`${file}: error: cannot read: ${kind}, not a regular file; give .yaml, .yml or .json files, directories, or - for stdin`);
    expect(r.stdout).toMatch(/^fine\.yaml:6: error vm-run-strategy/);
  });

  it('GIVEN special files as --crds WHEN run THEN they are refused as inputs are, before reading', async () => {
    const r = await runIn(tmp, ['lint', '--crds', '/dev/zero', '--crds', 'fifo.yaml', 'fine.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      'kubevirt-netbind: --crds /dev/zero: cannot read: a character device, not a regular file',
      'kubevirt-netbind: --crds fifo.yaml: cannot read: a fifo, not a regular file',
    ]);
  });

  it('GIVEN a file over --max-file-size WHEN linted THEN it is refused with the limit named; a bad size is a usage error', async () => {
    const r = await runIn(tmp, ['lint', '--max-file-size', '64', 'fine.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('fine.yaml: error: cannot read: larger than 64 bytes, the limit (--max-file-size)');
    expect((await runIn(tmp, ['lint', '--max-file-size=1KiB', 'fine.yaml'])).code).toBe(1);
    const bad = await runIn(tmp, ['lint', '--max-file-size', '64MB', 'fine.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe('kubevirt-netbind: --max-file-size "64MB" is not a size: use a whole number of bytes from 1, optionally followed by KiB, MiB or GiB, such as 64MiB');
  });

  it('GIVEN an endless stdin WHEN linted THEN reading stops at the size limit', async () => {
    async function* zeros() {
      for (;;) yield Buffer.alloc(65536);
    }
    const r = await runIn(tmp, ['lint', '--max-file-size', '1MiB', '-'], { stdin: Readable.from(zeros()) });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('-: error: cannot read: larger than 1 MiB, the limit (--max-file-size)');
  });

  it('GIVEN sizes WHEN parsed THEN bytes and binary units are read exactly', () => {
    expect(['1', '64KiB', '64 MiB', '2GiB', '10B'].map(parseSize)).toEqual([1, 65536, 64 * 1024 * 1024, 2 * 1024 ** 3, 10]);
    expect(['0', '-1', '1.5MiB', '64MB', ' 1', '1e3', '', 'MiB', '99999999999999999GiB'].map(parseSize)).toEqual(Array(9).fill(undefined));
  });

  it('GIVEN a file and a symbolic link to it WHEN linted THEN it is read once and the link noted', async () => {
    const r = await runIn(tmp, ['lint', 'fine.yaml', 'link.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toBe('kubevirt-netbind: note: link.yaml: the same file as fine.yaml, read once\n1 error, 0 warnings in 1 file\n');
  });

  it('GIVEN a VM in a List inside a List WHEN linted THEN it is checked, at its line', async () => {
    const r = await runIn(tmp, ['lint', 'nested-list.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^nested-list\.yaml:12: error vm-run-strategy: spec\.runStrategy is "Bogus"; .* \(VirtualMachine inner spec\.runStrategy\)\n$/);
  });

  it('GIVEN a name with a newline and an escape byte WHEN linted THEN each finding stays on its line, the bytes shown escaped', async () => {
    const r = await runIn(tmp, ['lint', 'forged.yaml']);
    const lines = r.stdout.trim().split('\n');
    expect(lines.every((l) => l.startsWith('forged.yaml:'))).toBe(true);
    expect(r.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
    expect(lines.find((l) => l.includes('vm-run-strategy'))).toMatch(/\(VirtualMachine a\\nfine\.yaml:1: error forged: \\x1b\[2J spec\.runStrategy\)$/);
    // JSON keeps the name as it is, escaped by JSON
    const json = await runIn(tmp, ['lint', '--format', 'json', 'forged.yaml']);
    expect(JSON.parse(json.stdout).findings[0].object.name).toBe('a\nfine.yaml:1: error forged: \x1b[2J');
  });

  it('GIVEN memory .nan WHEN linted THEN the message shows .nan, not null', async () => {
    const r = await runIn(tmp, ['lint', 'nan.yaml']);
    expect(r.stdout).toMatch(/^nan\.yaml:13: error vmi-memory: spec\.template\.spec\.domain\.resources\.requests\.memory is \.nan; accepted: a kubernetes quantity/);
  });

  it.each([['negative.yaml', '"-1Gi"', '-1Gi'], ['negative-number.yaml', '-512', '-512']])(
    'GIVEN negative memory in %s WHEN linted THEN it is an error citing kubevirt\'s validation',
    async (file, shown, raw) => {
      const r = await runIn(tmp, ['lint', file]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`${file}:13: error vmi-memory: spec.template.spec.domain.resources.requests.memory is ${shown}; memory must be 0 or more (kubevirt: spec.template.spec.domain.resources.requests.memory '${raw}': must be greater than or equal to 0.)`);
    },
  );

  it.each(['1.2.1000', '1.3.', ' 1.3', '01.3', 'v1.3junk'])('GIVEN --kubevirt-version %j WHEN run THEN it is a usage error naming what is accepted', async (v) => {
    const r = await runIn(tmp, ['lint', '--kubevirt-version', v, 'fine.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`kubevirt-netbind: --kubevirt-version ${JSON.stringify(v)} is not supported: use one of 1.1 to 1.9, as X.Y or X.Y.Z (an optional v first, a patch from 0 to 999, no leading zeros)`);
  });
});
