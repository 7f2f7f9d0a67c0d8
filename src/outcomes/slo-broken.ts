/** When a sweep counts a feature as broken (the CLI's and the web app's). */
import type { Breaks } from './experiment-types.js';
import { priorityOf, sloOf } from '../scenario/resolve.js';
import type { Scenario } from '../scenario/types.js';

/** Without an SLO, a feature whose users fail, give up, are refused or are still waiting more than 1% of the time is broken. */
const DEFAULT_SUCCESS = 0.99;

/**
 * The core features (all features when none is marked core) out of their SLO, judged as the run
 * table's what-breaks-first timeline judges it: time out of SLO (over its window) above 0, on
 * the mean over the runs; without an SLO, more than 1% of its users failed, gave up, were
 * refused or were still waiting at the end (a queue that grows without bound leaves them waiting).
 */
export function sloBroken(scenario: Scenario): Breaks {
  const core = scenario.features.filter((f) => priorityOf(f) === 'core');
  const judged = (core.length > 0 ? core : scenario.features).map((f) => ({ name: f.name, slo: sloOf(f) }));
  return (m) => judged.filter(({ name, slo }) => {
    if (slo) return (m[`${name}.slo.outOfSloMs`] ?? 0) > 0;
    const arrived = m[`${name}.users.arrived`] ?? 0;
    const bad = ['failed', 'abandoned', 'refused', 'inFlight'].reduce((n, k) => n + (m[`${name}.users.${k}`] ?? 0), 0);
    return arrived > 0 && bad / arrived > 1 - DEFAULT_SUCCESS;
  }).map(({ name }) => name);
}
