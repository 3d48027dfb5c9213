import type { Rule } from './types';
import { CLUSTER_RULES } from './cluster';
import { VMI_RULES } from './vmi';

/** Every rule of this library, in the order they run. */
export const ALL_RULES: readonly Rule[] = [
  ...CLUSTER_RULES,
  ...VMI_RULES,
];
