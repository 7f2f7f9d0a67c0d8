/**
 * fast-check arbitraries for defences, as the parser normalises them (src/scenario/defences.ts):
 * caches (keyspace or hit-ratio mode, the other mode's fields at 0, serveStale), message
 * consumers (retention, maxDeliveries, redelivery delay; never with a cache), instances with
 * autoscaling (instances within its min and max), failover, maxWait, discipline, cost; per
 * feature a priority, a rate limit, a client policy, users (patience, own retries, conversion), an
 * SLO and a lateness threshold; shedding dimmers on the three signals.
 */
import fc from 'fast-check';
import type {
  AutoscaleSpec, CacheSpec, FailoverSpec, FeatureSpec, MessagingSpec, Priority, ServiceSpec, SheddingSpec, UsersSpec,
} from '../../src/scenario/types.js';
import { callList, defined, policy, sometimes } from './scenario-policies.js';
import { baseRate, decimal, distSpec, positive, queueCap, share } from './scenarios.js';

export const cache: fc.Arbitrary<CacheSpec> = fc.oneof(
  fc
    .record({
      keys: fc.integer({ min: 1, max: 50 }),
      ttlMs: fc.oneof(positive(500), positive(5000)),
      zipf: fc.oneof(fc.constant(1), fc.constant(0), decimal(0, 2)),
      serveStaleMs: fc.oneof(fc.constant(0), decimal(0, 2000)),
    })
    .map((c): CacheSpec => ({ ...c, warmMs: 0 })),
  fc
    .record({
      hitRatio: share,
      warmMs: fc.oneof(fc.constant(60_000), decimal(0, 1000)),
      serveStaleMs: fc.oneof(fc.constant(0), decimal(0, 2000)),
    })
    .map((c): CacheSpec => ({ ...c, zipf: 0, ttlMs: 0 })),
);

export const messaging: fc.Arbitrary<MessagingSpec> = fc.record({
  retentionMs: fc.oneof(fc.constant(Infinity), positive(1000)),
  maxDeliveries: fc.oneof(fc.constant(1), fc.constant(5), fc.integer({ min: 1, max: 4 })),
  redeliveryDelayMs: fc.oneof(fc.constant(0), decimal(0, 200)),
});

/** Instances (absent means 1) and an autoscaler whose [min, max] holds them. */
const instancesAndAutoscale: fc.Arbitrary<{ instances?: number; autoscale?: AutoscaleSpec }> = fc.oneof(
  fc.record({ instances: sometimes(fc.integer({ min: 1, max: 3 }), 2) }),
  fc
    .record({ min: fc.integer({ min: 1, max: 3 }), more: fc.integer({ min: 0, max: 3 }), pick: fc.nat(), write: fc.boolean() })
    .chain(({ min, more, pick, write }) =>
      fc.record({
        target: share,
        evaluateMs: decimal(20, 800),
        startupMs: fc.oneof(fc.constant(0), decimal(0, 500)),
        cooldownMs: fc.oneof(fc.constant(0), decimal(0, 1000)),
      }).map((a) => {
        const autoscale: AutoscaleSpec = { ...a, min, max: min + more };
        // Without `instances` the service has one, so min must be 1.
        return write || min > 1 ? { instances: min + (pick % (more + 1)), autoscale } : { autoscale };
      })),
);

export const failover: fc.Arbitrary<FailoverSpec> = fc.record({
  detectionMs: decimal(0, 500),
  switchoverMs: decimal(0, 500),
  staleReadsMs: fc.oneof(fc.constant(0), decimal(0, 1000)),
});

/** Service `name`, calling some of `targets`: plain, cached or a message consumer, with or without the rest. */
export function service(name: string, targets: string[]): fc.Arbitrary<ServiceSpec> {
  return fc
    .record({
      workers: fc.integer({ min: 1, max: 6 }),
      queue: queueCap,
      serviceTime: distSpec,
      calls: callList(targets),
      scaling: instancesAndAutoscale,
      discipline: sometimes(fc.constantFrom('fifo' as const, 'lifo' as const), 4),
      maxWaitMs: sometimes(positive(300), 4),
      costPerHour: sometimes(decimal(0, 5), 4),
      kind: fc.oneof(
        { weight: 3, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: cache.map((cache) => ({ cache })) },
        { weight: 1, arbitrary: messaging.map((messaging) => ({ messaging })) },
      ),
      failover: sometimes(failover, 4),
    })
    .map(({ scaling, kind, ...s }) => defined({ name, ...s, ...scaling, ...kind }));
}

export const priority: fc.Arbitrary<Priority> = fc.constantFrom('core', 'important', 'optional');

/** Users with patience, retries of their own and a conversion curve, each sometimes. */
export const users: fc.Arbitrary<UsersSpec> = fc
  .record({
    patience: sometimes(distSpec, 2),
    retry: sometimes(fc.record({ probability: share, think: distSpec, max: fc.integer({ min: 1, max: 3 }) }), 2),
    conversion: sometimes(
      fc.array(fc.tuple(positive(200), fc.integer({ min: 0, max: 100 })), { minLength: 1, maxLength: 3 })
        .map((points) => points.sort((a, b) => a[0] - b[0]).map(([latencyMs, k], i) => ({ latencyMs: latencyMs + i, share: k / 100 }))),
      3,
    ),
  })
  .map((u) => defined(u));

/** Feature `name` entering one of `services`, with a priority, a rate limit, a client policy, users, an SLO and a lateness threshold, each sometimes. */
export function feature(name: string, services: string[], maxRate: number): fc.Arbitrary<FeatureSpec> {
  return fc
    .record({
      ratePerMs: baseRate(maxRate),
      entry: fc.constantFrom(...services),
      priority: sometimes(priority, 2),
      rateLimit: sometimes(fc.record({ ratePerMs: decimal(0.001, maxRate), burst: decimal(1, 20) }), 4),
      client: sometimes(policy, 2),
      users: sometimes(users, 2),
      slo: sometimes(fc.record({ success: fc.constantFrom(0.9, 0.99, 0.999), withinMs: sometimes(positive(300), 2) }).map((x) => defined(x)), 3),
      tickets: sometimes(positive(300).map((lateAfterMs) => ({ late: 0.1, lateAfterMs })), 4),
    })
    .map(({ client, users: u, ...f }) =>
      defined({ name, ...f, client: client && Object.keys(client).length > 0 ? client : undefined, users: u && Object.keys(u).length > 0 ? u : undefined }));
}

/** Thresholds (above, below < above) for each signal: a share, waiting requests, a p95 in ms. */
const thresholds = (signal: SheddingSpec['signal']): fc.Arbitrary<{ above: number; below: number }> => {
  const above = signal === 'utilization' ? share : signal === 'queue' ? decimal(0.001, 20) : positive(300);
  return fc
    .tuple(above, fc.integer({ min: 0, max: 1000 }))
    .map(([a, k]) => ({ above: a, below: Math.floor(((a * k) / 1001) * 1000) / 1000 }));
};

/** A dimmer on one of `services`. */
export function dimmer(services: string[]): fc.Arbitrary<SheddingSpec> {
  return fc
    .record({
      service: fc.constantFrom(...services),
      signal: fc.constantFrom('utilization' as const, 'queue' as const, 'p95' as const),
      forMs: fc.oneof(fc.constant(0), decimal(0, 1500)),
      levels: fc.constantFrom<Priority[]>(['optional', 'important'], ['optional'], ['important'], ['important', 'optional']),
    })
    .chain(({ signal, ...d }) => thresholds(signal).map((t) => ({ service: d.service, signal, ...t, forMs: d.forMs, levels: d.levels })));
}
