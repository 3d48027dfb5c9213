// GIVEN random props (wrong types, undefined, NaN, huge and unicode strings, negative numbers, deep objects) for every
// construct WHEN the app is built and synthesized to a folder THEN it succeeds, or throws an Error whose message lists
// problems in the house style, and the output folder is never half-written. fast-check prints the seed on failure.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BindingCni, BindingMigration, CniConfig, ClusterTarget, CoreBinding, DomainAttachmentType, KubeVirtCluster,
  KubeVirtNetworking, NetbindApp, NetworkAttachmentDefinition, NetworkBinding, SynthError, VirtualMachine, VmDisk,
  VmNetwork,
} from '../src';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netbind-fuzz-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Text that cannot be mistaken for the words a broken message would show. */
const text = (a: fc.Arbitrary<string>) => a.filter((s) => !/undefined|\[object Object\]/.test(s));

/** An object nested `depth` levels deep. */
const nested = (depth: number): unknown => {
  let o: unknown = { leaf: 'x' };
  for (let i = 0; i < depth; i++) o = { a: o };
  return o;
};

/** A value of any kind, hostile ones favoured (objects up to 200 levels deep; deeper ones have a test of their own). */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, NaN, -1, 0, -0, Infinity, -Infinity, 1e308, 2 ** 53 + 1, true, false, '', ' ', [], {}),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double(),
  text(fc.string({ maxLength: 40 })),
  text(fc.string({ maxLength: 20, unit: 'grapheme' })),
  fc.constantFrom('é', '名前', '\u0000', '\n', 'a'.repeat(100_000), 'x\u202Ey', '../..', 'ns/name', '💥'),
  fc.integer({ min: 1, max: 200 }).map(nested),
  fc.array(text(fc.string({ maxLength: 8 })), { maxLength: 4 }),
  fc.dictionary(text(fc.string({ minLength: 1, maxLength: 8 })), fc.oneof(fc.integer(), text(fc.string({ maxLength: 8 })), fc.constant(null)), { maxKeys: 3 }),
);

/** For each key, nothing, a good value or a hostile one; sometimes an unknown key; sometimes not an object at all. */
function propsOf(good: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const entries: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, g] of Object.entries(good)) entries[k] = fc.oneof({ weight: 3, arbitrary: g }, { weight: 2, arbitrary: hostile });
  const record = fc.record(entries, { requiredKeys: [] });
  return fc.oneof(
    { weight: 8, arbitrary: record },
    { weight: 1, arbitrary: fc.tuple(record, text(fc.string({ minLength: 1, maxLength: 10 })), hostile).map(([r, k, v]) => ({ ...(r as object), [k]: v })) },
    { weight: 1, arbitrary: hostile },
  );
}

const dnsName = fc.constantFrom('web', 'vm-1', 'passt', 'default', 'a');
const image = fc.constantFrom('quay.io/kubevirt/network-passt-binding:20231205_29a16d5c9', 'quay.io/containerdisks/fedora:40');
const version = fc.constantFrom('1.1', '1.2', '1.3', '1.4', '1.5', '1.9', '1.1.1', '2.0', 'latest');

