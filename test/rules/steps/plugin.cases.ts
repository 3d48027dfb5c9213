import type { StepCase } from './types';

/** Cases on each side of the release steps of the plugin rules (src/rules/plugin-network.ts and the image rules). */
export const STEP_CASES: StepCase[] = [
];
