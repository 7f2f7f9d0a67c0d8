/** Readable tables of experiment reports (replications, comparisons, sweeps). */
import type { BreakPoint, CompareReport, ExperimentReport, RunsReport, Stat, SweepReport } from '../outcomes/experiment-types.js';

/** A number people read: thousands separators from 1000 up, else 4 significant digits; – when unknown. */
export function num(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return String(Number(x.toPrecision(4)));
}

const signed = (x: number) => (x > 0 ? `+${num(x)}` : num(x));
const interval = (s: Stat) => (Number.isFinite(s.low) ? `${num(s.low)} … ${num(s.high)}` : '–');
const plusMinus = (s: Stat) => (Number.isFinite(s.high) ? `${num(s.mean)} ± ${num(s.high - s.mean)}` : num(s.mean));
const seedSpan = (seeds: number[]) => (seeds.length === 1 ? `seed ${seeds[0]}` : `seeds ${seeds[0]}–${seeds[seeds.length - 1]}`);
const runsOf = (n: number) => `${n} run${n === 1 ? '' : 's'}`;

/** Left-aligned first column, right-aligned others, two spaces apart. */
function grid(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd()).join('\n');
}

function runsTable(r: RunsReport): string {
  const head = `${r.scenario}\n${runsOf(r.runs)} (${seedSpan(r.seeds)}) · mean and ${r.confidence * 100}% confidence interval`;
  const rows = Object.entries(r.metrics).map(([name, s]) => [name, num(s.mean), interval(s)]);
  return `${head}\n\n${grid([['metric', 'mean', `${r.confidence * 100}% CI`], ...rows])}\n`;
}

function compareTable(r: CompareReport): string {
  const head = `${r.scenario}: base and ${r.variants.length} variant${r.variants.length === 1 ? '' : 's'} on the same ${runsOf(r.runs)} (${seedSpan(r.seeds)})\n` +
    `mean ± ${r.confidence * 100}% CI half-width; differences paired seed by seed, with their interval`;
  const columns = ['metric', 'base', ...r.variants.flatMap((v) => [v, `${v} − base`, 'CI'])];
  const rows = Object.entries(r.metrics).map(([name, m]) => [
    name, plusMinus(m.base),
    ...r.variants.flatMap((v) => [plusMinus(m.variants[v].value), signed(m.variants[v].difference.mean), interval(m.variants[v].difference)]),
  ]);
  return `${head}\n\n${grid([columns, ...rows])}\n`;
}

function breakLine(path: string, b: BreakPoint): string {
  if (b.status === 'at-start') return `${b.feature}: out of SLO already at ${path} = ${b.brokenLabel}`;
  return `${b.feature}: breaks between ${path} = ${b.okLabel} (holds) and ${b.brokenLabel} (out of SLO)` +
    (b.steps > 0 ? `, bisected in ${b.steps} step${b.steps === 1 ? '' : 's'}` : '');
}

function sweepTable(r: SweepReport): string {
  const head = `${r.scenario}: ${r.param.path} from ${r.points[0].label} to ${r.points[r.points.length - 1].label} in ${r.points.length} steps\n` +
    `${runsOf(r.runs)} at each value (${seedSpan(r.seeds)}) · means (intervals in --json and --csv)`;
  const names = [...new Set(r.points.flatMap((p) => Object.keys(p.metrics)))].sort();
  const rows = names.map((name) => [name, ...r.points.map((p) => num(p.metrics[name]?.mean ?? 0))]);
  const breaks = r.breaks.length > 0 ? r.breaks.map((b) => breakLine(r.param.path, b)).join('\n') : 'No feature goes out of its SLO over this range.';
  return `${head}\n\n${grid([['metric', ...r.points.map((p) => p.label)], ...rows])}\n\n${breaks}\n`;
}

export function formatReport(report: ExperimentReport): string {
  switch (report.kind) {
    case 'runs': return runsTable(report);
    case 'compare': return compareTable(report);
    case 'sweep': return sweepTable(report);
  }
}
