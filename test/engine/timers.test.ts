import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Timers } from '../../src/engine/timers.js';

describe('Timers', () => {
  it('pops in (due, id) order whatever was set and cancelled, against a sorted list', () => {
    const op = fc.oneof(
      fc.record({ set: fc.integer({ min: 0, max: 40 }), due: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ cancel: fc.integer({ min: 0, max: 40 }) }),
      fc.constant({ pop: true }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
      const timers = new Timers(), ref = new Map<number, number>();
      const earliest = () => [...ref].sort(([a, da], [b, db]) => da - db || a - b)[0];
      for (const o of ops) {
        if ('set' in o) { if (!ref.has(o.set)) { timers.set(o.set, o.due); ref.set(o.set, o.due); } }
        else if ('cancel' in o) { timers.cancel(o.cancel); ref.delete(o.cancel); }
        else if (ref.size > 0) { const [id] = earliest(); expect(timers.pop()).toBe(id); ref.delete(id); }
        expect(timers.length).toBe(ref.size);
        expect(timers.next).toBe(ref.size ? earliest()[1] : Infinity);
        for (const id of [0, 7, 40]) expect(timers.has(id)).toBe(ref.has(id));
      }
    }), { numRuns: 300, seed: 5 });
  });

  it('cancelling an id with no timer does nothing', () => {
    const timers = new Timers();
    timers.cancel(3);
    timers.set(1, 5);
    timers.cancel(1000);
    expect(timers.length).toBe(1);
    expect(timers.peek()).toBe(1);
  });
});
