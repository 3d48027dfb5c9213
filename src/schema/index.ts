/** Validation of manifests against user-supplied CustomResourceDefinitions (the `schema` rule). */
export { CrdError, CrdSet, compileCrd, crdSetOf } from './crd';
export { loadCrdFiles } from './files';
export type { Crd, CrdVersion } from './crd';
export { compileSchema } from './node';
export type { CompileResult, SchemaNode, SchemaPattern, SchemaType } from './node';
export { validateValue, showValue, MAX_ISSUES } from './validate';
export type { SchemaIssue, ValidateOptions } from './validate';
export { isQuantityString } from './quantity';
export { translateRe2 } from './re2';
export type { Translation } from './re2';
export { SCHEMA_RULE, SCHEMA_RULE_ID, schemaRule, withCrds } from './rule';
