/**
 * Amounts of money in the scenario's currency: a symbol goes in front (`$1,200`), a code or a
 * word after (`1,200 EUR`, `1,200 value`).
 */
import { figure } from './figure.js';

const SYMBOLS = new Set(['$', '€', '£', '¥', '₹', '₩', '₽', '₺', '₪', '฿', '₫', '₴', '₦', '₱']);

/** `amount` rounded to whole units with thousands separators, in `currency`. */
export function money(amount: number, currency: string): string {
  const text = figure(amount);
  if (!SYMBOLS.has(currency)) return `${text} ${currency}`;
  return text.startsWith('-') ? `-${currency}${text.slice(1)}` : `${currency}${text}`;
}
