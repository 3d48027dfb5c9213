/**
 * How a synth replaces its output folder: all or nothing, one synth at a time, and never a file it did not write.
 *
 * - The folder is written only when it is missing, empty, or holds the record (`.netbind-files`) of an earlier
 *   synth; files of the user's own beside such a record (a `kustomization.yaml`) are carried over.
 * - The new content is written to a staging folder and swapped in with two renames (the old folder aside, the new
 *   one in). A journal names both while the swap runs: if the process dies in between, the next synth (or
 *   `recoverOutput`) puts the old folder back before it does anything else, so what is left is the old output or
 *   the new, never a mix.
 * - Syntheses of one output folder take turns: a lock file holds the process id of the one writing; a lock whose
 *   process is gone is taken over.
 * - Staging, journal, lock and the last good copy live in `.netbind-last/` next to the output folder, which ignores
 *   itself in git, so nothing a crash leaves behind shows up in `git status`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { shown, SynthError } from './errors';
import { stringifyYaml } from './yaml-writer';

/** The file, under the output folder, that lists what the last synth wrote there. */
export const OUTPUT_RECORD = '.netbind-files';
/**
 * The folder, next to the output folder, that keeps the last good output and the synth's work files (it ignores
 * itself in git).
 */
export const LAST_GOOD_DIR = '.netbind-last';

/** How long a synth waits for another one writing the same output folder. */
const LOCK_WAIT_MS = 120_000;
const LOCK_POLL_MS = 25;

/** The steps of a write, in order; tests stop a process at each to check what is left. */
export type WriteStep = 'locked' | 'staged' | 'journaled' | 'moved-old' | 'moved-new' | 'removed-old' | 'done';

/** For tests: called after each step of a write. Not part of the library's API. */
export const writeHooks: { afterStep?: (step: WriteStep) => void } = {};

function step(s: WriteStep): void {
  writeHooks.afterStep?.(s);
}

/** The folder of work files and the last good copy for `target`. */
function workDir(target: string): string {
  return path.join(path.dirname(target), LAST_GOOD_DIR);
}

function lastGoodDir(target: string): string {
  return path.join(workDir(target), path.basename(target));
}

