/** Shares as percentages for text. */
import { figure } from './figure.js';

/** A share (0..1) as a percentage with at most `digits` decimals: percent(0.9134) = `91.3%`; percent(0.00013) = `0.013%`. */
export function percent(share: number, digits = 1): string {
  // A share too small for `digits` but not nothing gets two significant digits: 0.013%, not 0%.
  const pct = share * 100, small = pct !== 0 && Math.abs(pct) < 0.5 * 10 ** -digits;
  return `${figure(pct, small ? 1 - Math.floor(Math.log10(Math.abs(pct))) : digits)}%`;
}
