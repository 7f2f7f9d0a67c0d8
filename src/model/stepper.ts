import type { Scenario } from '../scenario/types.js';
import type { StopCause } from '../engine/simulation.js';
import type { RunResult } from './result.js';
import { compile } from './compile.js';
import { Model } from './model.js';
import { report } from './report.js';

export interface SimulateOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Stop after this many events (default 2 billion). */
  maxEvents?: number;
  /** Stop after this much wall-clock time, ms (default 10 minutes), summed over every step. */
  maxWallMs?: number;
  /** Stop when more requests than this are in flight at once (default 2 million: about 100 MB). */
  maxInFlight?: number;
}

/**
 * One run taken in steps of simulated time, for a page that shows progress and may abandon a run
 * between steps. Stepping changes nothing: any sequence of `advance` calls ends in the result
 * `simulate` returns, bit for bit, because the kernel runs the same events in the same order and
 * a step's end runs no model code. `snapshot` (at a bucket boundary) only reads.
 */
export class Stepper {
  readonly seed: number;
  readonly end: number;
  private readonly model: Model;
  private readonly maxEvents: number;
  private readonly maxWallMs: number;
  private wallMs = 0;
  private cause: StopCause | null = null;
  /** Every event up to the end has run (a slice paused at the end's time has not). */
  private ended = false;

  /** Compiles the scenario and starts the run at time 0 (throws only for a scenario that did not validate). */
  constructor(private readonly scenario: Scenario, options: SimulateOptions = {}) {
    this.seed = options.seed ?? scenario.seed;
    this.end = scenario.durationMs;
    this.model = new Model(scenario, compile(scenario, this.seed), options.maxInFlight ?? 2_000_000);
    this.maxEvents = options.maxEvents ?? 2e9;
    this.maxWallMs = options.maxWallMs ?? 600_000;
    this.model.start();
  }

  /** Simulated time reached, ms. */
  get now(): number { return this.model.sim.now; }
  /** Events run so far. */
  get events(): number { return this.model.sim.events; }
  /** True once the run reached its end or a budget stopped it. */
  get done(): boolean { return this.ended || (this.cause !== null && this.cause !== 'complete'); }
  /** Width of a series bucket, ms, and the first bucket's start (the end of the warmup). */
  get buckets(): { start: number; width: number } { const s = this.model.stats.sSeries; return { start: s.start, width: s.width }; }

  /**
   * Runs every event due at or before `until` (clamped to [now, end]: time never goes back), or
   * `events` of them if that comes first: a slice of a dense storm stays short. Stopping after an
   * event count leaves the clock at that event, and the next call goes on from there as one run
   * would. Returns `done`.
   */
  advance(until: number, events = Infinity): boolean {
    if (this.done) return true;
    const started = performance.now(), cap = Math.min(this.maxEvents, this.events + events);
    const target = Math.max(this.now, Math.min(until, this.end));
    const cause = this.model.sim.run(this.model, target, { maxEvents: cap, maxWallMs: this.maxWallMs - this.wallMs });
    // The slice's own event cap pauses the run; only the run's budget stops it.
    this.cause = cause === 'event-budget' && cap < this.maxEvents ? null : cause;
    this.ended = cause === 'complete' && target === this.end;
    this.wallMs += performance.now() - started;
    // The kernel looks at the clock every 65,536 events: slices shorter than that must look here.
    if (!this.done && this.wallMs >= this.maxWallMs) this.cause = 'time-budget';
    if (this.done) this.model.finish();
    return this.done;
  }

  /**
   * The run so far, with series cut to the buckets that have ended; null before the warmup has
   * ended or when `now` is not a bucket boundary. Only at a boundary is it safe: the report
   * integrates time-weighted levels up to `now`, which at a boundary the next bucket's close does
   * anyway, so the final numbers stay bit-identical.
   */
  snapshot(): RunResult | null {
    const { start, width } = this.buckets, now = this.now;
    if (this.done || now < Math.max(start, this.model.warmup) || (now - start) % width !== 0 || now === start) return null;
    this.model.closeBucketsAt(now);
    const r = report(this.model, this.scenario.name, this.seed, 'complete');
    return { ...r, endMs: now, series: cut(r.series, Math.round((now - start) / width)) };
  }

  /** The whole run's result; call once `done`. */
  result(): RunResult {
    const m = this.model, name = this.scenario.name;
    switch (this.cause) {
      case 'stopped':
        return report(m, name, this.seed, m.stopped!.status, m.stopped!.reason);
      case 'event-budget':
        return report(m, name, this.seed, 'event-budget',
          `event budget: stopped after ${m.sim.events.toLocaleString('en-US')} events at ${(m.sim.now / 1000).toFixed(1)} s of ${(this.end / 1000).toFixed(1)} s (raise it with --max-events, or shorten the duration)`);
      case 'time-budget':
        return report(m, name, this.seed, 'time-budget',
          `time budget: stopped after ${seconds(this.maxWallMs)} s of wall-clock time at ${(m.sim.now / 1000).toFixed(1)} s simulated (raise it with --max-wall, or shorten the duration)`);
      default:
        return report(m, name, this.seed, 'complete');
    }
  }
}

/** A wall-clock budget in seconds as people write it: 600, 30, 0.5. */
const seconds = (ms: number): string => String(+(ms / 1000).toFixed(3));

/** Every per-bucket list in the series cut to its first `n` buckets. */
function cut<T>(value: T, n: number): T {
  if (Array.isArray(value)) return value.slice(0, n) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cut(v, n)])) as T;
  }
  return value;
}

