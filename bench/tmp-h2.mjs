import { CalendarQueue } from '../dist/engine/calendar.js';
const N = 1 << 16, inc = new Float64Array(N); let s = 12345;
const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
for (let i = 0; i < N; i++) inc[i] = -Math.log(1 - r());
function holdCalendar(q, size, holds) {
  for (let i = 0; i < size; i++) q.push(inc[i] * size, i & 7, i);
  let check = 0;
  const started = performance.now();
  for (let i = 0; i < holds; i++) { const t = q.peekTime(); check += q.peekArg(); q.pop(); q.push(t + inc[i & (N - 1)] * size, i & 7, i); }
  return ((performance.now() - started) * 1e6) / holds;
}
let best = Infinity; for (let k = 0; k < 5; k++) best = Math.min(best, holdCalendar(new CalendarQueue(), 2, 2e6)); console.log('n=2', best.toFixed(1));
