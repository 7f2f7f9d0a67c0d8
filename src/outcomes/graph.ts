/**
 * The scenario's call graph as cause paths and the brief read it: who calls whom, and which
 * services each feature's requests can reach.
 */
import type { Scenario } from '../scenario/types.js';

export interface Graph {
  /** Each service's callees, in call order, without repeats. */
  callees: Record<string, string[]>;
  /** Services a feature's requests can reach, its entry first, then breadth-first. */
  reach: Record<string, string[]>;
}

/** The call graph of `scenario`. Calls to services it does not define are kept (a parsed scenario has none). */
export function graph(scenario: Scenario): Graph {
  const callees: Record<string, string[]> = {};
  for (const s of scenario.services) callees[s.name] = [...new Set(s.calls.map((c) => c.to))];
  const reach: Record<string, string[]> = {};
  for (const f of scenario.features) {
    const seen = [f.entry];
    for (let i = 0; i < seen.length; i++) for (const c of callees[seen[i]] ?? []) if (!seen.includes(c)) seen.push(c);
    reach[f.name] = seen;
  }
  return { callees, reach };
}
