import { Chart } from 'cdk8s';
import { BindingCni, KubeVirtNetworking, NetbindApp, NetworkAttachmentDefinition } from '../../src';

/**
 * One of two apps for tests of the output folder: variant `a` writes charts one and two, variant `b` charts one and
 * three, with different content, so a folder holding a mix of both is told apart from either.
 */
export function variantApp(outdir: string, variant: 'a' | 'b'): NetbindApp {
  const app = new NetbindApp({ outdir });
  new KubeVirtNetworking(new Chart(app, 'one'), 'kv').addBinding(variant === 'a' ? 'passt' : 'slirp', { sidecarImage: `example.org/${variant}:1` });
  const second = new Chart(app, variant === 'a' ? 'two' : 'three', { namespace: `ns-${variant}` });
  for (let i = 0; i < 20; i++) new NetworkAttachmentDefinition(second, `nad-${variant}-${i}`, { cni: BindingCni.passt() });
  return app;
}
