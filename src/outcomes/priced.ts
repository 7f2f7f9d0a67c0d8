/**
 * Which business figures a scenario can show: a brief leaves out revenue, tickets, churn and
 * cost that the file never set (they would read as zeros that mean "not modelled", not "none
 * lost") and says what to add to see them.
 */
import { costPerHourOf, lateOf, lifetimeValueOf, oddsOf, valueOf } from '../scenario/resolve.js';
import type { Scenario } from '../scenario/types.js';

export interface Priced {
  /** Some feature has a value per success above 0. */
  value: boolean;
  /** Some feature has a chance above 0 that an outcome (or a late message) becomes a ticket. */
  tickets: boolean;
  /** Some feature has a chance above 0 that an outcome loses the user. */
  churn: boolean;
  /** Some feature's lost users are worth something (churn lifetime value above 0). */
  churnValue: boolean;
  /** Some service costs something per instance-hour. */
  cost: boolean;
}

/** What `scenario` sets of value, tickets, churn and cost. */
export function priced(scenario: Scenario): Priced {
  const any = (odds: Record<string, number>) => Object.values(odds).some((p) => p > 0);
  const fs = scenario.features;
  const churn = fs.some((f) => any(oddsOf(f.churn)));
  return {
    value: fs.some((f) => valueOf(f).success > 0),
    tickets: fs.some((f) => any(oddsOf(f.tickets)) || lateOf(f).odds > 0),
    churn, churnValue: churn && fs.some((f) => any(oddsOf(f.churn)) && lifetimeValueOf(f) > 0),
    cost: scenario.services.some((s) => costPerHourOf(s) > 0),
  };
}
