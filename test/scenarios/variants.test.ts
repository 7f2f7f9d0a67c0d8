/**
 * The failure-allocation choice each bundled scenario declares under `variants:`, in words: the
 * base and its variants run on the same seeds (common random numbers, src/outcomes/compare.ts),
 * their user and business outcomes (metrics(summarize(...)), what `brownout compare` tabulates)
 * are compared, and the direction of the choice is asserted.
 *
 * Each bound is derived from the scenario's parameters (documented at each use) and sits far
 * from what the runs show (the figures measured on seeds 1-3 when this was written are quoted),
 * so these are not statistical tolerances: they are not counted in the family of
 * test/support/family.ts. Every "the difference is above 0" reads the paired 95% interval of
 * `compare`, which the effects here clear by many half-widths.
 *
 * Runs are kept short: three seeds (two for the webhook runs, the costliest), and scenarios are
 * cut where the lesson is complete.
 */
import { describe, expect, it } from 'vitest';
import { compare } from '../../src/outcomes/compare.js';
import { metrics } from '../../src/outcomes/metrics.js';
import { summarize } from '../../src/outcomes/summarize.js';
import type { CompareReport, MetricsOf } from '../../src/outcomes/experiment-types.js';
import type { Scenario } from '../../src/scenario/types.js';
import { bundled } from './story-support.js';

const metricsOf: MetricsOf = (r, s) => metrics(summarize(r, s));

/** Base and the named variants (default all) of a scenario, on seeds 1..runs. */
function compared(scenario: Scenario, runs = 3, variants?: string[], of: MetricsOf = metricsOf): Arms {
  return new Arms(compare(scenario, { runs, seed: 1, metricsOf: of, variants }));
}

/** Reading a comparison: means per arm ('base' or a variant) and paired differences. */
class Arms {
  constructor(readonly report: CompareReport) {}

  private metric(name: string) {
    const m = this.report.metrics[name];
    expect(m, `metric ${name}`).toBeDefined();
    return m;
  }

  /** The arm's mean of `name` over the runs. */
  mean(arm: string, name: string): number {
    const m = this.metric(name);
    return arm === 'base' ? m.base.mean : m.variants[arm].value.mean;
  }

  /** The variant − base difference's 95% interval lies wholly above 0 (`sign` 1) or below it (−1). */
  expectDifference(variant: string, name: string, sign: 1 | -1): void {
    const d = this.metric(name).variants[variant].difference;
    const label = `${variant} − base, ${name}: mean ${d.mean.toPrecision(4)}, 95% interval [${d.low.toPrecision(4)}, ${d.high.toPrecision(4)}]`;
    if (sign > 0) expect(d.low, label).toBeGreaterThan(0);
    else expect(d.high, label).toBeLessThan(0);
  }
}

/** `s` and its variants cut to `durationMs`. */
function cut(s: Scenario, durationMs: number): Scenario {
  return { ...s, durationMs, variants: s.variants?.map((v) => ({ ...v, scenario: { ...v.scenario, durationMs } })) };
}

