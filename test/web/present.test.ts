import { describe, expect, it } from 'vitest';
import type { Run } from '../../web/view.js';
import { cursorAt, indexAfter, moveOf, position, stopsOf } from '../../web/views/present-data.js';
import { fixture } from './fixture.js';

// The fixture's breaks: 1 api saturated at 00:01 (path of one step), 2 SLO of a at 00:01, 3 breaker api → db at 00:03.
function run(over: { warmupMs?: number; endMs?: number; breaks?: unknown[] } = {}): Run {
  const r = fixture();
  return {
    ...r,
    result: { ...r.result, scenario: 'Tiny shop', warmupMs: over.warmupMs ?? 0, endMs: over.endMs ?? 4000 },
    outcomes: { ...r.outcomes, breaks: (over.breaks ?? r.outcomes.breaks) as Run['outcomes']['breaks'] },
  } as Run;
}

const reasons = {
  t: 2000, kind: 'errors', subject: 'payments', detail: 'failed 100% of the requests that reached it', value: 1, window: [2000, 3000],
  path: {
    text: 'payments fails 100% of requests from 00:02 because of the outage of payments from 00:02 to 00:03',
    steps: [
      { kind: 'errors', subject: 'payments', t: 2000, text: 'payments fails 100% of requests from 00:02' },
      { kind: 'fault', subject: 'payments', t: 2000, ref: 0, text: 'the outage of payments from 00:02 to 00:03' },
    ],
  },
};

describe('presentation stops', () => {
  it('merges the story with the breaks in time order, a story step before a break at the same time', () => {
    const story = [{ atMs: 3000, text: 'The breaker trips.' }, { atMs: 0, text: 'Calm.' }, { atMs: 1000, text: 'The spike lands.' }];
    const stops = stopsOf(run(), story);
    expect(stops.map((s) => [s.kind, s.t])).toEqual([
      ['story', 0], ['story', 1000], ['break', 1000], ['break', 1000], ['story', 3000], ['break', 3000],
    ]);
    expect(stops.map((s) => s.text).filter((_, i) => stops[i].kind === 'story')).toEqual(['Calm.', 'The spike lands.', 'The breaker trips.']);
    // No Start stop when there is a story: it opens the presentation itself.
    expect(stops.some((s) => s.kind === 'start')).toBe(false);
  });

  it('keeps story steps at the same time in the order written', () => {
    const stops = stopsOf(run({ breaks: [] }), [{ atMs: 2000, text: 'first' }, { atMs: 2000, text: 'second' }]);
    expect(stops.map((s) => s.text)).toEqual(['first', 'second']);
  });

  it('words a break as the timeline numbers it, with its reasons, and highlights its cause path', () => {
    const r = run({ breaks: [...fixture().outcomes.breaks.slice(0, 1), reasons] });
    const [, first, second] = stopsOf(r, []);
    expect(first.title).toBe('Break 1 at 00:01 — api: saturated');
    expect(first.text).toBe('Busy 95%.');
    expect(first.why).toBe(''); // its path is the break alone
    expect(second.title).toBe('Break 2 at 00:02 — payments: errors');
    expect(second.text).toBe('Failed 100% of the requests that reached it.');
    expect(second.why).toBe('Why: the outage of payments from 00:02 to 00:03.');
    expect(second.steps).toEqual(reasons.path.steps);
    expect(second.time).toBe('00:02');
  });

  it('story stops clear the highlight and read their time as mm:ss', () => {
    const [stop] = stopsOf(run({ endMs: 700_000, breaks: [] }), [{ atMs: 305_000, text: '  Payments go down.  ' }]);
    expect(stop).toEqual({ kind: 'story', t: 305_000, time: '05:05', title: '', text: 'Payments go down.', why: '', steps: null });
  });

  it('without a story, starts at the start of the measured period, then the breaks alone', () => {
    const stops = stopsOf(run({ warmupMs: 500 }), []);
    expect(stops.map((s) => [s.kind, s.t])).toEqual([['start', 500], ['break', 1000], ['break', 1000], ['break', 3000]]);
    expect(stops[0].title).toBe('Start');
    expect(stops[0].text).toBe('Tiny shop. 3 breaks ahead: step forward to watch each one happen.');
    expect(stops[0].steps).toBeNull();
  });

  it('an empty run has the Start stop alone, saying nothing broke', () => {
    const stops = stopsOf(run({ breaks: [] }), []);
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({ kind: 'start', t: 0, time: '00:00', text: 'Tiny shop. Nothing crossed a threshold in this run.' });
  });

  it('clamps story times to the run so the cursor stays on the scrubber', () => {
    const stops = stopsOf(run({ warmupMs: 1000, breaks: [] }), [{ atMs: 0, text: 'before' }, { atMs: 9000, text: 'after' }]);
    expect(stops.map((s) => s.t)).toEqual([1000, 4000]);
  });
});

describe('presentation keys and moves', () => {
  it('maps the keys (and a clicker’s) to moves, leaving the browser’s shortcuts alone', () => {
    expect(['ArrowRight', ' ', 'PageDown', 'ArrowLeft', 'PageUp', 'Home', 'End', 'Escape'].map((k) => moveOf(k)))
      .toEqual(['next', 'next', 'next', 'prev', 'prev', 'first', 'last', 'close']);
    expect(moveOf('a')).toBeNull();
    expect(moveOf('ArrowRight', { altKey: true })).toBeNull();
    expect(moveOf('Home', { ctrlKey: true })).toBeNull();
  });

  it('stays within the stops', () => {
    expect(indexAfter('next', 2, 3)).toBe(2);
    expect(indexAfter('next', 0, 3)).toBe(1);
    expect(indexAfter('prev', 0, 3)).toBe(0);
    expect(indexAfter('last', 0, 5)).toBe(4);
    expect(indexAfter('first', 3, 5)).toBe(0);
    expect(indexAfter('close', 3, 5)).toBe(3);
    expect(indexAfter('last', 0, 0)).toBe(0);
  });

  it('reads the position 1-based', () => {
    expect(position(2, 9)).toBe('step 3 of 9');
  });

  it('glides the cursor from one stop to the next, symmetric about the middle, and lands exactly', () => {
    expect(cursorAt(1000, 3000, 0, 1000)).toBe(1000);
    expect(cursorAt(1000, 3000, 500, 1000)).toBeCloseTo(2000, 9);
    const early = cursorAt(1000, 3000, 250, 1000), late = cursorAt(1000, 3000, 750, 1000);
    expect(early - 1000).toBeLessThan(500); // eased in: slower than linear at first
    expect(early - 1000).toBeCloseTo(3000 - late, 9);
    expect(cursorAt(1000, 3000, 1000, 1000)).toBe(3000);
    expect(cursorAt(1000, 3000, 5000, 1000)).toBe(3000);
    expect(cursorAt(1000, 3000, 0, 0)).toBe(3000);
  });
});
