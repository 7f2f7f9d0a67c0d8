import type { LogHistogram } from '../metrics/histogram.js';
import type { FeatureResult, LatencySummary, RunResult, SeriesResult, ServiceResult } from '../metrics/result.js';
import type { Model } from './model.js';
import { F_ARRIVALS, F_FAILED, F_LATENCY_SUM, F_ROWS, F_SUCCEEDED } from './stats.js';

/** Rounds to 3 decimals (µs for times) so JSON stays readable; exact counts stay exact. */
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

function latency(h: LogHistogram): LatencySummary {
  return { mean: r3(h.mean), p50: r3(h.quantile(0.5)), p95: r3(h.quantile(0.95)), p99: r3(h.quantile(0.99)), max: r3(h.count ? h.max : 0) };
}

function quantiles(h: LogHistogram): { mean: number; p50: number; p95: number; p99: number } {
  return { mean: r3(h.mean), p50: r3(h.quantile(0.5)), p95: r3(h.quantile(0.95)), p99: r3(h.quantile(0.99)) };
}

/** Measured requests still in flight, per feature (root jobs) and per service, found by scanning live jobs. */
function inFlight(m: Model): { features: Float64Array; services: Float64Array } {
  const features = new Float64Array(m.net.featureNames.length), services = new Float64Array(m.net.serviceNames.length);
  const jobs = m.jobs;
  for (let j = 0; j < jobs.size; j++) {
    if (!jobs.live[j] || !(jobs.arrived[j] >= m.warmup)) continue;
    services[jobs.service[j]]++;
    if (jobs.parent[j] < 0) features[jobs.feature[j]]++;
  }
  return { features, services };
}

/** Builds the run's JSON-able result from the model's measurements at the end of a run. */
export function report(m: Model, scenario: string, seed: number, status: RunResult['status'], stopReason?: string): RunResult {
  const st = m.stats, end = m.sim.now, span = Math.max(end - m.warmup, 0);
  const live = inFlight(m);
  const features: Record<string, FeatureResult> = {};
  m.net.featureNames.forEach((name, f) => {
    features[name] = {
      arrivals: st.fArrivals[f], succeeded: st.fSucceeded[f], failed: st.fFailed[f],
      inFlight: live.features[f], latencyMs: latency(st.latency[f]),
    };
  });
  const services: Record<string, ServiceResult> = {};
  m.net.serviceNames.forEach((name, s) => {
    const busyArea = st.busy.area[s] - st.busyAt0[s], queueArea = st.queued.area[s] - st.queuedAt0[s];
    const workers = m.net.workers[s];
    services[name] = {
      workers, arrivals: st.sArrivals[s], completed: st.sCompleted[s], failed: st.sFailed[s],
      rejected: st.sRejected[s], inSystem: live.services[s],
      utilization: span > 0 ? r3(busyArea / (workers * span) * 1000) / 1000 : 0,
      queueWaitMs: quantiles(st.wait[s]), sojournMs: quantiles(st.sojourn[s]),
      meanQueueLength: span > 0 ? r3(queueArea / span) : 0,
      meanBusy: span > 0 ? r3(busyArea / span) : 0,
    };
  });
  return {
    scenario, seed, durationMs: m.end, warmupMs: m.warmup, events: m.sim.events, status,
    ...(stopReason ? { stopReason } : {}), endMs: r3(end), features, services, series: series(m),
  };
}

function series(m: Model): SeriesResult {
  const ev = m.stats.events, lv = m.stats.levels, n = lv.buckets, w = lv.width;
  const t = Array.from({ length: n }, (_, b) => lv.start + b * w);
  // The last bucket may be cut short by the end of the run.
  const len = t.map((start) => Math.max(Math.min(w, m.sim.now - start), 0));
  const features: SeriesResult['features'] = {};
  m.net.featureNames.forEach((name, f) => {
    const ok = ev.row(f * F_ROWS + F_SUCCEEDED), sum = ev.row(f * F_ROWS + F_LATENCY_SUM);
    features[name] = {
      arrivals: ev.row(f * F_ROWS + F_ARRIVALS), succeeded: ok, failed: ev.row(f * F_ROWS + F_FAILED),
      latencyMeanMs: ok.map((c, b) => (c > 0 ? r3(sum[b] / c) : null)),
    };
  });
  const services: SeriesResult['services'] = {};
  m.net.serviceNames.forEach((name, s) => {
    const k = m.net.workers[s];
    services[name] = {
      utilization: lv.row(s * 3).map((a, b) => (len[b] > 0 ? r3(a / (k * len[b])) : 0)),
      meanQueueLength: lv.row(s * 3 + 1).map((a, b) => (len[b] > 0 ? r3(a / len[b]) : 0)),
      rejected: lv.row(s * 3 + 2),
    };
  });
  return { bucketMs: w, t, features, services };
}
