/**
 * The simulator against queueing theory.
 *
 * Every statistical check runs R independent seeded replications (seeds 1..R) and compares the
 * mean of the replications with a closed form from test/support/queueing.ts, through the shared
 * family of test/support/family.ts: within q·SE + bias, q chosen so that all the comparisons of
 * all the theory suites together fail by chance with probability below 1e-3.
 * - Where the statistic is an average of a birth–death queue (M/M/c/K: utilisation, busy workers,
 *   queue length, mean wait and sojourn, blocking) or a Poisson count, its SE comes from theory
 *   (test/support/variance.ts; Campbell's theorem for the M/D/∞ transient) and q is normal (≈ 4.5).
 * - Otherwise (quantiles, M/D/1, constant-service Erlang B, the caller of a synchronous call) the
 *   SE is the replications' own, and q is Student t with R − 1 degrees of freedom (≈ 9.3 for
 *   R = 10): a 10-replication SE is itself uncertain by ±25%, and at the family's p ≈ 6.5e-6 its
 *   t tail is far heavier than the normal's. These checks are looser (quantiles within 2–13%)
 *   but keep their purpose below; 20 replications would bring q to 6.2 and the SE down by √2,
 *   at twice the run time.
 * - bias covers only what the closed form leaves out: reported figures are rounded to 3 decimals
 *   (utilisation to 6), and a quantile is its histogram bucket's midpoint, within 1/256 of the
 *   value (src/metrics/histogram.ts).
 * The steady-state scenarios sit at ρ = 0.75–0.9, where the formulas are steep, so a wrong
 * utilisation (within 0.4%), a queue limit off by one (≥ 19% change in blocking, against
 * tolerances of 1.8–3.6%), a non-FIFO queue (LIFO or random order move the wait's p50/p95/p99 by
 * 20–180%, against ≤ 13%) or warmup leaking into the statistics (a factor of two) moves a
 * statistic far outside it. Little's law and conservation are checked per run.
 *
 * No expected value here comes from the simulator's own output.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/model/simulate.js';
import type { DistSpec, Scenario, ServiceSpec } from '../../src/scenario/types.js';
import type { RunResult } from '../../src/model/result.js';
import {
  erlangB,
  md1,
  mm1,
  mm1K,
  mm1SojournQuantile,
  mm1WaitQuantile,
  mmc,
  mmcK,
  mmcSojournQuantile,
  mmcWaitQuantile,
} from '../support/queueing.js';
import { comparisons } from '../support/family.js';
import { blockingSE, of, sojournSE, timeAverageSE, waitSE, type Queue } from '../support/variance.js';

const R = 10;
const SEEDS = Array.from({ length: R }, (_, i) => i + 1);
const TIMEOUT = 120_000;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const cache = new Map<Scenario, RunResult[]>();

/** The R replications of a scenario (run once, shared by every check on it). */
function runs(scenario: Scenario): RunResult[] {
  let rs = cache.get(scenario);
  if (!rs) {
    rs = SEEDS.map((seed) => simulate(scenario, { seed }));
    for (const r of rs) expect(r.status, `${scenario.name}: run stopped early (${r.stopReason})`).toBe('complete');
    cache.set(scenario, rs);
  }
  return rs;
}

function exp(mean: number): DistSpec {
  return { kind: 'exponential', mean };
}

/** One feature feeding one service `api` with no calls. */
function single(
  name: string,
  o: { ratePerMs: number; workers: number; queue: number; serviceTime: DistSpec; durationMs: number; warmupMs: number },
): Scenario {
  return {
    name,
    durationMs: o.durationMs,
    warmupMs: o.warmupMs,
    seed: 1,
    features: [{ name: 'f', ratePerMs: o.ratePerMs, entry: 'api' }],
    services: [{ name: 'api', workers: o.workers, queue: o.queue, serviceTime: o.serviceTime, calls: [] }],
  };
}

const measured = (s: Scenario): number => s.durationMs - s.warmupMs;

// ---------------------------------------------------------------------------------------------
// Scenarios. Durations give ~200k–300k measured requests per replication; warmups are many
// relaxation times (the slowest, M/M/1 at ρ = 0.8, relaxes in ~1/(μ(1−√ρ)²) ≈ 9 s).
// ---------------------------------------------------------------------------------------------

