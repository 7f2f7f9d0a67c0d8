/** Shares as percentages for text. */
import { figure } from './figure.js';

/** A share (0..1) as a percentage with at most `digits` decimals: percent(0.9134) = `91.3%`. */
export function percent(share: number, digits = 1): string {
  return `${figure(share * 100, digits)}%`;
}
