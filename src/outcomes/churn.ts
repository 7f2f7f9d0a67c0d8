/**
 * Retention: each bad user outcome may lose the user for good, with the feature's `churn`
 * chances; a lost user takes their lifetime value with them.
 */
import { lifetimeValueOf, oddsOf } from '../scenario/resolve.js';
import type { FeatureSpec } from '../scenario/types.js';
import { draws } from './draws.js';
import { STATES, type ChurnOutcome, type Split } from './types.js';

/**
 * Users the feature lost per class and state: Binomial draws from streams
 * `churn:<feature>:<class>:<state>` under `seed` (see draws.ts), and their value (users lost ×
 * the lifetime value). All zero without `churn` in the scenario. Throws a RangeError on chances
 * outside [0, 1].
 */
export function churn(feature: FeatureSpec, split: Split, seed: number): ChurnOutcome {
  const lost = draws('churn', feature.name, oddsOf(feature.churn), split.byState, seed);
  const lifetimeValue = lifetimeValueOf(feature);
  // Summed over states, in their order, so the grid's churn value adds up to this exactly.
  const value = STATES.reduce((sum, s) => sum + lost.byState[s].count * lifetimeValue, 0);
  return { ...lost, lifetimeValue, value };
}