/** M/M/1, ρ = 0.8: λ = 8/s, mean service 100 ms. Wq = 400 ms, W = 500 ms, Lq = 3.2. */
const MM1 = single('M/M/1', {
  ratePerMs: 0.008,
  workers: 1,
  queue: Infinity,
  serviceTime: exp(100),
  durationMs: 37_600_000,
  warmupMs: 100_000,
});

/** M/M/c, Erlang C: λ = 30/s, 4 workers, mean service 100 ms, ρ = 0.75. Wq ≈ 50.94 ms. */
const MMC = single('M/M/4 (Erlang C)', {
  ratePerMs: 0.03,
  workers: 4,
  queue: Infinity,
  serviceTime: exp(100),
  durationMs: 10_060_000,
  warmupMs: 60_000,
});

/** M/M/1/K, K = 5 (queue 4), ρ = 0.9: blocking ≈ 0.126 (K = 6 would give ≈ 0.102). */
const MM1K = single('M/M/1/5', {
  ratePerMs: 0.009,
  workers: 1,
  queue: 4,
  serviceTime: exp(100),
  durationMs: 22_260_000,
  warmupMs: 60_000,
});

/** M/M/c/K, c = 3, K = 8 (queue 5), ρ = 0.9. */
const MMCK = single('M/M/3/8', {
  ratePerMs: 0.027,
  workers: 3,
  queue: 5,
  serviceTime: exp(100),
  durationMs: 7_460_000,
  warmupMs: 60_000,
});

/** Erlang B: 10 workers, no queue, 8 erlangs offered (ρ = 0.8): blocking ≈ 0.1217. */
const ERLANG_B = single('M/M/10/10 (Erlang B)', {
  ratePerMs: 0.08,
  workers: 10,
  queue: 0,
  serviceTime: exp(100),
  durationMs: 1_280_000,
  warmupMs: 30_000,
});

/** Erlang B is insensitive to the service-time distribution: same blocking with constant service. */
const ERLANG_B_CONST = single('M/D/10/10 (Erlang B, constant service)', {
  ratePerMs: 0.08,
  workers: 10,
  queue: 0,
  serviceTime: { kind: 'constant', value: 100 },
  durationMs: 1_280_000,
  warmupMs: 30_000,
});

/** M/D/1, ρ = 0.8, D = 100 ms: Wq = 200 ms (half the M/M/1 wait). */
const MD1 = single('M/D/1', {
  ratePerMs: 0.008,
  workers: 1,
  queue: Infinity,
  serviceTime: { kind: 'constant', value: 100 },
  durationMs: 37_600_000,
  warmupMs: 100_000,
});

/**
 * Warmup accounting: half the run is warmup. Counting warmup arrivals, or dividing time
 * averages by the whole run, is off by a factor of two here.
 */
const WARMUP = single('M/M/1, half warmup', {
  ratePerMs: 0.005,
  workers: 1,
  queue: Infinity,
  serviceTime: exp(100),
  durationMs: 4_000_000,
  warmupMs: 2_000_000,
});

/**
 * Warmup boundaries in a transient: M/D/∞ started empty. With constant service D and more
 * workers than can ever be busy, E[busy(t)] = λ·min(t, D) exactly. D = 100 s, warmup 50 s,
 * end 200 s: averaged over [50 s, 200 s] that is λ·91.67 s; averaged over the whole run it
 * would be λ·75 s. Requests arriving in [50 s, 100 s] finish; later ones are still in service.
 */
const TRANSIENT = single('M/D/∞ from empty', {
  ratePerMs: 0.05,
  workers: 10_000,
  queue: Infinity,
  serviceTime: { kind: 'constant', value: 100_000 },
  durationMs: 200_000,
  warmupMs: 50_000,
});

