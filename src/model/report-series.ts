import type { SeriesResult } from './result.js';
import type { Model } from './model.js';
import { r3 } from '../metrics/round.js';
import {
  R_ABANDONED, R_LATE, R_SLO_GOOD, U_ABANDONED, U_ARRIVED, U_CONVERTED, U_DEGRADED, U_FAILED, U_RATE_LIMITED, U_ROWS, U_SHED, U_STALE,
  U_SUCCEEDED,
} from './user-stats.js';
import {
  E_ATTEMPTS, E_FAILURES, E_OPEN_MS, E_RETRIES, E_ROWS, E_TIMEOUTS, F_ARRIVALS, F_DEGRADED, F_FAILED, F_LATENCY_SUM,
  F_ROWS, F_SHED, F_SUCCEEDED, S_ARRIVALS, S_BUSY, S_CAPACITY, S_ERRORS, S_HITS, S_INSTANCES, S_MISSES, S_QUEUE, S_REJECTED, S_ROWS,
} from './stats.js';

/** The time series for charts: one value per bucket over [warmup, end]. */
export function series(m: Model): SeriesResult {
  const st = m.stats, fs = st.fSeries, p95 = st.fLatencyP95, ss = st.sSeries, es = st.eSeries, n = ss.buckets, w = ss.width;
  const t = Array.from({ length: n }, (_, b) => ss.start + b * w);
  // The last bucket may be cut short by the end of the run.
  const len = t.map((start) => Math.max(Math.min(w, m.sim.now - start), 0));
  const perMs = (row: number[]) => row.map((a, b) => (len[b] > 0 ? r3(a / len[b]) : 0));
  const features: SeriesResult['features'] = {};
  const us = m.userStats, S = m.net.serviceNames.length;
  m.net.featureNames.forEach((name, f) => {
    const row = (k: number) => fs.row(f * F_ROWS + k), user = (k: number) => us.series.row(f * U_ROWS + k);
    const ok = row(F_SUCCEEDED), sum = row(F_LATENCY_SUM);
    const badBy: Record<string, number[]> = {};
    m.net.serviceNames.forEach((service, s) => {
      const counts = us.badSeries.row(f * S + s);
      if (counts.some((c) => c > 0)) badBy[service] = counts;
    });
    features[name] = {
      arrivals: row(F_ARRIVALS), succeeded: ok, failed: row(F_FAILED), degraded: row(F_DEGRADED), shed: row(F_SHED),
      abandoned: user(R_ABANDONED), sloGood: user(R_SLO_GOOD), late: user(R_LATE),
      latencyMeanMs: ok.map((c, b) => (c > 0 ? r3(sum[b] / c) : null)),
      latencyP95Ms: p95.row(f).map((x) => (Number.isNaN(x) ? null : r3(x))),
      users: {
        arrived: user(U_ARRIVED), succeeded: user(U_SUCCEEDED), degraded: user(U_DEGRADED), stale: user(U_STALE),
        failed: user(U_FAILED), abandoned: user(U_ABANDONED), shed: user(U_SHED), rateLimited: user(U_RATE_LIMITED),
        converted: {
          succeeded: user(U_CONVERTED + U_SUCCEEDED).map(r3), degraded: user(U_CONVERTED + U_DEGRADED).map(r3),
          stale: user(U_CONVERTED + U_STALE).map(r3),
        },
      },
      badBy,
    };
  });
  const services: SeriesResult['services'] = {};
  m.net.serviceNames.forEach((name, s) => {
    const row = (k: number) => ss.row(s * S_ROWS + k);
    const busy = row(S_BUSY), cap = row(S_CAPACITY), hits = row(S_HITS), misses = row(S_MISSES);
    services[name] = {
      utilization: busy.map((a, b) => (cap[b] > 0 ? r3(a / cap[b]) : 0)),
      arrivals: row(S_ARRIVALS), meanQueueLength: perMs(row(S_QUEUE)), rejected: row(S_REJECTED), errors: row(S_ERRORS),
      capacity: perMs(cap), instances: perMs(row(S_INSTANCES)),
      cacheHitRatio: hits.map((h, b) => (h + misses[b] > 0 ? r3(h / (h + misses[b])) : null)),
    };
  });
  const edges: SeriesResult['edges'] = {};
  m.net.edgeNames.forEach((name, e) => {
    const row = (k: number) => es.row(e * E_ROWS + k);
    edges[name] = {
      attempts: row(E_ATTEMPTS), retries: row(E_RETRIES), timeouts: row(E_TIMEOUTS), failures: row(E_FAILURES),
      breakerOpenShare: perMs(row(E_OPEN_MS)),
    };
  });
  return { bucketMs: w, t, features, services, edges };
}
