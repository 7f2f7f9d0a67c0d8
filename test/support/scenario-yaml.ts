/**
 * Writes a normalised Scenario back as a scenario file (YAML text, plus the CSV files its
 * replays name), so tests can check that every generated scenario is one the parser produces:
 * parseScenario(scenarioYaml(s)) gives s back (scenarios.test.ts). Every key is written out
 * (no defaults relied on). Durations are written in ms, rates per ms, shares as fractions:
 * the parser reads those back to the same doubles, as long as they print without an exponent
 * (the generators make sure of that; this module throws otherwise). Log-normal distributions
 * are written as mean and sd, which read back only approximately (see alignLognormals).
 */
import { stringify } from 'yaml';
import type {
  BreakerSpec, CallPolicy, CallSpec, DistSpec, FaultSpec, FeatureSpec, LoadSpec, RetrySpec, Scenario, ServiceSpec, SheddingSpec,
} from '../../src/scenario/types.js';

type Yaml = Record<string, unknown>;

/** A number as the file writes it; throws on what a file cannot spell. */
function num(x: number): number {
  if (!Number.isFinite(x) || x < 0 || String(x).includes('e')) throw new Error(`a file cannot spell ${x}`);
  return x;
}
const ms = (x: number): string => `${num(x)}ms`;
const perMs = (x: number): string => `${num(x)}/ms`;
/** Approximate values (log-normal parameters) in plain decimals. */
const approx = (x: number): string => (String(x).includes('e') ? x.toFixed(20).replace(/\.?0+$/, '') : String(x));

function dist(d: DistSpec): unknown {
  switch (d.kind) {
    case 'constant': return { constant: ms(d.value) };
    case 'exponential': return { exponential: ms(d.mean) };
    case 'uniform': return { uniform: { min: ms(d.min), max: ms(d.max) } };
    case 'empirical': return { empirical: d.samples.map(ms) };
    case 'lognormal': {
      const mean = Math.exp(d.mu + (d.sigma * d.sigma) / 2);
      return { lognormal: { mean: `${approx(mean)}ms`, sd: `${approx(mean * Math.sqrt(Math.expm1(d.sigma * d.sigma)))}ms` } };
    }
  }
}

function retry(r: RetrySpec): Yaml {
  const b = r.backoff;
  const backoff = b.kind === 'none' ? 'none'
    : b.kind === 'constant' ? { constant: ms(b.baseMs) }
    : {
      exponential: ms(b.baseMs), ...(b.jitter === 'decorrelated' ? {} : { multiplier: num(b.multiplier) }),
      ...(b.capMs === Infinity ? {} : { max: ms(b.capMs) }),
    };
  const budget = r.budget && { ratio: num(r.budget.ratio), earn: r.budget.earn, max: num(r.budget.maxTokens) };
  return { attempts: r.attempts, backoff, jitter: b.jitter, ...(budget ? { budget } : {}) };
}

const breaker = (b: BreakerSpec): Yaml => ({
  window: ms(b.windowMs), buckets: b.buckets, minimumRequests: b.minimumRequests, errorThreshold: num(b.errorThreshold), sleep: ms(b.sleepMs),
});

function policy(p: CallPolicy): Yaml {
  const out: Yaml = {};
  if (p.timeoutMs !== undefined) out.timeout = ms(p.timeoutMs);
  if (p.retry) out.retry = retry(p.retry);
  if (p.breaker) out.breaker = breaker(p.breaker);
  if (p.bulkhead !== undefined) out.bulkhead = p.bulkhead;
  if (p.optional !== undefined) out.optional = p.optional;
  return out;
}

function call(c: CallSpec): unknown {
  const out: Yaml = { to: c.to, ...(c.latency ? { latency: dist(c.latency) } : {}), ...policy(c) };
  return Object.keys(out).length === 1 ? c.to : out;
}

