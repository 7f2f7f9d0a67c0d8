/**
 * The 3x3 Impact Grid: for each feature, in each system state (normal, peak, degraded), what
 * its users did (intents ended, by bad outcome) and what it cost the business: revenue lost
 * (conversion included), retention (users lost for good and their value) and support load
 * (tickets). Cells come from the per-state split, value and draws, whose totals are defined as
 * the sums over states: the grid adds up exactly to the summary.
 */
import {
  BAD_CLASSES, STATES, type BadClass, type ChurnOutcome, type ClassCounts, type Draws, type FeatureValue, type Grid, type GridCell, type Split,
  type State, type StatesOutcome, type TicketClass,
} from './types.js';

/** What the grid reads of one feature. */
export interface GridInput {
  split: Split;
  value: FeatureValue;
  tickets: Draws<TicketClass>;
  churn: ChurnOutcome;
}

/** The grid of `features` (in key order) over the run's `states`. */
export function grid(features: Record<string, GridInput>, states: StatesOutcome): Grid {
  const time = { normal: { ms: 0, share: 0 }, peak: { ms: 0, share: 0 }, degraded: { ms: 0, share: 0 } };
  for (const s of STATES) time[s] = { ms: states.ms[s], share: states.share[s] };
  const rows: Grid['features'] = {};
  const total = { normal: blank(), peak: blank(), degraded: blank() };
  for (const [name, f] of Object.entries(features)) {
    rows[name] = { normal: cell(f, 'normal'), peak: cell(f, 'peak'), degraded: cell(f, 'degraded') };
    for (const s of STATES) add(total[s], rows[name][s]);
  }
  return { time, features: rows, total };
}

const badOf = (c: ClassCounts, k: BadClass) => (k === 'refused' ? c.shed + c.rateLimited : c[k]);

function cell(f: GridInput, s: State): GridCell {
  const c = f.split.byState[s];
  const bad = { failed: 0, abandoned: 0, degraded: 0, stale: 0, refused: 0 };
  for (const k of BAD_CLASSES) bad[k] = badOf(c, k);
  const churnUsers = f.churn.byState[s].count;
  return {
    users: c.succeeded + c.degraded + c.stale + c.failed + c.abandoned + c.shed + c.rateLimited, bad,
    revenueLost: f.value.byState[s].lost, churnUsers, churnValue: churnUsers * f.churn.lifetimeValue, tickets: f.tickets.byState[s].count,
  };
}

function blank(): GridCell {
  return { users: 0, bad: { failed: 0, abandoned: 0, degraded: 0, stale: 0, refused: 0 }, revenueLost: 0, churnUsers: 0, churnValue: 0, tickets: 0 };
}

function add(into: GridCell, c: GridCell): void {
  into.users += c.users;
  for (const k of BAD_CLASSES) into.bad[k] += c.bad[k];
  into.revenueLost += c.revenueLost;
  into.churnUsers += c.churnUsers;
  into.churnValue += c.churnValue;
  into.tickets += c.tickets;
}
