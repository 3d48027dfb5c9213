/**
 * Inputs for the benchmark's growth section: texts whose shape once made lint take time growing with the square
 * of their size. Each generator is given a size N and writes a text about N times one unit long; lint on the text
 * at 10N should take about 10 times as long as at N.
 *
 * - `nadStream`: N VMs, then N NADs whose quoted `spec.config` closes left of its key, as KubeVirt's user-guide writes
 *   them (every NAD is read leniently and gets a warning on its closing line)
 * - `list`: one `kind: List` of N VMs, each binding an unregistered plugin (a finding per item)
 * - `interfaces`: one VM with N interfaces and N networks, each interface binding an unregistered plugin
 * - `findings`: N VMs in a plain stream, each binding an unregistered plugin
 */

export type ShapeName = 'nadStream' | 'list' | 'interfaces' | 'findings';

export const SHAPE_NAMES: readonly ShapeName[] = ['nadStream', 'list', 'interfaces', 'findings'];

/** What each shape is, for the benchmark's table. */
export const SHAPE_LABELS: Record<ShapeName, string> = {
  nadStream: 'N VMs, then N NADs with KubeVirt\'s config indentation',
  list: 'kind: List of N VMs, a finding each',
  interfaces: 'one VM with N interfaces, a finding each',
  findings: 'N VMs in a stream, a finding each',
};

const pad = (i: number) => String(i).padStart(6, '0');

/** A VM binding `binding` (not registered anywhere in the text), written at `indent` spaces, `- ` first when `item`. */
function vm(i: number, binding: string, indent = 0, item = false): string {
  const lines = [
    'apiVersion: kubevirt.io/v1',
    'kind: VirtualMachine',
    'metadata:',
    `  name: vm-${pad(i)}`,
    '  namespace: vms',
    'spec:',
    '  runStrategy: Always',
    '  template:',
    '    spec:',
    '      domain:',
    '        devices:',
    '          interfaces:',
    '            - name: net0',
    '              binding:',
    `                name: ${binding}`,
    '        resources:',
    '          requests:',
    '            memory: 1Gi',
    '      networks:',
    '        - name: net0',
    '          pod: {}',
  ];
  const p = ' '.repeat(indent);
  return lines.map((l, k) => (k === 0 && item ? `${' '.repeat(indent - 2)}- ${l}` : p + l)).join('\n') + '\n';
}

/**
 * A NAD as KubeVirt's user-guide writes them: the single-quoted JSON of `config` closes at the key's own column,
 * which the YAML spec calls deficient indentation and libyaml-based parsers accept.
 */
function nad(i: number): string {
  return [
    'apiVersion: k8s.cni.cncf.io/v1',
    'kind: NetworkAttachmentDefinition',
    'metadata:',
    `  name: bridge-${pad(i)}`,
    '  namespace: vms',
    'spec:',
    '  config: \'{',
    '    "cniVersion": "0.3.1",',
    `    "name": "bridge-${pad(i)}",`,
    '    "type": "bridge",',
    '    "bridge": "br1"',
    '  }\'',
    '',
  ].join('\n');
}

/** The text of a shape at size `n`. */
export function shapeText(shape: ShapeName, n: number): string {
  const parts: string[] = [];
  switch (shape) {
    case 'nadStream':
      for (let i = 0; i < n; i++) parts.push(vm(i, 'passt'));
      for (let i = 0; i < n; i++) parts.push(nad(i));
      return parts.join('---\n');
    case 'findings':
      for (let i = 0; i < n; i++) parts.push(vm(i, `unregistered-${i % 10}`));
      return parts.join('---\n');
    case 'list':
      parts.push('apiVersion: v1\nkind: List\nitems:\n');
      for (let i = 0; i < n; i++) parts.push(vm(i, `unregistered-${i % 10}`, 4, true));
      return parts.join('');
    case 'interfaces': {
      parts.push([
        'apiVersion: kubevirt.io/v1',
        'kind: VirtualMachine',
        'metadata:',
        '  name: many-interfaces',
        '  namespace: vms',
        'spec:',
        '  runStrategy: Always',
        '  template:',
        '    spec:',
        '      domain:',
        '        devices:',
        '          interfaces:',
        '',
      ].join('\n'));
      for (let i = 0; i < n; i++) parts.push(`            - name: net${i}\n              binding:\n                name: unregistered-${i % 10}\n`);
      parts.push('        resources:\n          requests:\n            memory: 1Gi\n      networks:\n');
      for (let i = 0; i < n; i++) parts.push(`        - name: net${i}\n          multus:\n            networkName: vms/bridge-${pad(i)}\n`);
      return parts.join('');
    }
  }
}
