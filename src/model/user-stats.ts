import { BucketSeries } from '../metrics/series.js';
import { conversionCurve, curveAt, lateOf, sloOf, type ConversionCurve } from '../scenario/resolve.js';
import type { FeatureSpec } from '../scenario/types.js';
import { DEGRADED, STALE } from './jobs.js';
import { R_RATE_LIMITED, R_SHED, REASONS, reasonOf } from './reasons.js';

/** How a user intent ended (exactly one each); the first three are served. */
export const U_SUCCEEDED = 0, U_DEGRADED = 1, U_STALE = 2, U_FAILED = 3, U_ABANDONED = 4, U_SHED = 5, U_RATE_LIMITED = 6;
/** Further counters per feature: intents begun and retried, conversion-weighted served intents, and per-request counts. */
export const U_ARRIVED = 7, U_RETRIED = 8, U_CONVERTED = 9, R_ABANDONED = 12, R_SLO_GOOD = 13, R_LATE = 14, U_ROWS = 15;

/** The class of an intent whose last request ended `ok` with `flags`, or failed with `cause`. */
export function classOf(ok: boolean, flags: number, cause: number): number {
  if (ok) return flags & DEGRADED ? U_DEGRADED : flags & STALE ? U_STALE : U_SUCCEEDED;
  const reason = reasonOf(cause);
  return cause < 0 ? U_FAILED : reason === R_SHED ? U_SHED : reason === R_RATE_LIMITED ? U_RATE_LIMITED : U_FAILED;
}

/**
 * What users got, measured after warmup: the narrow interface between the request path and the
 * outcomes layer (src/outcomes turns these counts into value, tickets, churn and SLO burn). Each
 * method only bumps counters in typed arrays; the per-bucket series are filled from the
 * counters' growth when a bucket closes, so the request path never touches a series and
 * nothing here allocates.
 */
export class UserStats {
  /** Counters per feature, `U_ROWS` each (index f * U_ROWS + row). */
  readonly counts: Float64Array;
  /** Bad requests (failed, degraded, stale, abandoned) by feature and origin service (f * services + s). */
  readonly badBy: Float64Array;
  readonly series: BucketSeries;
  readonly badSeries: BucketSeries;
  private readonly lastCounts: Float64Array;
  private readonly lastBad: Float64Array;
  /** Per feature: SLO latency target (Infinity: any served request is good), lateness threshold, conversion curve? */
  private readonly within: Float64Array;
  private readonly lateAfter: Float64Array;
  /** Per feature: its conversion curve (no points: everyone served converts), read on every served intent. */
  private readonly curves: ConversionCurve[];

  constructor(
    features: readonly FeatureSpec[],
    private readonly services: number,
    /** Per feature: 1 when its users are followed in sessions (they count their own intents). */
    private readonly sessions: Uint8Array,
    start: number, end: number, width: number,
  ) {
    const F = features.length;
    this.counts = new Float64Array(F * U_ROWS);
    this.lastCounts = new Float64Array(F * U_ROWS);
    this.badBy = new Float64Array(F * services);
    this.lastBad = new Float64Array(F * services);
    this.series = new BucketSeries(F * U_ROWS, start, end, width);
    this.badSeries = new BucketSeries(F * services, start, end, width);
    this.within = Float64Array.from(features, (f) => sloOf(f)?.withinMs ?? Infinity);
    this.lateAfter = Float64Array.from(features, (f) => lateOf(f).afterMs);
    this.curves = features.map(conversionCurve);
  }

  /** A measured intent of feature `f`, followed in a session, began. */
  began(f: number): void {
    this.counts[f * U_ROWS + U_ARRIVED]++;
  }

  /** A measured intent of `f` is trying again for the first time. */
  retried(f: number): void {
    this.counts[f * U_ROWS + U_RETRIED]++;
  }

  /** A measured intent of `f` ended in class `cls`; a served one converts by the `latency` of its answer. */
  ended(f: number, cls: number, latency: number): void {
    const base = f * U_ROWS;
    this.counts[base + cls]++;
    if (cls <= U_STALE) this.counts[base + U_CONVERTED + cls] += curveAt(this.curves[f], latency);
  }

  /** A measured request of `f` served in full after `latency` ended its intent (request and ended in one). */
  servedInFull(f: number, latency: number): void {
    const base = f * U_ROWS, counts = this.counts;
    if (latency <= this.within[f]) counts[base + R_SLO_GOOD]++;
    counts[base + U_SUCCEEDED]++;
    counts[base + U_CONVERTED + U_SUCCEEDED] += curveAt(this.curves[f], latency);
  }

  /**
   * A measured request of `f` ended with its user still waiting: good for the SLO when served
   * within its target; a bad one (failed, degraded, stale) counts at its origin's service.
   */
  request(f: number, latency: number, ok: boolean, flags: number, cause: number): void {
    if (ok && latency <= this.within[f]) this.counts[f * U_ROWS + R_SLO_GOOD]++;
    if ((!ok || flags & (DEGRADED | STALE)) && cause >= 0) this.badBy[f * this.services + Math.floor(cause / REASONS)]++;
  }

  /** A measured request of `f` was abandoned by its user, held up at the service of `origin` (slow there). */
  abandoned(f: number, origin: number): void {
    this.counts[f * U_ROWS + R_ABANDONED]++;
    this.badBy[f * this.services + Math.floor(origin / REASONS)]++;
  }

  /** A measured message of `f` was delivered `delay` after it was enqueued: late past the feature's threshold. */
  delivered(f: number, delay: number): void {
    if (delay > this.lateAfter[f]) this.counts[f * U_ROWS + R_LATE]++;
  }

  /** A measured message of `f` will never be delivered (lost past its retention, or dead-lettered): later than any threshold. */
  undelivered(f: number): void {
    this.counts[f * U_ROWS + R_LATE]++;
  }

  /**
   * Closes series bucket `b`: each counter's growth since the last close. A feature without
   * sessions has one request per intent, so its intents arrived are its requests (`requests`,
   * per feature), copied here rather than counted twice on the request path.
   */
  closeBucket(b: number, requests: Float64Array): void {
    for (let f = 0; f < this.sessions.length; f++) if (!this.sessions[f]) this.counts[f * U_ROWS + U_ARRIVED] = requests[f];
    grow(this.series, this.counts, this.lastCounts, b);
    grow(this.badSeries, this.badBy, this.lastBad, b);
  }
}

function grow(series: BucketSeries, now: Float64Array, last: Float64Array, b: number): void {
  const n = series.buckets, values = series.values;
  for (let i = 0; i < now.length; i++) {
    values[i * n + b] += now[i] - last[i];
    last[i] = now[i];
  }
}
