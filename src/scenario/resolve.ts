/**
 * The model's one way to read the fields a normalised Scenario may leave out. A parsed file
 * keeps absent keys absent (files from before a key keep their exact normalised form, and
 * scenarios built by hand stay short), so each accessor here gives the field's value, or the
 * format's default from defaults.ts when there is none. None of them throws or allocates.
 */
import { DEFAULTS } from './defaults.js';
import type {
  CallPolicy, CallSpec, FaultSpec, FeatureSpec, LoadSpec, Priority, Scenario, ServiceSpec, SheddingSpec,
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
