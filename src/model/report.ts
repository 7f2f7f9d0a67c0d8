import type { LogHistogram } from '../metrics/histogram.js';
import { r3 } from '../metrics/round.js';
import { DIRECT, MEASURED } from './jobs.js';
import {
  R_LATE, R_SLO_GOOD, U_ABANDONED, U_ARRIVED, U_CONVERTED, U_DEGRADED, U_FAILED, U_RATE_LIMITED, U_RETRIED, U_ROWS, U_SHED, U_STALE,
  U_SUCCEEDED,
} from './user-stats.js';
import { ORPHAN } from './users.js';
import type { Model } from './model.js';
import { REASON_NAMES, reasonOf, serviceOf } from './reasons.js';
import { series } from './report-series.js';
import { shedTime } from './shedding.js';
import type {
  CauseCount, EdgeResult, FeatureResult, LatencySummary, RunResult, ServiceResult, SheddingResult, UserOutcomes,
} from './result.js';
import { S_BUSY, S_CAPACITY, S_INSTANCES, S_QUEUE } from './stats.js';
import { costPerHourOf } from '../scenario/resolve.js';

function latency(h: LogHistogram): LatencySummary {
  return { mean: r3(h.mean), p50: r3(h.quantile(0.5)), p95: r3(h.quantile(0.95)), p99: r3(h.quantile(0.99)), max: r3(h.count ? h.max : 0) };
}

function quantiles(h: LogHistogram): { mean: number; p50: number; p95: number; p99: number } {
  return { mean: r3(h.mean), p50: r3(h.quantile(0.5)), p95: r3(h.quantile(0.95)), p99: r3(h.quantile(0.99)) };
}

/**
 * Measured requests still in flight, found by scanning the pools: per feature, those whose user
 * still waits (not those whose user gave up); per service, jobs at it.
 */
function inFlight(m: Model): { features: Float64Array; services: Float64Array } {
  const F = m.net.featureNames.length, features = new Float64Array(F);
  const services = new Float64Array(m.net.serviceNames.length);
  const jobs = m.jobs, calls = m.calls;
  const user = (who: number, f: number) => { if (who < 0 && who !== ORPHAN) features[f]++; };
  for (let j = 0; j < jobs.size; j++) {
    if (!jobs.live[j] || !(jobs.flags[j] & MEASURED)) continue;
    // In transit (or a message waiting for redelivery) while arrived is -Infinity: not at its service yet.
    if (jobs.arrived[j] > -Infinity) services[jobs.service[j]]++;
    // A user's request sent over a plain edge is its job (no call record).
    if (jobs.flags[j] & DIRECT) user(jobs.caller[j], jobs.feature[j]);
  }
  for (let c = 0; c < calls.size; c++) {
    if (calls.live[c] && calls.measured[c]) user(calls.job[c], calls.feature[c]);
  }
  return { features, services };
}

/** Intents of feature `f` in each class, with conversion sums and the number still in flight. */
function userOutcomes(m: Model, f: number, inFlight: number): UserOutcomes {
  const c = m.userStats.counts, base = f * U_ROWS, at = (row: number) => c[base + row];
  return {
    arrived: at(U_ARRIVED), retried: at(U_RETRIED), succeeded: at(U_SUCCEEDED), degraded: at(U_DEGRADED), stale: at(U_STALE),
    failed: at(U_FAILED), abandoned: at(U_ABANDONED), shed: at(U_SHED), rateLimited: at(U_RATE_LIMITED),
    inFlight: m.net.sessions[f] ? m.users.live[f] : inFlight,
    converted: {
      succeeded: r3(at(U_CONVERTED + U_SUCCEEDED)), degraded: r3(at(U_CONVERTED + U_DEGRADED)), stale: r3(at(U_CONVERTED + U_STALE)),
    },
  };
}

/** Non-zero cause counts of feature `f` from a per-feature cause table, most first (ties in cause order). */
function causes(m: Model, table: Float64Array, f: number): CauseCount[] {
  const stride = m.stats.causes, out: CauseCount[] = [];
  for (let c = 0; c < stride; c++) {
    const count = table[f * stride + c];
    if (count > 0) out.push({ reason: REASON_NAMES[reasonOf(c)], service: m.net.serviceNames[serviceOf(c)], count });
  }
  return out.sort((a, b) => b.count - a.count);
}

