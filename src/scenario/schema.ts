/**
 * The scenario file format as a zod schema: structure, units and per-node checks, plus the
 * JSON Schema for editors. Cross-references (entry and call targets, cycles, warm-up versus
 * duration) live in semantics.ts because they need the whole file, even a broken one.
 *
 * Every node's error message is a kind name from messages.ts, never prose; see issues.ts.
 * Each object's keys are declared once in a `...Shape` constant so later roadmap keys
 * (load, faults, policies, variants; priority, value, patience; cache, autoscale; timeout,
 * retry, breaker, ...) are one line each.
 */
import { z } from 'zod';
import type { CallSpec, DistSpec } from './types.js';
import { KINDS, type KindName } from './messages.js';
import { DURATION_PATTERN, RATE_PATTERN, formatDuration, parseDuration, parseRate } from './units.js';

/** Feature and service names: plain words, so paths like `services.api.workers` stay readable. */
export const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]*$';
export const NAME_EXPECTED = 'a name of letters, digits, - and _, starting with a letter or digit';

/** Keys each fixed-key map accepts, for "did you mean" on unknown keys. */
export const knownKeys = new Map<string, readonly string[]>();

const tag = (kind: KindName) => ({ error: kind });

function strict<S extends z.ZodRawShape>(kind: KindName, shape: S) {
  knownKeys.set(kind, Object.keys(shape));
  return z.strictObject(shape, tag(kind));
}

/**
 * A custom issue whose message is already plain words (not a kind name). `soft` ones only
 * matter when the map has no misspelt key, which would explain them (see Draft.softFor).
 */
function complain(ctx: z.RefinementCtx, message: string, expected: string, path: string[] = [], soft = false) {
  ctx.addIssue({ code: 'custom', message, path, params: soft ? { expected, soft } : { expected } });
}

/** A duration string, read into milliseconds. */
function duration(kind: KindName, allowZero: boolean, description: string) {
  return z
    .string(tag(kind))
    .regex(new RegExp(DURATION_PATTERN), tag(kind))
    .meta({ description, examples: ['250ms', '5s', '10m'] })
    .transform((text, ctx) => {
      const parsed = parseDuration(text, { allowZero });
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: 'custom', message: kind });
      return z.NEVER;
    });
}

const sample = (description: string) => duration('sampleDuration', true, description);
const scale = (description: string) => duration('scaleDuration', false, description);

const rate = z
  .string(tag('rate'))
  .regex(new RegExp(RATE_PATTERN), tag('rate'))
  .meta({ description: 'Requests per unit of time, arriving at random (Poisson).', examples: ['30/s', '1800/min'] })
  .transform((text, ctx) => {
    const parsed = parseRate(text);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: 'rate' });
    return z.NEVER;
  });

const text = (kind: KindName, description: string) =>
  z.string(tag(kind)).trim().min(1, tag(kind)).meta({ description });

const serviceRef = (description: string) => z.string(tag('serviceRef')).min(1, tag('serviceRef')).meta({ description });

const wholeNumber = (kind: KindName, least: number, description: string) =>
  z.int(tag(kind)).min(least, tag(kind)).meta({ description });

const uniform = strict('uniform', {
  min: sample('Shortest value.'),
  max: sample('Longest value; must be more than min.'),
}).superRefine((u, ctx) => {
  if (u.max <= u.min) {
    const message = `must be more than min (${formatDuration(u.min)}), got ${formatDuration(u.max)}`;
    complain(ctx, message, 'a range like { min: 10ms, max: 30ms }', ['max']);
  }
});

const lognormal = strict('lognormal', {
  p50: scale('Median: half of the values are shorter.').optional(),
  p99: scale('99th percentile: 1 value in 100 is longer. Must be more than p50.').optional(),
  mean: scale('Average value.').optional(),
  sd: sample('Standard deviation.').optional(),
})
  .superRefine(checkLognormal)
  .meta({
    description: 'Log-normal: skewed, with a long tail. Give p50 and p99, or mean and sd.',
    oneOf: [{ required: ['p50', 'p99'] }, { required: ['mean', 'sd'] }],
  });

/** Either percentile pair or moment pair, complete and not mixed; p99 above p50. */
function checkLognormal(l: { p50?: number; p99?: number; mean?: number; sd?: number }, ctx: z.RefinementCtx) {
  const expected = KINDS.lognormal.expected;
  const percentiles = l.p50 !== undefined || l.p99 !== undefined;
  const moments = l.mean !== undefined || l.sd !== undefined;
  if (percentiles && moments) return complain(ctx, 'mixes p50/p99 with mean/sd; use one pair', expected);
  if (!percentiles && !moments) return complain(ctx, 'needs p50 and p99, or mean and sd', expected, [], true);
  if (percentiles && (l.p50 === undefined || l.p99 === undefined)) {
    return complain(ctx, 'needs both p50 and p99', expected, [], true);
  }
  if (moments && (l.mean === undefined || l.sd === undefined)) {
    return complain(ctx, 'needs both mean and sd', expected, [], true);
  }
  if (l.p50 !== undefined && l.p99 !== undefined && l.p99 <= l.p50) {
    const message = `must be more than p50 (${formatDuration(l.p50)}), got ${formatDuration(l.p99)}`;
    complain(ctx, message, 'p99 above p50, e.g. { p50: 15ms, p99: 80ms }', ['p99']);
  }
}

