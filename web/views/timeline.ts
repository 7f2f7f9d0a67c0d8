/**
 * What breaks first: the ordered breaks (time, kind, subject, detail, cause path), each a button
 * that moves the time cursor and highlights its cause path; below, the blast radius of each
 * storm and the 3x3 Impact Grid (feature × system state).
 */
import { select } from 'd3-selection';
import type { CauseStep } from '../../src/worker/protocol.js';
import type { Bus, Run, View } from '../view.js';
import { blastRows, breakRows, gridTable, samePath, type BreakRow } from './timeline-data.js';
import './views.css';

export function timeline(el: HTMLElement, bus: Bus): View {
  const root = select(el).append('section').attr('class', 'bo-timeline');
  let chosen: readonly CauseStep[] | null = null;

  function mark(): void {
    root.selectAll<HTMLButtonElement, BreakRow>('button.bo-break')
      .attr('aria-pressed', (r) => String(samePath(chosen, r.steps)))
      .classed('bo-chosen', (r) => samePath(chosen, r.steps));
  }

  function update(run: Run): void {
    root.selectAll('*').remove();
    const o = run.outcomes, rows = breakRows(o.breaks);
    root.append('h2').text('What breaks first');
    if (rows.length === 0) root.append('p').attr('class', 'bo-empty').text('Nothing crossed a threshold in this run.');
    else {
      root.append('p').attr('class', 'bo-hint').text('Select a break to move the time cursor there and trace its cause.');
      const li = root.append('ol').attr('class', 'bo-breaks').selectAll('li').data(rows).join('li');
      const b = li.append('button').attr('type', 'button').attr('class', 'bo-break')
        .on('click', (_, r) => {
          const again = samePath(chosen, r.steps);
          bus.setTime(r.t);
          bus.highlight(again ? null : r.steps);
        });
      // Hidden separators make the button's name read "Break 1, at 05:00, errors, payments: …", not "105:00errors…".
      const gap = (text: string) => b.append('span').attr('class', 'sr-only').text(text);
      gap('Break ');
      b.append('span').attr('class', 'bo-break-n').text((r) => r.n);
      gap(', at ');
      b.append('span').attr('class', 'bo-break-time').text((r) => r.time);
      gap(', ');
      b.append('span').attr('class', (r) => `bo-badge bo-badge-${r.kind}`).text((r) => r.badge);
      gap(', ');
      b.append('span').attr('class', 'bo-break-subject').text((r) => r.subject);
      gap(': ');
      b.append('span').attr('class', 'bo-break-detail').text((r) => r.detail);
      gap(' ');
      b.append('span').attr('class', 'bo-break-cause').text((r) => `Why: ${r.cause}`);
    }

    const blast = blastRows(o);
    if (blast.length > 0) {
      root.append('h2').text('Blast radius');
      const item = root.append('ul').attr('class', 'bo-blast').selectAll('li').data(blast).join('li');
      const head = item.append('div').attr('class', 'bo-blast-head');
      head.append('span').attr('class', (r) => `bo-badge bo-badge-${r.kind}`).text((r) => (r.kind === 'fault' ? 'fault' : 'load'));
      head.append('strong').text((r) => r.name);
      head.append('span').attr('class', 'bo-blast-window').text((r) => r.window);
      head.append('span').attr('class', 'bo-blast-total').text((r) => r.total);
      item.filter((r) => r.reached.length > 1).append('ul').selectAll('li').data((r) => r.reached).join('li').text((d) => d);
    }

    const grid = gridTable(o);
    root.append('h2').text('Impact by system state');
    const table = root.append('table').attr('class', 'bo-grid');
    table.append('caption').text('Users whose request failed, gave up, was refused or got a degraded or stale answer, and what it cost, by the state of the system when it ended.');
    const hr = table.append('thead').append('tr');
    hr.append('th').attr('scope', 'col').text('feature');
    hr.selectAll('th.bo-state').data(grid.columns).join('th').attr('class', (c) => `bo-state bo-state-${c.state}`).attr('scope', 'col').text((c) => c.label);
    const tr = table.append('tbody').selectAll('tr').data(grid.rows).join('tr').classed('bo-total', (r) => r.total);
    tr.append('th').attr('scope', 'row').text((r) => r.feature);
    tr.selectAll('td').data((r) => r.cells).join('td')
      .selectAll('div').data((lines) => lines).join('div').attr('class', (_, i) => (i === 0 ? 'bo-cell-main' : 'bo-cell-line')).text((d) => d);
    mark();
  }

  return {
    update,
    highlight(steps) { chosen = steps; mark(); },
  };
}
