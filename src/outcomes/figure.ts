/**
 * Numbers for people: thousands separators, and no more digits than the figure deserves.
 * Written out by hand (not toLocaleString) so the text is the same in every runtime and locale.
 */

/**
 * `x` with commas between thousands and `digits` decimals at most (trailing zeros dropped):
 * figure(1234567.891) = `1,234,568`, figure(0.256, 2) = `0.26`. Non-finite numbers read as
 * `∞`, `−∞` or `n/a`.
 */
export function figure(x: number, digits = 0): string {
  if (Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const scale = 10 ** digits;
  const rounded = Math.round(Math.abs(x) * scale) / scale;
  const [whole, fraction] = rounded.toFixed(digits).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const tail = fraction === undefined ? '' : fraction.replace(/0+$/, '');
  // Rounding can turn a tiny negative into 0: no "-0".
  const sign = x < 0 && rounded > 0 ? '-' : '';
  return `${sign}${grouped}${tail === '' ? '' : `.${tail}`}`;
}