/**
 * A synchronous call: `front` (20 workers, exponential 20 ms) calls `back` (M/M/4, 100 ms) and
 * holds its worker until back answers. Front is so lightly loaded that nobody waits there, so the
 * calls leave front at arrival + an i.i.d. delay and back sees the same Poisson stream (the
 * displacement theorem): back is the Erlang C system above. A front worker is held for its own
 * work plus back's sojourn, so front's utilisation is λ·(20 + W_back)/40 ≈ 0.128 (only 0.015 if
 * held workers were counted idle). Front needs that many workers because a held worker waits out
 * back's queue too: with 20, back's congested spells (16+ requests there) made front queue.
 */
const FRONT: ServiceSpec = { name: 'front', workers: 40, queue: Infinity, serviceTime: exp(20), calls: [{ to: 'back' }] };
const BACK: ServiceSpec = { name: 'back', workers: 4, queue: Infinity, serviceTime: exp(100), calls: [] };
const CHAIN: Scenario = {
  name: 'front -> back (synchronous)',
  durationMs: 10_060_000,
  warmupMs: 60_000,
  seed: 1,
  features: [{ name: 'f', ratePerMs: 0.03, entry: 'front' }],
  services: [FRONT, BACK],
};

const api = (r: RunResult) => r.services.api;
const feat = (r: RunResult) => r.features.f;

const family = comparisons('model/queueing');
const expectAgrees = family.expectAgrees.bind(family);

/** Reported figures are rounded to 3 decimals (src/metrics/round.ts), utilisation to 6. */
const R3 = 5e-4, R6 = 5e-7;
/**
 * A reported quantile is its histogram bucket's midpoint, within 1/256 of the sample quantile
 * (128 buckets per octave), which sits within a few per cent of the closed form: 1/250 of it.
 */
const quantileBias = (x: number) => x / 250 + R3;
/** A theoretical SE of one run, as the SE of the mean of R, with the bias of a rounded figure. */
const known = (sePerRun: number, bias = R3) => ({ se: sePerRun / Math.sqrt(R), bias });
/** SE of an arrival rate N/T, N Poisson with mean λT. */
const rateSE = (lambda: number, T: number) => Math.sqrt(lambda / T);

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('M/M/1 (ρ = 0.8)', () => {
  const [lambda, mu] = [0.008, 0.01];
  const th = mm1(lambda, mu);
  const q: Queue = { lambda, mu, c: 1, K: Infinity }, T = measured(MM1);

  it('arrival rate, utilisation, busy and queue length', { timeout: TIMEOUT }, () => {
    const rs = runs(MM1);
    expectAgrees('arrival rate /ms', rs.map((r) => api(r).arrivals / T), lambda, known(rateSE(lambda, T), 0));
    expectAgrees('utilisation', rs.map((r) => api(r).utilization), th.rho, known(timeAverageSE(q, of(q).utilisation, T), R6));
    expectAgrees('mean busy', rs.map((r) => api(r).meanBusy), th.rho, known(timeAverageSE(q, of(q).busy, T)));
    expectAgrees('time-averaged queue length Lq', rs.map((r) => api(r).meanQueueLength), th.Lq, known(timeAverageSE(q, of(q).queued, T)));
  });

  it('mean queue wait Wq and mean latency W', { timeout: TIMEOUT }, () => {
    const rs = runs(MM1);
    expectAgrees('mean queue wait', rs.map((r) => api(r).queueWaitMs.mean), th.Wq, known(waitSE(q, T)));
    expectAgrees('mean sojourn', rs.map((r) => api(r).sojournMs.mean), th.W, known(sojournSE(q, T)));
    expectAgrees('mean feature latency', rs.map((r) => feat(r).latencyMs.mean), th.W, known(sojournSE(q, T)));
  });

  it('FIFO tails: wait and latency quantiles', { timeout: TIMEOUT }, () => {
    const rs = runs(MM1);
    for (const [p, key] of [
      [0.5, 'p50'],
      [0.95, 'p95'],
      [0.99, 'p99'],
    ] as const) {
      const wait = mm1WaitQuantile(lambda, mu, p), latency = mm1SojournQuantile(lambda, mu, p);
      expectAgrees(`queue wait ${key}`, rs.map((r) => api(r).queueWaitMs[key]), wait, { bias: quantileBias(wait) });
      expectAgrees(`latency ${key}`, rs.map((r) => feat(r).latencyMs[key]), latency, { bias: quantileBias(latency) });
    }
  });
});

