/**
 * Backoff delays (range and mean of each jitter) and retry budgets, including the published
 * retry amplification — load 1+p+…+p^N, success 1−p^(N+1) — and the ~1.1x cap of a budget.
 */
import { describe, expect, it } from 'vitest';
import { randomStream, type Random } from '../../src/engine/random.js';
import { backoffDelay, RetryBudgets } from '../../src/model/retry.js';
import type { BackoffSpec, RetryBudgetSpec } from '../../src/scenario/types.js';

const expo: BackoffSpec = { kind: 'exponential', baseMs: 100, multiplier: 2, capMs: 1_000, jitter: 'none' };

/** Mean, min and max of n delays for `retry`, with prevDelay the previous draw. */
function sample(spec: BackoffSpec, retry: number, n: number, rnd: Random): { mean: number; min: number; max: number } {
  let sum = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = backoffDelay(spec, retry, spec.baseMs * 2, rnd);
    sum += d;
    min = Math.min(min, d);
    max = Math.max(max, d);
  }
  return { mean: sum / n, min, max };
}

describe('backoffDelay', () => {
  const rnd = randomStream(1, 'backoff');

  it('none is 0, constant is the base, exponential grows by the multiplier up to the cap', () => {
    expect(backoffDelay({ ...expo, kind: 'none' }, 3, 0, rnd)).toBe(0);
    expect(backoffDelay({ ...expo, kind: 'constant' }, 5, 0, rnd)).toBe(100);
    expect([1, 2, 3, 4, 5, 6].map((r) => backoffDelay(expo, r, 0, rnd))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('full jitter is U(0, d): mean d/2', () => {
    const s = sample({ ...expo, jitter: 'full' }, 3, 20_000, rnd); // d = 400
    expect(s.min).toBeGreaterThanOrEqual(0);
    expect(s.max).toBeLessThan(400);
    expect(Math.abs(s.mean - 200)).toBeLessThan(4 * 400 / Math.sqrt(12 * 20_000));
  });

  it('equal jitter is d/2 + U(0, d/2): mean 3d/4', () => {
    const s = sample({ ...expo, jitter: 'equal' }, 3, 20_000, rnd);
    expect(s.min).toBeGreaterThanOrEqual(200);
    expect(s.max).toBeLessThan(400);
    expect(Math.abs(s.mean - 300)).toBeLessThan(4 * 200 / Math.sqrt(12 * 20_000));
  });

  it('decorrelated jitter is min(cap, U(base, 3·prev)), with prev = base for the first retry', () => {
    const spec: BackoffSpec = { ...expo, jitter: 'decorrelated', capMs: 10_000 };
    const first = sample(spec, 1, 20_000, rnd); // U(100, 300) whatever prevDelay says
    expect(first.min).toBeGreaterThanOrEqual(100);
    expect(first.max).toBeLessThan(300);
    expect(Math.abs(first.mean - 200)).toBeLessThan(4 * 200 / Math.sqrt(12 * 20_000));
    const later = sample(spec, 2, 20_000, rnd); // prev 200: U(100, 600)
    expect(later.min).toBeGreaterThanOrEqual(100);
    expect(later.max).toBeLessThan(600);
    expect(Math.abs(later.mean - 350)).toBeLessThan(4 * 500 / Math.sqrt(12 * 20_000));
    expect(backoffDelay({ ...spec, capMs: 150 }, 2, 5_000, () => 0.99)).toBe(150);
  });

  it('a chain of decorrelated delays stays within [base, cap]', () => {
    const spec: BackoffSpec = { ...expo, jitter: 'decorrelated' };
    let prev = 0;
    for (let r = 1; r <= 1_000; r++) {
      prev = backoffDelay(spec, r, prev, rnd);
      expect(prev).toBeGreaterThanOrEqual(100);
      expect(prev).toBeLessThanOrEqual(1_000);
    }
  });
});

/** RetryBudgets that also tally, per edge, the retries `tryRetry` denied (it counts nothing itself). */
class CountingBudgets extends RetryBudgets {
  readonly denied: number[];

  constructor(specs: (RetryBudgetSpec | undefined)[]) {
    super(specs);
    this.denied = specs.map(() => 0);
  }

  override tryRetry(e: number): boolean {
    const ok = super.tryRetry(e);
    if (!ok) this.denied[e]++;
    return ok;
  }
}

/** Sends `requests` requests with up to `retries` retries at per-attempt failure p; returns attempts and successes. */
function monteCarlo(p: number, retries: number, requests: number, budget?: RetryBudgetSpec): { attempts: number; ok: number; budgets: CountingBudgets } {
  const rnd = randomStream(7, 'retry-mc');
  const budgets = new CountingBudgets([budget]);
  let attempts = 0, ok = 0;
  for (let i = 0; i < requests; i++) {
    budgets.onRequest(0);
    for (let a = 0; a <= retries; a++) {
      if (a > 0 && !budgets.tryRetry(0)) break;
      attempts++;
      if (rnd() >= p) {
        ok++;
        budgets.onSuccess(0);
        break;
      }
    }
  }
  return { attempts, ok, budgets };
}

describe('retry amplification (published behaviour)', () => {
  it.each([[0.1, 2], [0.5, 3], [0.9, 4]])('p = %f, N = %i: load 1+p+…+p^N, success 1−p^(N+1)', (p, n) => {
    const requests = 100_000;
    const { attempts, ok } = monteCarlo(p, n, requests);
    let load = 0, load2 = 0;
    for (let k = 0; k <= n; k++) load += p ** k;
    // E[attempts²]: attempts = k+1 with prob p^k(1−p) for k < N, N+1 with prob p^N.
    for (let k = 0; k < n; k++) load2 += (k + 1) ** 2 * p ** k * (1 - p);
    load2 += (n + 1) ** 2 * p ** n;
    const seLoad = Math.sqrt((load2 - load * load) / requests);
    const success = 1 - p ** (n + 1);
    const seSuccess = Math.sqrt(success * (1 - success) / requests);
    expect(Math.abs(attempts / requests - load)).toBeLessThan(4 * seLoad);
    expect(Math.abs(ok / requests - success)).toBeLessThan(4 * seSuccess);
  });

  it('a request-earned budget of 0.1 caps load near 1.1x at p = 0.5, N = 3', () => {
    const requests = 100_000, maxTokens = 10;
    const { attempts, budgets } = monteCarlo(0.5, 3, requests, { ratio: 0.1, earn: 'request', maxTokens });
    const load = attempts / requests;
    expect(load).toBeGreaterThan(1.099);
    expect(load).toBeLessThanOrEqual(1.1 + maxTokens / requests + 1e-9);
    expect(budgets.denied[0]).toBeGreaterThan(0);
  });
});

describe('RetryBudgets', () => {
  it('no budget always allows', () => {
    const b = new CountingBudgets([undefined]);
    for (let i = 0; i < 100; i++) expect(b.tryRetry(0)).toBe(true);
    expect(b.denied[0]).toBe(0);
  });

  it('starts full, spends one token a retry, and counts denials', () => {
    const b = new CountingBudgets([{ ratio: 0.1, earn: 'request', maxTokens: 3 }]);
    expect([b.tryRetry(0), b.tryRetry(0), b.tryRetry(0), b.tryRetry(0)]).toEqual([true, true, true, false]);
    expect(b.denied[0]).toBe(1);
    for (let i = 0; i < 10; i++) b.onRequest(0); // ten tenths buy one retry despite rounding
    expect(b.tryRetry(0)).toBe(true);
    expect(b.tryRetry(0)).toBe(false);
  });

  it('earns only on its own kind of event, capped at maxTokens', () => {
    const b = new RetryBudgets([{ ratio: 0.5, earn: 'success', maxTokens: 2 }, { ratio: 0.5, earn: 'request', maxTokens: 2 }]);
    for (let i = 0; i < 100; i++) {
      b.onSuccess(0);
      b.onSuccess(1);
      b.onRequest(1);
    }
    expect(b.available(0)).toBe(2);
    expect(b.available(1)).toBe(2);
    for (let i = 0; i < 2; i++) {
      b.tryRetry(0);
      b.tryRetry(1);
      b.onRequest(0); // edge 0 earns on success only
      b.onSuccess(1); // edge 1 earns on request only
    }
    expect(b.available(0)).toBe(0);
    expect(b.available(1)).toBe(0);
    b.onSuccess(0);
    b.onSuccess(0);
    expect(b.tryRetry(0)).toBe(true);
  });
});
