/**
 * Storms: load profiles (`load:`) and faults (`faults:`). Each list item is a one-key map
 * naming its kind, e.g. `- spike: { feature: browse, factor: 10, start: 5m, duration: 5m }`.
 * Which features and services exist, and whether a start falls inside the run, are checked
 * in references.ts; CSV replay files are read in replay.ts.
 */
import { z } from 'zod';
import { DEFAULTS, shown, withDefault } from './defaults.js';
import {
  choice, complain, featureRef, given, number, sample, scale, serviceRef, share, startTime, strict, tag, text, wholeNumber,
} from './fields.js';
import type { KindName } from './messages.js';
import type { FaultSpec, LoadSpec } from './types.js';
import { formatDuration } from './units.js';

/** A replay as the schema reads it: the CSV file is read afterwards (replay.ts). */
export type ReplayDraft = Omit<Extract<LoadSpec, { kind: 'replay' }>, 'points'> & { file: string };

const LOAD = DEFAULTS.load;
const FAULTS = DEFAULTS.faults;

const multiplier = (description: string) => number('multiplier', 0, description);
const start = startTime('When it starts, counted from the start of the run.');
const span = scale('How long it lasts.');

const targetShape = {
  feature: featureRef('The feature it applies to.').optional(),
  features: z
    .array(featureRef('A feature it applies to.'), tag('featureList'))
    .min(1, tag('featureList'))
    .meta({ description: 'The features it applies to. Default (no feature or features): all features.' })
    .optional(),
};

/** feature / features to the normalised list ([] = all features); both at once is a problem. */
function checkTargets(t: { feature?: string; features?: string[] }, ctx: z.RefinementCtx) {
  if (t.feature !== undefined && t.features !== undefined) {
    complain(ctx, 'names both feature and features; use one', 'feature: browse, or features: [browse, search]', ['features']);
  }
}
const targets = (t: { feature?: string; features?: string[] }) => (t.feature !== undefined ? [t.feature] : (t.features ?? []));

const spike = strict('spike', {
  ...targetShape,
  factor: multiplier('Rate multiplier at the top of the spike, e.g. 10.'),
  start,
  duration: span,
  ramp: sample(withDefault('Time to rise to the factor and to fall back (both).', shown.duration(LOAD.rampMs))).optional(),
  rampUp: sample(withDefault('Time to rise to the factor.', `ramp, or ${shown.duration(LOAD.rampMs)}`)).optional(),
  rampDown: sample(withDefault('Time to fall back, ending at start + duration.', `ramp, or ${shown.duration(LOAD.rampMs)}`)).optional(),
})
  .superRefine((s, ctx) => {
    checkTargets(s, ctx);
    for (const key of s.ramp === undefined ? [] : given(s, ['rampUp', 'rampDown'])) {
      complain(ctx, 'cannot be given with ramp, which sets both', 'ramp: 30s, or rampUp and rampDown', [key]);
    }
  })
  .transform((s): LoadSpec => ({
    kind: 'spike',
    features: targets(s),
    startMs: s.start,
    durationMs: s.duration,
    factor: s.factor,
    rampUpMs: s.rampUp ?? s.ramp ?? LOAD.rampMs,
    rampDownMs: s.rampDown ?? s.ramp ?? LOAD.rampMs,
  }));

const step = strict('step', {
  ...targetShape,
  factor: multiplier('Rate multiplier while it lasts, e.g. 2.'),
  start,
  duration: scale(withDefault('How long it lasts.', shown.duration(LOAD.stepDurationMs, 'to the end of the run'))).optional(),
})
  .superRefine(checkTargets)
  .transform((s): LoadSpec => ({ kind: 'step', features: targets(s), startMs: s.start, durationMs: s.duration ?? LOAD.stepDurationMs, factor: s.factor }));

const ramp = strict('ramp', {
  ...targetShape,
  from: multiplier('Rate multiplier at the start of the ramp.'),
  to: multiplier('Rate multiplier at its end, held afterwards.'),
  start,
  duration: scale('How long the ramp takes.'),
})
  .superRefine(checkTargets)
  .transform((r): LoadSpec => ({ kind: 'ramp', features: targets(r), startMs: r.start, durationMs: r.duration, from: r.from, to: r.to }));

const daily = strict('daily', {
  ...targetShape,
  min: multiplier('Rate multiplier at the quietest time.'),
  max: multiplier('Rate multiplier at the peak.'),
  peakAt: sample('Time of the peak, counted from the start of the run (modulo the period), e.g. 20h.'),
  period: scale(withDefault('Length of one cycle.', shown.duration(LOAD.dailyPeriodMs))).optional(),
})
  .superRefine((d, ctx) => {
    checkTargets(d, ctx);
    if (d.max < d.min) complain(ctx, `must be at least min (${d.min}), got ${d.max}`, 'min no more than max, e.g. { min: 0.4, max: 1.2 }', ['max']);
    const period = d.period ?? LOAD.dailyPeriodMs;
    if (d.peakAt >= period) {
      const message = `must be less than the period (${formatDuration(period)}), got ${formatDuration(d.peakAt)}`;
      complain(ctx, message, 'a time within one period, e.g. peakAt: 20h with period: 24h', ['peakAt']);
    }
  })
  .transform((d): LoadSpec => ({ kind: 'daily', features: targets(d), min: d.min, max: d.max, peakAtMs: d.peakAt, periodMs: d.period ?? LOAD.dailyPeriodMs }));

