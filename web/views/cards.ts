/**
 * Outcome cards: the figures a PM reads first (users affected, gave up, tickets, revenue lost,
 * SLO budget, cost). Big number, short label, one line of explanation; `delta(lines)` adds a
 * line per card comparing with another arm (compare mode: the paired difference over runs).
 */
import { select } from 'd3-selection';
import type { Bus, Run, View } from '../view.js';
import { cardsOf, type Card, type CardKey } from './cards-data.js';
import './views.css';

/** A card's comparison line (and its whole statement, for a tooltip); sign 1 worse, −1 better, 0 no clear difference. */
export interface Delta { text: string; detail?: string; sign: -1 | 0 | 1 }

export interface CardsView extends View {
  /** Shows each card's change against the other arm (null hides the deltas). */
  delta(lines: Map<CardKey, Delta> | null): void;
}

export function cards(el: HTMLElement, _bus: Bus): CardsView {
  const root = select(el).append('section').attr('class', 'bo-cards').attr('aria-label', 'Outcomes');
  let current: Run | null = null, deltas: Map<CardKey, Delta> | null = null;

  function draw(): void {
    if (!current) return;
    const run = current;
    root.selectAll<HTMLElement, Card>('article')
      .data(cardsOf(run), (c) => c.key)
      .join((enter) => {
        const a = enter.append('article').attr('class', 'bo-card');
        a.append('div').attr('class', 'bo-card-big');
        a.append('h3').attr('class', 'bo-card-label');
        a.append('p').attr('class', 'bo-card-note');
        a.append('p').attr('class', 'bo-card-second');
        a.append('p').attr('class', 'bo-card-delta');
        return a;
      })
      .classed('bo-bad', (c) => c.bad)
      .attr('data-key', (c) => c.key)
      .call((a) => {
        a.select('.bo-card-big').text((c) => c.big).classed('bo-long', (c) => c.big.length > 6).classed('bo-longer', (c) => c.big.length > 9).classed('bo-longest', (c) => c.big.length > 12);
        a.select('.bo-card-label').text((c) => c.label);
        a.select('.bo-card-note').text((c) => c.note);
        a.select('.bo-card-second').text((c) => c.second ?? '').attr('hidden', (c) => (c.second ? null : ''));
        a.select('.bo-card-delta').each(function (c) {
          const d = deltas?.get(c.key) ?? null;
          select(this).attr('hidden', d ? null : '').text(d?.text ?? '').attr('title', d?.detail ?? null)
            .classed('bo-worse', d?.sign === 1).classed('bo-better', d?.sign === -1);
        });
      });
  }

  return {
    update(run) { current = run; draw(); },
    delta(lines) { deltas = lines; draw(); },
  };
}
