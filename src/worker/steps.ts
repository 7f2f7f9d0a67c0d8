/**
 * A run in slices of wall time, for the page: between slices the worker yields, so a newer
 * request's message gets in and cancels this run; every FRAME_MS it posts the run so far (a
 * snapshot at a bucket boundary, with its outcomes) so the page draws a partial frame long before
 * a long run ends; its series travel packed in one buffer the page takes over (transferred, not
 * copied). The slices change nothing in the numbers (see Stepper).
 */
import { Stepper, type SimulateOptions } from '../model/stepper.js';
import { summarize } from '../outcomes/summarize.js';
import type { Scenario } from '../scenario/types.js';
import type { Frame } from './protocol.js';
import { packSeries } from './pack.js';
import type { RunResult } from '../model/result.js';
import { yieldToMessages } from './yield.js';

/** Wall time of one slice, ms: short enough that a cancel waits little, long enough that yielding costs little. */
const SLICE_MS = 40;
/** The first partial frame after this much wall time (the page's 250 ms budget includes drawing it), then one every FRAME_MS. */
const FIRST_FRAME_MS = 60;
const FRAME_MS = 200;

/**
 * A run expected to end within this wall time from its start (the page's 250 ms, less drawing)
 * posts no partial frame: the result itself comes in time. Nor does one expected to end within a
 * quarter of it from now, whatever it took so far: the frame would only delay the result.
 */
const ENDING_MS = 220;

export interface StepOptions {
  budgets: SimulateOptions;
  /** Called with the run so far, now and then. */
  onFrame?: (frame: Frame) => void;
  /** Checked between slices: true abandons the run. */
  cancelled: () => boolean;
  /** Wall time before the first frame, ms (default FIRST_FRAME_MS). */
  firstFrameMs?: number;
  /** No frame when the run is expected to end within this wall time from its start, or a quarter of it from now, ms (default ENDING_MS). */
  endingMs?: number;
}

/**
 * Whether a run with `left` simulated ms to go, `elapsed` wall ms in, going at `pace` simulated ms
 * per wall ms (the slower of its average and its last slice: a storm ahead slows it), will end
 * soon enough to skip a frame. Never once the page's budget has passed with no frame drawn.
 */
function endsSoon(left: number, elapsed: number, pace: number, endingMs: number, posted: boolean): boolean {
  if (!posted && elapsed >= endingMs) return false;
  const remaining = left / pace;
  return elapsed + remaining < endingMs || remaining < endingMs / 4;
}

/** Runs the scenario in slices; the finished result, or null when cancelled. */
export async function runInSteps(scenario: Scenario, options: StepOptions): Promise<RunResult | null> {
  const run = new Stepper(scenario, options.budgets);
  const { start, width } = run.buckets, started = performance.now();
  const boundary = (t: number) => (t <= start ? start : start + Math.ceil((t - start) / width) * width);
  // Slices are cut by event count (a storm ahead may be far denser than what came before), from the rate measured so far.
  let perMs = 2000, nextFrame = started + (options.firstFrameMs ?? FIRST_FRAME_MS), pace = Infinity, posted = false;
  const endingMs = options.endingMs ?? ENDING_MS;
  while (!run.done) {
    const now = performance.now();
    const frameDue = options.onFrame !== undefined && now >= nextFrame &&
      !endsSoon(run.end - run.now, now - started, Math.min(pace, run.now / (now - started)), endingMs, posted);
    const sliceStart = now, before = run.events, from = run.now;
    // A frame needs a bucket boundary: then the slice runs to the next one whatever it costs (one
    // bucket is short). Before the first bucket (the warmup, which may be long) slices stay capped.
    if (frameDue && run.now >= start) run.advance(boundary(run.now + 1));
    else run.advance(run.end, Math.max(1000, perMs * SLICE_MS));
    const spent = performance.now() - sliceStart;
    if (spent >= 1) { perMs = (run.events - before) / spent; pace = (run.now - from) / spent; }
    if (run.done) break;
    if (frameDue && run.now >= start) {
      const partial = run.snapshot();
      if (partial) {
        const { series, ...result } = partial;
        options.onFrame!({ progress: run.now / run.end, result, series: packSeries(series), outcomes: summarize(partial, scenario) });
        nextFrame = performance.now() + FRAME_MS;
        posted = true;
      }
    }
    await yieldToMessages();
    if (options.cancelled()) return null;
  }
  return run.result();
}
