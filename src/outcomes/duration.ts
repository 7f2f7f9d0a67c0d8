/** Lengths of time for people: `6m`, `2m 30s`, `1h 5m`, `450ms`. */

/**
 * `ms` in at most two units, largest first, rounded down to whole seconds from one second on:
 * duration(150_000) = `2m 30s`, duration(3_900_000) = `1h 5m`, duration(0) = `0s`.
 */
export function duration(ms: number): string {
  if (ms > 0 && ms < 1000) return `${Math.round(ms)}ms`;
  const total = Math.max(0, Math.floor(ms / 1000));
  const parts: [number, string][] = [[Math.floor(total / 3600), 'h'], [Math.floor((total % 3600) / 60), 'm'], [total % 60, 's']];
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) return '0s';
  return parts.slice(first, first + 2).filter(([n]) => n > 0).map(([n, u]) => `${n}${u}`).join(' ');
}
