/**
 * Infrastructure cost: what the run's instances cost (instance-hours × cost per hour, as the
 * model reports per service), in the same currency as value, so "spend more" (more instances,
 * autoscaling) and "shed more" can be compared on one scale.
 */
import type { RunResult } from '../model/result.js';
import type { CostOutcome } from './types.js';

/** Σ of the services' `cost`, and each service's cost and instance-hours (services in name order). */
export function cost(result: RunResult): CostOutcome {
  const byService: CostOutcome['byService'] = {};
  let total = 0;
  for (const name of Object.keys(result.services).sort()) {
    const s = result.services[name];
    byService[name] = { cost: s.cost, instanceHours: s.instanceHours };
    total += s.cost;
  }
  return { total, byService };
}
