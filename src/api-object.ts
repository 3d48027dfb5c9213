import { ApiObject } from 'cdk8s';
import { sortKeys } from './json';

/**
 * The L1 object of the library's constructs. Its generated parts are cdk8s `Lazy` values, resolved when the object
 * is serialized, so JSON patches (`addJsonPatch`) apply after them and reach every field.
 *
 * cdk8s sorts an object's keys before it applies the JSON patches (cdk8s api-object.ts `toJson()`), so a patch that
 * adds a key leaves it last; this class sorts once more after the patches, so output stays sorted and deterministic
 * whatever the patches do. Only objects with patches pay for it.
 */
export class SortedApiObject extends ApiObject {
  private patchCount = 0;

  public override addJsonPatch(...ops: Parameters<ApiObject['addJsonPatch']>): void {
    this.patchCount += ops.length;
    super.addJsonPatch(...ops);
  }

  public override toJson(): any {
    return this.patchCount > 0 ? sortedAfterPatches(super.toJson()) : super.toJson();
  }
}

/** A manifest with JSON patches applied, sorted again as cdk8s sorts (unless CDK8S_DISABLE_SORT is set). */
export function sortedAfterPatches(json: any): any {
  return process.env.CDK8S_DISABLE_SORT ? json : sortKeys(json, ['apiVersion', 'kind', 'metadata']);
}