describe('M/M/c, Erlang C (4 workers, ρ = 0.75)', () => {
  const [lambda, mu, c] = [0.03, 0.01, 4];
  const th = mmc(lambda, mu, c);
  const q: Queue = { lambda, mu, c, K: Infinity }, T = measured(MMC);

  it('closed form is the brief\'s 50.94 ms / 150.94 ms', () => {
    expect(th.Wq).toBeCloseTo(50.94, 1);
    expect(th.W).toBeCloseTo(150.94, 1);
  });

  it('utilisation, busy workers and queue length', { timeout: TIMEOUT }, () => {
    const rs = runs(MMC);
    expectAgrees('utilisation', rs.map((r) => api(r).utilization), th.rho, known(timeAverageSE(q, of(q).utilisation, T), R6));
    expectAgrees('mean busy', rs.map((r) => api(r).meanBusy), th.a, known(timeAverageSE(q, of(q).busy, T)));
    expectAgrees('time-averaged queue length Lq', rs.map((r) => api(r).meanQueueLength), th.Lq, known(timeAverageSE(q, of(q).queued, T)));
  });

  it('mean wait ≈ 50.94 ms and mean latency ≈ 150.94 ms', { timeout: TIMEOUT }, () => {
    const rs = runs(MMC);
    expectAgrees('mean queue wait', rs.map((r) => api(r).queueWaitMs.mean), th.Wq, known(waitSE(q, T)));
    expectAgrees('mean sojourn', rs.map((r) => api(r).sojournMs.mean), th.W, known(sojournSE(q, T)));
    expectAgrees('mean feature latency', rs.map((r) => feat(r).latencyMs.mean), th.W, known(sojournSE(q, T)));
  });

  it('FIFO tails: wait and latency quantiles', { timeout: TIMEOUT }, () => {
    const rs = runs(MMC);
    for (const [p, key] of [
      [0.95, 'p95'],
      [0.99, 'p99'],
    ] as const) {
      const wait = mmcWaitQuantile(lambda, mu, c, p);
      expectAgrees(`queue wait ${key}`, rs.map((r) => api(r).queueWaitMs[key]), wait, { bias: quantileBias(wait) });
    }
    for (const [p, key] of [
      [0.5, 'p50'],
      [0.95, 'p95'],
      [0.99, 'p99'],
    ] as const) {
      const latency = mmcSojournQuantile(lambda, mu, c, p);
      expectAgrees(`latency ${key}`, rs.map((r) => feat(r).latencyMs[key]), latency, { bias: quantileBias(latency) });
    }
  });
});

describe('finite capacity: M/M/1/K and M/M/c/K', () => {
  const cases = [
    { scenario: MM1K, q: { lambda: 0.009, mu: 0.01, c: 1, K: 5 } },
    { scenario: MMCK, q: { lambda: 0.027, mu: 0.01, c: 3, K: 8 } },
  ];
  for (const { scenario, q } of cases) {
    const th = mmcK(q.lambda, q.mu, q.c, q.K), T = measured(scenario), f = of(q);
    it(`${scenario.name}: blocking ${th.blocking.toFixed(4)}, queue length, waits`, { timeout: TIMEOUT }, () => {
      const rs = runs(scenario);
      expectAgrees('blocking = rejected / arrivals', rs.map((r) => api(r).rejected / api(r).arrivals), th.blocking, known(blockingSE(q, T), 0));
      expectAgrees('time-averaged queue length Lq', rs.map((r) => api(r).meanQueueLength), th.Lq, known(timeAverageSE(q, f.queued, T)));
      expectAgrees('time-averaged in system L', rs.map((r) => api(r).meanQueueLength + api(r).meanBusy), th.L,
        known(timeAverageSE(q, f.inSystem, T), 2 * R3));
      expectAgrees('utilisation', rs.map((r) => api(r).utilization), th.utilisation, known(timeAverageSE(q, f.utilisation, T), R6));
      expectAgrees('mean queue wait (accepted)', rs.map((r) => api(r).queueWaitMs.mean), th.Wq, known(waitSE(q, T)));
      expectAgrees('mean sojourn (accepted)', rs.map((r) => api(r).sojournMs.mean), th.W, known(sojournSE(q, T)));
      // Never more than the waiting room waiting: a time average can't exceed it either.
      for (const r of rs) expect(api(r).meanQueueLength).toBeLessThanOrEqual(scenario.services[0].queue);
    });
  }
});

