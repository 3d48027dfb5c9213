// GIVEN VM and VMI values outside the network WHEN linted THEN the domain rules report what KubeVirt rejects.
import { kubevirtCr, ruleTable, spec, vm } from '../harness';
import { vmiCpuTopology, vmiMemory, vmiTerminationGracePeriod, vmRunStrategy } from '../../../src/rules/vmi/domain';

const P = 'spec.template.spec';
const withRunStrategy = (runStrategy: unknown) => ({ ...vm(spec([], [])), spec: { runStrategy, template: { spec: spec([], []) } } });
const withMemory = (requests: unknown, limits?: unknown) => vm({ domain: { devices: {}, resources: { requests: { memory: requests }, ...(limits !== undefined ? { limits: { memory: limits } } : {}) } } });
const withCpu = (cpu: Record<string, unknown>) => vm({ domain: { devices: {}, cpu } });
const withGrace = (v: unknown) => vm(spec([], [], { terminationGracePeriodSeconds: v }));

ruleTable(vmRunStrategy, {
  valid: [
    ...['Always', 'RerunOnFailure', 'Manual', 'Halted', 'Once', 'WaitAsReceiver'].map((s) => ({ name: s, manifests: [withRunStrategy(s)] })),
    { name: 'no runStrategy (running: true)', manifests: [{ ...vm(spec([], [])), spec: { running: true, template: { spec: spec([], []) } } }] },
    { name: 'WaitAsReceiver on 1.6 with the gate', version: '1.6', manifests: [withRunStrategy('WaitAsReceiver'), kubevirtCr({}, ['DecentralizedLiveMigration'])] },
  ],
  invalid: [
    {
      name: 'WaitAsReceiver on 1.5 (first in 1.6)',
      version: '1.5',
      manifests: [withRunStrategy('WaitAsReceiver')],
      findings: [{ severity: 'error', path: 'spec.runStrategy', message: 'spec.runStrategy is "WaitAsReceiver", which kubevirt 1.5 does not know (it is first in kubevirt 1.6); accepted: Always, RerunOnFailure, Manual, Halted, Once (kubevirt: Invalid RunStrategy (WaitAsReceiver))' }],
    },
    {
      name: 'WaitAsReceiver on 1.9 without the gate',
      manifests: [withRunStrategy('WaitAsReceiver'), kubevirtCr({}, [])],
      findings: [{ severity: 'error', path: 'spec.runStrategy', message: /needs "DecentralizedLiveMigration".*\(kubevirt: Invalid RunStrategy \(WaitAsReceiver\), DecentralizedLiveMigration feature gate is not enabled in kubevirt resource\)$/ }],
    },
    { name: 'lower case', manifests: [withRunStrategy('always')], findings: [{ severity: 'error', path: 'spec.runStrategy', message: 'spec.runStrategy is "always"; accepted: Always, RerunOnFailure, Manual, Halted, Once (kubevirt: Invalid RunStrategy (always))' }] },
    { name: 'not a string', manifests: [withRunStrategy(true)], findings: [{ severity: 'error', path: 'spec.runStrategy', message: /^spec\.runStrategy is true; accepted:/ }] },
  ],
});

ruleTable(vmiMemory, {
  valid: [
    { name: 'binary and decimal suffixes, a number, an exponent', manifests: [withMemory('1Gi', '2Gi'), withMemory('1024M'), withMemory(1073741824), withMemory('1e9'), withMemory('0')] },
    { name: 'exactly 1M; a request equal to the limit; a limit of 0 bounds nothing', manifests: [withMemory('1M'), withMemory('1Gi', '1024Mi'), withMemory('2Gi', '0')] },
    { name: 'a VMI', manifests: [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', metadata: { name: 'i' }, spec: { domain: { resources: { requests: { memory: '64Mi' } } } } }] },
  ],
  invalid: [
    { name: 'a word', manifests: [withMemory('much')], findings: [{ severity: 'error', path: `${P}.domain.resources.requests.memory`, message: `${P}.domain.resources.requests.memory is "much"; accepted: a kubernetes quantity such as "1Gi" or "1024M"` }] },
    { name: 'a lower-case binary suffix', manifests: [withMemory('1gi')], findings: [{ severity: 'error', path: `${P}.domain.resources.requests.memory`, message: /is "1gi"; accepted: a kubernetes quantity/ }] },
    {
      name: 'a negative request and limit (the old props check let "-1Gi" through)',
      manifests: [withMemory('-1Gi', -5)],
      findings: [
        { severity: 'error', path: `${P}.domain.resources.limits.memory`, message: `${P}.domain.resources.limits.memory is -5; memory must be 0 or more (kubevirt: ${P}.domain.resources.limits.memory '-5': must be greater than or equal to 0.)` },
        { severity: 'error', path: `${P}.domain.resources.requests.memory`, message: /is "-1Gi"; memory must be 0 or more \(kubevirt: .*'-1Gi': must be greater than or equal to 0\.\)$/ },
      ],
    },
    {
      name: 'a request below 1M',
      manifests: [withMemory('512k')],
      findings: [{ severity: 'error', path: `${P}.domain.resources.requests.memory`, message: `${P}.domain.resources.requests.memory is "512k"; a memory request must be at least 1M (or 0) (kubevirt: ${P}.domain.resources.requests.memory '512k': must be greater than or equal to 1M.)` }],
    },
    {
      name: 'a request above the limit',
      manifests: [withMemory('2Gi', '1Gi')],
      findings: [{ severity: 'error', path: `${P}.domain.resources.requests.memory`, message: /requests\.memory "2Gi" is more than .*limits\.memory "1Gi"; raise the limit or lower the request \(kubevirt: .*'2Gi' is greater than .*'1Gi'\)$/ }],
    },
  ],
});

ruleTable(vmiCpuTopology, {
  valid: [
    { name: 'positive counts', manifests: [withCpu({ cores: 2, sockets: 1, threads: 1 })] },
    { name: '0 means unset (the old props check rejected it; KubeVirt applies its default)', manifests: [withCpu({ cores: 0 })] },
  ],
  invalid: [
    {
      name: 'negative, fractional and text counts',
      manifests: [withCpu({ cores: -1, sockets: 1.5, threads: '2' })],
      findings: [
        { severity: 'error', path: `${P}.domain.cpu.cores`, message: `${P}.domain.cpu.cores is -1; accepted: a whole number, 1 or more (0 or unset means 1)` },
        { severity: 'error', path: `${P}.domain.cpu.sockets`, message: /sockets is 1\.5; accepted/ },
        { severity: 'error', path: `${P}.domain.cpu.threads`, message: /threads is "2"; accepted/ },
      ],
    },
  ],
});

ruleTable(vmiTerminationGracePeriod, {
  valid: [{ name: '0 and 180', manifests: [withGrace(0), withGrace(180)] }],
  invalid: [
    { name: 'negative (accepted by KubeVirt: a warning)', manifests: [withGrace(-1)], findings: [{ severity: 'warning', path: `${P}.terminationGracePeriodSeconds`, message: `${P}.terminationGracePeriodSeconds is -1; accepted: a whole number of seconds, 0 or more` }] },
    { name: 'text (the CRD wants an integer: an error)', manifests: [withGrace('30')], findings: [{ severity: 'error', path: `${P}.terminationGracePeriodSeconds`, message: /is "30"; accepted/ }] },
  ],
});