const clusterProps = propsOf({
  name: dnsName, version, target: fc.constantFrom(ClusterTarget.KUBEVIRT, ClusterTarget.HCO_V1BETA1, ClusterTarget.HCO_V1), strict: fc.boolean(),
});
const networkingProps = propsOf({
  name: dnsName, namespace: dnsName, featureGates: fc.array(fc.constantFrom('Sidecar', 'NetworkBindingPlugins')),
  disabledFeatureGates: fc.array(fc.constantFrom('Sidecar')), spec: fc.constant({ configuration: { obsoleteCPUModels: { '486': true } } }),
  metadata: fc.constant({ labels: { a: 'b' } }),
});
const bindingOptions = propsOf({
  sidecarImage: image, domainAttachmentType: fc.constantFrom(DomainAttachmentType.TAP, DomainAttachmentType.MANAGED_TAP),
  migration: fc.constantFrom(BindingMigration.migratable()), memoryOverhead: fc.constantFrom('500Mi', '1Gi', '-1', 'lots'),
  networkAttachmentDefinition: fc.constantFrom('default/netbindingpasst', 'x'),
});
const nadProps = propsOf({
  cni: fc.constantFrom(BindingCni.passt(), BindingCni.macvtap(), CniConfig.plugin('1.0.0', { type: 'bridge' })),
  name: dnsName, namespace: dnsName, cniName: dnsName, annotations: fc.constant({ a: 'b' }), labels: fc.constant({ a: 'b' }),
});
const port = fc.oneof(fc.integer({ min: -5, max: 70_000 }), hostile);
const ifaceOf = (binding: fc.Arbitrary<unknown>) => propsOf({
  name: fc.constantFrom('default', 'net1', 'bad name'), binding,
  network: fc.constantFrom(VmNetwork.pod(), VmNetwork.multus('default/netbindingpasst')),
  ports: fc.array(fc.record({ port }), { maxLength: 2 }), macAddress: fc.constantFrom('02:00:00:00:00:01', 'zz'), bootOrder: port,
});
const coreBinding = fc.constantFrom(CoreBinding.MASQUERADE, CoreBinding.BRIDGE, CoreBinding.PASST, NetworkBinding.fromName('passt'));
const disk = fc.oneof(
  fc.constantFrom(
    VmDisk.containerDisk({ name: 'root', image: 'quay.io/containerdisks/fedora:40' }),
    VmDisk.cloudInitNoCloud({ name: 'ci', userDataSecretRef: 'web-userdata' }),
    VmDisk.cloudInitNoCloud({ name: 'ci', userData: '#cloud-config\npassword: hunter22\n' }),
  ),
  fc.tuple(hostile, hostile).map(([name, image]) => VmDisk.containerDisk({ name, image } as never)),
  fc.tuple(hostile, hostile).map(([name, userData]) => VmDisk.cloudInitConfigDrive({ name, userData } as never)),
  hostile,
);
const vmProps = (binding: fc.Arbitrary<unknown>) => propsOf({
  memory: fc.constantFrom('1Gi', '64Mi', '-1', '1.5.5'), interfaces: fc.array(ifaceOf(binding), { maxLength: 3 }),
  disks: fc.array(disk, { maxLength: 3 }), runStrategy: fc.constantFrom('Always', 'Sometimes'), cpuCores: port,
  labels: fc.constant({ app: 'web' }), namespace: dnsName, name: dnsName, annotations: fc.constant({ a: 'b' }),
  specOverrides: fc.constant({ template: { spec: { hostname: 'web-1' } } }), metadata: fc.constant({ labels: { a: 'b' } }),
});

/** What a folder holds: names, and the record of the last synth (every file is listed in it). */
function snapshot(dir: string): string {
  const list = (d: string): string[] => (fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(d, e.name);
    return e.isDirectory() ? [`${p}/`, ...list(p)] : [p];
  }) : []);
  const record = path.join(dir, 'dist', '.netbind-files');
  return [...list(dir), fs.existsSync(record) ? fs.readFileSync(record, 'utf8') : ''].join('\n');
}

/** The house style of an error: an Error (never a TypeError and the like) whose message is a list of problems. */
function expectHouseStyle(e: unknown): void {
  expect(e).toBeInstanceOf(Error);
  const err = e as Error;
  expect(err.constructor.name, err.stack).not.toMatch(/^(TypeError|RangeError|ReferenceError|SyntaxError|EvalError)$/);
  const message = String(err.message);
  expect(message.trim(), err.stack).not.toBe('');
  expect(message, 'a message without stack lines').not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  expect(message, 'a message with "undefined"').not.toMatch(/undefined/);
  expect(message, 'a message with "[object Object]"').not.toMatch(/\[object Object\]/);
  if (err instanceof SynthError) {
    expect(err.problems.length).toBeGreaterThan(0);
    for (const p of err.problems) {
      expect(p.trim(), message).not.toBe('');
      expect(p, 'a problem ending with a period').not.toMatch(/[^.]\.$/);
    }
  }
}

/**
 * One output folder per property, with a file of the user's own in it. Each case builds and synthesizes an app
 * there: a failed synth must leave the folder and its parent exactly as they were (nothing half-written, no staging
 * folder left), a good one must write every file it lists and keep the user's file.
 */
function outputFolder(): { readonly outdir: string; run(build: (app: NetbindApp) => void): unknown } {
  const root = fs.mkdtempSync(path.join(tmp, 'case-'));
  const outdir = path.join(root, 'dist');
  fs.mkdirSync(outdir);
  const own = path.join(outdir, 'kustomization.yaml');
  fs.writeFileSync(own, 'resources: []\n');
  return {
    outdir,
    run(build) {
      const before = snapshot(root);
      let thrown: unknown;
      try {
        const app = new NetbindApp({ outdir });
        build(app);
        app.synth();
      } catch (e) {
        thrown = e;
      }
      if (thrown !== undefined) {
        expectHouseStyle(thrown);
        expect(snapshot(root)).toBe(before);
      } else {
        const listed = fs.readFileSync(path.join(outdir, '.netbind-files'), 'utf8').split('\n').filter((l) => l !== '');
        for (const f of listed) expect(fs.existsSync(path.join(outdir, f)), f).toBe(true);
        expect(fs.readFileSync(own, 'utf8')).toBe('resources: []\n');
      }
      return thrown;
    },
  };
}

