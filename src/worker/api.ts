import { simulate, type SimulateOptions } from '../model/simulate.js';
import { brief as writeBrief } from '../outcomes/brief.js';
import { compare as compareArms } from '../outcomes/compare.js';
import { ExperimentError } from '../outcomes/errors.js';
import { runMetrics } from '../outcomes/run-metrics.js';
import { summarize } from '../outcomes/summarize.js';
import { parseScenario, type ParseOptions, type ParseResult } from '../scenario/parse.js';
import { applyParams } from '../scenario/param.js';
import { knobsOf, writeKnob, type Knob } from '../scenario/knobs.js';
import { storyOf, variantOf, variantsOf } from '../scenario/resolve.js';
import type { Problem, Scenario } from '../scenario/types.js';
import type { RunResult } from '../model/result.js';
import type {
  Cancelled, CompareRequest, CompareResponse, Frame, ReplicaResponse, RunRequest, RunResponse, WorkerApi,
} from './protocol.js';
import { runInSteps } from './steps.js';
import { transfer } from 'comlink';

/**
 * The worker's logic: parse, run, summarize, compare. Plain code with no worker in it, so it is
 * tested directly; worker.ts only exposes it. The browser's budget is tighter than the CLI's:
 * the page must stay responsive, so a runaway scenario stops after 30 s with a reason.
 */
const BUDGET: SimulateOptions = { maxWallMs: 30_000, maxInFlight: 1_000_000 };

type Parsed = ParseResult & { knobs?: Knob[] };

/**
 * Parses the request's text with its knob values set (slider units, written into the text as the
 * file would hold them), and the scenario's knobs at the file's values. The knobs of the last text
 * are remembered: a dragged slider re-sends the same text many times.
 */
function parse(request: RunRequest | CompareRequest): Parsed {
  const files = request.files ?? {};
  const options = { readFile: (path: string) => files[path] ?? files[path.replace(/^\.\//, '')] };
  const base = knobsFor(request.text, request.file, files, options);
  if (!base.ok || !request.params || Object.keys(request.params).length === 0) return base;
  const written: Record<string, string | number> = {};
  for (const [path, value] of Object.entries(request.params)) {
    // A slider whose knob an edit removed (or renamed) is left out: the answer's knobs lack it, and the page drops it.
    const knob = base.knobs!.find((k) => k.param === path);
    if (knob) written[path] = writeKnob(knob, value);
  }
  return { ...applyParams(request.text, written, request.file, { ...options, by: 'slider' }), knobs: base.knobs };
}

let remembered: { key: string; parsed: Parsed } | null = null;
function knobsFor(text: string, file: string, files: Record<string, string>, options: ParseOptions): Parsed {
  const key = JSON.stringify([text, file, files]);
  if (remembered?.key === key) return remembered.parsed;
  const parsed: Parsed = parseScenario(text, file, options);
  if (parsed.ok) parsed.knobs = knobsOf(parsed.scenario, text);
  remembered = { key, parsed };
  return parsed;
}

/** The base scenario, or the declared variant `name` (undefined when it declares none of that name). */
function chosen(scenario: Scenario, name: string | undefined): Scenario | undefined {
  return name === undefined ? scenario : variantOf(scenario, name)?.scenario;
}

type Prepared = { ok: true; base: Scenario; scenario: Scenario; knobs: Knob[] } | { ok: false; problems: Problem[] };

/** Parses the request and picks its variant; every problem located, an unknown variant named with the declared ones. */
function prepare(request: RunRequest): Prepared {
  const parsed = parse(request);
  if (!parsed.ok) return parsed;
  const scenario = chosen(parsed.scenario, request.variant);
  if (!scenario) {
    const known = variantsOf(parsed.scenario).map((v) => v.name).join(', ') || 'none';
    return { ok: false, problems: [{ file: request.file, line: 1, col: 1, path: 'variants', message: `no variant "${request.variant}" (declared: ${known})` }] };
  }
  return { ok: true, base: parsed.scenario, scenario, knobs: parsed.knobs ?? [] };
}

/** A finished run as the page gets it: outcomes, the variants it may toggle, the scenario's description. */
function respond({ base, scenario, knobs }: Extract<Prepared, { ok: true }>, result: RunResult, started: number): RunResponse {
  const outcomes = summarize(result, scenario);
  const variants = variantsOf(base).map(({ name, description }) => (description ? { name, description } : { name }));
  const description = scenario.description;
  return { ok: true, result, outcomes, variants, wallMs: performance.now() - started, ...(description ? { description } : {}), knobs, story: [...storyOf(base)] };
}

/** Parses and runs a scenario (or one of its variants) and summarizes the outcomes. */
export function run(request: RunRequest): RunResponse {
  const p = prepare(request);
  if (!p.ok) return p;
  const started = performance.now();
  return respond(p, simulate(p.scenario, { ...BUDGET, seed: request.seed }), started);
}

/** Which run is current: starting one (or cancel) moves it on, and an older run sees it between slices. */
let generation = 0;

/** `run` in slices, with frames of the run so far; abandoned when a newer run starts. */
export async function start(request: RunRequest, onFrame?: (frame: Frame) => void): Promise<RunResponse | Cancelled> {
  const mine = ++generation;
  const p = prepare(request);
  if (!p.ok) return p;
  const started = performance.now();
  // The frame's series buffer moves to the page: the worker never reads it again.
  const post = onFrame && ((frame: Frame) => onFrame(transfer(frame, [frame.series.data.buffer])));
  const result = await runInSteps(p.scenario, {
    budgets: { ...BUDGET, seed: request.seed }, onFrame: post, cancelled: () => mine !== generation,
  });
  return result ? respond(p, result, started) : { ok: false, cancelled: true, problems: [] };
}

/** Abandons the run in progress. */
export function cancel(): void {
  generation++;
}

/** One replication: the comparison metrics (the CLI's) and the series the page draws bands from. */
export function replica(request: RunRequest): ReplicaResponse {
  const p = prepare(request);
  if (!p.ok) return p;
  const result = simulate(p.scenario, { ...BUDGET, seed: request.seed });
  // A run a budget stopped early measured less of the storm: comparing it would flatter its arm (the CLI refuses too).
  if (result.status !== 'complete') {
    return { ok: false, problems: [], error: `${request.variant ?? 'base'} with seed ${result.seed} stopped early: ${result.stopReason ?? result.status}` };
  }
  return { ok: true, samples: runMetrics(result, p.scenario), series: result.series, endMs: result.endMs };
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

export const api: WorkerApi = { run, start, cancel, replica, compare, brief };
