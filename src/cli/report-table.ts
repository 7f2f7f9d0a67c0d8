/** Readable tables of experiment reports (replications, comparisons, sweeps). */
import { percent } from '../outcomes/percent.js';
import { align, humanDuration } from './grid.js';
import type { BreakPoint, CompareReport, ExperimentReport, RunsReport, Stat, SweepReport } from '../outcomes/experiment-types.js';

/** A number people read: thousands separators from 1000 up, else 4 significant digits; – when unknown. */
export function num(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (Math.abs(x) < 1e-9) return '0'; // the rounding noise of a sum, not a figure
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return String(Number(x.toPrecision(4)));
}

/** How a metric's figures read: shares as percentages, times in ms as durations, the rest as numbers. */
function unit(name: string): (x: number) => string {
  if (/(budgetBurned|utilization|errorRate|\.share)$/.test(name)) return (x) => (Number.isFinite(x) ? percent(x, 2) : '–');
  if (/(Ms|\.ms|latency\.p\d+)$/.test(name)) return (x) => (Number.isFinite(x) ? humanDuration(Math.abs(x)).replace(/^/, x < 0 ? '-' : '') : '–');
  return num;
}

const signed = (x: number, f: (x: number) => string = num) => (x > 0 ? `+${f(x)}` : f(x));
const interval = (s: Stat, f: (x: number) => string = num) => (Number.isFinite(s.low) ? `${f(s.low)} … ${f(s.high)}` : '–');
const plusMinus = (s: Stat, f: (x: number) => string = num) => (Number.isFinite(s.high) ? `${f(s.mean)} ± ${f(s.high - s.mean)}` : f(s.mean));
const seedSpan = (seeds: number[]) => (seeds.length === 1 ? `seed ${seeds[0]}` : `seeds ${seeds[0]}–${seeds[seeds.length - 1]}`);
const runsOf = (n: number) => `${n} run${n === 1 ? '' : 's'}`;

/**
 * The metrics a PM reads first: totals, the worst SLO, and per feature its users failed, gave up
 * or refused, value lost, tickets, churn and SLO; per service its utilization. The rest is behind --all.
 */
const HEADLINE = [
  /^total\.(users\.(arrived|failed|abandoned|refused|degraded|stale)|value\.(lost|net)|tickets|churn\.(users|value)|cost|loss)$/,
  /^worst\.slo\./,
  /^[^.]+\.(users\.(failed|abandoned|refused|degraded|stale)|value\.lost|tickets|churn\.users|slo\.(budgetBurned|outOfSloMs)|latency\.p95)$/,
  /^service\.[^.]+\.(utilization|cost|messages\.(lost|deadLettered))$/,
];

/** The metric names to show: all with --all, else the headline ones that are not 0 everywhere. */
function shown(names: string[], values: (name: string) => number[], all: boolean): string[] {
  if (all) return names;
  const rank = (n: string) => HEADLINE.findIndex((re) => re.test(n));
  return names.filter((n) => rank(n) >= 0 && values(n).some((v) => Math.abs(v) > 1e-9)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const ALL_NOTE = 'headline metrics that are not 0; --all for every metric';

function runsTable(r: RunsReport, all: boolean): string {
  const head = `${r.scenario}\n${runsOf(r.runs)} (${seedSpan(r.seeds)}) · mean and ${r.confidence * 100}% confidence interval` +
    (all ? '' : ` · ${ALL_NOTE}`);
  const names = shown(Object.keys(r.metrics), (n) => [r.metrics[n].mean], all);
  const rows = names.map((name) => { const s = r.metrics[name], f = unit(name); return [name, f(s.mean), interval(s, f)]; });
  return `${head}\n\n${align([['metric', 'mean', `${r.confidence * 100}% CI`], ...rows])}\n`;
}

function compareTable(r: CompareReport, all: boolean): string {
  const head = `${r.scenario}: base and ${r.variants.length} variant${r.variants.length === 1 ? '' : 's'} on the same ${runsOf(r.runs)} (${seedSpan(r.seeds)})\n` +
    `mean ± ${r.confidence * 100}% CI half-width; differences paired seed by seed, with their interval` + (all ? '' : `\n${ALL_NOTE}`);
  const columns = ['metric', 'base', ...r.variants.flatMap((v) => [v, `${v} − base`, 'CI'])];
  const names = shown(Object.keys(r.metrics), (n) => [r.metrics[n].base.mean, ...r.variants.map((v) => r.metrics[n].variants[v].value.mean)], all);
  const rows = names.map((name) => {
    const m = r.metrics[name], f = unit(name);
    return [name, plusMinus(m.base, f), ...r.variants.flatMap((v) => {
      const { value, difference } = m.variants[v];
      return [plusMinus(value, f), signed(difference.mean, f), interval(difference, f)];
    })];
  });
  return `${head}\n\n${align([columns, ...rows])}\n`;
}

function breakLine(path: string, b: BreakPoint): string {
  if (b.status === 'at-start') return `${b.feature}: out of SLO already at ${path} = ${b.brokenLabel}`;
  return `${b.feature}: breaks between ${path} = ${b.okLabel} (holds) and ${b.brokenLabel} (out of SLO)` +
    (b.steps > 0 ? `, bisected in ${b.steps} step${b.steps === 1 ? '' : 's'}` : '');
}

function sweepTable(r: SweepReport, all: boolean): string {
  const head = `${r.scenario}: ${r.param.path} from ${r.points[0].label} to ${r.points[r.points.length - 1].label} in ${r.points.length} steps\n` +
    `${runsOf(r.runs)} at each value (${seedSpan(r.seeds)}) · means (intervals in --json and --csv)` + (all ? '' : ` · ${ALL_NOTE}`);
  const mean = (name: string) => r.points.map((p) => p.metrics[name]?.mean ?? NaN);
  const names = shown([...new Set(r.points.flatMap((p) => Object.keys(p.metrics)))].sort(), mean, all);
  const rows = names.map((name) => [name, ...mean(name).map(unit(name))]);
  const breaks = r.breaks.length > 0 ? r.breaks.map((b) => breakLine(r.param.path, b)).join('\n')
    : 'No core feature leaves its SLO over this range (features without an SLO: none has more than 1% of its users failed, gone, refused or still waiting).';
  return `${head}\n\n${align([['metric', ...r.points.map((p) => p.label)], ...rows])}\n\n${breaks}\n`;
}

/** The report as a table; `all` shows every metric, not just the headline ones. */
export function formatReport(report: ExperimentReport, all = false): string {
  switch (report.kind) {
    case 'runs': return runsTable(report, all);
    case 'compare': return compareTable(report, all);
    case 'sweep': return sweepTable(report, all);
  }
}
