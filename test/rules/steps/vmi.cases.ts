import type { StepCase } from './types';

/** Cases on each side of the release steps of the VMI spec rules (src/rules/vmi/). */
export const STEP_CASES: StepCase[] = [
];
