import type { RunResult } from '../model/result.js';
import type { CompareReport } from '../outcomes/experiment-types.js';
import type { Outcomes } from '../outcomes/types.js';
import type { Problem } from '../scenario/types.js';
import type { Samples } from '../outcomes/experiment-types.js';
import type { Knob } from '../scenario/knobs.js';
import type { PackedSeries } from './pack.js';

// The page's vocabulary comes from here: web/ never imports src/model directly.
export type { RunResult, SeriesResult, FeatureResult, ServiceResult, EdgeResult } from '../model/result.js';
export type { Outcomes, BreakWithPath, CauseStep, BlastRadius, Grid, State } from '../outcomes/types.js';
export type { CompareReport, Samples, Stat } from '../outcomes/experiment-types.js';
export type { Problem } from '../scenario/types.js';
export type { Knob } from '../scenario/knobs.js';
export type { PackedSeries } from './pack.js';

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
  /** Run this declared variant instead of the base. */
  variant?: string;
  /** Knob values by parameter path, in the knob's slider units (see Knob). */
  params?: Record<string, number>;
}

/** A step of the scenario's story, for presentation mode. */
export interface StoryStep {
  atMs: number;
  text: string;
}

/** A variant the scenario declares, for the page's toggles. */
export interface VariantInfo {
  name: string;
  description?: string;
}

/** The worker's answer: a result with what it meant for users and the business, or every problem in the scenario text. */
export type RunResponse =
  | {
    ok: true; result: RunResult; outcomes: Outcomes; variants: VariantInfo[]; wallMs: number; description?: string;
    /** The sliders for this scenario (declared in the file or derived), at the file's values. */
    knobs: Knob[];
    story: StoryStep[];
  }
  | { ok: false; problems: Problem[] };

/** Base and variants on common random numbers over `runs` replications. */
export interface CompareRequest extends Omit<RunRequest, 'variant'> {
  /** Variants to compare (default: all the scenario declares). */
  variants?: string[];
  /** Replications per arm (default 5). */
  runs?: number;
}

/** A comparison, or the scenario's problems, or why it cannot be compared (e.g. no variants). */
export type CompareResponse =
  | { ok: true; report: CompareReport; wallMs: number }
  | { ok: false; problems: Problem[] }
  | { ok: false; problems: []; error: string };

/**
 * The run so far, posted now and then while a long run goes on: its outcomes so far, and its
 * series up to now packed in one transferable buffer (unpackSeries gives them back).
 */
export interface Frame {
  /** Share of the run's simulated time done, 0..1. */
  progress: number;
  result: Omit<RunResult, 'series'>;
  series: PackedSeries;
  outcomes: Outcomes;
}

/** A run abandoned because a newer one was started (or `cancel` was called). */
export interface Cancelled {
  ok: false;
  cancelled: true;
  problems: [];
}

/** One replication for a comparison: the metrics experiments compare, and the series for bands. */
export type ReplicaResponse =
  | { ok: true; samples: Samples; series: RunResult['series']; endMs: number }
  | { ok: false; problems: Problem[]; error?: string };

/** The API the worker exposes through comlink. */
export interface WorkerApi {
  run(request: RunRequest): RunResponse;
  /**
   * Runs in slices, calling `onFrame` with the run so far about every 200 ms; starting another
   * run (or `cancel`) abandons this one between slices, and it answers Cancelled.
   */
  start(request: RunRequest, onFrame?: (frame: Frame) => void): Promise<RunResponse | Cancelled>;
  /** Abandons the run in progress, if any. */
  cancel(): void;
  /** One replication (the request's seed and variant) for a comparison across workers. */
  replica(request: RunRequest): ReplicaResponse;
  compare(request: CompareRequest): CompareResponse;
  /** The Reliability Impact Brief (Markdown) of one run, or the scenario's problems. */
  brief(request: RunRequest): { ok: true; markdown: string } | { ok: false; problems: Problem[] };
}

