/**
 * Money: what a feature's user intents were worth, what they brought in, and where the rest
 * went. An intent that ended is worth `value.success` had it been served in full and converted
 * (its potential); served intents bring in their class's value times their conversion share
 * (realized); the difference is lost: failed, abandoned and refused intents lose all of it,
 * degraded and stale ones the gap to a full success, and slow answers their conversion losses.
 * Intents still in flight at the end are left out of both.
 */
import type { FeatureSeries } from '../model/result.js';
import { valueOf } from '../scenario/resolve.js';
import type { FeatureSpec } from '../scenario/types.js';
import { noCounts } from './no-counts.js';
import { STATES, type ClassCounts, type FeatureValue, type Split, type State, type ValueBreakdown } from './types.js';

/**
 * The feature's value by state (from `split`), its totals (the sum over states, so the grid
 * adds up to them), and per bucket of `series` (for charts; absent series give empty rows).
 */
export function value(feature: FeatureSpec, split: Split, series?: FeatureSeries): FeatureValue {
  const of = (s: State) => breakdown(feature, split.byState[s]);
  const byState = { normal: of('normal'), peak: of('peak'), degraded: of('degraded') };
  const total = breakdown(feature, noCounts());
  for (const s of STATES) add(total, byState[s]);
  return { ...total, byState, byBucket: buckets(feature, series) };
}

/** The value of one span's counts. */
function breakdown(feature: FeatureSpec, c: ClassCounts): ValueBreakdown {
  const v = valueOf(feature), k = c.converted;
  const refused = c.shed + c.rateLimited;
  const ended = c.succeeded + c.degraded + c.stale + c.failed + c.abandoned + refused;
  const realized = v.success * k.succeeded + v.degraded * k.degraded + v.stale * k.stale;
  const potential = v.success * ended;
  const lostBy = {
    failed: v.success * c.failed, abandoned: v.success * c.abandoned, refused: v.success * refused,
    degraded: (v.success - v.degraded) * c.degraded, stale: (v.success - v.stale) * c.stale,
    conversion: v.success * (c.succeeded - k.succeeded) + v.degraded * (c.degraded - k.degraded) + v.stale * (c.stale - k.stale),
  };
  return { potential, realized, lost: potential - realized, lostBy };
}


function add(into: ValueBreakdown, more: ValueBreakdown): void {
  into.potential += more.potential;
  into.realized += more.realized;
  into.lost += more.lost;
  for (const k of Object.keys(into.lostBy) as (keyof ValueBreakdown['lostBy'])[]) into.lostBy[k] += more.lostBy[k];
}

function buckets(feature: FeatureSpec, series: FeatureSeries | undefined): FeatureValue['byBucket'] {
  if (series === undefined) return { potential: [], realized: [], lost: [] };
  const u = series.users, v = valueOf(feature);
  const ended = u.succeeded.map((x, b) => x + u.degraded[b] + u.stale[b] + u.failed[b] + u.abandoned[b] + u.shed[b] + u.rateLimited[b]);
  const potential = ended.map((n) => v.success * n);
  const k = u.converted;
  const realized = k.succeeded.map((x, b) => v.success * x + v.degraded * k.degraded[b] + v.stale * k.stale[b]);
  return { potential, realized, lost: potential.map((p, b) => p - realized[b]) };
}
