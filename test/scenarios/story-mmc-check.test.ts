/**
 * The story of scenarios/mmc-check.yaml: an M/M/4 queue (λ = 30/s, exponential 100 ms work on 4
 * workers: ρ = 0.75) whose answer queueing theory knows. The README promises a mean queue wait
 * near 50.9 ms and a mean latency near 150.9 ms: Erlang C gives P(wait) = C(3, 4) = 0.509, so
 * Wq = C/(cμ − λ) = 0.509/(40/s − 30/s) = 50.9 ms and W = Wq + 1/μ = 150.9 ms; Little's law gives
 * the mean queue length λ·Wq = 1.53. The 95th percentile of latency solves
 * P(W > t) = 0.05 for the M/M/c sojourn distribution (test/support/queueing.ts).
 *
 * Five seeds of the 2-hour run; each agrees within 4 standard errors of the replication mean
 * (the percentile also within the histograms' 0.5% resolution).
 */
import { describe, expect, it } from 'vitest';
import { seedsFrom } from '../support/behaviour.js';
import { comparisons } from '../support/family.js';
import { mmc, mmcSojournQuantile } from '../support/queueing.js';
import { storyOf } from '../../src/scenario/index.js';
import { bundled, lazyRuns } from './story-support.js';

const family = comparisons('scenarios/story-mmc-check');

const scenario = bundled('mmc-check');
const runs = lazyRuns(scenario, seedsFrom(1, 5));
const LAMBDA = 0.03, MU = 0.01, C = 4; // per ms
const theory = mmc(LAMBDA, MU, C);

describe('mmc-check: a four-worker API at 75% load agrees with Erlang C', () => {
  it('is the scenario these figures were derived from', () => {
    expect(scenario.features).toMatchObject([{ ratePerMs: LAMBDA, entry: 'api' }]);
    expect(scenario.services).toMatchObject([{ workers: C, queue: Infinity, serviceTime: { kind: 'exponential', mean: 1 / MU }, calls: [] }]);
  });

  it('the README figures are Erlang C: mean queue wait 50.9 ms, mean latency 150.9 ms', () => {
    expect(theory.Wq.toFixed(1)).toBe('50.9');
    expect(theory.W.toFixed(1)).toBe('150.9');
  });

  it('the API is busy 75% of the time and nobody is turned away', () => {
    family.expectAgrees('utilization', runs().map((r) => r.services.api.utilization), theory.rho);
    for (const r of runs()) expect(r.services.api.rejected + r.features.lookup.failed, `seed ${r.seed}`).toBe(0);
  });

  it('a lookup waits ≈ 50.9 ms in the queue on average and takes ≈ 150.9 ms in all', () => {
    family.expectAgrees('mean queue wait, ms', runs().map((r) => r.services.api.queueWaitMs.mean), theory.Wq);
    family.expectAgrees('mean latency, ms', runs().map((r) => r.features.lookup.latencyMs.mean), theory.W);
    family.expectAgrees('mean queue length (Little: λ·Wq)', runs().map((r) => r.services.api.meanQueueLength), theory.Lq);
  });

  it('95% of lookups finish within the M/M/4 sojourn time\'s 95th percentile (≈ 410 ms)', () => {
    const p95 = mmcSojournQuantile(LAMBDA, MU, C, 0.95);
    family.expectAgrees('p95 latency, ms', runs().map((r) => r.features.lookup.latencyMs.p95), p95, { bias: 0.005 * p95 });
  });
});

describe('mmc-check: the story quotes the closed forms at its steps', () => {
  const step = (minutes: number) => storyOf(scenario).find((s) => s.atMs === minutes * 60_000)?.text ?? '';

  it('30m: 51% wait, those 100 ms (1/(cμ − λ)), 51 ms over all, 151 ms in all', () => {
    expect(Math.round(theory.C * 100)).toBe(51);
    expect(1 / (C * MU - LAMBDA)).toBeCloseTo(100, 9);
    expect(step(30)).toMatch(/51% of lookups find all 4 workers busy, and those wait 100 ms.*about 51 ms.*151 ms in all/);
  });

  it('1h: the 95th percentile is about 410 ms; 90% busy is 36 lookups a second', () => {
    expect(Math.round(mmcSojournQuantile(LAMBDA, MU, C, 0.95) / 10) * 10).toBe(410);
    expect(0.9 * C * MU * 1000).toBeCloseTo(36, 9);
    expect(step(60)).toMatch(/about 410 ms.*90% busy \(36 a second\)/);
  });

  it('2h: quotes the figures of the README (50.9 ms, 150.9 ms)', () => {
    expect(step(120)).toContain(`${theory.Wq.toFixed(1)} ms and ${theory.W.toFixed(1)} ms`);
  });
});
