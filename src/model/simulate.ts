import type { Scenario } from '../scenario/types.js';
import type { RunResult } from './result.js';
import { Stepper, type SimulateOptions } from './stepper.js';

export type { SimulateOptions };

/**
 * Runs a validated scenario to its end and returns what it measured. Deterministic: the same
 * scenario and seed give an identical result. A runaway run (a budget exceeded) returns early
 * with `status` saying which budget and `stopReason` saying why, never hangs.
 */
export function simulate(scenario: Scenario, options: SimulateOptions = {}): RunResult {
  const run = new Stepper(scenario, options);
  run.advance(scenario.durationMs);
  return run.result();
}
