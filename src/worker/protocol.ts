import type { RunResult } from '../model/result.js';
import type { Problem } from '../scenario/types.js';

/** What the UI asks the worker to run. */
export interface RunRequest {
  /** Scenario YAML text, as the user edits it. */
  text: string;
  /** Name shown in problem locations, e.g. `three-tier.yaml`. */
  file: string;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Files the scenario may refer to (a replay's CSV), by the path written in the scenario. */
  files?: Record<string, string>;
}

/** The worker's answer: a result, or every problem in the scenario text. */
export type RunResponse =
  | { ok: true; result: RunResult; wallMs: number }
  | { ok: false; problems: Problem[] };

/** The API the worker exposes through comlink. */
export interface WorkerApi {
  run(request: RunRequest): RunResponse;
}
