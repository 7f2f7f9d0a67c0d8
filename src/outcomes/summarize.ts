/**
 * One run, in user and business terms: value, tickets, churn, cost, SLOs, the system states,
 * the Impact Grid, what broke first and why, and the blast radius of each storm. Pure and
 * deterministic: the same run and scenario give the same outcomes (tickets and churn draw from
 * streams seeded by the run's seed).
 */
import type { RunResult } from '../model/result.js';
import { breaksOf, currencyOf } from '../scenario/resolve.js';
import type { Scenario } from '../scenario/types.js';
import { blast } from './blast.js';
import { breaks } from './breaks.js';
import { causePath } from './cause-path.js';
import { churn } from './churn.js';
import { cost } from './cost.js';
import { graph } from './graph.js';
import { grid } from './grid.js';
import { recovery } from './recovery.js';
import { slo } from './slo.js';
import { split } from './split.js';
import { states } from './states.js';
import { storms } from './storms.js';
import { tickets } from './tickets.js';
import type { CostOutcome, FeatureOutcome, Outcomes, Totals } from './types.js';
import { value } from './value.js';

/**
 * The outcomes of `result`, one run of `scenario`. Features are those of the scenario that the
 * run reports, in the scenario's order. JSON-able (no Infinity or NaN). Throws a RangeError on
 * chances outside [0, 1] (a parsed scenario has none) or a series without buckets of positive width.
 */
export function summarize(result: RunResult, scenario: Scenario): Outcomes {
  const { t, bucketMs } = result.series, endMs = result.endMs;
  const all = storms(scenario, endMs);
  const st = states(scenario, t, bucketMs, endMs, all, recovery(result, all, breaksOf(scenario).sustainMs));
  const features: Record<string, FeatureOutcome> = {};
  for (const spec of scenario.features) {
    const f = result.features[spec.name];
    if (f === undefined) continue;
    const series = result.series.features[spec.name];
    const parts = split(result, spec.name, st);
    features[spec.name] = {
      users: { ...f.users, converted: { ...f.users.converted } }, value: value(spec, parts, series),
      tickets: tickets(spec, parts, result.seed), churn: churn(spec, parts, result.seed), slo: slo(spec, f, series, t, bucketMs, endMs), split: parts,
    };
  }
  const slos = Object.fromEntries(Object.entries(features).map(([name, f]) => [name, f.slo]));
  const tailMs = Math.max(breaksOf(scenario).sustainMs, bucketMs);
  const context = { scenario, result, breaks: breaks(result, scenario, slos), storms: all, graph: graph(scenario), tailMs, recoveries: st.recoveries };
  const withPaths = context.breaks.map((b) => ({ ...b, path: causePath(b, context) }));
  const values = Object.fromEntries(Object.entries(features).map(([name, f]) => [name, f.value]));
  const spend = cost(result);
  return {
    scenario: result.scenario, seed: result.seed, currency: currencyOf(scenario), durationMs: result.durationMs, warmupMs: result.warmupMs, endMs,
    features, cost: spend, states: st, grid: grid(features, st), breaks: withPaths,
    blast: blast(result, { storms: all, breaks: withPaths, states: st, values, tailMs }), totals: totals(features, spend),
  };
}

function totals(features: Record<string, FeatureOutcome>, spend: CostOutcome): Totals {
  const users = { arrived: 0, ended: 0, succeeded: 0, degraded: 0, stale: 0, failed: 0, abandoned: 0, refused: 0 };
  const value = { potential: 0, realized: 0, lost: 0, net: 0 };
  let tickets = 0, ticketsExpected = 0, churnUsers = 0, churnValue = 0;
  for (const [name, f] of Object.entries(features)) {
    const u = f.users;
    users.arrived += u.arrived;
    users.ended += u.arrived - u.inFlight;
    users.succeeded += u.succeeded;
    users.degraded += u.degraded;
    users.stale += u.stale;
    users.failed += u.failed;
    users.abandoned += u.abandoned;
    users.refused += u.shed + u.rateLimited;
    value.potential += f.value.potential;
    value.realized += f.value.realized;
    value.lost += f.value.lost;
    tickets += f.tickets.count;
    ticketsExpected += f.tickets.expected;
    churnUsers += f.churn.count;
    churnValue += f.churn.value;
  }
  value.net = value.realized - churnValue - spend.total;
  const churn = { users: churnUsers, value: churnValue };
  return { users, value, tickets, ticketsExpected, churn, cost: spend.total, loss: value.lost + churnValue };
}
