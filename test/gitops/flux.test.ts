/**
 * Flux Kustomizations of one cluster: one per layer, chained by dependsOn, the first health-checking the KubeVirt
 * CR with CEL, the networks layer waiting for its DaemonSets; the props' problems.
 */
import { describe, expect, it } from 'vitest';
import { fluxKustomizations, fluxProblems } from '../../src/gitops/flux';
import { Layer } from '../../src/gitops/layout';
import type { ClusterContent } from '../../src/gitops/layout';

/** A cluster's content as layoutCluster makes it: a KubeVirt CR in the first layer, nothing else. */
function content(folders: [string, string, string] = ['cluster-config', 'networks', 'workloads']): ClusterContent {
  const kv = { apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'kubevirt', namespace: 'kubevirt' } };
  return {
    cluster: undefined as never,
    folder: 'lab',
    layers: Layer.ALL.map((layer, i) => ({
      layer, folder: folders[i], files: [],
      objects: i === 0 ? [{ manifest: kv, layer, source: 'lab/kv', file: 'kubevirt_kubevirt_kubevirt.yaml' }] : [],
    })),
  };
}

describe('fluxKustomizations', () => {
  it('GIVEN a cluster with its own layer folders and a source in another namespace WHEN rendered THEN names, paths and dependsOn follow them', () => {
    const ks = fluxKustomizations({ sourceRef: { kind: 'OCIRepository', name: 'src', namespace: 'sources' }, pathPrefix: '.', namespace: 'gitops', prune: false, interval: '1h', timeout: '30m' },
      content(['00-kubevirt', '10-net', '20-vms']));
    expect(ks.map((k: any) => ({ name: k.metadata.name, ns: k.metadata.namespace, path: k.spec.path, dep: k.spec.dependsOn, wait: k.spec.wait }))).toEqual([
      { name: 'lab-00-kubevirt', ns: 'gitops', path: './lab/00-kubevirt', dep: undefined, wait: undefined },
      { name: 'lab-10-net', ns: 'gitops', path: './lab/10-net', dep: [{ name: 'lab-00-kubevirt' }], wait: true },
      { name: 'lab-20-vms', ns: 'gitops', path: './lab/20-vms', dep: [{ name: 'lab-10-net' }], wait: undefined },
    ]);
    expect((ks[0] as any).spec).toMatchObject({ interval: '1h', timeout: '30m', prune: false, sourceRef: { kind: 'OCIRepository', name: 'src', namespace: 'sources' } });
    expect((ks[0] as any).spec.healthCheckExprs).toEqual([{
      apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt',
      current: "has(status.phase) && status.phase == 'Deployed' && has(status.conditions) && status.conditions.exists(c, c.type == 'Available' && c.status == 'True') && !status.conditions.exists(c, c.type == 'Progressing' && c.status == 'True')",
      failed: "has(status.conditions) && status.conditions.exists(c, c.type == 'Degraded' && c.status == 'True' && c.reason == 'DeploymentFailed')",
    }]);
  });

  it('GIVEN a cluster-config layer without an operator CR WHEN rendered THEN no health checks', () => {
    const c = content();
    const empty = { ...c, layers: c.layers.map((l) => ({ ...l, objects: [] })) };
    expect((fluxKustomizations({ sourceRef: { name: 's' }, pathPrefix: 'x' }, empty)[0] as any).spec.healthChecks).toBeUndefined();
  });
});

describe('fluxProblems', () => {
  it('GIVEN bad props WHEN checked THEN every one is named with what is accepted', () => {
    expect(fluxProblems({ sourceRef: { name: 'Bad_Name', kind: 'HelmRepository' as never }, pathPrefix: '/abs', timeout: '5 minutes', prune: 'yes' as never })).toEqual([
      'NetbindApp props.gitOps.flux.sourceRef.name: expected the name of the Flux source that holds the output (such as "flux-system"); got "Bad_Name"',
      'NetbindApp props.gitOps.flux.sourceRef.kind: expected "GitRepository", "OCIRepository" or "Bucket"; got "HelmRepository"',
      'NetbindApp props.gitOps.flux.pathPrefix: expected the output folder\'s path in the source, such as "clusters" or "deploy/kubevirt" ("." for the root; no "..", no leading "/"); got "/abs"',
      'NetbindApp props.gitOps.flux.timeout: expected a duration such as "10m" or "1h30m"; got "5 minutes"',
      'NetbindApp props.gitOps.flux.prune: expected true or false; got "yes"',
    ]);
  });

  it('GIVEN good props WHEN checked THEN no problem', () => {
    expect(fluxProblems({ sourceRef: { name: 'flux-system' }, pathPrefix: 'clusters/prod', interval: '1h30m' })).toEqual([]);
  });
});
