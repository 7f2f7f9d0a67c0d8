/**
 * Slider ranges and steps that read well: steps of 1, 2, 2.5 or 5 (times a power of ten), or of
 * a round length of time (30s, 1m, 15m...), so a slider stops on values a person would write.
 * All in slider units: ms for durations, per second for rates, fractions for shares.
 */
import { clean, type AmountKind } from './amount.js';

export interface Range {
  min: number;
  max: number;
  step: number;
  whole: boolean;
}

const SECOND = 1000, MINUTE = 60 * SECOND, HOUR = 60 * MINUTE;
const DURATION_STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500,
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR,
];

/** The candidate closest to `raw` on a log scale (ties go to the larger). */
function closest(raw: number, candidates: readonly number[]): number {
  return candidates.reduce((best, c) => (Math.abs(Math.log(c / raw)) <= Math.abs(Math.log(best / raw)) ? c : best));
}

/** Round numbers near `raw`: 1, 2, 2.5 and 5 times the powers of ten around it. */
function roundNumbers(raw: number): number[] {
  const power = 10 ** Math.floor(Math.log10(raw));
  return [power / 10, power, power * 10].flatMap((p) => [1, 2, 2.5, 5].map((m) => clean(m * p)));
}

/** The round step nearest `raw` for a value of `kind`. */
export function niceStep(kind: AmountKind, raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  return closest(raw, kind === 'duration' ? DURATION_STEPS : roundNumbers(raw));
}

/**
 * The step for a declared range without one: 1 for whole numbers; else a round step that cuts
 * the range into 10 to 40 even parts, the one nearest 20 parts; else a twentieth of it.
 */
export function defaultStep(kind: AmountKind, span: number, whole: boolean): number {
  if (whole) return 1;
  const raw = span / 20;
  const candidates = kind === 'duration' ? DURATION_STEPS : roundNumbers(raw);
  const even = candidates.filter((c) => {
    const parts = span / c;
    return parts >= 10 && parts <= 40 && Math.abs(parts - Math.round(parts)) < 1e-9;
  });
  return even.length > 0 ? closest(raw, even) : clean(raw);
}

/**
 * Around a current value `c` (> 0): about ¼ to 4 times it, on a round step, the ends multiples
 * of the step. `cap` bounds the top, e.g. the time left in the run (a value already beyond it is
 * the top itself: the slider can shorten it, not lengthen it).
 */
export function aroundRange(kind: AmountKind, c: number, cap?: number): Range {
  const top = cap === undefined ? 4 * c : Math.max(c, Math.min(4 * c, cap));
  const step = niceStep(kind, (top - c / 4) / 20);
  const min = clean(Math.min(c, Math.max(step, Math.floor(c / 4 / step) * step)));
  const max = clean(Math.max(c, (cap === undefined ? Math.ceil(top / step) : Math.floor(top / step)) * step));
  return { min, max, step, whole: false };
}

/** A rate multiplier or slowdown factor: from 1 (or the value, when below 1) to max(2c, 10); whole when `c` is. */
export function timesRange(c: number): Range {
  const min = Math.min(1, c), max = Math.max(2 * c, 10);
  const whole = Number.isInteger(c) && Number.isInteger(min);
  return { min, max, step: whole ? 1 : niceStep('number', (max - min) / 20), whole };
}

/** A whole count such as workers: from `least` to max(4c, c + 10), step 1. */
export function countRange(c: number, least: number): Range {
  return { min: Math.min(least, c), max: Math.max(4 * c, c + 10), step: 1, whole: true };
}

/** Attempts in all: from `least` (1, or 2 when a budget needs retries) to max(2c, c + 4). */
export function attemptsRange(c: number, least: number): Range {
  return { min: Math.min(least, c), max: Math.max(2 * c, c + 4), step: 1, whole: true };
}

/** A share from `least` (or the value, when below it) to 100%, on steps of `least`. */
export function shareRange(c: number, least: number): Range {
  return { min: Math.min(least, c), max: 1, step: least, whole: false };
}