describe('Erlang B (queue: 0)', () => {
  const E = 8;
  const c = 10;
  const B = erlangB(E, c);
  const q: Queue = { lambda: 0.08, mu: 0.01, c, K: c };

  for (const scenario of [ERLANG_B, ERLANG_B_CONST]) {
    it(`${scenario.name}: blocking ${B.toFixed(4)}, nobody waits`, { timeout: TIMEOUT }, () => {
      const rs = runs(scenario), T = measured(scenario);
      // Exponential work is a birth–death chain with a known SE; constant work has the same
      // means (insensitivity) but not the same variance, so its SE is the replications'.
      const markov = scenario.services[0].serviceTime.kind === 'exponential';
      expectAgrees('blocking = rejected / arrivals', rs.map((r) => api(r).rejected / api(r).arrivals), B,
        markov ? known(blockingSE(q, T), 0) : {});
      expectAgrees('utilisation (carried load / c)', rs.map((r) => api(r).utilization), (E * (1 - B)) / c,
        markov ? known(timeAverageSE(q, of(q).utilisation, T), R6) : { bias: R6 });
      for (const r of rs) {
        expect(api(r).meanQueueLength).toBe(0);
        expect(api(r).queueWaitMs.mean).toBe(0);
        expect(api(r).queueWaitMs.p99).toBe(0);
      }
    });
  }
});

describe('M/D/1 (ρ = 0.8, constant 100 ms)', () => {
  const th = md1(0.008, 100);

  it('Pollaczek–Khinchine: Wq = 200 ms, W = 300 ms, Lq = 1.6', { timeout: TIMEOUT }, () => {
    // Not a birth–death chain: the SEs are the replications' (Student t).
    const rs = runs(MD1);
    expectAgrees('utilisation', rs.map((r) => api(r).utilization), th.rho, { bias: R6 });
    expectAgrees('mean queue wait', rs.map((r) => api(r).queueWaitMs.mean), th.Wq, { bias: R3 });
    expectAgrees('mean sojourn', rs.map((r) => api(r).sojournMs.mean), th.W, { bias: R3 });
    expectAgrees('time-averaged queue length Lq', rs.map((r) => api(r).meanQueueLength), th.Lq, { bias: R3 });
  });
});

describe('warmup is excluded', () => {
  const th = mm1(0.005, 0.01);
  const q: Queue = { lambda: 0.005, mu: 0.01, c: 1, K: Infinity }, T = measured(WARMUP);

  it('counts only post-warmup arrivals and averages over [warmup, duration]', { timeout: TIMEOUT }, () => {
    const rs = runs(WARMUP);
    expectAgrees('feature arrivals / measured time', rs.map((r) => feat(r).arrivals / T), 0.005, known(rateSE(0.005, T), 0));
    expectAgrees('service arrivals / measured time', rs.map((r) => api(r).arrivals / T), 0.005, known(rateSE(0.005, T), 0));
    expectAgrees('utilisation', rs.map((r) => api(r).utilization), th.rho, known(timeAverageSE(q, of(q).utilisation, T), R6));
    expectAgrees('mean busy', rs.map((r) => api(r).meanBusy), th.rho, known(timeAverageSE(q, of(q).busy, T)));
    expectAgrees('time-averaged queue length Lq', rs.map((r) => api(r).meanQueueLength), th.Lq, known(timeAverageSE(q, of(q).queued, T)));
    expectAgrees('mean queue wait', rs.map((r) => api(r).queueWaitMs.mean), th.Wq, known(waitSE(q, T)));
  });
});

