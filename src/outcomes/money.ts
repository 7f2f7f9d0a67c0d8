/**
 * Amounts of money in the scenario's currency: a symbol goes in front (`$1,200`), a code or a
 * word after (`1,200 EUR`, `1,200 value`). Whole units, except small amounts with cents
 * (`0.50 USD`), so a per-success value of 0.02 does not read as 0.
 */
import { figure } from './figure.js';

const SYMBOLS = new Set(['$', '€', '£', '¥', '₹', '₩', '₽', '₺', '₪', '฿', '₫', '₴', '₦', '₱']);

/** `amount` with thousands separators in `currency`: whole units from 100 on, else cents when it has any. */
export function money(amount: number, currency: string): string {
  const cents = Math.abs(amount) < 100 && Math.round(amount * 100) % 100 !== 0;
  const text = cents ? figure(amount, 2).replace(/\.(\d)$/, (_, d: string) => `.${d}0`) : figure(amount);
  if (!SYMBOLS.has(currency)) return `${text} ${currency}`;
  return text.startsWith('-') ? `-${currency}${text.slice(1)}` : `${currency}${text}`;
}
