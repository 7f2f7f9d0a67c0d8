/**
 * Family-wise error control for the statistical comparisons of the theory suites.
 *
 * The suites compare a replication mean (or one long run's average, or a count) with a closed
 * form, each within a tolerance that chance alone exceeds with a small probability p. With K
 * comparisons, the chance that at least one fails although the simulator is right is at most K·p
 * (the union bound, Bonferroni; it holds however the comparisons depend on each other, and many
 * share runs). A harmless change in random-number use (other seeds, another draw order) redraws
 * every comparison at once, so each must be unlikely enough to fail that all K together rarely do:
 *   p = α/K per comparison, α = FAMILY_ALPHA = 1e-3 for the whole family.
 * K = FAMILY_SIZE is not typed in: it is the sum of what each suite declares in DECLARED (154 when
 * this was written), and each suite's count is checked — a suite making one comparison more than
 * it declares fails at once, one that ran in full and made fewer fails in its afterAll — so K
 * cannot drift. K enters only through ln K in the normal tail, so adding a few comparisons barely
 * moves the tolerances.
 *
 * A comparison of a mean fails when |mean − expected| > q·SE + bias, two-sided, so q is the
 * (1 − p/2) quantile of the statistic (mean − expected)/SE:
 * - SE known from theory (Poisson, binomial, the asymptotic variances of test/support/variance.ts):
 *   the statistic is normal (central limit theorem), q = z = Φ⁻¹(1 − α/(2K)) ≈ 4.51 for K = 154
 *   (4.33 for the 66 of the queueing suite alone) — not far above the customary 4, because normal
 *   tails fall so fast.
 * - SE estimated from n replications, s/√n: the statistic is Student t with n − 1 degrees of
 *   freedom (each replication is a long-run average, normal by the central limit theorem), and
 *   the noise in s matters: at p = 6.5e-6 the t quantile is 9.3 with n = 10, 19.5 with n = 6 and
 *   70 with n = 4, against 4.5 for a known SE. So a check with few replications is loose, and
 *   needs a theoretical SE or more replications to keep its power; when both SEs are available
 *   the larger is used with the normal quantile (still valid: dividing by the larger SE only
 *   shrinks the statistic).
 * `bias` is a bound on a deterministic error the closed form leaves out (rounding of reported
 * values, histogram buckets, edge effects at window ends). It is added, not maxed: the noise and
 * the bias can line up. Each use documents what it covers and why it is that large.
 * Counts are tested exactly instead, at the same level p: Poisson or binomial acceptance regions,
 * or the region of an exact law when events cluster; no normal approximation, so small counts
 * are fine.
 */
import { afterAll, expect } from 'vitest';
import type { RunnerTestFile, RunnerTestSuite } from 'vitest';
import { binomialRegion, normalTwoSidedQuantile, pmfRegion, poissonRegion, studentTwoSidedQuantile } from './stats.js';

/** Target probability that any comparison of the whole family fails by chance. */
export const FAMILY_ALPHA = 1e-3;

/**
 * Comparisons each suite makes (calls to a `Comparisons` method). Raise an entry when you add a
 * comparison: the suite fails until you do.
 */
export const DECLARED = {
  'model/queueing': 66,
  'model/behaviour-breaker': 1,
  'model/behaviour-cache': 9,
  'model/behaviour-control': 11,
  'model/behaviour-faults': 10,
  'model/behaviour-metastable': 2,
  'model/behaviour-queues': 16,
  'model/behaviour-retry': 33,
  'model/control-signals': 4,
  'model/users': 4,
  'model/series-p95': 1,
  'outcomes/crn': 1,
  'cli/cli': 2,
  'scenarios/story-celebrity-spike': 4,
  'scenarios/story-checkout-breaker': 3,
  'scenarios/story-licence-outage': 3,
  'scenarios/story-live-eta': 7,
  'scenarios/story-mmc-check': 5,
  'scenarios/story-previews-vs-sync': 3,
  'scenarios/story-retry-storm': 1,
  'scenarios/story-saturation': 9,
  'scenarios/story-three-tier': 6,
  'scenarios/story-webhook-outage': 3,
  'scenarios/story-latency-engagement': 10,
} as const satisfies Record<string, number>;

export type Suite = keyof typeof DECLARED;

/** K: the size of the family, every declared comparison of every suite. */
export const FAMILY_SIZE: number = Object.values(DECLARED).reduce((a: number, b: number) => a + b, 0);

/** Two-sided error probability allowed to one comparison: α/K (Bonferroni). */
export const PER_COMPARISON = FAMILY_ALPHA / FAMILY_SIZE;

const critical = new Map<number, number>();

/** The tolerance multiplier q for an SE with `df` degrees of freedom (Infinity: a known SE). */
export function criticalValue(df = Infinity): number {
  let q = critical.get(df);
  if (q === undefined) {
    q = df === Infinity ? normalTwoSidedQuantile(PER_COMPARISON) : studentTwoSidedQuantile(PER_COMPARISON, df);
    critical.set(df, q);
  }
  return q;
}

export function meanAndSE(xs: number[]): { mean: number; se: number } {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const variance = n > 1 ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, se: Math.sqrt(variance / n) };
}

export interface AgreeOptions {
  /** Standard error of the mean known from theory (not estimated): the normal quantile applies. */
  se?: number;
  /** Bound on a deterministic error the closed form leaves out, added to the tolerance. */
  bias?: number;
}

const fmt = (x: number) => x.toPrecision(6);

/** One suite's share of the family: its comparisons, counted. Create it with `comparisons`. */
export class Comparisons {
  private made = 0;

  constructor(readonly suite: Suite) {}

  /** Comparisons made so far. */
  get count(): number {
    return this.made;
  }

