/** readAmount and writeAmount: one amount whose kind is told by how it is written. */
import { describe, expect, it } from 'vitest';
import { readAmount, writeAmount } from '../../src/scenario/amount.js';

const read = (raw: unknown) => {
  const r = readAmount(raw);
  return r.ok ? [r.amount.kind, r.amount.value, r.amount.unit] : r.message;
};

describe('readAmount', () => {
  it('tells the kind by the writing, into engine units', () => {
    expect(read(3)).toEqual(['number', 3, undefined]);
    expect(read('-2.5')).toEqual(['number', -2.5, undefined]);
    expect(read('90s')).toEqual(['duration', 90_000, undefined]);
    expect(read('0ms')).toEqual(['duration', 0, undefined]);
    expect(read('1800/min')).toEqual(['rate', 0.03, 'min']);
    expect(read('62.5%')).toEqual(['share', 0.625, undefined]);
  });

  it("explains what is not an amount, in the units' own words for a near miss", () => {
    expect(read('few')).toBe('"few" is not a number, duration (30s), rate (10/s) or share (50%)');
    expect(read({ a: 1 })).toBe('a map is not a number, duration (30s), rate (10/s) or share (50%)');
    expect(read('10/fortnight')).toMatch(/unknown unit/);
    expect(read('150%')).toMatch(/at most 100%/);
  });
});

describe('writeAmount', () => {
  it('writes engine units back as a file writes them', () => {
    expect(writeAmount('duration', 90_000)).toBe('90s');
    expect(writeAmount('rate', 0.03)).toBe('30/s');
    expect(writeAmount('rate', 0.03, 'min')).toBe('1800/min');
    expect(writeAmount('share', 0.1 + 0.2)).toBe('30%');
    expect(writeAmount('number', 0.1 + 0.2)).toBe(0.3);
  });
});
