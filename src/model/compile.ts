import type { CallPolicy, CallSpec, MessagingSpec, Scenario } from '../scenario/types.js';
import { randomStream, type Random } from '../engine/index.js';
import { sampler } from './sampler.js';
import { rateCurve, type RateCurve } from './profile.js';
import { PRIORITY_INDEX } from './shedding.js';
import {
  attemptsOf, bulkheadOf, clientOf, disciplineOf, faultsOf, hasSessions, instancesOf, loadsOf, maxWaitOf, priorityOf, retentionOf, stepOf,
  timeoutOf, userRetriesOf,
} from '../scenario/resolve.js';

/**
 * The scenario turned into indexed, structure-of-arrays topology with bound samplers and
 * random streams. Every random source has its own named stream (arrivals per feature, each
 * service, each call edge's latency and jitter, each fault and cache), so changing one part of
 * a scenario leaves the numbers every other part draws unchanged (common random numbers).
 *
 * Edges 0..F-1 are the users' calls to each feature's entry service (from = -1); the services'
 * calls follow.
 */
export interface Compiled {
  featureNames: string[];
  serviceNames: string[];
  serviceIndex: Map<string, number>;
  /** Per feature: arrival curve, and the Exponential(1) stream that drives it. */
  curves: RateCurve[];
  arrivalStreams: Random[];
  priority: Int32Array;
  workersPerInstance: Int32Array;
  instances: Int32Array;
  queueCap: Float64Array;
  lifo: Uint8Array;
  maxWait: Float64Array;
  /** Message retention per consumer service (Infinity when kept forever or not a consumer). */
  retention: Float64Array;
  /** Per service: 1 when waiting jobs can run out of time (a maxWait, or a message retention). */
  expires: Uint8Array;
  serviceTime: (() => number)[];
  serviceRandom: Random[];
  /** Cache stream per service (null without a cache). */
  cacheRandom: (Random | null)[];
  messaging: (MessagingSpec | undefined)[];
  /** Per service: 1 when it consumes messages (the request path reads this, not the spec). */
  consumer: Uint8Array;
  /** Per service: edge ids of its calls ordered by step, and where each step starts (plus the end). */
  calls: Int32Array[];
  steps: Int32Array[];
  edgeNames: string[];
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  edgeLatency: ((() => number) | null)[];
  edgeTimeout: Float64Array;
  edgeAttempts: Int32Array;
  edgeOptional: Uint8Array;
  edgeBulkhead: Float64Array;
  /**
   * 1 for an edge with no call policy that no fault can cut: its attempts need no call record
   * (the callee's job links straight to its caller), which keeps the common path short.
   */
  edgePlain: Uint8Array;
  /** Per edge: 1 when it has a breaker / a retry budget (the request path skips those calls otherwise). */
  hasBreaker: Uint8Array;
  hasBudget: Uint8Array;
  /** Per service: 1 when it has a cache in front. */
  hasCache: Uint8Array;
  /** Per feature: 1 when it has a rate limit, and the limit. */
  hasLimit: Uint8Array;
  rateLimits: ({ ratePerMs: number; burst: number } | undefined)[];
  edgePolicy: CallPolicy[];
  edgeRandom: Random[];
  edgesBetween: Map<string, number[]>;
  /** Per feature: 1 when its users are followed one by one (patience or their own retries; see users.ts). */
  sessions: Uint8Array;
  /** Per feature: a user's patience for one request (null: waits forever), own retries and think time. */
  patience: ((() => number) | null)[];
  think: ((() => number) | null)[];
  userRetryRandom: (Random | null)[];
  userRetryChance: Float64Array;
  userRetries: Int32Array;
}

function lookupIn(index: Map<string, number>, name: string): number {
  const i = index.get(name);
  if (i === undefined) throw new Error(`unknown service "${name}"`);
  return i;
}