describe('licence-outage: caching licences (5 minutes, served stale) against no cache', () => {
  // Cut at 12 minutes: the outage is 10m-11m, and the SLO's 1-minute window has passed it by then.
  const s = cut(bundled('licence-outage'), 12 * 60_000);
  const LAMBDA = 140, D = 60, RETRY = 0.6; // starts/s, outage s, chance a viewer presses play again
  const bound = LAMBDA * D * (1 - RETRY); // viewers of the outage minute who never press play again
  const arms = (() => { let a: Arms | undefined; return () => (a ??= compared(s)); })();
  const lostViewers = (arm: string) => arms().mean(arm, 'watch.users.failed') + arms().mean(arm, 'watch.users.abandoned');

  it('without the cache at least 20x as many viewers fail to start or give up, and at least 10x the value is lost', () => {
    // No cache: every viewer arriving in the outage minute who does not press play again fails:
    // at least λ·D·(1 − p) = 3,360 (measured 7,650 with those whose retries also failed). With it,
    // about 108 tries fail in all (story-licence-outage.test.ts) plus a few dozen viewers who lose
    // patience with a slow start: under 170 (measured 52 over these 10 minutes). Each lost start is
    // worth $0.25, so the no-cache arm loses at least $840 (measured $1,914) against $15.
    expect(lostViewers('no-cache')).toBeGreaterThanOrEqual(bound);
    expect(lostViewers('no-cache')).toBeGreaterThanOrEqual(20 * lostViewers('base'));
    expect(arms().mean('no-cache', 'watch.value.lost')).toBeGreaterThanOrEqual(10 * arms().mean('base', 'watch.value.lost'));
    arms().expectDifference('no-cache', 'watch.value.lost', 1);
    arms().expectDifference('no-cache', 'total.loss', 1);
  });

  it('without the cache the month\'s start-up error budget burns at least 5x as fast, with more tickets expected and subscribers lost', () => {
    // Bad starts: ≈ 15,540 failed tries without the cache against ≈ 108 with it (the story test).
    expect(arms().mean('no-cache', 'watch.slo.budgetBurned')).toBeGreaterThanOrEqual(5 * arms().mean('base', 'watch.slo.budgetBurned'));
    // Tickets: 1% of failed viewers, so at least 1% of 3,360 ≈ 34 expected (measured 76 against 0.4).
    expect(arms().mean('no-cache', 'watch.tickets.expected')).toBeGreaterThanOrEqual(0.01 * bound * 0.99);
    expect(arms().mean('no-cache', 'watch.tickets.expected')).toBeGreaterThanOrEqual(20 * arms().mean('base', 'watch.tickets.expected'));
    arms().expectDifference('no-cache', 'watch.churn.expected', 1);
  });

  it('a cache that never serves stale sits in between: more viewers lost than with stale answers, far fewer than with no cache', () => {
    // Measured: 52 (base), 1,310 (no-stale), 7,650 (no-cache) viewers failed or gave up.
    arms().expectDifference('no-stale', 'watch.users.failed', 1);
    expect(lostViewers('no-stale')).toBeLessThan(lostViewers('no-cache') / 2);
    expect(arms().mean('no-stale', 'watch.users.stale')).toBe(0);
  });
});

describe('celebrity-spike: dimming recommendations against no dimmer and against a database replica', () => {
  // Cut at 14 minutes: the spike is 8m-13m, and the SLO's 1-minute window has passed it by then.
  const s = cut(bundled('celebrity-spike'), 14 * 60_000);
  const arms = (() => { let a: Arms | undefined; return () => (a ??= compared(s)); })();

  it('without the dimmer the feed is out of its SLO for most of the spike (at least 3.5 minutes), and at most 30 s with it', () => {
    // Without it the db is offered 0.105·f of its capacity: saturated from f = 9.5 on the ramps,
    // 8m28s to 12m32s, where feed loads wait ≈ 161 ms at the db (215 ms in all, the story test)
    // and far more than 1% take over 300 ms; the 1-minute window adds up to a minute.
    // Measured: 297 s without the dimmer, 0 s with it.
    expect(arms().mean('no-dimmer', 'feed.slo.outOfSloMs')).toBeGreaterThanOrEqual(210_000);
    expect(arms().mean('base', 'feed.slo.outOfSloMs')).toBeLessThanOrEqual(30_000);
  });

  it('without the dimmer the slow feed loses at least 5x its engagement value, more than the recommendations it serves bring', () => {
    // ≈ 96,000 peak feed loads at ≈ 215 ms keep ≈ 88.5% of their value (the conversion line,
    // 100% at 100 ms to 80% at 300 ms): ≈ $110 lost (measured $114 against $6). Recommendations
    // served on top: measured +4,800, worth $10.
    expect(arms().mean('no-dimmer', 'feed.value.lost')).toBeGreaterThanOrEqual(5 * arms().mean('base', 'feed.value.lost'));
    arms().expectDifference('no-dimmer', 'recommendations.users.succeeded', 1);
    arms().expectDifference('no-dimmer', 'total.value.lost', 1);
    // Most recommendations of the spike time out instead of being shed: served 225/s of 250/s
    // offered, so their queue grows past the 3 s timeout (the story test).
    expect(arms().mean('no-dimmer', 'recommendations.users.failed')).toBeGreaterThanOrEqual(0.5 * arms().mean('base', 'recommendations.users.refused'));
  });

  it('a replica costs money and comes too late: the feed is still out of its SLO for at least 2 minutes', () => {
    // The replica is asked for at the first 30 s evaluation with the db above 70% and serves
    // 3 minutes later, about 3.5 minutes into the 5-minute spike (measured: 254 s out of SLO,
    // $0.33 more for the replica's 5 minutes at $4/h).
    expect(arms().mean('scale-up', 'feed.slo.outOfSloMs')).toBeGreaterThanOrEqual(120_000);
    arms().expectDifference('scale-up', 'total.cost', 1);
    arms().expectDifference('scale-up', 'feed.value.lost', 1);
  });
});

