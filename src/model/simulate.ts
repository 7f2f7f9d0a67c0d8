import type { Scenario } from '../scenario/types.js';
import type { RunResult } from './result.js';
import { compile } from './compile.js';
import { Model } from './model.js';
import { report } from './report.js';

export interface SimulateOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Stop after this many events (default 2 billion). */
  maxEvents?: number;
  /** Stop after this much wall-clock time, ms (default 10 minutes). */
  maxWallMs?: number;
  /** Stop when more requests than this are in flight at once (default 2 million: about 100 MB). */
  maxInFlight?: number;
}

/**
 * Runs a validated scenario to its end and returns what it measured. Deterministic: the same
 * scenario and seed give an identical result. A runaway run (a budget exceeded) returns early
 * with `status` saying which budget and `stopReason` saying why, never hangs.
 */
export function simulate(scenario: Scenario, options: SimulateOptions = {}): RunResult {
  const seed = options.seed ?? scenario.seed;
  const model = new Model(scenario, compile(scenario, seed), options.maxInFlight ?? 2_000_000);
  model.start();
  const cause = model.sim.run(model, scenario.durationMs, {
    maxEvents: options.maxEvents ?? 2e9,
    maxWallMs: options.maxWallMs ?? 600_000,
  });
  model.finish();
  switch (cause) {
    case 'complete':
      return report(model, scenario.name, seed, 'complete');
    case 'stopped':
      return report(model, scenario.name, seed, model.stopped!.status, model.stopped!.reason);
    case 'event-budget':
      return report(model, scenario.name, seed, 'event-budget',
        `event budget: stopped after ${model.sim.events.toLocaleString('en-US')} events at ${(model.sim.now / 1000).toFixed(1)} s of ${(scenario.durationMs / 1000).toFixed(1)} s (raise it with --max-events, or shorten the duration)`);
    case 'time-budget':
      return report(model, scenario.name, seed, 'time-budget',
        `time budget: stopped after ${seconds(options.maxWallMs ?? 600_000)} s of wall-clock time at ${(model.sim.now / 1000).toFixed(1)} s simulated (raise it with --max-wall, or shorten the duration)`);
  }
}

/** A wall-clock budget in seconds as people write it: 600, 30, 0.5. */
const seconds = (ms: number): string => String(+(ms / 1000).toFixed(3));
