import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, JsonPatch, Testing } from 'cdk8s';
import * as hcoImport from '../imports/hco-hco.kubevirt.io';
import * as kvImport from '../imports/kubevirt-kubevirt.io';
import { HCO_V1BETA1_GVK, HCO_V1_GVK, KUBEVIRT_GVK } from '../src/networking';
import { describe, expect, it } from 'vitest';
import { AppCheck } from '../src/app-check';
import { clusterChart } from './support/cluster';
import { KubeVirtCluster, NetbindApp, VirtualMachine, VmNetwork } from '../src';
import type { KubeVirtClusterProps, Rule } from '../src';
import {
  BindingDownwardApi, BindingMigration, ClusterTarget, CniConfig, DomainAttachmentType, KubeVirtNetworking,
  KubeVirtVersion, NetworkAttachmentDefinition,
} from '../src';

function kubevirtCr(chart: Chart) {
  return Testing.synth(chart).find((o) => o.kind === 'KubeVirt' || o.kind === 'HyperConverged');
}

describe('KubeVirtNetworking', () => {
  it('GIVEN no props WHEN synthesized THEN a full KubeVirt CR named kubevirt in namespace kubevirt, no gate (1.9)', () => {
    const chart = Testing.chart();
    new KubeVirtNetworking(chart, 'kv').addBinding('slirp', { sidecarImage: 'quay.io/kubevirt/network-slirp-binding:v1.1.0' });
    expect(kubevirtCr(chart)).toEqual({
      apiVersion: 'kubevirt.io/v1',
      kind: 'KubeVirt',
      metadata: { name: 'kubevirt', namespace: 'kubevirt' },
      spec: {
        certificateRotateStrategy: {},
        configuration: {
          developerConfiguration: {},
          network: { binding: { slirp: { sidecarImage: 'quay.io/kubevirt/network-slirp-binding:v1.1.0' } } },
        },
        customizeComponents: {},
        imagePullPolicy: 'IfNotPresent',
        workloadUpdateStrategy: {},
      },
    });
  });

  for (const [version, gated] of [['1.1', true], ['1.3', true], ['1.4', true], ['1.5', false], ['1.9', false]] as const) {
    it(`GIVEN kubevirt ${version} WHEN synthesized THEN NetworkBindingPlugins is ${gated ? '' : 'not '}emitted`, () => {
      const chart = clusterChart({ version });
      new KubeVirtNetworking(chart, 'kv');
      const gates = kubevirtCr(chart).spec.configuration.developerConfiguration.featureGates;
      expect(gates).toEqual(gated ? ['NetworkBindingPlugins'] : undefined);
    });
  }

  it('GIVEN user gates that already list the binding gate WHEN synthesized on 1.4 THEN gates are merged without duplicates', () => {
    const chart = clusterChart({ version: KubeVirtVersion.V1_4 });
    new KubeVirtNetworking(chart, 'kv', { featureGates: ['Snapshot', 'NetworkBindingPlugins', 'Snapshot'], spec: { configuration: { developerConfiguration: { featureGates: ['LiveMigration'] } } } });
    expect(kubevirtCr(chart).spec.configuration.developerConfiguration.featureGates)
      .toEqual(['LiveMigration', 'Snapshot', 'NetworkBindingPlugins']);
  });

  it('GIVEN other CR settings in wire form WHEN synthesized THEN they are kept under the generated gates and bindings', () => {
    const chart = clusterChart({ version: '1.4' });
    new KubeVirtNetworking(chart, 'kv', {
      spec: {
        imagePullPolicy: 'Always',
        infra: { nodePlacement: { nodeSelector: { 'node-role.kubernetes.io/control-plane': '' } } },
        configuration: {
          obsoleteCPUModels: { '486': true },
          developerConfiguration: { featureGates: ['Snapshot'], logVerbosity: { virtLauncher: 4 } },
          network: { permitBridgeInterfaceOnPodNetwork: false },
        },
      },
    }).addBinding('slirp', { sidecarImage: 'x/s:1' });
    expect(kubevirtCr(chart).spec).toEqual({
      certificateRotateStrategy: {},
      configuration: {
        developerConfiguration: { featureGates: ['Snapshot', 'NetworkBindingPlugins'], logVerbosity: { virtLauncher: 4 } },
        network: { binding: { slirp: { sidecarImage: 'x/s:1' } }, permitBridgeInterfaceOnPodNetwork: false },
        obsoleteCPUModels: { '486': true },
      },
      customizeComponents: {},
      imagePullPolicy: 'Always',
      infra: { nodePlacement: { nodeSelector: { 'node-role.kubernetes.io/control-plane': '' } } },
      workloadUpdateStrategy: {},
    });
  });

  it('GIVEN HCO settings in wire form WHEN synthesized for HCO v1 THEN they are kept beside the bindings', () => {
    const chart = clusterChart({ target: ClusterTarget.HCO_V1 });
    new KubeVirtNetworking(chart, 'hco', { spec: { networking: { someSetting: true }, liveMigrationConfig: { parallelMigrationsPerCluster: 5 } } })
      .addBinding('b', { domainAttachmentType: DomainAttachmentType.TAP });
    expect(kubevirtCr(chart).spec).toEqual({
      liveMigrationConfig: { parallelMigrationsPerCluster: 5 },
      networking: { networkBinding: { b: { domainAttachmentType: 'tap' } }, someSetting: true },
    });
  });

  it('GIVEN every registration field WHEN synthesized THEN each lands under its JSON name, migration {} survives', () => {
    const chart = clusterChart({ version: '1.9' });
    const kv = new KubeVirtNetworking(chart, 'kv');
    const nad = new NetworkAttachmentDefinition(chart, 'nad', { name: 'n', namespace: 'vms', cni: CniConfig.plugin('1.0.0', { type: 'x' }) });
    kv.addBinding('full', {
      sidecarImage: 'example.org/sidecar:1',
      networkAttachmentDefinition: nad,
      domainAttachmentType: DomainAttachmentType.MANAGED_TAP,
      migration: BindingMigration.migratable(),
      downwardApi: BindingDownwardApi.DEVICE_INFO,
      memoryOverhead: '250Mi',
    });
    expect(kubevirtCr(chart).spec.configuration.network.binding.full).toEqual({
      sidecarImage: 'example.org/sidecar:1',
      networkAttachmentDefinition: 'vms/n',
      domainAttachmentType: 'managedTap',
      migration: {},
      downwardAPI: 'device-info',
      computeResourceOverhead: { requests: { memory: '250Mi' } },
    });
  });

  it('GIVEN a NAD without namespace WHEN registered THEN the registration names it alone (resolved in each VM namespace)', () => {
    const chart = Testing.chart();
    const kv = new KubeVirtNetworking(chart, 'kv');
    const nad = new NetworkAttachmentDefinition(chart, 'plain', { cni: CniConfig.plugin('1.0.0', { type: 'x' }) });
    kv.addBinding('b', { networkAttachmentDefinition: nad, sidecarImage: 'example.org/s:1' });
    expect(kubevirtCr(chart).spec.configuration.network.binding.b.networkAttachmentDefinition).toBe('plain');
  });

  it('GIVEN the HCO v1beta1 target WHEN synthesized THEN registrations go to spec.networkBinding and no gate is written', () => {
    const chart = clusterChart({ target: ClusterTarget.HCO_V1BETA1, version: '1.4' });
    new KubeVirtNetworking(chart, 'hco')
      .addBinding('managed-tap', { domainAttachmentType: DomainAttachmentType.MANAGED_TAP });
    expect(kubevirtCr(chart)).toEqual({
      apiVersion: 'hco.kubevirt.io/v1beta1',
      kind: 'HyperConverged',
      metadata: { name: 'kubevirt-hyperconverged', namespace: 'kubevirt-hyperconverged' },
      spec: { networkBinding: { 'managed-tap': { domainAttachmentType: 'managedTap' } } },
    });
  });

  it('GIVEN the HCO v1 target WHEN synthesized THEN registrations go to spec.networking.networkBinding', () => {
    const chart = clusterChart({ target: ClusterTarget.HCO_V1 });
    new KubeVirtNetworking(chart, 'hco').addBinding('b', { domainAttachmentType: DomainAttachmentType.TAP });
    const cr = kubevirtCr(chart);
    expect(cr.apiVersion).toBe('hco.kubevirt.io/v1');
    expect(cr.spec.networking.networkBinding).toEqual({ b: { domainAttachmentType: 'tap' } });
  });

  it('GIVEN a binding added after VMs were declared WHEN synthesized THEN it is still in the CR', () => {
    const chart = Testing.chart();
    const kv = new KubeVirtNetworking(chart, 'kv');
    const synthBefore = kubevirtCr(chart);
    expect(synthBefore.spec.configuration.network).toBeUndefined();
    kv.addBinding('late', { sidecarImage: 'example.org/s:1' });
    expect(Object.keys(kubevirtCr(chart).spec.configuration.network.binding)).toEqual(['late']);
  });

  it('GIVEN bindings WHEN listed THEN registeredBindings and registers() reflect them', () => {
    const kv = new KubeVirtNetworking(Testing.chart(), 'kv');
    const a = kv.addBinding('a', { sidecarImage: 'example.org/a:1' });
    expect(kv.registeredBindings.map((b) => b.name)).toEqual(['a']);
    expect(kv.registers(a)).toBe(true);
    expect(a.version.toString()).toBe('1.9');
  });
});

