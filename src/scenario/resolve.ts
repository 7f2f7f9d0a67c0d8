/**
 * The model's one way to read the fields a normalised Scenario may leave out. A parsed file
 * keeps absent keys absent (files from before a key keep their exact normalised form, and
 * scenarios built by hand stay short), so each accessor here gives the field's value, or the
 * format's default from defaults.ts when there is none. None of them throws or allocates.
 */
import { DEFAULTS } from './defaults.js';
import type {
  BreaksSpec, CallPolicy, CallSpec, FaultSpec, FeatureSpec, LoadSpec, OutcomeOdds, Priority, Scenario, ServiceSpec, SheddingSpec,
  StoryStep, VariantSpec,
} from './types.js';

/** Whether callees drop work whose caller's deadline has passed (`deadlines: propagate`). */
export const propagatesDeadlines = (scenario: Scenario): boolean =>
  scenario.propagateDeadlines ?? DEFAULTS.scenario.deadlines === 'propagate';

/** One shared empty list, so reading an absent list allocates nothing. */
const NONE: readonly never[] = Object.freeze([]);

/** The load profiles, faults and dimmers; an empty (frozen) list when the file has none. */
export const loadsOf = (scenario: Scenario): readonly LoadSpec[] => scenario.load ?? NONE;
export const faultsOf = (scenario: Scenario): readonly FaultSpec[] => scenario.faults ?? NONE;
export const sheddingOf = (scenario: Scenario): readonly SheddingSpec[] => scenario.shedding ?? NONE;

/** The feature's priority for shedding. */
export const priorityOf = (feature: FeatureSpec): Priority => feature.priority ?? DEFAULTS.feature.priority;

/** The users' call policy on the call to the feature's entry (a shared, frozen empty policy when it has none). */
export const clientOf = (feature: FeatureSpec): CallPolicy => feature.client ?? DEFAULTS.feature.client;

/** Instances the service starts with; `workers` is per instance. */
export const instancesOf = (service: ServiceSpec): number => service.instances ?? DEFAULTS.service.instances;

/** Which waiting request a free worker takes. */
export const disciplineOf = (service: ServiceSpec): 'fifo' | 'lifo' => service.discipline ?? DEFAULTS.service.discipline;

/** Longest a request waits before it is dropped (Infinity: no limit). */
export const maxWaitOf = (service: ServiceSpec): number => service.maxWaitMs ?? DEFAULTS.service.maxWaitMs;

/** Cost of one instance for one hour. */
export const costPerHourOf = (service: ServiceSpec): number => service.costPerHour ?? DEFAULTS.service.costPerHour;

/**
 * How long a message is kept before it is lost (Infinity: kept forever). A service that
 * consumes no messages has none to lose, which reads the same as kept forever.
 */
export const retentionOf = (service: ServiceSpec): number => service.messaging?.retentionMs ?? DEFAULTS.messages.retentionMs;

/** Give up on an attempt after this long (Infinity: never). */
export const timeoutOf = (policy: CallPolicy): number => policy.timeoutMs ?? DEFAULTS.call.timeoutMs;

/** Attempts in all, the first included (1 without `retry`). */
export const attemptsOf = (policy: CallPolicy): number => policy.retry?.attempts ?? DEFAULTS.call.attempts;

/** Most attempts in flight on the edge at once (Infinity: no bulkhead). */
export const bulkheadOf = (policy: CallPolicy): number => policy.bulkhead ?? DEFAULTS.call.bulkhead;

/**
 * The step of the call at `index` in its service's list: calls run in increasing step order,
 * those sharing a step in parallel. Without a step (lists with no `parallel` group) each call
 * is a step of its own, its index.
 */
export const stepOf = (call: CallSpec, index: number): number => call.step ?? index;

/** The unit values are counted in (`value` when the file names no currency). */
export const currencyOf = (scenario: Scenario): string => scenario.currency ?? DEFAULTS.scenarioCurrency;

/** The named variants; an empty (frozen) list when the file has none. */
export const variantsOf = (scenario: Scenario): readonly VariantSpec[] => scenario.variants ?? NONE;

/** The declared variant called `name`, or undefined when the file declares none of that name. */
export const variantOf = (scenario: Scenario, name: string): VariantSpec | undefined =>
  variantsOf(scenario).find((v) => v.name === name);

