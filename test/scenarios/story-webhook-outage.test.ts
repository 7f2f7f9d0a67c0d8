/**
 * The story of scenarios/webhook-outage.yaml: payment confirmations (5/s) go to merchants as
 * webhooks through a message queue (8 consumer workers: 5 ms own work + the merchant call). The
 * merchant endpoint is down (fail-fast) for 4 hours, 1h–5h. Messages are kept 6 hours and
 * redelivered every 10 minutes, up to 30 times, so confirmations arrive late instead of being lost.
 *
 * Figures derived from the file (λ = 5/s; merchant work log-normal p50 80 ms, p99 400 ms: mean
 * 101.6 ms; the merchant's 20 workers see at most 7.6 erlangs, so its waits are negligible):
 * - Nothing is lost: the oldest message waits at most 4 h + 10 min (its next redelivery) + the
 *   drain below (≈ 17 min) ≈ 4 h 27 min < 6 h retention, after at most 1 + 4 h/10 min = 25
 *   deliveries < 30.
 * - During the outage each confirmation produced at age x before the outage ends is tried
 *   1 + ⌊x/10 min⌋ times, on average ½ + x/10 min: failed deliveries ≈ λ·∫₀^{4h} (½ + x/600 s) dx
 *   = 5 × (7,200 + 172,800) = 900,000.
 * - When the merchant returns, N = λ × 4 h = 72,000 confirmations are redelivered over the next
 *   10 minutes (≈ 120/s) on top of the 5/s of new ones; the consumer delivers
 *   c = 8 / (5 + 101.6) ms ≈ 75/s, so its queue empties after N / (c − λ) ≈ 1,029 s ≈ 17 minutes.
 * - Lateness: the confirmations sent as the outage began are ≈ 4 hours late. Measured messages
 *   span 7 h 50 min, of which the outage is a share 4 h / 7 h 50 min = 0.51; those wait on
 *   average 2 h plus at most 10 min + 17 min, the others almost nothing.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import { seedsFrom, sumWindow } from '../support/behaviour.js';
import { comparisons } from '../support/family.js';
import { bucketsIn, bundled, latencyOver, lazyBase, lazyRuns, levelOver, lognormalMean } from './story-support.js';
import { simulate } from '../../src/model/simulate.js';
import { summarize } from '../../src/outcomes/summarize.js';
import { storyOf } from '../../src/scenario/index.js';

const family = comparisons('scenarios/story-webhook-outage');

const scenario = bundled('webhook-outage');
const SEEDS = seedsFrom(1, 3);
const runs = lazyRuns(scenario, SEEDS);

const H = 3_600_000, MIN = 60_000;
const WARMUP = 10 * MIN, T0 = 1 * H, T1 = 5 * H, END = 8 * H;
const LAMBDA = 5 / 1000; // confirmations per ms
const REDELIVERY = 10 * MIN;
const CONSUMER = 8 / (5 + lognormalMean(80, 400)); // deliveries per ms at full speed, ≈ 0.075
const BACKLOG = LAMBDA * (T1 - T0); // 72,000
const DRAIN = BACKLOG / (CONSUMER - LAMBDA); // ≈ 1,029 s
const OUTAGE_SHARE = (T1 - T0) / (END - WARMUP);
const EDGE = 'webhooks->merchant';

const delivered = (r: RunResult, from: number, to: number) =>
  sumWindow(r.series, r.series.edges[EDGE].attempts, from, to) - sumWindow(r.series, r.series.edges[EDGE].failures, from, to);

describe('webhook-outage: a 4-hour merchant outage; confirmations arrive late through the queue, none lost', () => {
  it('is the scenario these figures were derived from', () => {
    expect(scenario.faults).toEqual([{ kind: 'outage', service: 'merchant', startMs: T0, durationMs: T1 - T0, mode: 'fail-fast' }]);
    expect(scenario.services.find((s) => s.name === 'webhooks')).toMatchObject({
      workers: 8, serviceTime: { kind: 'constant', value: 5 },
      messaging: { retentionMs: 6 * H, maxDeliveries: 30, redeliveryDelayMs: REDELIVERY },
    });
    expect(scenario.features[0].ratePerMs).toBe(LAMBDA);
  });

  it('every payment succeeds and stays as fast as before (≈ 42 ms): the checkout returns once the confirmation is queued', () => {
    for (const r of runs()) expect(r.features.pay.failed, `seed ${r.seed}`).toBe(0);
    family.expectAgrees('payment latency during the outage, ms', runs().map((r) => latencyOver(r.series, 'pay', T0, T1)), lognormalMean(30, 200), { bias: 1 });
  });

  it('no confirmation is lost during the 4-hour merchant outage: none expires, none is dead-lettered, all are delivered', () => {
    for (const r of runs()) {
      const m = r.services.webhooks.messages!;
      expect(m.lost, `seed ${r.seed}: expired`).toBe(0);
      expect(m.deadLettered, `seed ${r.seed}: dead-lettered`).toBe(0);
      const produced = r.edges['checkout->webhooks'].attempts;
      // Only the last few seconds' confirmations may still be on their way when the run ends.
      expect(produced - m.delivered, `seed ${r.seed}: produced ${produced}, delivered ${m.delivered}`).toBeLessThanOrEqual(LAMBDA * 10_000);
      expect(m.delivered, `seed ${r.seed}`).toBeLessThanOrEqual(produced);
    }
  });

  it('while the merchant is down nothing is delivered; each confirmation is retried every 10 minutes (≈ 900,000 failed deliveries)', () => {
    for (const r of runs()) expect(delivered(r, T0 + MIN, T1), `seed ${r.seed}: delivered during the outage`).toBe(0);
    const expected = LAMBDA * ((T1 - T0) / 2 + (T1 - T0) ** 2 / (2 * REDELIVERY));
    // Each message's deliveries number 1 + ⌊x/10 min⌋ ≤ 25: variance ≈ λ·4 h·E[n²] ≈ 72,000 × 210.
    family.expectAgrees('failed deliveries during the outage', runs().map((r) => sumWindow(r.series, r.series.edges[EDGE].failures, T0, T1 + MIN)),
      expected, { se: Math.sqrt(BACKLOG * 210 / SEEDS.length) });
  });

  it('when the merchant returns, the 72,000-message backlog is delivered at full speed (≈ 75/s) and drains in ≈ 17 minutes', () => {
    family.expectAgrees('deliveries per second while draining',
      runs().map((r) => delivered(r, T1 + MIN, T1 + 15 * MIN) / (14 * MIN / 1000)), CONSUMER * 1000, { bias: 0.75 });
    for (const r of runs()) {
      const s = r.series, q = s.services.webhooks.meanQueueLength;
      expect(levelOver(s, s.services.webhooks.utilization, T1 + MIN, T1 + 15 * MIN), `seed ${r.seed}: consumer busy`).toBeGreaterThan(0.99);
      const busy = bucketsIn(s, T1, END).filter((b) => q[b] > 1);
      const drainedAt = s.t[busy[busy.length - 1]] + s.bucketMs;
      expect(Math.abs(drainedAt - (T1 + DRAIN)), `seed ${r.seed}: drained ${((drainedAt - T1) / MIN).toFixed(1)} min after the merchant returned`)
        .toBeLessThanOrEqual(2 * MIN);
      // Afterwards confirmations flow at the rate they are produced.
      expect(delivered(r, T1 + 30 * MIN, END) / sumWindow(s, s.edges['checkout->webhooks'].attempts, T1 + 30 * MIN, END), `seed ${r.seed}`).toBeGreaterThan(0.99);
    }
  });

  it('confirmations arrive late instead: those sent as the outage began ≈ 4 hours late, about 1 hour on average', () => {
    for (const r of runs()) {
      const d = r.services.webhooks.messages!.delayMs;
      // p99: the oldest 1/0.51 ≈ 2% of outage messages, sent in its first ≈ 5 minutes.
      expect(d.p99, `seed ${r.seed}: p99 delay ${(d.p99 / H).toFixed(2)} h`).toBeGreaterThanOrEqual(4 * H - 5 * MIN);
      expect(d.p99, `seed ${r.seed}: p99 delay ${(d.p99 / H).toFixed(2)} h`).toBeLessThanOrEqual(4 * H + REDELIVERY + DRAIN);
      expect(d.mean, `seed ${r.seed}: mean delay ${(d.mean / H).toFixed(2)} h`).toBeGreaterThanOrEqual(OUTAGE_SHARE * 2 * H);
      expect(d.mean, `seed ${r.seed}: mean delay ${(d.mean / H).toFixed(2)} h`).toBeLessThanOrEqual(OUTAGE_SHARE * (2 * H + REDELIVERY + DRAIN) + MIN);
    }
  });
});

describe('webhook-outage: each story step matches what happens in the base run (seed 9)', () => {
  const base = lazyBase(scenario);
  const step = (hours: number) => storyOf(scenario).find((s) => s.atMs === hours * H)?.text ?? '';

  it('1h: the merchant fails every delivery from 1h, and every payment still succeeds', () => {
    const { result, outcomes } = base();
    expect(outcomes.breaks[0]).toMatchObject({ kind: 'errors', subject: 'merchant', t: T0 });
    expect(result.features.pay.failed).toBe(0);
    expect(step(1)).toMatch(/goes down.*every payment still succeeds/);
  });

  it('3h: about 36,000 confirmations wait (λ × 2 h, within 4 Poisson SD)', () => {
    const { result } = base();
    const s = result.series, waiting = sumWindow(s, s.edges['checkout->webhooks'].attempts, T0, 3 * H) - delivered(result, T0, 3 * H);
    expect(Math.abs(waiting - LAMBDA * 2 * H), `${waiting} waiting`).toBeLessThanOrEqual(4 * Math.sqrt(LAMBDA * 2 * H));
    expect(step(3)).toMatch(/about 36,000 confirmations wait.*Ask: will they survive\?/);
  });

  it('5h: the consumer saturates as the merchant returns, and drains the 72,000 in about 17 minutes', () => {
    const { outcomes } = base();
    expect(outcomes.breaks.find((b) => b.kind === 'saturation')).toMatchObject({ subject: 'webhooks', t: T1 });
    expect(Math.round(DRAIN / MIN)).toBe(17);
    expect(step(5)).toMatch(/72,000 confirmations.*saturated.*about 17 minutes/);
  });

  it('5.5h: none lost; between λ × 3 h and λ × (3 h + 10 min + drain) came over an hour late, 2% of them tickets', () => {
    const { result, outcomes } = base();
    expect(result.services.webhooks.messages!.lost + result.services.webhooks.messages!.deadLettered).toBe(0);
    const late = result.features.pay.late;
    expect(late).toBeGreaterThanOrEqual(LAMBDA * 3 * H);
    expect(late).toBeLessThanOrEqual(LAMBDA * (3 * H + REDELIVERY + DRAIN));
    expect(Math.abs(late - 57_000), `${late} late`).toBeLessThanOrEqual(2_500);
    // Tickets: each late confirmation with chance 2% (binomial; 4 SD).
    const tickets = outcomes.features.pay.tickets.count;
    expect(Math.abs(tickets - 0.02 * late), `${tickets} tickets`).toBeLessThanOrEqual(4 * Math.sqrt(late * 0.02 * 0.98));
    expect(Math.abs(tickets - 1_100)).toBeLessThanOrEqual(150);
    expect(step(5.5)).toMatch(/None lost.*About 57,000 confirmations came more than an hour late, and about 1,100 became tickets/);
  });
});