describe('KubeVirtNetworking synth errors', () => {
  const synthError = (build: (chart: Chart) => void, cluster: KubeVirtClusterProps = {}) => () => {
    const chart = clusterChart(cluster);
    build(chart);
    Testing.synth(chart);
  };

  it('GIVEN memoryOverhead on 1.2 WHEN synthesized THEN the error names the field, the target and the first version', () => {
    expect(synthError((c) => new KubeVirtNetworking(c, 'kv').addBinding('passt', { sidecarImage: 'example.org/s:1', memoryOverhead: '500Mi' }), { version: '1.2' }))
      .toThrow(/\[test\/c\/kv\] addBinding\("passt"\)\.memoryOverhead \(spec\.configuration\.network\.binding\.passt\.computeResourceOverhead\): registration "passt" field computeResourceOverhead is not in kubevirt 1\.2; it is first in kubevirt 1\.3/);
  });

  it('GIVEN migration on 1.1 WHEN synthesized THEN the error names 1.2 as the first version', () => {
    expect(synthError((c) => new KubeVirtNetworking(c, 'kv').addBinding('b', { sidecarImage: 'example.org/s:1', migration: BindingMigration.migratable() }), { version: '1.1' }))
      .toThrow(/field migration is not in kubevirt 1\.1; it is first in kubevirt 1\.2/);
  });

  it('GIVEN managedTap on 1.3 WHEN synthesized THEN a warning names the value and 1.4 (kubevirt 1.3 stores it and ignores it)', () => {
    const chart = clusterChart({ version: '1.3' });
    new KubeVirtNetworking(chart, 'kv').addBinding('m', { domainAttachmentType: DomainAttachmentType.MANAGED_TAP });
    expect(() => Testing.synth(chart)).not.toThrow();
    expect(AppCheck.of(chart).warnings).toEqual(expect.arrayContaining([expect.stringMatching(/domainAttachmentType "managedTap" is not in kubevirt 1\.3, which ignores it \(it attaches no interface for this binding to the domain\); it is first in kubevirt 1\.4/)]));
  });

  it('GIVEN tap on 1.1 (1.1.0) WHEN synthesized THEN the error names 1.1.1; on 1.1.1 it passes', () => {
    expect(synthError((c) => new KubeVirtNetworking(c, 'kv').addBinding('t', { domainAttachmentType: DomainAttachmentType.TAP }), { version: '1.1' }))
      .toThrow(/field domainAttachmentType is not in kubevirt 1\.1; it is first in kubevirt 1\.1\.1/);
    expect(synthError((c) => new KubeVirtNetworking(c, 'kv').addBinding('t', { domainAttachmentType: DomainAttachmentType.TAP }), { version: '1.1.1' })).not.toThrow();
  });

  it('GIVEN a bad version, a bad name and an unknown prop WHEN synthesized THEN all three are reported at once', () => {
    const run = synthError((c) => new KubeVirtNetworking(c, 'kv', { name: 'Bad_Name', colour: 'red' } as any), { version: '2.0' });
    expect(run).toThrow(/\[test\] props\.version: expected a kubevirt version from 1\.1 to 1\.9, such as "1\.4" or "1\.1\.1"; got "2\.0"/);
    expect(run).toThrow(/\[test\/c\/kv\] props: unknown key "colour"; accepted: name, namespace, metadata, featureGates, disabledFeatureGates, spec/);
  });

  it('GIVEN a binding registered twice and a bad memory quantity WHEN synthesized THEN both are reported', () => {
    const run = synthError((c) => {
      const kv = new KubeVirtNetworking(c, 'kv');
      kv.addBinding('a', { sidecarImage: 'example.org/a:1' });
      kv.addBinding('a', { sidecarImage: 'example.org/a:2' });
      kv.addBinding('b', { memoryOverhead: 'lots' });
    });
    expect(run).toThrow(/addBinding\("a"\): a binding named "a" is already registered/);
    expect(run).toThrow(/\[test\/c\/kv\] addBinding\("b"\)\.memoryOverhead \(spec\.configuration\.network\.binding\.b\.computeResourceOverhead\.requests\.memory\): .*"lots"/);
  });

  it('GIVEN an unknown option and a NAD of the wrong type WHEN synthesized THEN each names the option, the value and what is accepted', () => {
    const run = synthError((c) => {
      const kv = new KubeVirtNetworking(c, 'kv');
      kv.addBinding('x', { colour: 1 } as any);
      kv.addBinding('y', { networkAttachmentDefinition: 5 } as any);
    });
    expect(run).toThrow(/addBinding\("x"\): unknown key "colour"; accepted: sidecarImage, networkAttachmentDefinition, domainAttachmentType, migration, downwardApi, memoryOverhead/);
    expect(run).toThrow(/addBinding\("y"\)\.networkAttachmentDefinition: expected a NetworkAttachmentDefinition \(a construct, or NetworkAttachmentDefinition\.fromName\(\)\) or its reference as "name" or "namespace\/name"; got 5/);
  });

  it('GIVEN bindings in spec WHEN synthesized THEN it asks for addBinding()', () => {
    expect(synthError((c) => new KubeVirtNetworking(c, 'kv', { spec: { configuration: { network: { binding: { x: {} } } } } })))
      .toThrow(/props\.spec: bindings in spec are not accepted; register each binding with addBinding\(\)/);
  });

  it('GIVEN featureGates on an HCO target WHEN synthesized THEN it says hco manages gates', () => {
    expect(synthError((c) => new KubeVirtNetworking(c, 'kv', { featureGates: ['X'] }), { target: ClusterTarget.HCO_V1 }))
      .toThrow(/props\.featureGates: featureGates and disabledFeatureGates belong to a KubeVirt CR/);
  });

  it('GIVEN two cluster configurations in one cluster WHEN synthesized THEN it asks for one per cluster', () => {
    expect(synthError((c) => { new KubeVirtNetworking(c, 'a'); new KubeVirtNetworking(c, 'b', { name: 'other' }); }))
      .toThrow(/\[test\] cluster test has 2 cluster configurations \(test\/c\/a, test\/c\/b\); a cluster has one KubeVirt or HyperConverged CR/);
  });

  it('GIVEN an HCO binding named l2bridge WHEN synthesized THEN a warning says hco replaces it', () => {
    const chart = clusterChart({ target: ClusterTarget.HCO_V1BETA1 });
    new KubeVirtNetworking(chart, 'hco').addBinding('l2bridge', { domainAttachmentType: DomainAttachmentType.MANAGED_TAP });
    expect(() => Testing.synth(chart)).not.toThrow();
    expect(AppCheck.of(chart).warnings).toEqual(expect.arrayContaining([expect.stringMatching(/binding name "l2bridge" is reserved by hco, which silently replaces this entry/)]));
  });
});

