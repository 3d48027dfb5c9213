// GIVEN interfaces with the core slirp, passt or macvtap binding WHEN linted THEN they are errors from 1.3 and warnings (or gate errors) before.
import { kubevirtCr, ruleTable, spec, vm } from '../harness';
import { discontinuedGateUsed, discontinuedMacvtap, discontinuedPasst, discontinuedSlirp } from '../../../src/rules/vmi/discontinued';

const lit = (t: string) => new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
const IF = 'spec.template.spec.domain.devices.interfaces';
const onPod = (iface: Record<string, unknown>) => vm(spec([{ name: 'default', ...iface }], [{ name: 'default', pod: {} }]));
const onMultus = (iface: Record<string, unknown>) => vm(spec([{ name: 'sec', ...iface }], [{ name: 'sec', multus: { networkName: 'n' } }]));

ruleTable(discontinuedSlirp, {
  valid: [{ name: 'the slirp binding plugin', manifests: [onPod({ binding: { name: 'slirp' } })] }],
  invalid: [
    {
      name: 'core slirp on 1.9',
      manifests: [onPod({ slirp: {} })],
      findings: [{ severity: 'error', path: `${IF}[0].slirp`, message: lit('uses core slirp, which kubevirt 1.3 and later reject; use the slirp binding plugin (binding: {name: slirp}, registered in the KubeVirt CR) (kubevirt: Slirp interface support has been discontinued since v1.3)') }],
    },
    {
      name: 'core slirp on 1.2 with permitSlirpInterface is a warning',
      version: '1.2',
      manifests: [onPod({ slirp: {} }), kubevirtCr({}, undefined, { network: { permitSlirpInterface: true } })],
      findings: [{ severity: 'warning', path: `${IF}[0].slirp`, message: /^interface "default" uses core slirp, which is discontinued in kubevirt 1\.3; move to the slirp binding plugin/ }],
    },
    {
      name: 'core slirp on 1.2 without permitSlirpInterface',
      version: '1.2',
      manifests: [onPod({ slirp: {} }), kubevirtCr()],
      findings: [{ severity: 'error', path: `${IF}[0].slirp`, message: lit('needs spec.configuration.network.permitSlirpInterface: true in the KubeVirt CR; better, move to the slirp binding plugin (binding: {name: slirp}, registered in the KubeVirt CR) (core slirp is discontinued in 1.3) (kubevirt: Slirp interface is not enabled in kubevirt-config)') }],
    },
    {
      name: 'core slirp on 1.1 on a Multus network, even with permitSlirpInterface',
      version: '1.1',
      manifests: [onMultus({ slirp: {} }), kubevirtCr({}, undefined, { network: { permitSlirpInterface: true } })],
      findings: [{ severity: 'error', path: `${IF}[0].slirp`, message: lit('uses core slirp, which works only on the pod network, and spec.template.spec.networks[0] is not one; better, move to the slirp binding plugin (binding: {name: slirp}, registered in the KubeVirt CR) (core slirp is discontinued in 1.3) (kubevirt: Slirp interface only implemented with pod network)') }],
    },
    {
      name: 'core slirp on 1.1 without cluster configuration is a warning',
      version: '1.1',
      manifests: [onPod({ slirp: {} })],
      findings: [{ severity: 'warning', path: `${IF}[0].slirp`, message: /discontinued in kubevirt 1\.3/ }],
    },
  ],
});

ruleTable(discontinuedPasst, {
  valid: [{ name: 'core passtBinding on 1.9', manifests: [onPod({ passtBinding: {} })] }],
  invalid: [
    {
      name: 'core passt on 1.9 points to passtBinding',
      manifests: [onPod({ passt: {} })],
      findings: [{ severity: 'error', path: `${IF}[0].passt`, message: lit('use the core passtBinding: {} (kubevirt: Passt network binding has been discontinued since v1.3)') }],
    },
    {
      name: 'core passt on 1.3 points to the plugin and quotes the gate error of 1.3-1.7',
      version: '1.3',
      manifests: [onPod({ passt: {} })],
      findings: [{ severity: 'error', path: `${IF}[0].passt`, message: lit('use the passt binding plugin (binding: {name: passt}, registered in the KubeVirt CR) (kubevirt: Passt feature gate is not enabled)') }],
    },
    {
      name: 'core passt on 1.1 without the Passt gate',
      version: '1.1',
      manifests: [onPod({ passt: {} }), kubevirtCr()],
      findings: [{ severity: 'error', path: `${IF}[0].passt`, message: lit('needs "Passt" in spec.configuration.developerConfiguration.featureGates of the KubeVirt CR; better, move to the passt binding plugin (binding: {name: passt}, registered in the KubeVirt CR) (core passt is discontinued in 1.3) (kubevirt: Passt feature gate is not enabled)') }],
    },
    {
      name: 'core passt on 1.1 with the gate on a Multus network',
      version: '1.1',
      manifests: [onMultus({ passt: {} }), kubevirtCr({}, ['Passt'])],
      findings: [{ severity: 'error', path: `${IF}[0].passt`, message: lit('(kubevirt: Passt interface only implemented with pod network)') }],
    },
    {
      name: 'core passt on 1.2 with the gate next to another interface',
      version: '1.2',
      manifests: [
        vm(spec([{ name: 'default', passt: {} }, { name: 'sec', bridge: {} }], [{ name: 'default', pod: {} }, { name: 'sec', multus: { networkName: 'n' } }])),
        kubevirtCr({}, ['Passt']),
      ],
      findings: [{ severity: 'error', path: `${IF}[0].passt`, message: lit('must be the only interface of the VMI, which has 2; better, move to the passt binding plugin (binding: {name: passt}, registered in the KubeVirt CR) (core passt is discontinued in 1.3) (kubevirt: Passt interface is only supported as the single interface of the VMI)') }],
    },
    {
      name: 'core passt on 1.2 off the pod network without cluster configuration (the gate is not judged)',
      version: '1.2',
      manifests: [onMultus({ passt: {} })],
      findings: [{ severity: 'error', path: `${IF}[0].passt`, message: lit('(kubevirt: Passt interface only implemented with pod network)') }],
    },
    {
      name: 'core passt on 1.2 with the deprecated gate listed is a warning',
      version: '1.2',
      manifests: [onPod({ passt: {} }), kubevirtCr({}, ['Passt'])],
      findings: [{ severity: 'warning', path: `${IF}[0].passt`, message: /discontinued in kubevirt 1\.3/ }],
    },
  ],
});

