/**
 * Invariants of any run of any valid scenario, plain or with storms and defences, complete or
 * stopped by a budget (a stopped run is a snapshot: everything counted so far still adds up).
 * Per service: invariants-services.ts. Here:
 *
 * - The run: a complete run ends at its duration; a budget stop says which budget and why.
 * - Per feature: arrivals = succeeded + failed + inFlight; degraded ≤ succeeded, stale ≤
 *   succeeded (parts of succeeded), shed + rateLimited ≤ failed (parts of failed); every count
 *   a whole number ≥ 0; latency summary finite, ordered, zero without successes; nothing
 *   without its cause (shed needs a dimmer listing the priority that changed level, rateLimited
 *   a rate limit, degraded an optional call on the way, stale a serveStale cache or a failover
 *   with stale reads on the way); series add up to the totals.
 * - Per edge: retries ≤ attempts; shortCircuited + failures ≤ attempts; timeouts +
 *   bulkheadRejected ≤ failures (both are failed attempts); a user's first attempts
 *   (attempts − retries) = arrivals − shed − rateLimited; without warmup each call makes at most
 *   `attempts` attempts, and a retry budget caps retries at its tokens plus what it earned;
 *   nothing without its policy (timeouts, retries, breaker, bulkhead, budget); series add up.
 * - Shedding: one result per dimmer, changes one step at a time inside the run.
 */
import { expect } from 'vitest';
import type { EdgeResult, RunResult } from '../../src/metrics/result.js';
import type { CallPolicy, Scenario } from '../../src/scenario/types.js';
import { count, quantiles, sum } from './invariants-common.js';
import { checkService } from './invariants-services.js';

/** Services reachable from `entry` (itself included) through calls. */
export function reachable(s: Scenario, entry: string): Set<string> {
  const seen = new Set<string>([entry]);
  const stack = [entry];
  while (stack.length > 0) {
    const name = stack.pop();
    const svc = s.services.find((v) => v.name === name)!;
    for (const c of svc.calls) if (!seen.has(c.to)) (seen.add(c.to), stack.push(c.to));
  }
  return seen;
}

export function checkRun(s: Scenario, r: RunResult, maxEvents = Infinity): void {
  expect(['complete', 'event-budget', 'memory-budget'], r.stopReason).toContain(r.status);
  if (r.status === 'complete') {
    expect(r.endMs).toBe(Math.round(s.durationMs * 1000) / 1000);
    expect(r.stopReason).toBeUndefined();
  } else {
    expect(r.endMs).toBeLessThanOrEqual(s.durationMs);
    expect(r.stopReason).toMatch(r.status === 'event-budget' ? /^event budget/ : /^memory budget/);
    if (r.status === 'event-budget') expect(r.events).toBe(maxEvents);
  }
  expect(r.events).toBeLessThanOrEqual(maxEvents);
  expect(r.durationMs).toBe(s.durationMs);
  expect(r.warmupMs).toBe(s.warmupMs);
  expect(Object.keys(r.features)).toEqual(s.features.map((f) => f.name));
  expect(Object.keys(r.services)).toEqual(s.services.map((v) => v.name));
  for (const f of s.features) checkFeature(s, r, f.name);
  for (const svc of s.services) checkService(s, r, svc);
  checkEdges(s, r);
  checkShedding(s, r);
  // Series timeline: starts at warmup, evenly spaced.
  const t = r.series.t;
  expect(t.length).toBeGreaterThan(0);
  expect(t[0]).toBe(s.warmupMs);
  for (let b = 1; b < t.length; b++) expect(t[b]).toBeCloseTo(t[b - 1] + r.series.bucketMs, 6);
}

function checkFeature(s: Scenario, r: RunResult, name: string): void {
  const f = s.features.find((x) => x.name === name)!;
  const fr = r.features[name];
  const where = `feature ${name}`;
  for (const k of ['arrivals', 'succeeded', 'failed', 'inFlight', 'degraded', 'stale', 'shed', 'rateLimited'] as const) {
    count(fr[k], `${where}.${k}`);
  }
  expect(fr.arrivals, `${where}: arrivals = succeeded + failed + inFlight`).toBe(fr.succeeded + fr.failed + fr.inFlight);
  expect(fr.degraded, `${where}: degraded <= succeeded`).toBeLessThanOrEqual(fr.succeeded);
  expect(fr.stale, `${where}: stale <= succeeded`).toBeLessThanOrEqual(fr.succeeded);
  expect(fr.shed + fr.rateLimited, `${where}: shed + rateLimited <= failed`).toBeLessThanOrEqual(fr.failed);
  quantiles(fr.latencyMs, `${where} latency`);
  if (fr.succeeded === 0) expect(fr.latencyMs).toEqual({ mean: 0, p50: 0, p95: 0, p99: 0, max: 0 });

  // Nothing without its cause.
  const priority = f.priority ?? 'important';
  const dimmed = r.shedding.some((d, k) => s.shedding![k].levels.includes(priority) && d.changes.length > 0);
  if (priority === 'core' || !dimmed) expect(fr.shed, `${where}: shed, priority ${priority}`).toBe(0);
  if (f.rateLimit === undefined) expect(fr.rateLimited, `${where}: rate limited without a limit`).toBe(0);
  const path = [...reachable(s, f.entry)].map((n) => s.services.find((v) => v.name === n)!);
  if (!f.client?.optional && !path.some((v) => v.calls.some((c) => c.optional))) expect(fr.degraded, `${where}: degraded without an optional call`).toBe(0);
  if (!path.some((v) => (v.cache?.serveStaleMs ?? 0) > 0 || (v.failover?.staleReadsMs ?? 0) > 0)) expect(fr.stale, `${where}: stale without a source`).toBe(0);

  const fs = r.series.features[name];
  for (const k of ['arrivals', 'succeeded', 'failed', 'degraded', 'shed'] as const) {
    expect(fs[k], `${where}: series ${k}`).toHaveLength(r.series.t.length);
    expect(sum(fs[k]), `${where}: series ${k}`).toBe(fr[k]);
  }
  fs.latencyMeanMs.forEach((m, b) => {
    if (fs.succeeded[b] === 0) expect(m).toBeNull();
    else expect(m! >= 0 && Number.isFinite(m!), `${where}: series latency ${m}`).toBe(true);
  });
}

