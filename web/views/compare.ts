/**
 * Compare mode: two arms (base and a variant, or two variants) over the same seeds. A table of
 * what a PM weighs (each arm's mean with its 95% interval and the paired difference, in words:
 * better, worse, no clear difference), and the series overlaid with 95% bands across runs.
 */
import { area, axisBottom, axisLeft, line, max, scaleLinear, select, type Selection } from 'd3';
import { clock } from '../../src/outcomes/clock.js';
import { PALETTE, type Bus } from '../view.js';
import { timeTicks } from './charts-data.js';
import { badPerSecond, bandsOf, cardDeltas, diffText, rowsOf, type Band, type CardDelta, type CompareInput, type Row } from './compare-data.js';
import type { CardKey } from './cards-data.js';
import './compare.css';

const ARM_COLOURS = [PALETTE.blue, PALETTE.orange];
const HEIGHT = 150, M = { top: 22, right: 24, bottom: 24, left: 56 };

export interface ComparisonView {
  clear(): void;
  /** The comparison on screen is out of date (a knob moved): greyed until the new one is drawn. */
  stale(): void;
  /** The settings went back to those of the comparison on screen (a cancelled run): no longer greyed. */
  fresh(): void;
  pending(arms: string[], runs: number): void;
  progress(done: number, total: number): void;
  failed(why: string): void;
  /** Draws the comparison; returns the cards' delta lines. */
  show(input: CompareInput): { cards: Map<CardKey, CardDelta> };
  time(t: number): void;
}

