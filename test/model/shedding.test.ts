/** Dimmer: steps one level per forMs while the signal stays high, hysteresis, never sheds core. */
import { describe, expect, it } from 'vitest';
import { Dimmer, PRIORITY_INDEX, shedTime } from '../../src/model/shedding.js';
import type { SheddingSpec } from '../../src/scenario/types.js';

const spec: SheddingSpec = { service: 'db', signal: 'utilization', above: 0.85, below: 0.6, forMs: 5_000, levels: ['optional', 'important'] };
const CORE = PRIORITY_INDEX.core, IMPORTANT = PRIORITY_INDEX.important, OPTIONAL = PRIORITY_INDEX.optional;

/** Feeds `signal(t)` every second over (from, to]. */
function feed(d: Dimmer, from: number, to: number, signal: (t: number) => number): void {
  for (let t = from + 1_000; t <= to; t += 1_000) d.update(t, signal(t));
}

describe('Dimmer', () => {
  it('maps priorities core 0, important 1, optional 2', () => {
    expect(PRIORITY_INDEX).toEqual({ core: 0, important: 1, optional: 2 });
  });

  it('dims one step per forMs while the signal stays above, up to the last level', () => {
    const d = new Dimmer(spec);
    feed(d, 0, 4_000, () => 0.9);
    expect(d.level).toBe(0);
    feed(d, 4_000, 5_000, () => 0.9);
    expect(d.level).toBe(1); // high over [0, 5 s]
    expect([d.sheds(OPTIONAL), d.sheds(IMPORTANT), d.sheds(CORE)]).toEqual([true, false, false]);
    feed(d, 5_000, 9_000, () => 0.9);
    expect(d.level).toBe(1);
    feed(d, 9_000, 10_000, () => 0.9);
    expect(d.level).toBe(2);
    expect([d.sheds(OPTIONAL), d.sheds(IMPORTANT), d.sheds(CORE)]).toEqual([true, true, false]);
    feed(d, 10_000, 60_000, () => 1);
    expect(d.level).toBe(2);
    expect(d.sheds(CORE)).toBe(false);
    expect(d.history).toEqual([[5_000, 1], [10_000, 2]]);
  });

  it('brightens one step per forMs while below, and holds between the thresholds', () => {
    const d = new Dimmer(spec);
    feed(d, 0, 10_000, () => 0.9);
    feed(d, 10_000, 60_000, () => 0.7); // between: hysteresis holds the level
    expect(d.level).toBe(2);
    feed(d, 60_000, 65_000, () => 0.5);
    expect(d.level).toBe(1);
    feed(d, 65_000, 70_000, () => 0.5);
    expect(d.level).toBe(0);
    expect([d.sheds(OPTIONAL), d.sheds(IMPORTANT)]).toEqual([false, false]);
    expect(d.history).toEqual([[5_000, 1], [10_000, 2], [65_000, 1], [70_000, 0]]);
    expect(shedTime(d.history, 0, 100_000)).toBe(65_000);
    // Only the measured period counts: from the end of a 30 s warmup, and up to a stop at 68 s.
    expect(shedTime(d.history, 30_000, 100_000)).toBe(40_000);
    expect(shedTime(d.history, 30_000, 68_000)).toBe(38_000);
    expect(shedTime(d.history, 80_000, 70_000)).toBe(0);
  });

  it('a value between the thresholds breaks a run', () => {
    const d = new Dimmer(spec);
    feed(d, 0, 60_000, (t) => (t % 4_000 === 0 ? 0.7 : 0.95)); // never 5 s straight above
    expect(d.level).toBe(0);
    feed(d, 60_000, 70_000, () => 0.9);
    expect(d.level).toBe(2);
    feed(d, 70_000, 200_000, (t) => (t % 4_000 === 0 ? 0.7 : 0.1)); // never 5 s straight below
    expect(d.level).toBe(2);
  });

  it('never sheds core, even when the levels name it', () => {
    const d = new Dimmer({ ...spec, levels: ['optional', 'core', 'important'] });
    feed(d, 0, 100_000, () => 1);
    expect(d.level).toBe(2);
    expect([d.sheds(OPTIONAL), d.sheds(IMPORTANT), d.sheds(CORE)]).toEqual([true, true, false]);
  });

  it('counts shed time up to the end while still dimmed', () => {
    const d = new Dimmer(spec, 10_000);
    feed(d, 10_000, 15_000, () => 0.9);
    expect(d.level).toBe(1);
    expect(shedTime(d.history, 0, 18_000)).toBe(3_000);
  });
});
