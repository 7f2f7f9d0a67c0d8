/**
 * A run in slices of wall time, for the page: between slices the worker yields, so a newer
 * request's message gets in and cancels this run; every FRAME_MS it posts the run so far (a
 * snapshot at a bucket boundary, with its outcomes) so the page draws a partial frame long before
 * a long run ends. The slices change nothing in the numbers (see Stepper).
 */
import { Stepper, type SimulateOptions } from '../model/stepper.js';
import { summarize } from '../outcomes/summarize.js';
import type { Scenario } from '../scenario/types.js';
import type { Frame } from './protocol.js';
import type { RunResult } from '../model/result.js';

/** Wall time of one slice, ms: short enough that a cancel waits little, long enough that yielding costs little. */
const SLICE_MS = 40;
/** The first partial frame after this much wall time (the page's 250 ms budget includes drawing it), then one every FRAME_MS. */
const FIRST_FRAME_MS = 90;
const FRAME_MS = 200;

const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface StepOptions {
  budgets: SimulateOptions;
  /** Called with the run so far, now and then. */
  onFrame?: (frame: Frame) => void;
  /** Checked between slices: true abandons the run. */
  cancelled: () => boolean;
  /** Wall time before the first frame, ms (default FIRST_FRAME_MS). */
  firstFrameMs?: number;
}

/** Runs the scenario in slices; the finished result, or null when cancelled. */
export async function runInSteps(scenario: Scenario, options: StepOptions): Promise<RunResult | null> {
  const run = new Stepper(scenario, options.budgets);
  const { start, width } = run.buckets, started = performance.now();
  let step = width, nextFrame = started + (options.firstFrameMs ?? FIRST_FRAME_MS);
  while (!run.done) {
    // Step ends fall on bucket boundaries once the series has started, so any of them can be snapshotted.
    const target = run.now + step;
    const until = target <= start ? target : start + Math.ceil((target - start) / width) * width;
    const sliceStart = performance.now(), from = run.now;
    run.advance(until);
    const spent = performance.now() - sliceStart;
    // Aim the next slice at SLICE_MS, growing at most 2× at a time: a storm ahead may be much denser.
    step = Math.max(width, Math.min(step * 2, ((run.now - from) * SLICE_MS) / Math.max(spent, 1)));
    if (run.done) break;
    if (options.onFrame && performance.now() >= nextFrame) {
      const partial = run.snapshot();
      if (partial) {
        options.onFrame({ progress: run.now / run.end, result: partial, outcomes: summarize(partial, scenario) });
        nextFrame = performance.now() + FRAME_MS;
      }
    }
    await yieldToMessages();
    if (options.cancelled()) return null;
  }
  return run.result();
}
