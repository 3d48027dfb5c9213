import { App, Chart, ChartProps, Testing } from 'cdk8s';
import { KubeVirtCluster, KubeVirtClusterProps } from '../../src';

/** A chart (`test/c`) under a cluster (`test`) of a fresh app: what most construct tests need. */
export function clusterChart(props: KubeVirtClusterProps = {}, chartProps: ChartProps = {}, app: App = Testing.app()): Chart {
  return new Chart(new KubeVirtCluster(app, 'test', props), 'c', chartProps);
}
