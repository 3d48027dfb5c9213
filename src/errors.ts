import * as path from 'path';

/** A path as messages show it: relative to the working directory when it is inside it. */
export function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/** A synth that failed validation: every problem of the app, each `[construct path] field: message`. */
export class SynthError extends Error {
  public constructor(
    public readonly problems: string[],
    /** Set when the output folder had been removed before the app ran and its last good content was put back. */
    public readonly restoredFrom?: string,
  ) {
    super(`synth failed with ${problems.length} ${problems.length === 1 ? 'error' : 'errors'}:\n${problems.map((p) => `  ${p}`).join('\n')}`
      + (restoredFrom ? `\nthe output folder was missing (cdk8s synth empties it before the app runs); its last good content was put back from ${shown(restoredFrom)}` : ''));
    this.name = 'SynthError';
  }
}
