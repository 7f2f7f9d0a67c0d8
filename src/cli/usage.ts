/** Command-line usage: its error and the checks of option values shared by the commands. */
import type { Shard } from '../outcomes/experiment.js';

/** Bad command-line use: reported in one line with exit code 2. */
export class UsageError extends Error {}

/** A whole-number option (undefined when absent). */
export function wholeNumber(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`--${name} must be a whole number of at least ${min}, got "${text}"`);
  }
  return n;
}

/** `--shard K/N`: this machine runs shard K of N (1 ≤ K ≤ N). */
export function shardOption(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const k = Number(m?.[1]), n = Number(m?.[2]);
  if (!m || !Number.isSafeInteger(n) || n < 1 || k < 1 || k > n) {
    throw new UsageError(`--shard must be K/N with 1 ≤ K ≤ N (this machine runs shard K of N), got "${text}"`);
  }
  return { k, n };
}

/** `--variants a,b`: names, none empty. */
export function listOption(name: string, text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',').map((s) => s.trim());
  if (names.some((s) => s === '')) throw new UsageError(`--${name} must be names separated by commas, e.g. --${name} a,b; got "${text}"`);
  return names;
}
