import type { IntRing } from '../engine/index.js';
import type { CallPool } from './calls.js';
import type { Compiled } from './compile.js';
import { DIRECT, MESSAGE, type JobPool } from './jobs.js';

/** Where the requests in flight are when the in-flight limit is reached. */
export interface PileUp {
  net: Compiled;
  jobs: JobPool;
  calls: CallPool;
  /** In-flight limit of the job and call pools. */
  limit: number;
  now: number;
  queues: IntRing[];
  parked: IntRing[];
}

/**
 * The reason a run stopped at the in-flight limit, naming where the requests pile up and the
 * change that would stop it: a queue growing without bound, a hung service holding every
 * attempt sent to it until its outage ends, attempts hanging in a partition, retries waiting,
 * or work whose callers gave up.
 */
export function overflowReason(p: PileUp): string {
  const head = `memory budget: more than ${p.limit.toLocaleString('en-US')} requests in flight at ${(p.now / 1000).toFixed(1)} s`;
  const names = p.net.serviceNames;
  const biggest = (rings: IntRing[]) => rings.reduce((best, r, s) => (r.length > rings[best].length ? s : best), 0);
  const q = biggest(p.queues), h = biggest(p.parked), orphans = abandoned(p.jobs, [...p.queues, ...p.parked]);
  const { hanging, backingOff } = stuckCalls(p.calls);
  const candidates: [number, string][] = [
    [p.queues[q].length, p.net.messaging[q]
      ? `${count(p.queues[q].length)} messages wait in ${names[q]}'s backlog: producers outpace the consumer ` +
        `(bound the backlog with queue: N, give messages a retention, or add workers to ${names[q]})`
      : `${count(p.queues[q].length)} wait in ${names[q]}'s queue, which is unbounded: arrivals outpace its workers ` +
        `(bound it with queue: N, add workers or lower the rate)`],
    [p.parked[h].length, `${count(p.parked[h].length)} are held by ${names[h]}, which hangs (an outage in hang mode): it ` +
      `answers nothing until the outage ends, so every attempt sent to it stays in flight (a breaker on the calls to ` +
      `${names[h]} stops sending to it; fewer retries or a shorter outage also help)`],
    [hanging, `${count(hanging)} attempts hang in a partition until it heals (give the calls a timeout, or a breaker)`],
    [backingOff, `${count(backingOff)} calls wait to retry (fewer attempts, a retry budget or a breaker would help)`],
    [orphans.count, `${count(orphans.count)} are still being worked on by ${names[orphans.service]} for callers that ` +
      `gave up (with deadlines: propagate, services drop work whose caller's deadline passed)`],
  ];
  const [n, where] = candidates.reduce((a, b) => (b[0] > a[0] ? b : a));
  return n > 0 ? `${head}; ${where}` : `${head} (add workers or lower the rate)`;
}

const count = (n: number) => n.toLocaleString('en-US');

/** Calls whose current attempt hangs in a partition, and calls waiting to retry. */
function stuckCalls(calls: CallPool): { hanging: number; backingOff: number } {
  let hanging = 0, backingOff = 0;
  for (let c = 0; c < calls.size; c++) {
    if (!calls.live[c]) continue;
    if (calls.hung[c]) hanging++;
    else if (calls.child[c] < 0) backingOff++;
  }
  return { hanging, backingOff };
}

/**
 * Jobs being worked on (not waiting in `rings`) that nobody waits for any more (their caller
 * timed out), and the service holding most of them.
 */
function abandoned(jobs: JobPool, rings: IntRing[]): { count: number; service: number } {
  const waiting = new Uint8Array(jobs.size);
  for (const ring of rings) for (let i = 0; i < ring.length; i++) waiting[ring.at(i)] = 1;
  const per = new Map<number, number>();
  let total = 0;
  for (let j = 0; j < jobs.size; j++) {
    if (!jobs.live[j] || waiting[j] || jobs.parent[j] >= 0 || jobs.flags[j] & (DIRECT | MESSAGE)) continue;
    total++;
    per.set(jobs.service[j], (per.get(jobs.service[j]) ?? 0) + 1);
  }
  let service = 0, most = -1;
  for (const [s, n] of per) if (n > most) { most = n; service = s; }
  return { count: total, service };
}
