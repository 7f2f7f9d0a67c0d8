/**
 * Distributions of durations as written in scenario files (a bare duration, or a one-key map
 * such as { exponential: 100ms }; for users' patience also { p50, p95 }), read into the
 * engine's DistSpec.
 */
import { z } from 'zod';
import { lognormalFromMoments, lognormalFromQuantiles } from '../engine/lognormal.js';
import { complain, sample, scale, strict, tag } from './fields.js';
import { KINDS, type KindName } from './messages.js';
import type { DistSpec } from './types.js';
import { formatDuration } from './units.js';

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
  .meta({ id: 'distributionMap', description: 'Exactly one kind of distribution.', minProperties: 1, maxProperties: 1 })
  .transform(toDistSpec);

/** The one distribution named in a checked map, in the engine's form. */
function toDistSpec(d: z.output<z.ZodObject<typeof distributionShape>>): DistSpec {
  if (d.exponential !== undefined) return { kind: 'exponential', mean: d.exponential };
  if (d.constant !== undefined) return { kind: 'constant', value: d.constant };
  if (d.uniform !== undefined) return { kind: 'uniform', min: d.uniform.min, max: d.uniform.max };
  if (d.empirical !== undefined) return { kind: 'empirical', samples: d.empirical };
  // The checks above let through one distribution, and a lognormal with one complete pair.
  const { p50, p99, mean, sd } = d.lognormal ?? {};
  if (p50 !== undefined && p99 !== undefined) return { kind: 'lognormal', ...lognormalFromQuantiles(p50, p99) };
  if (mean !== undefined && sd !== undefined) return { kind: 'lognormal', ...lognormalFromMoments(mean, sd) };
  throw new Error('distribution map with no distribution got past its check');
}

const fixed = sample('A fixed duration, same as { constant: ... }.').transform((value): DistSpec => ({ kind: 'constant', value }));

/** Defined once (a JSON Schema `$defs` entry) and described where it is used. */
const anyDistribution = z
  .union([fixed, distributionMap], tag('distribution'))
  .meta({ id: 'distribution', description: 'A duration (fixed) or a one-key map naming a distribution.' });

export const distribution = (description: string) => anyDistribution.meta({ description });

/** z for the 95th percentile of the standard normal. */
const Z95 = 1.6448536269514722;

/**
 * `{ p50, p95 }`: the log-normal with that median and 95th percentile, for human waits
 * (patience) where a p95 is what people can guess. The same rule as the lognormal's p99.
 */
const percentiles = strict('percentiles', {
  p50: scale('Median: half of the users give up sooner.'),
  p95: scale('95th percentile: 1 user in 20 waits longer. Must be more than p50.'),
})
  .superRefine((p, ctx) => {
    if (p.p95 <= p.p50) {
      const message = `must be more than p50 (${formatDuration(p.p50)}), got ${formatDuration(p.p95)}`;
      complain(ctx, message, 'p95 above p50, e.g. { p50: 3s, p95: 10s }', ['p95']);
    }
  })
  .meta({ description: 'Log-normal fitted to a median (p50) and a 95th percentile (p95).' })
  .transform((p): DistSpec => {
    const mu = Math.log(p.p50);
    return { kind: 'lognormal', mu, sigma: (Math.log(p.p95) - mu) / Z95 };
  });

/**
 * A distribution, or `{ p50, p95 }` for a log-normal. One flat union (not the percentiles
 * beside `distribution`) so a near miss is explained by the option whose keys fit best.
 */
export const distributionOrPercentiles = (kind: KindName, description: string) =>
  z.union([fixed, distributionMap, percentiles], tag(kind)).meta({ description });
