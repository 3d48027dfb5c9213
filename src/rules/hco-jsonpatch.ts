/**
 * HCO's jsonpatch annotations: JSON patches a HyperConverged CR applies to the operand CRs it owns. HCO supports
 * them only as an escape hatch: it sets the `TaintedConfiguration` condition (reason `UnsupportedFeatureAnnotation`),
 * counts them in `kubevirt_hco_unsafe_modification_count` and asks to remove them before an upgrade
 * (hyperconverged-cluster-operator docs/cluster-configuration.md "jsonpatch Annotations").
 */
import type { Rule } from './types';
import { isObject, join, list, obj, str } from './util';

/** The annotations, and the operand CR each patches. */
const ANNOTATIONS: ReadonlyArray<readonly [string, string]> = [
  ['kubevirt.kubevirt.io/jsonpatch', 'KubeVirt'],
  ['containerizeddataimporter.kubevirt.io/jsonpatch', 'CDI'],
  ['networkaddonsconfigs.kubevirt.io/jsonpatch', 'NetworkAddonsConfig'],
  ['ssp.kubevirt.io/jsonpatch', 'SSP'],
];

/** The HyperConverged field for what a KubeVirt patch path sets, where HCO has one. */
function replacementFor(patchPath: string, v1: boolean): string | undefined {
  if (patchPath.startsWith('/spec/configuration/network/binding')) {
    return v1 ? 'register bindings in spec.networking.networkBinding' : 'register bindings in spec.networkBinding';
  }
  if (patchPath.startsWith('/spec/configuration/developerConfiguration/featureGates')) return 'set spec.featureGates';
  if (patchPath.startsWith('/spec/configuration/migrations')) return 'set spec.liveMigrationConfig';
  return undefined;
}

export const hcoJsonpatchAnnotation: Rule = {
  meta: {
    id: 'hco-jsonpatch-annotation',
    severity: 'warning',
    policy: true,
    versions: 'all',
    description: 'A HyperConverged CR has a jsonpatch annotation (`kubevirt.kubevirt.io/jsonpatch`, `containerizeddataimporter.kubevirt.io/jsonpatch`, `networkaddonsconfigs.kubevirt.io/jsonpatch`, `ssp.kubevirt.io/jsonpatch`). HCO applies it but treats it as unsupported: it sets the `TaintedConfiguration` condition, raises an alert, and the patch can break on an upgrade. Use the HyperConverged spec fields instead (bindings: `spec.networkBinding` in v1beta1, `spec.networking.networkBinding` in v1).',
    source: 'hyperconverged-cluster-operator docs/cluster-configuration.md "jsonpatch Annotations" (TaintedConfiguration, reason UnsupportedFeatureAnnotation)',
    history: [
      {
        since: '1.1',
        behaviour: 'house policy: HCO applies the patch to the operand CR and marks the cluster TaintedConfiguration; this is HCO\'s '
          + 'behaviour, the same for every KubeVirt release it ships (1.1-1.9)',
        source: 'hyperconverged-cluster-operator docs/cluster-configuration.md "jsonpatch Annotations"',
      },
    ],
  },
  check(ctx) {
    for (const e of ctx.byKind('HyperConverged')) {
      if (e.group !== 'hco.kubevirt.io') continue;
      const annotations = obj(obj(e.manifest.metadata)?.annotations);
      if (!annotations) continue;
      const v1 = e.ref.apiVersion !== 'hco.kubevirt.io/v1beta1';
      for (const [key, operand] of ANNOTATIONS) {
        const value = annotations[key];
        if (value === undefined || value === null) continue;
        let advice = 'set what it patches through the HyperConverged spec where it has a field, and remove the annotation before an upgrade';
        if (operand === 'KubeVirt') {
          const hints = new Set<string>();
          try {
            for (const op of list(JSON.parse(str(value) ?? ''))) {
              const path = isObject(op) ? str(op.path) : undefined;
              const hint = path !== undefined ? replacementFor(path, v1) : undefined;
              if (hint) hints.add(hint);
            }
          } catch {
            // not JSON: the generic advice stands
          }
          if (hints.size > 0) advice = `${[...hints].join('; ')} instead`;
        }
        ctx.report(e, join('metadata.annotations', key),
          `annotation ${key} patches the ${operand} CR behind hco: hco treats it as unsupported, sets the TaintedConfiguration condition (reason UnsupportedFeatureAnnotation) and the patch may break on an upgrade; ${advice}`);
      }
    }
  },
};

export const HCO_RULES: readonly Rule[] = [hcoJsonpatchAnnotation];
