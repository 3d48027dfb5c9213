/**
 * `npm run bench`: synth and lint at 100, 1,000 and 10,000 VMs against plain cdk8s and the YAML floor, and
 * `graph` (Markdown) against lint of the same files, and `diff` (against a copy with one registration changed and one
 * VM moved) against lint of both trees it reads.
 *
 * Every figure is measured in a fresh child process (so peak RSS is that step's own), each step in 7 rounds;
 * the table shows medians. Library/baseline and lint/parse ratios are taken within each round (the steps run
 * back to back on the same machine state) and the median ratio is shown. Lint runs twice: as the CLI reads YAML
 * (its block reader, js-yaml for texts outside the block subset), and with every file read by js-yaml, which is
 * what lint costs for manifests the block reader declines. The library runs twice too: as it synthesizes (YAML by its
 * own writer, src/yaml-writer.ts) and with every object written by cdk8s' `Yaml.stringify` as the baseline writes
 * them, whose ratio to the baseline is what the constructs and checks cost on their own.
 *
 *   npm run bench                      # table
 *   npm run bench -- --json FILE       # and rows {n, baselineMs, libraryMs, libraryCdk8sYamlMs, floorMs, lintMs, parseMs,
 *                                      #   baselineRssMb, libraryRssMb, libraryRatio, checkRatio, lintRatio, rssRatio}
 *   npm run bench -- --sizes 100,1000  # other sizes
 *   npm run bench -- --rounds 3        # fewer rounds (quicker, noisier)
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import * as jsyaml from 'js-yaml';
import { main as cli } from '../src/cli';
import { YAML_WRITER_ENV } from '../src/yaml-writer';
import { buildWorkload } from './bench-workload';

type Step = 'baseline' | 'library' | 'libraryCdk8sYaml' | 'yaml' | 'jsyaml' | 'lint' | 'lintJsyaml' | 'parse' | 'prepare' | 'graph' | 'diff' | 'lintBoth';
interface Measure { ms: number; rssMb: number; bytes?: number }

const WORK = path.resolve(process.env.BENCH_DIR ?? path.join(os.tmpdir(), 'netbind-bench'));
const manifestsFile = (n: number) => path.join(WORK, `manifests-${n}.json`);
const libraryOut = (n: number) => path.join(WORK, `library-${n}`);
/** The synthesized output with a few changes, as the new side of `diff`: one VM moved to another binding, one registration changed. */
const changedOut = (n: number) => path.join(WORK, `changed-${n}`);

function rssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Reads every YAML file of a folder, sorted. */
function readYamlDir(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
}

