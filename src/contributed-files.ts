import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';

/** Where a construct's files go: told to its producer at synth. */
export interface OutputFileContext {
  /** The output folder, absolute (`dist`, resolved). */
  readonly outdir: string;
  /** The folder of the construct's cluster, relative to `outdir`: `''`, or `prod/` when the app has several clusters. */
  readonly folder: string;
}

/** What a producer gives: files relative to its cluster's folder (objects, written as YAML, or text), or problems. */
export interface ContributedFiles {
  readonly files: ReadonlyMap<string, unknown[] | string>;
  readonly problems?: readonly string[];
}

/** Makes a construct's extra files at synth, once validation found no problem. */
export type FileProducer = (context: OutputFileContext) => ContributedFiles;

const PRODUCERS = Symbol.for('cdk8s-kubevirt-netbind.FileProducers');
const KEPT_OUT = Symbol.for('cdk8s-kubevirt-netbind.KeptOutOfOutput');
const WRITES_FILES = Symbol.for('cdk8s-kubevirt-netbind.WritesContributedFiles');

/**
 * Adds files to the output folder of `scope`'s cluster (the app's output folder under no cluster), made by
 * `produce` when `NetbindApp` synthesizes, next to the charts' files. Only `NetbindApp` writes them: under another
 * app, the construct gets a validation error saying so.
 */
export function contributeFiles(scope: IConstruct, produce: FileProducer): void {
  const holder = scope as unknown as Record<symbol, FileProducer[] | undefined>;
  if (!holder[PRODUCERS]) {
    Object.defineProperty(scope, PRODUCERS, { value: [] });
    scope.node.addValidation({
      validate: () => (writesContributedFiles(scope.node.root) ? [] : [
        'this construct writes files of its own to the output folder (a kustomize overlay), which only NetbindApp writes; create the app with new NetbindApp() (or Testing.app() replaced by new NetbindApp({ outdir }))',
      ]),
    });
  }
  holder[PRODUCERS]!.push(produce);
}

/** Every construct under `root` with file producers, in the tree's pre-order. */
export function fileProducers(root: IConstruct): Array<{ scope: IConstruct; produce: FileProducer }> {
  const out: Array<{ scope: IConstruct; produce: FileProducer }> = [];
  for (const c of root.node.findAll()) {
    for (const produce of (c as unknown as Record<symbol, FileProducer[] | undefined>)[PRODUCERS] ?? []) out.push({ scope: c, produce });
  }
  return out;
}

/** Marks the app root as one that writes contributed files (`NetbindApp`). */
export function markWritesContributedFiles(root: IConstruct): void {
  Object.defineProperty(root, WRITES_FILES, { value: true });
}

function writesContributedFiles(root: IConstruct): boolean {
  return (root as unknown as Record<symbol, boolean | undefined>)[WRITES_FILES] === true;
}

/**
 * Keeps an API object out of the written manifests: the rules still see it (a patched CR, which the output holds as
 * an overlay instead).
 */
export function keepOutOfOutput(obj: ApiObject): void {
  Object.defineProperty(obj, KEPT_OUT, { value: true });
}

/** True for an object `keepOutOfOutput` marked. */
export function isKeptOutOfOutput(obj: unknown): boolean {
  return typeof obj === 'object' && obj !== null && (obj as Record<symbol, unknown>)[KEPT_OUT] === true;
}

/** A relative file path of plain segments (no `..`, no hidden or empty segments, `/` separators). */
export const CONTRIBUTED_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;
