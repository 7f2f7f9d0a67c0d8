/**
 * Presentation mode without the DOM: the stops an instructor steps through (the scenario's story
 * merged with the run's breaks, in time order), the keys that move between them, and the eased
 * cursor between two stops. Tested directly (test/web/present.test.ts).
 */
import { easeCubicInOut } from 'd3';
import { because } from '../../src/outcomes/because.js';
import { clock } from '../../src/outcomes/clock.js';
import type { CauseStep } from '../../src/worker/protocol.js';
import type { Run } from '../view.js';
import { breakRows } from './timeline-data.js';

/** One step of a scenario's `story`: what to say at `atMs` (ms from the start of the run, as break times). */
export interface StoryStep {
  atMs: number;
  text: string;
}

/** One stop of the presentation. */
export interface Stop {
  kind: 'start' | 'story' | 'break';
  /** Where the time cursor goes, ms from the start of the run (clamped to the measured period). */
  t: number;
  /** `t` as mm:ss (h:mm:ss from an hour). */
  time: string;
  /** A headline: `Break 2 at 05:05 — payments: errors`, `Start`; empty for a story step. */
  title: string;
  /** What to say: the story's text, the break's detail, or the start's summary. */
  text: string;
  /** A break's reasons (`Why: because of …`); empty when it has none, and for other stops. */
  why: string;
  /** The cause path to highlight on the heat map; null clears the highlight. */
  steps: CauseStep[] | null;
}

const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const sentence = (s: string) => (/[.!?…]$/.test(s) ? s : `${s}.`);

/**
 * The stops of a run: the story steps and the breaks, in time order. At equal times a story step
 * comes before a break (the instructor sets the scene, then the break lands); story steps keep
 * their order among themselves, breaks theirs (first crossing first, numbered as on the
 * timeline). Without a story the first stop is `Start`, at the start of the measured period.
 * Story times outside the run are clamped to it, so the cursor always lands on the scrubber.
 */
export function stopsOf(run: Run, story: readonly StoryStep[]): Stop[] {
  const { warmupMs: from, endMs: to, scenario } = run.result;
  const at = (t: number) => Math.min(to, Math.max(from, t));
  const told = story.map((s, i) => ({ key: [at(s.atMs), 0, i], stop: storyStop(at(s.atMs), s.text) }));
  const breaks = breakRows(run.outcomes.breaks).map((r, i) => ({
    key: [at(r.t), 1, i],
    stop: {
      kind: 'break' as const, t: at(r.t), time: r.time, title: `Break ${r.n} at ${r.time} — ${r.subject}: ${r.badge}`,
      text: sentence(upper(r.detail)), why: whyOf(r.steps), steps: r.steps,
    },
  }));
  const merged = [...told, ...breaks].sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]).map((s) => s.stop);
  if (story.length > 0) return merged;
  const n = breaks.length;
  const summary = n === 0 ? 'Nothing crossed a threshold in this run.' : `${n} break${n === 1 ? '' : 's'} ahead: step forward to watch each one happen.`;
  return [{ kind: 'start', t: from, time: clock(from), title: 'Start', text: `${sentence(scenario)} ${summary}`, why: '', steps: null }, ...merged];
}

function storyStop(t: number, text: string): Stop {
  return { kind: 'story', t, time: clock(t), title: '', text: text.trim(), why: '', steps: null };
}

/** The reasons after the break itself (its first step restates the break), as the brief words them. */
function whyOf(steps: readonly CauseStep[]): string {
  const reasons = because(steps.slice(1), ', ');
  return reasons === '' ? '' : `Why: ${sentence(reasons)}`;
}

/** `step 3 of 9` for the 0-based index `i` of `n` stops. */
export function position(i: number, n: number): string {
  return `step ${i + 1} of ${n}`;
}

export type Move = 'next' | 'prev' | 'first' | 'last' | 'close';

/**
 * The move a key asks for, or null for keys presentation mode leaves alone: → Space PageDown
 * next (a presentation clicker sends PageDown/PageUp), ← PageUp back, Home first, End last,
 * Esc leaves. Keys with Ctrl, Alt or Meta are the browser's.
 */
export function moveOf(key: string, mods: { ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean } = {}): Move | null {
  if (mods.ctrlKey || mods.altKey || mods.metaKey) return null;
  switch (key) {
    case 'ArrowRight': case ' ': case 'PageDown': return 'next';
    case 'ArrowLeft': case 'PageUp': return 'prev';
    case 'Home': return 'first';
    case 'End': return 'last';
    case 'Escape': return 'close';
    default: return null;
  }
}

/** The index a move leads to from `i` among `n` stops (stays within them; `close` keeps `i`). */
export function indexAfter(move: Move, i: number, n: number): number {
  const last = Math.max(0, n - 1);
  switch (move) {
    case 'next': return Math.min(last, i + 1);
    case 'prev': return Math.max(0, i - 1);
    case 'first': return 0;
    case 'last': return last;
    default: return i;
  }
}

/**
 * The cursor `elapsed` ms into a move from `from` to `to` that takes `duration` ms: eased in and
 * out (cubic), `to` from `duration` on (and at once for a duration of 0 or less).
 */
export function cursorAt(from: number, to: number, elapsed: number, duration: number): number {
  if (duration <= 0 || elapsed >= duration) return to;
  return from + (to - from) * easeCubicInOut(Math.max(0, elapsed / duration));
}
