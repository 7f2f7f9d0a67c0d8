import type { Priority, SheddingSpec } from '../scenario/types.js';

/** Numeric priorities, as the model stores them per feature: core 0, important 1, optional 2. */
export const PRIORITY_INDEX: Readonly<Record<Priority, number>> = { core: 0, important: 1, optional: 2 };

/** Level at which a priority starts being shed when the dimmer never sheds it. */
const NEVER = 255;

/**
 * The brownout dimmer of one `SheddingSpec`. The model calls `update` on a fixed tick with the
 * signal measured over the tick that just ended; the dimmer never schedules anything.
 *
 * - It dims one step (level + 1, up to the number of levels) once the signal has been above
 *   `above` continuously for `forMs`, and brightens one step (level − 1, down to 0) once it has
 *   been below `below` continuously for `forMs`. A value in between [below, above] changes
 *   nothing but breaks both runs (hysteresis). After a step its timer restarts, so the level
 *   moves at most one step per `forMs`.
 * - At level k the first k entries of `levels` are shed. Core is never shed: `core` entries in
 *   `levels` are dropped, so they take no step.
 */
export class Dimmer {
  /** 0: nothing shed; k: the first k sheddable levels are shed. */
  level = 0;
  /** Every level change as [time, new level], in time order (the start at level 0 is not listed). */
  readonly history: [time: number, level: number][] = [];
  private readonly maxLevel: number;
  /** For each priority index, the level from which it is shed (NEVER if not listed). */
  private readonly shedFrom = new Uint8Array(3).fill(NEVER);
  /** Start of the current run above / below, NaN when not in one. */
  private aboveSince = NaN;
  private belowSince = NaN;
  /** End of the previous tick: the start of the interval the next signal describes. */
  private lastUpdate: number;

  /** `startMs`: when the first tick's measurement began (default 0). */
  constructor(readonly spec: SheddingSpec, startMs = 0) {
    let k = 0;
    for (const p of spec.levels) {
      const i = PRIORITY_INDEX[p];
      if (i === 0 || this.shedFrom[i] !== NEVER) continue;
      this.shedFrom[i] = ++k;
    }
    this.maxLevel = k;
    this.lastUpdate = startMs;
  }

  /**
   * Takes the signal measured over (previous update, now]. A run above (or below) starts at the
   * beginning of the first tick measured above (or below), so a signal high from time 0 with
   * 1 s ticks and forMs 5 s dims at 5 s.
   */
  update(now: number, signal: number): void {
    const tickStart = this.lastUpdate;
    this.lastUpdate = now;
    if (signal > this.spec.above) {
      this.belowSince = NaN;
      if (Number.isNaN(this.aboveSince)) this.aboveSince = tickStart;
      if (now - this.aboveSince >= this.spec.forMs && this.level < this.maxLevel) {
        this.step(now, this.level + 1);
        this.aboveSince = now;
      }
    } else if (signal < this.spec.below) {
      this.aboveSince = NaN;
      if (Number.isNaN(this.belowSince)) this.belowSince = tickStart;
      if (now - this.belowSince >= this.spec.forMs && this.level > 0) {
        this.step(now, this.level - 1);
        this.belowSince = now;
      }
    } else {
      this.aboveSince = NaN;
      this.belowSince = NaN;
    }
  }

  /** Whether work of priority index `priority` (see PRIORITY_INDEX) is shed now. Never core. */
  sheds(priority: number): boolean {
    return this.level >= this.shedFrom[priority];
  }

  private step(now: number, level: number): void {
    this.level = level;
    this.history.push([now, level]);
  }
}

/**
 * Time spent shedding something (level > 0) within [from, to], from a dimmer's level changes
 * (`Dimmer.history`, level 0 before the first). 0 when to ≤ from.
 */
export function shedTime(history: readonly (readonly [time: number, level: number])[], from: number, to: number): number {
  let total = 0, level = 0, since = from;
  for (const [t, next] of history) {
    const at = Math.min(Math.max(t, from), to);
    if (level > 0) total += at - since;
    level = next;
    since = at;
  }
  return level > 0 ? total + Math.max(to - since, 0) : total;
}
