/**
 * Behaviours of queues and of what waits in them, each against a closed form or an exact
 * consequence of the documented semantics (README "Storms" and "Defences"):
 * - LIFO vs FIFO on the same M/M/1: the same mean wait (work-conserving, service times
 *   independent of the order), but LIFO's wait given a wait is a whole busy period: a far
 *   heavier tail (p99 from the busy-period distribution).
 * - maxWait drops requests that waited longer than W: no answered request waited longer, and
 *   the M/M/1 + deterministic-patience loss share has a closed form.
 * - Message consumers: producers never fail during a consumer outage, messages older than the
 *   retention are lost, and a message failing every delivery is dead-lettered after exactly
 *   maxDeliveries attempts.
 * - A partition on one call edge: fail-fast fails calls at once, hang + timeout times them out,
 *   hang without a timeout fails them when it heals (nothing stays stuck).
 * - Deadline propagation drops queued work whose caller has given up, instead of serving it.
 *
 * Comparisons go through the shared family of test/support/family.ts: Poisson counts by an exact
 * test, M/M/1 means with their theoretical SE (test/support/variance.ts), the rest with the
 * replications' own SE (Student t); each bias is justified where it is used. No expected value
 * is taken from the simulator's output.
 */
import { describe, expect, it } from 'vitest';
import type { FaultSpec, Scenario } from '../../src/scenario/types.js';
import { constant, exp, expectConservation, replicate, seedsFrom, sumWindow } from '../support/behaviour.js';
import { mm1, mm1WaitQuantile } from '../support/queueing.js';
import { waitSE } from '../support/variance.js';
import { comparisons } from '../support/family.js';

const family = comparisons('model/behaviour-queues');

/** Reported figures are rounded to 3 decimals. */
const R3 = 5e-4;

/**
 * M/M/1 busy period B (started by one customer): P(B > t), by uniformization. At levels ≥ 1
 * the chain jumps at the constant rate Λ = λ + μ (up with λ/Λ, down with μ/Λ), so
 * P(B > t) = Σ_n Poisson(n; Λt) · P(the embedded walk from 1 has not hit 0 after n jumps).
 */