describe('KubeVirtNetworking escape hatches and references', () => {
  it('GIVEN JSON patches on spec fields the user set and the library generated WHEN synthesized THEN they apply last and the YAML stays sorted', () => {
    // GIVEN
    const chart = clusterChart({ version: '1.4' });
    const kv = new KubeVirtNetworking(chart, 'kv', { spec: { infra: { replicas: 2 } } });
    kv.addBinding('slirp', { sidecarImage: 'example.org/s:1' });
    // WHEN
    kv.apiObject.addJsonPatch(
      JsonPatch.replace('/spec/infra/replicas', 3),
      JsonPatch.remove('/spec/imagePullPolicy'),
      JsonPatch.add('/spec/configuration/network/binding/slirp/migration', {}),
      JsonPatch.add('/spec/aaa', 'first'),
    );
    kv.metadata.addAnnotation('argocd.argoproj.io/sync-wave', '-1');
    // THEN
    const cr = kubevirtCr(chart);
    expect(cr.spec.infra).toEqual({ replicas: 3 });
    expect(cr.spec.imagePullPolicy).toBeUndefined();
    expect(cr.spec.configuration.network.binding.slirp).toEqual({ migration: {}, sidecarImage: 'example.org/s:1' });
    expect(Object.keys(cr)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(Object.keys(cr.spec)).toEqual(['aaa', 'certificateRotateStrategy', 'configuration', 'customizeComponents', 'infra', 'workloadUpdateStrategy']);
    expect(cr.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '-1' });
  });

  it('GIVEN metadata props WHEN synthesized THEN labels and annotations are kept and name and namespace props win', () => {
    const chart = clusterChart();
    new KubeVirtNetworking(chart, 'kv', { name: 'kv', metadata: { name: 'ignored', labels: { team: 'platform' }, annotations: { a: 'b' } } });
    expect(kubevirtCr(chart).metadata).toEqual({ name: 'kv', namespace: 'kubevirt', labels: { team: 'platform' }, annotations: { a: 'b' } });
  });

  it('GIVEN the CR kinds the library writes WHEN compared with the generated imports THEN they agree', () => {
    expect(KUBEVIRT_GVK).toEqual(kvImport.KubeVirt.GVK);
    expect(HCO_V1BETA1_GVK).toEqual(hcoImport.HyperConvergedV1Beta1.GVK);
    expect(HCO_V1_GVK).toEqual(hcoImport.HyperConverged.GVK);
  });

  it('GIVEN values the library does not list WHEN registered THEN they are written as given and judged by the rules', () => {
    const chart = clusterChart({ version: '1.9' });
    new KubeVirtNetworking(chart, 'kv').addBinding('x', {
      domainAttachmentType: DomainAttachmentType.of('futureTap'),
      migration: BindingMigration.of({ method: 'future' }),
      downwardApi: BindingDownwardApi.of('future-info'),
    });
    // kubevirt stores values outside its constants and ignores them: warnings, not errors
    expect(() => Testing.synth(chart)).not.toThrow();
    expect(AppCheck.of(chart).warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/registration "x" domainAttachmentType is "futureTap", which kubevirt ignores \(it [a-z ]+\); accepted: "tap", "managedTap"/),
      expect.stringMatching(/registration "x" migration\.method is "future", which kubevirt ignores/),
      expect.stringMatching(/registration "x" downwardAPI is "future-info", which kubevirt ignores/),
    ]));
  });

  it('GIVEN a NAD referenced by name from outside the app WHEN registered THEN the reference is written as given', () => {
    const chart = clusterChart();
    new KubeVirtNetworking(chart, 'kv').addBinding('passt', { sidecarImage: 'example.org/p:1', networkAttachmentDefinition: NetworkAttachmentDefinition.fromName('net/passt') });
    expect(kubevirtCr(chart).spec.configuration.network.binding.passt.networkAttachmentDefinition).toBe('net/passt');
    expect(NetworkAttachmentDefinition.fromName('passt')).toEqual({ name: 'passt', reference: 'passt' });
    expect(NetworkAttachmentDefinition.fromName('net/passt')).toEqual({ namespace: 'net', name: 'passt', reference: 'net/passt' });
  });

  it('GIVEN a NAD construct of another cluster WHEN registered THEN the error names both clusters and fromName()', () => {
    const app = Testing.app();
    const a = new KubeVirtCluster(app, 'a');
    const b = new KubeVirtCluster(app, 'b');
    const nad = new NetworkAttachmentDefinition(new Chart(a, 'net'), 'passt', { namespace: 'default', cni: CniConfig.plugin('1.0.0', { type: 'x' }) });
    new KubeVirtNetworking(new Chart(b, 'config'), 'kv').addBinding('passt', { sidecarImage: 'example.org/p:1', networkAttachmentDefinition: nad });
    expect(() => app.synth()).toThrow(/\[b\/config\/kv\] addBinding\("passt"\)\.networkAttachmentDefinition: the nad a\/net\/passt belongs to cluster a, this configuration to cluster b; create the nad under this cluster, or refer to one created elsewhere with NetworkAttachmentDefinition\.fromName\(\)/);
  });

  it('GIVEN configurations under no cluster and in a cluster WHEN asked THEN each reports its own release and target', () => {
    const app = Testing.app();
    app.node.setContext('kubevirt-netbind:version', '1.3');
    const loose = new KubeVirtNetworking(new Chart(app, 'loose'), 'kv');
    const hco = new KubeVirtNetworking(new Chart(new KubeVirtCluster(app, 'edge', { version: '1.6', target: ClusterTarget.HCO_V1 }), 'c'), 'kv');
    expect([loose.version.toString(), loose.target.id, loose.cluster]).toEqual(['1.3', 'kubevirt', undefined]);
    expect([hco.version.toString(), hco.target.id, hco.cluster?.name]).toEqual(['1.6', 'hco-v1', 'edge']);
    expect(hco.apiObject.metadata.name).toBe('kubevirt-hyperconverged');
  });
});