const replay = strict('replay', {
  ...targetShape,
  file: text('csvFile', 'A CSV file of rates (header time,rate), relative to the scenario file.'),
  start: startTime(withDefault('When the replay starts, counted from the start of the run.', shown.duration(LOAD.replayStartMs))).optional(),
  interpolate: choice(
    'interpolate', ['step', 'linear'], withDefault('Between rows: hold the rate (step) or draw a line (linear).', LOAD.interpolate),
  ).optional(),
})
  .superRefine(checkTargets)
  .transform((r): ReplayDraft => ({
    kind: 'replay',
    features: targets(r),
    startMs: r.start ?? LOAD.replayStartMs,
    file: r.file,
    interpolate: r.interpolate ?? LOAD.interpolate,
  }));

/** A list item holding exactly one of `shape`'s kinds; reads to that kind's value. */
function oneOfKinds<S extends Record<string, z.ZodType>>(kind: KindName, noun: string, shape: S) {
  const optional = Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema.optional()]));
  const options = Object.keys(shape);
  const example = `one kind per item, e.g. - ${options[0]}: { ... }`;
  return strict(kind, optional as { [K in keyof S]: z.ZodOptional<S[K]> })
    .superRefine((item, ctx) => {
      const named = options.filter((key) => (item as Record<string, unknown>)[key] !== undefined);
      if (named.length === 0) complain(ctx, `names no ${noun}`, `one of ${options.join(', ')}`, [], true);
      if (named.length > 1) complain(ctx, `names more than one ${noun} (${named.join(', ')}); give each its own item`, example);
    })
    .meta({ minProperties: 1, maxProperties: 1 })
    .transform((item) => Object.values(item).find((value) => value !== undefined) as z.output<S[keyof S]>);
}

export const loadItem = oneOfKinds('loadItem', 'load kind', { spike, step, ramp, daily, replay });

const service = serviceRef('The service it strikes.');

const outage = strict('outage', {
  service,
  start,
  duration: span,
  mode: choice(
    'outageMode', ['fail-fast', 'hang'], withDefault('fail-fast: requests error at once; hang: they are never answered.', FAULTS.outageMode),
  ).optional(),
}).transform((o): FaultSpec => ({ kind: 'outage', service: o.service, startMs: o.start, durationMs: o.duration, mode: o.mode ?? FAULTS.outageMode }));

const latency = strict('latencyFault', {
  service,
  start,
  duration: span,
  factor: multiplier(withDefault('Own work takes this many times longer.', shown.number(FAULTS.latencyFactor))).optional(),
  add: sample(withDefault('Extra time added to own work.', shown.duration(FAULTS.latencyAddMs))).optional(),
})
  .superRefine((l, ctx) => {
    if (l.factor === undefined && l.add === undefined) complain(ctx, 'needs factor, add or both', '{ factor: 3 } or { add: 200ms }', [], true);
  })
  .transform((l): FaultSpec => ({
    kind: 'latency',
    service: l.service,
    startMs: l.start,
    durationMs: l.duration,
    factor: l.factor ?? FAULTS.latencyFactor,
    addMs: l.add ?? FAULTS.latencyAddMs,
  }));

const errors = strict('errorsFault', {
  service,
  start,
  duration: span,
  rate: share('share', 'Share of requests that fail after their own work, e.g. 20%.'),
}).transform((e): FaultSpec => ({ kind: 'errors', service: e.service, startMs: e.start, durationMs: e.duration, rate: e.rate }));

const capacity = strict('capacity', {
  service,
  start,
  duration: span,
  lose: wholeNumber('lose', 1, 'Workers lost, counted over all instances.').optional(),
  share: share('share', 'Share of instances lost (rounded), e.g. 50%.').optional(),
})
  .superRefine((c, ctx) => {
    const named = given(c, ['lose', 'share']);
    const expected = '{ lose: 2 } (workers) or { share: 50% } (instances)';
    if (named.length === 0) complain(ctx, 'needs lose or share', expected, [], true);
    if (named.length > 1) complain(ctx, 'names both lose and share; use one', expected);
  })
  .transform((c): FaultSpec => ({ kind: 'capacity', service: c.service, startMs: c.start, durationMs: c.duration, workers: c.lose ?? 0, share: c.share ?? 0 }));

const cacheFlush = strict('cacheFlush', {
  service: serviceRef('The service whose cache is emptied.'),
  at: startTime('When the cache is emptied, counted from the start of the run.'),
}).transform((f): FaultSpec => ({ kind: 'cache-flush', service: f.service, startMs: f.at, durationMs: 0 }));

const partition = strict('partition', {
  from: serviceRef('The calling service.'),
  to: serviceRef('The called service.'),
  start,
  duration: span,
  mode: choice(
    'outageMode', ['fail-fast', 'hang'], withDefault('hang: calls are never answered; fail-fast: they error at once.', FAULTS.partitionMode),
  ).optional(),
}).transform((p): FaultSpec => ({ kind: 'partition', from: p.from, to: p.to, startMs: p.start, durationMs: p.duration, mode: p.mode ?? FAULTS.partitionMode }));

export const faultItem = oneOfKinds('faultItem', 'fault kind', { outage, latency, errors, capacity, cacheFlush, partition });
