/**
 * What one run means for users and the business: the shapes `summarize` returns. Plain
 * JSON-able data (no Infinity, no NaN, no Maps), times in ms from the start of the run (warmup
 * included, as in the run's series), money in the scenario's currency.
 */
import type { ReasonName } from '../model/reasons.js';
import type { UserOutcomes } from '../model/result.js';

/** The system state of one bucket (see states.ts): degraded wins over peak, peak over normal. */
export type State = 'normal' | 'peak' | 'degraded';

/** The states in their fixed order: totals are summed over them in this order. */
export const STATES: readonly State[] = ['normal', 'peak', 'degraded'];

/** The bad outcome classes that can make a ticket or lose a user; `refused` is shed + rate-limited. */
export type BadClass = 'failed' | 'abandoned' | 'degraded' | 'stale' | 'refused';
export const BAD_CLASSES: readonly BadClass[] = ['failed', 'abandoned', 'degraded', 'stale', 'refused'];

/** Ticket classes: the bad outcomes, and messages delivered late. */
export type TicketClass = BadClass | 'late';
export const TICKET_CLASSES: readonly TicketClass[] = [...BAD_CLASSES, 'late'];

/** User intents by the class they ended in, and late messages, over some span of the run. */
export type ClassCounts = Pick<UserOutcomes, 'succeeded' | 'degraded' | 'stale' | 'failed' | 'abandoned' | 'shed' | 'rateLimited' | 'converted'> & {
  /** Messages delivered later than the feature's `tickets.lateAfter`, or never delivered. */
  late: number;
};

/** One feature's counts split by state; `total` equals the run's totals exactly (see split.ts). */
export interface Split {
  total: ClassCounts;
  byState: Record<State, ClassCounts>;
}

/** Where the value of a feature's intents went. */
export interface ValueBreakdown {
  /** Ended intents × value of a success: what the intents were worth had all been served in full and converted. */
  potential: number;
  /** Conversion-weighted value of the served intents. */
  realized: number;
  /** potential − realized: the revenue lost, conversion losses of slow answers included. */
  lost: number;
  /** The parts of `lost` (they add up to it). */
  lostBy: { failed: number; abandoned: number; refused: number; degraded: number; stale: number; conversion: number };
}

export interface FeatureValue extends ValueBreakdown {
  byState: Record<State, ValueBreakdown>;
  /** Per bucket of the run's series (charts; from the series as they are, not reconciled). */
  byBucket: { potential: number[]; realized: number[]; lost: number[] };
}

/** One binomial draw and its expectation. */
export interface Draw {
  count: number;
  expected: number;
}

/** Draws per class and per state; `count` and `expected` are the sums over states. */
export interface Draws<C extends string> extends Draw {
  byClass: Record<C, Draw>;
  byState: Record<State, Draw & { byClass: Record<C, Draw> }>;
}

export interface ChurnOutcome extends Draws<BadClass> {
  /** Lifetime value of one lost user. */
  lifetimeValue: number;
  /** Users lost × lifetime value. */
  value: number;
}

export interface SloOutcome {
  /** Share of requests that must be good (0..1). */
  target: number;
  /** Latency target; null for availability only. */
  withinMs: number | null;
  windowMs: number;
  /** Requests that ended: succeeded + failed + abandoned. */
  events: number;
  good: number;
  bad: number;
  /** bad / events (0 without events). */
  errorRate: number;
  /** Bad requests a 30-day month at the base rate may have: (1 − target) × ratePerMs × 30 d. */
  budget: number;
  /** bad / budget (may exceed 1); null when there is no budget (a 100% target or a zero base rate). */
  budgetBurned: number | null;
  /** Time in buckets whose trailing window was below target. */
  outOfSloMs: number;
  /** Start of the first such bucket; null if it never left. */
  leftAt: number | null;
  /** Per bucket: whether out of SLO, and the good share over its trailing window (null: no events). */
  out: boolean[];
  goodShare: (number | null)[];
}

export interface FeatureOutcome {
  /** The run's user outcomes for the feature, as reported. */
  users: UserOutcomes;
  value: FeatureValue;
  tickets: Draws<TicketClass>;
  churn: ChurnOutcome;
  slo: SloOutcome | null;
  split: Split;
}

export interface CostOutcome {
  total: number;
  byService: Record<string, { cost: number; instanceHours: number }>;
}

