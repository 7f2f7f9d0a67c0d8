import type { RunResult } from '../metrics/result.js';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;

/** A human duration from milliseconds: 250ms, 5s, 10m, 2h, 1h30m. */
export function humanDuration(t: number): string {
  if (t < 1000) return `${+t.toFixed(1)}ms`;
  if (t < 60_000) return `${+(t / 1000).toFixed(2)}s`;
  const h = Math.floor(t / 3_600_000), m = Math.floor((t % 3_600_000) / 60_000), s = Math.round((t % 60_000) / 1000);
  return [h ? `${h}h` : '', m ? `${m}m` : '', s ? `${s}s` : ''].join('') || '0s';
}

/** Left-aligns the first column and right-aligns the others. */
function grid(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd())
    .join('\n');
}

/** The readable results table printed by `brownout run`. */
export function formatTable(r: RunResult, wallMs?: number): string {
  const head =
    `${r.scenario}\n` +
    `seed ${r.seed} · ${humanDuration(r.durationMs)} simulated` +
    (r.warmupMs > 0 ? ` (first ${humanDuration(r.warmupMs)} warmup, not measured)` : '') +
    ` · ${int(r.events)} events` +
    (wallMs !== undefined ? ` in ${(wallMs / 1000).toFixed(2)} s` : '');
  const features = [['feature', 'arrivals', 'succeeded', 'failed', 'success', 'mean ms', 'p50 ms', 'p95 ms', 'p99 ms']];
  for (const [name, f] of Object.entries(r.features)) {
    const done = f.succeeded + f.failed;
    features.push([name, int(f.arrivals), int(f.succeeded), int(f.failed), done ? pct(f.succeeded / done) : '-',
      ms(f.latencyMs.mean), ms(f.latencyMs.p50), ms(f.latencyMs.p95), ms(f.latencyMs.p99)]);
  }
  const services = [['service', 'workers', 'util', 'arrivals', 'completed', 'failed', 'rejected', 'wait ms', 'sojourn ms', 'queue']];
  for (const [name, s] of Object.entries(r.services)) {
    services.push([name, String(s.workers), pct(s.utilization), int(s.arrivals), int(s.completed), int(s.failed),
      int(s.rejected), ms(s.queueWaitMs.mean), ms(s.sojournMs.mean), s.meanQueueLength.toFixed(2)]);
  }
  const warning = r.status === 'complete' ? '' : `\n\nSTOPPED EARLY at ${humanDuration(r.endMs)}: ${r.stopReason}`;
  return `${head}\n\n${grid(features)}\n\n${grid(services)}${warning}\n`;
}
