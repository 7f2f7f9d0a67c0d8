/** A chain of cause steps in running text. */
import type { CauseStep } from './types.js';

/**
 * The steps' texts joined by `separator`, each after the first led by "because" (or "because
 * of" for a fault or load storm, whose text is a noun: "the outage of recs from 06:00").
 */
export function because(steps: readonly CauseStep[], separator: string): string {
  const linked = steps.map((s, i) => (i === 0 ? s.text : s.kind === 'fault' || s.kind === 'load' ? `because of ${s.text}` : `because ${s.text}`));
  return linked.join(separator);
}
