import { CalendarQueue } from '../dist/engine/calendar.js';
import { EventHeap } from '../dist/engine/heap.js';
const N = 1 << 16, inc = new Float64Array(N); let s = 12345;
const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
for (let i = 0; i < N; i++) inc[i] = -Math.log(1 - r());
const holdSrc = (function hold(make, size, holds) {
  const q = make(); for (let i = 0; i < size; i++) q.push(inc[i] * size, i & 7, i);
  let check = 0; const t0 = performance.now();
  for (let i = 0; i < holds; i++) { const t = q.peekTime(); check += q.peekArg(); q.pop(); q.push(t + inc[i & (N - 1)] * size, i & 7, i); }
  return [(performance.now() - t0) * 1e6 / holds, check];
}).toString();
const holdH = new Function('inc', 'N', 'return ' + holdSrc)(inc, N), holdC = new Function('inc', 'N', 'return ' + holdSrc)(inc, N);
for (const size of [2, 4, 10, 50, 300, 3000]) {
  let h = Infinity, c = Infinity;
  for (let k = 0; k < 5; k++) { h = Math.min(h, holdH(() => new EventHeap(), size, 2e6)[0]); c = Math.min(c, holdC(() => new CalendarQueue(), size, 2e6)[0]); }
  console.log(size, 'heap', h.toFixed(1), 'cal', c.toFixed(1));
}