describe('warmup boundaries in a transient (M/D/∞ from empty)', () => {
  const lambda = 0.05;
  const D = 100_000;
  const [w, T] = [TRANSIENT.warmupMs, TRANSIENT.durationMs];
  // (1/(T−w)) ∫_w^T λ·min(t, D) dt, for w ≤ D ≤ T.
  const busy = (lambda * ((D * D - w * w) / 2 + D * (T - D))) / (T - w);
  // ∫_w^T busy(t) dt = Σ over arrivals s of g(s) = |[s, s + D] ∩ [w, T]|: by Campbell's theorem
  // its variance is λ∫g(s)² ds (g is piecewise linear: a fine midpoint sum is exact to 1e-8).
  const g = (s: number) => Math.max(0, Math.min(s + D, T) - Math.max(s, w));
  let g2 = 0;
  for (let i = 0, n = 200_000, h = T / n; i < n; i++) g2 += g((i + 0.5) * h) ** 2 * h;
  const busySE = Math.sqrt(lambda * g2) / (T - w);
  const poisson = (m: number) => known(Math.sqrt(m), 0);

  it(`mean busy = ${busy.toFixed(1)}; finished = λ·50 s, in system = λ·100 s`, { timeout: TIMEOUT }, () => {
    const rs = runs(TRANSIENT), workers = TRANSIENT.services[0].workers;
    expectAgrees('mean busy over [warmup, end]', rs.map((r) => api(r).meanBusy), busy, known(busySE));
    expectAgrees('utilisation', rs.map((r) => api(r).utilization), busy / workers, known(busySE / workers, R6));
    expectAgrees('arrivals', rs.map((r) => api(r).arrivals), lambda * (T - w), poisson(lambda * (T - w)));
    expectAgrees('completed (arrived in [w, T−D])', rs.map((r) => api(r).completed), lambda * (T - D - w), poisson(lambda * (T - D - w)));
    expectAgrees('in system at the end (arrived after T−D)', rs.map((r) => api(r).inSystem), lambda * D, poisson(lambda * D));
    // Nobody waits (10 000 workers, ~λD = 5 000 busy at most on average): every sojourn is D.
    expectAgrees('mean sojourn', rs.map((r) => api(r).sojournMs.mean), D, known(0));
    for (const r of rs) {
      expect(api(r).queueWaitMs.mean).toBe(0);
      expect(api(r).meanQueueLength).toBe(0);
    }
  });
});

describe('synchronous call: a held worker counts as busy', () => {
  const lambda = 0.03;
  const back = mmc(lambda, 0.01, 4);
  const frontMean = 20;
  const q: Queue = { lambda, mu: 0.01, c: 4, K: Infinity }, T = measured(CHAIN);

  it('callee sees the same Poisson stream: Erlang C at back', { timeout: TIMEOUT }, () => {
    const rs = runs(CHAIN);
    const wait99 = mmcWaitQuantile(lambda, 0.01, 4, 0.99);
    expectAgrees('back arrival rate /ms', rs.map((r) => r.services.back.arrivals / T), lambda, known(rateSE(lambda, T), 0));
    expectAgrees('back mean queue wait', rs.map((r) => r.services.back.queueWaitMs.mean), back.Wq, known(waitSE(q, T)));
    expectAgrees('back mean sojourn', rs.map((r) => r.services.back.sojournMs.mean), back.W, known(sojournSE(q, T)));
    expectAgrees('back utilisation', rs.map((r) => r.services.back.utilization), back.rho, known(timeAverageSE(q, of(q).utilisation, T), R6));
    expectAgrees('back wait p99', rs.map((r) => r.services.back.queueWaitMs.p99), wait99, { bias: quantileBias(wait99) });
  });

  it('caller utilisation = λ·(own service + callee sojourn)/workers', { timeout: TIMEOUT }, () => {
    // A front worker is held for its own work plus back's sojourn, which are correlated from one
    // request to the next: no birth–death chain, so the SEs are the replications'.
    const rs = runs(CHAIN);
    // Design check: nobody waits at front, so front is an infinite-server stage.
    for (const r of rs) expect(r.services.front.queueWaitMs.mean).toBeLessThan(0.5);
    const held = frontMean + back.W;
    expectAgrees('front utilisation', rs.map((r) => r.services.front.utilization), (lambda * held) / FRONT.workers, { bias: R6 });
    expectAgrees('front mean busy', rs.map((r) => r.services.front.meanBusy), lambda * held, { bias: R3 });
    expectAgrees('front mean sojourn', rs.map((r) => r.services.front.sojournMs.mean), held, { bias: R3 });
    expectAgrees('feature mean latency', rs.map((r) => feat(r).latencyMs.mean), held, { bias: R3 });
    // Per run, with the simulated callee: busy front workers = λ̂·(own + measured back sojourn),
    // up to the noise of the own-work sample mean, the rounding of meanBusy and of back's mean
    // sojourn, and the requests in flight at either end of the measured period (≤ 2·held/T).
    expectAgrees(
      'front busy vs measured back sojourn',
      rs.map((r) => r.services.front.meanBusy / ((r.services.front.arrivals / T) * (frontMean + r.services.back.sojournMs.mean))),
      1,
      { bias: R3 / (lambda * held) + R3 / held + (2 * held) / T },
    );
  });
});

