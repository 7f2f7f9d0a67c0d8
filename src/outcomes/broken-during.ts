/**
 * Whether a service that broke is still broken at some later time: a cause path may blame a
 * callee's break only while it lasts, not because the callee struggled once, long before.
 */
import type { RunResult } from '../model/result.js';
import { breaksOf } from '../scenario/resolve.js';
import type { Scenario } from '../scenario/types.js';
import type { Break } from './types.js';

/**
 * Whether the one-bucket form of `brk`'s condition holds in some bucket overlapping [from, to):
 * utilization at or above the threshold (saturation), a queue of two rounds of work or more
 * (queue-growing), any rejections or fault errors, the dimmer at a level above 0 (shedding),
 * instances within half an instance of the max (autoscale-max), any timeouts or open breaker
 * time (edges). Feature kinds (slo, abandonment) answer whether the break began before `to`.
 */
export function brokenDuring(brk: Break, from: number, to: number, result: RunResult, scenario: Scenario): boolean {
  if (brk.t >= to) return false;
  const { t, bucketMs: w } = result.series;
  const during = (holds: (b: number) => boolean) => t.some((start, b) => start < to && start + w > from && start + w > brk.t && holds(b));
  const s = result.series.services[brk.subject], e = result.series.edges[brk.subject];
  switch (brk.kind) {
    case 'saturation': return s !== undefined && during((b) => s.utilization[b] >= breaksOf(scenario).saturation);
    case 'queue-growing': return s !== undefined && during((b) => s.meanQueueLength[b] >= Math.max(1, 2 * s.capacity[b]));
    case 'rejections': return s !== undefined && during((b) => s.rejected[b] > 0);
    case 'errors': return s !== undefined && during((b) => s.errors[b] > 0);
    case 'autoscale-max': {
      const max = scenario.services.find((x) => x.name === brk.subject)?.autoscale?.max ?? Infinity;
      return s !== undefined && during((b) => s.instances[b] >= max - 0.5);
    }
    case 'timeouts': return e !== undefined && during((b) => e.timeouts[b] > 0);
    case 'breaker-open': return e !== undefined && during((b) => e.breakerOpenShare[b] > 0);
    case 'shedding': return sheddingDuring(brk.subject, from, to, result);
    default: return true;
  }
}

/** Whether the dimmer on `service` sheds anything at some time in [from, to). */
function sheddingDuring(service: string, from: number, to: number, result: RunResult): boolean {
  return result.shedding.some((d) => {
    if (d.service !== service) return false;
    const before = d.changes.filter((c) => c.t <= from).at(-1);
    return (before !== undefined && before.level > 0) || d.changes.some((c) => c.t > from && c.t < to && c.level > 0);
  });
}