async function child(step: Step, n: number): Promise<Measure> {
  switch (step) {
    case 'prepare': {
      // The library's final manifests, per chart, for the baseline and the serializers; and its synthesized YAML for lint.
      const app = buildWorkload(n, libraryOut(n));
      app.synth();
      const charts = app.node.children.filter((c): c is Chart => c instanceof Chart).map((c) => ({ id: c.node.id, objects: c.toJson() }));
      fs.writeFileSync(manifestsFile(n), JSON.stringify(charts));
      fs.cpSync(libraryOut(n), changedOut(n), { recursive: true });
      const edit = (file: string, from: string, to: string) => {
        const f = path.join(changedOut(n), file);
        const text = fs.readFileSync(f, 'utf8');
        if (!text.includes(from)) throw new Error(`prepare: ${file} has no ${JSON.stringify(from)}`);
        fs.writeFileSync(f, text.replace(from, to));
      };
      edit('cluster.k8s.yaml', 'memory: 500Mi', 'memory: 250Mi');
      edit('vms-000.k8s.yaml', 'name: passt\n', 'name: slirp\n');
      return { ms: 0, rssMb: rssMb() };
    }
    case 'baseline': {
      const charts = JSON.parse(fs.readFileSync(manifestsFile(n), 'utf8')) as Array<{ id: string; objects: Array<Record<string, any>> }>;
      const start = performance.now();
      const app = new App({ outdir: fs.mkdtempSync(path.join(WORK, 'baseline-')) });
      for (const c of charts) {
        const chart = new Chart(app, c.id);
        c.objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o as any));
      }
      app.synth();
      return { ms: performance.now() - start, rssMb: rssMb() };
    }
    case 'library':
    case 'libraryCdk8sYaml': {
      // libraryCdk8sYaml: every object written by cdk8s' Yaml.stringify, as the baseline writes them, so the ratio
      // to the baseline is what the constructs and checks cost on their own
      if (step === 'libraryCdk8sYaml') process.env[YAML_WRITER_ENV] = 'cdk8s';
      const start = performance.now();
      const app = buildWorkload(n, fs.mkdtempSync(path.join(WORK, 'library-run-')) + '/dist');
      app.synth();
      return { ms: performance.now() - start, rssMb: rssMb() };
    }
    case 'yaml':
    case 'jsyaml': {
      const charts = JSON.parse(fs.readFileSync(manifestsFile(n), 'utf8')) as Array<{ objects: unknown[] }>;
      const start = performance.now();
      let bytes = 0;
      for (const c of charts) {
        const text = step === 'yaml' ? Yaml.stringify(...c.objects) : c.objects.map((o) => jsyaml.dump(o, { lineWidth: -1, noRefs: true })).join('---\n');
        bytes += text.length;
      }
      return { ms: performance.now() - start, rssMb: rssMb(), bytes };
    }
    case 'parse': {
      const start = performance.now();
      let docs = 0;
      for (const text of readYamlDir(libraryOut(n))) docs += jsyaml.loadAll(text).length;
      if (docs === 0) throw new Error('nothing parsed');
      return { ms: performance.now() - start, rssMb: rssMb() };
    }
    case 'graph':
    case 'diff': {
      // as lint below: the modules loaded first, then the command over the synthesized YAML (diff: against a copy
      // with a few changes), its output kept in memory
      const warm = path.join(WORK, 'warm.yaml');
      fs.writeFileSync(warm, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: warm\n');
      await cli(step === 'graph' ? ['graph', warm] : ['diff', warm, warm], { stdin: '', stdout: () => undefined, stderr: () => undefined });
      const start = performance.now();
      let out = '';
      const argv = step === 'graph'
        ? ['graph', '--kubevirt-version', '1.4', '--format', 'markdown', libraryOut(n)]
        : ['diff', '--kubevirt-version', '1.4', libraryOut(n), changedOut(n)];
      const code = await cli(argv, { stdin: '', stdout: (s) => { out += s; }, stderr: () => undefined });
      const ms = performance.now() - start;
      if (code !== 0 || out.length === 0) throw new Error(`${step} exited ${code}: ${out.slice(0, 500)}`);
      if (step === 'diff' && !out.includes('- moved ')) throw new Error(`diff found no move: ${out.slice(0, 500)}`);
      return { ms, rssMb: rssMb() };
    }
    case 'lintBoth': {
      // lint of the two trees diff reads (the output and its changed copy), one after the other in one process: the
      // files diff reads, linted
      const warm = path.join(WORK, 'warm.yaml');
      fs.writeFileSync(warm, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: warm\n');
      await cli(['lint', warm], { stdin: '', stdout: () => undefined, stderr: () => undefined });
      const start = performance.now();
      for (const dir of [libraryOut(n), changedOut(n)]) {
        let out = '';
        const code = await cli(['lint', '--kubevirt-version', '1.4', '--format', 'json', dir], { stdin: '', stdout: (s) => { out += s; }, stderr: () => undefined });
        if (code !== 0) throw new Error(`lint exited ${code}: ${out.slice(0, 500)}`);
      }
      return { ms: performance.now() - start, rssMb: rssMb() };
    }
    case 'lint':
    case 'lintJsyaml': {
      // `lint` reads YAML as the CLI does (the block reader, js-yaml for the rest); `lintJsyaml` reads every file with
      // js-yaml: what lint costs for manifests outside the block subset.
      const reader = step === 'lint' ? 'block' : 'js-yaml';
      // load the modules of the lint path first, as a process does before main() runs (the parse step has js-yaml
      // loaded too): lint one small manifest
      const warm = path.join(WORK, 'warm.yaml');
      fs.writeFileSync(warm, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: warm\n');
      await cli(['lint', warm], { stdin: '', stdout: () => undefined, stderr: () => undefined, reader });
      const start = performance.now();
      let out = '';
      const code = await cli(['lint', '--kubevirt-version', '1.4', '--format', 'json', libraryOut(n)], {
        stdin: '', stdout: (s) => { out += s; }, stderr: () => undefined, reader,
      });
      const ms = performance.now() - start;
      if (code !== 0) throw new Error(`lint exited ${code}: ${out.slice(0, 500)}`);
      return { ms, rssMb: rssMb() };
    }
  }
}

function runChild(step: Step, n: number): Measure {
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', __filename, '--child', step, String(n)], {
    encoding: 'utf8', env: { ...process.env, BENCH_DIR: WORK }, maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Measure;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

interface Row {
  n: number; baselineMs: number; libraryMs: number; libraryCdk8sYamlMs: number; checkRatio: number; floorMs: number; yamlMs: number; lintMs: number; parseMs: number;
  lintJsyamlMs: number; baselineRssMb: number; libraryRssMb: number; libraryRatio: number; lintRatio: number;
  lintJsyamlRatio: number; rssRatio: number; yamlMb: number; graphMs: number; diffMs: number; graphRatio: number; diffRatio: number;
}

function bench(n: number, rounds: number): Row {
  runChild('prepare', n);
  const m: Record<Step, Measure[]> = { baseline: [], library: [], libraryCdk8sYaml: [], yaml: [], jsyaml: [], lint: [], lintJsyaml: [], parse: [], prepare: [], graph: [], diff: [], lintBoth: [] };
  const graphRatios: number[] = [];
  const diffRatios: number[] = [];
  const libraryRatios: number[] = [];
  const checkRatios: number[] = [];
  const lintRatios: number[] = [];
  const lintJsyamlRatios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // alternate the order so neither side always runs on a warmer machine
    const trio = r % 2 === 0 ? (['baseline', 'library', 'libraryCdk8sYaml'] as const) : (['libraryCdk8sYaml', 'library', 'baseline'] as const);
    for (const s of trio) m[s].push(runChild(s, n));
    libraryRatios.push(m.library[r].ms / m.baseline[r].ms);
    checkRatios.push(m.libraryCdk8sYaml[r].ms / m.baseline[r].ms);
    const lp = r % 2 === 0 ? (['parse', 'lint', 'lintJsyaml'] as const) : (['lintJsyaml', 'lint', 'parse'] as const);
    for (const s of lp) m[s].push(runChild(s, n));
    lintRatios.push(m.lint[r].ms / m.parse[r].ms);
    lintJsyamlRatios.push(m.lintJsyaml[r].ms / m.parse[r].ms);
    // graph and diff against the lint of the same round, run next to them
    // diff reads two trees: it is compared with the lint of both
    const gd = r % 2 === 0 ? (['graph', 'diff', 'lintBoth'] as const) : (['lintBoth', 'diff', 'graph'] as const);
    for (const s of gd) m[s].push(runChild(s, n));
    graphRatios.push(m.graph[r].ms / m.lint[r].ms);
    diffRatios.push(m.diff[r].ms / m.lintBoth[r].ms);
    m.yaml.push(runChild('yaml', n));
    m.jsyaml.push(runChild('jsyaml', n));
    process.stderr.write('.');
  }
  const med = (s: Step, k: 'ms' | 'rssMb' = 'ms') => median(m[s].map((x) => x[k]));
  return {
    n,
    baselineMs: Math.round(med('baseline')),
    libraryMs: Math.round(med('library')),
    libraryCdk8sYamlMs: Math.round(med('libraryCdk8sYaml')),
    checkRatio: median(checkRatios),
    floorMs: Math.round(med('jsyaml')),
    yamlMs: Math.round(med('yaml')),
    lintMs: Math.round(med('lint')),
    parseMs: Math.round(med('parse')),
    lintJsyamlMs: Math.round(med('lintJsyaml')),
    baselineRssMb: med('baseline', 'rssMb'),
    libraryRssMb: med('library', 'rssMb'),
    libraryRatio: median(libraryRatios),
    lintRatio: median(lintRatios),
    lintJsyamlRatio: median(lintJsyamlRatios),
    rssRatio: med('library', 'rssMb') / med('baseline', 'rssMb'),
    yamlMb: Math.round((m.yaml[0].bytes ?? 0) / 1e5) / 10,
    graphMs: Math.round(med('graph')),
    diffMs: Math.round(med('diff')),
    graphRatio: median(graphRatios),
    diffRatio: median(diffRatios),
  };
}

function table(rows: Row[]): string {
  const head = ['VMs', 'YAML MB', 'baseline ms', 'library ms', 'library/baseline', 'library, cdk8s YAML ms', 'library, cdk8s YAML/baseline', 'yaml pkg ms', 'js-yaml ms', 'lint ms', 'parse ms', 'lint/parse', 'lint, js-yaml only ms', 'js-yaml only/parse', 'baseline RSS MB', 'library RSS MB', 'RSS ratio', 'graph ms', 'graph/lint', 'diff ms', 'diff/lint of both trees'];
  const lines = rows.map((r) => [r.n, r.yamlMb, r.baselineMs, r.libraryMs, r.libraryRatio.toFixed(2), r.libraryCdk8sYamlMs, r.checkRatio.toFixed(2), r.yamlMs, r.floorMs, r.lintMs, r.parseMs, r.lintRatio.toFixed(2), r.lintJsyamlMs, r.lintJsyamlRatio.toFixed(2), r.baselineRssMb, r.libraryRssMb, r.rssRatio.toFixed(2), r.graphMs, r.graphRatio.toFixed(2), r.diffMs, r.diffRatio.toFixed(2)].map(String));
  const out = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...lines.map((l) => `| ${l.join(' | ')} |`)];
  return out.join('\n');
}

