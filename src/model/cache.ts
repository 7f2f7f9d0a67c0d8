import type { Random } from '../engine/random.js';
import type { CacheSpec } from '../scenario/types.js';
import { Remembered } from '../scenario/remember.js';

const NONE = 0, KEYSPACE = 1, RATIO = 2;

/**
 * expiresAt value of a key with no entry (never filled, or flushed). Distinct from any expired
 * entry so that flushed keys can never be served stale, however large serveStaleMs is.
 */
const ABSENT = -Infinity;

/**
 * The caches in front of services: a pure state machine the model drives with the current time.
 * It never schedules events; a miss is the model's cue to call the origin, and the model reports
 * the outcome with `fill` (success) or `serveStale` (failure).
 *
 * Two modes per service:
 * - Keyspace (`keys` set): requests pick one of `keys` keys with Zipf(`zipf`) popularity (key 0
 *   most popular; zipf 0 = uniform). An entry is fresh while now < expiresAt; a hit does not
 *   extend it (a plain TTL cache), only `fill` does. The cache starts warm: every key holds an
 *   entry expiring uniformly in [0, ttlMs) — the steady state for popular keys (λ_k·ttl ≫ 1);
 *   unpopular keys are over-warm until ttlMs has passed, so warmup should cover ttlMs.
 *   `warmMs` is unused: after a flush, warm-up emerges from misses refilling the keys.
 *   With `changeMeanMs`, each key's data changes at the origin as a Poisson process: a fill
 *   draws when the entry's data next changes (memoryless, so one exponential draw per fill), and
 *   a hit at or after that time is outdated (`this.outdated`). With `invalidate`, the change
 *   ends the entry instead (it expires then), so no hit is ever outdated but more requests miss.
 * - Hit ratio (`hitRatio` set, no `keys`): a hit with probability hitRatio × warmth, where warmth
 *   is 1, or after a flush rises linearly 0 → 1 over warmMs. No keys and no staleness are
 *   tracked: a stale copy exists on failure with probability hitRatio × warmth (when
 *   serveStaleMs > 0), whatever the outage's length. Key id is always 0; `fill` does nothing.
 *
 * Per-lookup work allocates nothing: state lives in typed arrays fixed at construction.
 * It counts nothing: the model counts hits, misses and stale answers (after warmup) in its Stats.
 */
export class Caches {
  /** Set by `lookup`: true when the request was answered from cache. */
  hit = false;
  /** Set by `lookup`: true when the hit's data changed at the origin after the entry was filled. */
  outdated = false;

  private readonly mode: Uint8Array;
  private readonly ttl: Float64Array;
  private readonly staleMs: Float64Array;
  private readonly ratio: Float64Array;
  private readonly warmMs: Float64Array;
  /** Hit-ratio mode: time of the last flush (−∞: never flushed, fully warm). */
  private readonly flushedAt: Float64Array;
  /** Keyspace mode: popularity CDF (last element exactly 1), its guide table (see pickGuided) and per-key expiry, else null. */
  private readonly cdf: (Float64Array | null)[];
  private readonly guide: (Int32Array | null)[];
  private readonly expiresAt: (Float64Array | null)[];
  /** Keyspace mode with changes: per key, when the cached entry's data next changes at the origin. */
  private readonly changedAt: (Float64Array | null)[];
  private readonly changeMean: Float64Array;
  private readonly invalidate: Uint8Array;
  private readonly randoms: (Random | null)[];

  /** One entry per service; undefined = no cache. `randoms[s]` is that service's cache stream. */
  constructor(specs: (CacheSpec | undefined)[], randoms: (Random | null)[]) {
    const n = specs.length;
    this.mode = new Uint8Array(n);
    this.ttl = new Float64Array(n);
    this.staleMs = new Float64Array(n);
    this.ratio = new Float64Array(n);
    this.warmMs = new Float64Array(n);
    this.flushedAt = new Float64Array(n).fill(-Infinity);
    this.cdf = new Array<Float64Array | null>(n).fill(null);
    this.guide = new Array<Int32Array | null>(n).fill(null);
    this.expiresAt = new Array<Float64Array | null>(n).fill(null);
    this.changedAt = new Array<Float64Array | null>(n).fill(null);
    this.changeMean = new Float64Array(n).fill(Infinity);
    this.invalidate = new Uint8Array(n);
    this.randoms = new Array<Random | null>(n).fill(null);
    for (let s = 0; s < n; s++) {
      const spec = specs[s];
      if (spec !== undefined) this.init(s, spec, randoms[s] ?? null);
    }
  }

