/**
 * The Simulation kernel: events run in (time, schedule order); zero-delay events scheduled while
 * handling an event at time t run after the heap events already due at t; the clock never goes
 * back; `run` stops at `until` with the clock there; bad delays throw; budgets and `stop` end a
 * run exactly where they say.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation, type Handler } from '../../src/engine/simulation.js';

interface Trace {
  now: number;
  kind: number;
  arg: number;
}

/** A handler that records every event and runs an optional action for it. */
function recorder(sim: Simulation, action?: (kind: number, arg: number) => void): Handler & { trace: Trace[] } {
  const trace: Trace[] = [];
  return {
    trace,
    handle(kind, arg) {
      trace.push({ now: sim.now, kind, arg });
      action?.(kind, arg);
    },
  };
}

describe('Simulation: order of events', () => {
  it('runs events in time order, whatever order they were scheduled in', () => {
    const sim = new Simulation();
    sim.schedule(30, 0, 3);
    sim.schedule(10, 0, 1);
    sim.schedule(20, 0, 2);
    const h = recorder(sim);
    expect(sim.run(h, 100)).toBe('complete');
    expect(h.trace).toEqual([
      { now: 10, kind: 0, arg: 1 },
      { now: 20, kind: 0, arg: 2 },
      { now: 30, kind: 0, arg: 3 },
    ]);
  });

  it('runs events at the same time in the order they were scheduled (schedule and at alike)', () => {
    const sim = new Simulation();
    sim.schedule(5, 9, 1);
    sim.at(5, 3, 2);
    sim.schedule(5, 7, 3);
    sim.schedule(1, 0, 0);
    sim.at(5, 1, 4);
    const h = recorder(sim);
    sim.run(h, 10);
    expect(h.trace.map((e) => e.arg)).toEqual([0, 1, 2, 3, 4]);
    expect(h.trace.map((e) => e.kind)).toEqual([0, 9, 3, 7, 1]);
  });

  it('runs a zero-delay event after the heap events already due at that time, then in FIFO order', () => {
    const sim = new Simulation();
    // A, B, C due at 5; D at 6. While handling A, schedule Z1 (zero delay); while handling B, Z2;
    // while handling Z1, Z3. (time, schedule order) gives A B C Z1 Z2 Z3 D.
    const A = 1, B = 2, C = 3, D = 4, Z1 = 11, Z2 = 12, Z3 = 13;
    sim.schedule(5, 0, A);
    sim.schedule(5, 0, B);
    sim.schedule(5, 0, C);
    sim.schedule(6, 0, D);
    const h = recorder(sim, (_kind, arg) => {
      if (arg === A) sim.schedule(0, 1, Z1);
      if (arg === B) sim.schedule(0, 1, Z2);
      if (arg === Z1) sim.schedule(0, 1, Z3);
    });
    expect(sim.run(h, 10)).toBe('complete');
    expect(h.trace.map((e) => e.arg)).toEqual([A, B, C, Z1, Z2, Z3, D]);
    expect(h.trace.map((e) => e.now)).toEqual([5, 5, 5, 5, 5, 5, 6]);
  });

  it('runs zero-delay events scheduled before the run at time 0, before any later event', () => {
    const sim = new Simulation();
    sim.schedule(1, 0, 3);
    sim.schedule(0, 0, 1);
    sim.at(0, 0, 2);
    const h = recorder(sim);
    sim.run(h, 5);
    expect(h.trace).toEqual([
      { now: 0, kind: 0, arg: 1 },
      { now: 0, kind: 0, arg: 2 },
      { now: 1, kind: 0, arg: 3 },
    ]);
  });

  it('runs at(T) at exactly T, after an earlier at(T), whatever the clock was when it was scheduled', () => {
    // A is scheduled at T from time 0; B is scheduled at the same T later, at time `later`.
    // Both must run at exactly T, A first. (now + (T - now) is not always T in floating point.)
    const cases: [number, number][] = [
      [0.1474741920579845, 1199.1486481293111],
      [0.3748216629505805, 6085.5065978226985],
      [0.4409601149482114, 16317.88071600715],
    ];
    for (const [later, T] of cases) {
      const sim = new Simulation();
      sim.at(T, 0, 1); // A
      sim.at(later, 1, 0);
      const h = recorder(sim, (kind) => {
        if (kind === 1) sim.at(T, 0, 2); // B
      });
      sim.run(h, 2 * T);
      const ab = h.trace.filter((e) => e.kind === 0);
      expect(ab, `later=${later}, T=${T}`).toEqual([
        { now: T, kind: 0, arg: 1 },
        { now: T, kind: 0, arg: 2 },
      ]);
    }
  });

  it('runs a positive delay too small to move the clock after zero-delay events scheduled before it', () => {
    // At now = 1e6, 1e-12 is below half an ulp: now + delay === now. Such an event happens at
    // `now` and was scheduled after Z, so (time, schedule order) puts it after Z.
    const sim = new Simulation();
    const big = 1e6;
    expect(big + 1e-12).toBe(big);
    sim.at(big, 0, 0);
    const h = recorder(sim, (_kind, arg) => {
      if (arg === 0) {
        sim.schedule(0, 0, 1); // Z
        sim.schedule(1e-12, 0, 2); // at `big` too, scheduled after Z
      }
    });
    sim.run(h, 2 * big);
    expect(h.trace.map((e) => e.arg)).toEqual([0, 1, 2]);
    expect(h.trace.map((e) => e.now)).toEqual([big, big, big]);
  });

  it('matches a reference (time, schedule order) kernel on random event programs; time never goes back', () => {
    // Each event, when handled, schedules children with delays from a small set (0 and ties
    // frequent). A naive kernel (a list sorted by (time, seq)) gives the expected trace.
    const delay = fc.constantFrom(0, 0, 0.25, 0.5, 1, 1, 2.5);
    const program = fc.record({
      roots: fc.array(fc.tuple(delay, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
      plan: fc.array(fc.array(fc.tuple(delay, fc.integer({ min: 0, max: 255 })), { maxLength: 3 }), { minLength: 1, maxLength: 12 }),
      until: fc.constantFrom(0, 1, 2, 3.5, 6),
    });
    const LIMIT = 400;

    fc.assert(
      fc.property(program, ({ roots, plan, until }) => {
        // --- kernel under test
        const sim = new Simulation();
        let nextId = 0;
        const got: Trace[] = [];
        const children = (id: number) => (id < LIMIT ? plan[id % plan.length] : []);
        for (const [d, kind] of roots) sim.schedule(d, kind, nextId++);
        const cause = sim.run(
          {
            handle(kind, arg) {
              got.push({ now: sim.now, kind, arg });
              for (const [d, k] of children(arg)) sim.schedule(d, k, nextId++);
            },
          },
          until,
        );
        expect(cause).toBe('complete');
        expect(sim.now).toBe(until);

        // --- reference kernel
        type Ev = { time: number; seq: number; kind: number; arg: number };
        let queue: Ev[] = [];
        let seq = 0, id = 0, now = 0;
        const want: Trace[] = [];
        const push = (d: number, kind: number) => {
          queue.push({ time: now + d, seq: seq++, kind, arg: id++ });
          queue.sort((a, b) => a.time - b.time || a.seq - b.seq);
        };
        for (const [d, kind] of roots) push(d, kind);
        while (queue.length > 0 && queue[0].time <= until) {
          const ev = queue[0];
          queue = queue.slice(1);
          now = ev.time;
          want.push({ now, kind: ev.kind, arg: ev.arg });
          for (const [d, k] of children(ev.arg)) push(d, k);
        }
        expect(got).toEqual(want);
        expect(sim.pending).toBe(queue.length);
        expect(sim.events).toBe(want.length);
        for (let i = 1; i < got.length; i++) expect(got[i].now).toBeGreaterThanOrEqual(got[i - 1].now);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Simulation: run until', () => {
  it('runs events due at or before `until`, leaves later ones pending, and leaves the clock at `until`', () => {
    const sim = new Simulation();
    sim.schedule(3, 0, 1);
    sim.schedule(10, 0, 2); // exactly at until: runs
    sim.schedule(10.5, 0, 3);
    sim.schedule(20, 0, 4);
    const h = recorder(sim);
    expect(sim.run(h, 10)).toBe('complete');
    expect(h.trace.map((e) => e.arg)).toEqual([1, 2]);
    expect(sim.now).toBe(10);
    expect(sim.pending).toBe(2);
    expect(sim.events).toBe(2);
    // A second run continues where the first stopped.
    expect(sim.run(h, 15)).toBe('complete');
    expect(h.trace.map((e) => e.arg)).toEqual([1, 2, 3]);
    expect(h.trace[2].now).toBe(10.5);
    expect(sim.now).toBe(15);
    expect(sim.pending).toBe(1);
  });

  it('moves the clock to `until` even when nothing is scheduled', () => {
    const sim = new Simulation();
    const h = recorder(sim);
    expect(sim.run(h, 42)).toBe('complete');
    expect(sim.now).toBe(42);
    expect(h.trace).toEqual([]);
  });

  it('schedules relative to the clock left at `until` by the previous run', () => {
    const sim = new Simulation();
    sim.run(recorder(sim), 100);
    sim.schedule(5, 0, 1);
    const h = recorder(sim);
    sim.run(h, 200);
    expect(h.trace).toEqual([{ now: 105, kind: 0, arg: 1 }]);
  });
});

describe('Simulation: bad delays', () => {
  it('throws a RangeError on a negative or NaN delay and schedules nothing', () => {
    const sim = new Simulation();
    expect(() => sim.schedule(-1, 0, 0)).toThrow(RangeError);
    expect(() => sim.schedule(-1e-300, 0, 0)).toThrow(RangeError);
    expect(() => sim.schedule(NaN, 0, 0)).toThrow(RangeError);
    expect(() => sim.schedule(-Infinity, 0, 0)).toThrow(RangeError);
    expect(sim.pending).toBe(0);
  });

  it('throws when at() names a time in the past or NaN', () => {
    const sim = new Simulation();
    sim.schedule(10, 0, 0);
    const h = recorder(sim, () => {
      expect(() => sim.at(9.999, 0, 1)).toThrow(RangeError);
      expect(() => sim.at(NaN, 0, 1)).toThrow(RangeError);
    });
    sim.run(h, 20);
    expect(h.trace).toHaveLength(1);
    expect(sim.pending).toBe(0);
  });
});

describe('Simulation: budgets and stop', () => {
  /** An endless chain: each event schedules the next one `step` later. */
  function chain(sim: Simulation, step: number): Handler & { trace: Trace[] } {
    sim.schedule(step, 0, 0);
    return recorder(sim, (_kind, arg) => sim.schedule(step, 0, arg + 1));
  }

  it('stops after exactly maxEvents events with event-budget, the clock at the last event', () => {
    const sim = new Simulation();
    const h = chain(sim, 1);
    expect(sim.run(h, 1000, { maxEvents: 10 })).toBe('event-budget');
    expect(h.trace).toHaveLength(10);
    expect(sim.events).toBe(10);
    expect(sim.now).toBe(10);
    expect(sim.pending).toBe(1);
  });

  it('stops exactly at a budget beyond the internal check interval (65,536 events)', () => {
    for (const maxEvents of [65_535, 65_536, 65_537, 140_001]) {
      const sim = new Simulation();
      let n = 0;
      sim.schedule(0, 0, 0);
      // Zero-delay and heap events mixed.
      const cause = sim.run({ handle: () => { n++; sim.schedule(n % 2 ? 0 : 0.5, 0, 0); } }, Infinity, { maxEvents });
      expect(cause).toBe('event-budget');
      expect(n).toBe(maxEvents);
      expect(sim.events).toBe(maxEvents);
    }
  });

  it('completes when the budget is larger than the events the run needs', () => {
    const sim = new Simulation();
    for (let i = 1; i <= 5; i++) sim.schedule(i, 0, i);
    const h = recorder(sim);
    expect(sim.run(h, 100, { maxEvents: 6 })).toBe('complete');
    expect(h.trace).toHaveLength(5);
    expect(sim.now).toBe(100);
  });

  it('stops a runaway run on the wall-clock budget with time-budget, at an event checkpoint', () => {
    // The clock is read every 65,536 events (Budget.maxWallMs): the run stops at a checkpoint,
    // whichever one the machine's speed makes it, with the chain's next event still pending.
    // How long it took is not asserted: that is the machine's business, not the kernel's.
    const sim = new Simulation();
    let n = 0;
    sim.schedule(1, 0, 0);
    const cause = sim.run({ handle: () => { n++; sim.schedule(1, 0, 0); } }, Infinity, { maxWallMs: 30 });
    expect(cause).toBe('time-budget');
    expect(n).toBeGreaterThan(0);
    expect(n % 65_536).toBe(0);
    expect(sim.events).toBe(n);
    expect(sim.now).toBe(n); // event k runs at time k
    expect(sim.pending).toBe(1);
  });

  it('a wall-clock budget the run does not need changes nothing', () => {
    const sim = new Simulation();
    for (let i = 1; i <= 5; i++) sim.schedule(i, 0, i);
    const h = recorder(sim);
    expect(sim.run(h, 100, { maxWallMs: 600_000 })).toBe('complete');
    expect(h.trace.map((e) => e.arg)).toEqual([1, 2, 3, 4, 5]);
    expect(sim.now).toBe(100);
  });

  it('stop(reason) ends the run after the current event, keeps the reason and the pending events', () => {
    const sim = new Simulation();
    for (let i = 1; i <= 10; i++) sim.schedule(i, 0, i);
    const h = recorder(sim, (_kind, arg) => {
      if (arg === 3) {
        sim.schedule(0, 0, 99); // zero-delay, still pending after the stop
        sim.stop('enough');
      }
    });
    expect(sim.run(h, 100)).toBe('stopped');
    expect(sim.stopReason).toBe('enough');
    expect(h.trace.map((e) => e.arg)).toEqual([1, 2, 3]);
    expect(sim.now).toBe(3);
    expect(sim.events).toBe(3);
    expect(sim.pending).toBe(8);

    // Running again clears the reason and continues in order.
    const h2 = recorder(sim);
    expect(sim.run(h2, 100)).toBe('complete');
    expect(sim.stopReason).toBeNull();
    expect(h2.trace.map((e) => e.arg)).toEqual([99, 4, 5, 6, 7, 8, 9, 10]);
    expect(h2.trace[0].now).toBe(3);
    expect(sim.events).toBe(11);
  });
});
