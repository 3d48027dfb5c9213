import type { Rule } from './types';
import { CLUSTER_RULES } from './cluster';
import { HCO_RULES } from './hco-jsonpatch';
import { INSTANCETYPE_RULES } from './instancetype';
import { IMAGE_RULES } from './images';
import { METADATA_RULES } from './metadata';
import { PLUGIN_RULES } from './plugin-network';
import { VMI_RULES } from './vmi';
import { SCHEMA_RULE } from '../schema/rule';

/** Every rule of this library, in the order they run. */
export const ALL_RULES: readonly Rule[] = [
  ...METADATA_RULES,
  ...CLUSTER_RULES,
  ...HCO_RULES,
  ...IMAGE_RULES,
  ...VMI_RULES,
  ...INSTANCETYPE_RULES,
  ...PLUGIN_RULES,
  // checks nothing unless CRDs are given (lint --crds, lint({ crds })): see src/schema/rule.ts
  SCHEMA_RULE,
];
