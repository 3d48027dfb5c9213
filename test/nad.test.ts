import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { CniConfig, NetworkAttachmentDefinition } from '../src';

describe('NetworkAttachmentDefinition', () => {
  it('GIVEN a chain config and annotations WHEN synthesized THEN spec.config is compact JSON named after the NAD', () => {
    const chart = Testing.chart();
    const nad = new NetworkAttachmentDefinition(chart, 'netbindingpasst', {
      namespace: 'default',
      annotations: { 'k8s.v1.cni.cncf.io/resourceName': 'macvtap.network.kubevirt.io/eth0' },
      cni: CniConfig.chain('1.0.0', [{ type: 'kubevirt-passt-binding' }]),
    });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'k8s.cni.cncf.io/v1',
      kind: 'NetworkAttachmentDefinition',
      metadata: { name: 'netbindingpasst', namespace: 'default', annotations: { 'k8s.v1.cni.cncf.io/resourceName': 'macvtap.network.kubevirt.io/eth0' } },
      spec: { config: '{"cniVersion":"1.0.0","name":"netbindingpasst","plugins":[{"type":"kubevirt-passt-binding"}]}' },
    }]);
    expect(nad.reference).toBe('default/netbindingpasst');
  });

  it('GIVEN a chart namespace WHEN no namespace prop THEN the NAD takes the chart\'s and its reference says so', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'vms' });
    const nad = new NetworkAttachmentDefinition(chart, 'n', { name: 'macvtapnetwork', cni: CniConfig.plugin('0.3.1', { type: 'macvtap', mtu: 1500 }), annotations: { 'k8s.v1.cni.cncf.io/resourceName': 'macvtap.network.kubevirt.io/eth0' } });
    expect(nad.reference).toBe('vms/macvtapnetwork');
    expect(Testing.synth(chart)[0].spec.config).toBe('{"cniVersion":"0.3.1","name":"macvtapnetwork","mtu":1500,"type":"macvtap"}');
  });

  it('GIVEN a cniName WHEN synthesized THEN the config carries it instead of the NAD name', () => {
    const chart = Testing.chart();
    new NetworkAttachmentDefinition(chart, 'nad', { name: 'br-nad', cniName: 'br-net', cni: CniConfig.plugin('1.0.0', { type: 'bridge' }) });
    expect(JSON.parse(Testing.synth(chart)[0].spec.config).name).toBe('br-net');
  });

  it('GIVEN bad props WHEN synthesized THEN each is reported with path and value', () => {
    const chart = Testing.chart();
    new NetworkAttachmentDefinition(chart, 'n', { name: 'Bad', cni: '{"type":"x"}' as any });
    const run = () => Testing.synth(chart);
    expect(run).toThrow(/\[test\/n\] name \(metadata\.name\): metadata\.name "Bad" is not a lowercase dns-1123 subdomain .*\(object-metadata; NetworkAttachmentDefinition Bad\)/);
    expect(run).not.toThrow(/spec\.config/);
    expect(run).toThrow(/\[test\/n\] props\.cni: expected a CniConfig \(CniConfig\.plugin\(\) or CniConfig\.chain\(\)\); got "\{\\"type\\":\\"x\\"\}"/);
  });
});