describe('random props never crash the library', () => {
  it('GIVEN random NetbindApp and KubeVirtCluster props WHEN synthesized THEN success or a listed problem', () => {
    const out = outputFolder();
    fc.assert(fc.property(propsOf({ kubeVirtVersion: version, strict: fc.boolean() }), clusterProps, (appProps, props) => {
      out.run((app) => {
        const cluster = new KubeVirtCluster(app, 'prod', props as never);
        new KubeVirtNetworking(new Chart(cluster, 'config'), 'kubevirt');
      });
      // the app's own props, with the property's output folder
      out.run(() => {
        const extra = appProps !== null && typeof appProps === 'object' ? appProps : {};
        new NetbindApp({ ...(extra as object), outdir: out.outdir } as never).synth();
      });
    }), { numRuns: 300 });
  });

  it('GIVEN random KubeVirtNetworking props and addBinding options WHEN synthesized THEN success or a listed problem', () => {
    const out = outputFolder();
    fc.assert(fc.property(clusterProps, networkingProps, fc.oneof(dnsName, hostile), bindingOptions, (cp, np, name, options) => {
      out.run((app) => {
        const config = new KubeVirtNetworking(new Chart(new KubeVirtCluster(app, 'prod', cp as never), 'config'), 'kubevirt', np as never);
        config.addBinding(name as never, options as never);
      });
    }), { numRuns: 1200 });
  });

  it('GIVEN random NetworkAttachmentDefinition props WHEN synthesized THEN success or a listed problem', () => {
    const out = outputFolder();
    fc.assert(fc.property(nadProps, (props) => {
      out.run((app) => {
        new NetworkAttachmentDefinition(new Chart(new KubeVirtCluster(app, 'prod', { version: '1.4' }), 'nets', { namespace: 'default' }), 'netbindingpasst', props as never);
      });
    }), { numRuns: 1400 });
  });

  it('GIVEN random VirtualMachine props, addInterface and addDisk arguments WHEN synthesized THEN success or a listed problem', () => {
    const out = outputFolder();
    fc.assert(fc.property(vmProps(coreBinding), ifaceOf(fc.oneof(coreBinding, hostile)), disk, (props, iface, extraDisk) => {
      out.run((app) => {
        const cluster = new KubeVirtCluster(app, 'prod', { version: '1.4' });
        const passt = new KubeVirtNetworking(new Chart(cluster, 'config'), 'kubevirt').addBinding('passt', { sidecarImage: 'quay.io/kubevirt/network-passt-binding:20231205_29a16d5c9' });
        const vm = new VirtualMachine(new Chart(cluster, 'workloads', { namespace: 'default' }), 'web', props as never);
        vm.addInterface(iface as never);
        vm.addDisk(extraDisk as never);
        vm.addInterface({ name: 'passtnet', binding: passt, network: VmNetwork.pod() });
      });
    }), { numRuns: 1800 });
  });

  it('GIVEN objects 3,000 levels deep in every construct\'s props WHEN synthesized THEN the synth fails listing the problems', () => {
    const deep = nested(3000);
    const out = outputFolder();
    const thrown = out.run((app) => {
      const cluster = new KubeVirtCluster(app, 'prod', { version: '1.4', name: deep } as never);
      const config = new KubeVirtNetworking(new Chart(cluster, 'config'), 'kubevirt', { featureGates: deep, metadata: deep } as never);
      config.addBinding('passt', { sidecarImage: deep, migration: deep } as never);
      const chart = new Chart(cluster, 'workloads', { namespace: 'default' });
      new NetworkAttachmentDefinition(chart, 'nad', { cni: deep, annotations: { a: deep } } as never);
      const vm = new VirtualMachine(chart, 'web', { memory: deep, labels: { a: deep }, metadata: deep, interfaces: [deep] } as never);
      vm.addInterface(deep as never);
      vm.addDisk(deep as never);
    });
    expect(thrown).toBeInstanceOf(SynthError);
    expect((thrown as SynthError).problems).toHaveLength(17);
  });
});
