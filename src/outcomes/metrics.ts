/**
 * One run's outcomes as flat numbers with stable dotted names, for replications to average and
 * for variants and sweeps to compare. The CLI, the web app and saved sweeps read these names:
 * add new ones, never rename or reorder (test/outcomes/metric-names.test.ts pins them). Every
 * name is present whether or not the scenario sets value, tickets or churn (they are then 0).
 * Money is in the scenario's currency, times in ms. In this order (F a feature, S a service in
 * name order, C a class, X a state in the order normal, peak, degraded):
 *
 * - `total.users.{arrived,ended,succeeded,degraded,stale,failed,abandoned,refused}`,
 *   `total.value.{potential,realized,lost,net}` (net = realized − churn value − cost),
 *   `total.tickets`, `total.tickets.expected`, `total.churn.users`, `total.churn.value`, `total.cost`,
 *   `total.loss` (value lost + churn value), `total.breaks` (crossings on the breaks timeline)
 * - `worst.slo.budgetBurned`, `worst.slo.outOfSloMs`: the largest over features with an SLO (0 without any)
 * - `time.X.ms`, `time.X.share`: time in each state (a storm's aftermath included, see states.ts)
 * - `service.S.cost`, `service.S.instanceHours`
 * - then per feature, in the scenario's order:
 * - `F.users.{arrived,retried,succeeded,degraded,stale,failed,abandoned,shed,rateLimited,refused,inFlight}`
 * - `F.value.{potential,realized,lost}`, `F.value.lost.{failed,abandoned,refused,degraded,stale,conversion}`
 * - `F.tickets`, `F.tickets.expected`, `F.tickets.C` (C: failed, abandoned, degraded, stale, refused, late)
 * - `F.churn.users`, `F.churn.expected`, `F.churn.value`, `F.churn.C` (C: failed, abandoned, degraded, stale, refused)
 * - with an SLO: `F.slo.{events,good,bad,errorRate,outOfSloMs}`, and `F.slo.budgetBurned` when it has a budget
 * - `F.X.{users,value.lost,tickets,churn.users,churn.value}`: the Impact Grid's cells
 *
 * Features named `total`, `worst`, `time` or `service` would clash with these; scenarios rarely
 * have them, and the first writer of a name wins, so totals are never overwritten.
 */
import { STATES, TICKET_CLASSES, BAD_CLASSES, type Outcomes } from './types.js';

/** The flat metrics of `outcomes`, in a stable key order. Every value is a finite number. */
export function metrics(outcomes: Outcomes): Record<string, number> {
  const out: Record<string, number> = {};
  const put = (name: string, x: number) => { if (!(name in out) && Number.isFinite(x)) out[name] = x; };
  const t = outcomes.totals;
  for (const [k, v] of Object.entries(t.users)) put(`total.users.${k}`, v);
  for (const [k, v] of Object.entries(t.value)) put(`total.value.${k}`, v);
  put('total.tickets', t.tickets);
  put('total.tickets.expected', t.ticketsExpected);
  put('total.churn.users', t.churn.users);
  put('total.churn.value', t.churn.value);
  put('total.cost', t.cost);
  put('total.loss', t.loss);
  put('total.breaks', outcomes.breaks.length);
  const slos = Object.values(outcomes.features).flatMap((f) => (f.slo === null ? [] : [f.slo]));
  put('worst.slo.budgetBurned', Math.max(0, ...slos.map((s) => s.budgetBurned ?? 0)));
  put('worst.slo.outOfSloMs', Math.max(0, ...slos.map((s) => s.outOfSloMs)));
  for (const s of STATES) {
    put(`time.${s}.ms`, outcomes.states.ms[s]);
    put(`time.${s}.share`, outcomes.states.share[s]);
  }
  for (const [name, c] of Object.entries(outcomes.cost.byService)) {
    put(`service.${name}.cost`, c.cost);
    put(`service.${name}.instanceHours`, c.instanceHours);
  }
  for (const name of Object.keys(outcomes.features)) feature(outcomes, name, put);
  return out;
}

function feature(outcomes: Outcomes, name: string, put: (name: string, x: number) => void): void {
  const f = outcomes.features[name], u = f.users, p = `${name}.`;
  const users = {
    arrived: u.arrived, retried: u.retried, succeeded: u.succeeded, degraded: u.degraded, stale: u.stale, failed: u.failed,
    abandoned: u.abandoned, shed: u.shed, rateLimited: u.rateLimited, refused: u.shed + u.rateLimited, inFlight: u.inFlight,
  };
  for (const [k, v] of Object.entries(users)) put(`${p}users.${k}`, v);
  put(`${p}value.potential`, f.value.potential);
  put(`${p}value.realized`, f.value.realized);
  put(`${p}value.lost`, f.value.lost);
  for (const [k, v] of Object.entries(f.value.lostBy)) put(`${p}value.lost.${k}`, v);
  put(`${p}tickets`, f.tickets.count);
  put(`${p}tickets.expected`, f.tickets.expected);
  for (const k of TICKET_CLASSES) put(`${p}tickets.${k}`, f.tickets.byClass[k].count);
  put(`${p}churn.users`, f.churn.count);
  put(`${p}churn.expected`, f.churn.expected);
  put(`${p}churn.value`, f.churn.value);
  for (const k of BAD_CLASSES) put(`${p}churn.${k}`, f.churn.byClass[k].count);
  if (f.slo !== null) {
    for (const k of ['events', 'good', 'bad', 'errorRate', 'outOfSloMs'] as const) put(`${p}slo.${k}`, f.slo[k]);
    if (f.slo.budgetBurned !== null) put(`${p}slo.budgetBurned`, f.slo.budgetBurned);
  }
  for (const s of STATES) {
    const cell = outcomes.grid.features[name][s];
    put(`${p}${s}.users`, cell.users);
    put(`${p}${s}.value.lost`, cell.revenueLost);
    put(`${p}${s}.tickets`, cell.tickets);
    put(`${p}${s}.churn.users`, cell.churnUsers);
    put(`${p}${s}.churn.value`, cell.churnValue);
  }
}
