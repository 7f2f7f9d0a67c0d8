/**
 * CSV (RFC 4180: comma-separated, quoted when needed, CRLF-free "\n" lines) of experiment
 * reports, one row per metric (and arm, or swept value), and of a run's time series, one row
 * per bucket and one column per series. Numbers are written in full (shortest round-trip
 * form); a missing or non-finite value is an empty cell.
 */
import type { SeriesResult } from '../model/result.js';
import type { Outcomes } from './types.js';
import type { ExperimentReport, Stat } from './experiment-types.js';

type Cell = string | number | undefined;

const STAT_HEAD = ['mean', 'sd', 'low', 'high', 'n'];
const statCells = (s: Stat | undefined): Cell[] => (s ? [s.mean, s.sd, s.low, s.high, s.n] : ['', '', '', '', '']);

/** A report as one CSV table. */
export function reportCsv(report: ExperimentReport): string {
  switch (report.kind) {
    case 'runs':
      return table(['metric', ...STAT_HEAD], Object.entries(report.metrics).map(([name, s]) => [name, ...statCells(s)]));
    case 'compare':
      return table(
        ['metric', 'arm', ...STAT_HEAD, 'diff_mean', 'diff_sd', 'diff_low', 'diff_high'],
        Object.entries(report.metrics).flatMap(([name, m]) => [
          [name, 'base', ...statCells(m.base)],
          ...report.variants.map((v) => [name, v, ...statCells(m.variants[v]?.value), ...statCells(m.variants[v]?.difference).slice(0, 4)]),
        ]),
      );
    case 'sweep':
      return table(
        [report.param.path, 'metric', ...STAT_HEAD],
        report.points.flatMap((p) => Object.entries(p.metrics).map(([name, s]) => [p.label, name, ...statCells(s)])),
      );
  }
}

/**
 * A run's time series: `t` (bucket start, ms) then one column per series, named by its dotted path;
 * with the run's outcomes, also the system state per bucket and each feature's value and SLO.
 */
export function seriesCsv(series: SeriesResult, outcomes?: Outcomes): string {
  const columns: [string, readonly unknown[]][] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) columns.push([path, value]);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
  };
  walk({ features: series.features, services: series.services, edges: series.edges }, '');
  if (outcomes) walk({ outcomes: outcomeSeries(outcomes) }, '');
  const rows = series.t.map((t, i) => [t, ...columns.map(([, values]) => values[i] as Cell)]);
  return table(['t', ...columns.map(([name]) => name)], rows);
}

/** The outcomes that change over the run, per bucket: the system state, and per feature its value and SLO. */
function outcomeSeries(o: Outcomes): Record<string, unknown> {
  const features = Object.fromEntries(Object.entries(o.features).map(([name, f]) => [name, {
    value: f.value.byBucket,
    ...(f.slo ? { slo: { goodShare: f.slo.goodShare, out: f.slo.out.map((x) => (x ? 1 : 0)) } } : {}),
  }]));
  return { state: o.states.state, features };
}

function table(head: string[], rows: Cell[][]): string {
  return [head, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

function cell(value: Cell): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
