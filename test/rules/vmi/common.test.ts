// GIVEN Kubernetes quantities WHEN read by quantityValue THEN it gives their value as KubeVirt compares them (vmi-memory).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUANTITY_PATTERN } from '../../../src/rules/patterns';
import { quantityValue } from '../../../src/rules/vmi/common';

describe('quantityValue', () => {
  it('reads suffixes, exponents, fractions and numbers', () => {
    // GIVEN quantities in each notation WHEN read THEN their values
    expect(quantityValue('1Mi')).toBe(1048576);
    expect(quantityValue('1M')).toBe(1e6);
    expect(quantityValue('512k')).toBe(512000);
    expect(quantityValue('1E')).toBe(1e18);
    expect(quantityValue('1e3')).toBe(1000);
    expect(quantityValue('1E3')).toBe(1000);
    expect(quantityValue('.5Gi')).toBe(2 ** 29);
    expect(quantityValue('500m')).toBe(0.5);
    expect(quantityValue(2048)).toBe(2048);
  });

  it('gives nothing for what is not a quantity', () => {
    // GIVEN non-quantities WHEN read THEN undefined
    for (const x of ['1gi', 'much', '', '1 Gi', 'Gi', null, undefined, {}, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(quantityValue(x)).toBeUndefined();
    }
  });

  it('is n times the suffix for every integer and suffix', () => {
    // GIVEN an integer and a suffix WHEN read THEN n * the suffix's multiplier
    const mult: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(...Object.keys(mult)), (n, suffix) => {
      expect(quantityValue(`${n}${suffix}`)).toBe(n * mult[suffix]);
    }));
  });

  it('never throws, and reads exactly the strings of the quantity pattern (up to 64 characters)', () => {
    // GIVEN any short string WHEN read THEN a number exactly when it matches the pattern
    fc.assert(fc.property(fc.string({ maxLength: 20 }), (s) => {
      const v = quantityValue(s);
      expect(v !== undefined).toBe(QUANTITY_PATTERN.test(s));
    }));
  });
});
