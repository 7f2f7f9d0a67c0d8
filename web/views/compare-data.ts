/**
 * A comparison's figures as plain data (no DOM): two arms run on the same seeds (common random
 * numbers), each metric's mean with its 95% interval per arm, and the paired difference
 * seed by seed (this arm − the other), whose interval is far narrower than the two arms' apart.
 * Also the cards' delta lines and the per-bucket bands of the series. Tested directly.
 */
import { duration } from '../../src/outcomes/duration.js';
import { figure } from '../../src/outcomes/figure.js';
import { money } from '../../src/outcomes/money.js';
import { percent } from '../../src/outcomes/percent.js';
import { statOf } from '../../src/outcomes/replicate.js';
import type { RunResult, Samples, Stat } from '../../src/worker/protocol.js';
import type { CardKey } from './cards-data.js';

export interface Replica {
  samples: Samples;
  series: RunResult['series'];
}

export interface CompareInput {
  /** The arm shown (its cards and heat map) first, then the one it is compared with. */
  arms: string[];
  /** Replicas per arm, in seed order: replica i of each arm ran on the same seed. */
  byArm: Replica[][];
  currency: string;
}

export interface Row {
  metric: string;
  label: string;
  a: Stat;
  b: Stat;
  /** a − b, paired by seed. */
  diff: Stat;
  format: (x: number) => string;
  /** How the difference reads: in points (`+0.2 pp`) for shares, else as `format`. */
  diffFormat: (x: number) => string;
  /** -1: the shown arm is clearly better, 1: clearly worse, 0: the interval spans no difference. */
  verdict: -1 | 0 | 1;
  /** Neither more nor less is better (utilization): the verdict says higher or lower. */
  neutral?: boolean;
  /** Why the row has no verdict, when it has a reason beyond the interval. */
  caveat?: string;
}

type Format = (x: number, currency: string) => string;
const count: Format = (x) => figure(x);
const cash: Format = (x, c) => money(x, c);
const share: Format = (x) => percent(x);
const ms: Format = (x) => (Math.abs(x) < 1000 ? `${figure(x)} ms` : duration(x));
/** A difference of two shares is in percentage points. */
const points = (x: number) => percent(x).replace('%', ' pp');

interface Spec {
  metric: string;
  label: string;
  format: Format;
  /** Only when the scenario puts money on its features. */
  money?: boolean;
  /** More is better (users served); otherwise less is. */
  more?: boolean;
  /** Neither is better: the row reads higher or lower. */
  neutral?: boolean;
  /** A latency: 0 in a run means nothing was served there, not a fast answer. */
  latency?: boolean;
  /** A derived metric: its value from a run's samples. */
  of?: (s: Samples) => number;
}

const badOf = (prefix: string) => (s: Samples) =>
  (s[`${prefix}.users.failed`] ?? 0) + (s[`${prefix}.users.abandoned`] ?? 0) + (s[`${prefix}.users.refused`] ?? 0);

/** The rows a PM reads first; money rows only when money is at stake. */
const HEADLINE: Spec[] = [
  { metric: 'total.users.succeeded', label: 'users served in full', format: count, more: true },
  { metric: 'total.users.bad', label: 'users affected (failed, gave up or refused)', format: count },
  { metric: 'total.users.abandoned', label: 'users who gave up', format: count },
  { metric: 'total.tickets', label: 'support tickets', format: count },
  { metric: 'total.value.lost', label: 'revenue lost', format: cash, money: true },
  { metric: 'total.churn.value', label: 'lifetime value of users lost for good', format: cash, money: true },
  { metric: 'total.loss', label: 'total loss (revenue + lifetime value)', format: cash, money: true },
  { metric: 'total.cost', label: 'infrastructure cost', format: cash },
  { metric: 'worst.slo.budgetBurned', label: 'worst SLO budget burned', format: share },
  { metric: 'worst.slo.outOfSloMs', label: 'longest time out of SLO', format: ms },
];

/** The metric behind each outcome card, so a card shows its comparison's paired difference. */
export const CARD_METRICS: Record<CardKey, string> = {
  affected: 'total.users.bad', gaveUp: 'total.users.abandoned', tickets: 'total.tickets', revenue: 'total.value.lost',
  slo: 'worst.slo.budgetBurned', cost: 'total.cost',
};

function verdictOf(d: Stat, more: boolean): -1 | 0 | 1 {
  if (!(d.n > 1) || Number.isNaN(d.low)) return 0;
  const v = d.high < 0 ? -1 : d.low > 0 ? 1 : 0;
  return (more ? -v : v) as -1 | 0 | 1;
}

/** One row: each arm's mean and interval, and the paired difference. */
function rowOf(input: CompareInput, spec: Spec): Row {
  const value = spec.of ?? ((s: Samples) => s[spec.metric] ?? 0);
  const [as, bs] = input.byArm.map((arm) => arm.map((r) => value(r.samples)));
  const diff = statOf(as.map((x, i) => x - bs[i]));
  const format = (x: number) => spec.format(x, input.currency);
  const unserved = spec.latency === true && [...as, ...bs].some((x) => x === 0);
  return {
    metric: spec.metric, label: spec.label, a: statOf(as, true), b: statOf(bs, true), diff, format,
    diffFormat: spec.format === share ? points : format, verdict: unserved ? 0 : verdictOf(diff, spec.more === true),
    ...(spec.neutral ? { neutral: true } : {}),
    ...(unserved ? { caveat: 'some runs served nothing here' } : {}),
  };
}

