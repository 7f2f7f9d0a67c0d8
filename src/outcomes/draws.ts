/**
 * Chance outcomes of user intents (a support ticket, a user lost for good): per class and per
 * system state, a Binomial(n, p) draw where n is the intents of that class that ended in that
 * state. Each (class, state) cell draws from its own stream `<what>:<feature>:<class>:<state>`
 * seeded by the run's seed: the same seed gives the same draws, and variants compared on one
 * seed see the same uniforms in each cell (common random numbers), so their differences come
 * from the counts, not from luck. Totals are the sums over states, so grid and summary agree.
 */
import { randomStream } from '../engine/random.js';
import { binomial } from './binomial.js';
import { STATES, type ClassCounts, type Draw, type Draws, type State, type TicketClass } from './types.js';

/** The count of `cls` in `c` (refused = shed + rate-limited). */
const countOf = (c: ClassCounts, cls: TicketClass): number =>
  cls === 'refused' ? c.shed + c.rateLimited : c[cls];

/**
 * Draws for each class in `odds` (its chance 0..1) and each state in `byState`, from streams
 * named `<what>:<feature>:<class>:<state>` under `seed`. `expected` is n·p. Throws a RangeError
 * (from binomial) on a chance outside [0, 1] or a count that is not a whole number ≥ 0.
 */
export function draws<C extends TicketClass>(
  what: string, feature: string, odds: Record<C, number>, byState: Record<State, ClassCounts>, seed: number,
): Draws<C> {
  const classes = Object.keys(odds) as C[];
  const blank = (): Record<C, Draw> => Object.fromEntries(classes.map((c) => [c, { count: 0, expected: 0 }])) as Record<C, Draw>;
  const out: Draws<C> = { count: 0, expected: 0, byClass: blank(), byState: {} as Draws<C>['byState'] };
  for (const state of STATES) {
    const cell = { count: 0, expected: 0, byClass: blank() };
    for (const cls of classes) {
      const n = countOf(byState[state], cls), p = odds[cls];
      const count = n > 0 && p > 0 ? binomial(n, p, randomStream(seed, `${what}:${feature}:${cls}:${state}`)) : binomial(n, p, zero);
      cell.byClass[cls] = { count, expected: n * p };
      cell.count += count;
      cell.expected += n * p;
      out.byClass[cls].count += count;
      out.byClass[cls].expected += n * p;
    }
    out.byState[state] = cell;
    out.count += cell.count;
    out.expected += cell.expected;
  }
  return out;
}

/** Never called: binomial needs no uniforms when n = 0 or p = 0 (it still checks its arguments). */
const zero = (): number => 0;
