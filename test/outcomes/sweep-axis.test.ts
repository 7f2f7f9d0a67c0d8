/** Sweep specs: units, steps, whole-number fields, and plain messages for bad specs. */
import { describe, expect, it } from 'vitest';
import { sweepAxis } from '../../src/outcomes/sweep-axis.js';
import { ExperimentError } from '../../src/outcomes/errors.js';

describe('sweepAxis', () => {
  it('whole-number fields get whole values, 5 by default', () => {
    const a = sweepAxis('services.api.workers=2..20', 8);
    expect(a.path).toBe('services.api.workers');
    expect(a.whole).toBe(true);
    expect(a.values).toEqual([2, 7, 11, 16, 20]);
    expect(a.write(7)).toBe(7);
    expect(a.tolerance).toBe(1);
  });

  it('repeats after rounding are dropped; a descending range is kept in its order', () => {
    expect(sweepAxis('services.api.workers=4..2:5', 3).values).toEqual([4, 3, 2]);
  });

  it('a field holding a fraction, or FROM written with a decimal point, is swept in fractions', () => {
    expect(sweepAxis('load.0.factor=1..2:3', 1.5).values).toEqual([1, 1.5, 2]);
    expect(sweepAxis('load.0.factor=1.0..2:3', 2).values).toEqual([1, 1.5, 2]);
    expect(sweepAxis('x=1.5..10:3', undefined).values).toEqual([1.5, 5.75, 10]);
  });

  it('durations in ms, written back in the largest even unit', () => {
    const a = sweepAxis('services.api.maxWait=30s..5m:4', '1m');
    expect(a.kind).toBe('duration');
    expect(a.values).toEqual([30_000, 120_000, 210_000, 300_000]);
    expect(a.values.map(a.write)).toEqual(['30s', '2m', '210s', '5m']);
    expect(a.tolerance).toBeCloseTo(2700, 9);
  });

  it('rates per ms, written back in the unit of FROM', () => {
    const a = sweepAxis('features.browse.rate=10/s..100/s:4', '40/s');
    expect(a.kind).toBe('rate');
    expect(a.values.map(a.write)).toEqual(['10/s', '40/s', '70/s', '100/s']);
    const perMinute = sweepAxis('features.browse.rate=600/min..1200/min:3', '40/s');
    expect(perMinute.values.map(perMinute.write)).toEqual(['600/min', '900/min', '1200/min']);
  });

  it('shares as fractions, written back as percentages', () => {
    const a = sweepAxis('breaks.saturation=50%..90%:3', '85%');
    expect(a.values).toEqual([0.5, 0.7, 0.9]);
    expect(a.values.map(a.write)).toEqual(['50%', '70%', '90%']);
  });

  const bad: [string, RegExp][] = [
    ['services.api.workers', /PATH=FROM\.\.TO/],
    ['services.api.workers=2-20', /PATH=FROM\.\.TO/],
    ['=2..20', /PATH=FROM\.\.TO/],
    ['x=2..20:1', /STEPS must be from 2/],
    ['x=2..20:ten', /STEPS must be a whole number/],
    ['x=2..2', /must differ/],
    ['x=30s..5', /same kind/],
    ['x=abc..5', /"abc" is not a number/],
    ['x=10/fortnight..20/s', /unknown unit/],
    ['x=50%..150%', /at most 100%/],
  ];
  for (const [spec, message] of bad) {
    it(`"${spec}" is refused: ${message.source}`, () => {
      expect(() => sweepAxis(spec, 8)).toThrow(ExperimentError);
      expect(() => sweepAxis(spec, 8)).toThrow(message);
    });
  }
});