describe('checkout-breaker: a breaker on payments, against none and against charging later', () => {
  const s = bundled('checkout-breaker');
  const withWorkers: MetricsOf = (r, sc) => ({ ...metricsOf(r, sc), 'checkout.utilization': r.services.checkout.utilization });
  const arms = (() => { let a: Arms | undefined; return () => (a ??= compared(s, 3, undefined, withWorkers)); })();

  it('without the breaker the same orders are lost (within 5%; a few fewer, as nobody waits for a probe after payments recovers)', () => {
    // Either way every checkout in the two minutes fails: payments errors after its work, the
    // breaker only makes it fail sooner. Measured: 11,218 against 11,410 failed orders.
    const base = arms().mean('base', 'checkout.users.failed'), none = arms().mean('no-breaker', 'checkout.users.failed');
    expect(Math.abs(none - base)).toBeLessThanOrEqual(0.05 * base);
    expect(none).toBeLessThanOrEqual(base);
  });

  it('but without it checkout\'s workers stay busy on the dead dependency: at least 4 points more busy over the run', () => {
    // During the 2 of 9 measured minutes each checkout holds its worker for payments' 101.6 ms
    // of work too: at least 100/s × 101.6 ms / 50 = 20% more, 4.5 points over the run (measured
    // 8.5: 30.7% against 22.2%, the retries adding their share).
    expect(arms().mean('no-breaker', 'checkout.utilization') - arms().mean('base', 'checkout.utilization')).toBeGreaterThanOrEqual(0.04);
  });

  it('charging later keeps the orders: none fails, the failed ones become degraded, at most 10% of the value is lost, the SLO holds', () => {
    // A degraded order is worth $57 of $60: the loss is 5% of what failing loses.
    expect(arms().mean('charge-later', 'checkout.users.failed')).toBe(0);
    expect(arms().mean('charge-later', 'checkout.users.degraded')).toBeGreaterThanOrEqual(0.9 * arms().mean('base', 'checkout.users.failed'));
    expect(arms().mean('charge-later', 'checkout.value.lost')).toBeLessThanOrEqual(0.1 * arms().mean('base', 'checkout.value.lost'));
    // Degraded orders are served, so good for the SLO; only the few slow checkouts of steady load
    // are left (≈ 1 a minute over 1 s), and one of them in the first minute after the warmup,
    // whose window holds only the events since, can put a few seconds out of SLO (measured: 6 s
    // on one seed of three, against ≈ 3 minutes without the fallback).
    expect(arms().mean('charge-later', 'checkout.slo.outOfSloMs')).toBeLessThanOrEqual(10_000);
    expect(arms().mean('base', 'checkout.slo.outOfSloMs')).toBeGreaterThanOrEqual(120_000);
    arms().expectDifference('charge-later', 'checkout.tickets.expected', -1);
  });
});

