/**
 * The story of scenarios/notifications.yaml (PRODUCT.md story 11): every payments-API call
 * (λ = 50/s) publishes a notification to a dispatcher of 16 workers that delivers it to the
 * merchants' receiver with a 10 s timeout; the receiver hangs over [6m, 16m).
 *
 * Figures derived from the file:
 * - Normally a delivery holds a dispatcher worker for 2 ms + the receiver's work (log-normal p50
 *   100 ms, p99 500 ms: mean 127.0 ms), so 16 workers deliver μ = 16 / 129.0 ms = 124/s.
 * - In the hang every delivery holds its worker 2 ms + 10 s: the dispatcher takes 1.6/s off its
 *   backlog, and each of those fails and comes back a minute later (redeliveryDelay). The backlog
 *   grows at 50 − 1.6 = 48.4/s for a minute (2,904 at 7m), then at 50/s (the redeliveries
 *   return as fast as deliveries start): the 5,000 places are full at 420 + 2,096 / 50 = 461.9 s.
 *   Poisson noise on ~5,000 arrivals moves this by ~1.4 s (1 SD).
 * - Base (publishing on the API's path): once the backlog is full, an API call succeeds only if
 *   it finds one of the ≤ 1.6 places a second the dispatcher frees (redeliveries take most of
 *   them): at most 1.6/s of API calls succeed until 16m. After 16m the dispatcher frees 124
 *   places a second, more than the 50/s calls plus merchants' retries (at most 50 × (1 + 0.8 +
 *   0.64) = 122/s): the API answers again within seconds.
 * - separate-queue (room for 500,000, publish optional): no API call fails. The backlog at 16m
 *   is the ~30,000 notifications of the outage, drained first in, first out at μ = 124/s, so one
 *   published at 6m + x waits 600 − x + 50·x / 124 s = 600 − 0.597·x s: late (over 5 minutes)
 *   for x < 502.7 s, i.e. ≈ 50 × 502.7 = 25,134 late notifications (Poisson SD ~160; the
 *   redelivered few hundred and the fluid approximation move it by well under 5%); all are
 *   delivered by 16m + 30,000 / (124 − 50) s ≈ 22m45s, before the run ends at 25m.
 * - drop-when-full (in-process 5,000, publish optional): no API call fails; notifications are
 *   dropped while the backlog is full, 461.9 s to 960 s: between (50 − 1.6) and 50 a second,
 *   24,103 to 24,905 (± 3 Poisson SDs and ± 5 s of fill time: ± 725).
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/model/result.js';
import type { Scenario } from '../../src/scenario/types.js';
import { seedsFrom, sumWindow } from '../support/behaviour.js';
import { bundled, lazyRuns, lognormalMean, variantNamed } from './story-support.js';

const scenario = bundled('notifications');
const variant = (name: string): Scenario => variantNamed(scenario, name);
const SEEDS = seedsFrom(1, 5);
const base = lazyRuns(scenario, SEEDS);
const separate = lazyRuns(variant('separate-queue'), SEEDS);
const dropping = lazyRuns(variant('drop-when-full'), SEEDS);

const API = 'payments-api', LAMBDA = 50; // calls per second
const HANG_FROM = 360_000, HANG_TO = 960_000, WORKERS = 16, TIMEOUT_S = 10, CAPACITY = 5_000;
const DRAIN = WORKERS / ((2 + lognormalMean(100, 500)) / 1000); // ≈ 124 deliveries a second
const HUNG = WORKERS / (TIMEOUT_S + 0.002); // ≈ 1.6 a second
const FULL_AT = 420 + (CAPACITY - (LAMBDA - HUNG) * 60) / LAMBDA; // ≈ 461.9 s
const LATE = LAMBDA * (300 / (1 - LAMBDA / DRAIN)); // notifications more than 5 minutes late (see the header)

/** Start (ms) of the first series bucket in which the notifications backlog turned a publish away. */
function firstRejection(r: RunResult): number {
  const b = r.series.services.notifications.rejected.findIndex((x) => x > 0);
  expect(b, `seed ${r.seed}: the notifications queue never filled`).toBeGreaterThanOrEqual(0);
  return r.series.t[b];
}

