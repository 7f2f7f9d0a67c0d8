/**
 * The scenario file format as a zod schema: structure, units and per-node checks, plus the
 * JSON Schema for editors. Cross-references (entry and call targets, cycles, warm-up versus
 * duration, storms' features and services) live in semantics.ts and references.ts because they
 * need the whole file, even a broken one.
 *
 * Every node's error message is a kind name from messages.ts, never prose; see issues.ts.
 * Each object's keys are declared once in a `...Shape` constant so later roadmap keys are one
 * line each. The parts live in their own modules: fields.ts (value helpers), distribution.ts,
 * policy.ts (calls and call policies), storms.ts (load and faults), defences.ts, business.ts
 * (users, value, tickets, churn, SLOs, breaks), variants.ts and presentation.ts (knobs, story).
 */
import { z } from 'zod';
import { breaks, businessShape, currency, toBusiness } from './business.js';
import { CHOICES, DEFAULTS, shown, withDefault } from './defaults.js';
import { autoscale, cache, failover, messages, PRIORITIES, rateLimit, shedding } from './defences.js';
import { distribution } from './distribution.js';
import {
  NAME_PATTERN, choice, complain, defined, duration, number, rate, scale, serviceRef, strict, tag, text, wholeNumber,
} from './fields.js';
import { KINDS } from './messages.js';
import { calls, checkFallback, policyShape, toPolicy } from './policy.js';
import { knobs, story } from './presentation.js';
import { faultItem, loadItem } from './storms.js';
import type { FeatureSpec, ServiceSpec } from './types.js';
import { variants } from './variants.js';

export { NAME_EXPECTED, NAME_PATTERN, knownKeys } from './fields.js';
export { callShape } from './policy.js';

export const featureShape = {
  rate: rate,
  entry: serviceRef('The service that receives these requests first.'),
  priority: choice(
    'priority', PRIORITIES, withDefault('For shedding: optional work is shed first, then important; core never.', DEFAULTS.feature.priority),
  ).optional(),
  rateLimit: rateLimit.optional(),
  ...policyShape,
  ...businessShape,
};

const feature = strict('feature', featureShape)
  .superRefine(checkFallback)
  .transform(({ rate, entry, priority, rateLimit, users, value, tickets, churn, slo, ...policy }): Omit<FeatureSpec, 'name'> => {
    const client = toPolicy(policy);
    return defined({
      ratePerMs: rate, entry, priority, rateLimit, client: Object.keys(client).length > 0 ? client : undefined,
      ...toBusiness({ users, value, tickets, churn, slo }),
    });
  });

export const serviceShape = {
  workers: wholeNumber('workers', 1, 'How many requests the service works on at once.'),
  queue: wholeNumber(
    'queue', 0, withDefault('How many requests may wait; 0 rejects when all workers are busy.', shown.number(DEFAULTS.service.queue, 'unlimited')),
  ).optional(),
  serviceTime: distribution('How long one request keeps a worker busy, before any calls.'),
  calls: calls.optional(),
  instances: wholeNumber(
    'instances', 1, withDefault('Instances of the service; workers is per instance.', shown.number(DEFAULTS.service.instances)),
  ).optional(),
  discipline: choice(
    'discipline', CHOICES.discipline,
    withDefault('Which waiting request a free worker takes: oldest (fifo) or newest (lifo).', DEFAULTS.service.discipline),
  ).optional(),
  maxWait: scale(
    withDefault('A request that waited this long is dropped and fails back to its caller.', shown.duration(DEFAULTS.service.maxWaitMs)),
  ).optional(),
  costPerHour: number(
    'cost', 0, withDefault('Cost of one instance for one hour, in the scenario\'s currency.', shown.number(DEFAULTS.service.costPerHour)),
  ).optional(),
  cache: cache.optional(),
  messages: messages.optional(),
  autoscale: autoscale.optional(),
  failover: failover.optional(),
};

const service = strict('service', serviceShape).transform(
  ({ queue, calls, maxWait, messages, ...s }): Omit<ServiceSpec, 'name'> =>
    defined({ ...s, queue: queue ?? DEFAULTS.service.queue, calls: calls ?? [...DEFAULTS.service.calls], maxWaitMs: maxWait, messaging: messages }),
);

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
  warmup: duration(
    'warmup', true, withDefault('Simulated time at the start left out of the results.', shown.duration(DEFAULTS.scenario.warmupMs)),
  ).optional(),
  seed: wholeNumber('seed', 0, withDefault('Random seed: the same seed gives the same results.', shown.number(DEFAULTS.scenario.seed))).optional(),
  deadlines: choice(
    'deadlines',
    CHOICES.deadlines,
    withDefault('propagate: called services drop work whose caller gave up; ignore: they finish it.', DEFAULTS.scenario.deadlines),
  ).optional(),
  features: namedMap('featureMap', feature, 'feature', 'What users do, by name.'),
  services: namedMap('serviceMap', service, 'service', 'The services that do the work, by name.'),
  load: z.array(loadItem, tag('loadList')).meta({ description: 'Changes to the arrival rates over time (several on one feature multiply).' }).optional(),
  faults: z.array(faultItem, tag('faultList')).meta({ description: 'Outages, slowdowns, errors and other faults over time.' }).optional(),
  shedding: z.array(shedding, tag('sheddingList')).meta({ description: 'Brownout dimmers: shed optional, then important work while a signal stays high.' }).optional(),
  currency: currency.optional(),
  breaks: breaks.optional(),
  variants: variants.optional(),
  knobs: knobs.optional(),
  story: story.optional(),
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