const distributionShape = {
  exponential: sample('Exponential with this mean (memoryless, like M/M/c queueing).').optional(),
  constant: sample('Always exactly this long.').optional(),
  uniform: uniform.optional(),
  lognormal: lognormal.optional(),
  empirical: z
    .array(sample('One observed value.'), tag('empirical'))
    .min(1, tag('empirical'))
    .meta({ description: 'Observed values, drawn at random with equal chance.' })
    .optional(),
};

const distributionMap = strict('distributionMap', distributionShape)
  .superRefine((d, ctx) => {
    const named = Object.keys(d).filter((key) => d[key as keyof typeof d] !== undefined);
    if (named.length === 0) complain(ctx, 'names no distribution', KINDS.distributionMap.expected, [], true);
    if (named.length > 1) {
      complain(ctx, `names more than one distribution (${named.join(', ')})`, 'exactly one, e.g. { exponential: 100ms }');
    }
  })
  .meta({ description: 'Exactly one kind of distribution.', minProperties: 1, maxProperties: 1 })
  .transform(toDistSpec);

/** The one distribution named in a checked map, in the engine's form. */
function toDistSpec(d: z.output<z.ZodObject<typeof distributionShape>>): DistSpec {
  if (d.exponential !== undefined) return { kind: 'exponential', mean: d.exponential };
  if (d.constant !== undefined) return { kind: 'constant', value: d.constant };
  if (d.uniform !== undefined) return { kind: 'uniform', min: d.uniform.min, max: d.uniform.max };
  if (d.empirical !== undefined) return { kind: 'empirical', samples: d.empirical };
  const l = d.lognormal ?? {};
  if (l.p50 !== undefined && l.p99 !== undefined) {
    const mu = Math.log(l.p50);
    // 2.326... is the standard normal quantile at 0.99, so p99 = exp(mu + z99 * sigma).
    return { kind: 'lognormal', mu, sigma: (Math.log(l.p99) - mu) / 2.3263478740408408 };
  }
  const mean = l.mean ?? 1;
  const sd = l.sd ?? 0;
  const variance = Math.log(1 + (sd * sd) / (mean * mean));
  return { kind: 'lognormal', mu: Math.log(mean) - variance / 2, sigma: Math.sqrt(variance) };
}

/** Defined once (a JSON Schema `$defs` entry) and described where it is used. */
const anyDistribution = z
  .union(
    [sample('A fixed duration, same as { constant: ... }.').transform((value): DistSpec => ({ kind: 'constant', value })), distributionMap],
    tag('distribution'),
  )
  .meta({ id: 'distribution', description: 'A duration (fixed) or a one-key map naming a distribution.' });

const distribution = (description: string) => anyDistribution.meta({ description });

/** Keys of one call; retry, timeout, optional, breaker, bulkhead and fallback will join here. */
export const callShape = {
  to: serviceRef('The service called.'),
  latency: distribution('Network delay before the called service receives the request.').optional(),
};

const call = z.union(
  [
    serviceRef('The service called, with no extra settings.').transform((to): CallSpec => ({ to })),
    strict('callMap', callShape).transform(({ to, latency }): CallSpec => (latency ? { to, latency } : { to })),
  ],
  tag('call'),
);

export const featureShape = {
  rate: rate,
  entry: serviceRef('The service that receives these requests first.'),
};

export const serviceShape = {
  workers: wholeNumber('workers', 1, 'How many requests the service works on at once.'),
  queue: wholeNumber('queue', 0, 'How many requests may wait; 0 rejects when all workers are busy. Default: unlimited.').optional(),
  serviceTime: distribution('How long one request keeps a worker busy, before any calls.'),
  calls: z
    .array(call, tag('calls'))
    .meta({ description: 'Services called in order, synchronously, after this one\'s own work. Default: none.' })
    .optional(),
};

/** A map from names to items that must hold at least one entry. */
function namedMap<T extends z.ZodType>(kind: 'featureMap' | 'serviceMap', item: T, noun: string, description: string) {
  return z
    .record(z.string().regex(new RegExp(NAME_PATTERN)), item, tag(kind))
    .superRefine((map, ctx) => {
      if (Object.keys(map).length === 0) complain(ctx, `must list at least one ${noun}`, KINDS[kind].expected);
    })
    .meta({ description });
}

export const scenarioShape = {
  name: text('title', 'A short title for the scenario.'),
  description: text('story', 'The story behind the scenario, shown to the audience.').optional(),
  duration: duration('runDuration', false, 'How much simulated time to run.'),
  warmup: duration('warmup', true, 'Simulated time at the start left out of the results. Default: 0.').optional(),
  seed: wholeNumber('seed', 0, 'Random seed: the same seed gives the same results. Default: 1.').optional(),
  features: namedMap('featureMap', strict('feature', featureShape), 'feature', 'What users do, by name.'),
  services: namedMap('serviceMap', strict('service', serviceShape), 'service', 'The services that do the work, by name.'),
};

export const ScenarioSchema = strict('scenario', scenarioShape).meta({
  title: 'brownout scenario',
  description: 'A brownout scenario: features users call, and the services that serve them.',
});

export type SchemaOutput = z.output<typeof ScenarioSchema>;

/**
 * The JSON Schema of scenario files (what the user writes, not the parsed result), for editor
 * completion. Draft 7 because it is the version YAML editor plugins support most widely.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ScenarioSchema, { io: 'input', target: 'draft-07' }) as Record<string, unknown>;
}
