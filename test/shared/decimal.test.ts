import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecimalError, formatScaled, isDecimalString, parseScaled, rescale } from '../../shared/decimal';

describe('decimal strings ⇄ scaled integers', () => {
  it('parses exactly, without binary-float rounding', () => {
    expect(parseScaled('0.1', 8)).toBe(10_000_000);
    expect(parseScaled('0.3', 2)).toBe(30);
    expect(parseScaled('64250.55', 2)).toBe(6_425_055);
    expect(parseScaled('-1.5', 1)).toBe(-15);
    expect(parseScaled('1.2300', 2)).toBe(123); // trailing zeros beyond the scale are harmless
    expect(parseScaled('1e-8', 8)).toBe(1);
    expect(parseScaled('2.5E3', 0)).toBe(2500);
  });

  it('refuses what it cannot represent exactly', () => {
    expect(() => parseScaled('1.234', 2)).toThrow(DecimalError);
    expect(() => parseScaled('1.234', 2)).toThrow('more than 2 decimal places');
    expect(() => parseScaled('abc', 2)).toThrow('not a decimal number');
    expect(() => parseScaled('', 2)).toThrow(DecimalError);
    expect(() => parseScaled('1.', 2)).toThrow(DecimalError);
    expect(() => parseScaled('99999999999999999', 2)).toThrow('too large');
    // 2^53 has 16 digits: the first value that no longer fits, where a 17-digit check let it through.
    expect(() => parseScaled('90071992.54740992', 8)).toThrow('too large');
    expect(parseScaled('90071992.54740991', 8)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parseScaled('1', -1)).toThrow('invalid scale');
  });

  it('formats canonically', () => {
    expect(formatScaled(6_425_055, 2)).toBe('64250.55');
    expect(formatScaled(10_000_000, 8)).toBe('0.1');
    expect(formatScaled(-15, 1)).toBe('-1.5');
    expect(formatScaled(100, 2)).toBe('1');
    expect(formatScaled(100, 2, 2)).toBe('1.00');
    expect(formatScaled(5, 3)).toBe('0.005');
    expect(() => formatScaled(0.5, 2)).toThrow(DecimalError);
  });

  it('round-trips any safe value at any scale', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 52), max: 2 ** 52 }),
        fc.integer({ min: 0, max: 12 }),
        (value, scale) => {
          expect(parseScaled(formatScaled(value, scale), scale)).toBe(value);
        },
      ),
    );
  });

  it('rescales without losing digits', () => {
    expect(rescale(123, 2, 8)).toBe(123_000_000);
    expect(rescale(123_000_000, 8, 2)).toBe(123);
    expect(() => rescale(123_000_001, 8, 2)).toThrow('lose precision');
  });

  it('recognises decimal strings', () => {
    expect(isDecimalString('1.25')).toBe(true);
    expect(isDecimalString('-1')).toBe(false);
    expect(isDecimalString('1.255', 2)).toBe(false);
    expect(isDecimalString('1e5')).toBe(false);
  });
});
