/**
 * One feature's user outcomes split by system state, from the per-bucket series (intents count
 * in the bucket they ended, late messages in the bucket they were delivered).
 *
 * The split always adds up to the run's totals (FeatureResult.users and .late), so the Impact
 * Grid and the summary agree exactly: when a class's series sums to its total, the series is
 * the split; when it does not (a series cut short, or missing), the total is shared out in
 * proportion to the series (whole intents, largest remainders first; by time in each state when
 * the series has none of that class). Conversion-weighted counts are scaled the same way.
 */
import type { FeatureSeries, RunResult } from '../model/result.js';
import { noCounts } from './no-counts.js';
import { STATES, type ClassCounts, type Split, type State, type StatesOutcome } from './types.js';

const WHOLE = ['succeeded', 'degraded', 'stale', 'failed', 'abandoned', 'shed', 'rateLimited'] as const;
const CONVERTED = ['succeeded', 'degraded', 'stale'] as const;

/** Feature `name`'s counts by state; throws a RangeError if the run has no such feature. */
export function split(result: RunResult, name: string, st: StatesOutcome): Split {
  const f = result.features[name];
  if (f === undefined) throw new RangeError(`split: the run has no feature "${name}"`);
  const s = result.series.features[name] as FeatureSeries | undefined;
  const byState = { normal: noCounts(), peak: noCounts(), degraded: noCounts() };
  const share = (row: readonly number[] | undefined, total: number, whole: boolean) =>
    reconcile(sumByState(row, st.state), total, st.ms, whole);
  const put = (values: Record<State, number>, set: (c: ClassCounts, v: number) => void) => {
    for (const state of STATES) set(byState[state], values[state]);
  };
  for (const k of WHOLE) put(share(s?.users[k], f.users[k], true), (c, v) => { c[k] = v; });
  for (const k of CONVERTED) put(share(s?.users.converted[k], f.users.converted[k], false), (c, v) => { c.converted[k] = v; });
  put(share(s?.late, f.late, true), (c, v) => { c.late = v; });
  const u = f.users;
  const total: ClassCounts = {
    succeeded: u.succeeded, degraded: u.degraded, stale: u.stale, failed: u.failed, abandoned: u.abandoned, shed: u.shed,
    rateLimited: u.rateLimited, converted: { ...u.converted }, late: f.late,
  };
  return { total, byState };
}


function sumByState(row: readonly number[] | undefined, state: readonly State[]): Record<State, number> {
  const out = { normal: 0, peak: 0, degraded: 0 };
  if (row !== undefined) state.forEach((s, b) => { out[s] += row[b] ?? 0; });
  return out;
}

/** `total` shared out by `weights` (or by `fallback` when the weights are all 0). */
function reconcile(weights: Record<State, number>, total: number, fallback: Record<State, number>, whole: boolean): Record<State, number> {
  const sum = STATES.reduce((a, s) => a + weights[s], 0);
  if (sum === total) return weights;
  const by = sum > 0 ? weights : fallback;
  const base = STATES.reduce((a, s) => a + by[s], 0);
  // Nothing to share by (no series and no time): all of it is normal.
  const quota = (s: State) => (base > 0 ? (total * by[s]) / base : s === 'normal' ? total : 0);
  if (!whole) return { normal: quota('normal'), peak: quota('peak'), degraded: quota('degraded') };
  const out = { normal: 0, peak: 0, degraded: 0 };
  for (const s of STATES) out[s] = Math.floor(quota(s));
  let rest = total - STATES.reduce((a, s) => a + out[s], 0);
  const order = [...STATES].sort((x, y) => (quota(y) - Math.floor(quota(y))) - (quota(x) - Math.floor(quota(x))));
  for (let i = 0; rest > 0; i = (i + 1) % order.length, rest--) out[order[i]]++;
  return out;
}