/** Compiles a validated scenario for `seed`. Throws if a name is unresolved (validation prevents it). */
export function compile(scenario: Scenario, seed: number): Compiled {
  const serviceNames = scenario.services.map((s) => s.name);
  const serviceIndex = new Map(serviceNames.map((n, i) => [n, i] as const));
  const edges = new EdgeList(seed, serviceIndex);
  for (const f of scenario.features) edges.add(`user->${f.name}`, -1, f.entry, clientOf(f), undefined);
  const calls: Int32Array[] = [], steps: Int32Array[] = [];
  scenario.services.forEach((svc, s) => {
    const ordered = svc.calls.map((c, k) => ({ c, step: stepOf(c, k), k })).sort((a, b) => a.step - b.step || a.k - b.k);
    calls.push(Int32Array.from(ordered, ({ c }) => edges.add(`${svc.name}->${c.to}`, s, c.to, c, c)));
    const starts = ordered.flatMap((o, i) => (i === 0 || o.step !== ordered[i - 1].step ? [i] : []));
    steps.push(Int32Array.from([...starts, ordered.length]));
  });
  const loads = loadsOf(scenario);
  const arrays = edges.arrays();
  const cut = new Set(faultsOf(scenario).flatMap((f) => (f.kind === 'partition' ? arrays.edgesBetween.get(`${f.from}->${f.to}`) ?? [] : [])));
  const edgePlain = Uint8Array.from(arrays.edgePolicy, (p, e) =>
    (p.timeoutMs === undefined && p.retry === undefined && p.breaker === undefined && p.bulkhead === undefined && !p.optional && !cut.has(e) ? 1 : 0));
  return {
    featureNames: scenario.features.map((f) => f.name),
    serviceNames,
    serviceIndex,
    curves: scenario.features.map((f) =>
      rateCurve(f.ratePerMs, loads.filter((l) => l.features.length === 0 || l.features.includes(f.name)), scenario.durationMs)),
    arrivalStreams: scenario.features.map((f) => randomStream(seed, `arrivals:${f.name}`)),
    priority: Int32Array.from(scenario.features, (f) => PRIORITY_INDEX[priorityOf(f)]),
    workersPerInstance: Int32Array.from(scenario.services, (s) => s.workers),
    instances: Int32Array.from(scenario.services, instancesOf),
    queueCap: Float64Array.from(scenario.services, (s) => s.queue),
    lifo: Uint8Array.from(scenario.services, (s) => (disciplineOf(s) === 'lifo' ? 1 : 0)),
    maxWait: Float64Array.from(scenario.services, maxWaitOf),
    retention: Float64Array.from(scenario.services, retentionOf),
    expires: Uint8Array.from(scenario.services, (s) => (maxWaitOf(s) !== Infinity || retentionOf(s) !== Infinity ? 1 : 0)),
    serviceTime: scenario.services.map((s) => sampler(s.serviceTime, randomStream(seed, `service:${s.name}`))),
    serviceRandom: scenario.services.map((s) => randomStream(seed, `faults:${s.name}`)),
    cacheRandom: scenario.services.map((s) => (s.cache ? randomStream(seed, `cache:${s.name}`) : null)),
    messaging: scenario.services.map((s) => s.messaging),
    consumer: Uint8Array.from(scenario.services, (s) => (s.messaging ? 1 : 0)),
    calls,
    steps,
    ...arrays,
    edgePlain,
    hasCache: Uint8Array.from(scenario.services, (s) => (s.cache ? 1 : 0)),
    hasBreaker: Uint8Array.from(arrays.edgePolicy, (p) => (p.breaker ? 1 : 0)),
    hasBudget: Uint8Array.from(arrays.edgePolicy, (p) => (p.retry?.budget ? 1 : 0)),
    hasLimit: Uint8Array.from(scenario.features, (f) => (f.rateLimit ? 1 : 0)),
    rateLimits: scenario.features.map((f) => f.rateLimit),
    ...users(scenario, seed),
  };
}

/** The users' behaviour per feature, each source on its own stream (none for features without it). */
function users(scenario: Scenario, seed: number) {
  const features = scenario.features;
  return {
    sessions: Uint8Array.from(features, (f) => (hasSessions(f) ? 1 : 0)),
    patience: features.map((f) => (f.users?.patience ? sampler(f.users.patience, randomStream(seed, `patience:${f.name}`)) : null)),
    think: features.map((f) => (f.users?.retry ? sampler(f.users.retry.think, randomStream(seed, `think:${f.name}`)) : null)),
    userRetryRandom: features.map((f) => (f.users?.retry ? randomStream(seed, `user-retry:${f.name}`) : null)),
    userRetryChance: Float64Array.from(features, (f) => f.users?.retry?.probability ?? 0),
    userRetries: Int32Array.from(features, userRetriesOf),
  };
}

/** Collects edges with their policies, in order, and turns them into arrays. */
class EdgeList {
  names: string[] = [];
  from: number[] = [];
  to: number[] = [];
  latency: ((() => number) | null)[] = [];
  policy: CallPolicy[] = [];
  random: Random[] = [];
  between = new Map<string, number[]>();

  constructor(private readonly seed: number, private readonly index: Map<string, number>) {}

  add(name: string, from: number, to: string, policy: CallPolicy, call: CallSpec | undefined): number {
    const e = this.names.length;
    const unique = this.names.includes(name) ? `${name}#${e}` : name;
    this.names.push(unique);
    this.from.push(from);
    this.to.push(lookupIn(this.index, to));
    this.latency.push(call?.latency ? sampler(call.latency, randomStream(this.seed, `latency:${unique}`)) : null);
    this.policy.push(policy);
    this.random.push(randomStream(this.seed, `retry:${unique}`));
    if (from >= 0) {
      const key = `${name.split('->')[0]}->${to}`;
      this.between.set(key, [...(this.between.get(key) ?? []), e]);
    }
    return e;
  }

  arrays() {
    return {
      edgeNames: this.names,
      edgeFrom: Int32Array.from(this.from),
      edgeTo: Int32Array.from(this.to),
      edgeLatency: this.latency,
      edgeTimeout: Float64Array.from(this.policy, timeoutOf),
      edgeAttempts: Int32Array.from(this.policy, attemptsOf),
      edgeOptional: Uint8Array.from(this.policy, (p) => (p.optional ? 1 : 0)),
      edgeBulkhead: Float64Array.from(this.policy, bulkheadOf),
      edgePolicy: this.policy,
      edgeRandom: this.random,
      edgesBetween: this.between,
    };
  }
}
