// The page talks to the simulator only through the worker (src/worker/protocol.ts).
import { wrap } from 'comlink';
import { select } from 'd3-selection';
import type { RunResponse, WorkerApi } from '../src/worker/protocol.js';

const files = import.meta.glob('../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const csv = import.meta.glob('../scenarios/*.csv', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const sideFiles = Object.fromEntries(Object.entries(csv).map(([path, text]) => [path.split('/').pop()!, text]));
const worker = wrap<WorkerApi>(new Worker(new URL('../src/worker/worker.ts', import.meta.url), { type: 'module' }));

const picker = select<HTMLSelectElement, unknown>('#scenario');
const names = Object.keys(files).map((path) => path.split('/').pop()!).sort();
picker.selectAll('option').data(names).join('option').attr('value', (d) => d).text((d) => d);
picker.property('value', names.includes('three-tier.yaml') ? 'three-tier.yaml' : names[0]);

function table(parent: HTMLElement, title: string, head: string[], rows: (string | number)[][]): void {
  const t = select(parent).append('table').attr('aria-label', title);
  t.append('thead').append('tr').selectAll('th').data(head).join('th').text((d) => d);
  t.append('tbody').selectAll('tr').data(rows).join('tr').selectAll('td').data((r) => r).join('td').text((d) => String(d));
}

function render(response: RunResponse): void {
  const out = document.querySelector<HTMLElement>('#results')!;
  out.replaceChildren();
  if (!response.ok) {
    select(out).selectAll('p').data(response.problems).join('p').attr('class', 'problem')
      .text((p) => `${p.file}:${p.line}:${p.col}: ${p.path}: ${p.message}${p.expected ? ` (${p.expected})` : ''}`);
    return;
  }
  const r = response.result, f1 = (x: number) => x.toFixed(1);
  select('#status').text(`${r.scenario}: ${r.events.toLocaleString()} events in ${(response.wallMs / 1000).toFixed(2)} s`);
  table(out, 'features', ['feature', 'arrivals', 'succeeded', 'failed', 'mean ms', 'p99 ms'],
    Object.entries(r.features).map(([n, f]) => [n, f.arrivals, f.succeeded, f.failed, f1(f.latencyMs.mean), f1(f.latencyMs.p99)]));
  table(out, 'services', ['service', 'workers', 'utilization', 'rejected', 'wait ms', 'sojourn ms'],
    Object.entries(r.services).map(([n, s]) => [n, s.workers, `${(s.utilization * 100).toFixed(1)}%`, s.rejected, f1(s.queueWaitMs.mean), f1(s.sojournMs.mean)]));
}

async function runSelected(): Promise<void> {
  const file = picker.property('value') as string;
  select('#status').text(`running ${file}…`);
  const seed = Number(select<HTMLInputElement, unknown>('#seed').property('value'));
  render(await worker.run({ text: files[`../scenarios/${file}`], file, files: sideFiles, seed: Number.isInteger(seed) ? seed : undefined }));
}

select('#run').on('click', runSelected);
void runSelected();