/** The call list; with steps, calls sharing a step form a parallel group. */
function calls(list: CallSpec[]): unknown[] {
  if (!list.some((c) => c.step !== undefined)) return list.map(call);
  const steps = [...new Set(list.map((c) => c.step!))].sort((a, b) => a - b);
  steps.forEach((step, i) => { if (step !== i) throw new Error(`steps must number the entries, got ${steps.join(', ')}`); });
  return steps.map((step) => {
    const group = list.filter((c) => c.step === step);
    return group.length === 1 ? call(group[0]) : { parallel: group.map(call) };
  });
}

function service(s: ServiceSpec): Yaml {
  const out: Yaml = { workers: s.workers, serviceTime: dist(s.serviceTime), calls: calls(s.calls) };
  if (s.queue !== Infinity) out.queue = s.queue;
  if (s.instances !== undefined) out.instances = s.instances;
  if (s.discipline !== undefined) out.discipline = s.discipline;
  if (s.maxWaitMs !== undefined) out.maxWait = ms(s.maxWaitMs);
  if (s.costPerHour !== undefined) out.costPerHour = num(s.costPerHour);
  const c = s.cache;
  if (c) {
    out.cache = c.keys !== undefined
      ? { keys: c.keys, ttl: ms(c.ttlMs), zipf: num(c.zipf), serveStale: ms(c.serveStaleMs) }
      : { hitRatio: num(c.hitRatio!), warm: ms(c.warmMs), serveStale: ms(c.serveStaleMs) };
  }
  const m = s.messaging;
  if (m) {
    out.messages = { maxDeliveries: m.maxDeliveries, redeliveryDelay: ms(m.redeliveryDelayMs), ...(m.retentionMs === Infinity ? {} : { retention: ms(m.retentionMs) }) };
  }
  const a = s.autoscale;
  if (a) out.autoscale = { target: num(a.target), min: a.min, max: a.max, evaluate: ms(a.evaluateMs), startup: ms(a.startupMs), cooldown: ms(a.cooldownMs) };
  const f = s.failover;
  if (f) out.failover = { detection: ms(f.detectionMs), switchover: ms(f.switchoverMs), staleReads: ms(f.staleReadsMs) };
  return out;
}

const targets = (features: string[]): Yaml =>
  (features.length === 0 ? {} : features.length === 1 ? { feature: features[0] } : { features });

function load(l: LoadSpec, file: string): Yaml {
  const t = targets(l.features);
  switch (l.kind) {
    case 'spike':
      return { spike: { ...t, factor: num(l.factor), start: ms(l.startMs), duration: ms(l.durationMs), rampUp: ms(l.rampUpMs), rampDown: ms(l.rampDownMs) } };
    case 'step':
      return { step: { ...t, factor: num(l.factor), start: ms(l.startMs), ...(l.durationMs === Infinity ? {} : { duration: ms(l.durationMs) }) } };
    case 'ramp': return { ramp: { ...t, from: num(l.from), to: num(l.to), start: ms(l.startMs), duration: ms(l.durationMs) } };
    case 'daily': return { daily: { ...t, min: num(l.min), max: num(l.max), peakAt: ms(l.peakAtMs), period: ms(l.periodMs) } };
    case 'replay': return { replay: { ...t, file, start: ms(l.startMs), interpolate: l.interpolate } };
  }
}

function fault(f: FaultSpec): Yaml {
  if (f.kind === 'partition') return { partition: { from: f.from, to: f.to, start: ms(f.startMs), duration: ms(f.durationMs), mode: f.mode } };
  if (f.kind === 'cache-flush') return { cacheFlush: { service: f.service, at: ms(f.startMs) } };
  const base = { service: f.service, start: ms(f.startMs), duration: ms(f.durationMs) };
  switch (f.kind) {
    case 'outage': return { outage: { ...base, mode: f.mode } };
    case 'latency': return { latency: { ...base, factor: num(f.factor), add: ms(f.addMs) } };
    case 'errors': return { errors: { ...base, rate: num(f.rate) } };
    case 'capacity': return { capacity: { ...base, ...(f.workers > 0 ? { lose: f.workers } : { share: num(f.share) }) } };
  }
}

