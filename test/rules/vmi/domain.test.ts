// GIVEN VM and VMI values outside the network WHEN linted THEN the domain rules report what KubeVirt rejects.
import { ruleTable, spec, vm } from '../harness';
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
  ],
  invalid: [
    { name: 'lower case', manifests: [withRunStrategy('always')], findings: [{ severity: 'error', path: 'spec.runStrategy', message: 'spec.runStrategy is "always"; accepted: Always, RerunOnFailure, Manual, Halted, Once (kubevirt: Invalid RunStrategy (always))' }] },
    { name: 'not a string', manifests: [withRunStrategy(true)], findings: [{ severity: 'error', path: 'spec.runStrategy', message: /^spec\.runStrategy is true; accepted:/ }] },
  ],
});

ruleTable(vmiMemory, {
  valid: [
    { name: 'binary and decimal suffixes, a number, an exponent', manifests: [withMemory('1Gi', '2Gi'), withMemory('1024M'), withMemory(1073741824), withMemory('1e9'), withMemory('0')] },
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
