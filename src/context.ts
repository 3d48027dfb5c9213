import type { IConstruct } from 'constructs';
import { KubeVirtVersion } from './version';

/** Context keys read for objects that are under no `KubeVirtCluster` (`NetbindApp`'s props set them). */
export const Context = {
  /** The KubeVirt release objects under no cluster are checked against (a `KubeVirtVersion` or text such as `1.4`). */
  VERSION: 'kubevirt-netbind:version',
  /** `true`: policy warnings of objects under no cluster are errors. */
  STRICT: 'kubevirt-netbind:strict',
  /** Rules (`Rule[]`) run at synth in every scope, after the library's own. */
  RULES: 'kubevirt-netbind:rules',
  /** `true`: the app's clusters are OpenShift (the CNI installers of the plugin kits add SecurityContextConstraints). */
  OPENSHIFT: 'kubevirt-netbind:openshift',
} as const;

/** A version given as a `KubeVirtVersion` or text; a problem naming `field` when it is neither. */
export function resolveVersion(given: unknown, field: string): { version?: KubeVirtVersion; problem?: string } {
  if (given === undefined) return {};
  if (given instanceof KubeVirtVersion) return { version: given };
  const parsed = typeof given === 'string' ? KubeVirtVersion.tryParse(given) : undefined;
  if (parsed) return { version: parsed };
  return {
    problem: `${field}: expected a kubevirt version from ${KubeVirtVersion.SUPPORTED_RANGE}, such as "1.4" or "1.1.1"; got ${JSON.stringify(given) ?? typeof given}`,
  };
}

/** The app's default release (context key `kubevirt-netbind:version`), when it is set and valid. */
export function appDefaultVersion(scope: IConstruct): { version?: KubeVirtVersion; problem?: string } {
  return resolveVersion(scope.node.root.node.tryGetContext(Context.VERSION), `context ${Context.VERSION} (NetbindApp kubeVirtVersion)`);
}

/** Whether objects under no cluster are checked strictly (context key `kubevirt-netbind:strict`). */
export function appStrict(scope: IConstruct): boolean {
  const v = scope.node.root.node.tryGetContext(Context.STRICT);
  return v === true || v === 'true';
}

/** The rules the app adds for every scope (context key `kubevirt-netbind:rules`). */
export function appRules<T>(scope: IConstruct): T[] {
  const rules = scope.node.root.node.tryGetContext(Context.RULES);
  return Array.isArray(rules) ? rules : [];
}
