/**
 * Tabs over panels (WAI-ARIA tabs pattern): a click or the arrow keys switch, one panel shows.
 * `tabs(host, [[label, panel], ...])` inserts the tab list at the top of `host`; `select(i)`
 * switches from code (e.g. to the editor when the scenario has problems), `mark(i, badge)` flags a tab.
 */
let ids = 0;

export interface Tabs {
  select(i: number): void;
  /** Shows a small badge on tab `i` (a problem count), or removes it (null). */
  mark(i: number, badge: string | null): void;
}

export function tabs(host: HTMLElement, pairs: [string, HTMLElement][]): Tabs {
  const list = document.createElement('div');
  list.setAttribute('role', 'tablist');
  list.className = 'tabs';
  const buttons = pairs.map(([label, panel], i) => {
    const b = list.appendChild(document.createElement('button'));
    const id = `tab-${++ids}`;
    Object.assign(b, { type: 'button', id, textContent: label });
    b.setAttribute('role', 'tab');
    panel.setAttribute('role', 'tabpanel');
    panel.setAttribute('aria-labelledby', id);
    b.addEventListener('click', () => select(i));
    b.addEventListener('keydown', (e) => {
      const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (d) { e.preventDefault(); select((i + d + pairs.length) % pairs.length); buttons[(i + d + pairs.length) % pairs.length].focus(); }
    });
    return b;
  });
  host.prepend(list);
  function select(i: number): void {
    pairs.forEach(([, panel], k) => {
      panel.hidden = k !== i;
      buttons[k].setAttribute('aria-selected', String(k === i));
      buttons[k].tabIndex = k === i ? 0 : -1;
    });
  }
  select(0);
  function mark(i: number, badge: string | null): void {
    buttons[i].querySelector('.badge')?.remove();
    if (badge === null) return;
    const b = buttons[i].appendChild(document.createElement('span'));
    b.className = 'badge';
    b.textContent = badge;
    b.setAttribute('aria-label', `(${badge} problem${badge === '1' ? '' : 's'})`);
  }
  return { select, mark };
}