describe('notifications: a hung webhook receiver fills the in-process queue and takes down the API; isolating it does not', () => {
  it('is the scenario these figures were derived from', () => {
    expect(scenario.faults).toEqual([{ kind: 'outage', service: 'receiver', startMs: HANG_FROM, durationMs: HANG_TO - HANG_FROM, mode: 'hang' }]);
    expect(scenario.features[0].ratePerMs * 1000).toBe(LAMBDA);
    const n = scenario.services.find((s) => s.name === 'notifications')!;
    expect(n).toMatchObject({ workers: WORKERS, queue: CAPACITY });
    expect(n.calls[0].timeoutMs).toBe(TIMEOUT_S * 1000);
    expect(DRAIN).toBeGreaterThan(LAMBDA * (1 + 0.8 + 0.64)); // the dispatcher outruns even a retry wave
  });

  it('the queue fills about 1m42s into the hang (461.9 s), and from then on the API fails nearly every call', () => {
    for (const r of base()) {
      const full = firstRejection(r), s = r.series, f = s.features[API];
      // The bucket holding the first rejection starts at most one bucket before the fill, ± 5 s of noise.
      expect(full / 1000, `seed ${r.seed}: first rejection's bucket`).toBeGreaterThanOrEqual(FULL_AT - 5 - s.bucketMs / 1000);
      expect(full / 1000, `seed ${r.seed}: first rejection's bucket`).toBeLessThanOrEqual(FULL_AT + 5);
      expect(sumWindow(s, f.failed, 0, full), `seed ${r.seed}: API failures before the queue filled`).toBe(0);
      const from = full + 2 * s.bucketMs, window = (HANG_TO - from) / 1000;
      expect(sumWindow(s, f.succeeded, from, HANG_TO), `seed ${r.seed}: API successes while full`).toBeLessThanOrEqual(HUNG * window);
      expect(sumWindow(s, f.failed, from, HANG_TO), `seed ${r.seed}`).toBeGreaterThan(0.95 * sumWindow(s, f.arrivals, from, HANG_TO));
      expect(r.features[API].causes.failed.map((c) => `${c.reason} at ${c.service}`), `seed ${r.seed}`).toEqual(['rejected at notifications']);
    }
  });

  it('once the receiver is back the queue has room within seconds, and the API fails nothing more', () => {
    for (const r of base()) {
      const f = r.series.features[API];
      expect(sumWindow(r.series, f.failed, HANG_TO + 10_000, Infinity), `seed ${r.seed}: API failures after 16m10s`).toBe(0);
    }
  });

  it('separate-queue: no API call fails; every notification is delivered, ≈ 25,100 of them more than 5 minutes late', () => {
    expect(LATE).toBeCloseTo(25_134, -1);
    for (const r of separate()) {
      const f = r.features[API], m = r.services.notifications.messages!;
      expect(f.failed + f.users.degraded + f.abandoned, `seed ${r.seed}: API calls that failed, dropped a notification or were given up on`).toBe(0);
      expect(m.lost + m.deadLettered, `seed ${r.seed}`).toBe(0);
      // Every measured publish was delivered by the end, but for those still on their way when the
      // run ends (λ × 129 ms ≈ 6.5 on average) and calls begun before the warmup ended that
      // published after it (λ × 26 ms ≈ 1.3): at most 25 (over 5 SDs above their sum).
      expect(Math.abs(m.delivered - f.succeeded), `seed ${r.seed}: delivered vs published`).toBeLessThanOrEqual(25);
      expect(Math.abs(f.late / LATE - 1), `seed ${r.seed}: ${f.late} late, expected ≈ ${LATE.toFixed(0)}`).toBeLessThanOrEqual(0.05);
    }
  });

  it('drop-when-full: no API call fails; ≈ 24,500 notifications are dropped while the queue is full (missed reminders)', () => {
    const span = (HANG_TO / 1000 - FULL_AT);
    for (const r of dropping()) {
      const f = r.features[API];
      expect(f.failed + f.abandoned, `seed ${r.seed}`).toBe(0);
      expect(f.users.degraded, `seed ${r.seed}: notifications dropped`).toBeGreaterThanOrEqual((LAMBDA - HUNG) * span - 725);
      expect(f.users.degraded, `seed ${r.seed}: notifications dropped`).toBeLessThanOrEqual(LAMBDA * span + 725);
      expect(f.causes.degraded.map((c) => `${c.reason} at ${c.service}`), `seed ${r.seed}`).toEqual(['rejected at notifications']);
    }
  });

  it('the lesson: the base design loses API calls, merchants’ retries and value; both isolations lose none, and separate-queue misses no reminder', () => {
    SEEDS.forEach((seed, i) => {
      const b = base()[i].features[API].users, s = separate()[i].features[API].users, d = dropping()[i].features[API].users;
      // Nearly every intent of the ~8 minutes the queue is full fails: > 80% of λ × 8 minutes.
      expect(b.failed, `seed ${seed}: merchants' API intents failed in the base design`).toBeGreaterThan(0.8 * LAMBDA * 8 * 60);
      expect(b.retried, `seed ${seed}`).toBeGreaterThan(0);
      expect(s.failed + d.failed, `seed ${seed}`).toBe(0);
      expect(s.converted.succeeded, `seed ${seed}: separate-queue serves every intent`).toBe(s.arrived - s.inFlight);
      expect(d.degraded, `seed ${seed}: drop-when-full misses reminders, separate-queue does not`).toBeGreaterThan(s.degraded + 20_000);
    });
  });
});