function ensureWorkDir(target: string): string {
  const work = workDir(target);
  fs.mkdirSync(work, { recursive: true });
  // the folder ignores itself, so it never shows up in git status
  const ignore = path.join(work, '.gitignore');
  if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '*\n');
  return work;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function lockHolder(lock: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(lock, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `fn` holding the lock of `target`'s output folder, after putting right what a dead synth left. When `fn`
 * throws, a work folder this call created is removed again if nothing but its ignore file is in it, so a refused
 * synth leaves the folder around the output as it was.
 */
function withLock<T>(target: string, fn: () => T): T {
  const created = !fs.existsSync(workDir(target));
  const work = ensureWorkDir(target);
  let failed = true;
  try {
    const result = lockedRun(target, work, fn);
    failed = false;
    return result;
  } finally {
    if (failed && created) {
      try {
        if (fs.readdirSync(work).every((f) => f === '.gitignore')) fs.rmSync(work, { recursive: true, force: true });
      } catch {
        // another synth is using it
      }
    }
  }
}

function lockedRun<T>(target: string, work: string, fn: () => T): T {
  const lock = path.join(work, `${path.basename(target)}.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = lockHolder(lock);
    if (holder === undefined || !alive(holder)) {
      // a dead synth's lock (or one being written this instant: an empty file is given the benefit of a retry)
      if (holder === undefined) {
        sleep(LOCK_POLL_MS);
        if (lockHolder(lock) !== undefined || !fs.existsSync(lock)) continue;
      }
      takeOverStaleLock(lock, holder);
      continue;
    }
    if (Date.now() > deadline) {
      throw new SynthError([`${shown(target)}: another synth (process ${holder}) has been writing this output folder for ${LOCK_WAIT_MS / 1000} s; wait for it to end, or remove ${shown(lock)} if no synth runs`]);
    }
    sleep(LOCK_POLL_MS);
  }
  try {
    step('locked');
    recover(target, work);
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/**
 * Removes a lock whose process is gone. Renamed aside first, so that of two synths finding it stale only one
 * removes it; if what was renamed turns out to be a live synth's new lock, it is put back.
 */
function takeOverStaleLock(lock: string, stalePid: number | undefined): void {
  const aside = `${lock}.stale-${process.pid}`;
  try {
    fs.renameSync(lock, aside);
  } catch {
    return;
  }
  const pid = lockHolder(aside);
  if (pid !== undefined && pid !== stalePid && alive(pid)) {
    try {
      fs.linkSync(aside, lock);
    } catch {
      // another synth took the lock meanwhile: the two then wrote one after the other anyway
    }
  }
  fs.rmSync(aside, { force: true });
}

interface Journal { readonly old: string; readonly staging: string }

/** Puts right what a synth that died mid-write left: the old folder back if the new one is not in place. */
function recover(target: string, work: string): void {
  const base = path.basename(target);
  const journalFile = path.join(work, `${base}.swap`);
  let journal: Journal | undefined;
  try {
    journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as Journal;
  } catch {
    journal = undefined;
  }
  if (journal && !fs.existsSync(target) && fs.existsSync(journal.old)) {
    // the synth died between its two renames: it never finished, so its output is not the one to keep
    fs.renameSync(journal.old, target);
  }
  // every work folder of a synth that is gone (the lock is held, so no other synth of this folder runs)
  for (const name of fs.readdirSync(work)) {
    if (name.startsWith(`.staging-${base}-`) || name.startsWith(`.old-${base}-`)) {
      fs.rmSync(path.join(work, name), { recursive: true, force: true });
    }
  }
  fs.rmSync(journalFile, { force: true });
}

/** Puts right what a synth that died while writing `target` left (the next synth does it first anyway). */
export function recoverOutput(target: string): void {
  withLock(path.resolve(target), () => undefined);
}

/**
 * Writes `files` (each made when it is written: the objects of one YAML file, or a text written as it is) as the new
 * content of `target`, all or nothing, keeping files of the user's own; returns notes about files of the user's put
 * back from the last good output.
 */
export function writeOutput(target: string, files: Map<string, () => unknown[] | string>, emptiedByCli: boolean): string[] {
  const cwd = process.cwd();
  const rel = path.relative(target, cwd);
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) {
    throw new SynthError([`outdir ${target}: the output folder holds the working directory (${cwd}); synth replaces its output folder, so give it a folder of its own such as dist`]);
  }
  return withLock(target, () => writeLocked(target, files, emptiedByCli));
}

function writeLocked(target: string, files: Map<string, () => unknown[] | string>, emptiedByCli: boolean): string[] {
  const base = path.basename(target);
  const work = workDir(target);
  // the folder as the last synth left it: the output folder, or when `cdk8s synth` removed it before the app ran,
  // the last good output (so files of the user's own there come back too)
  const kept = lastGoodDir(target);
  const current = emptiedByCli && !fs.existsSync(target) && fs.existsSync(path.join(kept, OUTPUT_RECORD)) ? kept : target;
  const before = readRecord(current);
  const present = listFiles(current);
  if (before === undefined && present.length > 0) {
    const sample = present.slice(0, 3).join(', ') + (present.length > 3 ? `, and ${present.length - 3} more` : '');
    throw new SynthError([`${shown(target)}: the output folder holds files no synth wrote (${sample}) and no ${OUTPUT_RECORD} record of an earlier synth; synth writes only into a missing or empty folder or one it wrote before, so set outdir to such a folder (dist) or empty this one`]);
  }
  const foreign = present.filter((f) => f !== OUTPUT_RECORD && !before!.has(f));
  const overwritten = foreign.filter((f) => files.has(f));
  if (overwritten.length > 0) {
    throw new SynthError(overwritten.map((f) => `${path.join(target, f)}: the synth would overwrite this file, which it did not write; move or remove it, or give the chart another id`));
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(path.join(work, `.staging-${base}-`));
  // mkdtemp makes the folder private (0700); the output folder is an ordinary one
  fs.chmodSync(staging, 0o755);
  const journalFile = path.join(work, `${base}.swap`);
  let old: string | undefined;
  try {
    // one file at a time, made as it is written: the whole output at once would add its size to the peak memory
    for (const [file, make] of files) {
      fs.mkdirSync(path.dirname(path.join(staging, file)), { recursive: true });
      const content = make();
      fs.writeFileSync(path.join(staging, file), typeof content === 'string' ? content : stringifyYaml(content));
    }
    for (const f of foreign) {
      fs.mkdirSync(path.dirname(path.join(staging, f)), { recursive: true });
      fs.cpSync(path.join(current, f), path.join(staging, f), { preserveTimestamps: true, verbatimSymlinks: true });
    }
    fs.writeFileSync(path.join(staging, OUTPUT_RECORD), [...files.keys()].sort().map((f) => `${f}\n`).join(''));
    step('staged');
    if (fs.existsSync(target)) old = path.join(fs.mkdtempSync(path.join(work, `.old-${base}-`)), 'out');
    fs.writeFileSync(journalFile, JSON.stringify({ old: old ?? path.join(work, `.old-${base}-none`, 'out'), staging }));
    step('journaled');
    if (old) fs.renameSync(target, old);
    step('moved-old');
    try {
      fs.renameSync(staging, target);
    } catch (e) {
      if (old) fs.renameSync(old, target);
      old = undefined;
      throw e;
    }
    step('moved-new');
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    if (old) fs.rmSync(path.dirname(old), { recursive: true, force: true });
  }
  step('removed-old');
  fs.rmSync(journalFile, { force: true });
  keepLastGood(target, listFiles(target));
  step('done');
  return current === target ? [] : foreign.map((f) => `${shown(path.join(target, f))}: put back from ${shown(path.join(kept, f))}, as the last synth left it, because cdk8s synth removed the output folder; changes made to it since then are not in it: keep files of your own outside the output folder when you use cdk8s synth`);
}

/** The files the last synth wrote into `target`, or undefined when it holds no record of one. */
function readRecord(target: string): Set<string> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(target, OUTPUT_RECORD), 'utf8');
  } catch {
    return undefined;
  }
  return new Set(text.split('\n').filter((l) => l.length > 0));
}

/** Every file (and symlink) under `dir`, relative, `/`-separated; empty when it does not exist. */
function listFiles(dir: string, prefix = ''): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

/**
 * Keeps hard links (copies where links fail) of the output folder's files, for `restoreLastGood`. Not for an output
 * folder directly in the system's temporary folder: that is where `cdk8s synth --stdout` has the app write.
 */
function keepLastGood(target: string, files: string[]): void {
  if (path.dirname(target) === path.resolve(os.tmpdir())) return;
  const dest = lastGoodDir(target);
  try {
    fs.rmSync(dest, { recursive: true, force: true });
    fs.mkdirSync(dest, { recursive: true });
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(dest, f)), { recursive: true });
      try {
        fs.linkSync(path.join(target, f), path.join(dest, f));
      } catch {
        fs.copyFileSync(path.join(target, f), path.join(dest, f));
      }
    }
  } catch {
    // a copy that cannot be kept only means a later failed `cdk8s synth` cannot put the output back
    fs.rmSync(dest, { recursive: true, force: true });
  }
}

/**
 * After a failed synth: when the output folder is missing (`cdk8s synth` removes it before it runs the app) and a
 * last good output is kept, puts it back and returns where it came from.
 */
export function restoreLastGood(target: string): string | undefined {
  const kept = lastGoodDir(target);
  if (fs.existsSync(target) || !fs.existsSync(path.join(kept, OUTPUT_RECORD))) return undefined;
  try {
    return withLock(target, () => {
      if (fs.existsSync(target)) return undefined;
      fs.cpSync(kept, target, { recursive: true });
      return kept;
    });
  } catch {
    return undefined;
  }
}
