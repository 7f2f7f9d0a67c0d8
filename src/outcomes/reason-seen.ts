/**
 * Whether the run's series show a reason for failing at work in a span of time. A feature's
 * causes are run totals: a breaker that opened later in the run may be its most frequent
 * reason overall, yet not what failed its requests when its SLO broke. Cause paths keep to the
 * reasons seen in the break's window.
 */
import type { RunResult } from '../model/result.js';
import type { ReasonName } from '../model/reasons.js';

/**
 * Whether `reason` at `service` shows in some bucket overlapping [from, to): short-circuits as
 * an open breaker on an edge into it, timeouts as timeouts on such an edge, errors and outages
 * as fault errors at it, rejections as rejections at it. Null for reasons the series do not
 * show (shed, expired, deadline...): they may have happened.
 */
export function reasonSeen(reason: ReasonName, service: string, from: number, to: number, result: RunResult): boolean | null {
  const { t, bucketMs: w, edges, services } = result.series;
  const during = (row: readonly number[] | undefined) => row !== undefined && t.some((start, b) => start < to && start + w > from && row[b] > 0);
  const into = Object.keys(edges).filter((name) => (result.edges[name]?.to ?? name.split('->')[1]) === service);
  switch (reason) {
    case 'short-circuit': return into.some((e) => during(edges[e].breakerOpenShare));
    case 'timeout': return into.some((e) => during(edges[e].timeouts));
    case 'error': case 'outage': return during(services[service]?.errors);
    case 'rejected': return during(services[service]?.rejected);
    default: return null;
  }
}
