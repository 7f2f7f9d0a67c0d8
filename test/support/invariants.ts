/**
 * Invariants of any run of any valid scenario, plain or with storms and defences, complete or
 * stopped by a budget (a stopped run is a snapshot: everything counted so far still adds up).
 * Per service: invariants-services.ts. Here:
 *
 * - The run: a complete run ends at its duration; a budget stop says which budget and why.
 * - Per feature: arrivals = succeeded + failed + inFlight; causes add up to failed and degraded
 *   (shed and rate-limited ones to shed and rateLimited); degraded ≤ succeeded, stale ≤
 *   succeeded (parts of succeeded), shed + rateLimited ≤ failed (parts of failed); every count
 *   a whole number ≥ 0; latency summary finite, ordered, zero without successes; nothing
 *   without its cause (shed needs a dimmer listing the priority that changed level, rateLimited
 *   a rate limit, degraded an optional call on the way, stale a serveStale cache or a failover
 *   with stale reads on the way); with an optional client, failed = shed + rateLimited; with a
 *   client timeout, no success took longer than every attempt's timeout plus the backoffs;
 *   series add up to the totals.
 * - Per edge: retries ≤ attempts; shortCircuited + failures ≤ attempts; timeouts +
 *   bulkheadRejected ≤ failures (both are failed attempts); a user's first attempts
 *   (attempts − retries) = arrivals − shed − rateLimited; without warmup each call makes at most
 *   `attempts` attempts, and a retry budget caps retries at its tokens plus what it earned;
 *   nothing without its policy (timeouts, retries, breaker, bulkhead, budget); series add up.
 * - Shedding: one result per dimmer, changes one step at a time inside the run.
 * - A run stopped by a budget before its warmup ended measured nothing: every count, time
 *   average, utilization, instance hour, cost and breaker figure is 0.
 * - Flow along calls, rate limits, breakers (runs without warmup): invariants-flow.ts.
 */
import type { EdgeResult, RunResult } from '../../src/model/result.js';
import type { CallPolicy, Scenario } from '../../src/scenario/types.js';
import { count, eq, every, le, ok, quantiles, sum } from './invariants-common.js';
import { checkFlow } from './invariants-flow.js';
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
  ok(['complete', 'event-budget', 'memory-budget'].includes(r.status), () => `status ${r.status}: ${r.stopReason}`);
  if (r.status === 'complete') {
    eq(r.endMs, Math.round(s.durationMs * 1000) / 1000, 'endMs of a complete run');
    eq(r.stopReason, undefined, 'stopReason of a complete run');
  } else {
    le(r.endMs, s.durationMs, 'endMs of a stopped run');
    ok((r.stopReason ?? '').startsWith(r.status === 'event-budget' ? 'event budget' : 'memory budget'), () => `${r.status}: ${r.stopReason}`);
    if (r.status === 'event-budget') eq(r.events, maxEvents, 'events at the event budget');
  }
  le(r.events, maxEvents, 'events');
  eq(r.durationMs, s.durationMs, 'durationMs');
  eq(r.warmupMs, s.warmupMs, 'warmupMs');
  eq(Object.keys(r.features).join(), s.features.map((f) => f.name).join(), 'features');
  eq(Object.keys(r.services).join(), s.services.map((v) => v.name).join(), 'services');
  for (const f of s.features) checkFeature(s, r, f.name);
  for (const svc of s.services) checkService(s, r, svc);
  checkEdges(s, r);
  checkShedding(s, r);
  checkFlow(s, r);
  // Stopped by a budget before the warmup ended (endMs is rounded to the µs): nothing measured.
  if (r.endMs + 0.0005 < s.warmupMs) checkNothingMeasured(r);
  // Series timeline: starts at warmup, evenly spaced.
  const t = r.series.t;
  ok(t.length > 0, () => 'no series buckets');
  eq(t[0], s.warmupMs, 'first bucket');
  every(t, (x, b) => Math.abs(x - (t[0] + b * r.series.bucketMs)) < 1e-6, 'bucket starts');
}

/**
 * User intents: each ends in exactly one class (conservation); without patience nobody abandons;
 * without retries of their own, intents and requests match one to one; conversion never exceeds
 * the served count.
 */
