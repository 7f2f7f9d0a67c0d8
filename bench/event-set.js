// The event set alone: the classic hold model (pop the earliest event, push one a random
// increment later) at several sizes, for the calendar queue the kernel uses and the 4-ary heap it
// replaced (kept as the reference order). Nanoseconds per hold (one pop + one push), best of 5.
//
//   npm run build:cli && node bench/event-set.js
import seedrandom from 'seedrandom';
import { CalendarQueue } from '../dist/engine/calendar.js';
import { EventHeap } from '../dist/engine/heap.js';

/** Increments: exponential; a brownout-like mix (most short work, some far arrivals and ticks); and ties (integer times). */
const shapes = {
  exponential: (r) => -Math.log(1 - r()),
  'mixed (90% short, 10% x50)': (r) => (r() < 0.9 ? -Math.log(1 - r()) : -50 * Math.log(1 - r())),
  'ties (integers 0-3)': (r) => Math.floor(r() * 4),
};

function hold(make, size, shape, holds) {
  const r = seedrandom.alea('event-set'), q = make();
  for (let i = 0; i < size; i++) q.push(shape(r) * size, i & 7, i);
  let check = 0;
  const started = performance.now();
  for (let i = 0; i < holds; i++) {
    const t = q.peekTime();
    check += q.peekArg();
    q.pop();
    q.push(t + shape(r) * size, i & 7, i);
  }
  return { ns: ((performance.now() - started) * 1e6) / holds, check };
}

export function eventSetFigures({ sizes = [10, 50, 300, 3000, 100_000], holds = 2_000_000, rounds = 5 } = {}) {
  const rows = [];
  for (const [name, shape] of Object.entries(shapes)) {
    for (const size of sizes) {
      const heap = [], cal = [];
      for (let k = 0; k < rounds; k++) {
        const h = hold(() => new EventHeap(), size, shape, holds), c = hold(() => new CalendarQueue(), size, shape, holds);
        if (h.check !== c.check) throw new Error(`event order differs (${name}, ${size})`);
        heap.push(h.ns);
        cal.push(c.ns);
      }
      rows.push({ shape: name, size, heapNs: Math.min(...heap), calendarNs: Math.min(...cal) });
    }
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('hold model: ns per pop+push, best of 5 (same events in the same order from both)');
  console.log(`  ${'increments'.padEnd(28)} ${'pending'.padStart(8)}  ${'4-ary heap'.padStart(10)}  ${'calendar'.padStart(9)}  ratio`);
  for (const r of eventSetFigures()) {
    console.log(`  ${r.shape.padEnd(28)} ${String(r.size).padStart(8)}  ${r.heapNs.toFixed(1).padStart(10)}  ${r.calendarNs.toFixed(1).padStart(9)}  ${(r.heapNs / r.calendarNs).toFixed(2)}x`);
  }
}