  /** The replication mean of `xs` equals `expected` within q·SE + bias (see the header). */
  expectAgrees(label: string, xs: number[], expected: number, o: AgreeOptions = {}): void {
    this.tally(label);
    const { mean, se } = meanAndSE(xs);
    if (o.se === undefined && xs.length < 2) throw new Error(`${label}: one value and no theoretical SE`);
    const s = o.se === undefined ? se : Math.max(se, o.se);
    const df = o.se === undefined ? xs.length - 1 : Infinity;
    const q = criticalValue(df), tol = q * s + (o.bias ?? 0);
    const detail =
      `${label}: mean ${fmt(mean)} vs closed form ${fmt(expected)}; |diff| ${Math.abs(mean - expected).toPrecision(3)}, ` +
      `tolerance ${tol.toPrecision(3)} = ${q.toFixed(2)} (${df === Infinity ? 'normal' : `t, ${df} df`}) × SE ${s.toPrecision(3)}` +
      ` + bias ${o.bias ?? 0} (replications ${xs.map((x) => x.toPrecision(5)).join(', ')})`;
    expect(Math.abs(mean - expected) <= tol, detail).toBe(true);
  }

  /**
   * The replication mean of `xs` is clearly above `bound`: by more than q·SE (one-sided, so the
   * chance of failing when the true mean is above bound + 2q·SE is below p/2).
   */
  expectAbove(label: string, xs: number[], bound: number, o: { se?: number } = {}): void {
    this.tally(label);
    const { mean, se } = meanAndSE(xs);
    const s = o.se === undefined ? se : Math.max(se, o.se);
    const q = criticalValue(o.se === undefined ? xs.length - 1 : Infinity);
    expect(mean - bound > q * s, `${label}: mean ${fmt(mean)} not above ${fmt(bound)} by ${q.toFixed(2)} × SE ${s.toPrecision(3)}`).toBe(true);
  }

  /**
   * The counts are independent Poisson, each with mean `mean` (up to `bias` per run, a documented
   * edge effect): their total lies inside the exact two-sided Poisson acceptance region of level
   * p. Exact at any mean, so it also serves counts too small for a normal approximation.
   */
  expectPoisson(label: string, counts: number[], mean: number, o: { bias?: number } = {}): void {
    this.tally(label);
    const n = counts.length, total = counts.reduce((a, x) => a + x, 0), m = mean * n, slack = (o.bias ?? 0) * n;
    const [lo, hi] = poissonRegion(m, PER_COMPARISON);
    expect(total >= lo - slack && total <= hi + slack, `${label}: total ${total} over ${n} runs (${counts.join(', ')}) ` +
      `outside [${lo}, ${hi}] ± ${slack}, the Poisson(${fmt(m)}) region of level ${PER_COMPARISON.toPrecision(2)}`).toBe(true);
  }

  /**
   * Independent Bernoulli(q) trials, `hits[i]` of `trials[i]` in run i: the total lies inside the
   * exact two-sided binomial acceptance region of level p (up to `bias` as a share).
   */
  expectBinomial(label: string, hits: number[], trials: number[], q: number, o: { bias?: number } = {}): void {
    this.tally(label);
    const h = hits.reduce((a, x) => a + x, 0), n = trials.reduce((a, x) => a + x, 0), slack = (o.bias ?? 0) * n;
    const [lo, hi] = binomialRegion(n, q, PER_COMPARISON);
    expect(h >= lo - slack && h <= hi + slack, `${label}: ${h} of ${n} (share ${fmt(h / n)}, closed form ${fmt(q)}) ` +
      `outside [${lo}, ${hi}] ± ${slack.toPrecision(3)}, the Binomial region of level ${PER_COMPARISON.toPrecision(2)}`).toBe(true);
  }

  /**
   * A count whose exact law is known: `pmf` is the law of the total over the runs. The total lies
   * inside its two-sided acceptance region of level p. For counts that are not Poisson (clustered
   * events) and too small for a normal approximation.
   */
  expectInLaw(label: string, counts: number[], pmf: number[]): void {
    this.tally(label);
    const total = counts.reduce((a, x) => a + x, 0), [lo, hi] = pmfRegion(pmf, PER_COMPARISON);
    const mean = pmf.reduce((a, x, k) => a + k * x, 0);
    expect(total >= lo && total <= hi, `${label}: total ${total} over ${counts.length} runs (${counts.join(', ')}) ` +
      `outside [${lo}, ${hi}], the region of level ${PER_COMPARISON.toPrecision(2)} of its law (mean ${fmt(mean)})`).toBe(true);
  }

  private tally(label: string): void {
    if (++this.made > DECLARED[this.suite]) {
      throw new Error(`${this.suite}: comparison ${this.made} ("${label}") is more than the ${DECLARED[this.suite]} declared in ` +
        'test/support/family.ts DECLARED; raise it there (the tolerances of every suite follow from the total)');
    }
  }

  /** After the file: a suite that ran in full made exactly what it declares. */
  verify(file: Readonly<RunnerTestFile | RunnerTestSuite>): void {
    if (allPassed(file)) {
      expect(this.made, `${this.suite}: comparisons made vs declared in test/support/family.ts`).toBe(DECLARED[this.suite]);
    }
  }
}

function allPassed(s: Readonly<RunnerTestFile | RunnerTestSuite>): boolean {
  return s.tasks.every((t) => (t.type === 'suite' ? allPassed(t) : t.result?.state === 'pass'));
}

/** The comparisons of `suite`, checked against its declaration when the file ends. Call at top level. */
export function comparisons(suite: Suite): Comparisons {
  const c = new Comparisons(suite);
  afterAll(({}, file) => c.verify(file)); // vitest wants the context destructured
  return c;
}
