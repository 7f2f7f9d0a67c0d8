// The event set alone: the classic hold model (pop the earliest event, push one a random
// increment later) at several sizes, for the kernel's CalendarQueue (a heap below 24 events, a
// calendar above) and the 4-ary EventHeap it replaced (kept as the reference order).
// Nanoseconds per hold (one pop + one push), best of 5; the increments are drawn beforehand, so
// only the event set is timed. Both must pop the same events in the same order.
//
//   npm run build:cli && node bench/event-set.js
import seedrandom from 'seedrandom';
import { CalendarQueue } from '../dist/engine/calendar.js';
import { EventHeap } from '../dist/engine/heap.js';

const N = 1 << 16;
/** Increments: exponential; a brownout-like mix (most short work, some far arrivals and ticks); and ties (integer times). */
const shapes = {
  exponential: (r) => -Math.log(1 - r()),
  'mixed (90% short, 10% x50)': (r) => (r() < 0.9 ? -Math.log(1 - r()) : -50 * Math.log(1 - r())),
  'ties (integers 0-3)': (r) => Math.floor(r() * 4),
};

// Two copies of one loop, so each call site sees one class (a shared loop would be polymorphic
// and time V8's dispatch instead of the event sets).
function holdHeap(q, inc, size, holds) {
  for (let i = 0; i < size; i++) q.push(inc[i & (N - 1)] * size, i & 7, i);
  let check = 0;
  const started = performance.now();
  for (let i = 0; i < holds; i++) {
    const t = q.peekTime();
    check = (check * 31 + q.peekArg()) | 0; // order-sensitive
    q.pop();
    q.push(t + inc[i & (N - 1)] * size, i & 7, i);
  }
  return { ns: ((performance.now() - started) * 1e6) / holds, check };
}

function holdCalendar(q, inc, size, holds) {
  for (let i = 0; i < size; i++) q.push(inc[i & (N - 1)] * size, i & 7, i);
  let check = 0;
  const started = performance.now();
  for (let i = 0; i < holds; i++) {
    const t = q.peekTime();
    check = (check * 31 + q.peekArg()) | 0; // order-sensitive
    q.pop();
    q.push(t + inc[i & (N - 1)] * size, i & 7, i);
  }
  return { ns: ((performance.now() - started) * 1e6) / holds, check };
}

/** Rows of { shape, size, heapNs, calendarNs }. */
export function eventSetFigures({ sizes = [2, 10, 50, 300, 3000, 100_000], holds = 2_000_000, rounds = 5, only = null } = {}) {
  const rows = [];
  for (const [name, shape] of Object.entries(shapes)) {
    if (only !== null && name !== only) continue;
    const r = seedrandom.alea('event-set'), inc = Float64Array.from({ length: N }, () => shape(r));
    for (const size of sizes) {
      const heap = [], cal = [];
      for (let k = 0; k < rounds; k++) {
        const h = holdHeap(new EventHeap(), inc, size, holds), c = holdCalendar(new CalendarQueue(), inc, size, holds);
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
  console.log('hold model: ns per pop+push, best of 5 (the same events in the same order from both)');
  console.log(`  ${'increments'.padEnd(28)} ${'pending'.padStart(8)}  ${'4-ary heap'.padStart(10)}  ${'calendar'.padStart(9)}  heap/calendar`);
  for (const r of eventSetFigures()) {
    console.log(`  ${r.shape.padEnd(28)} ${String(r.size).padStart(8)}  ${r.heapNs.toFixed(1).padStart(10)}  ${r.calendarNs.toFixed(1).padStart(9)}  ${(r.heapNs / r.calendarNs).toFixed(2)}x`);
  }
}
