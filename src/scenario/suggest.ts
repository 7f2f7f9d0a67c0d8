/**
 * "Did you mean" for misspelt keys and names. Comparison ignores case, `-` and `_`, so
 * `service_time` and `ServiceTime` both find `serviceTime`.
 */

/**
 * Returns the candidate closest to `input` if it is plausibly what was meant: within two
 * edits, or one is a prefix of the other (`work` → `workers`). Returns undefined when
 * nothing is close, so callers can list the options instead.
 */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  const wanted = simplify(input);
  if (wanted === '') return undefined;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const score = closeness(wanted, simplify(candidate));
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return bestScore <= 2 ? best : undefined;
}

/** Edit distance, with prefixes of two or more characters counted as a near match. */
function closeness(a: string, b: string): number {
  const distance = levenshtein(a, b);
  // Never suggest a word that shares almost nothing with the input ("db" for "api").
  if (distance >= Math.max(a.length, b.length)) return Infinity;
  if (Math.min(a.length, b.length) >= 2 && (a.startsWith(b) || b.startsWith(a))) {
    return Math.min(distance, 2);
  }
  return distance;
}

function simplify(text: string): string {
  return text.toLowerCase().replace(/[-_\s]/g, '');
}

/** Classic Levenshtein distance (insert, delete, substitute), two rows of memory. */
export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

/** Lists options for a message: `"a", "b" or "c"`, shortened after `max` entries. */
export function listOptions(options: readonly string[], max = 10): string {
  const quoted = options.slice(0, max).map((o) => `"${o}"`);
  if (options.length > max) return `${quoted.join(', ')}, ...`;
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}
