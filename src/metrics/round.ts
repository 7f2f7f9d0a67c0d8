export const r3 = (x: number): number => Math.round(x * 1000) / 1000;
