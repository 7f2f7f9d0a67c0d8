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
 *   outage, expired a maxWait or propagated deadlines, wasted a timeout on a call to it, lost a
 *   retention, staleServed a serveStale.
 */
import { expect } from 'vitest';
import type { RunResult, ServiceResult } from '../../src/metrics/result.js';
import type { Scenario, ServiceSpec } from '../../src/scenario/types.js';
import { count, quantiles, sum } from './invariants-common.js';

export function checkService(s: Scenario, r: RunResult, svc: ServiceSpec): void {
  const sr = r.services[svc.name];
  const where = `service ${svc.name}`;
  const instances = svc.instances ?? 1;
  const faults = (s.faults ?? []).filter((f) => f.kind !== 'partition' && f.service === svc.name);
  for (const k of ['arrivals', 'completed', 'failed', 'rejected', 'inSystem', 'errors', 'expired', 'hung', 'wasted'] as const) {
    count(sr[k], `${where}.${k}`);
  }
  expect(sr.workers, `${where}.workers`).toBe(svc.workers * instances);
  expect(sr.arrivals, `${where}: arrivals = completed + failed + rejected + inSystem`).toBe(
    sr.completed + sr.failed + sr.rejected + sr.inSystem,
  );
  const lost = sr.messages?.lost ?? 0;
  expect(sr.errors + sr.expired + lost + sr.hung, `${where}: errors + expired + lost + hung <= failed + inSystem`)
    .toBeLessThanOrEqual(sr.failed + sr.inSystem);
  expect(sr.wasted, `${where}: wasted <= completed`).toBeLessThanOrEqual(sr.completed);

  // Nothing without its cause.
  if (!faults.some((f) => (f.kind === 'outage' && f.mode === 'fail-fast') || f.kind === 'errors')) expect(sr.errors, `${where}.errors`).toBe(0);
  if (!faults.some((f) => f.kind === 'outage' && f.mode === 'hang')) expect(sr.hung, `${where}.hung`).toBe(0);
  if (svc.maxWaitMs === undefined && !s.propagateDeadlines) expect(sr.expired, `${where}.expired`).toBe(0);
  const timedCalls = [
    ...s.features.filter((f) => f.entry === svc.name && f.client?.timeoutMs !== undefined),
    ...s.services.flatMap((v) => v.calls).filter((c) => c.to === svc.name && c.timeoutMs !== undefined),
  ];
  if (timedCalls.length === 0) expect(sr.wasted, `${where}.wasted`).toBe(0);

  checkLevels(s, r, svc, sr, where);
  checkCache(svc, sr, where);
  checkMessages(s, svc, sr, where);

  const ss = r.series.services[svc.name];
  for (const key of ['utilization', 'meanQueueLength', 'rejected', 'errors', 'capacity', 'instances', 'cacheHitRatio'] as const) {
    expect(ss[key], `${where}: series ${key}`).toHaveLength(r.series.t.length);
  }
  expect(sum(ss.rejected), `${where}: series rejected`).toBe(sr.rejected);
  expect(sum(ss.errors), `${where}: series errors`).toBe(sr.errors);
  ss.utilization.forEach((u) => expect(u >= 0 && u <= 1, `${where}: series utilization ${u}`).toBe(true));
  ss.meanQueueLength.forEach((q) => expect(q >= 0 && q <= svc.queue, `${where}: series queue length ${q}`).toBe(true));
  ss.capacity.forEach((c) => expect(c >= 0 && Number.isFinite(c), `${where}: series capacity ${c}`).toBe(true));
  ss.instances.forEach((c) => expect(c >= 0 && Number.isFinite(c), `${where}: series instances ${c}`).toBe(true));
  ss.cacheHitRatio.forEach((h) => {
    if (svc.cache === undefined) expect(h, `${where}: series hit ratio without a cache`).toBeNull();
    else if (h !== null) expect(h >= 0 && h <= 1, `${where}: series hit ratio ${h}`).toBe(true);
  });
}

