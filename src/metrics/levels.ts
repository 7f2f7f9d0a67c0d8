/**
 * Time integrals of piecewise-constant levels (busy workers, queue length), one per entity,
 * as structure-of-arrays. `set` closes the interval since the last change, so the area is exact.
 */
export class Levels {
  readonly level: Float64Array;
  readonly area: Float64Array;
  private readonly last: Float64Array;

  constructor(n: number) {
    this.level = new Float64Array(n);
    this.area = new Float64Array(n);
    this.last = new Float64Array(n);
  }

  /** Entity `i` changes to `value` at time `now`. */
  set(i: number, now: number, value: number): void {
    this.area[i] += this.level[i] * (now - this.last[i]);
    this.last[i] = now;
    this.level[i] = value;
  }

  /** Brings every area up to `now` without changing levels. */
  flush(now: number): void {
    for (let i = 0; i < this.level.length; i++) this.set(i, now, this.level[i]);
  }
}