function checkUsers(f: Scenario['features'][number], fr: RunResult['features'][string], where: string): void {
  const u = fr.users;
  for (const k of ['arrived', 'retried', 'succeeded', 'degraded', 'stale', 'failed', 'abandoned', 'shed', 'rateLimited', 'inFlight'] as const) {
    count(u[k], `${where}.users.${k}`);
  }
  eq(u.arrived, u.succeeded + u.degraded + u.stale + u.failed + u.abandoned + u.shed + u.rateLimited + u.inFlight,
    `${where}: every intent ends in exactly one class`);
  if (f.users?.patience === undefined) eq(fr.abandoned + u.abandoned, 0, `${where}: abandoned without patience`);
  if (f.users?.retry === undefined) {
    eq(u.retried, 0, `${where}: retried without users.retry`);
    eq(u.arrived, fr.arrivals, `${where}: one request per intent`);
    eq(u.abandoned, fr.abandoned, `${where}: abandoned intents = abandoned requests`);
  } else {
    le(u.arrived, fr.arrivals, `${where}: intents <= requests`);
    le(fr.arrivals, u.arrived * (1 + f.users.retry.max), `${where}: requests <= intents × (1 + max retries)`);
  }
  for (const k of ['succeeded', 'degraded', 'stale'] as const) {
    le(u.converted[k], u[k] + 1e-6, `${where}: converted ${k} <= ${k}`);
    if (f.users?.conversion === undefined) eq(u.converted[k], u[k], `${where}: converted ${k} without a curve`);
  }
}

/** Every failed and degraded request has exactly one cause, at a service of the scenario; shed and rate-limited ones say so. */
function checkCauses(s: Scenario, fr: RunResult['features'][string], where: string): void {
  const total = (xs: { count: number }[]) => xs.reduce((n, x) => n + x.count, 0);
  eq(total(fr.causes.failed), fr.failed, `${where}: failed causes add up to failed`);
  eq(total(fr.causes.degraded), fr.degraded, `${where}: degraded causes add up to degraded`);
  eq(total(fr.causes.abandoned), fr.abandoned, `${where}: abandoned origins add up to abandoned`);
  // A stale answer that is also degraded is counted under its degradation.
  le(total(fr.causes.stale), fr.stale, `${where}: stale origins <= stale`);
  for (const c of [...fr.causes.failed, ...fr.causes.degraded, ...fr.causes.stale, ...fr.causes.abandoned]) {
    ok(s.services.some((v) => v.name === c.service) && c.count > 0, () => `${where}: cause ${JSON.stringify(c)}`);
  }
  const of = (reason: string) => total(fr.causes.failed.filter((c) => c.reason === reason));
  eq(of('shed'), fr.shed, `${where}: shed causes = shed`);
  eq(of('rate-limited'), fr.rateLimited, `${where}: rate-limited causes = rateLimited`);
}

