/**
 * How a request went wrong, and where: a *cause* is a reason at a service, packed in one int32
 * so it travels through the structure-of-arrays state without allocating. A failure keeps the
 * cause where it started as it is passed back up the call chain, so a user's failed request
 * names its origin ("timeout at payments"), not the service that happened to tell the user.
 *
 * The service of a cause is where the failure happened: the callee for what a caller sees on an
 * edge (timeout, short-circuit, bulkhead, partition), the entry service for what happens at a
 * feature's door (shed, rate-limited). A retry the budget refused does not change the cause:
 * the request failed because of its last attempt's failure (budget denials are counted on the
 * edge).
 */

/** Turned away before any work: a full queue, no waiting room, or a full message backlog. */
export const R_REJECTED = 0;
/** The service is down and failing fast (an outage in fail-fast mode). */
export const R_OUTAGE = 1;
/** An injected error after the service's own work. */
export const R_ERROR = 2;
/** A hung service recovered or failed over: the requests it held fail (the connections are reset). */
export const R_RESET = 3;
/** The caller's timeout ran out before the answer. */
export const R_TIMEOUT = 4;
/** The caller's circuit breaker was open: no attempt was made. */
export const R_SHORT_CIRCUIT = 5;
/** The caller's bulkhead was full. */
export const R_BULKHEAD = 6;
/** A partition between caller and callee: failing fast, or an attempt lost in a hanging one (timed out or reset when it healed). */
export const R_PARTITION = 7;
/** Waited in the queue longer than the service's maxWait. */
export const R_EXPIRED = 8;
/** The caller's propagated deadline passed, so the service dropped the work. */
export const R_DEADLINE = 9;
/** Refused at the door by the shedding dimmer. */
export const R_SHED = 10;
/** Refused at the door by the feature's rate limit. */
export const R_RATE_LIMITED = 11;

/** Answered in a failover's stale-reads window (the origin of a stale answer). */
export const R_FAILOVER = 12;
/** Answered, but too late for its user, who had given up (the origin of an abandonment served late). */
export const R_SLOW = 13;
/** Answered from a cache entry whose data had changed at the origin since it was cached (a stale answer). */
export const R_OUTDATED = 14;

/** Reasons, by number, as reports name them. */
export const REASON_NAMES = [
  'rejected', 'outage', 'error', 'reset', 'timeout', 'short-circuit', 'bulkhead', 'partition', 'expired', 'deadline', 'shed',
  'rate-limited', 'failover', 'slow', 'outdated',
] as const;

export type ReasonName = (typeof REASON_NAMES)[number];

/** Room per service in a packed cause (a power of two above the number of reasons). */
export const REASONS = 16;

/** No cause: the request has not gone wrong. */
export const NO_CAUSE = -1;

/** The cause `reason` at service `s`. */
export const causeOf = (reason: number, s: number): number => s * REASONS + reason;

/** The reason of a cause (not NO_CAUSE). */
export const reasonOf = (cause: number): number => cause & (REASONS - 1);

/** The service of a cause (not NO_CAUSE). */
export const serviceOf = (cause: number): number => Math.floor(cause / REASONS);