export function comparison(el: HTMLElement, _bus: Bus, onCancel: () => void): ComparisonView {
  const root = select(el).append('section').attr('class', 'bo-compare').attr('aria-label', 'Comparison').attr('hidden', '');
  const head = root.append('h2');
  const strip = root.append('div').attr('class', 'bo-compare-line');
  const note = strip.append('p').attr('class', 'bo-hint').attr('aria-live', 'polite');
  const bar = strip.append('progress').attr('max', 1).attr('value', 0).attr('aria-label', 'Comparison progress').attr('hidden', '');
  const stop = strip.append('button').attr('type', 'button').attr('class', 'quiet').text('Stop comparing').attr('hidden', '')
    .on('click', () => onCancel());
  const table = root.append('table').attr('class', 'bo-compare-table');
  const charts = root.append('div').attr('class', 'bo-compare-charts');
  let cursor = 0, last: CompareInput | null = null, whole = 0;
  const cursors: Selection<SVGLineElement, unknown, null, undefined>[] = [];
  let xs: ((t: number) => number)[] = [];

  function drawCharts(input: CompareInput): void {
    charts.selectAll('*').remove();
    charts.classed('bo-two', whole >= 800);
    cursors.length = 0;
    xs = [];
    const s = input.byArm[0][0].series;
    const latency = Object.keys(s.features).map((f) => ({ f, bands: bandsOf(input, (x) => x.features[f].latencyP95Ms) }))
      .sort((p, q) => spread(q.bands) - spread(p.bands))[0];
    bandChart('Users with a bad outcome per second (failed, gave up or refused)', 'users/s', s, bandsOf(input, badPerSecond));
    if (latency) bandChart(`p95 latency of ${latency.f}`, 'ms', s, latency.bands);
    place();
  }

  function bandChart(title: string, unit: string, s: CompareInput['byArm'][0][0]['series'], bands: Band[]): void {
    if (whole <= 0) return;
    // Side by side from 800 px (.bo-two), one under the other below.
    const width = whole >= 800 ? Math.floor((whole - 19) / 2) : whole;
    const fig = charts.append('figure').attr('class', 'bo-chart');
    const cap = fig.append('figcaption');
    cap.append('span').attr('class', 'bo-chart-title').text(title);
    const legend = cap.append('span').attr('class', 'bo-legend');
    bands.forEach((b, k) => legend.append('span').attr('class', 'bo-key-item').html(
      `<i class="bo-swatch" style="background:${ARM_COLOURS[k]};opacity:.35"></i><span>${escape(b.arm)}: mean and 95% band</span>`));
    const from = s.t[0] ?? 0, step = s.bucketMs, to = from + s.t.length * step;
    const x = scaleLinear().domain([from, to]).range([M.left, width - M.right]);
    const top = max(bands, (b) => max(b.high, (v) => v ?? 0)) ?? 0;
    const y = scaleLinear().domain([0, top || 1]).nice().range([HEIGHT - M.bottom, M.top]);
    const svg = fig.append('svg').attr('width', width).attr('height', HEIGHT).attr('viewBox', `0 0 ${width} ${HEIGHT}`)
      .attr('role', 'img').attr('aria-label', `${title}: ${bands.map((b) => b.arm).join(' and ')}, with 95% bands`);
    svg.append('g').attr('class', 'bo-axis').attr('transform', `translate(0,${HEIGHT - M.bottom})`)
      .call(axisBottom(x).tickValues(timeTicks(from, to, Math.floor((width - M.left - M.right) / 70))).tickFormat((t) => clock(+t)).tickSizeOuter(0));
    svg.append('g').attr('class', 'bo-axis bo-grid').attr('transform', `translate(${M.left},0)`)
      .call(axisLeft(y).ticks(4).tickSize(-(width - M.left - M.right)).tickSizeOuter(0));
    svg.append('text').attr('class', 'bo-axis-label').attr('x', M.left - 8).attr('y', M.top - 4).attr('text-anchor', 'end').text(unit);
    const mid = (j: number) => x(s.t[j] + step / 2);
    bands.forEach((b, k) => {
      // Buckets where nothing was served are gaps, not zeros.
      svg.append('path').attr('fill', ARM_COLOURS[k]).attr('fill-opacity', 0.22)
        .attr('d', area<number | null>().defined((v) => v !== null).x((_, j) => mid(j)).y0((_, j) => y(b.low[j] ?? 0)).y1((v) => y(v ?? 0))(b.high));
      svg.append('path').attr('fill', 'none').attr('stroke', ARM_COLOURS[k]).attr('stroke-width', 1.75)
        .attr('d', line<number | null>().defined((v) => v !== null).x((_, j) => mid(j)).y((v) => y(v ?? 0))(b.mean));
    });
    cursors.push(svg.append('line').attr('class', 'bo-cursor').attr('y1', M.top).attr('y2', HEIGHT - M.bottom));
    xs.push((t) => x(Math.max(from, Math.min(to, t))));
  }

  function place(): void {
    cursors.forEach((c, i) => c.attr('x1', xs[i](cursor)).attr('x2', xs[i](cursor)));
  }

  function drawTable(input: CompareInput): void {
    const [a, b] = input.arms, runs = input.byArm[0].length;
    // An interval that formats to one figure (every run the same) reads as that figure alone.
    const ci = (st: { mean: number; low: number; high: number }, f: (x: number) => string) =>
      Number.isNaN(st.low) || f(st.low) === f(st.high) ? f(st.mean) : `${f(st.mean)} (${f(st.low)}–${f(st.high)})`;
    table.html('');
    table.append('caption').text(`Means over ${runs} runs each, with 95% intervals. The difference is paired seed by seed (${a} − ${b}).`);
    const hr = table.append('thead').append('tr');
    for (const h of ['', a, b, `${a} − ${b}`]) hr.append('th').attr('scope', 'col').text(h);
    const tr = table.append('tbody').selectAll('tr').data(rowsOf(input)).join('tr');
    tr.append('th').attr('scope', 'row').text((r) => r.label);
    tr.append('td').text((r) => ci(r.a, r.format));
    tr.append('td').text((r) => ci(r.b, r.format));
    tr.append('td').attr('class', (r) => (r.neutral || r.verdict === 0 ? 'bo-same' : r.verdict < 0 ? 'bo-better' : 'bo-worse'))
      .text((r) => `${diffText(r)} — ${verdictText(r, a)}`);
  }

  new ResizeObserver((entries) => {
    const w = Math.floor(entries[0].contentRect.width);
    if (w !== whole) { whole = w; if (last) drawCharts(last); }
  }).observe(el);

  return {
    clear() { last = null; root.attr('hidden', ''); },
    stale() {
      if (root.attr('hidden') !== null) return;
      root.classed('bo-pending', true);
      note.text('Updating after your change…');
    },
    fresh() {
      if (!last || root.attr('hidden') !== null) return;
      root.classed('bo-pending', false);
      bar.attr('hidden', '');
      stop.attr('hidden', '');
      note.text(shownNote(last));
    },
    pending(arms, runs) {
      root.attr('hidden', null).classed('bo-pending', true);
      head.text(`Compare ${arms[0]} with ${arms[1]}`);
      note.text(`Running ${runs} runs of each on the same seeds…`);
      bar.attr('hidden', null).property('value', 0);
      stop.attr('hidden', null);
    },
    progress(done, total) {
      note.text(`Running the comparison: ${done} of ${total} runs done…`);
      bar.property('value', done / total);
    },
    failed(why) {
      root.classed('bo-pending', false);
      bar.attr('hidden', '');
      note.text(`The comparison could not run: ${why}`);
    },
    show(input) {
      last = input;
      root.classed('bo-pending', false);
      bar.attr('hidden', '');
      stop.attr('hidden', '');
      note.text(shownNote(input));
      drawTable(input);
      whole = el.clientWidth;
      drawCharts(input);
      return { cards: cardDeltas(input) };
    },
    time(t) { cursor = t; place(); },
  };
}

/** A row's verdict in words; utilization is higher or lower, never better or worse. */
function verdictText(r: Row, arm: string): string {
  if (r.caveat) return `no verdict: ${r.caveat}`;
  if (r.verdict === 0) return 'no clear difference';
  if (r.neutral) return `${arm} is ${r.diff.mean > 0 ? 'higher' : 'lower'}`;
  return `${arm} is ${r.verdict < 0 ? 'better' : 'worse'}`;
}

function shownNote(input: CompareInput): string {
  const runs = input.byArm[0].length;
  return `${runs} runs of each arm on the same seeds (common random numbers), so the difference is the choice, not luck. ` +
    `The cards above show one run; their last line, this table and the bands are over all ${runs}.`;
}

/** How far apart two arms' bands are, summed over buckets (picks the feature whose latency the choice moves most). */
function spread(bands: Band[]): number {
  if (bands.length < 2) return 0;
  return bands[0].mean.reduce<number>((sum, m, i) => sum + Math.abs((m ?? 0) - (bands[1].mean[i] ?? 0)), 0);
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
