/**
 * The outcome cards' figures: what a PM reads first, as plain rows (no DOM), so they are tested
 * directly and compared between runs (delta).
 */
import { duration } from '../../src/outcomes/duration.js';
import { figure } from '../../src/outcomes/figure.js';
import { money } from '../../src/outcomes/money.js';
import { percent } from '../../src/outcomes/percent.js';
import type { Run } from '../view.js';

export type CardKey = 'affected' | 'gaveUp' | 'tickets' | 'revenue' | 'slo' | 'cost';

export interface Card {
  key: CardKey;
  /** The figure compared between runs (higher is worse for every card). */
  value: number;
  /** The big number, formatted. */
  big: string;
  label: string;
  /** One line of explanation. */
  note: string;
  /** An optional second line (degraded users, churn, time out of SLO). */
  second?: string;
  /** Whether the card reads as bad (tinted). */
  bad: boolean;
}

/** The worst SLO over the run's features: the highest share of a 30-day budget burned. */
export function worstSlo(run: Run): { feature: string; burned: number; outOfSloMs: number } | null {
  let worst: { feature: string; burned: number; outOfSloMs: number } | null = null;
  for (const [feature, f] of Object.entries(run.outcomes.features)) {
    const burned = f.slo?.budgetBurned;
    if (burned == null) continue;
    if (!worst || burned > worst.burned) worst = { feature, burned, outOfSloMs: f.slo!.outOfSloMs };
  }
  return worst;
}

/** Value lost because slow answers convert less (`users.conversion`), over all features. */
function slower(run: Run): number {
  return Object.values(run.outcomes.features).reduce((sum, f) => sum + (f.value?.lostBy?.conversion ?? 0), 0);
}

/** Whether the scenario puts a value on its features (money cards and columns show only then). */
export function priced(run: Run): boolean {
  return run.outcomes.totals.value.potential > 0;
}

/** The cards of a run, in reading order; money cards only when the scenario sets a value, cost only when it sets one. */
export function cardsOf(run: Run): Card[] {
  const { totals, currency } = run.outcomes;
  const u = totals.users, share = (n: number) => (u.arrived > 0 ? percent(n / u.arrived) : '0%');
  const affected = u.failed + u.abandoned + u.refused, served = u.degraded + u.stale;
  const cards: Card[] = [{
    key: 'affected', value: affected, big: figure(affected), label: 'users affected', bad: affected > 0,
    note: `${share(affected)} of ${figure(u.arrived)} users failed, gave up or were refused`,
    second: served > 0 ? `${figure(served)} more (${share(served)}) got a degraded or stale answer` : undefined,
  }, {
    key: 'gaveUp', value: u.abandoned, big: figure(u.abandoned), label: 'users gave up', bad: u.abandoned > 0,
    note: `${share(u.abandoned)} of users ran out of patience waiting`,
  }, {
    key: 'tickets', value: totals.tickets, big: figure(totals.tickets), label: 'support tickets', bad: totals.tickets > 0,
    note: totals.ticketsExpected >= 0.5 ? `from users who hit a problem (about ${figure(totals.ticketsExpected)} expected)` : 'from users who hit a problem',
  }];
  if (priced(run)) {
    const v = totals.value;
    cards.push({
      key: 'revenue', value: v.lost, big: money(v.lost, currency), label: 'revenue lost', bad: v.lost > 0,
      note: `${percent(v.potential > 0 ? v.lost / v.potential : 0)} of ${money(v.potential, currency)} at stake`,
      second: [
        totals.churn.users > 0 ? `+ ${money(totals.churn.value, currency)} lifetime value of ${figure(totals.churn.users)} users lost for good` : '',
        // Value lost with no user failing: slower answers convert less.
        slower(run) > 0 ? `incl. ${money(slower(run), currency)} from slower answers converting less` : '',
      ].filter(Boolean).join('; ') || undefined,
    });
  }
  const slo = worstSlo(run);
  if (slo) {
    cards.push({
      key: 'slo', value: slo.burned, big: percent(slo.burned), label: 'SLO budget burned', bad: slo.outOfSloMs > 0 || slo.burned >= 1,
      note: `of ${slo.feature}'s 30-day error budget, in this one run`,
      second: slo.outOfSloMs > 0 ? `out of SLO for ${duration(slo.outOfSloMs)}` : 'never out of SLO',
    });
  }
  if (totals.cost > 0) {
    cards.push({
      key: 'cost', value: totals.cost, big: money(totals.cost, currency), label: 'infrastructure cost', bad: false,
      note: 'instance hours over the run, at each service’s hourly cost',
    });
  }
  return cards;
}
