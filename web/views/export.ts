/**
 * The Export menu: the charts and the heat map as drawn (SVG, or PNG at 2x), the results as
 * CSV and JSON in the CLI's formats, and the Reliability Impact Brief as Markdown. A disclosure
 * (`<details>`) of plain buttons: Tab or the arrow keys move through them, Escape closes it.
 * Items that have nothing to export yet are disabled; a failure is shown in the menu.
 */
import { chartBlocks, hasCharts, hasHeatmap, heatmapBlocks } from './export-svg.js';
import { composeSheet, fileName, resultsCsv, resultsJson, sheetTitle, type Shown } from './export-data.js';
import { pngOf, save } from './export-files.js';
import './export.css';

export type { Shown } from './export-data.js';

export interface ExportDeps {
  /** The run on screen with its scenario file name and variant, or null while there is none. */
  current(): Shown | null;
  /** The Reliability Impact Brief (Markdown) of the run on screen; rejects with a message to show. */
  brief(): Promise<string>;
  /** Where the charts (`.bo-charts`) and the heat map (`.heatmap`) are drawn; the document by default. */
  root?: ParentNode;
}

interface Item {
  id: string;
  label: string;
  /** Whether there is something to export (the run is checked first). */
  ready?(root: ParentNode): boolean;
  make(shown: Shown, root: ParentNode, deps: ExportDeps): Promise<{ blob: Blob; name: string }>;
}

const text = (body: string, type: string) => new Blob([body], { type: `${type};charset=utf-8` });

function drawings(what: 'charts' | 'heatmap', png: boolean): Item {
  const blocks = what === 'charts' ? chartBlocks : heatmapBlocks;
  const drawn = what === 'charts' ? hasCharts : hasHeatmap;
  const label = `${what === 'charts' ? 'Charts' : 'Heat map'} as ${png ? 'PNG' : 'SVG'}`;
  return {
    id: `${what}-${png ? 'png' : 'svg'}`, label,
    ready: drawn,
    async make(shown, root) {
      const found = blocks(root);
      if (!found) throw new Error(`the ${what === 'charts' ? 'charts are' : 'heat map is'} not drawn yet`);
      const sheet = composeSheet(sheetTitle(shown), found);
      const blob = png ? await pngOf(sheet, 2) : text(sheet.svg, 'image/svg+xml');
      return { blob, name: fileName(shown, what, png ? 'png' : 'svg') };
    },
  };
}

const ITEMS: Item[] = [
  drawings('charts', false), drawings('charts', true), drawings('heatmap', false), drawings('heatmap', true),
  { id: 'csv', label: 'Results as CSV', make: async (s) => ({ blob: text(resultsCsv(s), 'text/csv'), name: fileName(s, 'results', 'csv') }) },
  { id: 'json', label: 'Results as JSON', make: async (s) => ({ blob: text(resultsJson(s), 'application/json'), name: fileName(s, 'results', 'json') }) },
  { id: 'brief', label: 'Brief as Markdown', make: async (s, _, deps) => ({ blob: text(await deps.brief(), 'text/markdown'), name: fileName(s, 'brief', 'md') }) },
];

/** Mounts the Export menu in `el`. */
export function exporter(el: HTMLElement, deps: ExportDeps): void {
  const root = deps.root ?? document;
  const menu = document.createElement('details');
  menu.className = 'bo-export';
  menu.innerHTML = `<summary>Export</summary><div class="bo-export-menu" role="group" aria-label="Export the run on screen">
    ${ITEMS.map((it) => `<button type="button" data-export="${it.id}">${it.label}</button>`).join('')}
    <p class="bo-export-note" role="alert" hidden></p></div>`;
  const said = document.createElement('p');
  said.className = 'bo-export-said';
  said.setAttribute('role', 'status');
  el.append(menu, said);
  const summary = menu.querySelector('summary')!, note = menu.querySelector<HTMLElement>('.bo-export-note')!;
  const buttons = [...menu.querySelectorAll<HTMLButtonElement>('button')];
  const show = (message: string, error = true) => {
    note.textContent = message;
    note.hidden = message === '';
    note.classList.toggle('bo-export-error', error);
  };

  function refresh(): void {
    const shown = deps.current();
    buttons.forEach((b, i) => { b.disabled = !shown || (ITEMS[i].ready ? !ITEMS[i].ready!(root) : false); });
    if (!shown) show('Nothing to export yet: the run is on its way.', false);
    else if (!note.classList.contains('bo-export-error')) show('');
  }

  async function choose(item: Item, button: HTMLButtonElement): Promise<void> {
    const shown = deps.current();
    if (!shown) return refresh();
    button.disabled = true;
    show('');
    said.textContent = `Preparing ${item.label.toLowerCase()}…`;
    try {
      const { blob, name } = await item.make(shown, root, deps);
      save(name, blob);
      said.textContent = `Saved ${name}`;
      menu.open = false;
      summary.focus();
    } catch (e) {
      said.textContent = '';
      show(`Could not export ${item.label.toLowerCase()}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      button.disabled = false;
    }
  }

  buttons.forEach((b, i) => b.addEventListener('click', () => void choose(ITEMS[i], b)));
  menu.addEventListener('toggle', () => { if (menu.open) { show(''); refresh(); } });
  // What can be exported changes while the menu is open (a run lands, the heat map is laid out).
  menu.addEventListener('pointerover', () => { if (menu.open) refresh(); });
  menu.addEventListener('keydown', (e) => { if (menu.open) refresh(); keys(e, menu, summary, buttons); });
  document.addEventListener('pointerdown', (e) => { if (menu.open && !menu.contains(e.target as Node)) menu.open = false; });
}

/** Escape closes the menu and returns to its button; the arrow keys, Home and End move between items. */
function keys(e: KeyboardEvent, menu: HTMLDetailsElement, summary: HTMLElement, buttons: HTMLButtonElement[]): void {
  if (e.key === 'Escape' && menu.open) {
    e.preventDefault();
    menu.open = false;
    summary.focus();
    return;
  }
  const usable = buttons.filter((b) => !b.disabled);
  if (!menu.open || usable.length === 0 || !['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
  e.preventDefault();
  const at = usable.indexOf(document.activeElement as HTMLButtonElement);
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? usable.length - 1
    : e.key === 'ArrowDown' ? (at + 1) % usable.length : (at <= 0 ? usable.length - 1 : at - 1);
  usable[next].focus();
}
