import type { Rule } from '../types';
import { BINDING_METHOD_RULES } from './binding-method';
import { BOOT_RULES } from './boot';
import { CLOUD_INIT_RULES } from './cloud-init-secrets';
import { DEFAULTS_RULES } from './defaults';
import { DHCP_RULES } from './dhcp';
import { DISCONTINUED_RULES } from './discontinued';
import { DOMAIN_RULES } from './domain';
import { DRA_RULES } from './dra';
import { FIELD_VERSION_RULES } from './field-version';
import { NETIFACE_RULES } from './netiface';
import { NETSOURCE_RULES } from './netsource';
import { PORTS_RULES } from './ports';
import { STATE_RULES } from './state';
import { STRUCTURE_RULES } from './structure';

/** Rules over the VMI specs of VirtualMachines, VMIs, replica sets and pools (kubevirt pkg/network/admitter and the VMI webhooks). */
export const VMI_RULES: readonly Rule[] = [
  ...STRUCTURE_RULES,
  ...FIELD_VERSION_RULES,
  ...NETSOURCE_RULES,
  ...STATE_RULES,
  ...BINDING_METHOD_RULES,
  ...NETIFACE_RULES,
  ...PORTS_RULES,
  ...DHCP_RULES,
  ...DRA_RULES,
  ...DISCONTINUED_RULES,
  ...BOOT_RULES,
  ...DEFAULTS_RULES,
  ...DOMAIN_RULES,
  ...CLOUD_INIT_RULES,
];