/** Wall time of `npm run synth`'s command (bundle + run the example app), output to a temporary folder. */
function exampleSynthMs(rounds: number): number {
  const root = path.resolve(__dirname, '..');
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const outdir = path.join(WORK, `example-${i}`, 'dist');
    const start = performance.now();
    execFileSync(process.execPath, [path.join(root, 'scripts', 'synth.mjs')], { cwd: root, env: { ...process.env, NETBIND_OUTDIR: outdir }, stdio: 'pipe' });
    times.push(performance.now() - start);
  }
  return Math.round(median(times));
}

async function orchestrate(argv: string[]) {
  const jsonAt = argv.indexOf('--json');
  const sizesAt = argv.indexOf('--sizes');
  const sizes = sizesAt >= 0 ? argv[sizesAt + 1].split(',').map(Number) : [100, 1000, 10000];
  const roundsAt = argv.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(argv[roundsAt + 1]) : 7;
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(rounds) || rounds < 1) {
    throw new Error('--sizes takes positive integers separated by commas, --rounds a positive integer');
  }
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  const rows: Row[] = [];
  for (const n of sizes) {
    process.stderr.write(`${n} VMs `);
    rows.push(bench(n, rounds));
    process.stderr.write('\n');
  }
  const byN = new Map(rows.map((r) => [r.n, r]));
  const synthMs = exampleSynthMs(rounds);
  console.log(table(rows));
  console.log(`\nnpm run synth (example app, bundle + synth, wall): ${synthMs} ms (target <= 1000)`);
  // the targets: library/baseline at most 1.10 at 100 and 10,000 VMs (fixed cost and per-VM cost), peak RSS
  // at most 1.2 times the baseline's at 10,000
  const targets = [
    ...[100, 10000].filter((n) => byN.has(n)).map((n) => `library/baseline at ${n.toLocaleString('en-US')} VMs: ${byN.get(n)!.libraryRatio.toFixed(2)} (target <= 1.10)`),
    ...[100, 10000].filter((n) => byN.has(n)).map((n) => `  the same with every object written by cdk8s' Yaml.stringify (constructs and checks alone) at ${n.toLocaleString('en-US')} VMs: ${byN.get(n)!.checkRatio.toFixed(2)}`),
    ...(byN.has(10000) ? [`RSS library/baseline at 10,000 VMs: ${byN.get(10000)!.rssRatio.toFixed(2)} (target <= 1.20)`] : []),
    // graph and diff of the same files as lint: at most 1.5 times lint (the largest size measured)
    ...rows.slice(-1).flatMap((r) => [
      `graph/lint at ${r.n.toLocaleString('en-US')} VMs: ${r.graphRatio.toFixed(2)} (target <= 1.50)`,
      `diff/lint of both trees at ${r.n.toLocaleString('en-US')} VMs: ${r.diffRatio.toFixed(2)} (target <= 1.50)`,
    ]),
  ];
  if (targets.length > 0) console.log(`\n${targets.join('\n')}`);
  if (byN.has(1000) && byN.has(10000)) {
    console.log(`\nlibrary time 10,000 / 1,000 VMs: ${(byN.get(10000)!.libraryMs / byN.get(1000)!.libraryMs).toFixed(2)} (target <= 10.5)`);
  }
  console.log(`node ${process.version}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
  if (jsonAt >= 0) {
    // ratios are medians of per-round ratios, so they are not the quotients of the medians beside them
    const keep = rows.map(({ n, baselineMs, libraryMs, libraryCdk8sYamlMs, checkRatio, floorMs, lintMs, parseMs, baselineRssMb, libraryRssMb, libraryRatio, lintRatio, rssRatio, graphMs, diffMs, graphRatio, diffRatio }) => ({
      n, baselineMs, libraryMs, libraryCdk8sYamlMs, floorMs, lintMs, parseMs, baselineRssMb, libraryRssMb,
      libraryRatio: round2(libraryRatio), checkRatio: round2(checkRatio), lintRatio: round2(lintRatio), rssRatio: round2(rssRatio),
      graphMs, diffMs, graphRatio: round2(graphRatio), diffRatio: round2(diffRatio),
    }));
    fs.writeFileSync(argv[jsonAt + 1], `${JSON.stringify(keep, null, 2)}\n`);
  }
  fs.rmSync(WORK, { recursive: true, force: true });
}

if (process.argv[2] === '--child') {
  child(process.argv[3] as Step, Number(process.argv[4])).then((m) => {
    process.stdout.write(`${JSON.stringify(m)}\n`);
  }, (e) => {
    process.stderr.write(`bench step failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
} else {
  orchestrate(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