describe('custom rules at synth', () => {
  const onlyKubevirtNamespace = (id = 'house-kubevirt-namespace'): Rule => ({
    meta: { id, severity: 'error', versions: 'all', description: 'the KubeVirt CR lives in kubevirt', source: 'house policy' },
    check(ctx) {
      for (const e of ctx.byKind('KubeVirt')) if (e.ref.namespace !== 'kubevirt') ctx.report(e, 'metadata.namespace', `expected namespace kubevirt; got ${e.ref.namespace}`);
    },
  });

  it('GIVEN a rule of the app and one of a cluster WHEN synthesized THEN both join the check, each where it applies', () => {
    const app = new NetbindApp({ rules: [onlyKubevirtNamespace()] });
    const cluster = new KubeVirtCluster(app, 'prod', { rules: [onlyKubevirtNamespace('house-second')] });
    new KubeVirtNetworking(new Chart(cluster, 'c'), 'kv', { namespace: 'elsewhere' });
    const run = () => Testing.synth(app.charts[0]);
    expect(run).toThrow(/\[prod\/c\/kv\] namespace \(metadata\.namespace\): expected namespace kubevirt; got elsewhere \(house-kubevirt-namespace; KubeVirt elsewhere\/kubevirt\)/);
    expect(run).toThrow(/\(house-second; KubeVirt elsewhere\/kubevirt\)/);
  });

  it('GIVEN a rule that clashes with a built-in id, one that is not a rule and one that throws WHEN synthesized THEN each is reported', () => {
    const throwing: Rule = { meta: { ...onlyKubevirtNamespace().meta, id: 'house-throws' }, check() { throw new Error('boom'); } };
    const app = new NetbindApp({ rules: [onlyKubevirtNamespace('binding-registered'), 42 as unknown as Rule, throwing] });
    new KubeVirtNetworking(new Chart(app, 'c'), 'kv');
    const run = () => Testing.synth(app.charts[0]);
    expect(run).toThrow(/rules\[0\] has id "binding-registered", which the built-in rule "binding-registered" already has; give your rule another id/);
    expect(run).toThrow(/rules\[1\] is not an object with meta and check/);
    expect(run).toThrow(/rule house-throws failed: boom/);
  });
});

