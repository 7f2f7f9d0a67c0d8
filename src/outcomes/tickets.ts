/**
 * Support load: each bad user outcome (failed, abandoned, degraded, stale, refused) and each
 * message delivered late may become a support ticket, with the feature's `tickets` chances.
 */
import { lateOf, oddsOf } from '../scenario/resolve.js';
import type { FeatureSpec } from '../scenario/types.js';
import { draws } from './draws.js';
import type { Draws, Split, TicketClass } from './types.js';

/**
 * The feature's tickets per class and state: Binomial draws from streams
 * `tickets:<feature>:<class>:<state>` under `seed` (see draws.ts), with their expectations.
 * All zero without `tickets` in the scenario. Throws a RangeError on chances outside [0, 1].
 */
export function tickets(feature: FeatureSpec, split: Split, seed: number): Draws<TicketClass> {
  const odds = oddsOf(feature.tickets);
  return draws('tickets', feature.name, { ...odds, late: lateOf(feature).odds }, split.byState, seed);
}