function dimmer(d: SheddingSpec): Yaml {
  const threshold = d.signal === 'p95' ? ms : num;
  return { service: d.service, signal: d.signal, above: threshold(d.above), below: threshold(d.below), for: ms(d.forMs), shed: d.levels };
}

/** A feature's users, SLO and tickets (what the generators make). */
function business(f: Pick<FeatureSpec, 'users' | 'slo' | 'tickets'>): Yaml {
  const out: Yaml = {};
  const u = f.users;
  if (u) {
    out.users = {
      ...(u.patience ? { patience: dist(u.patience) } : {}),
      ...(u.retry ? { retry: { probability: num(u.retry.probability), think: dist(u.retry.think), max: u.retry.max } } : {}),
      ...(u.conversion ? { conversion: u.conversion.map((p) => ({ latency: ms(p.latencyMs), share: num(p.share) })) } : {}),
    };
  }
  if (f.slo) out.slo = { success: num(f.slo.success), ...(f.slo.withinMs !== undefined ? { within: ms(f.slo.withinMs) } : {}) };
  if (f.tickets) out.tickets = { late: num(f.tickets.late ?? 0), lateAfter: ms(f.tickets.lateAfterMs ?? 0) };
  return out;
}

/** The scenario as a file, and the CSV files (by name) its replays read. */
export function scenarioYaml(s: Scenario): { text: string; files: Map<string, string> } {
  const files = new Map<string, string>();
  const doc: Yaml = { name: s.name, duration: ms(s.durationMs), warmup: ms(s.warmupMs), seed: s.seed };
  if (s.propagateDeadlines !== undefined) doc.deadlines = s.propagateDeadlines ? 'propagate' : 'ignore';
  doc.features = Object.fromEntries(s.features.map(({ name, ratePerMs, entry, priority, rateLimit, client, ...f }) => [name, {
    rate: perMs(ratePerMs), entry, ...(priority ? { priority } : {}),
    ...(rateLimit ? { rateLimit: { rate: perMs(rateLimit.ratePerMs), burst: num(rateLimit.burst) } } : {}), ...policy(client ?? {}),
    ...business(f),
  }]));
  doc.services = Object.fromEntries(s.services.map((v) => [v.name, service(v)]));
  if (s.load) {
    doc.load = s.load.map((l, i) => {
      const file = `replay-${i}.csv`;
      if (l.kind === 'replay') files.set(file, ['time,rate', ...l.points.map((p) => `${ms(p.tMs)},${perMs(p.ratePerMs)}`)].join('\n'));
      return load(l, file);
    });
  }
  if (s.faults) doc.faults = s.faults.map(fault);
  if (s.shedding) doc.shedding = s.shedding.map(dimmer);
  return { text: stringify(doc, { lineWidth: 0 }), files };
}

/**
 * Checks that each log-normal in `parsed` is within 1e-6 of its twin in `original` (mean/sd
 * read back approximately) and then copies the original's parameters in, so the rest can be
 * compared exactly. Returns the mismatches.
 */
export function alignLognormals(parsed: unknown, original: unknown, path = ''): string[] {
  if (typeof parsed !== 'object' || parsed === null || typeof original !== 'object' || original === null) return [];
  const p = parsed as Record<string, unknown> & { mu: number; sigma: number }, o = original as typeof p;
  if (p.kind === 'lognormal' && o.kind === 'lognormal') {
    const off = Math.abs(p.mu - o.mu) > 1e-6 || Math.abs(p.sigma - o.sigma) > 1e-6;
    const bad = off ? [`${path}: ${JSON.stringify(p)} vs ${JSON.stringify(o)}`] : [];
    p.mu = o.mu;
    p.sigma = o.sigma;
    return bad;
  }
  return Object.keys(p).flatMap((k) => alignLognormals(p[k], o[k], `${path}.${k}`));
}
