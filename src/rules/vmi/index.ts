import type { Rule } from '../types';

/** Rules over VirtualMachine and VirtualMachineInstance specs (kubevirt pkg/network/admitter and the VMI webhooks). */
export const VMI_RULES: readonly Rule[] = [];
