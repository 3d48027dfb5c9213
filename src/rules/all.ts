import type { Rule } from './types';
import { CLUSTER_RULES } from './cluster';
import { METADATA_RULES } from './metadata';
import { VMI_RULES } from './vmi';
import { SCHEMA_RULE } from '../schema/rule';

/** Every rule of this library, in the order they run. */
export const ALL_RULES: readonly Rule[] = [
  ...METADATA_RULES,
  ...CLUSTER_RULES,
  ...VMI_RULES,
  // checks nothing unless CRDs are given (lint --crds, lint({ crds })): see src/schema/rule.ts
  SCHEMA_RULE,
];
