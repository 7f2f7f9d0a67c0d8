/**
 * The system state of each bucket, derived from the scenario alone (what the storm does, not
 * how the system took it), so variants on the same storm share their states:
 *
 * - `degraded`: a fault's window overlaps the bucket (outage, latency, errors, capacity,
 *   partition; a cache flush, which lasts no time, marks only the bucket it falls in);
 * - `peak`: otherwise, a load storm lifts some feature's rate above its base rate in the bucket
 *   (a spike, step or ramp multiplier above 1, a daily curve above 1, a replayed rate above the
 *   feature's base rate);
 * - `normal`: neither. Degraded wins over peak: a fault during a peak is the fault's story.
 *
 * Given the run's recoveries (recovery.ts), a storm's aftermath counts in its state too: the
 * buckets from a fault's end until the system is back near its baseline are degraded (a breaker
 * still open, a backlog draining, a retry storm that never dies down), those after a load
 * storm's end are peak. Without them the states come from the scenario alone, so variants on
 * the same storm share them; with them a variant that recovers sooner spends less time degraded.
 */
import type { Scenario } from '../scenario/types.js';
import { overlaps } from './overlaps.js';
import { storms } from './storms.js';
import { STATES, type Recovery, type State, type StatesOutcome, type Storm } from './types.js';

/**
 * The state of each bucket starting at `t` (ms from the start of the run, each `bucketMs`
 * wide; the last one cut short at `endMs`), and the time spent in each state. `known` lets a
 * caller pass storms(scenario, endMs) it already has; `recoveries` extends each storm span over
 * its aftermath. Throws a RangeError when there are buckets and bucketMs ≤ 0.
 */
export function states(
  scenario: Scenario, t: readonly number[], bucketMs: number, endMs: number, known?: Storm[], recoveries: readonly Recovery[] = [],
): StatesOutcome {
  if (t.length > 0 && !(bucketMs > 0)) throw new RangeError(`states: bucketMs must be > 0, got ${bucketMs}`);
  const all = known ?? storms(scenario, endMs);
  const spans = (kind: Storm['kind']): [number, number][] => [
    ...all.filter((s) => s.kind === kind).flatMap((s) => s.spans),
    // An aftermath starts where its span ended: [end, recoveredAt), when it lasted at all.
    ...recoveries.filter((r) => r.kind === kind && r.recoveredAt > r.span[1]).map((r): [number, number] => [r.span[1], r.recoveredAt]),
  ];
  const faults = spans('fault'), loads = spans('load');
  const during = (list: [number, number][], start: number) => list.some((span) => overlaps(span, start, bucketMs));
  const state = t.map((start): State => (during(faults, start) ? 'degraded' : during(loads, start) ? 'peak' : 'normal'));
  const ms = { normal: 0, peak: 0, degraded: 0 };
  state.forEach((s, b) => { ms[s] += Math.max(0, Math.min(bucketMs, endMs - t[b])); });
  const measured = STATES.reduce((sum, s) => sum + ms[s], 0);
  const share = { normal: 0, peak: 0, degraded: 0 };
  for (const s of STATES) share[s] = measured > 0 ? ms[s] / measured : 0;
  return { bucketMs, t: [...t], state, ms, share, recoveries: recoveries.map((r) => ({ ...r, span: [r.span[0], r.span[1]] })) };
}