function checkFeature(s: Scenario, r: RunResult, name: string): void {
  const f = s.features.find((x) => x.name === name)!;
  const fr = r.features[name];
  const where = `feature ${name}`;
  for (const k of ['arrivals', 'succeeded', 'failed', 'abandoned', 'inFlight', 'degraded', 'stale', 'shed', 'rateLimited', 'sloGood', 'late'] as const) {
    count(fr[k], `${where}.${k}`);
  }
  eq(fr.arrivals, fr.succeeded + fr.failed + fr.abandoned + fr.inFlight, `${where}: arrivals = succeeded + failed + abandoned + inFlight`);
  le(fr.sloGood, fr.succeeded, `${where}: SLO-good requests are served ones`);
  checkUsers(f, fr, where);
  le(fr.degraded, fr.succeeded, `${where}: degraded <= succeeded`);
  le(fr.stale, fr.succeeded, `${where}: stale <= succeeded`);
  le(fr.shed + fr.rateLimited, fr.failed, `${where}: shed + rateLimited <= failed`);
  checkCauses(s, fr, where);
  quantiles(fr.latencyMs, `${where} latency`);
  if (fr.succeeded === 0) ok(Object.values(fr.latencyMs).every((x) => x === 0), () => `${where}: latency without successes`);

  // Nothing without its cause.
  const priority = f.priority ?? 'important';
  const dimmed = r.shedding.some((d, k) => s.shedding![k].levels.includes(priority) && d.changes.length > 0);
  if (priority === 'core' || !dimmed) eq(fr.shed, 0, `${where}: shed, priority ${priority}`);
  if (f.rateLimit === undefined) eq(fr.rateLimited, 0, `${where}: rate limited without a limit`);
  // An optional client turns every failed call into a degraded answer: only the door refuses.
  if (f.client?.optional) eq(fr.failed, fr.shed + fr.rateLimited, `${where}: optional client, failed = shed + rateLimited`);
  const path = [...reachable(s, f.entry)].map((n) => s.services.find((v) => v.name === n)!);
  if (!f.client?.optional && !path.some((v) => v.calls.some((c) => c.optional))) eq(fr.degraded, 0, `${where}: degraded without an optional call`);
  if (!path.some((v) => (v.cache?.serveStaleMs ?? 0) > 0 || (v.failover?.staleReadsMs ?? 0) > 0)) eq(fr.stale, 0, `${where}: stale without a source`);

  // A client timeout bounds a user's wait: every attempt ends by its timeout, plus the backoffs.
  if (f.client?.timeoutMs !== undefined) le(fr.latencyMs.max, clientBound(f.client), `${where}: latency max <= attempts × timeout + backoffs`);

  const fs = r.series.features[name];
  for (const k of ['arrivals', 'succeeded', 'failed', 'degraded', 'shed'] as const) {
    eq(fs[k].length, r.series.t.length, `${where}: series ${k} length`);
    eq(sum(fs[k]), fr[k], `${where}: series ${k}`);
  }
  every(fs.latencyMeanMs, (m, b) => (fs.succeeded[b] === 0 ? m === null : m !== null && m >= 0 && Number.isFinite(m)), `${where}: series latency`);
  every(fs.latencyP95Ms, (p, b) => (fs.succeeded[b] === 0 ? p === null : p !== null && p >= 0 && p <= fr.latencyMs.max), `${where}: series p95`);
  // The run's histogram is the sum of the buckets' on the same bins, so the run's p95 lies between
  // the smallest and the largest bucket p95 (nearest rank: fewer than 5% of each bucket lie above
  // its p95, so fewer than 5% of all lie above the largest; likewise below the smallest) — to
  // the resolution of a bin: each is its bin's midpoint clamped to the histogram's [min, max] as
  // known when read (a bucket read before a later, larger maximum may report less than the
  // midpoint the run reports for the same bin; a bin is at most 1/128 of its value), and the
  // report rounds to 3 decimals.
  const p95s = fs.latencyP95Ms.filter((p): p is number => p !== null), bin = 1 / 128, rounding = 0.0005;
  if (p95s.length > 0) {
    le(Math.min(...p95s) * (1 - bin) - rounding, fr.latencyMs.p95, `${where}: smallest bucket p95 <= run p95`);
    le(fr.latencyMs.p95, Math.max(...p95s) * (1 + bin) + rounding, `${where}: run p95 <= largest bucket p95`);
  }
}

/** Every count and time average of a run that stopped before its warmup ended is 0. */
function checkNothingMeasured(r: RunResult): void {
  const zeros = (what: string, o: object) => {
    for (const [k, v] of Object.entries(o)) if (typeof v === 'number') eq(v, 0, `${what}.${k} measured before the warmup ended`);
  };
  for (const [name, fr] of Object.entries(r.features)) zeros(`feature ${name}`, fr);
  for (const [name, sr] of Object.entries(r.services)) {
    const { workers, ...measured } = sr;
    zeros(`service ${name}`, measured);
    if (sr.cache) zeros(`service ${name} cache`, sr.cache);
    if (sr.messages) zeros(`service ${name} messages`, sr.messages);
  }
  for (const [name, e] of Object.entries(r.edges)) zeros(`edge ${name}`, e);
}

/** Longest a call with a timeout can take: each attempt's timeout, plus the longest backoff before each retry. */
function clientBound(p: CallPolicy): number {
  const n = p.retry?.attempts ?? 1, b = p.retry?.backoff;
  let total = n * p.timeoutMs!;
  for (let k = 1; k < n && b !== undefined && b.kind !== 'none'; k++) {
    const grown = b.jitter === 'decorrelated' ? b.baseMs * 3 ** k : b.baseMs * b.multiplier ** (k - 1);
    total += Math.min(b.capMs, grown);
  }
  return total * (1 + 1e-9) + 0.001;
}

/** The policies of the calls an edge result stands for: a user's client, or every call from → to. */
function policiesOf(s: Scenario, name: string, e: EdgeResult): CallPolicy[] {
  if (e.from === 'user') return [s.features.find((f) => `user->${f.name}` === name)?.client ?? {}];
  return s.services.find((v) => v.name === e.from)!.calls.filter((c) => c.to === e.to);
}

