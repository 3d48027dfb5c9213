import { App, Chart, Testing } from 'cdk8s';
import { KubeVirtCluster, KubeVirtClusterProps, KubeVirtNetworking } from '../../src';
import { AppCheck } from '../../src/app-check';
import { validateApp } from '../../src/synth';

/** A cluster at `version` with a chart `c` (namespace `vms` unless given; null for none) and its KubeVirt CR `kv`. */
export function kitCluster(version: string, props: Partial<KubeVirtClusterProps> = {}, namespace: string | null = 'vms', app: App = Testing.app()) {
  const chart = new Chart(new KubeVirtCluster(app, 'test', { version, ...props }), 'c', namespace === null ? {} : { namespace });
  const networking = new KubeVirtNetworking(chart, 'kv');
  return { app, chart, networking };
}

/** Every validation error of the app (what a synth would refuse with). */
export function errorsOf(chart: Chart): string[] {
  return validateApp(chart.node.root as App);
}

/** The manifests of the chart, after validating the app (throws on errors, as Testing.synth does). */
export function manifestsOf(chart: Chart): any[] {
  return Testing.synth(chart);
}

/** The warnings of the chart's scope, after a synth. */
export function warningsOf(chart: Chart): readonly string[] {
  return AppCheck.of(chart).warnings;
}

/** The one manifest of `kind` (and `name`, when given). */
export function one(manifests: any[], kind: string, name?: string): any {
  const found = manifests.filter((m) => m.kind === kind && (name === undefined || m.metadata?.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0];
}

/** The registrations of the KubeVirt CR. */
export function registrations(manifests: any[]): Record<string, unknown> {
  return one(manifests, 'KubeVirt').spec.configuration.network.binding;
}