function busyPeriodTail(lambda: number, mu: number, t: number): number {
  const L = lambda + mu, x = L * t, p = lambda / L, q = mu / L;
  const N = Math.ceil(x + 12 * Math.sqrt(x) + 50);
  let level = new Float64Array(N + 2);
  level[1] = 1;
  let logFact = 0, total = 0;
  for (let n = 0; n <= N; n++) {
    if (n > 0) {
      logFact += Math.log(n);
      const next = new Float64Array(N + 2);
      for (let i = 1; i <= N; i++) {
        if (level[i] === 0) continue;
        next[i + 1] += level[i] * p;
        if (i > 1) next[i - 1] += level[i] * q; // from level 1 a down-jump ends the busy period
      }
      level = next;
    }
    let survive = 0;
    for (let i = 1; i <= N + 1; i++) survive += level[i];
    total += Math.exp(-x + n * Math.log(x) - logFact) * survive;
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// 6. LIFO vs FIFO
// ---------------------------------------------------------------------------------------------

describe('LIFO vs FIFO on the same M/M/1', () => {
  /*
   * api: 1 worker, exponential 10 ms (μ = 0.1/ms), λ = 0.08/ms (ρ = 0.8), unbounded queue.
   * Mean wait = ρ/(μ − λ) = 40 ms under both (the number in system is the same process: the
   * order does not change when work is done, and work times are drawn in start order).
   * FIFO: P(Wq > t) = ρ·e^{−(μ−λ)t}. Non-preemptive LIFO: a request that waits waits until
   * the server clears the residual service in progress (Exp(μ), memoryless) and everything
   * that arrives meanwhile, i.e. one busy period: P(Wq > t) = ρ·P(B > t).
   */
  const LAMBDA = 0.08, MU = 0.1, Q = 0.99;
  const scenario = (discipline: 'fifo' | 'lifo'): Scenario => ({
    name: `M/M/1 ${discipline}`, durationMs: 2_100_000, warmupMs: 100_000, seed: 1,
    features: [{ name: 'f', ratePerMs: LAMBDA, entry: 'api' }],
    services: [{ name: 'api', workers: 1, queue: Infinity, serviceTime: exp(1 / MU), calls: [], discipline }],
  });
  const SEEDS = seedsFrom(1, 12);
  const T = 2_000_000; // measured

  it('same mean wait, but LIFO\'s p99 wait is the busy-period quantile, near 3× FIFO\'s', () => {
    const fifo = replicate(scenario('fifo'), SEEDS), lifo = replicate(scenario('lifo'), SEEDS);
    [...fifo, ...lifo].forEach(expectConservation);
    const Wq = mm1(LAMBDA, MU).Wq;
    // Mean wait = ∫(queue length) dt / requests up to the requests waiting at either end of the
    // measured period, whichever the order (Little's law on the sample path), so both orders have
    // the M/M/1 mean and its theoretical SE. The edges: requests waiting at a given time have
    // waited λ·E[Wq²]/2 in all, so each end shifts the mean by at most E[Wq²]/(2T). E[Wq²] is
    // 2ρ/(μ − λ)² for FIFO; for LIFO a wait is a busy period B (E[B²] = 2/(μ²(1 − ρ)³)).
    const rho = LAMBDA / MU, fifo2 = (2 * rho) / (MU - LAMBDA) ** 2, lifo2 = rho * (2 / (MU ** 2 * (1 - rho) ** 3));
    const se = waitSE({ lambda: LAMBDA, mu: MU, c: 1, K: Infinity }, T) / Math.sqrt(SEEDS.length);
    family.expectAgrees('FIFO mean wait', fifo.map((r) => r.services.api.queueWaitMs.mean), Wq, { se, bias: fifo2 / T + R3 });
    family.expectAgrees('LIFO mean wait', lifo.map((r) => r.services.api.queueWaitMs.mean), Wq, { se, bias: lifo2 / T + R3 });
    // Paired by seed (same arrivals and work times): the means differ only through those edges.
    family.expectAgrees('LIFO − FIFO mean wait (paired)', lifo.map((r, i) => r.services.api.queueWaitMs.mean - fifo[i].services.api.queueWaitMs.mean),
      0, { bias: (fifo2 + lifo2) / T + 2 * R3 });

    const fifoP99 = mm1WaitQuantile(LAMBDA, MU, Q);
    let lo = 0, hi = 20_000;
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if ((LAMBDA / MU) * busyPeriodTail(LAMBDA, MU, mid) > 1 - Q) lo = mid; else hi = mid;
    }
    const lifoP99 = (lo + hi) / 2;
    expect(lifoP99 / fifoP99, 'the closed forms are far apart').toBeGreaterThan(2.5);
    // Quantiles: replication SE (Student t). A reported quantile is its histogram bucket's
    // midpoint, within 1/256 of the sample quantile: 1/250 of the closed form covers it.
    family.expectAgrees('FIFO p99 wait', fifo.map((r) => r.services.api.queueWaitMs.p99), fifoP99, { bias: fifoP99 / 250 + R3 });
    family.expectAgrees('LIFO p99 wait', lifo.map((r) => r.services.api.queueWaitMs.p99), lifoP99, { bias: lifoP99 / 250 + R3 });
    lifo.forEach((r, i) => {
      expect(r.services.api.queueWaitMs.p99, `seed ${r.seed}`).toBeGreaterThan(2 * fifo[i].services.api.queueWaitMs.p99);
      expect(r.features.f.latencyMs.p99, `seed ${r.seed}`).toBeGreaterThan(2 * fifo[i].features.f.latencyMs.p99);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// 7. maxWait
// ---------------------------------------------------------------------------------------------

describe('maxWait', () => {
  it('overloaded M/D/4: nobody answered waited longer than W (latency ≤ W + D), the rest expire and fail back', () => {
    // 4 workers of constant 100 ms work offered 6 erlangs (λ = 0.06/ms): overloaded, so a third
    // of the requests at least must go. With W = 300 ms, latency = wait + 100 ms ≤ 400 ms exactly.
    const W = 300, D = 100;
    const s: Scenario = {
      name: 'maxWait M/D/4', durationMs: 130_000, warmupMs: 10_000, seed: 1,
      features: [{ name: 'f', ratePerMs: 0.06, entry: 'api' }],
      services: [{ name: 'api', workers: 4, queue: Infinity, serviceTime: constant(D), calls: [], maxWaitMs: W }],
    };
    const rs = replicate(s, seedsFrom(1, 4));
    for (const r of rs) {
      expectConservation(r);
      const api = r.services.api, f = r.features.f;
      expect(api.expired, `seed ${r.seed}`).toBeGreaterThan(0);
      // Every failure is an expiry (nothing else can fail here), and it reaches the user.
      expect(f.failed, `seed ${r.seed}`).toBe(api.expired);
      expect(api.failed).toBe(api.expired);
      // Reported times are rounded to 1 µs.
      expect(f.latencyMs.max, `seed ${r.seed}`).toBeLessThanOrEqual(W + D + 0.001);
      expect(api.queueWaitMs.p99, `seed ${r.seed}`).toBeLessThanOrEqual(W + 0.001);
      // 4 workers finish at most 4 requests per D over the 120 s measured (plus the ≤ 4 already
      // in progress at the warmup's end): every other arrival expired or is still waiting.
      expect(api.completed).toBeLessThanOrEqual(4 * (120_000 / D) + 4);
      expect(api.expired + api.inSystem).toBeGreaterThanOrEqual(api.arrivals - 4 * (120_000 / D) - 4);
    }
  });

  it('M/M/1 with deterministic patience W: expired share = ρ(1−ρ)x / (1 − ρ²x), x = e^{−(μ−λ)W}', () => {
    // In FIFO a request's wait is fixed at arrival by the work of those ahead that will be
    // served, so dropping at W equals balking when the workload exceeds W. The workload density
    // is λP0·e^{−(μ−λ)v} on (0, W] and λP0·e^{λW−μv} beyond; normalising gives the share lost,
    // P(V > W). Valid for ρ > 1 too; here ρ = 1.5, W = 50 ms.
    const LAMBDA = 0.15, MU = 0.1, W = 50, rho = LAMBDA / MU, x = Math.exp(-(MU - LAMBDA) * W);
    const lost = (rho * (1 - rho) * x) / (1 - rho * rho * x);
    expect(lost).toBeGreaterThan(1 - 1 / rho); // at least the excess over capacity is lost
    const s: Scenario = {
      name: 'maxWait M/M/1', durationMs: 110_000, warmupMs: 10_000, seed: 1,
      features: [{ name: 'f', ratePerMs: LAMBDA, entry: 'api' }],
      services: [{ name: 'api', workers: 1, queue: Infinity, serviceTime: exp(1 / MU), calls: [], maxWaitMs: W }],
    };
    // Not a birth–death chain: replication SE (Student t), over enough seeds (each run is short)
    // to tell the closed form 0.346 from the bare excess over capacity, 1 − 1/ρ = 0.333.
    const rs = replicate(s, seedsFrom(1, 40));
    rs.forEach(expectConservation);
    // Requests still waiting at the end (≤ λW ≈ 8 of ~15 000) shift the share by < 0.001.
    family.expectAgrees('expired share', rs.map((r) => r.services.api.expired / r.services.api.arrivals), lost, { bias: 0.001 });
  });
});

// ---------------------------------------------------------------------------------------------
// 8. Messaging
// ---------------------------------------------------------------------------------------------

describe('message consumer', () => {
  /*
   * Users (λ = 0.02/ms) call api, which sends a message to mailer. mailer keeps messages R = 30 s
   * and is down for 2R = 60 s from 60 s. Messages wait out the outage in its backlog; when it
   * ends, mailer's 2 000 workers take the whole backlog (~λ·2R = 1 200) at once, so a message is
   * lost exactly when it is older than R at the outage's end: those sent in [60 s, 90 s), a
   * Poisson count of mean λ·R. The rest are delivered; producers never see an error.
   */
  const LAMBDA = 0.02, R = 30_000, START = 60_000;
  const scenario = (mode: 'fail-fast' | 'hang'): Scenario => ({
    name: `consumer outage ${mode}`, durationMs: 150_000, warmupMs: 10_000, seed: 1,
    features: [{ name: 'f', ratePerMs: LAMBDA, entry: 'api' }],
    services: [
      { name: 'api', workers: 100, queue: Infinity, serviceTime: exp(5), calls: [{ to: 'mailer' }] },
      { name: 'mailer', workers: 2_000, queue: Infinity, serviceTime: constant(1), calls: [],
        messaging: { retentionMs: R, maxDeliveries: 3, redeliveryDelayMs: 1_000 } },
    ],
    faults: [{ kind: 'outage', service: 'mailer', startMs: START, durationMs: 2 * R, mode }],
  });
  const SEEDS = seedsFrom(1, 6);

  for (const mode of ['fail-fast', 'hang'] as const) {
    it(`${mode} outage of 2R: producers never fail; messages older than R are lost (≈ λR), the rest delivered`, () => {
      const rs = replicate(scenario(mode), SEEDS);
      for (const r of rs) {
        expectConservation(r);
        const m = r.services.mailer, msg = m.messages!;
        expect(r.features.f.failed, `seed ${r.seed}: producers see delay, not errors`).toBe(0);
        expect(r.services.api.failed).toBe(0);
        expect(m.errors + m.rejected + m.hung, `seed ${r.seed}`).toBe(0);
        // Every message is delivered, lost, or still being processed at the end (1 ms of work).
        expect(msg.delivered + msg.lost + m.inSystem, `seed ${r.seed}`).toBe(m.arrivals);
        expect(msg.deadLettered).toBe(0);
        // Delivered messages waited at most R (older ones are lost, not delivered).
        expect(msg.delayMs.p99, `seed ${r.seed}`).toBeLessThanOrEqual(R + 1 + 0.001);
      }
      family.expectPoisson('lost messages', rs.map((r) => r.services.mailer.messages!.lost), LAMBDA * R);
    });
  }

  it('a message is lost when its retention ends, even while it waits in the backlog: a bounded backlog never fills', () => {
    // The outage lasts 4R and the backlog holds 900 messages. Messages leave it as they turn R
    // old, so it holds only those of the last R (a Poisson count of mean λR = 600, never near
    // 900) and no producer is turned away. Lost: those sent in the outage's first 3R (≈ λ·3R).
    const base = scenario('hang');
    const bounded: Scenario = {
      ...base, name: 'consumer outage, bounded backlog', durationMs: 240_000,
      services: base.services.map((sv) => (sv.name === 'mailer' ? { ...sv, queue: 900 } : sv)),
      faults: [{ kind: 'outage', service: 'mailer', startMs: START, durationMs: 4 * R, mode: 'hang' }],
    };
    const rs = replicate(bounded, SEEDS);
    for (const r of rs) {
      expectConservation(r);
      expect(r.services.mailer.rejected, `seed ${r.seed}: the backlog never filled`).toBe(0);
      expect(r.features.f.failed, `seed ${r.seed}: producers see delay, not errors`).toBe(0);
    }
    family.expectPoisson('lost messages', rs.map((r) => r.services.mailer.messages!.lost), LAMBDA * 3 * R);
  });

  it('a message failing every delivery is tried exactly maxDeliveries times, then dead-lettered', () => {
    // mailer calls smtp, which fails fast for the whole run, so every delivery fails. Users send
    // for 60 s, then the rate steps to 0; 20 s more let every message finish its 4 deliveries
    // (redelivery after 500 ms). No warmup, so every message is counted from its first delivery.
    const MAX = 4;
    const s: Scenario = {
      name: 'dead letters', durationMs: 80_000, warmupMs: 0, seed: 1,
      features: [{ name: 'f', ratePerMs: 0.01, entry: 'api' }],
      services: [
        { name: 'api', workers: 50, queue: Infinity, serviceTime: exp(5), calls: [{ to: 'mailer' }] },
        { name: 'mailer', workers: 20, queue: Infinity, serviceTime: exp(5), calls: [{ to: 'smtp' }],
          messaging: { retentionMs: Infinity, maxDeliveries: MAX, redeliveryDelayMs: 500 } },
        { name: 'smtp', workers: 20, queue: Infinity, serviceTime: exp(5), calls: [] },
      ],
      load: [{ kind: 'step', features: [], startMs: 60_000, durationMs: Infinity, factor: 0 }],
      faults: [{ kind: 'outage', service: 'smtp', startMs: 0, durationMs: Infinity, mode: 'fail-fast' }],
    };
    for (const r of replicate(s, seedsFrom(1, 3))) {
      expectConservation(r);
      const messages = r.features.f.arrivals, m = r.services.mailer, msg = m.messages!;
      expect(messages, `seed ${r.seed}`).toBeGreaterThan(400);
      expect(r.features.f.succeeded, `seed ${r.seed}: producers succeed`).toBe(messages);
      expect(msg.deadLettered, `seed ${r.seed}`).toBe(messages);
      expect(msg.delivered + msg.lost).toBe(0);
      expect(m.arrivals, `seed ${r.seed}: deliveries`).toBe(MAX * messages);
      expect(m.failed).toBe(MAX * messages);
      expect(m.inSystem).toBe(0);
      expect(r.services.smtp.errors).toBe(MAX * messages);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 9. Partition on a call edge
// ---------------------------------------------------------------------------------------------

describe('partition between api and db', () => {
  /*
   * Users (λ = 0.02/ms) call api, which calls db; api has 1 000 workers, so the ~λ·D = 400
   * requests a hanging partition holds never exhaust it. The partition api → db lasts D = 20 s
   * from 60 s. Each request makes exactly one db call, just after its ~5 ms of own work, so the
   * calls made in the window are a Poisson count of mean λ·D.
   */
  const LAMBDA = 0.02, START = 60_000, D = 20_000, END = 120_000, T = 5_000;
  const scenario = (name: string, mode: 'fail-fast' | 'hang', timeoutMs?: number): Scenario => ({
    name, durationMs: END, warmupMs: 10_000, seed: 1,
    features: [{ name: 'f', ratePerMs: LAMBDA, entry: 'api' }],
    services: [
      { name: 'api', workers: 1_000, queue: Infinity, serviceTime: exp(5), calls: [{ to: 'db', ...(timeoutMs ? { timeoutMs } : {}) }] },
      { name: 'db', workers: 50, queue: Infinity, serviceTime: exp(5), calls: [] },
    ],
    faults: [{ kind: 'partition', from: 'api', to: 'db', startMs: START, durationMs: D, mode } satisfies FaultSpec],
  });
  const SEEDS = seedsFrom(1, 6);
  /** Poisson counts of calls made in a window; a call in flight at a window end (~λ·5 ms) may fall either way. */
  const edge = { bias: LAMBDA * 5 };

  it('fail-fast: calls in the window fail at once (≈ λ·D), none outside it', () => {
    const rs = replicate(scenario('partition fail-fast', 'fail-fast'), SEEDS);
    for (const r of rs) {
      expectConservation(r);
      const s = r.series, e = r.edges['api->db'];
      expect(e.failures, `seed ${r.seed}`).toBe(r.features.f.failed);
      expect(e.timeouts).toBe(0);
      // Failures happen when the call is made: inside the window.
      expect(sumWindow(s, s.edges['api->db'].failures, START, START + D), `seed ${r.seed}`).toBe(e.failures);
      expect(r.services.db.arrivals + e.failures, 'db sees every call but the failed ones').toBe(e.attempts);
    }
    family.expectPoisson('api->db failures', rs.map((r) => r.edges['api->db'].failures), LAMBDA * D, edge);
  });

  it(`hang with a ${T} ms timeout: calls made before the last timeout of the window time out (≈ λ·(D − T)), the rest are reset`, () => {
    const rs = replicate(scenario('partition hang + timeout', 'hang', T), SEEDS);
    for (const r of rs) {
      expectConservation(r);
      const e = r.edges['api->db'];
      expect(e.failures, `seed ${r.seed}: every hung call fails`).toBe(r.features.f.failed);
      expect(e.timeouts).toBeLessThanOrEqual(e.failures);
      expect(r.features.f.inFlight, `seed ${r.seed}`).toBeLessThanOrEqual(5); // see the no-timeout case
    }
    family.expectPoisson('api->db timeouts', rs.map((r) => r.edges['api->db'].timeouts), LAMBDA * (D - T), edge);
    family.expectPoisson('api->db failures', rs.map((r) => r.edges['api->db'].failures), LAMBDA * D, edge);
    // Calls made in the window's last T are reset by the heal before their timeout.
    family.expectPoisson('api->db resets at the heal', rs.map((r) => r.edges['api->db'].failures - r.edges['api->db'].timeouts), LAMBDA * T, edge);
  });

  it('hang without a timeout: calls in the window fail all at once when it heals; nothing stays stuck', () => {
    const rs = replicate(scenario('partition hang', 'hang'), SEEDS);
    for (const r of rs) {
      expectConservation(r);
      const s = r.series, e = r.edges['api->db'], failures = s.edges['api->db'].failures;
      expect(e.timeouts).toBe(0);
      expect(e.failures, `seed ${r.seed}`).toBe(r.features.f.failed);
      expect(sumWindow(s, failures, 0, START + D), `seed ${r.seed}: nothing fails while it hangs`).toBe(0);
      const healed = s.t.indexOf(START + D);
      expect(failures[healed], `seed ${r.seed}: all fail at the heal`).toBe(e.failures);
      // 40 s after the heal only ordinary traffic is in flight: Poisson with mean
      // λ·E[latency] ≈ 0.02 · 10 = 0.2, so P(> 5) < 1e-7 (the ~400 hung ones would show).
      expect(r.features.f.inFlight, `seed ${r.seed}`).toBeLessThanOrEqual(5);
      expect(r.services.api.inSystem).toBeLessThanOrEqual(5);
    }
    family.expectPoisson('api->db failures', rs.map((r) => r.edges['api->db'].failures), LAMBDA * D, edge);
  });
});

// ---------------------------------------------------------------------------------------------
// 10. Deadline propagation with a queue
// ---------------------------------------------------------------------------------------------

describe('deadline propagation drops queued work whose caller gave up', () => {
  /*
   * api: 10 workers of constant 10 ms work (capacity 1/ms), λ = 0.1/ms (ρ = 0.1), client timeout
   * T = 1 s. A capacity fault takes all 10 workers from 60 s to 80 s (V = 20 s): ~λV = 2 000
   * requests queue; those sent before 79 s have timed out when the workers return.
   * - propagate: at 80 s the workers drop the λ(V − T) ≈ 1 900 stale requests without working
   *   on them (expired) and serve the young ones. A request of age A at 80 s starts after the
   *   λ(T − A) younger-than-T requests ahead of it, at age ≈ A + ρ(T − A) < T, so none expire
   *   beyond the stale ones; it is wasted only if it starts within D = 10 ms of its deadline,
   *   i.e. T − A < D/(1 − ρ) ≈ 11 ms: about λ·11 ≈ 1 request. So wasted ≈ 0.
   * - no propagation: the workers serve all ~1 900 stale requests for nobody (wasted).
   */
  const LAMBDA = 0.1, T = 1_000, FROM = 60_000, V = 20_000;
  const scenario = (propagateDeadlines: boolean): Scenario => ({
    name: `deadlines ${propagateDeadlines ? 'on' : 'off'}`, durationMs: 100_000, warmupMs: 10_000, seed: 1, propagateDeadlines,
    features: [{ name: 'f', ratePerMs: LAMBDA, entry: 'api', client: { timeoutMs: T } }],
    services: [{ name: 'api', workers: 10, queue: Infinity, serviceTime: constant(10), calls: [] }],
    faults: [{ kind: 'capacity', service: 'api', startMs: FROM, durationMs: V, workers: 10, share: 0 }],
  });
  // 20 seeds: `wasted` below is no Poisson count, so its SE is the replications' (Student t).
  const SEEDS = seedsFrom(1, 20);
  const stale = LAMBDA * (V - T);

  it('on: the stale backlog expires unserved (≈ λ(V − T)), wasted ≈ 0; off: it is all served for nobody', () => {
    const on = replicate(scenario(true), SEEDS), off = replicate(scenario(false), SEEDS);
    [...on, ...off].forEach(expectConservation);
    // Poisson (arrivals in [60 s, 79 s)), up to the ~λ·11 ms ≈ 1 request near its deadline at 80 s.
    family.expectPoisson('expired with propagation', on.map((r) => r.services.api.expired), stale, { bias: LAMBDA * 11 });
    on.forEach((r, i) => {
      const api = r.services.api, timeouts = r.edges['user->f'].timeouts;
      // ~1 expected (see above); 10 is P < 1e-6 for a count of mean ~1, and ≪ the ~1 900 off.
      expect(api.wasted, `seed ${r.seed}: wasted with propagation`).toBeLessThanOrEqual(10);
      // Each timed-out request was dropped unserved, or wasted: those still in the system at
      // the end (Poisson, mean λD = 1) were sent in its last 10 ms and have not timed out.
      expect(api.expired + api.wasted, `seed ${r.seed}`).toBe(timeouts);
      expect(api.inSystem).toBeLessThanOrEqual(10);
      // The young requests are served in time: fewer users fail than without propagation.
      expect(r.features.f.failed, `seed ${r.seed}`).toBeLessThan(off[i].features.f.failed);
    });
    for (const r of off) {
      expect(r.services.api.expired, `seed ${r.seed}`).toBe(0);
      expect(r.services.api.wasted, `seed ${r.seed}`).toBe(r.edges['user->f'].timeouts);
    }
    // Off, FIFO: at 80 s the λV backlog is served at cμ = 1/ms before anything younger, so a
    // request sent at 80 s + x waits (λV + λx)/(cμ) − x, past T while x < (ρV − T)/(1 − ρ) ≈ 1.1 s.
    // Every request sent in [60 s, 80 s + x) times out and is still served: wasted ≈ λ(V + x).
    // Workers start in batches of 10 every 10 ms, not as a fluid: ±1 request (bias 5, generous).
    const rho = LAMBDA / 1, x = (rho * V - T) / (1 - rho);
    family.expectAgrees('wasted without propagation', off.map((r) => r.services.api.wasted), LAMBDA * (V + x), { bias: 5 });
  });
});
