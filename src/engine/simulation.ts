import { CalendarQueue } from './calendar.js';
import { IntRing } from './ring.js';

/**
 * What a model gives the kernel: one function that reacts to an event. Events are integer
 * (kind, arg) pairs, so the kernel allocates nothing per event and the model dispatches with a
 * switch. This is the whole protocol between kernel and model.
 */
export interface Handler {
  handle(kind: number, arg: number): void;
}

/** Limits that stop a runaway run with a reason instead of hanging. */
export interface Budget {
  /** Stop after this many events. */
  maxEvents?: number;
  /** Stop after this much wall-clock time, ms (checked every 65,536 events). */
  maxWallMs?: number;
}

export type StopCause = 'complete' | 'event-budget' | 'time-budget' | 'stopped';

const CHECK_EVERY = 65536;

/**
 * A discrete-event kernel: a clock, a (time, sequence)-ordered event set (a calendar queue), and a FIFO fast path
 * for zero-delay events. Knows nothing of the domain.
 */
export class Simulation {
  /** Current simulated time. */
  now = 0;
  /** Events executed so far. */
  events = 0;
  /** Why the last run stopped early (set by `stop` or a budget). */
  stopReason: string | null = null;
  private readonly heap = new CalendarQueue();
  // Zero-delay events all happen at `now`, after any heap events at `now` (those were inserted
  // earlier, so they have a smaller sequence): a FIFO keeps (time, seq) order without the heap.
  private readonly soonKinds = new IntRing(64);
  private readonly soonArgs = new IntRing(64);

  /**
   * Schedules an event `delay` after now. A zero delay runs after everything already due now.
   * @throws RangeError on a negative or NaN delay (time never goes back).
   */
  schedule(delay: number, kind: number, arg: number): void {
    if (!(delay >= 0)) refuse('schedule: delay must be >= 0', delay);
    this.at(this.now + delay, kind, arg);
  }

  /**
   * Schedules an event at absolute time `time`. A time equal to now (including a delay too small
   * to move the clock) runs after everything already due now.
   * @throws RangeError on a time in the past or NaN.
   */
  at(time: number, kind: number, arg: number): void {
    if (time > this.now) {
      this.heap.push(time, kind, arg);
    } else if (time === this.now) {
      this.soonKinds.push(kind);
      this.soonArgs.push(arg);
    } else {
      refuse(`at: time must be >= now (${this.now})`, time);
    }
  }

  /** Asks the running loop to stop after the current event, with a reason. */
  stop(reason: string): void {
    this.stopReason = reason;
  }

  /** Events scheduled and not yet run. */
  get pending(): number {
    return this.heap.length + this.soonKinds.length;
  }

  /**
   * Runs events in (time, sequence) order until none is due at or before `until`, a budget runs
   * out, or the handler calls `stop`. On completion the clock is left at `until`.
   */
  run(handler: Handler, until: number, budget: Budget = {}): StopCause {
    const heap = this.heap, soonKinds = this.soonKinds, soonArgs = this.soonArgs;
    const maxEvents = budget.maxEvents ?? Infinity;
    const maxWallMs = budget.maxWallMs ?? Infinity;
    const started = performance.now();
    let events = this.events;
    let check = Math.min(events + CHECK_EVERY, maxEvents);
    let cause: StopCause = 'complete';
    this.stopReason = null;
    for (;;) {
      let kind: number, arg: number;
      const t = heap.peekTime();
      if (soonKinds.length > 0 && t > this.now) {
        kind = soonKinds.shift();
        arg = soonArgs.shift();
      } else {
        if (t > until) break;
        kind = heap.peekKind();
        arg = heap.peekArg();
        heap.pop();
        this.now = t;
      }
      events++;
      handler.handle(kind, arg);
      if (this.stopReason !== null) { cause = 'stopped'; break; }
      if (events >= check) {
        if (events >= maxEvents) { cause = 'event-budget'; break; }
        check = Math.min(events + CHECK_EVERY, maxEvents);
        if (performance.now() - started > maxWallMs) { cause = 'time-budget'; break; }
      }
    }
    this.events = events;
    if (cause === 'complete') this.now = until;
    return cause;
  }
}

/** Throws for a time in the past; out of line so the scheduling methods stay small enough to inline. */
function refuse(what: string, got: number): never {
  throw new RangeError(`${what}, got ${got}`);
}