/** The aftermath of one span of a storm (recovery.ts): from the span's end to `recoveredAt`. */
export interface Recovery {
  kind: 'fault' | 'load';
  /** Index into the scenario's `faults` or `load`. */
  ref: number;
  /** The storm's span, [from, to) ms. */
  span: [number, number];
  /** When the system was back near its baseline (the span's end when at once; the run's end when never). */
  recoveredAt: number;
}

export interface StatesOutcome {
  bucketMs: number;
  t: number[];
  state: State[];
  /** Time spent in each state (a cut-short last bucket counts its own length). */
  ms: Record<State, number>;
  share: Record<State, number>;
  /** Each storm span's aftermath, which counts in the storm's state (empty when states were judged from the scenario alone). */
  recoveries: Recovery[];
}

export type BreakKind =
  | 'saturation' | 'queue-growing' | 'rejections' | 'errors' | 'timeouts' | 'breaker-open' | 'shedding' | 'autoscale-max'
  | 'abandonment' | 'slo';

/** A first crossing on the what-breaks-first timeline. */
export interface Break {
  /** When it crossed, ms from the start of the run. */
  t: number;
  kind: BreakKind;
  /** A service, a feature (slo, abandonment) or an edge `a->b` (timeouts, breaker-open). */
  subject: string;
  /** Plain words with figures. */
  detail: string;
  /** The figure that crossed (utilization, share, queue length, level, instances). */
  value: number;
  /** The span of buckets that made the crossing, [from, to) ms. */
  window: [number, number];
}

/** One link of a cause path; `ref` points at the scenario's fault or load entry for those kinds. */
export interface CauseStep {
  kind: BreakKind | 'cause' | 'fault' | 'load';
  subject: string;
  t: number | null;
  /** For a `cause` step: the reason's share of the feature's bad outcomes. */
  share?: number;
  reason?: ReasonName;
  ref?: number;
  text: string;
}

export interface CausePath {
  text: string;
  steps: CauseStep[];
}

export interface BreakWithPath extends Break {
  path: CausePath;
}

/** A fault or a load storm from the scenario and where its bad outcomes landed. */
export interface BlastRadius {
  kind: 'fault' | 'load';
  /** Index into the scenario's `faults` or `load`. */
  ref: number;
  /** Plain words, e.g. `outage of licence`. */
  name: string;
  /** The span judged, [from, to) ms: the storm's own window plus its aftermath (until the system recovered, recovery.ts) or at least a short tail. */
  window: [number, number];
  /** Features it reached, most value lost first. */
  features: { feature: string; users: number; value: number }[];
  users: number;
  value: number;
}

/** One cell of the 3x3 Impact Grid: one feature in one system state. */
export interface GridCell {
  /** Intents that ended in this state. */
  users: number;
  bad: Record<BadClass, number>;
  /** Revenue lost: value lost, conversion included. */
  revenueLost: number;
  churnUsers: number;
  churnValue: number;
  tickets: number;
}

export interface Grid {
  time: Record<State, { ms: number; share: number }>;
  features: Record<string, Record<State, GridCell>>;
  /** Sum over features, per state. */
  total: Record<State, GridCell>;
}

export interface Totals {
  users: { arrived: number; ended: number; succeeded: number; degraded: number; stale: number; failed: number; abandoned: number; refused: number };
  value: { potential: number; realized: number; lost: number; net: number };
  tickets: number;
  ticketsExpected: number;
  churn: { users: number; value: number };
  cost: number;
  /** Revenue lost plus churn value lost. */
  loss: number;
}

export interface Outcomes {
  scenario: string;
  seed: number;
  currency: string;
  durationMs: number;
  warmupMs: number;
  endMs: number;
  features: Record<string, FeatureOutcome>;
  cost: CostOutcome;
  states: StatesOutcome;
  grid: Grid;
  breaks: BreakWithPath[];
  blast: BlastRadius[];
  totals: Totals;
}

/** A fault or a load storm of the scenario, with the spans where it acts (see storms.ts). */
export interface Storm {
  kind: 'fault' | 'load';
  /** Index into the scenario's `faults` or `load`. */
  ref: number;
  /** Plain words without an article: `outage of licence`, `10x spike on browse`. */
  name: string;
  /** Where a fault acts: its service, or a partition's callee; absent for load storms. */
  service?: string;
  /** For a partition: its caller. */
  from?: string;
  /** Features a load storm applies to (all features when the file names none); empty for faults. */
  features: string[];
  /** When it starts. */
  start: number;
  /**
   * Spans [from, to) ms, sorted and disjoint: a fault's window; where a load storm lifts the rate
   * above the feature's base rate. A cache flush is one empty span [start, start].
   */
  spans: [number, number][];
}
