/**
 * Times as a PM reads them off the timeline: an offset from the start of the run, `mm:ss`
 * under an hour and `h:mm:ss` from one hour on.
 */

/** `ms` from the start of the run as `mm:ss` or `h:mm:ss` (whole seconds, rounded down; negative reads as 0). */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
  const two = (x: number) => String(x).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}