  /** True when service s has a cache. */
  has(s: number): boolean {
    return this.mode[s] !== NONE;
  }

  /**
   * Looks up a request at service s (which must have a cache): returns a key id (≥ 0) and sets
   * `this.hit` (true = answered from cache) and `this.outdated` (a hit on data that has changed
   * since). One random draw per call.
   */
  lookup(s: number, now: number): number {
    const u = this.randoms[s]!();
    let key = 0;
    this.outdated = false;
    if (this.mode[s] === KEYSPACE) {
      key = pickGuided(this.cdf[s]!, this.guide[s]!, u);
      this.hit = now < this.expiresAt[s]![key];
      const changed = this.changedAt[s];
      if (this.hit && changed !== null) this.outdated = now >= changed[key];
    } else {
      this.hit = u < this.ratio[s] * this.warmth(s, now);
    }
    return key;
  }

  /** The origin answered key successfully: store/refresh it (expires at now + ttl). */
  fill(s: number, key: number, now: number): void {
    if (this.mode[s] === KEYSPACE) this.store(s, key, now, now + this.ttl[s]);
  }

  /** Keyspace mode: key's entry, filled at `filledAt`, expires at `expires` (or when its data changes, with invalidate). */
  private store(s: number, key: number, filledAt: number, expires: number): void {
    const changed = this.changedAt[s];
    if (changed !== null) {
      // Exponential by inversion; 1 − u is in (0, 1], so the log is finite.
      const next = filledAt - this.changeMean[s] * Math.log(1 - this.randoms[s]!());
      changed[key] = next;
      if (this.invalidate[s] && next < expires) expires = next;
    }
    this.expiresAt[s]![key] = expires;
  }

  /**
   * The origin failed for key: true if the cache can answer instead (a stale answer).
   * Keyspace mode: an entry exists whose expiry is at most serveStaleMs before now (an entry that
   * a concurrent request refilled, and so is fresh, also qualifies). Flushed keys never qualify.
   * Hit-ratio mode: with probability hitRatio × warmth. serveStaleMs = 0: always false.
   */
  serveStale(s: number, key: number, now: number): boolean {
    const limit = this.staleMs[s];
    if (!(limit > 0)) return false;
    if (this.mode[s] === KEYSPACE) {
      const e = this.expiresAt[s]![key];
      return e !== ABSENT && now - e <= limit;
    }
    return this.randoms[s]!() < this.ratio[s] * this.warmth(s, now);
  }

  /** Empties the cache (a cache-flush fault): every entry is gone, none can be served stale. */
  flush(s: number, now: number): void {
    const mode = this.mode[s];
    if (mode === KEYSPACE) this.expiresAt[s]!.fill(ABSENT);
    else if (mode === RATIO) this.flushedAt[s] = now;
  }