/** The breaks timeline's thresholds, each from the file or its default. */
export function breaksOf(scenario: Scenario): Required<BreaksSpec> {
  const b = scenario.breaks, d = DEFAULTS.breaks;
  return {
    saturation: b?.saturation ?? d.saturation, sustainMs: b?.sustainMs ?? d.sustainMs,
    abandonment: b?.abandonment ?? d.abandonment, errors: b?.errors ?? d.errors,
  };
}

/** Whether the feature's users are followed one by one (they have patience, or retry on their own). */
export const hasSessions = (feature: FeatureSpec): boolean =>
  feature.users?.patience !== undefined || feature.users?.retry !== undefined;

/** Most retries a user makes on their own per intent (0 without `users.retry`). */
export const userRetriesOf = (feature: FeatureSpec): number => feature.users?.retry?.max ?? DEFAULTS.users.retries;

/** A feature's conversion curve as typed arrays: latencies (ms) and shares, empty without one. */
export interface ConversionCurve {
  ms: Float64Array;
  share: Float64Array;
}

/** The feature's conversion points as a ConversionCurve (read on every served intent by the model). */
export function conversionCurve(feature: FeatureSpec): ConversionCurve {
  const points = feature.users?.conversion ?? [];
  return { ms: Float64Array.from(points, (p) => p.latencyMs), share: Float64Array.from(points, (p) => p.share) };
}

/** Share of served users who convert at latency `ms` on `curve`: linear between its points, flat beyond them; 1 without points. */
export function curveAt(curve: ConversionCurve, ms: number): number {
  const at = curve.ms, share = curve.share, n = at.length;
  if (n === 0) return 1;
  if (ms <= at[0]) return share[0];
  for (let i = 1; i < n; i++) {
    if (ms <= at[i]) {
      const span = at[i] - at[i - 1];
      return span > 0 ? share[i - 1] + ((share[i] - share[i - 1]) * (ms - at[i - 1])) / span : share[i];
    }
  }
  return share[n - 1];
}

/**
 * Share of served users who convert at latency `ms`: linear between the feature's conversion
 * points, flat beyond them; 1 without a curve.
 */
export const conversionAt = (feature: FeatureSpec, ms: number): number => curveAt(conversionCurve(feature), ms);

/** Value of a succeeded, degraded and stale intent (degraded and stale default to success; 0 without a value). */
export function valueOf(feature: FeatureSpec): { success: number; degraded: number; stale: number } {
  const v = feature.value, success = v?.success ?? 0;
  return { success, degraded: v?.degraded ?? success, stale: v?.stale ?? success };
}

/** Chances per bad outcome (`refused` defaults to `failed`; the rest to 0). */
export function oddsOf(odds: OutcomeOdds | undefined): Required<OutcomeOdds> {
  const d = DEFAULTS.odds, failed = odds?.failed ?? d.failed;
  return {
    failed, abandoned: odds?.abandoned ?? d.abandoned, degraded: odds?.degraded ?? d.degraded,
    stale: odds?.stale ?? d.stale, refused: odds?.refused ?? failed,
  };
}

/** A late message's chance of a ticket, and the lateness threshold (Infinity: never late). */
export const lateOf = (feature: FeatureSpec): { odds: number; afterMs: number } =>
  ({ odds: feature.tickets?.late ?? DEFAULTS.odds.late, afterMs: feature.tickets?.lateAfterMs ?? Infinity });

/** Value of a user lost for good (0 without one). */
export const lifetimeValueOf = (feature: FeatureSpec): number => feature.churn?.lifetimeValue ?? DEFAULTS.churn.lifetimeValue;

/** The SLO's latency target (Infinity: availability only) and judging window; null without an SLO. */
export function sloOf(feature: FeatureSpec): { success: number; withinMs: number; windowMs: number } | null {
  const slo = feature.slo;
  if (slo === undefined) return null;
  return { success: slo.success, withinMs: slo.withinMs ?? Infinity, windowMs: slo.windowMs ?? DEFAULTS.slo.windowMs };
}

/** Presentation mode's steps, in time order; an empty (frozen) list when the file has none. */
export const storyOf = (scenario: Scenario): readonly StoryStep[] => scenario.story ?? NONE;
