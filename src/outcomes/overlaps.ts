/**
 * Whether a span of time touches a bucket. Shared by the state, cause-path and blast-radius
 * rules so they agree on what "during" means.
 */

/**
 * Whether [from, to) overlaps the bucket [start, start + width) by more than an instant; an
 * empty span [x, x] (a cache flush) overlaps the bucket that holds x.
 */
export function overlaps(span: readonly [number, number], start: number, width: number): boolean {
  const [from, to] = span;
  if (to <= from) return from >= start && from < start + width;
  return from < start + width && to > start;
}
