/**
 * CalendarQueue: the kernel's event set. It must give exactly the order of the reference
 * EventHeap — time, then insertion sequence — on any sequence of pushes and pops: holds (pop one,
 * push one later, what a simulation does), ties, bursts that grow and shrink the calendar, a
 * spacing that changes mid-run (retuning), far-future and infinite times, and pushes earlier
 * than the last peek (a stepped run pausing before its next event, then scheduling).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CalendarQueue } from '../../src/engine/calendar.js';
import { EventHeap } from '../../src/engine/heap.js';

type Queue = CalendarQueue | EventHeap;

/** Pops one event from each and expects the same (time, kind, arg). */
function popBoth(a: Queue, b: Queue): void {
  const got = [a.peekTime(), a.peekKind(), a.peekArg()], want = [b.peekTime(), b.peekKind(), b.peekArg()];
  expect(got).toEqual(want);
  a.pop();
  b.pop();
  expect(a.length).toBe(b.length);
}

function pushBoth(a: Queue, b: Queue, time: number, kind: number, arg: number): void {
  a.push(time, kind, arg);
  b.push(time, kind, arg);
}

/** A small deterministic generator for the long runs (fast-check drives the short ones). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('CalendarQueue', () => {
  it('is empty at first, refuses to pop when empty, and refuses a kind outside [0, 255]', () => {
    const q = new CalendarQueue();
    expect(q.length).toBe(0);
    expect(q.peekTime()).toBe(Infinity);
    expect(() => q.pop()).toThrow(/empty/);
    for (const kind of [-1, 256, 1.5, NaN]) expect(() => q.push(1, kind, 0)).toThrow(/kind/);
    q.push(3, 1, 7);
    q.pop();
    expect(q.length).toBe(0);
    expect(q.peekTime()).toBe(Infinity);
  });

  it('pops events at the same time in insertion order, across growth past the initial capacity', () => {
    const q = new CalendarQueue(4), heap = new EventHeap(4);
    for (let i = 0; i < 500; i++) pushBoth(q, heap, (i * 7) % 5, i % 256, i);
    while (heap.length > 0) popBoth(q, heap);
  });

  it('matches the reference heap on random pushes and pops, ties and earlier-than-peeked pushes included', () => {
    const op = fc.oneof(
      { weight: 3, arbitrary: fc.record({ op: fc.constant('push' as const), time: fc.integer({ min: 0, max: 40 }).map((t) => t / 4), kind: fc.integer({ min: 0, max: 255 }) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('far' as const), time: fc.constantFrom(1e6, 1e12, 1e300, Infinity), kind: fc.integer({ min: 0, max: 255 }) }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('pop' as const) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('peek' as const) }) },
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
      const q = new CalendarQueue(2), heap = new EventHeap(2);
      let arg = 0;
      for (const o of ops) {
        if (o.op === 'pop') { if (heap.length > 0) popBoth(q, heap); }
        else if (o.op === 'peek') expect(q.peekTime()).toBe(heap.peekTime());
        else pushBoth(q, heap, o.time, o.kind, arg++);
      }
      while (heap.length > 0) popBoth(q, heap);
    }), { numRuns: 300 });
  });

  it('matches the reference heap on hold sequences whose spacing and size change (resizes and retunes)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
      const r = lcg(seed), q = new CalendarQueue(), heap = new EventHeap();
      let now = 0, arg = 0;
      // Phases: a steady hold, a burst that grows the calendar, a spacing 1000 times wider
      // (the width must be re-estimated), integer times (ties), then a drain that shrinks it.
      const phases: [holds: number, extra: number, scale: number, ties: boolean][] = [
        [3000, 0, 1, false], [2000, 3, 1, false], [9000, 0, 1000, false], [4000, 0, 2, true], [2000, -1, 1, false],
      ];
      for (let i = 0; i < 40; i++) pushBoth(q, heap, r() * 40, i & 3, arg++);
      for (const [holds, extra, scale, ties] of phases) {
        for (let h = 0; h < holds && heap.length > 0; h++) {
          now = heap.peekTime();
          popBoth(q, heap);
          const pushes = extra < 0 ? (h % 2) : 1 + (h % 4 === 0 ? extra : 0);
          for (let k = 0; k < pushes; k++) {
            const gap = -Math.log(1 - r()) * scale * Math.max(1, heap.length / 10);
            pushBoth(q, heap, ties ? Math.ceil(now + gap) : now + gap, (arg & 7), arg++);
          }
        }
      }
      while (heap.length > 0) popBoth(q, heap);
      // Growth, shrinking and at least one retune for the wider spacing.
      expect(q.rebuilds).toBeGreaterThanOrEqual(4);
    }), { numRuns: 6 });
  });

  it('keeps order when the clock pauses before the next event and earlier events are then pushed', () => {
    // A stepped run peeks its next event, stops short of it, and the model schedules in between.
    const q = new CalendarQueue(), heap = new EventHeap(), r = lcg(7);
    for (let i = 0; i < 200; i++) pushBoth(q, heap, 100 + r() * 1000, 1, i);
    for (let round = 0; round < 200; round++) {
      const next = heap.peekTime();
      expect(q.peekTime()).toBe(next);
      pushBoth(q, heap, next - r() * 5, 2, 1000 + round);
      pushBoth(q, heap, next, 3, 2000 + round);
      popBoth(q, heap);
    }
    while (heap.length > 0) popBoth(q, heap);
  });

  it('moves a crowd into the calendar, and back to the heap for good when the spacing is heavy-tailed', () => {
    // Lognormal increments with sigma 3 (p50 1, p99 about 1000): the earliest events, sampled for
    // the width, are far denser than the rest, so no width serves and pops scan; the heap takes over.
    for (const [sigma, calendar] of [[0.5, true], [3, false]] as const) {
      const q = new CalendarQueue(), heap = new EventHeap(), r = lcg(11);
      const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
      for (let i = 0; i < 5000; i++) pushBoth(q, heap, Math.exp(sigma * normal()), 0, i);
      for (let h = 0; h < 200_000; h++) {
        const now = heap.peekTime();
        popBoth(q, heap);
        pushBoth(q, heap, now + Math.exp(sigma * normal()), 1, 5000 + h);
      }
      expect(q.inCalendar, `sigma ${sigma}`).toBe(calendar);
      while (heap.length > 0) popBoth(q, heap);
      expect(q.inCalendar).toBe(false); // drained below UNSPILL: back in the heap
    }
  });

  it('clear empties it and restarts the sequence', () => {
    const q = new CalendarQueue();
    for (let i = 0; i < 100; i++) q.push(i % 3, 0, i);
    q.clear();
    expect(q.length).toBe(0);
    expect(q.peekTime()).toBe(Infinity);
    q.push(2, 1, 1);
    q.push(1, 2, 2);
    expect([q.peekTime(), q.peekKind(), q.peekArg()]).toEqual([1, 2, 2]);
  });
});