/** Builds the run's JSON-able result from the model's measurements at the end of a run. */
export function report(m: Model, scenario: string, seed: number, status: RunResult['status'], stopReason?: string): RunResult {
  const st = m.stats, end = m.sim.now;
  // A run stopped before its warmup ended measured nothing: its measured period is empty.
  if (end < m.warmup) st.startMeasuring(end, m.breakers);
  st.flushAll(end);
  const live = inFlight(m);
  const features: Record<string, FeatureResult> = {};
  m.net.featureNames.forEach((name, f) => {
    const counts = m.userStats.counts;
    features[name] = {
      arrivals: st.fArrivals[f], succeeded: st.fSucceeded[f], failed: st.fFailed[f], abandoned: st.fAbandoned[f],
      inFlight: live.features[f], degraded: st.fDegraded[f], stale: st.fStale[f], shed: st.fShed[f],
      rateLimited: st.fRateLimited[f], latencyMs: latency(st.latency[f]),
      sloGood: counts[f * U_ROWS + R_SLO_GOOD], late: counts[f * U_ROWS + R_LATE], users: userOutcomes(m, f, live.features[f]),
      causes: {
        failed: causes(m, st.fFailedBy, f), degraded: causes(m, st.fDegradedBy, f), stale: causes(m, st.fStaleBy, f),
        abandoned: causes(m, st.fAbandonedBy, f),
      },
    };
  });
  const services: Record<string, ServiceResult> = {};
  m.net.serviceNames.forEach((name, s) => { services[name] = service(m, s, live.services[s], end); });
  return {
    scenario, seed, durationMs: m.end, warmupMs: m.warmup, events: m.sim.events, status,
    ...(stopReason ? { stopReason } : {}), endMs: r3(end), features, services, edges: edges(m, end),
    shedding: shedding(m, end), series: series(m),
  };
}

function service(m: Model, s: number, inSystem: number, end: number): ServiceResult {
  const st = m.stats, span = Math.max(end - m.warmup, 0), spec = m.scenario.services[s];
  const busy = st.measuredArea(S_BUSY, s), cap = st.measuredArea(S_CAPACITY, s);
  const instMs = st.measuredArea(S_INSTANCES, s), per = (x: number) => (span > 0 ? r3(x / span) : 0);
  const result: ServiceResult = {
    workers: m.net.workersPerInstance[s] * m.net.instances[s], arrivals: st.sArrivals[s], completed: st.sCompleted[s],
    failed: st.sFailed[s], rejected: st.sRejected[s], inSystem,
    utilization: cap > 0 ? Math.round((busy / cap) * 1e6) / 1e6 : 0,
    queueWaitMs: quantiles(st.wait[s]), sojournMs: quantiles(st.sojourn[s]),
    meanQueueLength: per(st.measuredArea(S_QUEUE, s)), meanBusy: per(busy),
    errors: st.sErrors[s], expired: st.sExpired[s], hung: st.sHung[s], wasted: st.sWasted[s],
    meanCapacity: per(cap), meanInstances: per(instMs), instanceHours: r3(instMs / 3.6e6),
    cost: r3((instMs / 3.6e6) * costPerHourOf(spec)),
  };
  if (spec.cache) {
    const hits = st.sHits[s], misses = st.sMisses[s];
    result.cache = { hits, misses, hitRatio: hits + misses > 0 ? r3(hits / (hits + misses)) : 0, staleServed: st.sStaleServed[s] };
  }
  if (spec.messaging) {
    result.messages = { delivered: st.sDelivered[s], deadLettered: st.sDeadLettered[s], lost: st.sLost[s], delayMs: quantiles(st.messageDelay[s]) };
  }
  return result;
}

function edges(m: Model, end: number): Record<string, EdgeResult> {
  const st = m.stats, out: Record<string, EdgeResult> = {};
  m.net.edgeNames.forEach((name, e) => {
    const from = m.net.edgeFrom[e];
    out[name] = {
      from: from < 0 ? 'user' : m.net.serviceNames[from], to: m.net.serviceNames[m.net.edgeTo[e]],
      attempts: st.eAttempts[e], retries: st.eRetries[e], timeouts: st.eTimeouts[e], failures: st.eFailures[e],
      shortCircuited: st.eShortCircuited[e], bulkheadRejected: st.eBulkheadRejected[e], budgetDenied: st.eBudgetDenied[e],
      breakerOpened: m.breakers.opened[e] - st.opened0[e],
      breakerOpenMs: r3(m.breakers.openMs(e, end) - st.openMs0[e]),
    };
  });
  return out;
}

function shedding(m: Model, end: number): SheddingResult[] {
  return m.controls.dimmers.map((d) => ({
    service: d.spec.service, signal: d.spec.signal, levels: [...d.spec.levels],
    changes: d.history.map(([t, level]) => ({ t: r3(t), level })), shedMs: r3(shedTime(d.history, m.warmup, end)),
  }));
}
