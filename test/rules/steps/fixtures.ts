import type { Manifest } from '../../../src/rules/types';

/** A KubeVirt CR with the given binding registrations and developer configuration. */
export function kubevirtCr(binding: Record<string, unknown>, developerConfiguration: Record<string, unknown> = {}): Manifest {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'KubeVirt',
    metadata: { name: 'kubevirt', namespace: 'kubevirt' },
    spec: { configuration: { developerConfiguration, network: { binding } } },
  };
}

/**
 * A VirtualMachine `default/vm1` whose one interface (`iface`, default `default`) uses the binding `name`, on the
 * pod network or on the multus NAD `nad`.
 */
export function bindingVm(name: string, options: { iface?: string; nad?: string } = {}): Manifest {
  const iface = options.iface ?? 'default';
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name: 'vm1', namespace: 'default' },
    spec: {
      runStrategy: 'Always',
      template: {
        spec: {
          domain: { devices: { interfaces: [{ name: iface, binding: { name } }] }, resources: { requests: { memory: '64Mi' } } },
          networks: [options.nad === undefined ? { name: iface, pod: {} } : { name: iface, multus: { networkName: options.nad } }],
        },
      },
    },
  };
}
