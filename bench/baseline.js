// The yardstick for brownout's kernel: the same M/M/1 simulation written by hand, as fast as a
// careful person would write it in plain JavaScript, with nothing of brownout imported.
//
// It is an honest event loop, not a closed-form shortcut: a binary min-heap on typed arrays
// ordered by (time, insertion sequence), two event kinds (arrival, departure), a FIFO of waiting
// customers as a growable typed ring, and the same random streams as brownout (seedrandom's Alea,
// seeded "<seed>/arrivals:<feature>" and "<seed>/service:<service>", exponential by inversion
// -mean * log(1 - u)). Draws happen in the same order as in brownout (next interarrival on each
// arrival, a service time when service starts), so both follow the same sample path and their
// counts agree exactly: the bench checks that, so the two are known to do the same work.
//
// What it leaves out, on purpose, is everything brownout adds for its users: scenario parsing
// and validation, histograms and quantiles, time series, per-feature bookkeeping, multi-server
// and call graphs, budgets, and the JSON report. The ratio brownout / baseline is the price of all
// of that on the simplest possible model.
import seedrandom from 'seedrandom';

const ARRIVAL = 0, DEPARTURE = 1;

/**
 * Binary min-heap of events on parallel typed arrays, ordered by (time, insertion sequence):
 * key = seq * 2 + kind, so ties in time break by insertion order with one comparison. A class
 * rather than closures over local variables: V8 keeps captured doubles boxed in the closure
 * context, which measured about 15% slower.
 */
export class Heap {
  constructor(capacity = 16) {
    this.time = new Float64Array(capacity);
    this.key = new Float64Array(capacity);
    this.arg = new Float64Array(capacity);
    this.length = 0;
    this.seq = 0;
  }

  push(time, kind, arg) {
    if (this.length === this.time.length) this.grow();
    const T = this.time, K = this.key, A = this.arg;
    const key = this.seq++ * 2 + kind;
    let pos = this.length++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1, pt = T[parent];
      if (time > pt || (time === pt && key > K[parent])) break;
      T[pos] = pt; K[pos] = K[parent]; A[pos] = A[parent];
      pos = parent;
    }
    T[pos] = time; K[pos] = key; A[pos] = arg;
  }

  pop() {
    const n = --this.length;
    if (n <= 0) return;
    const T = this.time, K = this.key, A = this.arg;
    const time = T[n], key = K[n], arg = A[n], half = n >> 1;
    let pos = 0;
    while (pos < half) {
      let child = 2 * pos + 1;
      const right = child + 1;
      if (right < n && (T[right] < T[child] || (T[right] === T[child] && K[right] < K[child]))) child = right;
      const ct = T[child];
      if (ct > time || (ct === time && K[child] > key)) break;
      T[pos] = ct; K[pos] = K[child]; A[pos] = A[child];
      pos = child;
    }
    T[pos] = time; K[pos] = key; A[pos] = arg;
  }

  grow() {
    const cap = this.time.length * 2;
    const t = new Float64Array(cap), k = new Float64Array(cap), a = new Float64Array(cap);
    t.set(this.time); k.set(this.key); a.set(this.arg);
    this.time = t; this.key = k; this.arg = a;
  }
}

/** FIFO of float64 values (arrival times of waiting customers) in a power-of-two ring that doubles when full. */
export class Fifo {
  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
    this.mask = capacity - 1;
    this.head = 0;
    this.length = 0;
  }

  push(x) {
    if (this.length === this.data.length) this.grow();
    this.data[(this.head + this.length++) & this.mask] = x;
  }

  shift() {
    const x = this.data[this.head];
    this.head = (this.head + 1) & this.mask;
    this.length--;
    return x;
  }

  grow() {
    const n = this.data.length, d = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) d[i] = this.data[(this.head + i) & this.mask];
    this.data = d; this.mask = d.length - 1; this.head = 0;
  }
}

/**
 * Runs an M/M/1 queue from time 0 to `durationMs` (events at or before the end are executed).
 * @param {{ ratePerMs: number, meanServiceMs: number, durationMs: number, seed: number|string,
 *           feature?: string, service?: string }} p
 */
export function mm1Baseline(p) {
  const { ratePerMs, meanServiceMs, durationMs, seed } = p;
  const arrivalRng = seedrandom.alea(`${seed}/arrivals:${p.feature ?? 'lookup'}`);
  const serviceRng = seedrandom.alea(`${seed}/service:${p.service ?? 'api'}`);
  const meanInterarrival = 1 / ratePerMs;
  const heap = new Heap(), queue = new Fifo();

  let now = 0, busy = 0, lastChange = 0, busyArea = 0, maxQueue = 0;
  let events = 0, arrivals = 0, started = 0, completed = 0, waitSum = 0, sojournSum = 0;

  heap.push(-meanInterarrival * Math.log(1 - arrivalRng()), ARRIVAL, 0);
  while (heap.length > 0) {
    const t = heap.time[0];
    if (t > durationMs) break;
    // kind = key mod 2, without the % operator: on doubles V8 compiles % to a C call (fmod).
    const k0 = heap.key[0], kind = k0 - 2 * Math.floor(k0 * 0.5), arg = heap.arg[0];
    heap.pop();
    now = t;
    events++;
    if (kind === ARRIVAL) {
      heap.push(now - meanInterarrival * Math.log(1 - arrivalRng()), ARRIVAL, 0);
      arrivals++;
      if (busy === 0) {
        busyArea += busy * (now - lastChange); lastChange = now; busy = 1;
        started++; // waited 0
        heap.push(now - meanServiceMs * Math.log(1 - serviceRng()), DEPARTURE, now);
      } else {
        queue.push(now);
        if (queue.length > maxQueue) maxQueue = queue.length;
      }
    } else {
      completed++;
      sojournSum += now - arg;
      if (queue.length > 0) {
        const arrived = queue.shift();
        started++;
        waitSum += now - arrived;
        heap.push(now - meanServiceMs * Math.log(1 - serviceRng()), DEPARTURE, arrived);
      } else {
        busyArea += busy * (now - lastChange); lastChange = now; busy = 0;
      }
    }
  }
  busyArea += busy * (durationMs - lastChange);

  return {
    events, arrivals, completed, inSystem: busy + queue.length, maxQueue,
    meanWaitMs: started > 0 ? waitSum / started : 0,
    meanSojournMs: completed > 0 ? sojournSum / completed : 0,
    utilization: busyArea / durationMs,
  };
}
