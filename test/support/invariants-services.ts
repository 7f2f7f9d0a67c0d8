/**
 * What holds for every service of every run, whatever the scenario (storms, defences, budget
 * stops). Counts are of requests that reached the service after warmup (`arrived ≥ warmup`);
 * a cache hit never reaches it, and each delivery of a message is one arrival.
 *
 * - Conservation: arrivals = completed + failed + rejected + inSystem. Every arrival ends in
 *   exactly one of completed (model.ts complete ok), failed (complete not ok, a fail-fast error,
 *   a dropped wait or deadline, a lost message, a hung request reset) or rejected (full queue),
 *   or is still there (queued, working, waiting on calls, parked in a hang).
 * - Breakdowns of failed: errors, expired and lost are disjoint parts of failed; a hung request
 *   ends failed (reset) or is still in the system: errors + expired + lost + hung ≤ failed + inSystem.
 *   wasted ≤ completed.
 * - Cache (report.ts): every lookup is a hit or a miss, and every miss is an arrival, so
 *   misses = arrivals; staleServed ≤ failed + rejected (a stale copy answers an origin failure).
 * - Messages: each completed delivery is a delivered message, so delivered ≤ completed, equal
 *   without warmup (delivered counts messages enqueued after warmup, completed deliveries that
 *   reached it after). lost ≤ failed. A dead-lettered message failed (or was turned away on
 *   redelivery) maxDeliveries times: deadLettered × maxDeliveries ≤ failed − lost + rejected.
 *   With maxDeliveries 1 and no warmup every failed delivery that is not lost is dead-lettered,
 *   so deadLettered = failed − lost, and then messages accepted (arrivals − rejected) =
 *   delivered + deadLettered + lost + inSystem. In general messages waiting to be redelivered
 *   are in no reported count, so that identity cannot be checked from the report.
 * - Levels: utilization in [0, 1]; meanBusy ≤ meanCapacity ≤ workers × most instances; mean
 *   instances within the autoscaler's [min, max] (else exactly the instances); queue length
 *   within the waiting room; no wait without one, no rejection with an unbounded one.
 * - Nothing without its cause: errors need a fail-fast outage or an errors fault, hung a hang
 *   outage, expired a maxWait or propagated deadlines, wasted a timeout on a call to it or users
 *   with patience entering it, lost a
 *   retention or a maxWait (model.ts dropTime: a message waiting past maxWait is dropped as lost
 *   too), staleServed a serveStale.
 */
import type { RunResult, ServiceResult } from '../../src/model/result.js';
import type { Scenario, ServiceSpec } from '../../src/scenario/types.js';
import { count, eq, every, le, level, ok, quantiles, sum } from './invariants-common.js';

export function checkService(s: Scenario, r: RunResult, svc: ServiceSpec): void {
  const sr = r.services[svc.name];
  const where = `service ${svc.name}`;
  const instances = svc.instances ?? 1;
  const faults = (s.faults ?? []).filter((f) => f.kind !== 'partition' && f.service === svc.name);
  for (const k of ['arrivals', 'completed', 'failed', 'rejected', 'inSystem', 'errors', 'expired', 'hung', 'wasted'] as const) {
    count(sr[k], `${where}.${k}`);
  }
  eq(sr.workers, svc.workers * instances, `${where}.workers`);
  eq(sr.arrivals, sr.completed + sr.failed + sr.rejected + sr.inSystem, `${where}: arrivals = completed + failed + rejected + inSystem`);
  const lost = sr.messages?.lost ?? 0;
  le(sr.errors + sr.expired + lost + sr.hung, sr.failed + sr.inSystem, `${where}: errors + expired + lost + hung <= failed + inSystem`);
  le(sr.wasted, sr.completed, `${where}: wasted <= completed`);

  // Nothing without its cause.
  if (!faults.some((f) => (f.kind === 'outage' && f.mode === 'fail-fast') || f.kind === 'errors')) eq(sr.errors, 0, `${where}.errors`);
  if (!faults.some((f) => f.kind === 'outage' && f.mode === 'hang')) eq(sr.hung, 0, `${where}.hung`);
  if (svc.maxWaitMs === undefined && !s.propagateDeadlines) eq(sr.expired, 0, `${where}.expired`);
  const timedCalls = [
    ...s.features.filter((f) => f.entry === svc.name && (f.client?.timeoutMs !== undefined || f.users?.patience !== undefined)),
    ...s.services.flatMap((v) => v.calls).filter((c) => c.to === svc.name && c.timeoutMs !== undefined),
  ];
  if (timedCalls.length === 0) eq(sr.wasted, 0, `${where}.wasted`);

  checkLevels(s, r, svc, sr, where);
  checkCache(svc, sr, where);
  checkMessages(s, svc, sr, where);

  const ss = r.series.services[svc.name];
  for (const key of ['utilization', 'meanQueueLength', 'rejected', 'errors', 'capacity', 'instances', 'cacheHitRatio'] as const) {
    eq(ss[key].length, r.series.t.length, `${where}: series ${key} length`);
  }
  eq(sum(ss.rejected), sr.rejected, `${where}: series rejected`);
  eq(sum(ss.errors), sr.errors, `${where}: series errors`);
  every(ss.utilization, (u) => u >= 0 && u <= 1, `${where}: series utilization`);
  every(ss.meanQueueLength, (q) => q >= 0 && q <= svc.queue, `${where}: series queue length`);
  every(ss.capacity, level, `${where}: series capacity`);
  every(ss.instances, level, `${where}: series instances`);
  every(ss.cacheHitRatio, (h) => (svc.cache === undefined ? h === null : h === null || (h >= 0 && h <= 1)), `${where}: series hit ratio`);
}

