// The step cases of every group of rules (see test/rules/steps.test.ts).
import { STEP_CASES as CLUSTER } from './cluster.cases';
import { STEP_CASES as CORE_BINDINGS } from './core-bindings.cases';
import { STEP_CASES as INSTANCETYPE } from './instancetype.cases';
import { STEP_CASES as PLUGIN } from './plugin.cases';
import { STEP_CASES as VMI } from './vmi.cases';
import type { StepCase } from './types';

export const STEP_CASES: readonly StepCase[] = [...CLUSTER, ...VMI, ...PLUGIN, ...CORE_BINDINGS, ...INSTANCETYPE];