ruleTable(discontinuedMacvtap, {
  valid: [{ name: 'the macvtap binding plugin', manifests: [onMultus({ binding: { name: 'macvtap' } })] }],
  invalid: [
    {
      name: 'core macvtap on 1.5 (the discontinued gate can never be on)',
      version: '1.5',
      manifests: [onMultus({ macvtap: {} })],
      findings: [{ severity: 'error', path: `${IF}[0].macvtap`, message: lit('use the macvtap binding plugin (binding: {name: macvtap}, domainAttachmentType: tap) (kubevirt: Macvtap feature gate is not enabled)') }],
    },
    {
      name: 'core macvtap on 1.8 has its own discontinued check',
      version: '1.8',
      manifests: [onMultus({ macvtap: {} }), kubevirtCr()],
      findings: [{ severity: 'error', path: `${IF}[0].macvtap`, message: lit('(kubevirt: Macvtap network binding has been discontinued since v1.3)') }],
    },
    {
      name: 'core macvtap on 1.1 with the gate but on the pod network',
      version: '1.1',
      manifests: [onPod({ macvtap: {} }), kubevirtCr({}, ['Macvtap'])],
      findings: [{ severity: 'error', path: `${IF}[0].macvtap`, message: lit('uses core macvtap, which works only on a Multus network, and spec.template.spec.networks[0] is not one; better, move to the macvtap binding plugin (binding: {name: macvtap}, domainAttachmentType: tap) (core macvtap is discontinued in 1.3) (kubevirt: Macvtap interface only implemented with Multus network)') }],
    },
    {
      name: 'core macvtap on 1.2 with the deprecated gate on a Multus network works: a warning',
      version: '1.2',
      manifests: [onMultus({ macvtap: {} }), kubevirtCr({}, ['Macvtap'])],
      findings: [{ severity: 'warning', path: `${IF}[0].macvtap`, message: /discontinued in kubevirt 1\.3; move to the macvtap binding plugin/ }],
    },
    {
      name: 'core macvtap on 1.2 without the Macvtap gate',
      version: '1.2',
      manifests: [onMultus({ macvtap: {} }), kubevirtCr()],
      findings: [{ severity: 'error', path: `${IF}[0].macvtap`, message: lit('(kubevirt: Macvtap feature gate is not enabled)') }],
    },
  ],
});

ruleTable(discontinuedGateUsed, {
  valid: [
    { name: 'the Passt gate listed but no core passt', manifests: [onPod({ masquerade: {} }), kubevirtCr({}, ['Passt'])] },
    { name: 'core passt without the gate listed (discontinued-passt reports it)', manifests: [onPod({ passt: {} }), kubevirtCr()] },
    { name: 'on 1.2 the gate is only deprecated', version: '1.2', manifests: [onPod({ passt: {} }), kubevirtCr({}, ['Passt'])] },
  ],
  invalid: [
    {
      name: 'the Passt gate listed and core passt used',
      version: '1.3',
      manifests: [onPod({ passt: {} }), kubevirtCr({}, ['Passt'])],
      findings: [{ severity: 'error', path: `${IF}[0].passt`, message: lit('(kubevirt: Passt network binding is discontinued since v1.3. Please refer to Kubevirt user guide for alternatives.)') }],
    },
    {
      name: 'the Macvtap gate listed and core macvtap used',
      manifests: [onMultus({ macvtap: {} }), kubevirtCr({}, ['Macvtap'])],
      findings: [{ severity: 'error', path: `${IF}[0].macvtap`, message: lit('(kubevirt: Macvtap network binding is discontinued since v1.3. Please refer to Kubevirt user guide for alternatives.)') }],
    },
  ],
});
