import { simulate } from '../model/simulate.js';
import { parseScenario } from '../scenario/parse.js';
import type { RunRequest, RunResponse, WorkerApi } from './protocol.js';

/**
 * Parses and runs a scenario. Plain code with no worker in it, so it is tested directly;
 * worker.ts only exposes it. The browser's budget is tighter than the CLI's: the page must
 * stay responsive, so a runaway scenario stops after 30 s with a reason.
 */
export function run(request: RunRequest): RunResponse {
  const files = request.files ?? {};
  const parsed = parseScenario(request.text, request.file, { readFile: (path) => files[path] ?? files[path.replace(/^\.\//, '')] });
  if (!parsed.ok) return parsed;
  const started = performance.now();
  const result = simulate(parsed.scenario, { seed: request.seed, maxWallMs: 30_000, maxInFlight: 1_000_000 });
  return { ok: true, result, wallMs: performance.now() - started };
}

export const api: WorkerApi = { run };
