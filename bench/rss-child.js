// One M/M/1 run through the CLI path in a fresh process, reporting its peak resident memory.
// Usage: node --expose-gc bench/rss-child.js REQUESTS     (REQUESTS = 0: load the CLI, run nothing)
// Prints one JSON line: { requests, arrivals, events, wallMs, maxRssKB, heapUsedKB }.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../dist/cli/main.js';
import { mm1Yaml } from './scenarios.js';

const requests = Number(process.argv[2] ?? 1e6);
if (!Number.isFinite(requests) || requests < 0) {
  process.stderr.write('usage: node --expose-gc bench/rss-child.js REQUESTS\n');
  process.exit(2);
}

let arrivals = 0, events = 0, wallMs = 0;
if (requests > 0) {
  const dir = mkdtempSync(join(tmpdir(), 'brownout-bench-'));
  try {
    const file = join(dir, 'mm1.yaml');
    writeFileSync(file, mm1Yaml(requests));
    const out = [], err = [];
    const started = performance.now();
    const code = main(['run', file, '--json'], { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
    wallMs = performance.now() - started;
    if (code !== 0) throw new Error(`brownout exited ${code}: ${err.join('')}`);
    const result = JSON.parse(out.join(''));
    arrivals = result.features.lookup.arrivals;
    events = result.events;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
globalThis.gc?.();
const usage = process.resourceUsage();
process.stdout.write(JSON.stringify({
  requests, arrivals, events, wallMs: Math.round(wallMs),
  maxRssKB: usage.maxRSS, heapUsedKB: Math.round(process.memoryUsage().heapUsed / 1024),
}) + '\n');
