/**
 * The checked file (zod's output) to the normalised Scenario the model is built from. Most of
 * the work happens in the schema's transforms; here the named maps become lists, replays get
 * their CSV points, and top-level defaults are filled in. Keys absent from the file stay
 * absent, so files from before storms and defences keep their exact normalised form.
 */
import type { RatePoint } from './csv.js';
import { DEFAULTS } from './defaults.js';
import type { SchemaOutput } from './schema.js';
import type { LoadSpec, Scenario } from './types.js';

/** A replay's rate points, by the index of its item in `load`. */
export type ReplayPoints = ReadonlyMap<number, RatePoint[]>;

export function normalise(input: SchemaOutput, replays: ReplayPoints): Scenario {
  const scenario: Scenario = {
    name: input.name,
    ...(input.description === undefined ? {} : { description: input.description }),
    durationMs: input.duration,
    warmupMs: input.warmup ?? DEFAULTS.scenario.warmupMs,
    seed: input.seed ?? DEFAULTS.scenario.seed,
    features: Object.entries(input.features).map(([name, f]) => ({ name, ...f })),
    services: Object.entries(input.services).map(([name, s]) => ({ name, ...s })),
  };
  if (input.deadlines !== undefined) scenario.propagateDeadlines = input.deadlines === 'propagate';
  if (input.load !== undefined) scenario.load = input.load.map((item, index) => withPoints(item, replays.get(index)));
  if (input.faults !== undefined) scenario.faults = input.faults;
  if (input.shedding !== undefined) scenario.shedding = input.shedding;
  if (input.currency !== undefined) scenario.currency = input.currency;
  if (input.breaks !== undefined) scenario.breaks = input.breaks;
  if (input.knobs !== undefined) scenario.knobs = input.knobs;
  if (input.story !== undefined) scenario.story = input.story;
  // Variants are checked and added by parse.ts (variants.ts): each is a whole scenario of its own.
  return scenario;
}

function withPoints(item: NonNullable<SchemaOutput['load']>[number], points: RatePoint[] | undefined): LoadSpec {
  if (item.kind !== 'replay') return item;
  // parse.ts only normalises when every replay's file was read, so points are always there.
  const { kind, features, startMs, interpolate } = item;
  return { kind, features, startMs, interpolate, points: points ?? [] };
}
