/** Manifests for the graph tests, written out in full so each test shows its input. */
import * as fs from 'fs';
import * as path from 'path';
import { loadAll } from 'js-yaml';
import type { Manifest } from '../../src/rules/types';

export const DIST = path.resolve(__dirname, '..', '..', 'dist');

/** The committed example app's manifests (dist/*.k8s.yaml), in file order. */
export function exampleManifests(): Manifest[] {
  return fs.readdirSync(DIST).filter((f) => f.endsWith('.k8s.yaml')).sort()
    .flatMap((f) => loadAll(fs.readFileSync(path.join(DIST, f), 'utf8')) as Manifest[]);
}

export function kubevirtCr(bindings: Record<string, unknown>, gates: string[] = ['NetworkBindingPlugins']): Manifest {
  return {
    apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'kubevirt', namespace: 'kubevirt' },
    spec: { configuration: { developerConfiguration: { featureGates: gates }, network: { binding: bindings } } },
  };
}

export function nad(namespace: string, name: string, type: string): Manifest {
  return {
    apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name, namespace },
    spec: { config: JSON.stringify({ cniVersion: '1.0.0', name, plugins: [{ type }] }) },
  };
}

/** A VM whose interfaces are `[name, binding plugin or core binding, network]`: network `pod` or a NAD reference. */
export function vm(namespace: string, name: string, interfaces: Array<[string, string, string]>): Manifest {
  const core = ['masquerade', 'bridge', 'sriov'];
  return {
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name, namespace },
    spec: {
      runStrategy: 'Always',
      template: {
        spec: {
          domain: {
            devices: {
              interfaces: interfaces.map(([n, b]) => (core.includes(b) ? { name: n, [b]: {} } : { name: n, binding: { name: b } })),
            },
            memory: { guest: '1Gi' },
          },
          networks: interfaces.map(([n, , net]) => (net === 'pod' ? { name: n, pod: {} } : { name: n, multus: { networkName: net } })),
        },
      },
    },
  };
}