/** The policies of the calls an edge result stands for: a user's client, or every call from → to. */
function policiesOf(s: Scenario, name: string, e: EdgeResult): CallPolicy[] {
  if (e.from === 'user') return [s.features.find((f) => `user->${f.name}` === name)?.client ?? {}];
  return s.services.find((v) => v.name === e.from)!.calls.filter((c) => c.to === e.to);
}

function checkEdges(s: Scenario, r: RunResult): void {
  for (const f of s.features) expect(r.edges, `edge user->${f.name}`).toHaveProperty([`user->${f.name}`]);
  for (const [name, e] of Object.entries(r.edges)) {
    const where = `edge ${name}`;
    const policies = policiesOf(s, name, e);
    expect(policies.length, `${where}: no such call`).toBeGreaterThan(0);
    for (const k of ['attempts', 'retries', 'timeouts', 'failures', 'shortCircuited', 'bulkheadRejected', 'budgetDenied', 'breakerOpened'] as const) {
      count(e[k], `${where}.${k}`);
    }
    expect(e.retries, `${where}: retries <= attempts`).toBeLessThanOrEqual(e.attempts);
    expect(e.shortCircuited + e.failures, `${where}: shortCircuited + failures <= attempts`).toBeLessThanOrEqual(e.attempts);
    expect(e.timeouts + e.bulkheadRejected, `${where}: timeouts + bulkheadRejected <= failures`).toBeLessThanOrEqual(e.failures);
    expect(e.breakerOpenMs >= 0 && e.breakerOpenMs <= Math.max(r.endMs - s.warmupMs, 0) + 0.001, `${where}.breakerOpenMs = ${e.breakerOpenMs}`).toBe(true);
    if (e.from === 'user') {
      const fr = r.features[name.slice('user->'.length)];
      expect(e.attempts - e.retries, `${where}: first attempts = arrivals − shed − rateLimited`).toBe(fr.arrivals - fr.shed - fr.rateLimited);
    }
    if (!policies.some((p) => p.timeoutMs !== undefined)) expect(e.timeouts, `${where}.timeouts`).toBe(0);
    if (!policies.some((p) => (p.retry?.attempts ?? 1) > 1)) expect(e.retries, `${where}.retries`).toBe(0);
    if (!policies.some((p) => p.breaker)) expect([e.shortCircuited, e.breakerOpened, e.breakerOpenMs], `${where}: breaker`).toEqual([0, 0, 0]);
    if (!policies.some((p) => p.bulkhead !== undefined)) expect(e.bulkheadRejected, `${where}.bulkheadRejected`).toBe(0);
    if (!policies.some((p) => p.retry?.budget)) expect(e.budgetDenied, `${where}.budgetDenied`).toBe(0);
    if (policies.length === 1 && s.warmupMs === 0) checkRetries(policies[0], e, where);

    const es = r.series.edges[name];
    for (const k of ['attempts', 'retries', 'timeouts', 'failures'] as const) expect(sum(es[k]), `${where}: series ${k}`).toBe(e[k]);
    es.breakerOpenShare.forEach((x) => expect(x >= 0 && x <= 1, `${where}: series breaker open share ${x}`).toBe(true));
  }
}

/** Without warmup every attempt is counted: calls = attempts − retries. */
function checkRetries(p: CallPolicy, e: EdgeResult, where: string): void {
  const calls = e.attempts - e.retries;
  expect(e.attempts, `${where}: at most ${p.retry?.attempts ?? 1} attempts per call`).toBeLessThanOrEqual(calls * (p.retry?.attempts ?? 1));
  const budget = p.retry?.budget;
  if (budget === undefined) return;
  const earned = budget.earn === 'request' ? calls : e.attempts - e.failures - e.shortCircuited;
  expect(e.retries, `${where}: retries <= budget tokens + earned`).toBeLessThanOrEqual(budget.maxTokens + budget.ratio * earned + 1e-6);
}

function checkShedding(s: Scenario, r: RunResult): void {
  const specs = s.shedding ?? [];
  expect(r.shedding).toHaveLength(specs.length);
  r.shedding.forEach((d, k) => {
    const spec = specs[k], where = `dimmer ${k} on ${spec.service}`;
    expect([d.service, d.signal, d.levels], where).toEqual([spec.service, spec.signal, spec.levels]);
    expect(d.shedMs >= 0 && d.shedMs <= r.endMs, `${where}.shedMs = ${d.shedMs}`).toBe(true);
    let level = 0, t = -Infinity;
    for (const c of d.changes) {
      expect(Math.abs(c.level - level), `${where}: one step at a time`).toBe(1);
      expect(c.level >= 0 && c.level <= spec.levels.length, `${where}: level ${c.level}`).toBe(true);
      expect(c.t > t && c.t <= r.endMs, `${where}: change at ${c.t}`).toBe(true);
      level = c.level;
      t = c.t;
    }
    if (d.changes.length === 0) expect(d.shedMs).toBe(0);
  });
}
