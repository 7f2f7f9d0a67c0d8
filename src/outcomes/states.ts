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
 */
import type { Scenario } from '../scenario/types.js';
import { overlaps } from './overlaps.js';
import { storms } from './storms.js';
import { STATES, type State, type StatesOutcome, type Storm } from './types.js';

/**
 * The state of each bucket starting at `t` (ms from the start of the run, each `bucketMs`
 * wide; the last one cut short at `endMs`), and the time spent in each state. `known` lets a
 * caller pass storms(scenario, endMs) it already has. Throws a RangeError when there are buckets
 * and bucketMs ≤ 0.
 */
export function states(scenario: Scenario, t: readonly number[], bucketMs: number, endMs: number, known?: Storm[]): StatesOutcome {
  if (t.length > 0 && !(bucketMs > 0)) throw new RangeError(`states: bucketMs must be > 0, got ${bucketMs}`);
  const all = known ?? storms(scenario, endMs);
  const faults = all.filter((s) => s.kind === 'fault'), loads = all.filter((s) => s.kind === 'load');
  const during = (list: Storm[], start: number) => list.some((s) => s.spans.some((span) => overlaps(span, start, bucketMs)));
  const state = t.map((start): State => (during(faults, start) ? 'degraded' : during(loads, start) ? 'peak' : 'normal'));
  const ms = { normal: 0, peak: 0, degraded: 0 };
  state.forEach((s, b) => { ms[s] += Math.max(0, Math.min(bucketMs, endMs - t[b])); });
  const measured = STATES.reduce((sum, s) => sum + ms[s], 0);
  const share = { normal: 0, peak: 0, degraded: 0 };
  for (const s of STATES) share[s] = measured > 0 ? ms[s] / measured : 0;
  return { bucketMs, t: [...t], state, ms, share };
}
