/**
 * Users and business: how a feature's users behave (patience, their own retries, conversion by
 * latency), what an intent is worth, the chances that an outcome becomes a support ticket or
 * loses the user, and the feature's SLO. Also the top-level `currency` and `breaks` thresholds.
 * Everything is optional, and absent keys stay absent in the normalised feature.
 */
import { z } from 'zod';
import { DEFAULTS, shown, withDefault } from './defaults.js';
import { distribution, distributionOrPercentiles } from './distribution.js';
import { complain, defined, number, sample, scale, share, strict, tag, text, wholeNumber } from './fields.js';
import type { BreaksSpec, ChurnSpec, ConversionPoint, FeatureSpec, SloSpec, TicketsSpec, UsersSpec, ValueSpec } from './types.js';
import { formatDuration, formatShare } from './units.js';

/** A chance or share from 0% to 100% (zero allowed). */
const odds = (description: string) => share('odds', description, true);

const amount = (description: string) => number('amount', 0, description);

const userRetry = strict('userRetry', {
  probability: odds('Chance that a user who saw an error, was refused or gave up tries again, e.g. 40%.'),
  think: distribution('Time the user takes before trying again, e.g. { exponential: 5s }.'),
  max: wholeNumber('retries', 1, 'Most times one user tries again for one intent.'),
});

const pointPair = z.tuple([sample('Latency the user saw.'), odds('Share of users served that fast who convert.')], tag('conversionPoint'));

const pointMap = strict('conversionMap', {
  latency: sample('Latency the user saw.'),
  share: odds('Share of users served that fast who convert.'),
});

type RawPoint = z.output<typeof pointPair> | z.output<typeof pointMap>;

const toPoint = (p: RawPoint): ConversionPoint => (Array.isArray(p) ? { latencyMs: p[0], share: p[1] } : { latencyMs: p.latency, share: p.share });

/** Latencies strictly increasing; the problem sits on the latency that is out of order. */
function checkIncreasing(points: RawPoint[], ctx: z.RefinementCtx) {
  points.forEach((point, i) => {
    if (i === 0) return;
    const before = toPoint(points[i - 1]).latencyMs, here = toPoint(point).latencyMs;
    if (here > before) return;
    const message = `must be later than the point before (${formatDuration(before)}), got ${formatDuration(here)}`;
    complain(ctx, message, 'latencies increasing, e.g. [[1s, 100%], [2s, 90%], [3s, 75%]]', [i, Array.isArray(point) ? 0 : 'latency']);
  });
}

const conversion = z
  .array(z.union([pointPair, pointMap], tag('conversionPoint')), tag('conversion'))
  .min(1, tag('conversion'))
  .superRefine(checkIncreasing)
  .meta({
    description:
      'Share of served users who convert, by the latency they saw: points [latency, share] with latencies increasing, ' +
      'a straight line between points, flat before the first and after the last. Without it, every served user converts.',
  })
  .transform((points) => points.map(toPoint));

const users = strict('users', {
  patience: distributionOrPercentiles(
    'patience',
    withDefault(
      'How long a user waits for an answer before giving up (abandoning): { p50: 3s, p95: 10s } (a log-normal), or a distribution.',
      shown.duration(DEFAULTS.users.patienceMs, 'forever'),
    ),
  ).optional(),
  retry: userRetry
    .meta({
      description: withDefault(
        'Users who saw an error, were refused or gave up try again on their own (a new request).',
        `${shown.number(DEFAULTS.users.retries)} retries`,
      ),
    })
    .optional(),
  conversion: conversion.optional(),
})
  .meta({ description: 'How the feature\'s users behave: patience, their own retries, conversion by latency.' })
  .transform((u): UsersSpec => defined({ patience: u.patience, retry: u.retry, conversion: u.conversion }));

const valueMap = strict('valueMap', {
  success: amount('Value of an intent that succeeded.'),
  degraded: amount(withDefault('Value of an intent answered degraded (a fallback stood in).', 'the success value')).optional(),
  stale: amount(withDefault('Value of an intent answered with stale data.', 'the success value')).optional(),
});

const value = z
  .union([amount('Value of an intent that succeeded.').transform((success): ValueSpec => ({ success })), valueMap.transform((v): ValueSpec => defined(v))], tag('value'))
  .meta({ description: 'What one user intent is worth, in the scenario\'s currency: a number (success), or { success, degraded, stale }.' });

const ODDS = DEFAULTS.odds;