/**
 * The headline rows, then per feature (users affected, p95 latency) and per service (mean
 * utilization), so a choice that moves work from one feature or service to another shows where;
 * rows where both arms are 0 throughout are left out.
 */
export function rowsOf(input: CompareInput): Row[] {
  const first = input.byArm[0][0]?.samples ?? {};
  const priced = input.byArm.some((arm) => arm.some((r) => (r.samples['total.value.potential'] ?? 0) > 0));
  const specs = HEADLINE.filter((h) => !h.money || priced);
  const features = Object.keys(first).filter((k) => k.endsWith('.latency.p95')).map((k) => k.slice(0, -'.latency.p95'.length));
  for (const f of features) {
    specs.push({ metric: `${f}.users.bad`, label: `${f}: users affected`, format: count, of: badOf(f) });
    specs.push({ metric: `${f}.latency.p95`, label: `${f}: p95 latency`, format: ms, latency: true });
  }
  for (const k of Object.keys(first).filter((k) => /^service\..+\.utilization$/.test(k))) {
    specs.push({ metric: k, label: `${k.slice('service.'.length, -'.utilization'.length)}: mean utilization`, format: share, neutral: true });
  }
  const rows = specs.map((spec) => rowOf(input, spec));
  return rows.filter((r) => [r.a, r.b].some((st) => st.mean !== 0 || st.sd > 0));
}

/** A signed figure: `+1,234`, `−$500`. */
export function signed(x: number, format: (x: number) => string): string {
  const size = format(Math.abs(x));
  // What rounds to nothing has no sign.
  return size === format(0) ? size : `${x > 0 ? '+' : '−'}${size}`;
}

/** The difference as a PM reads it: `−9,800 (95% CI −10,200 to −9,400)`, or the mean alone for one run. */
export function diffText(row: Pick<Row, 'diff' | 'diffFormat'>): string {
  const d = row.diff, f = row.diffFormat;
  if (!(d.n > 1) || Number.isNaN(d.low)) return signed(d.mean, f);
  return `${signed(d.mean, f)} (95% CI ${signed(d.low, f)} to ${signed(d.high, f)})`;
}

/** A card's comparison: a short line (`−232 ± 48 vs base`) and the whole statement for a tooltip. */
export interface CardDelta { text: string; detail: string; sign: -1 | 0 | 1 }

/** Each card's delta line from the comparison: the paired mean difference with the half-width of its interval. */
export function cardDeltas(input: CompareInput): Map<CardKey, CardDelta> {
  const out = new Map<CardKey, CardDelta>();
  const other = input.arms[1];
  for (const [key, metric] of Object.entries(CARD_METRICS) as [CardKey, string][]) {
    const spec = { metric, label: key, format: key === 'slo' ? share : key === 'revenue' || key === 'cost' ? cash : count };
    const row = rowOf(input, spec), d = row.diff, runs = d.n, format = row.diffFormat;
    if (row.verdict === 0 && d.mean === 0 && !(d.sd > 0)) {
      out.set(key, { text: `same as ${other}`, detail: `the same as ${other} in all ${runs} runs`, sign: 0 });
      continue;
    }
    // A paired difference's interval is symmetric: mean ± half.
    const halfWidth = (d.high - d.low) / 2;
    const half = Number.isNaN(halfWidth) || format(halfWidth) === format(0) ? '' : ` ± ${format(halfWidth)}`;
    out.set(key, {
      text: `${signed(d.mean, format)}${half} vs ${other}${row.verdict === 0 ? ': no clear difference' : ''}`,
      detail: `${diffText(row)} against ${other}, paired seed by seed over ${runs} runs`,
      sign: row.verdict,
    });
  }
  return out;
}

export interface Band {
  arm: string;
  /** Per bucket; null where no replica has a value (nothing served: a gap, not 0). */
  mean: (number | null)[];
  low: (number | null)[];
  high: (number | null)[];
}

/** Per bucket, each arm's mean of `pick(series)` over the replicas that have a value there, with a 95% interval. */
export function bandsOf(input: CompareInput, pick: (s: RunResult['series']) => (number | null)[]): Band[] {
  return input.byArm.map((arm, k) => {
    const rows = arm.map((r) => pick(r.series));
    const n = Math.min(...rows.map((r) => r.length));
    const band: Band = { arm: input.arms[k], mean: [], low: [], high: [] };
    for (let b = 0; b < n; b++) {
      const values = rows.map((r) => r[b]).filter((v): v is number => v !== null && v !== undefined);
      if (values.length === 0) { band.mean.push(null); band.low.push(null); band.high.push(null); continue; }
      const s = statOf(values, true);
      band.mean.push(s.mean);
      band.low.push(Number.isNaN(s.low) ? s.mean : s.low);
      band.high.push(Number.isNaN(s.high) ? s.mean : s.high);
    }
    return band;
  });
}

/** Users with a bad outcome (failed, gave up, refused) per second, all features. */
export function badPerSecond(s: RunResult['series']): number[] {
  const perS = 1000 / s.bucketMs;
  return s.t.map((_, b) => {
    let bad = 0;
    for (const f of Object.values(s.features)) bad += f.users.failed[b] + f.users.abandoned[b] + f.users.shed[b] + f.users.rateLimited[b];
    return bad * perS;
  });
}