describe('retry-storm: immediate retries against a retry budget, backoff and a bounded queue', () => {
  const s = bundled('retry-storm');
  const arms = (() => { let a: Arms | undefined; return () => (a ??= compared(s)); })();
  const LAMBDA = 80, MIN = 60; // payments/s, s

  it('with a retry budget goodput returns: at least 2.5x the payments succeed and at most a third of the value is lost', () => {
    // Storm: payments succeed only in the 4 minutes before the slowdown, λ × 4 min ≈ 19,200
    // (measured 19,270). Budget: all but ≈ 83 s of draining after the slowdown, at least
    // λ × (14 − 3) min = 52,800 (measured 58,575).
    expect(arms().mean('base', 'pay.users.succeeded')).toBeLessThanOrEqual(LAMBDA * 4 * MIN * 1.05);
    expect(arms().mean('budget', 'pay.users.succeeded')).toBeGreaterThanOrEqual(LAMBDA * 11 * MIN);
    expect(arms().mean('budget', 'total.value.lost')).toBeLessThanOrEqual(arms().mean('base', 'total.value.lost') / 3);
    expect(arms().mean('budget', 'pay.slo.outOfSloMs')).toBeLessThanOrEqual(arms().mean('base', 'pay.slo.outOfSloMs') / 2);
  });

  it('backoff alone does not end the storm: no more payments succeed than with immediate retries', () => {
    // Backoff spaces the 4 attempts but does not cut them, and the API still works on requests
    // whose callers gave up: offered ≈ 320 attempts/s against 100/s. Measured: the same 19,270.
    expect(arms().mean('backoff', 'pay.users.succeeded')).toBeLessThanOrEqual(1.01 * arms().mean('base', 'pay.users.succeeded'));
  });

  it('a bounded queue (50) ends the storm with the slowdown: at most a tenth of the base\'s value lost, and out of its SLO at most half as long', () => {
    // Bounded queue: only payments of the 20 s slowdown fail, at most λ × 20 s = 1,600 (measured
    // ≈ 1,580 at $50: ≈ $80,000), against ≈ 43,000 failed payments ($2.4M) in the storm.
    expect(arms().mean('bounded-queue', 'pay.users.failed')).toBeLessThanOrEqual(LAMBDA * 20 * 1.1);
    expect(arms().mean('bounded-queue', 'total.value.lost')).toBeLessThanOrEqual(arms().mean('base', 'total.value.lost') / 10);
    expect(arms().mean('bounded-queue', 'pay.slo.outOfSloMs')).toBeLessThanOrEqual(arms().mean('base', 'pay.slo.outOfSloMs') / 2);
    arms().expectDifference('bounded-queue', 'total.loss', -1);
  });
});

describe('retry-storm-budget: the budget tames the clients\' retries, not the payers\'', () => {
  const s = bundled('retry-storm-budget');
  const arms = (() => { let a: Arms | undefined; return () => (a ??= compared(s, 3, ['shoppers-retry'])); })();

  it('when half the payers whose payment failed press pay again, the storm never ends: under 40% of the budget\'s successes', () => {
    // While the backlog drains (100 − 88 = 12/s, the story test) ≈ 80 payments/s fail; half come
    // back ≈ 10 s later, up to twice: ≈ 40-60/s more, so 88 + 40 > 100 and the backlog grows
    // again. Measured: 19,270 successes (the pre-slowdown ones) against 58,575.
    expect(arms().mean('shoppers-retry', 'pay.users.succeeded')).toBeLessThanOrEqual(0.4 * arms().mean('base', 'pay.users.succeeded'));
    arms().expectDifference('shoppers-retry', 'total.loss', 1);
  });
});

describe('saturation: two more workers against a bounded queue, as the load climbs to 95%', () => {
  const s = bundled('saturation');
  const arms = (() => { let a: Arms | undefined; return () => (a ??= compared(s)); })();

  it('headroom keeps the SLO the base loses at 90% and 95% busy', () => {
    // Base: the 600 ms tail is 1.24% at 90% and 8.1% at 95% against a 1% budget (Erlang C,
    // story-saturation.test.ts), out of SLO for most of the last 12 minutes (measured ≈ 8 min).
    // Headroom (12 workers, ≤ 79% busy): the tail stays below 0.5%, never out.
    expect(arms().mean('base', 'search.slo.outOfSloMs')).toBeGreaterThanOrEqual(4 * 60_000);
    expect(arms().mean('headroom', 'search.slo.outOfSloMs')).toBe(0);
    arms().expectDifference('headroom', 'search.slo.outOfSloMs', -1);
  });

  it('a bounded queue refuses searches instead, and is out of its SLO longer than the base', () => {
    // M/M/10/20 blocking: 0.9% at 80%, 3.0% at 90%, 4.7% at 95% (test/support/queueing.ts, mmcK):
    // at least 0.03 × 90/s × 4 min + 0.047 × 95/s × 8 min ≈ 2,790 refused after the warmup
    // (measured ≈ 2,860), each refusal bad for the SLO from the 80% step on.
    expect(arms().mean('bounded-queue', 'search.users.failed')).toBeGreaterThanOrEqual(2_000);
    arms().expectDifference('bounded-queue', 'search.slo.outOfSloMs', 1);
    arms().expectDifference('bounded-queue', 'total.value.lost', 1);
  });
});

