/** Always `value`; takes no random numbers. */
export function constant(value: number): () => number {
  return () => value;
}
