/**
 * Every kind of break fires on a small real run where it should, at the right time and with a
 * cause path a PM can read, and nothing fires on the bundled steady-state scenarios.
 */
import { describe, expect, it } from 'vitest';
import { BREAKER, DIMMER, IMPATIENT, SPIKE, STORM, bundled, find, list, run } from './real.js';

describe('breaks on real runs', () => {
  it('saturation and rejections: a spike fills the database and then its queue', () => {
    const { outcomes: o } = run(SPIKE);
    const sat = find(o, 'saturation', 'db');
    expect(sat.t).toBe(30_000);
    expect(sat.path.text).toBe('db saturates (100% busy) from 00:30 because of the 2x spike on browse from 00:30 to 01:00');
    const rej = find(o, 'rejections', 'db');
    expect(rej.t).toBeGreaterThanOrEqual(30_000);
    expect(rej.t).toBeLessThan(40_000);
    expect(rej.path.text).toMatch(/^db turns away \d+% of requests from 00:3\d because db saturates \(100% busy\) from 00:30 because of the 2x spike/);
  });

  it('queue-growing and timeouts: a short slowdown tips retrying clients into a storm', () => {
    const { outcomes: o } = run(STORM);
    const queue = find(o, 'queue-growing', 'api');
    // Not before the slowdown that started it, however flat the queue was before.
    expect(queue.t).toBeGreaterThanOrEqual(30_000);
    expect(queue.t).toBeLessThan(32_000);
    expect(queue.path.text).toBe(
      "api's queue grows without bound from 00:30 because api saturates (100% busy) from 00:30 because of the slowdown of api (3x) from 00:30 to 00:50",
    );
    const late = find(o, 'timeouts', 'user->pay');
    expect(late.path.text).toMatch(/^pay's users time out waiting for api \(\d+% of attempts\) from 00:3\d because api saturates/);
    // It never recovers: the storm's aftermath is degraded to the end of the run.
    expect(o.states.recoveries).toEqual([{ kind: 'fault', ref: 0, span: [30_000, 50_000], recoveredAt: 90_000 }]);
    expect(o.grid.features.pay.normal.bad.failed).toBe(0);
  });

  it('errors, breaker-open and slo: payments fail, the breaker opens, checkout leaves its SLO', () => {
    const { outcomes: o } = run(BREAKER);
    const errors = find(o, 'errors', 'payments');
    expect(errors.t).toBe(20_000);
    expect(errors.value).toBe(1);
    const breaker = find(o, 'breaker-open', 'checkout->payments');
    expect(breaker.t).toBeGreaterThan(errors.t);
    // The breaker's path goes through the errors at payments to the fault.
    expect(breaker.path.steps.map((s) => s.kind)).toEqual(['breaker-open', 'errors', 'fault']);
    expect(breaker.path.text).toMatch(
      /^the breaker on calls from checkout to payments opens at 00:2\d because payments fails 100% of requests from 00:20 because of the injected errors at payments \(100% of requests\) from 00:20 to 00:35$/,
    );
    const slo = find(o, 'slo', 'checkout');
    // Errors, not the breaker (which opened later in the window), failed checkout when it left its SLO.
    expect(slo.path.text).toMatch(/^checkout leaves its SLO at 00:2\d because calls to payments fail with errors \(100% of its bad requests\) because payments fails 100%/);
    expect(o.breaks.indexOf(errors)).toBeLessThan(o.breaks.indexOf(breaker));
  });

  it('shedding and autoscale-max: a dimmer and an autoscaler that tops out', () => {
    const { outcomes: o } = run(DIMMER);
    const shed = find(o, 'shedding', 'db');
    expect(shed.t).toBeGreaterThan(30_000);
    expect(shed.t).toBeLessThan(40_000);
    expect(shed.detail).toBe('the dimmer (on utilization) starts shedding optional work');
    expect(shed.path.text).toMatch(/^db starts shedding optional work at 00:3\d because db saturates \(100% busy\) from 00:30 because of the 4x spike on all features/);
    const max = find(o, 'autoscale-max', 'db');
    expect(max.t).toBeGreaterThan(30_000);
    expect(max.detail).toBe('running 3 instances, its autoscale max is 3');
    expect(max.path.steps.at(-1)?.kind).toBe('load');
  });

  it('abandonment: users with a second or so of patience give up on a slow search', () => {
    const { outcomes: o } = run(IMPATIENT);
    const gave = find(o, 'abandonment', 'search');
    // Users give up within about their patience of the slowdown, not later: 100 ms buckets where
    // no intent ended (everyone still waiting) do not end the run.
    expect(gave.t).toBeGreaterThanOrEqual(20_000);
    expect(gave.t).toBeLessThan(23_000);
    expect(gave.path.text).toMatch(
      /^search's users start giving up \(\d+% of them\) at 00:2\d because search answers too slowly \(100% of its abandonments\) because search saturates/,
    );
    expect(gave.path.steps.at(-1)?.text).toBe('the slowdown of search (+3,000ms) from 00:20 to 00:40');
  });

  it('finds nothing broken in the steady-state scenarios', () => {
    for (const file of ['three-tier.yaml', 'mmc-check.yaml']) {
      const o = bundled(file).outcomes;
      expect(list(o.breaks), file).toBe('none');
      expect(o.states.ms.degraded + o.states.ms.peak, file).toBe(0);
    }
  });
});
