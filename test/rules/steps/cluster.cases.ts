import type { StepCase } from './types';

/** Cases on each side of the release steps of the cluster configuration rules (src/rules/cluster.ts, metadata.ts, hco-jsonpatch.ts). */
export const STEP_CASES: StepCase[] = [
];
