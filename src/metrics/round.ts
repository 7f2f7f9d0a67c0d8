/** Rounds to 3 decimals (µs for times in ms) so JSON stays readable; exact counts stay exact. */
export const r3 = (x: number): number => Math.round(x * 1000) / 1000;
