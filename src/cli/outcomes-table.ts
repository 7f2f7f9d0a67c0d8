/**
 * The user and business half of `brownout run`'s table: what users got, what it cost, the SLOs,
 * what breaks first and why, blast radius and the Impact Grid (src/outcomes' summary of one run).
 * Sections a scenario gives no figures for (no values, tickets, churn or SLOs) are left out.
 */
import { clock } from '../outcomes/clock.js';
import { percent } from '../outcomes/percent.js';
import { STATES, type FeatureOutcome, type Outcomes } from '../outcomes/types.js';
import { grid, humanDuration, int, pct, type Column } from './grid.js';

type Row = [string, FeatureOutcome];

const USER_COLUMNS: Column<FeatureOutcome>[] = [
  { head: 'users', cell: (f) => int(f.users.arrived) },
  { head: 'succeeded', cell: (f) => int(f.users.succeeded) },
  { head: 'degraded', cell: (f) => int(f.users.degraded), value: (f) => f.users.degraded },
  { head: 'stale', cell: (f) => int(f.users.stale), value: (f) => f.users.stale },
  { head: 'failed', cell: (f) => int(f.users.failed) },
  { head: 'gave up', cell: (f) => int(f.users.abandoned), value: (f) => f.users.abandoned },
  { head: 'refused', cell: (f) => int(f.users.shed + f.users.rateLimited), value: (f) => f.users.shed + f.users.rateLimited },
  { head: 'in flight', cell: (f) => int(f.users.inFlight) },
  { head: 'retried', cell: (f) => int(f.users.retried), value: (f) => f.users.retried },
];

/** Whole units of the currency. */
const money = int;

const VALUE_COLUMNS: Column<FeatureOutcome>[] = [
  { head: 'potential', cell: (f) => money(f.value.potential), value: (f) => f.value.potential },
  { head: 'realized', cell: (f) => money(f.value.realized), value: (f) => f.value.potential },
  { head: 'lost', cell: (f) => money(f.value.lost), value: (f) => f.value.potential },
  { head: 'tickets', cell: (f) => int(f.tickets.count), value: (f) => f.tickets.expected },
  { head: 'churned', cell: (f) => int(f.churn.count), value: (f) => f.churn.expected },
  { head: 'churn value', cell: (f) => money(f.churn.value), value: (f) => f.churn.value },
];

const SLO_COLUMNS: Column<FeatureOutcome>[] = [
  { head: 'target', cell: (f) => pct(f.slo!.target, 2) },
  { head: 'within', cell: (f) => (f.slo!.withinMs === null ? '-' : humanDuration(f.slo!.withinMs)) },
  { head: 'bad requests', cell: (f) => int(f.slo!.bad) },
  { head: 'error rate', cell: (f) => pct(f.slo!.errorRate, 2) },
  { head: '30-day budget burned', cell: (f) => (f.slo!.budgetBurned === null ? '-' : percent(f.slo!.budgetBurned)) },
  { head: 'out of SLO', cell: (f) => humanDuration(f.slo!.outOfSloMs) },
  { head: 'left at', cell: (f) => (f.slo!.leftAt === null ? '-' : clock(f.slo!.leftAt)) },
];

/** The outcome sections of the run table. */
export function formatOutcomes(o: Outcomes): string[] {
  const rows: Row[] = Object.entries(o.features);
  const parts = [grid(rows, 'users', USER_COLUMNS)];
  const valued = rows.filter(([, f]) => f.value.potential > 0 || f.tickets.expected > 0 || f.churn.expected > 0);
  if (valued.length > 0 || o.cost.total > 0) {
    const lines = valued.length > 0 ? [grid(valued, `value (${o.currency})`, VALUE_COLUMNS)] : [];
    lines.push(`total: ${totalLine(o)}`);
    parts.push(lines.join('\n'));
  }
  const slos = rows.filter(([, f]) => f.slo !== null);
  if (slos.length > 0) parts.push(grid(slos, 'SLO', SLO_COLUMNS));
  parts.push(breakLines(o));
  if (o.blast.length > 0) parts.push(blastLines(o));
  parts.push(gridLines(o));
  return parts;
}

/** Value lost, and tickets, churn and infrastructure cost where the scenario gives them any. */
function totalLine(o: Outcomes): string {
  const t = o.totals, c = ` ${o.currency}`, features = Object.values(o.features);
  const parts = [`${money(t.value.lost)}${c} of ${money(t.value.potential)} lost`];
  if (features.some((f) => f.tickets.expected > 0)) parts.push(`${int(t.tickets)} tickets`);
  if (features.some((f) => f.churn.expected > 0)) parts.push(`${int(t.churn.users)} users lost for good (${money(t.churn.value)}${c})`);
  if (o.cost.total > 0) parts.push(`infrastructure ${money(o.cost.total)}${c}`);
  return parts.join(', ');
}

function breakLines(o: Outcomes): string {
  if (o.breaks.length === 0) return 'what breaks first: nothing crossed its limits';
  return ['what breaks first (times are mm:ss from the start of the run):', ...o.breaks.map((b) => `  ${clock(b.t)}  ${b.path.text}`)].join('\n');
}

function blastLines(o: Outcomes): string {
  return ['blast radius:', ...o.blast.map((b) => {
    const reached = b.features.length === 0 ? 'reached no feature measurably'
      : `reached ${b.features.map((f) => `${f.feature} (${int(f.users)} user${f.users === 1 ? '' : 's'}${f.value > 0 ? `, ${money(f.value)} ${o.currency}` : ''})`).join(', ')}`;
    return `  ${b.name} (${clock(b.window[0])}–${clock(b.window[1])}): ${reached}`;
  })].join('\n');
}

/** The Impact Grid: per feature and system state, users with a bad outcome, revenue lost, users lost, tickets. */
function gridLines(o: Outcomes): string {
  const states = STATES.filter((s) => o.grid.time[s].ms > 0);
  const rows: [string, string][] = Object.entries(o.grid.features).map(([name, cells]) => [name, name]);
  const columns: Column<string>[] = states.map((s) => ({
    head: `${s} (${pct(o.grid.time[s].share, 0)})`,
    cell: (name) => {
      const c = o.grid.features[name][s], bad = c.bad.failed + c.bad.abandoned + c.bad.refused + c.bad.degraded + c.bad.stale;
      const money_ = c.revenueLost > 0 || c.churnValue > 0 ? ` · ${money(c.revenueLost + c.churnValue)}` : '';
      return `${int(bad)}/${int(c.users)} bad${money_} · ${int(c.tickets)} tickets`;
    },
  }));
  const priced = o.totals.value.potential > 0 || o.totals.churn.value > 0;
  return `impact grid by system state, share of time in brackets (users with a bad outcome / users` +
    `${priced ? `, ${o.currency} lost: revenue + churn` : ''}, tickets):\n` +
    grid(rows, 'feature', columns);
}
