/**
 * A feature's SLO and error budget over one run.
 *
 * Events are the requests that ended (succeeded + failed + abandoned); good ones are served
 * within the latency target (FeatureResult.sloGood). The budget is the bad events a 30-day
 * month at the feature's base rate may have, (1 − target) × ratePerMs × 30 d, so the share
 * burned says how much of a month's budget this storm alone used (it may exceed 1).
 *
 * Time out of SLO: a window of `windowMs` (whole buckets, at least one) slides over the
 * buckets; a bucket is out of SLO when the good share over the window ending with it is below
 * the target. Windows without events are in SLO (nothing was promised and broken). The first
 * windows after warmup are cut short (nothing before warmup is measured): one of those is judged
 * only when it holds enough events that a single bad one could not take it below the target
 * alone (events × (1 − target) ≥ 1), so the first slow request of a run does not read as the
 * feature leaving its SLO.
 */
import type { FeatureResult, FeatureSeries } from '../model/result.js';
import { sloOf } from '../scenario/resolve.js';
import type { FeatureSpec } from '../scenario/types.js';
import type { SloOutcome } from './types.js';

/** 30 days in ms: the budget period. */
export const MONTH_MS = 30 * 24 * 3_600_000;

/**
 * The feature's SLO outcome, or null when it has no SLO. `t` and `bucketMs` are the run's
 * series buckets and `endMs` where the run ended (a last bucket cut short counts its own length).
 */
export function slo(
  feature: FeatureSpec, result: FeatureResult, series: FeatureSeries | undefined, t: readonly number[], bucketMs: number, endMs: number,
): SloOutcome | null {
  const spec = sloOf(feature);
  if (spec === null) return null;
  const events = result.succeeded + result.failed + result.abandoned;
  const good = result.sloGood, bad = events - good;
  const budget = (1 - spec.success) * feature.ratePerMs * MONTH_MS;
  const { out, goodShare } = window(series, t.length, Math.max(1, Math.round(spec.windowMs / bucketMs)), spec.success);
  let outOfSloMs = 0, leftAt: number | null = null;
  out.forEach((isOut, b) => {
    if (!isOut) return;
    outOfSloMs += Math.max(0, Math.min(bucketMs, endMs - t[b]));
    leftAt ??= t[b];
  });
  return {
    target: spec.success, withinMs: Number.isFinite(spec.withinMs) ? spec.withinMs : null, windowMs: spec.windowMs,
    events, good, bad, errorRate: events > 0 ? bad / events : 0,
    budget, budgetBurned: budget > 0 ? bad / budget : null, outOfSloMs, leftAt, out, goodShare,
  };
}

/** Per bucket: the good share over the trailing `k` buckets, and whether it is below `target`. */
function window(series: FeatureSeries | undefined, n: number, k: number, target: number): { out: boolean[]; goodShare: (number | null)[] } {
  const out: boolean[] = [], goodShare: (number | null)[] = [];
  let events = 0, good = 0;
  const ev = (b: number) => (series === undefined ? 0 : series.succeeded[b] + series.failed[b] + series.abandoned[b]);
  const ok = (b: number) => (series === undefined ? 0 : series.sloGood[b]);
  for (let b = 0; b < n; b++) {
    // A running sum over the window: add the new bucket, drop the one that slid out.
    events += ev(b);
    good += ok(b);
    if (b >= k) {
      events -= ev(b - k);
      good -= ok(b - k);
    }
    const share = events > 0 ? good / events : null;
    const judged = b >= k - 1 || events * (1 - target) >= 1;
    goodShare.push(share);
    out.push(share !== null && judged && share < target);
  }
  return { out, goodShare };
}
