/**
 * Syntheses in a process of their own, for tests of concurrent syntheses and of a process killed mid-write.
 *
 *   node synth-child.cjs <outdir> <a|b> [--kill-at step | --times n]
 *
 * With `--kill-at`, the process kills itself (SIGKILL) right after that step of the write. With `--times n`, it
 * synthesizes n times, alternating the two variants from the one given.
 */
import { writeHooks, WriteStep } from '../../src/output';
import { variantApp } from './synth-variant';

const [outdir, variant, flag, value] = process.argv.slice(2);
if (flag === '--kill-at') {
  writeHooks.afterStep = (step: WriteStep) => {
    if (step === value) process.kill(process.pid, 'SIGKILL');
  };
}
const times = flag === '--times' ? Number(value) : 1;
for (let i = 0; i < times; i++) {
  const v = (i % 2 === 0) === (variant === 'a') ? 'a' : 'b';
  variantApp(outdir, v).synth();
}