describe('KubeVirtNetworking bad options', () => {
  it('GIVEN a binding with an option of the wrong type used by a VM WHEN synthesized THEN the option is reported and the VM is not told the binding is missing', () => {
    const chart = clusterChart();
    const slirp = new KubeVirtNetworking(chart, 'kv').addBinding('slirp', { sidecarImage: 42 as never });
    new VirtualMachine(chart, 'vm', { memory: '1Gi', interfaces: [{ name: 'net', binding: slirp, network: VmNetwork.pod() }] });
    const run = () => Testing.synth(chart);
    expect(run).toThrow(/\[test\/c\/kv\] addBinding\("slirp"\)\.sidecarImage: expected a string; got 42/);
    expect(run).not.toThrow(/not registered/);
  });
});

describe('custom rules reported once', () => {
  it('GIVEN a bad app rule and a cluster WHEN synthesized by NetbindApp THEN the problem is reported once, by the app', () => {
    const dist = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-rules-')), 'dist');
    const app = new NetbindApp({ outdir: dist, rules: [{ meta: { id: 'port-number' } } as unknown as Rule] });
    new KubeVirtNetworking(new Chart(new KubeVirtCluster(app, 'prod'), 'c'), 'kv');
    let message = '';
    try { app.synth(); } catch (e) { message = (e as Error).message; }
    expect(message).toMatch(/^synth failed with 1 error:\n {2}\[app\] NetbindApp rules\[0\] has no check\(ctx\) function$/);
    fs.rmSync(path.dirname(dist), { recursive: true, force: true });
  });
});
