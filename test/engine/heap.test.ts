/**
 * EventHeap: events come out in (time, insertion sequence) order, whatever the interleaving
 * of pushes and pops, and the heap grows past its initial capacity without losing events.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventHeap } from '../../src/engine/heap.js';

interface Ev {
  time: number;
  kind: number;
  arg: number;
}

/** Removes the earliest event, reading it first as the kernel does. */
function popOne(heap: EventHeap): Ev {
  const ev = { time: heap.peekTime(), kind: heap.peekKind(), arg: heap.peekArg() };
  heap.pop();
  return ev;
}

function drain(heap: EventHeap): Ev[] {
  const out: Ev[] = [];
  while (heap.length > 0) out.push(popOne(heap));
  return out;
}

describe('EventHeap', () => {
  it('is empty at first: length 0 and peekTime Infinity', () => {
    const heap = new EventHeap();
    expect(heap.length).toBe(0);
    expect(heap.peekTime()).toBe(Infinity);
  });

  it('refuses to pop when empty, and stays empty (length 0, not -1)', () => {
    const heap = new EventHeap();
    expect(() => heap.pop()).toThrow(RangeError);
    expect(heap.length).toBe(0);
    heap.push(1, 0, 0);
    heap.pop();
    expect(() => heap.pop()).toThrow(/empty/);
    expect(heap.length).toBe(0);
    expect(heap.peekTime()).toBe(Infinity);
  });

  it('refuses a kind outside [0, 255] or not an integer (it shares a key with the sequence)', () => {
    const heap = new EventHeap();
    for (const kind of [-1, 256, 1.5, NaN, 1e9]) expect(() => heap.push(1, kind, 0), String(kind)).toThrow(/kind/);
    expect(heap.length).toBe(0);
  });

  it('pops in time order, and events at the same time in insertion order', () => {
    const heap = new EventHeap(4);
    heap.push(5, 1, 10);
    heap.push(2, 2, 20);
    heap.push(5, 3, 30);
    heap.push(2, 4, 40);
    heap.push(0, 5, 50);
    heap.push(5, 6, 60);
    heap.push(2, 7, 70);
    expect(drain(heap)).toEqual([
      { time: 0, kind: 5, arg: 50 },
      { time: 2, kind: 2, arg: 20 },
      { time: 2, kind: 4, arg: 40 },
      { time: 2, kind: 7, arg: 70 },
      { time: 5, kind: 1, arg: 10 },
      { time: 5, kind: 3, arg: 30 },
      { time: 5, kind: 6, arg: 60 },
    ]);
    expect(heap.peekTime()).toBe(Infinity);
  });

  it('breaks ties by insertion order, not by kind or arg', () => {
    const heap = new EventHeap();
    // Kinds and args deliberately decreasing, so ordering by either would reverse the result.
    for (let i = 0; i < 300; i++) heap.push(7, 255 - (i % 256), 1000 - i);
    const out = drain(heap);
    expect(out.map((e) => e.arg)).toEqual(Array.from({ length: 300 }, (_, i) => 1000 - i));
    expect(out.map((e) => e.kind)).toEqual(Array.from({ length: 300 }, (_, i) => 255 - (i % 256)));
  });

  it('keeps kinds 0 and 255 and negative / large int32 args intact', () => {
    const heap = new EventHeap();
    heap.push(1, 0, -1);
    heap.push(1, 255, 2_147_483_647);
    heap.push(0.5, 128, -2_147_483_648);
    expect(drain(heap)).toEqual([
      { time: 0.5, kind: 128, arg: -2_147_483_648 },
      { time: 1, kind: 0, arg: -1 },
      { time: 1, kind: 255, arg: 2_147_483_647 },
    ]);
  });

  it('grows past its initial capacity without losing or reordering events', () => {
    const heap = new EventHeap(2);
    const n = 5000;
    // A scrambled permutation of times with many ties (times 0..99).
    for (let i = 0; i < n; i++) heap.push((i * 7919) % 100, i % 256, i);
    expect(heap.length).toBe(n);
    const out = drain(heap);
    expect(out).toHaveLength(n);
    const expected = Array.from({ length: n }, (_, i) => ({ time: (i * 7919) % 100, kind: i % 256, arg: i }))
      .sort((a, b) => a.time - b.time || a.arg - b.arg);
    expect(out).toEqual(expected);
  });

  it('after clear() it is empty and starts a new insertion order', () => {
    const heap = new EventHeap();
    heap.push(1, 1, 1);
    heap.push(2, 2, 2);
    heap.clear();
    expect(heap.length).toBe(0);
    expect(heap.peekTime()).toBe(Infinity);
    heap.push(3, 9, 1);
    heap.push(3, 8, 2);
    expect(drain(heap).map((e) => e.arg)).toEqual([1, 2]);
  });

  it('matches a sorted reference on random interleavings of pushes and pops', () => {
    // Times from a small set so ties are frequent; capacity small so growth happens mid-sequence.
    const op = fc.oneof(
      { weight: 3, arbitrary: fc.record({ push: fc.constant(true), time: fc.integer({ min: 0, max: 20 }).map((t) => t / 4), kind: fc.integer({ min: 0, max: 255 }) }) },
      { weight: 2, arbitrary: fc.record({ push: fc.constant(false) }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.integer({ min: 1, max: 8 }), (ops, capacity) => {
        const heap = new EventHeap(capacity);
        // Reference: a list kept sorted by (time, seq).
        let ref: { time: number; kind: number; arg: number; seq: number }[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o.push) {
            const arg = seq;
            heap.push(o.time, o.kind, arg);
            ref.push({ time: o.time, kind: o.kind, arg, seq: seq++ });
            ref.sort((a, b) => a.time - b.time || a.seq - b.seq);
          } else if (ref.length > 0) {
            const want = ref[0];
            ref = ref.slice(1);
            const got = popOne(heap);
            expect(got).toEqual({ time: want.time, kind: want.kind, arg: want.arg });
          } else {
            expect(heap.peekTime()).toBe(Infinity);
          }
          expect(heap.length).toBe(ref.length);
          expect(heap.peekTime()).toBe(ref.length > 0 ? ref[0].time : Infinity);
        }
        expect(drain(heap)).toEqual(ref.map(({ time, kind, arg }) => ({ time, kind, arg })));
      }),
      { numRuns: 300 },
    );
  });

  it('matches a sorted reference for arbitrary finite non-negative float times', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { maxLength: 300 }), (times) => {
        const heap = new EventHeap(1);
        times.forEach((t, i) => heap.push(t, i % 256, i));
        const expected = times.map((time, i) => ({ time, kind: i % 256, arg: i })).sort((a, b) => a.time - b.time || a.arg - b.arg);
        // -0 and 0 compare equal in the heap; normalise for toEqual (Object.is distinguishes them).
        const norm = (e: Ev) => ({ ...e, time: e.time === 0 ? 0 : e.time });
        expect(drain(heap).map(norm)).toEqual(expected.map(norm));
      }),
      { numRuns: 200 },
    );
  });
});
