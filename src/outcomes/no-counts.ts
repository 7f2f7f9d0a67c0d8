/** Zero of every class, to add into. */
import type { ClassCounts } from './types.js';

/** A fresh ClassCounts with every count at 0. */
export function noCounts(): ClassCounts {
  return {
    succeeded: 0, degraded: 0, stale: 0, failed: 0, abandoned: 0, shed: 0, rateLimited: 0,
    converted: { succeeded: 0, degraded: 0, stale: 0 }, late: 0,
  };
}
