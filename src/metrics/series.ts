/**
 * Fixed-width time buckets over [start, end): `rows` series of `buckets` values in one typed
 * array, so charts get about 600 points whatever the run length and memory never grows. The
 * writer fills `values[row * buckets + bucket]` directly as each bucket closes.
 */
export class BucketSeries {
  readonly values: Float64Array;
  readonly buckets: number;

  constructor(readonly rows: number, readonly start: number, readonly end: number, readonly width: number) {
    this.buckets = Math.max(1, Math.ceil((end - start) / width));
    this.values = new Float64Array(rows * this.buckets);
  }

  /** One row as a plain array. */
  row(row: number): number[] {
    // A plain loop: Array.from on a typed array goes through its iterator, and was most of a report's time.
    const n = this.buckets, from = row * n, values = this.values, out = new Array<number>(n);
    for (let b = 0; b < n; b++) out[b] = values[from + b];
    return out;
  }
}

const NICE_MS = [100, 200, 500, 1e3, 2e3, 5e3, 10e3, 15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 900e3, 1800e3, 3600e3];

/** A round bucket width giving about `points` buckets over `spanMs` (seconds-scale: 1 s, 2 s, 5 s, 10 s, ...). */
export function bucketWidth(spanMs: number, points = 600): number {
  const raw = spanMs / points;
  for (const w of NICE_MS) if (w >= raw) return w;
  return Math.ceil(raw / 3600e3) * 3600e3;
}