function checkLevels(s: Scenario, r: RunResult, svc: ServiceSpec, sr: ServiceResult, where: string): void {
  const instances = svc.instances ?? 1;
  const most = svc.autoscale ? svc.autoscale.max : instances;
  for (const k of ['utilization', 'meanBusy', 'meanCapacity', 'meanInstances', 'meanQueueLength', 'instanceHours', 'cost'] as const) {
    ok(level(sr[k]), () => `${where}.${k} = ${sr[k]}`);
  }
  le(sr.utilization, 1, `${where}.utilization`);
  le(sr.meanBusy, sr.meanCapacity, `${where}: meanBusy <= meanCapacity`);
  le(sr.meanCapacity, svc.workers * most, `${where}: meanCapacity <= workers × most instances`);
  le(sr.meanQueueLength, svc.queue, `${where}: meanQueueLength <= queue`);
  // endMs is rounded to the µs: past this, time was measured (else the time averages are 0).
  if (r.endMs - s.warmupMs > 0.0005) {
    if (svc.autoscale) {
      le(svc.autoscale.min, sr.meanInstances, `${where}: mean instances >= autoscale min`);
      le(sr.meanInstances, svc.autoscale.max, `${where}: mean instances <= autoscale max`);
    } else {
      ok(Math.abs(sr.meanInstances - instances) < 1e-9, () => `${where}: mean instances ${sr.meanInstances}, not ${instances}`);
    }
  }
  if (svc.costPerHour === undefined) eq(sr.cost, 0, `${where}.cost`);
  quantiles(sr.queueWaitMs, `${where} queueWaitMs`);
  quantiles(sr.sojournMs, `${where} sojournMs`);
  if (svc.queue === 0) {
    ok(Object.values(sr.queueWaitMs).every((x) => x === 0), () => `${where}: no waiting room, yet a wait ${JSON.stringify(sr.queueWaitMs)}`);
    eq(sr.meanQueueLength, 0, `${where}: no waiting room, yet a queue`);
  }
  if (svc.queue === Infinity) eq(sr.rejected, 0, `${where}: rejections with an unbounded queue`);
  // Requests that waited maxWait are dropped, so none starts work after waiting longer (the
  // histogram's quantiles are within 0.5%).
  if (svc.maxWaitMs !== undefined) {
    le(sr.queueWaitMs.mean, svc.maxWaitMs + 0.001, `${where}: mean wait <= maxWait`);
    le(sr.queueWaitMs.p99, svc.maxWaitMs * 1.005 + 0.001, `${where}: p99 wait <= maxWait`);
  }
}

function checkCache(svc: ServiceSpec, sr: ServiceResult, where: string): void {
  if (svc.cache === undefined) { eq(sr.cache, undefined, `${where}: cache results without a cache`); return; }
  const c = sr.cache;
  ok(c !== undefined, () => `${where}: no cache results`);
  count(c!.hits, `${where}.cache.hits`);
  count(c!.misses, `${where}.cache.misses`);
  count(c!.staleServed, `${where}.cache.staleServed`);
  eq(c!.misses, sr.arrivals, `${where}: every miss reaches the service (misses = arrivals)`);
  const lookups = c!.hits + c!.misses;
  eq(c!.hitRatio, lookups > 0 ? Math.round((c!.hits / lookups) * 1000) / 1000 : 0, `${where}.cache.hitRatio`);
  le(c!.staleServed, sr.failed + sr.rejected, `${where}: staleServed <= failed + rejected`);
  if (svc.cache.serveStaleMs === 0) eq(c!.staleServed, 0, `${where}: stale without serveStale`);
}

function checkMessages(s: Scenario, svc: ServiceSpec, sr: ServiceResult, where: string): void {
  const spec = svc.messaging;
  if (spec === undefined) { eq(sr.messages, undefined, `${where}: message results without messaging`); return; }
  const m = sr.messages!;
  ok(m !== undefined, () => `${where}: no message results`);
  for (const k of ['delivered', 'deadLettered', 'lost'] as const) count(m[k], `${where}.messages.${k}`);
  quantiles(m.delayMs, `${where} message delay`);
  le(m.delivered, sr.completed, `${where}: delivered <= completed`);
  if (s.warmupMs === 0) eq(m.delivered, sr.completed, `${where}: delivered = completed (no warmup)`);
  le(m.lost, sr.failed, `${where}: lost <= failed`);
  if (spec.retentionMs === Infinity && svc.maxWaitMs === undefined) eq(m.lost, 0, `${where}: lost without retention or maxWait`);
  le(m.deadLettered * spec.maxDeliveries, sr.failed - m.lost + sr.rejected, `${where}: deadLettered × maxDeliveries <= failed − lost + rejected`);
  if (spec.maxDeliveries === 1 && s.warmupMs === 0) {
    eq(m.deadLettered, sr.failed - m.lost, `${where}: deadLettered = failed − lost (one delivery, no warmup)`);
    eq(sr.arrivals - sr.rejected, m.delivered + m.deadLettered + m.lost + sr.inSystem, `${where}: messages accepted = delivered + deadLettered + lost + inSystem`);
  }
}