describe('webhook-outage: a queue that keeps confirmations 6 hours, against shorter retention and faster give-up', () => {
  const H = 3_600, MIN = 60, LAMBDA = 5; // s, s, confirmations/s
  // Cut at 3h, two hours into the 4-hour outage (1h-5h): long enough for both variants to lose
  // confirmations, and a fifth of the cost of the whole 8 hours (the 1-minute redeliveries of
  // retry-30-min make millions of events).
  const s = cut(bundled('webhook-outage'), 3 * H * 1000);
  const withMessages: MetricsOf = (r, sc) => {
    const m = r.services.webhooks.messages!;
    return { ...metricsOf(r, sc), 'webhooks.lost': m.lost, 'webhooks.deadLettered': m.deadLettered, 'pay.late': r.features.pay.late };
  };
  const arms = (() => { let a: Arms | undefined; return () => (a ??= compared(s, 2, undefined, withMessages)); })();

  it('shoppers see no difference: every payment succeeds in every arm', () => {
    for (const arm of ['base', 'short-retention', 'retry-30-min']) expect(arms().mean(arm, 'pay.users.failed'), arm).toBe(0);
  });

  it('the 6-hour queue loses nothing; keeping messages 1 hour loses every confirmation that waits longer (≥ 15,000 by 3h)', () => {
    // A confirmation sent at t ≥ 1h is past its hour by its first redelivery after t + 1h, at the
    // latest t + 1h10m: all those sent from 1h to 1h50m are lost by 3h (measured ≈ 18,000: the
    // queue drops them as they turn an hour old, so all those sent from 1h to 2h). Over the whole
    // outage those sent from 1h to ≈ 4h10m are lost: ≈ 57,000 of 72,000.
    expect(arms().mean('base', 'webhooks.lost') + arms().mean('base', 'webhooks.deadLettered')).toBe(0);
    expect(arms().mean('short-retention', 'webhooks.lost')).toBeGreaterThanOrEqual(LAMBDA * 50 * MIN);
  });

  it('redelivering every minute spends the 30 deliveries in half an hour: ≥ 25,500 confirmations dead-lettered by 3h', () => {
    // A confirmation sent at t is tried at t, t + 1 min, ..., t + 29 min, all failing while the
    // merchant is down: those sent from 1h to 2h31m are dead-lettered by 3h, ≈ 27,300 (measured
    // 27,500; the bound allows for Poisson arrivals: 85 of those 91 minutes). Over the whole
    // outage, those sent from 1h to 4h31m: ≈ 63,300.
    expect(arms().mean('retry-30-min', 'webhooks.deadLettered')).toBeGreaterThanOrEqual(LAMBDA * 85 * MIN);
  });

  // A lost confirmation costs at least what a late one does (a ticket when the merchant misses
  // it): a message never delivered counts as late. (Found by this test: lost and dead-lettered
  // confirmations once counted for nothing, so losing data scored better than delivering late.)
  it('losing confirmations counts them late: the variants that lose them raise more late-message tickets than the base', () => {
    for (const arm of ['short-retention', 'retry-30-min']) {
      const undelivered = arms().mean(arm, 'webhooks.lost') + arms().mean(arm, 'webhooks.deadLettered');
      expect(arms().mean(arm, 'pay.late'), arm).toBeGreaterThanOrEqual(undelivered);
      expect(arms().mean(arm, 'pay.tickets.late'), arm).toBeGreaterThan(arms().mean('base', 'pay.tickets.late'));
    }
  });
});

describe('three-tier: a steady shop, against payments 3x slower for 10 minutes', () => {
  const s = bundled('three-tier');
  const arms = (() => { let a: Arms | undefined; return () => (a ??= compared(s)); })();

  it('no order is lost, but checkout is out of its SLO for at least 8 minutes (never at steady load)', () => {
    // Payments at 3 × 120 ms is 72% busy: checkouts take ≈ 425 ms plus M/D/4 queueing, and well
    // over 0.1% pass 1 s while it lasts, so the 10-minute window is out of SLO from early in the
    // slowdown to well after it (measured 880 s; 0 at steady load).
    expect(arms().mean('base', 'checkout.slo.outOfSloMs')).toBe(0);
    expect(arms().mean('payments-slow', 'checkout.slo.outOfSloMs')).toBeGreaterThanOrEqual(8 * 60_000);
    arms().expectDifference('payments-slow', 'checkout.slo.budgetBurned', 1);
    for (const arm of ['base', 'payments-slow']) expect(arms().mean(arm, 'checkout.users.failed'), arm).toBe(0);
    expect(arms().mean('payments-slow', 'total.value.lost')).toBeLessThanOrEqual(0.001 * arms().mean('payments-slow', 'total.value.potential'));
  });
});
