/**
 * The view state in the address's fragment, so a pasted link reproduces the exact view in a
 * fresh browser. Small fields stay readable query-style parameters
 * (`#s=checkout-breaker.yaml&v=no-breaker&seed=4&t=300000&k.load.0.spike.factor=10`); an edited
 * scenario text travels deflated (the browser's own CompressionStream, no dependency) and
 * base64url-encoded in `z`, last, so the readable part comes first.
 */

export interface ShareState {
  /** The bundled file name, e.g. 'checkout-breaker.yaml' (also the name an edited text is shown under). */
  scenario: string;
  /** The scenario text, only when edited (differs from the bundled file). */
  text?: string;
  /** Knob values by parameter path (slider units). */
  params: Record<string, number>;
  /** The run variant, or undefined for the base. */
  variant?: string;
  /** Variants compared against the base while compare mode is on (an empty list: compare mode on, none chosen). */
  compare?: string[];
  seed?: number;
  /** Scrubber time, ms. */
  t?: number;
}

const KNOB = 'k.';

/**
 * The state as a fragment starting with '#'. Knobs are written sorted by path, so one state
 * always gives one link. Rejects only if the browser lacks CompressionStream and there is a text.
 */
export async function encodeShare(state: ShareState): Promise<string> {
  const q = new URLSearchParams();
  q.append('s', state.scenario);
  if (state.variant !== undefined) q.append('v', state.variant);
  if (state.compare) {
    if (state.compare.length === 0) q.append('c', '');
    for (const name of state.compare) q.append('c', name);
  }
  if (state.seed !== undefined) q.append('seed', String(state.seed));
  if (state.t !== undefined) q.append('t', String(state.t));
  for (const path of Object.keys(state.params).sort()) q.append(KNOB + path, String(state.params[path]));
  if (state.text !== undefined) q.append('z', toBase64Url(await squeeze(state.text)));
  return `#${q.toString()}`;
}

/**
 * The state a fragment holds (with or without its leading '#'), or null when there is none or
 * it is garbled: no scenario, a number that is not one, a seed that is not a whole number, a
 * text that does not inflate to UTF-8. A garbled link gives nothing rather than a view that
 * differs from the one shared. Unknown parameters are ignored. Never throws.
 */
export async function decodeShare(hash: string): Promise<ShareState | null> {
  try {
    const q = new URLSearchParams(hash.replace(/^#/, ''));
    const scenario = q.get('s');
    if (!scenario) return null;
    const state: ShareState = { scenario, params: {} };
    if (q.has('v')) state.variant = q.get('v')!;
    if (q.has('c')) state.compare = q.getAll('c').filter((name) => name !== '');
    for (const [key, field] of [['seed', 'seed'], ['t', 't']] as const) {
      if (!q.has(key)) continue;
      const n = numberOf(q.get(key)!);
      if (n === undefined || (field === 'seed' && !Number.isSafeInteger(n)) || (field === 't' && n < 0)) return null;
      state[field] = n;
    }
    for (const [key, raw] of q) {
      if (!key.startsWith(KNOB) || key.length === KNOB.length) continue;
      const n = numberOf(raw);
      if (n === undefined) return null;
      state.params[key.slice(KNOB.length)] = n;
    }
    if (q.has('z')) state.text = await inflate(fromBase64Url(q.get('z')!));
    return state;
  } catch {
    return null;
  }
}

/** A finite number written plainly (no blanks, no hex, no 'Infinity'), else undefined. */
function numberOf(text: string): number | undefined {
  if (!/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

async function squeeze(text: string): Promise<Uint8Array> {
  return through(new TextEncoder().encode(text), new CompressionStream('deflate-raw'));
}

/** Throws on a truncated or corrupt stream, and on bytes that are not UTF-8. */
async function inflate(bytes: Uint8Array): Promise<string> {
  return new TextDecoder('utf-8', { fatal: true }).decode(await through(bytes, new DecompressionStream('deflate-raw')));
}

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode(...all) overflows the call stack on a large scenario.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Throws on characters outside base64url (atob rejects them, and a length that cannot be). */
function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
