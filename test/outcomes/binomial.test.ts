/** The binomial sampler: exact edge cases, and mean and variance of n·p and n·p·(1 − p). */
import { describe, expect, it } from 'vitest';
import { randomStream } from '../../src/engine/random.js';
import { binomial } from '../../src/outcomes/binomial.js';

/** Mean and variance of `draws` draws, checked within 4 standard errors of n·p and n·p·(1 − p). */
function check(n: number, p: number, draws: number): void {
  const random = randomStream(7, `binomial:${n}:${p}`);
  let s = 0, s2 = 0;
  for (let i = 0; i < draws; i++) {
    const x = binomial(n, p, random);
    expect(Number.isInteger(x) && x >= 0 && x <= n).toBe(true);
    s += x;
    s2 += x * x;
  }
  const mean = s / draws, variance = (s2 - draws * mean * mean) / (draws - 1);
  const mu = n * p, v = n * p * (1 - p);
  // SE of the mean: √(v/m); of the sample variance: √((μ4 − v²)/m), with the binomial's
  // fourth central moment μ4 = npq(1 + 3(n − 2)pq).
  expect(Math.abs(mean - mu)).toBeLessThan(4 * Math.sqrt(v / draws));
  const mu4 = v * (1 + 3 * (n - 2) * p * (1 - p));
  expect(Math.abs(variance - v)).toBeLessThan(4 * Math.sqrt((mu4 - v * v) / draws));
}

describe('binomial', () => {
  const random = randomStream(1, 'edges');

  it('is exact at the edges: n = 0, p = 0, p = 1', () => {
    expect(binomial(0, 0.3, random)).toBe(0);
    expect(binomial(1000, 0, random)).toBe(0);
    expect(binomial(1000, 1, random)).toBe(1000);
    expect(binomial(0, 1, random)).toBe(0);
  });

  it('throws a RangeError on a bad n or p', () => {
    expect(() => binomial(-1, 0.5, random)).toThrow(RangeError);
    expect(() => binomial(2.5, 0.5, random)).toThrow(RangeError);
    expect(() => binomial(10, 1.5, random)).toThrow(RangeError);
    expect(() => binomial(10, Number.NaN, random)).toThrow(RangeError);
  });

  it.each([
    [10, 0.3], [100, 0.02], [1_000_000, 0.0001], [50, 0.5], [200, 0.9], [3, 0.999], [1, 0.25],
  ])('Binomial(%d, %d) has mean n·p and variance n·p·(1 − p)', (n, p) => check(n, p, 20_000));

  it('uses about n·min(p, 1 − p) + 1 uniforms', () => {
    let calls = 0;
    const counting = () => { calls++; return random(); };
    for (let i = 0; i < 100; i++) binomial(1_000_000, 0.00001, counting);
    expect(calls / 100).toBeLessThan(10 + 1 + 3); // np = 10
    calls = 0;
    for (let i = 0; i < 100; i++) binomial(1000, 0.99, counting);
    expect(calls / 100).toBeLessThan(10 + 1 + 3);
  });

  it('gives the same draws for the same stream', () => {
    const a = randomStream(3, 's'), b = randomStream(3, 's');
    const xs = Array.from({ length: 20 }, () => binomial(500, 0.1, a));
    expect(Array.from({ length: 20 }, () => binomial(500, 0.1, b))).toEqual(xs);
  });
});