/** The chance per bad outcome, for tickets (`what` = "becomes a support ticket") and churn. */
function oddsShape(what: string) {
  const chance = (outcome: string, fallback: string) => odds(withDefault(`Chance that ${outcome} ${what}.`, fallback)).optional();
  return {
    failed: chance('an intent that failed', shown.share(ODDS.failed)),
    abandoned: chance('an intent whose user gave up waiting', shown.share(ODDS.abandoned)),
    degraded: chance('an intent answered degraded', shown.share(ODDS.degraded)),
    stale: chance('an intent answered with stale data', shown.share(ODDS.stale)),
    refused: chance('an intent refused at once (shed or rate-limited)', 'the failed chance'),
  };
}

const tickets = strict('tickets', {
  ...oddsShape('becomes a support ticket'),
  late: odds(withDefault('Chance that a message delivered later than lateAfter becomes a ticket; needs lateAfter.', shown.share(ODDS.late))).optional(),
  lateAfter: scale('A message delivered later than this counts as late. Without it, no delivery is late.').optional(),
})
  .superRefine((t, ctx) => {
    if (t.late !== undefined && t.lateAfter === undefined) {
      const message = `needs lateAfter: without it no delivery is late, so late: ${formatShare(t.late)} could never apply`;
      complain(ctx, message, 'late with lateAfter, e.g. { late: 5%, lateAfter: 1h }', ['late']);
    }
  })
  .meta({ description: 'Chances that an outcome becomes a support ticket.' })
  .transform(({ lateAfter, ...t }): TicketsSpec => defined({ ...t, lateAfterMs: lateAfter }));

const churn = strict('churn', {
  ...oddsShape('loses the user for good'),
  lifetimeValue: amount(withDefault('Value of a user lost for good, in the scenario\'s currency.', shown.number(DEFAULTS.churn.lifetimeValue))).optional(),
})
  .meta({ description: 'Chances that an outcome loses the user for good, and what a lost user is worth.' })
  .transform((c): ChurnSpec => defined(c));

const slo = strict('slo', {
  success: share('share', 'Share of requests that must be good (served, and within `within` when given), e.g. 99.9%; below 100%.'),
  within: scale('Latency a good request must be served within. Without it, the SLO counts availability only.').optional(),
  window: scale(withDefault('Window over which the SLO is judged for time out of SLO.', shown.duration(DEFAULTS.slo.windowMs))).optional(),
})
  .superRefine((s, ctx) => {
    if (s.success >= 1) {
      complain(ctx, 'must be below 100%: an objective of 100% leaves no error budget to spend', 'a share below 100% like 99.9%', ['success']);
    }
  })
  .meta({ description: 'The feature\'s service level objective, e.g. { success: 99.9%, within: 1s }.' })
  .transform((s): SloSpec => defined({ success: s.success, withinMs: s.within, windowMs: s.window }));

/** The feature keys for users and business; schema.ts adds them to every feature. */
export const businessShape = {
  users: users.optional(),
  value: value.optional(),
  tickets: tickets.optional(),
  churn: churn.optional(),
  slo: slo.optional(),
};

export type BusinessInput = z.output<z.ZodObject<typeof businessShape>>;

/** The given business keys, ready to spread into a normalised feature. */
export const toBusiness = (b: BusinessInput): Pick<FeatureSpec, keyof BusinessInput> => defined(b);

const BREAKS = DEFAULTS.breaks;

export const breaks = strict('breaks', {
  saturation: share(
    'share', withDefault('A service saturates when its utilization stays at or above this for `sustain`.', shown.share(BREAKS.saturation)),
  ).optional(),
  sustain: sample(withDefault('How long a condition must hold before it counts as a break.', shown.duration(BREAKS.sustainMs))).optional(),
  abandonment: share(
    'share', withDefault('A feature\'s abandonment is rising when at least this share of its users abandon.', shown.share(BREAKS.abandonment)),
  ).optional(),
  errors: share(
    'share', withDefault('Errors start when at least this share of requests or attempts fail.', shown.share(BREAKS.errors)),
  ).optional(),
})
  .meta({ description: 'When the what-breaks-first timeline counts something as broken.' })
  .transform((b): BreaksSpec => defined({ saturation: b.saturation, sustainMs: b.sustain, abandonment: b.abandonment, errors: b.errors }));

export const currency = text(
  'currency', withDefault('The unit of value, churn.lifetimeValue and costPerHour, e.g. USD.', DEFAULTS.scenarioCurrency),
);
