/**
 * Hand-built scenarios and run results for the outcome tests: a valid RunResult from a few
 * per-bucket rows, with every total the sum of its series (so the fixtures are internally
 * consistent the way the model's results are), and every row the tests leave out at zero.
 */
import type { CauseCount, EdgeResult, FeatureResult, FeatureSeries, RunResult, ServiceResult, SheddingResult } from '../../src/model/result.js';
import type { CallSpec, FeatureSpec, Scenario, ServiceSpec } from '../../src/scenario/types.js';

export const feature = (name: string, entry: string, extra: Partial<FeatureSpec> = {}): FeatureSpec =>
  ({ name, ratePerMs: 0.01, entry, ...extra });

export const service = (name: string, calls: string[] = [], extra: Partial<ServiceSpec> = {}): ServiceSpec => ({
  name, workers: 4, queue: Infinity, serviceTime: { kind: 'exponential', mean: 50 }, calls: calls.map((to): CallSpec => ({ to })), ...extra,
});

export function scenario(over: Partial<Scenario> = {}): Scenario {
  return {
    name: 'shop', durationMs: 600_000, warmupMs: 0, seed: 1,
    features: [feature('checkout', 'web')], services: [service('web', ['payments']), service('payments')], ...over,
  };
}

const CLASSES = ['succeeded', 'degraded', 'stale', 'failed', 'abandoned', 'shed', 'rateLimited'] as const;
type UserClass = (typeof CLASSES)[number];

export interface FeatureFill {
  /** User intents ending in each bucket, by class; `arrived` defaults to the intents ended. */
  users?: Partial<Record<UserClass | 'arrived', number[]>>;
  /** Conversion-weighted served intents per bucket; default: the class counts (no curve). */
  converted?: Partial<Record<'succeeded' | 'degraded' | 'stale', number[]>>;
  /** Default: every served request (succeeded, degraded, stale). */
  sloGood?: number[];
  late?: number[];
  badBy?: Record<string, number[]>;
  causes?: Partial<FeatureResult['causes']>;
  inFlight?: number;
  retried?: number;
}

export type ServiceFill = Partial<Omit<RunResult['series']['services'][string], 'cacheHitRatio'>> & { cost?: number; instanceHours?: number };
export type EdgeFill = Partial<RunResult['series']['edges'][string]>;

export interface Fill {
  buckets: number;
  bucketMs?: number;
  seed?: number;
  endMs?: number;
  features?: Record<string, FeatureFill>;
  services?: Record<string, ServiceFill>;
  /** Keyed by edge name `a->b` (`user->FEATURE` for users). */
  edges?: Record<string, EdgeFill>;
  shedding?: SheddingResult[];
}

const sum = (row: readonly number[]) => row.reduce((a, x) => a + x, 0);

/** A run of `sc` with `fill.buckets` buckets of `fill.bucketMs` (default 10 s) from warmup on. */
export function result(sc: Scenario, fill: Fill): RunResult {
  const n = fill.buckets, w = fill.bucketMs ?? 10_000;
  const zeros = () => new Array<number>(n).fill(0);
  const row = (r: readonly number[] | undefined) => (r === undefined ? zeros() : [...r, ...new Array<number>(Math.max(0, n - r.length)).fill(0)].slice(0, n));
  const features: RunResult['features'] = {}, fSeries: RunResult['series']['features'] = {};
  for (const f of sc.features) [features[f.name], fSeries[f.name]] = featureOf(fill.features?.[f.name] ?? {}, row);
  const services: RunResult['services'] = {}, sSeries: RunResult['series']['services'] = {};
  for (const s of sc.services) [services[s.name], sSeries[s.name]] = serviceOf(s, fill.services?.[s.name] ?? {}, row);
  const edges: RunResult['edges'] = {}, eSeries: RunResult['series']['edges'] = {};
  const names: [string, string, string][] = [
    ...sc.features.map((f): [string, string, string] => [`user->${f.name}`, 'user', f.entry]),
    ...sc.services.flatMap((s) => s.calls.map((c): [string, string, string] => [`${s.name}->${c.to}`, s.name, c.to])),
  ];
  for (const [name, from, to] of names) [edges[name], eSeries[name]] = edgeOf(from, to, fill.edges?.[name] ?? {}, row);
  // Without a fill, a service's arrivals are the attempts into it (no breaker, no cache).
  for (const s of sc.services) {
    if (fill.services?.[s.name]?.arrivals !== undefined) continue;
    const into = names.filter(([, , to]) => to === s.name).map(([name]) => eSeries[name].attempts);
    sSeries[s.name].arrivals = row(undefined).map((_, b) => into.reduce((a, r) => a + r[b], 0));
    services[s.name].arrivals = sSeries[s.name].arrivals.reduce((a, x) => a + x, 0);
  }
  const t = Array.from({ length: n }, (_, b) => sc.warmupMs + b * w);
  return {
    scenario: sc.name, seed: fill.seed ?? sc.seed, durationMs: sc.durationMs, warmupMs: sc.warmupMs, events: 0, status: 'complete',
    endMs: fill.endMs ?? sc.durationMs, features, services, edges, shedding: fill.shedding ?? [],
    series: { bucketMs: w, t, features: fSeries, services: sSeries, edges: eSeries },
  };
}

