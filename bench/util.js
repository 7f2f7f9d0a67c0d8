// Timing and formatting helpers shared by the bench's sections.

export const gc = globalThis.gc ?? (() => {});

/** CPU time (user + system, all threads of this process) since `from`, ms: steadier than wall time on a busy machine. */
export const cpuSince = (from) => { const d = process.cpuUsage(from); return (d.user + d.system) / 1000; };

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const best = (xs) => Math.min(...xs);
export const fmtMs = (ms) => `${ms.toFixed(0).padStart(6)} ms`;
export const fmtRate = (r) => `${(r / 1e6).toFixed(2).padStart(6)} M events/s`;
export const fmtInt = (n) => n.toLocaleString('en-US');
export const heading = (t) => console.log(`\n== ${t} ${'='.repeat(Math.max(0, 90 - t.length))}`);

/** One timing row: wall best and median, CPU best, events, events per wall second. */
export function row(name, times, cpuTimes, events) {
  console.log(`  ${name.padEnd(34)} best ${fmtMs(best(times))}  median ${fmtMs(median(times))}  cpu ${fmtMs(best(cpuTimes))}  ` +
    `${fmtInt(events).padStart(11)} events  ${fmtRate(events / (best(times) / 1000))}`);
}
