/**
 * Plain-words kinds for the web app's knobs and presentation mode's story; see messages.ts
 * for how kinds are used.
 */
import { AMOUNT_EXPECTED, readAmount } from './amount.js';
import { type Kind, list, mapKind, text } from './explain.js';
import { describeValue } from './units.js';

export const PATH_SHAPE = /^[^.\s]+(\.[^.\s]+)*$/;

export const PRESENTATION_KINDS = {
  knobList: { expected: 'a list like - { param: load.0.spike.factor, from: 1, to: 20 }', explain: list('knob', true) },
  knob: mapKind('a map like { param: faults.0.errors.duration, from: 30s, to: 10m, step: 30s, label: Outage length }', 'a map with param, from and to'),
  knobParam: {
    expected: 'a path as in sweep --param: keys separated by dots, list items numbered from 0, e.g. services.db.workers',
    explain: (raw: unknown) =>
      typeof raw === 'string' && PATH_SHAPE.test(raw.trim()) ? undefined : `must be a path like load.0.spike.factor, got ${describeValue(raw)}`,
  },
  knobAmount: {
    expected: AMOUNT_EXPECTED,
    explain: (raw: unknown) => {
      const read = readAmount(raw);
      return read.ok ? undefined : read.message;
    },
  },
  knobLabel: { expected: 'a short label for the slider, e.g. label: Outage length', explain: text },
  storyList: { expected: 'a list like - { at: 5m, text: "Payments starts failing. What will checkout do?" }', explain: list('story step', true) },
  storyStep: mapKind('a map like { at: 5m, text: "Payments starts failing. What will checkout do?" }', 'a map with at and text'),
  storyText: { expected: 'what to say at that moment, e.g. text: "Payments starts failing. What will checkout do?"', explain: text },
} satisfies Record<string, Kind>;
