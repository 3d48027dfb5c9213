/**
 * Shape helpers shared by the construct props. Values are not judged here: the rule engine judges them, with the
 * patterns of src/rules/patterns.ts, so a value is accepted or rejected in one way only (at synth, and by
 * `kubevirt-netbind lint`).
 */
import { shape } from './shape';

/** Labels and annotations: a map of strings; keys and values are judged by the `object-metadata` rule. */
export const labelMap = shape.record(shape.string(), 'expected a map of strings');

/** An instance of a class (also one with a private constructor, as the enum-like classes have). */
export const instanceOf = shape.instanceOf;
