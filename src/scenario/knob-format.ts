/**
 * A knob's value in the two forms the web app needs: as written into the scenario file (for
 * applyParams) and as shown beside the slider.
 */
import { clean, writeAmount } from './amount.js';
import type { Knob } from './knobs.js';
import { formatShare } from './units.js';

/** The slider's `value` (slider units) rounded as the knob allows: whole, or 12 significant digits. */
const snap = (knob: Knob, value: number) => (knob.whole ? Math.round(value) : clean(value));

/**
 * The value as written into the scenario file for setParam / applyParams: `90s`, `45/s`,
 * `62.5%`, `7`. Durations in the largest unit that divides them evenly, rates per second.
 */
export function writeKnob(knob: Knob, value: number): string | number {
  const v = snap(knob, value);
  return writeAmount(knob.kind, knob.kind === 'rate' ? v / 1000 : v, 's');
}

/** The value for a slider's label: `1m30s`, `45/s`, `62.5%`, `7`, `×10` for multipliers. Three significant digits at most for fractions. */
export function showKnob(knob: Knob, value: number): string {
  const v = snap(knob, value);
  const short = (x: number) => String(Number(x.toPrecision(3)));
  switch (knob.kind) {
    case 'duration': return showDuration(v);
    case 'rate': return `${short(v)}/s`;
    case 'share': return formatShare(Number(v.toPrecision(3)));
    case 'number': return knob.times ? `×${short(v)}` : knob.whole ? String(v) : short(v);
  }
}

const UNITS: [string, number][] = [['h', 3_600_000], ['m', 60_000], ['s', 1000]];

/** `1h5m`, `1m30s`, `1.5s`, `250ms`: whole hours and minutes, then the seconds (or ms under a second) left. */
function showDuration(ms: number): string {
  if (ms < 1000) return `${clean(ms)}ms`;
  let rest = ms;
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const n = unit === 's' ? clean(rest / size) : Math.floor(rest / size);
    if (n > 0) parts.push(`${unit === 's' ? Number(n.toPrecision(3)) : n}${unit}`);
    rest -= unit === 's' ? rest : n * size;
  }
  return parts.join('');
}
