/**
 * The simulator against queueing theory.
 *
 * Every statistical check runs R independent seeded replications (seeds 1..R) and compares the
 * mean of the replications with a closed form from test/support/queueing.ts, within
 *   tolerance = max(4 · standard error of the replication mean, 1% of the expected value).
 * 4 SE makes a false alarm rare (about 0.3% per check with R = 10, Student t with 9 df); the 1%
 * floor absorbs the histogram's < 0.5% quantile error when the standard error is tiny. The
 * steady-state scenarios sit at ρ = 0.75–0.9, where the formulas are steep, so a wrong
 * utilisation, a queue limit off by one (≥ 19% change in blocking), a non-FIFO queue (LIFO or
 * random order move the wait's p50/p95/p99 by 20–180%) or warmup leaking into the statistics
 * moves a statistic far outside it. Little's law and conservation are checked per run.
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

function meanAndSE(xs: number[]): { mean: number; se: number } {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
}

/** The replication mean of `xs` equals `expected` within max(4 SE, 1% of expected). */
function expectAgrees(label: string, xs: number[], expected: number): void {
  const { mean, se } = meanAndSE(xs);
  const tol = Math.max(4 * se, 0.01 * Math.abs(expected));
  const detail =
    `${label}: replication mean ${mean.toPrecision(6)} vs closed form ${expected.toPrecision(6)}; ` +
    `|diff| ${Math.abs(mean - expected).toPrecision(3)} > tolerance ${tol.toPrecision(3)} ` +
    `(SE ${se.toPrecision(3)}; replications ${xs.map((x) => x.toPrecision(5)).join(', ')})`;
  expect(Math.abs(mean - expected) <= tol, detail).toBe(true);
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

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('M/M/1 (ρ = 0.8)', () => {
  const [lambda, mu] = [0.008, 0.01];
  const th = mm1(lambda, mu);

  it('arrival rate, utilisation, busy and queue length', { timeout: TIMEOUT }, () => {
    const rs = runs(MM1);
    expectAgrees('arrival rate /ms', rs.map((r) => api(r).arrivals / measured(MM1)), lambda);
    expectAgrees('utilisation', rs.map((r) => api(r).utilization), th.rho);
    expectAgrees('mean busy', rs.map((r) => api(r).meanBusy), th.rho);
    expectAgrees('time-averaged queue length Lq', rs.map((r) => api(r).meanQueueLength), th.Lq);
  });

  it('mean queue wait Wq and mean latency W', { timeout: TIMEOUT }, () => {
    const rs = runs(MM1);
    expectAgrees('mean queue wait', rs.map((r) => api(r).queueWaitMs.mean), th.Wq);
    expectAgrees('mean sojourn', rs.map((r) => api(r).sojournMs.mean), th.W);
    expectAgrees('mean feature latency', rs.map((r) => feat(r).latencyMs.mean), th.W);
  });

  it('FIFO tails: wait and latency quantiles', { timeout: TIMEOUT }, () => {
    const rs = runs(MM1);
    for (const [q, key] of [
      [0.5, 'p50'],
      [0.95, 'p95'],
      [0.99, 'p99'],
    ] as const) {
      expectAgrees(`queue wait ${key}`, rs.map((r) => api(r).queueWaitMs[key]), mm1WaitQuantile(lambda, mu, q));
      expectAgrees(`latency ${key}`, rs.map((r) => feat(r).latencyMs[key]), mm1SojournQuantile(lambda, mu, q));
    }
  });
});

describe('M/M/c, Erlang C (4 workers, ρ = 0.75)', () => {
  const [lambda, mu, c] = [0.03, 0.01, 4];
  const th = mmc(lambda, mu, c);

  it('closed form is the brief\'s 50.94 ms / 150.94 ms', () => {
    expect(th.Wq).toBeCloseTo(50.94, 1);
    expect(th.W).toBeCloseTo(150.94, 1);
  });

  it('utilisation, busy workers and queue length', { timeout: TIMEOUT }, () => {
    const rs = runs(MMC);
    expectAgrees('utilisation', rs.map((r) => api(r).utilization), th.rho);
    expectAgrees('mean busy', rs.map((r) => api(r).meanBusy), th.a);
    expectAgrees('time-averaged queue length Lq', rs.map((r) => api(r).meanQueueLength), th.Lq);
  });

  it('mean wait ≈ 50.94 ms and mean latency ≈ 150.94 ms', { timeout: TIMEOUT }, () => {
    const rs = runs(MMC);
    expectAgrees('mean queue wait', rs.map((r) => api(r).queueWaitMs.mean), th.Wq);
    expectAgrees('mean sojourn', rs.map((r) => api(r).sojournMs.mean), th.W);
    expectAgrees('mean feature latency', rs.map((r) => feat(r).latencyMs.mean), th.W);
  });

  it('FIFO tails: wait and latency quantiles', { timeout: TIMEOUT }, () => {
    const rs = runs(MMC);
    for (const [q, key] of [
      [0.95, 'p95'],
      [0.99, 'p99'],
    ] as const) {
      expectAgrees(`queue wait ${key}`, rs.map((r) => api(r).queueWaitMs[key]), mmcWaitQuantile(lambda, mu, c, q));
    }
    for (const [q, key] of [
      [0.5, 'p50'],
      [0.95, 'p95'],
      [0.99, 'p99'],
    ] as const) {
      expectAgrees(`latency ${key}`, rs.map((r) => feat(r).latencyMs[key]), mmcSojournQuantile(lambda, mu, c, q));
    }
  });
});

describe('finite capacity: M/M/1/K and M/M/c/K', () => {
  const cases = [
    { scenario: MM1K, th: mm1K(0.009, 0.01, 5) },
    { scenario: MMCK, th: mmcK(0.027, 0.01, 3, 8) },
  ];
  for (const { scenario, th } of cases) {
    it(`${scenario.name}: blocking ${th.blocking.toFixed(4)}, queue length, waits`, { timeout: TIMEOUT }, () => {
      const rs = runs(scenario);
      expectAgrees('blocking = rejected / arrivals', rs.map((r) => api(r).rejected / api(r).arrivals), th.blocking);
      expectAgrees('time-averaged queue length Lq', rs.map((r) => api(r).meanQueueLength), th.Lq);
      expectAgrees('time-averaged in system L', rs.map((r) => api(r).meanQueueLength + api(r).meanBusy), th.L);
      expectAgrees('utilisation', rs.map((r) => api(r).utilization), th.utilisation);
      expectAgrees('mean queue wait (accepted)', rs.map((r) => api(r).queueWaitMs.mean), th.Wq);
      expectAgrees('mean sojourn (accepted)', rs.map((r) => api(r).sojournMs.mean), th.W);
      // Never more than the waiting room waiting: a time average can't exceed it either.
      for (const r of rs) expect(api(r).meanQueueLength).toBeLessThanOrEqual(scenario.services[0].queue);
    });
  }
});

describe('Erlang B (queue: 0)', () => {
  const E = 8;
  const c = 10;
  const B = erlangB(E, c);

  for (const scenario of [ERLANG_B, ERLANG_B_CONST]) {
    it(`${scenario.name}: blocking ${B.toFixed(4)}, nobody waits`, { timeout: TIMEOUT }, () => {
      const rs = runs(scenario);
      expectAgrees('blocking = rejected / arrivals', rs.map((r) => api(r).rejected / api(r).arrivals), B);
      expectAgrees('utilisation (carried load / c)', rs.map((r) => api(r).utilization), (E * (1 - B)) / c);
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
    const rs = runs(MD1);
    expectAgrees('utilisation', rs.map((r) => api(r).utilization), th.rho);
    expectAgrees('mean queue wait', rs.map((r) => api(r).queueWaitMs.mean), th.Wq);
    expectAgrees('mean sojourn', rs.map((r) => api(r).sojournMs.mean), th.W);
    expectAgrees('time-averaged queue length Lq', rs.map((r) => api(r).meanQueueLength), th.Lq);
  });
});

describe('warmup is excluded', () => {
  const th = mm1(0.005, 0.01);

  it('counts only post-warmup arrivals and averages over [warmup, duration]', { timeout: TIMEOUT }, () => {
    const rs = runs(WARMUP);
    expectAgrees('feature arrivals / measured time', rs.map((r) => feat(r).arrivals / measured(WARMUP)), 0.005);
    expectAgrees('service arrivals / measured time', rs.map((r) => api(r).arrivals / measured(WARMUP)), 0.005);
    expectAgrees('utilisation', rs.map((r) => api(r).utilization), th.rho);
    expectAgrees('mean busy', rs.map((r) => api(r).meanBusy), th.rho);
    expectAgrees('time-averaged queue length Lq', rs.map((r) => api(r).meanQueueLength), th.Lq);
    expectAgrees('mean queue wait', rs.map((r) => api(r).queueWaitMs.mean), th.Wq);
  });
});

describe('warmup boundaries in a transient (M/D/∞ from empty)', () => {
  const lambda = 0.05;
  const D = 100_000;
  const [w, T] = [TRANSIENT.warmupMs, TRANSIENT.durationMs];
  // (1/(T−w)) ∫_w^T λ·min(t, D) dt, for w ≤ D ≤ T.
  const busy = (lambda * ((D * D - w * w) / 2 + D * (T - D))) / (T - w);

  it(`mean busy = ${busy.toFixed(1)}; finished = λ·50 s, in system = λ·100 s`, { timeout: TIMEOUT }, () => {
    const rs = runs(TRANSIENT);
    expectAgrees('mean busy over [warmup, end]', rs.map((r) => api(r).meanBusy), busy);
    expectAgrees('utilisation', rs.map((r) => api(r).utilization), busy / TRANSIENT.services[0].workers);
    expectAgrees('arrivals', rs.map((r) => api(r).arrivals), lambda * (T - w));
    expectAgrees('completed (arrived in [w, T−D])', rs.map((r) => api(r).completed), lambda * (T - D - w));
    expectAgrees('in system at the end (arrived after T−D)', rs.map((r) => api(r).inSystem), lambda * D);
    expectAgrees('mean sojourn', rs.map((r) => api(r).sojournMs.mean), D);
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

  it('callee sees the same Poisson stream: Erlang C at back', { timeout: TIMEOUT }, () => {
    const rs = runs(CHAIN);
    expectAgrees('back arrival rate /ms', rs.map((r) => r.services.back.arrivals / measured(CHAIN)), lambda);
    expectAgrees('back mean queue wait', rs.map((r) => r.services.back.queueWaitMs.mean), back.Wq);
    expectAgrees('back mean sojourn', rs.map((r) => r.services.back.sojournMs.mean), back.W);
    expectAgrees('back utilisation', rs.map((r) => r.services.back.utilization), back.rho);
    expectAgrees(
      'back wait p99',
      rs.map((r) => r.services.back.queueWaitMs.p99),
      mmcWaitQuantile(lambda, 0.01, 4, 0.99),
    );
  });

  it('caller utilisation = λ·(own service + callee sojourn)/workers', { timeout: TIMEOUT }, () => {
    const rs = runs(CHAIN);
    // Design check: nobody waits at front, so front is an infinite-server stage.
    for (const r of rs) expect(r.services.front.queueWaitMs.mean).toBeLessThan(0.5);
    const held = frontMean + back.W;
    expectAgrees('front utilisation', rs.map((r) => r.services.front.utilization), (lambda * held) / FRONT.workers);
    expectAgrees('front mean busy', rs.map((r) => r.services.front.meanBusy), lambda * held);
    expectAgrees('front mean sojourn', rs.map((r) => r.services.front.sojournMs.mean), held);
    expectAgrees('feature mean latency', rs.map((r) => feat(r).latencyMs.mean), held);
    // Per run, with the simulated callee: busy front workers = λ̂·(own + measured back sojourn).
    expectAgrees(
      'front busy vs measured back sojourn',
      rs.map((r) => r.services.front.meanBusy / ((r.services.front.arrivals / measured(CHAIN)) * (frontMean + r.services.back.sojournMs.mean))),
      1,
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