describe("Little's law, per run (L = λW on each sample path)", () => {
  const scenarios = [MM1, MMC, MM1K, MMCK, MD1, WARMUP];
  it('meanQueueLength = accepted rate × mean wait; in system = accepted rate × mean sojourn', { timeout: TIMEOUT }, () => {
    for (const s of scenarios) {
      for (const [i, r] of runs(s).entries()) {
        const a = api(r);
        const rate = (a.arrivals - a.rejected) / measured(s);
        const where = `${s.name}, seed ${SEEDS[i]}`;
        // Exact on a sample path up to edge effects at warmup and end (~W/T ≈ 1e-4 here).
        expect(Math.abs(a.meanQueueLength / (rate * a.queueWaitMs.mean) - 1), `${where}: Lq/(λ·Wq) − 1`).toBeLessThan(0.01);
        const L = a.meanQueueLength + a.meanBusy;
        expect(Math.abs(L / (rate * a.sojournMs.mean) - 1), `${where}: L/(λ·W) − 1`).toBeLessThan(0.01);
      }
    }
  });
});

describe('conservation (exact, every run)', () => {
  const scenarios = [MM1, MMC, MM1K, MMCK, ERLANG_B, ERLANG_B_CONST, MD1, WARMUP, TRANSIENT, CHAIN];
  it('feature: arrivals = succeeded + failed + inFlight; service: arrivals = completed + failed + rejected + inSystem', { timeout: TIMEOUT }, () => {
    for (const s of scenarios) {
      for (const [i, r] of runs(s).entries()) {
        const where = `${s.name}, seed ${SEEDS[i]}`;
        for (const [name, f] of Object.entries(r.features)) {
          expect(f.succeeded + f.failed + f.inFlight, `${where}: feature ${name}`).toBe(f.arrivals);
        }
        for (const [name, v] of Object.entries(r.services)) {
          expect(v.completed + v.failed + v.rejected + v.inSystem, `${where}: service ${name}`).toBe(v.arrivals);
          expect(v.failed, `${where}: service ${name} has nothing that can fail`).toBe(0);
          // Both are reported rounded (utilisation to 6 decimals, meanBusy to 3): allow for that.
          const slack = 5e-7 + 5e-4 / v.workers + 1e-12;
          expect(Math.abs(v.utilization - v.meanBusy / v.workers), `${where}: utilisation = busy / workers`).toBeLessThanOrEqual(slack);
        }
      }
    }
  });

  it('one service, no calls: the feature and its entry service count the same requests', { timeout: TIMEOUT }, () => {
    for (const s of [MM1, MMC, MM1K, MMCK, ERLANG_B, MD1, WARMUP, TRANSIENT]) {
      for (const [i, r] of runs(s).entries()) {
        const where = `${s.name}, seed ${SEEDS[i]}`;
        expect(feat(r).arrivals, where).toBe(api(r).arrivals);
        expect(feat(r).succeeded, where).toBe(api(r).completed);
        expect(feat(r).failed, where).toBe(api(r).rejected);
        expect(feat(r).inFlight, where).toBe(api(r).inSystem);
      }
    }
  });
});
