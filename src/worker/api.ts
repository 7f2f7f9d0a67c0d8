import { simulate, type SimulateOptions } from '../model/simulate.js';
import { brief as writeBrief } from '../outcomes/brief.js';
import { compare as compareArms } from '../outcomes/compare.js';
import { ExperimentError } from '../outcomes/errors.js';
import { runMetrics } from '../outcomes/run-metrics.js';
import { summarize } from '../outcomes/summarize.js';
import { parseScenario, type ParseResult } from '../scenario/parse.js';
import { variantOf, variantsOf } from '../scenario/resolve.js';
import type { Scenario } from '../scenario/types.js';
import type { CompareRequest, CompareResponse, RunRequest, RunResponse, WorkerApi } from './protocol.js';

/**
 * The worker's logic: parse, run, summarize, compare. Plain code with no worker in it, so it is
 * tested directly; worker.ts only exposes it. The browser's budget is tighter than the CLI's:
 * the page must stay responsive, so a runaway scenario stops after 30 s with a reason.
 */
const BUDGET: SimulateOptions = { maxWallMs: 30_000, maxInFlight: 1_000_000 };

function parse(request: RunRequest | CompareRequest): ParseResult {
  const files = request.files ?? {};
  return parseScenario(request.text, request.file, { readFile: (path) => files[path] ?? files[path.replace(/^\.\//, '')] });
}

/** The base scenario, or the declared variant `name` (undefined when it declares none of that name). */
function chosen(scenario: Scenario, name: string | undefined): Scenario | undefined {
  return name === undefined ? scenario : variantOf(scenario, name)?.scenario;
}

/** Parses and runs a scenario (or one of its variants) and summarizes the outcomes. */
export function run(request: RunRequest): RunResponse {
  const parsed = parse(request);
  if (!parsed.ok) return parsed;
  const scenario = chosen(parsed.scenario, request.variant);
  if (!scenario) {
    const known = variantsOf(parsed.scenario).map((v) => v.name).join(', ') || 'none';
    return { ok: false, problems: [{ file: request.file, line: 1, col: 1, path: 'variants', message: `no variant "${request.variant}" (declared: ${known})` }] };
  }
  const started = performance.now();
  const result = simulate(scenario, { ...BUDGET, seed: request.seed });
  const outcomes = summarize(result, scenario);
  const variants = variantsOf(parsed.scenario).map(({ name, description }) => (description ? { name, description } : { name }));
  const description = scenario.description;
  return { ok: true, result, outcomes, variants, wallMs: performance.now() - started, ...(description ? { description } : {}) };
}

/** Base and variants on common random numbers, in this worker (the page may spread runs over several workers later). */
export function compare(request: CompareRequest): CompareResponse {
  const parsed = parse(request);
  if (!parsed.ok) return parsed;
  const started = performance.now();
  try {
    const report = compareArms(parsed.scenario, {
      runs: request.runs ?? 5, seed: request.seed, variants: request.variants, budgets: BUDGET,
      metricsOf: runMetrics,
    });
    return { ok: true, report, wallMs: performance.now() - started };
  } catch (e) {
    if (e instanceof ExperimentError) return { ok: false, problems: [], error: e.message };
    throw e;
  }
}

/** The Reliability Impact Brief of one run of the scenario. */
export function brief(request: RunRequest): ReturnType<WorkerApi['brief']> {
  const r = run(request);
  if (!r.ok) return r;
  const scenario = chosen((parse(request) as { scenario: Scenario }).scenario, request.variant)!;
  return { ok: true, markdown: writeBrief({ scenario, outcomes: r.outcomes }) };
}

export const api: WorkerApi = { run, compare, brief };
