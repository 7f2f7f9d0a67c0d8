/**
 * Breakers: the Hystrix behaviour the product publishes — rolling window, minimum volume, error
 * threshold, sleep window, exactly one half-open trial — driven by a client calling every 10 ms.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Breakers, CLOSED, HALF_OPEN, OPEN } from '../../src/model/breaker.js';
import type { BreakerSpec } from '../../src/scenario/types.js';

const spec: BreakerSpec = { windowMs: 10_000, buckets: 10, minimumRequests: 20, errorThreshold: 0.5, sleepMs: 5_000 };

/** Breakers that also tally, per edge, the calls `allow` refused (short-circuited); it counts nothing itself. */
class CountingBreakers extends Breakers {
  readonly shortCircuited: number[];

  constructor(specs: (BreakerSpec | undefined)[]) {
    super(specs);
    this.shortCircuited = specs.map(() => 0);
  }

  override allow(e: number, now: number): boolean {
    const ok = super.allow(e, now);
    if (!ok) this.shortCircuited[e]++;
    return ok;
  }
}

/** Calls edge 0 every 10 ms over [from, to), answering at once with `ok(t)`; returns the times allow() said yes while not closed. */
function drive(b: Breakers, from: number, to: number, ok: (t: number) => boolean): number[] {
  const trials: number[] = [];
  for (let t = from; t < to; t += 10) {
    const wasClosed = b.state(0) === CLOSED;
    if (!b.allow(0, t)) continue;
    if (!wasClosed) trials.push(t);
    b.record(0, t, ok(t));
  }
  return trials;
}

/** Time of the first call at which the breaker is found open. */
function openedAt(b: Breakers, from: number, to: number, ok: (t: number) => boolean): number {
  for (let t = from; t < to; t += 10) {
    if (!b.allow(0, t)) return t;
    b.record(0, t, ok(t));
  }
  return Infinity;
}

describe('Breakers', () => {
  it('an edge without a breaker always allows and never opens', () => {
    const b = new Breakers([undefined]);
    drive(b, 0, 20_000, () => false);
    expect(b.allow(0, 20_000)).toBe(true);
    expect(b.state(0)).toBe(CLOSED);
    expect(b.opened[0]).toBe(0);
  });

  it('at 100 rps, opens about 5 s after all calls start failing (10 s window, 50%)', () => {
    const b = new Breakers([spec]);
    const failing = (t: number) => t < 60_000;
    const t = openedAt(b, 0, 120_000, failing);
    expect(t).toBeGreaterThanOrEqual(65_000 - 1_000);
    expect(t).toBeLessThanOrEqual(65_000 + 1_000);
    expect(b.opened[0]).toBe(1);
  });

  it('while failures continue it probes exactly once per sleep window, then a success closes it', () => {
    const b = new Breakers([spec]);
    const stop = 200_000;
    const ok = (t: number) => t < 60_000 || t >= stop;
    const opened = openedAt(b, 0, 120_000, ok);
    const during = drive(b, opened + 10, opened + 60_010, ok);
    expect(during.length).toBe(12);
    for (let i = 1; i < during.length; i++) expect(during[i] - during[i - 1]).toBe(5_000);
    drive(b, opened + 60_010, stop, ok);
    const after = drive(b, stop, stop + 20_000, ok);
    expect(after.length).toBe(1);
    expect(after[0] - stop).toBeLessThanOrEqual(5_000);
    expect(b.state(0)).toBe(CLOSED);
    expect(b.opened[0]).toBe(1);
    expect(b.windowTotal(0, stop + 20_000)).toBeGreaterThan(0);
  });

  it('respects the minimum volume: 19 failures in the window never open it, the 20th does', () => {
    const b = new Breakers([spec]);
    for (let i = 0; i < 19; i++) b.record(0, i * 100, false);
    expect(b.state(0)).toBe(CLOSED);
    // A sparse trickle of failures (one per 600 ms: ≤ 17 in any 10 s window) never opens it.
    for (let t = 20_000; t < 200_000; t += 600) b.record(0, t, false);
    expect(b.state(0)).toBe(CLOSED);
    const c = new Breakers([spec]);
    for (let i = 0; i < 20; i++) c.record(0, i * 100, false);
    expect(c.state(0)).toBe(OPEN);
  });

  it('stays closed below the error threshold', () => {
    const b = new Breakers([spec]);
    drive(b, 0, 60_000, (t) => (t / 10) % 5 !== 0); // 20% failures
    expect(b.state(0)).toBe(CLOSED);
  });

  it('lets only one trial out while it is pending, and ignores stale results', () => {
    const b = new CountingBreakers([spec]);
    for (let i = 0; i < 20; i++) b.record(0, 0, false);
    expect(b.allow(0, 4_999)).toBe(false);
    expect(b.allow(0, 5_000)).toBe(true);
    expect(b.state(0)).toBe(HALF_OPEN);
    for (let t = 5_010; t < 6_000; t += 10) expect(b.allow(0, t)).toBe(false);
    b.record(0, 5_500, true, 100); // sent before the trial: stale
    expect(b.state(0)).toBe(HALF_OPEN);
    b.record(0, 6_000, false, 5_000); // the trial times out: open again, sleep restarts
    expect(b.state(0)).toBe(OPEN);
    expect(b.allow(0, 10_999)).toBe(false);
    expect(b.allow(0, 11_000)).toBe(true);
    b.record(0, 11_050, true, 11_000);
    expect(b.state(0)).toBe(CLOSED);
    expect(b.windowTotal(0, 11_050)).toBe(0);
    expect(b.trials[0]).toBe(2);
    expect(b.shortCircuited[0]).toBe(1 + 99 + 1);
    expect(b.openMs(0, 20_000)).toBe(11_050);
  });

  it('an abandoned trial lets the next call be the trial', () => {
    const b = new Breakers([spec]);
    for (let i = 0; i < 20; i++) b.record(0, 0, false);
    b.abandon(0); // open, no trial out: nothing changes
    expect(b.allow(0, 1_000)).toBe(false);
    expect(b.allow(0, 5_000)).toBe(true);
    b.abandon(0);
    expect(b.state(0)).toBe(OPEN);
    expect(b.trials[0]).toBe(0);
    expect(b.allow(0, 5_010)).toBe(true);
    expect(b.allow(0, 5_020)).toBe(false);
    b.record(0, 5_030, true);
    expect(b.state(0)).toBe(CLOSED);
  });

  it('counts time not closed up to now while open', () => {
    const b = new Breakers([spec, spec]);
    for (let i = 0; i < 20; i++) b.record(1, 1_000, false);
    expect(b.openMs(1, 3_500)).toBe(2_500);
    expect(b.openMs(0, 3_500)).toBe(0);
    expect(b.state(0)).toBe(CLOSED);
  });

  it('the rolling window holds exactly the results of its buckets (property)', () => {
    const s: BreakerSpec = { ...spec, errorThreshold: 2 }; // never opens
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3_000 }), fc.boolean()), { maxLength: 200 }), (steps) => {
      const b = new Breakers([s]);
      const log: [number, boolean][] = [];
      let t = 0;
      for (const [dt, ok] of steps) {
        t += dt;
        b.record(0, t, ok);
        log.push([t, ok]);
        const oldest = Math.floor(t / 1_000) - 9;
        const inWin = log.filter(([u]) => Math.floor(u / 1_000) >= oldest);
        expect(b.windowTotal(0, t)).toBe(inWin.length);
        expect(b.windowFailures(0, t)).toBe(inWin.filter(([, k]) => !k).length);
      }
    }));
  });
});