function checkLevels(s: Scenario, r: RunResult, svc: ServiceSpec, sr: ServiceResult, where: string): void {
  const instances = svc.instances ?? 1;
  const most = svc.autoscale ? svc.autoscale.max : instances;
  for (const k of ['utilization', 'meanBusy', 'meanCapacity', 'meanInstances', 'meanQueueLength', 'instanceHours', 'cost'] as const) {
    expect(sr[k] >= 0 && Number.isFinite(sr[k]), `${where}.${k} = ${sr[k]}`).toBe(true);
  }
  expect(sr.utilization, `${where}.utilization`).toBeLessThanOrEqual(1);
  expect(sr.meanBusy, `${where}: meanBusy <= meanCapacity`).toBeLessThanOrEqual(sr.meanCapacity);
  expect(sr.meanCapacity, `${where}: meanCapacity <= workers × most instances`).toBeLessThanOrEqual(svc.workers * most);
  expect(sr.meanQueueLength, `${where}: meanQueueLength <= queue`).toBeLessThanOrEqual(svc.queue);
  // endMs is rounded to the µs: past this, time was measured (else the time averages are 0).
  if (r.endMs - s.warmupMs > 0.0005) {
    if (svc.autoscale) {
      expect(sr.meanInstances, `${where}: mean instances >= autoscale min`).toBeGreaterThanOrEqual(svc.autoscale.min);
      expect(sr.meanInstances, `${where}: mean instances <= autoscale max`).toBeLessThanOrEqual(svc.autoscale.max);
    } else {
      expect(sr.meanInstances, `${where}: mean instances`).toBeCloseTo(instances, 6);
    }
  }
  if (svc.costPerHour === undefined) expect(sr.cost, `${where}.cost`).toBe(0);
  for (const [name, q] of [['queueWaitMs', sr.queueWaitMs], ['sojournMs', sr.sojournMs]] as const) quantiles(q, `${where} ${name}`);
  if (svc.queue === 0) {
    expect(sr.queueWaitMs, `${where}: no waiting room, yet a wait`).toEqual({ mean: 0, p50: 0, p95: 0, p99: 0 });
    expect(sr.meanQueueLength).toBe(0);
  }
  if (svc.queue === Infinity) expect(sr.rejected, `${where}: rejections with an unbounded queue`).toBe(0);
}

function checkCache(svc: ServiceSpec, sr: ServiceResult, where: string): void {
  if (svc.cache === undefined) { expect(sr.cache, `${where}: cache results without a cache`).toBeUndefined(); return; }
  const c = sr.cache!;
  expect(c, `${where}: no cache results`).toBeDefined();
  count(c.hits, `${where}.cache.hits`);
  count(c.misses, `${where}.cache.misses`);
  count(c.staleServed, `${where}.cache.staleServed`);
  expect(c.misses, `${where}: every miss reaches the service (misses = arrivals)`).toBe(sr.arrivals);
  expect(c.hitRatio, `${where}.cache.hitRatio`).toBe(c.hits + c.misses > 0 ? Math.round((c.hits / (c.hits + c.misses)) * 1000) / 1000 : 0);
  expect(c.staleServed, `${where}: staleServed <= failed + rejected`).toBeLessThanOrEqual(sr.failed + sr.rejected);
  if (svc.cache.serveStaleMs === 0) expect(c.staleServed, `${where}: stale without serveStale`).toBe(0);
}

function checkMessages(s: Scenario, svc: ServiceSpec, sr: ServiceResult, where: string): void {
  const spec = svc.messaging;
  if (spec === undefined) { expect(sr.messages, `${where}: message results without messaging`).toBeUndefined(); return; }
  const m = sr.messages!;
  expect(m, `${where}: no message results`).toBeDefined();
  for (const k of ['delivered', 'deadLettered', 'lost'] as const) count(m[k], `${where}.messages.${k}`);
  quantiles(m.delayMs, `${where} message delay`);
  expect(m.delivered, `${where}: delivered <= completed`).toBeLessThanOrEqual(sr.completed);
  if (s.warmupMs === 0) expect(m.delivered, `${where}: delivered = completed (no warmup)`).toBe(sr.completed);
  expect(m.lost, `${where}: lost <= failed`).toBeLessThanOrEqual(sr.failed);
  if (spec.retentionMs === Infinity) expect(m.lost, `${where}: lost without retention`).toBe(0);
  expect(m.deadLettered * spec.maxDeliveries, `${where}: deadLettered × maxDeliveries <= failed − lost + rejected`)
    .toBeLessThanOrEqual(sr.failed - m.lost + sr.rejected);
  if (spec.maxDeliveries === 1 && s.warmupMs === 0) {
    expect(m.deadLettered, `${where}: deadLettered = failed − lost (one delivery, no warmup)`).toBe(sr.failed - m.lost);
    expect(sr.arrivals - sr.rejected, `${where}: messages accepted = delivered + deadLettered + lost + inSystem`)
      .toBe(m.delivered + m.deadLettered + m.lost + sr.inSystem);
  }
}