  private init(s: number, spec: CacheSpec, random: Random | null): void {
    if (random === null) throw new Error(`cache of service ${s} needs a random stream`);
    this.randoms[s] = random;
    this.ttl[s] = spec.ttlMs;
    this.staleMs[s] = spec.serveStaleMs;
    this.warmMs[s] = spec.warmMs;
    if (spec.keys !== undefined) {
      const keys = spec.keys;
      if (!Number.isInteger(keys) || keys < 1) throw new RangeError(`cache keys must be a positive integer, got ${keys}`);
      this.mode[s] = KEYSPACE;
      ({ cdf: this.cdf[s], guide: this.guide[s] } = popularity(keys, spec.zipf));
      // Warm start (time 0): each entry is somewhere in its life, so expiries spread uniformly
      // over [0, ttl) instead of all lapsing together (which would be a stampede of its own).
      // An infinite ttl is special-cased because random() = 0 would make 0 · ∞ = NaN.
      const ttl = spec.ttlMs;
      this.expiresAt[s] = new Float64Array(keys);
      if (spec.changeMeanMs !== undefined && spec.changeMeanMs < Infinity) {
        this.changedAt[s] = new Float64Array(keys);
        this.changeMean[s] = spec.changeMeanMs;
        this.invalidate[s] = spec.invalidate ? 1 : 0;
      }
      // Each entry was filled ttl before it expires (at time 0 with an infinite ttl).
      for (let k = 0; k < keys; k++) {
        const expires = ttl === Infinity ? ttl : random() * ttl;
        this.store(s, k, ttl === Infinity ? 0 : expires - ttl, expires);
      }
    } else if (spec.hitRatio !== undefined) {
      this.mode[s] = RATIO;
      this.ratio[s] = spec.hitRatio;
    } else {
      throw new RangeError(`cache of service ${s} needs keys or hitRatio`);
    }
  }

  /** Hit-ratio mode: 1 normally; after a flush, rises linearly from 0 to 1 over warmMs. */
  private warmth(s: number, now: number): number {
    const since = now - this.flushedAt[s];
    const warm = this.warmMs[s];
    // `since >= warm` first: it covers never-flushed (since = ∞) and warmMs = 0 without 0/0.
    return since >= warm ? 1 : since / warm;
  }
}

/**
 * The CDF of Zipf(s) over `keys` ranks: P(key k) ∝ 1/(k+1)^s, key 0 most popular, s = 0 uniform.
 * The last element is exactly 1 so that any u in [0, 1) maps to a valid key.
 */
export function zipfCdf(keys: number, s: number): Float64Array {
  const cdf = new Float64Array(keys);
  let sum = 0;
  for (let k = 0; k < keys; k++) {
    sum += s === 0 ? 1 : Math.pow(k + 1, -s);
    cdf[k] = sum;
  }
  for (let k = 0; k < keys; k++) cdf[k] /= sum;
  cdf[keys - 1] = 1;
  return cdf;
}

/**
 * The CDF of Zipf(`zipf`) over `keys` and its guide table, remembered for the last few key
 * spaces: a page re-running a scenario builds each once, not once per run (a million keys cost
 * milliseconds). Both are shared, so read-only.
 */
function popularity(keys: number, zipf: number): { cdf: Float64Array; guide: Int32Array } {
  const name = `${keys} ${zipf}`;
  let found = popularities.get(name);
  if (found === undefined) {
    const cdf = zipfCdf(keys, zipf);
    found = { cdf, guide: guideOf(cdf) };
    popularities.set(name, found);
  }
  return found;
}
const popularities = new Remembered<{ cdf: Float64Array; guide: Int32Array }>(8);

/**
 * A guide table for `cdf` (indexed search, Chen and Asau 1974): as many cells as keys, cell i
 * holding the key u = i / cells picks, so a pick starts near its answer instead of searching.
 */
export function guideOf(cdf: Float64Array): Int32Array {
  const n = cdf.length, guide = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const u = i / n;
    while (u >= cdf[k]) k++; // stops at the last key at the latest: its cdf is exactly 1
    guide[i] = k;
  }
  return guide;
}

/**
 * pickKey with a guide table (guideOf): the same key for every u in [0, 1), in O(1) expected
 * steps instead of O(log keys) (a third of a cached service's time at 50,000 keys). It starts
 * at u's cell's key, steps back past any key u is below (rounding at a cell's edge), then on
 * past every key u is at or above: the smallest k with u < cdf[k], as cdf never decreases.
 */
export function pickGuided(cdf: Float64Array, guide: Int32Array, u: number): number {
  const n = guide.length, cell = (u * n) | 0;
  let k = guide[cell < n ? cell : n - 1];
  while (k > 0 && u < cdf[k - 1]) k--;
  while (u >= cdf[k]) k++;
  return k;
}

/** Inverse CDF by binary search: the smallest k with u < cdf[k]. O(log keys). */
export function pickKey(cdf: Float64Array, u: number): number {
  let lo = 0, hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u < cdf[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
