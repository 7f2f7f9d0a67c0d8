/**
 * Amounts of money in the scenario's currency: a symbol goes in front with no space (`$1,200`),
 * a code or a word in front with a space (`USD 1,200`, `EUR 0.50`), and the default unit
 * `value` (a file that names no currency) not at all (`1,200`). Whole units, except small
 * amounts with cents, so a per-success value of 0.02 does not read as 0.
 */
import { figure } from './figure.js';

const SYMBOLS = new Set(['$', '€', '£', '¥', '₹', '₩', '₽', '₺', '₪', '฿', '₫', '₴', '₦', '₱']);

/** The unit a scenario without `currency` counts value in (DEFAULTS.scenarioCurrency): shown bare. */
const NO_CURRENCY = 'value';

/** `amount` with thousands separators in `currency`: whole units from 100 on, else cents when it has any. */
export function money(amount: number, currency: string): string {
  const cents = Math.abs(amount) < 100 && Math.round(amount * 100) % 100 !== 0;
  // Under half a cent but not nothing: two significant digits, so 0.003 does not read as 0.
  const tiny = amount !== 0 && Math.abs(amount) < 0.005;
  const text = tiny ? figure(amount, 1 - Math.floor(Math.log10(Math.abs(amount))))
    : cents ? figure(amount, 2).replace(/\.(\d)$/, (_, d: string) => `.${d}0`) : figure(amount);
  if (currency === NO_CURRENCY || currency === '') return text;
  const [sign, digits] = text.startsWith('-') ? ['-', text.slice(1)] : ['', text];
  return SYMBOLS.has(currency) ? `${sign}${currency}${digits}` : `${sign}${currency} ${digits}`;
}
