// GIVEN interfaces with bootOrder, probes and launchSecurity WHEN linted THEN the boot rules report what KubeVirt's VMI webhooks reject.
import { ruleTable, spec, vm } from '../harness';
import { bootOrderUnique, interfaceBootOrderPositive, launchSecurityBootNic, probeNeedsPodNetwork } from '../../../src/rules/vmi/boot';

const lit = (t: string) => new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const P = 'spec.template.spec';
const IF = `${P}.domain.devices.interfaces`;
const onPod = (iface: Record<string, unknown>, domain: Record<string, unknown> = {}) => {
  const s = spec([{ name: 'default', masquerade: {}, ...iface }], [{ name: 'default', pod: {} }]);
  Object.assign(s.domain as Record<string, unknown>, domain);
  return vm(s);
};
const onMultusOnly = (extra: Record<string, unknown>) => vm(spec([{ name: 'sec', bridge: {} }], [{ name: 'sec', multus: { networkName: 'n' } }], extra));

ruleTable(interfaceBootOrderPositive, {
  valid: [{ name: 'bootOrder 1', manifests: [onPod({ bootOrder: 1 })] }],
  invalid: [
    {
      name: 'bootOrder 0 (KubeVirt names the spec, not the interface)',
      manifests: [onPod({ bootOrder: 0 })],
      findings: [{ severity: 'error', path: `${IF}[0].bootOrder`, message: lit(`has bootOrder 0; use 1 or more, or leave it out (kubevirt: ${P}[0] must have a boot order > 0, if supplied)`) }],
    },
  ],
});

ruleTable(bootOrderUnique, {
  valid: [{ name: 'disk 1, interface 2', manifests: [onPod({ bootOrder: 2 }, { devices: { disks: [{ name: 'root', bootOrder: 1 }], interfaces: [{ name: 'default', masquerade: {}, bootOrder: 2 }] } })] }],
  invalid: [
    {
      name: 'interface bootOrder equal to a disk',
      manifests: [onPod({}, { devices: { disks: [{ name: 'root', bootOrder: 1 }], interfaces: [{ name: 'default', masquerade: {}, bootOrder: 1 }] } })],
      findings: [{ severity: 'error', path: `${IF}[0].bootOrder`, message: lit(`which ${P}.domain.devices.disks[0] already has; give every disk and interface its own boot order (kubevirt: Boot order for ${IF}[0].bootOrder already set for a different device.)`) }],
    },
    {
      name: 'two interfaces with the same bootOrder',
      manifests: [vm(spec([{ name: 'default', masquerade: {}, bootOrder: 3 }, { name: 'sec', bridge: {}, bootOrder: 3 }], [{ name: 'default', pod: {} }, { name: 'sec', multus: { networkName: 'n' } }]))],
      findings: [{ severity: 'error', path: `${IF}[1].bootOrder`, message: lit(`(kubevirt: Boot order for ${IF}[1].bootOrder already set for a different device.)`) }],
    },
  ],
});

ruleTable(probeNeedsPodNetwork, {
  valid: [
    { name: 'httpGet probe with a pod network', manifests: [vm(spec([{ name: 'default', masquerade: {} }], [{ name: 'default', pod: {} }], { readinessProbe: { httpGet: { port: 80 } } }))] },
    { name: 'no networks: KubeVirt adds the pod network', manifests: [vm({ domain: { devices: {} }, livenessProbe: { tcpSocket: { port: 22 } } })] },
    { name: 'exec probe without a pod network', manifests: [onMultusOnly({ readinessProbe: { exec: { command: ['true'] } } })] },
    {
      name: 'from 1.5 a pod network without an interface will do',
      version: '1.5',
      manifests: [vm(spec([{ name: 'sec', bridge: {} }], [{ name: 'sec', multus: { networkName: 'n' } }, { name: 'default', pod: {} }], { readinessProbe: { httpGet: { port: 80 } } }))],
    },
  ],
  invalid: [
    {
      name: 'tcpSocket and httpGet probes on a multus-only VM',
      manifests: [onMultusOnly({ readinessProbe: { tcpSocket: { port: 22 } }, livenessProbe: { httpGet: { port: 80 } } })],
      findings: [
        { severity: 'error', path: `${P}.livenessProbe.httpGet`, message: lit(`(kubevirt: ${P}.livenessProbe.httpGet is only allowed if the Pod Network is attached)`) },
        { severity: 'error', path: `${P}.readinessProbe.tcpSocket`, message: lit(`(kubevirt: ${P}.readinessProbe.tcpSocket is only allowed if the Pod Network is attached)`) },
      ],
    },
    {
      name: 'on 1.4 the pod network needs an interface of its name',
      version: '1.4',
      manifests: [vm(spec([{ name: 'sec', bridge: {} }], [{ name: 'sec', multus: { networkName: 'n' } }, { name: 'default', pod: {} }], { readinessProbe: { httpGet: { port: 80 } } }))],
      findings: [{ severity: 'error', path: `${P}.readinessProbe.httpGet`, message: /no network has pod: \{\} with an interface of its name; .*is only allowed if the Pod Network is attached\)$/ }],
    },
    {
      name: 'autoattachPodInterface false and no networks',
      manifests: [vm({ domain: { devices: { autoattachPodInterface: false } }, readinessProbe: { httpGet: { port: 80 } } })],
      findings: [{ severity: 'error', path: `${P}.readinessProbe.httpGet`, message: /no network has pod: \{\}/ }],
    },
  ],
});

ruleTable(launchSecurityBootNic, {
  valid: [
    { name: 'SEV without NIC boot order', manifests: [onPod({}, { launchSecurity: { sev: {} } })] },
    { name: 'NIC boot order without launchSecurity', manifests: [onPod({ bootOrder: 1 })] },
    { name: 'SNP and TDX on 1.6 (not in the schema before 1.7)', version: '1.6', manifests: [onPod({ bootOrder: 1 }, { launchSecurity: { snp: {} } }), onPod({ bootOrder: 1 }, { launchSecurity: { tdx: {} } })] },
  ],
  invalid: [
    {
      name: 'SEV with a bootable NIC',
      manifests: [onPod({ bootOrder: 1 }, { launchSecurity: { sev: {} } })],
      findings: [{ severity: 'error', path: `${IF}[0].bootOrder`, message: lit('(kubevirt: SEV does not work with bootable NICs: default)') }],
    },
    {
      name: 'SEV with a bootable NIC on 1.1',
      version: '1.1',
      manifests: [onPod({ bootOrder: 1 }, { launchSecurity: { sev: {} } })],
      findings: [{ severity: 'error', path: `${IF}[0].bootOrder`, message: lit('(kubevirt: SEV does not work with bootable NICs: default)') }],
    },
    {
      name: 'TDX with a bootable NIC',
      manifests: [onPod({ bootOrder: 2 }, { launchSecurity: { tdx: {} } })],
      findings: [{ severity: 'error', path: `${IF}[0].bootOrder`, message: lit('(kubevirt: TDX does not work with bootable NICs: default)') }],
    },
  ],
});
