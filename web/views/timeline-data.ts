/**
 * The what-breaks-first timeline, the blast radius and the 3x3 Impact Grid as plain rows (no
 * DOM), tested directly.
 */
import { clock } from '../../src/outcomes/clock.js';
import { duration } from '../../src/outcomes/duration.js';
import { figure } from '../../src/outcomes/figure.js';
import { money } from '../../src/outcomes/money.js';
import { percent } from '../../src/outcomes/percent.js';
import { STATES, type GridCell } from '../../src/outcomes/types.js';
import type { BreakWithPath, CauseStep, Outcomes, State } from '../../src/worker/protocol.js';

/** Plain words for break kinds (the badge). */
export const KIND_LABELS: Record<BreakWithPath['kind'], string> = {
  saturation: 'saturated', 'queue-growing': 'queue growing', rejections: 'rejecting', errors: 'errors', timeouts: 'timeouts',
  'breaker-open': 'breaker open', shedding: 'shedding', 'autoscale-max': 'autoscale at max', abandonment: 'users give up', slo: 'SLO missed',
};

export interface BreakRow {
  /** 1-based, as the chart markers number them. */
  n: number;
  t: number;
  time: string;
  kind: BreakWithPath['kind'];
  badge: string;
  subject: string;
  detail: string;
  cause: string;
  steps: CauseStep[];
}

/** The breaks in the order given (first crossing first), numbered. */
export function breakRows(breaks: readonly BreakWithPath[]): BreakRow[] {
  return breaks.map((b, i) => ({
    n: i + 1, t: b.t, time: clock(b.t), kind: b.kind, badge: KIND_LABELS[b.kind] ?? b.kind,
    subject: b.subject.replace('->', ' → '), detail: b.detail, cause: b.path.text, steps: b.path.steps,
  }));
}

/** Whether a highlighted path is this break's (same steps, by value). */
export function samePath(a: readonly CauseStep[] | null, b: readonly CauseStep[]): boolean {
  return a !== null && a.length === b.length && a.every((s, i) => s.kind === b[i].kind && s.subject === b[i].subject && s.t === b[i].t);
}

export interface BlastRow {
  name: string;
  kind: 'fault' | 'load';
  window: string;
  /** `checkout: 11,525 users, $691,500` per feature reached, most value first. */
  reached: string[];
  total: string;
}

/** One line per fault or load storm; money only when the scenario is priced. */
export function blastRows(o: Outcomes): BlastRow[] {
  const priced = o.totals.value.potential > 0;
  const amount = (users: number, value: number) => `${figure(users)} ${users === 1 ? 'user' : 'users'} affected${priced ? `, ${money(value, o.currency)} lost` : ''}`;
  return o.blast.map((b) => ({
    name: b.name, kind: b.kind, window: `${clock(b.window[0])}–${clock(b.window[1])}`,
    reached: b.features.map((f) => `${f.feature}: ${amount(f.users, f.value)}`),
    total: b.features.length === 0 ? 'reached no feature' : amount(b.users, b.value),
  }));
}

export interface GridTable {
  /** States with time in them, with their time share. */
  columns: { state: State; label: string }[];
  rows: { feature: string; total: boolean; cells: string[][] }[];
}

const STATE_LABELS: Record<State, string> = { normal: 'normal', peak: 'load peak', degraded: 'degraded' };

/** One cell as lines: bad of users, revenue lost (priced), churn, tickets. */
export function cellLines(c: GridCell, currency: string, priced: boolean): string[] {
  if (c.users === 0) return ['no users'];
  const bad = c.bad.failed + c.bad.abandoned + c.bad.degraded + c.bad.stale + c.bad.refused;
  const lines = [`${figure(bad)} of ${figure(c.users)} users bad (${percent(bad / c.users)})`];
  if (priced) lines.push(`${money(c.revenueLost, currency)} revenue lost`);
  if (c.churnUsers > 0) lines.push(`${figure(c.churnUsers)} users lost${priced && c.churnValue > 0 ? ` (${money(c.churnValue, currency)})` : ''}`);
  lines.push(`${figure(c.tickets)} tickets`);
  return lines;
}

/** The 3x3 Impact Grid: feature rows (a total row when more than one), a column per state with time. */
export function gridTable(o: Outcomes): GridTable {
  const priced = o.totals.value.potential > 0;
  const states = STATES.filter((s) => o.grid.time[s].ms > 0);
  const columns = states.map((state) => ({ state, label: `${STATE_LABELS[state]} · ${duration(o.grid.time[state].ms)} (${percent(o.grid.time[state].share, 0)})` }));
  const row = (feature: string, cells: Record<State, GridCell>, total: boolean) =>
    ({ feature, total, cells: states.map((s) => cellLines(cells[s], o.currency, priced)) });
  const rows = Object.entries(o.grid.features).map(([f, cells]) => row(f, cells, false));
  if (rows.length > 1) rows.push(row('all features', o.grid.total, true));
  return { columns, rows };
}

