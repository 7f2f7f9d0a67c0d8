/**
 * The web app's sliders for a scenario: the knobs its file declares (`knobs:`), or, when it
 * declares none, knobs made from its storms and the services on their path (knobs-derive.ts).
 * Each knob sets one value by its path, as `sweep --param` does: the worker writes the
 * sliders' values into the text with applyParams (param.ts), in the form writeKnob gives.
 */
import { readAmount } from './amount.js';
import { deriveKnobs } from './knobs-derive.js';
import { showKnob } from './knob-format.js';
import { dataAt, groupOf, isTimes, labelOf } from './knob-labels.js';
import { defaultStep } from './knob-range.js';
import { readData } from './param.js';
import type { KnobSpec, Scenario } from './types.js';

export { showKnob, writeKnob } from './knob-format.js';

export interface Knob {
  /** The path it sets, as in sweep --param: `load.0.spike.factor`. */
  param: string;
  /** For the slider, in plain English. */
  label: string;
  kind: 'duration' | 'rate' | 'share' | 'number';
  /** Slider units: ms for durations, per SECOND for rates, 0..1 for shares, plain numbers. */
  min: number;
  max: number;
  step: number;
  /** The file's value, always within [min, max]. */
  value: number;
  /** Only whole numbers (workers, attempts...). */
  whole: boolean;
  /** From `knobs:` in the file, or derived. */
  declared: boolean;
  /** Heading to group sliders under: `Storm`, `Load` (features and their users), a service's name. */
  group: string;
  /** A rate multiplier or slowdown factor, shown `×10`. */
  times: boolean;
  /** Set when the file's value lies outside the declared range, which was widened to hold it. */
  note?: string;
}

/**
 * The knobs for `scenario`, parsed from `text` (whose values they start from): those the file
 * declares, in its order, or when it declares none, derived ones (at most 12: storms first, then
 * the users and services on the storms' path; with no storm, every feature and service). A
 * declared range that leaves out the file's value (a sweep or a slider may have set it) is
 * widened to hold it, and says so in `note`. Never throws.
 */
export function knobsOf(scenario: Scenario, text: string): Knob[] {
  const data = readData(text);
  return scenario.knobs === undefined ? deriveKnobs(scenario, data) : scenario.knobs.map((spec) => declaredKnob(spec, data));
}

function declaredKnob(spec: KnobSpec, data: unknown): Knob {
  // Sliders show rates per second; the scenario holds them per ms.
  const slider = (v: number) => (spec.kind === 'rate' ? v * 1000 : v);
  const read = readAmount(dataAt(data, spec.param));
  let min = slider(spec.from), max = slider(spec.to);
  const value = read.ok ? slider(read.amount.value) : min;
  const whole = spec.kind === 'number' && spec.wholeText && Number.isInteger(value);
  const step = spec.step === undefined ? defaultStep(spec.kind, max - min, whole) : slider(spec.step);
  const knob: Knob = {
    param: spec.param, label: spec.label ?? labelOf(spec.param, data), kind: spec.kind,
    min, max, step, value, whole, declared: true, group: groupOf(spec.param), times: isTimes(spec.param),
  };
  if (value >= min && value <= max) return knob;
  const note = `the file's value (${showKnob(knob, value)}) is outside the declared ${showKnob(knob, min)} to ${showKnob(knob, max)}; the slider was widened to hold it`;
  [min, max] = [Math.min(min, value), Math.max(max, value)];
  return { ...knob, min, max, note };
}