function featureOf(fill: FeatureFill, row: (r?: readonly number[]) => number[]): [FeatureResult, FeatureSeries] {
  const u = Object.fromEntries(CLASSES.map((k) => [k, row(fill.users?.[k])])) as Record<UserClass, number[]>;
  const ended = u.succeeded.map((_, b) => CLASSES.reduce((a, k) => a + u[k][b], 0));
  const arrived = fill.users?.arrived === undefined ? ended : row(fill.users.arrived);
  const converted = { succeeded: row(fill.converted?.succeeded ?? u.succeeded), degraded: row(fill.converted?.degraded ?? u.degraded), stale: row(fill.converted?.stale ?? u.stale) };
  const served = u.succeeded.map((x, b) => x + u.degraded[b] + u.stale[b]);
  const failed = u.failed.map((x, b) => x + u.shed[b] + u.rateLimited[b]);
  const sloGood = row(fill.sloGood ?? served), late = row(fill.late);
  const series: FeatureSeries = {
    arrivals: ended, succeeded: served, failed, degraded: u.degraded, shed: u.shed, abandoned: u.abandoned, sloGood, late,
    latencyMeanMs: served.map(() => null), latencyP95Ms: served.map(() => null), badBy: Object.fromEntries(Object.entries(fill.badBy ?? {}).map(([k, r]) => [k, row(r)])),
    users: { arrived, ...u, converted },
  };
  const inFlight = fill.inFlight ?? 0;
  const causes = { failed: [], degraded: [], stale: [], abandoned: [], ...fill.causes } as { [k in keyof FeatureResult['causes']]: CauseCount[] };
  const totals = Object.fromEntries(CLASSES.map((k) => [k, sum(u[k])])) as Record<UserClass, number>;
  const result: FeatureResult = {
    arrivals: sum(ended) + inFlight, succeeded: sum(served), failed: sum(failed), abandoned: totals.abandoned, inFlight,
    degraded: totals.degraded, stale: totals.stale, shed: totals.shed, rateLimited: totals.rateLimited,
    latencyMs: { mean: 0, p50: 0, p95: 0, p99: 0, max: 0 }, sloGood: sum(sloGood), late: sum(late),
    users: {
      arrived: sum(arrived) + inFlight, retried: fill.retried ?? 0, ...totals, inFlight,
      converted: { succeeded: sum(converted.succeeded), degraded: sum(converted.degraded), stale: sum(converted.stale) },
    },
    causes,
  };
  return [result, series];
}

function serviceOf(spec: ServiceSpec, fill: ServiceFill, row: (r?: readonly number[]) => number[]): [ServiceResult, RunResult['series']['services'][string]] {
  const series = {
    arrivals: row(fill.arrivals), utilization: row(fill.utilization), meanQueueLength: row(fill.meanQueueLength), rejected: row(fill.rejected), errors: row(fill.errors),
    capacity: fill.capacity === undefined ? row().map(() => spec.workers) : row(fill.capacity),
    instances: fill.instances === undefined ? row().map(() => 1) : row(fill.instances), cacheHitRatio: row().map(() => null),
  };
  const q = { mean: 0, p50: 0, p95: 0, p99: 0 };
  const mean = (r: number[]) => (r.length > 0 ? sum(r) / r.length : 0);
  const result: ServiceResult = {
    workers: spec.workers, arrivals: sum(series.arrivals), completed: 0, failed: 0, rejected: sum(series.rejected), inSystem: 0,
    utilization: mean(series.utilization), queueWaitMs: q, sojournMs: q, meanQueueLength: mean(series.meanQueueLength), meanBusy: 0,
    errors: sum(series.errors), expired: 0, hung: 0, wasted: 0, meanCapacity: mean(series.capacity), meanInstances: mean(series.instances),
    instanceHours: fill.instanceHours ?? 0, cost: fill.cost ?? 0,
  };
  return [result, series];
}

function edgeOf(from: string, to: string, fill: EdgeFill, row: (r?: readonly number[]) => number[]): [EdgeResult, RunResult['series']['edges'][string]] {
  const series = {
    attempts: row(fill.attempts), retries: row(fill.retries), timeouts: row(fill.timeouts), failures: row(fill.failures), breakerOpenShare: row(fill.breakerOpenShare),
  };
  const result: EdgeResult = {
    from, to, attempts: sum(series.attempts), retries: sum(series.retries), timeouts: sum(series.timeouts), failures: sum(series.failures),
    shortCircuited: 0, bulkheadRejected: 0, budgetDenied: 0, breakerOpened: 0, breakerOpenMs: 0,
  };
  return [result, series];
}

/** `value` repeated `n` times. */
export const fill = (n: number, value: number): number[] => new Array<number>(n).fill(value);

/** A row of `n` buckets at `base`, with `value` in buckets [from, to). */
export const bump = (n: number, base: number, from: number, to: number, value: number): number[] =>
  Array.from({ length: n }, (_, b) => (b >= from && b < to ? value : base));

/** A copy of `row` with `value` in buckets [from, to). */
export const patch = (row: readonly number[], from: number, to: number, value: number): number[] =>
  row.map((x, b) => (b >= from && b < to ? value : x));
