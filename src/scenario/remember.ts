/**
 * A small memory of results of pure checks, keyed by the plain data they checked. The web app
 * re-parses a scenario on every slider move, and the checks of its knobs' ends (the file with
 * every knob at its `from`, then at its `to`) see the same data each time: remembering them
 * saves two of the three whole-file checks a parse makes. Entries are shared, so callers must
 * not change what they get back.
 */
export class Remembered<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly size: number) {}

  /** The value remembered for `key`, or undefined; a hit becomes the newest entry. */
  get(key: string): T | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** Remembers `value` for `key`, forgetting the oldest entry when full. */
  set(key: string, value: T): void {
    this.entries.delete(key);
    if (this.entries.size >= this.size) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
  }
}

/**
 * A text equal for two pieces of plain data (what a YAML file reads as: maps, lists, strings,
 * numbers, booleans, null) exactly when they are equal, key order included. Unlike plain JSON it
 * tells Infinity, NaN, -0 and undefined from null and 0 (a YAML file can write .inf).
 */
export function dataKey(data: unknown): string {
  return JSON.stringify(data, (_key, value: unknown) => {
    if (typeof value === 'string') return `s${value}`;
    if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? value : `n${String(value)}${Object.is(value, -0) ? '-0' : ''}`;
    return value === undefined ? 'u' : value;
  });
}
