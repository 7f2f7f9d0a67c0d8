/**
 * A run's time series as one Float64Array, so a frame crosses from the worker to the page as a
 * transferable buffer (moved, not copied) instead of a structured clone of thousands of arrays.
 * `lists` names each list's place in the series by its keys; null (a bucket with nothing to
 * average) is NaN in the buffer, which no measured value is.
 */
import type { SeriesResult } from '../model/result.js';

export interface PackedSeries {
  bucketMs: number;
  /** The keys leading to each list, in buffer order (`['features', 'checkout', 'users', 'failed']`). */
  lists: string[][];
  /** Maps with nothing in them (a feature no service ever failed: `badBy: {}`), kept so the shape survives. */
  empty: string[][];
  /** Buckets in every list. */
  buckets: number;
  data: Float64Array;
}

/** Packs every per-bucket list of `series` (each as long as `series.t`). */
export function packSeries(series: SeriesResult): PackedSeries {
  const lists: [string[], (number | null)[]][] = [], empty: string[][] = [];
  const walk = (value: unknown, path: string[]) => {
    if (Array.isArray(value)) lists.push([path, value as (number | null)[]]);
    else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      if (entries.length === 0) empty.push(path);
      for (const [k, v] of entries) walk(v, [...path, k]);
    }
  };
  walk({ t: series.t, features: series.features, services: series.services, edges: series.edges }, []);
  const n = series.t.length, data = new Float64Array(lists.length * n);
  lists.forEach(([, list], i) => { for (let b = 0; b < n; b++) data[i * n + b] = list[b] ?? NaN; });
  return { bucketMs: series.bucketMs, lists: lists.map(([path]) => path), empty, buckets: n, data };
}

/** The series a packed one holds, as the views read it. */
export function unpackSeries(packed: PackedSeries): SeriesResult {
  const root: Record<string, unknown> = { bucketMs: packed.bucketMs };
  // Own properties only: a service named `constructor` is a name, not Object's.
  const at = (path: string[]) => path.reduce((node, k) => (Object.hasOwn(node, k) ? node[k] : (node[k] = {})) as Record<string, unknown>, root);
  const n = packed.buckets, data = packed.data;
  for (const path of packed.empty) at(path);
  packed.lists.forEach((path, i) => {
    const list: (number | null)[] = new Array(n);
    for (let b = 0; b < n; b++) { const x = data[i * n + b]; list[b] = Number.isNaN(x) ? null : x; }
    at(path.slice(0, -1))[path[path.length - 1]] = list;
  });
  return root as unknown as SeriesResult;
}
