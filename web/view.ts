/**
 * What every view of the page shares: the run it draws, and a small bus for the shared time
 * cursor (the scrubber) and the cause path a clicked break highlights. Each view is a factory
 * `view(el, bus)` returning a View; main.ts wires them and never reaches into a view's DOM.
 */
import type { CauseStep, Outcomes, RunResult } from '../src/worker/protocol.js';

export interface Run {
  result: RunResult;
  outcomes: Outcomes;
  wallMs: number;
  /** Set while the run is still going: the share of its simulated time done (series end there). */
  progress?: number;
}

export interface View {
  /** Draws a new run, replacing the previous one. */
  update(run: Run): void;
  /** Moves the shared time cursor to `t` (ms from the start of the run). */
  time?(t: number): void;
  /** Highlights a break's cause path (null clears it). */
  highlight?(steps: readonly CauseStep[] | null): void;
}

/** What a view may ask of the page. */
export interface Bus {
  /** Moves every view's time cursor (the scrubber) to `t`. */
  setTime(t: number): void;
  /** Highlights a cause path in every view (null clears). */
  highlight(steps: readonly CauseStep[] | null): void;
}

/**
 * The palette: Okabe–Ito, safe for the common colour-vision deficiencies. `ok` to `bad` also
 * runs through a sequential scale for utilization (see heat map).
 */
export const PALETTE = {
  ink: '#1d232a', muted: '#5b6673', grid: '#e3e7ec', paper: '#ffffff',
  blue: '#0072B2', sky: '#56B4E9', green: '#009E73', yellow: '#F0E442', orange: '#E69F00', vermillion: '#D55E00', purple: '#CC79A7',
  ok: '#009E73', warn: '#E69F00', bad: '#D55E00',
  /** Shading of storm windows on time axes: load storms and faults. */
  peak: 'rgba(230, 159, 0, 0.14)', degraded: 'rgba(213, 94, 0, 0.14)',
} as const;