function checkEdges(s: Scenario, r: RunResult): void {
  for (const f of s.features) ok(`user->${f.name}` in r.edges, () => `no edge user->${f.name}`);
  for (const [name, e] of Object.entries(r.edges)) {
    const where = `edge ${name}`;
    const policies = policiesOf(s, name, e);
    ok(policies.length > 0, () => `${where}: no such call`);
    for (const k of ['attempts', 'retries', 'timeouts', 'failures', 'shortCircuited', 'bulkheadRejected', 'budgetDenied', 'breakerOpened'] as const) {
      count(e[k], `${where}.${k}`);
    }
    le(e.retries, e.attempts, `${where}: retries <= attempts`);
    le(e.shortCircuited + e.failures, e.attempts, `${where}: shortCircuited + failures <= attempts`);
    le(e.timeouts + e.bulkheadRejected, e.failures, `${where}: timeouts + bulkheadRejected <= failures`);
    ok(e.breakerOpenMs >= 0 && e.breakerOpenMs <= Math.max(r.endMs - s.warmupMs, 0) + 0.001, () => `${where}.breakerOpenMs = ${e.breakerOpenMs}`);
    if (e.from === 'user') {
      const fr = r.features[name.slice('user->'.length)];
      eq(e.attempts - e.retries, fr.arrivals - fr.shed - fr.rateLimited, `${where}: first attempts = arrivals − shed − rateLimited`);
    }
    if (!policies.some((p) => p.timeoutMs !== undefined)) eq(e.timeouts, 0, `${where}.timeouts`);
    if (!policies.some((p) => (p.retry?.attempts ?? 1) > 1)) eq(e.retries, 0, `${where}.retries`);
    if (!policies.some((p) => p.breaker)) eq(e.shortCircuited + e.breakerOpened + e.breakerOpenMs, 0, `${where}: breaker counts without a breaker`);
    if (!policies.some((p) => p.bulkhead !== undefined)) eq(e.bulkheadRejected, 0, `${where}.bulkheadRejected`);
    if (!policies.some((p) => p.retry?.budget)) eq(e.budgetDenied, 0, `${where}.budgetDenied`);
    if (policies.length === 1 && s.warmupMs === 0) checkRetries(policies[0], e, where);

    const es = r.series.edges[name];
    for (const k of ['attempts', 'retries', 'timeouts', 'failures'] as const) eq(sum(es[k]), e[k], `${where}: series ${k}`);
    every(es.breakerOpenShare, (x) => x >= 0 && x <= 1, `${where}: series breaker open share`);
  }
}

/** Without warmup every attempt is counted: calls = attempts − retries. */
function checkRetries(p: CallPolicy, e: EdgeResult, where: string): void {
  const calls = e.attempts - e.retries;
  le(e.attempts, calls * (p.retry?.attempts ?? 1), `${where}: at most ${p.retry?.attempts ?? 1} attempts per call`);
  const budget = p.retry?.budget;
  if (budget === undefined) return;
  const earned = budget.earn === 'request' ? calls : e.attempts - e.failures - e.shortCircuited;
  le(e.retries, budget.maxTokens + budget.ratio * earned + 1e-6, `${where}: retries <= budget tokens + earned`);
}

function checkShedding(s: Scenario, r: RunResult): void {
  const specs = s.shedding ?? [];
  eq(r.shedding.length, specs.length, 'shedding results');
  r.shedding.forEach((d, k) => {
    const spec = specs[k], where = `dimmer ${k} on ${spec.service}`;
    eq(JSON.stringify([d.service, d.signal, d.levels]), JSON.stringify([spec.service, spec.signal, spec.levels]), where);
    ok(d.shedMs >= 0 && d.shedMs <= r.endMs, () => `${where}.shedMs = ${d.shedMs}`);
    every(d.changes, (c, i) => {
      const before = i === 0 ? { t: -Infinity, level: 0 } : d.changes[i - 1];
      return Math.abs(c.level - before.level) === 1 && c.level <= spec.levels.length && c.t > before.t && c.t <= r.endMs;
    }, `${where}: changes one step at a time, in order, within the run`);
    if (d.changes.length === 0) eq(d.shedMs, 0, `${where}: shed without a change`);
  });
}
