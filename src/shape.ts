/**
 * Shape and type checks for construct props: a string where a string belongs, known keys, lists of the right
 * items. Values are not judged here (the rule engine judges them). A small module of its own rather than a schema
 * library: props are checked once per construct, and loading and first use of a general library was most of the
 * fixed cost of a small app's synth.
 */

/** One problem: where (keys and list indexes from the checked value's root) and what is expected. */
export interface ShapeIssue {
  readonly path: ReadonlyArray<string | number>;
  /** `expected a string`, or for unknown keys the keys. */
  readonly message: string;
  /** Set for unknown keys: the keys, and the keys accepted at `path`. */
  readonly unknownKeys?: readonly string[];
  readonly acceptedKeys?: readonly string[];
}

/** A check of one value. */
export abstract class Schema<T = unknown> {
  /** Present only for TypeScript: the type a value has once it passes. */
  declare readonly _type: T;

  /** The same check, also passing `undefined`. */
  public optional(): Schema<T | undefined> {
    return new Optional(this);
  }

  /** Every problem of `value` (none when it passes). */
  public issues(value: unknown): ShapeIssue[] {
    const out: ShapeIssue[] = [];
    this.check(value, [], out);
    return out;
  }

  /** @internal */
  public abstract check(value: unknown, path: Array<string | number>, out: ShapeIssue[]): void;
}

class Optional<T> extends Schema<T | undefined> {
  public constructor(private readonly inner: Schema<T>) { super(); }
  public check(value: unknown, path: Array<string | number>, out: ShapeIssue[]): void {
    if (value !== undefined) this.inner.check(value, path, out);
  }
}

class Predicate<T> extends Schema<T> {
  public constructor(private readonly test: (v: unknown) => boolean, private readonly expected: string) { super(); }
  public check(value: unknown, path: Array<string | number>, out: ShapeIssue[]): void {
    if (!this.test(value)) out.push({ path: [...path], message: this.expected });
  }
}

class ArrayOf<T> extends Schema<T[]> {
  public constructor(private readonly item: Schema<T>) { super(); }
  public check(value: unknown, path: Array<string | number>, out: ShapeIssue[]): void {
    if (!Array.isArray(value)) {
      out.push({ path: [...path], message: 'expected a list' });
      return;
    }
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      this.item.check(value[i], path, out);
      path.pop();
    }
  }
}

class RecordOf<T> extends Schema<Record<string, T>> {
  public constructor(private readonly value: Schema<T>, private readonly expected: string) { super(); }
  public check(value: unknown, path: Array<string | number>, out: ShapeIssue[]): void {
    if (!isPlainObject(value)) {
      out.push({ path: [...path], message: this.expected });
      return;
    }
    for (const k of Object.keys(value)) {
      path.push(k);
      this.value.check(value[k], path, out);
      path.pop();
    }
  }
}

/** An object with known keys; unknown keys are a problem unless the object is loose. */
export class ObjectSchema<T = Record<string, unknown>> extends Schema<T> {
  /** The keys, their checks, and which of them pass when absent (checked once per construct: kept, not recomputed). */
  private readonly keys: readonly string[];
  private readonly checks: readonly Schema[];
  private readonly skipWhenAbsent: readonly boolean[];

  public constructor(public readonly shape: Readonly<Record<string, Schema>>, private readonly loose = false) {
    super();
    this.keys = Object.keys(shape);
    this.checks = this.keys.map((k) => shape[k]);
    this.skipWhenAbsent = this.checks.map((c) => c instanceof Optional);
  }

  public check(value: unknown, path: Array<string | number>, out: ShapeIssue[]): void {
    if (!isPlainObject(value)) {
      out.push({ path: [...path], message: 'expected an object' });
      return;
    }
    if (!this.loose) {
      let unknown: string[] | undefined;
      for (const k of Object.keys(value)) if (!hasOwn(this.shape, k)) (unknown ??= []).push(k);
      if (unknown !== undefined) out.push({ path: [...path], message: 'unknown key', unknownKeys: unknown, acceptedKeys: [...this.keys] });
    }
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i];
      const v = hasOwn(value, k) ? value[k] : undefined;
      // an optional key left out passes
      if (v === undefined && this.skipWhenAbsent[i]) continue;
      path.push(k);
      this.checks[i].check(v, path, out);
      path.pop();
    }
  }
}

function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The checks, by the type they expect. */
export const shape = {
  string: (): Schema<string> => new Predicate((v) => typeof v === 'string', 'expected a string'),
  number: (): Schema<number> => new Predicate((v) => typeof v === 'number', 'expected a number'),
  boolean: (): Schema<boolean> => new Predicate((v) => typeof v === 'boolean', 'expected true or false'),
  unknown: (): Schema<unknown> => new Predicate(() => true, ''),
  array: <T>(item: Schema<T>): Schema<T[]> => new ArrayOf(item),
  /** A map from strings to `value`s (labels, annotations, JSON objects). */
  record: <T>(value: Schema<T>, expected = 'expected an object'): Schema<Record<string, T>> => new RecordOf(value, expected),
  /** An object with these keys and no others. */
  object: <T = Record<string, unknown>>(keys: Record<string, Schema>): ObjectSchema<T> => new ObjectSchema<T>(keys),
  /** An object with these keys, and others unchecked. */
  looseObject: <T = Record<string, unknown>>(keys: Record<string, Schema>): ObjectSchema<T> => new ObjectSchema<T>(keys, true),
  /** A value `test` accepts; `expected` says what would be accepted. */
  custom: <T>(test: (v: unknown) => boolean, expected: string): Schema<T> => new Predicate<T>(test, expected),
  /** An instance of a class (also one with a private constructor, as the enum-like classes have). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  instanceOf: <T>(cls: Function & { prototype: T }, expected: string): Schema<T> => new Predicate<T>((v) => v instanceof cls, expected),
};
