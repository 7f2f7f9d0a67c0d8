/**
 * The web app in a real Chromium (Debian's), as a PM uses it: the default scenario loads with its
 * outcomes; a slider changes the numbers, and a fast drag ends on the last value's result without
 * queueing runs; the variant toggle and compare mode; a bad edit shows its problem at its line and
 * keeps the last good result; a shared link reproduces the view in a fresh browser; presentation
 * mode steps through the story; a dying simulator is replaced with a message; no request leaves
 * the machine, no console error, and axe finds no serious or critical violation. Screenshots at
 * 1280x720 and 1920x1080 go to test/e2e/screenshots/ (not committed) for a look.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { serve, type Served } from './browser.js';

let served: Served;
let browser: Browser;
let url: string;

beforeAll(async () => {
  served = await serve();
  browser = served.browser;
  url = served.url;
});

afterAll(async () => {
  await served?.close();
});

interface Opened { page: Page; errors: string[]; away: string[]; context: BrowserContext }

/** A page on the app (in a fresh context) with console errors, page errors and requests off this server collected. */
async function open(address = url, width = 1280, height = 720): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors: string[] = [], away: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(url) && !/^(data|blob):/.test(r.url())) away.push(r.url()); });
  await page.goto(address);
  await done(page);
  return { page, errors, away, context };
}

/** Waits until the run on screen is finished (not a partial frame). */
async function done(page: Page): Promise<void> {
  await expect.poll(() => page.locator('#status').innerText(), { timeout: 60_000 }).toMatch(/events in/);
}

const cards = (page: Page) => page.locator('#cards').innerText();
const shot = (page: Page, name: string) => { mkdirSync('test/e2e/screenshots', { recursive: true }); return page.screenshot({ path: `test/e2e/screenshots/${name}.png` }); };

/** Moves a slider to `value` as a pointer would: sets it and fires input. */
async function slide(page: Page, index: number, value: number): Promise<void> {
  await page.locator('.bo-slider input').nth(index).evaluate((el, v) => {
    (el as HTMLInputElement).value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

test('the default scenario loads with its outcomes, knobs, heat map, timeline and charts; nothing leaves the machine', async () => {
  const { page, errors, away, context } = await open();
  expect(await page.locator('#status').innerText()).toMatch(/^base: [\d,]+ events in/);
  expect(await page.title()).toMatch(/^Three-tier shop at steady load/);
  expect(await cards(page)).toMatch(/users affected/i);
  await expect.poll(() => page.locator('#heatmap').innerText(), { timeout: 15_000 }).toContain('payments');
  expect(await page.locator('#charts svg').count()).toBeGreaterThan(0);
  expect(await page.locator('.bo-slider').count()).toBeGreaterThan(0);
  await page.getByRole('tab', { name: 'Scenario (YAML)' }).click();
  expect(await page.locator('.cm-content').innerText()).toContain('Three-tier shop');
  await shot(page, 'three-tier-1280');
  expect(errors).toEqual([]);
  expect(away).toEqual([]);
  await context.close();
});

test('moving a slider changes the numbers; a fast drag ends showing the last value, without queueing runs', async () => {
  const { page, errors, context } = await open(`${url}#s=checkout-breaker.yaml`);
  const before = await cards(page);
  const knob = page.locator('.bo-slider input').first();
  const [min, max, step, file] = await knob.evaluate((el) => {
    const r = el as HTMLInputElement;
    return [Number(r.min), Number(r.max), Number(r.step), Number(r.value)];
  });
  await slide(page, 0, max);
  await done(page);
  expect(await cards(page)).not.toBe(before);

  // A drag: 25 values 16 ms apart, ending on one value; then the same view opened fresh by its link.
  const [runsBefore, dragStart] = await page.evaluate(() => [performance.getEntriesByName('brownout:redraw').length, performance.now()]);
  let last = min + Math.round((max - min) / 3 / step) * step;
  if (last === file) last += step;
  for (let i = 0; i < 25; i++) {
    await slide(page, 0, i === 24 ? last : min + (((i * 7) % 25) / 25) * (max - min));
    await page.waitForTimeout(16);
  }
  await done(page);
  await page.waitForTimeout(400);
  const finished = await page.evaluate(() => performance.getEntriesByName('brownout:redraw').length) - runsBefore;
  expect(finished).toBeLessThanOrEqual(3);
  // Never more than one run with the worker at a time: each start is settled before the next.
  const outstanding = await page.evaluate((since) => {
    const marks = performance.getEntriesByType('mark').filter((m) => (m.name === 'brownout:start' || m.name === 'brownout:settled') && m.startTime >= since);
    let now = 0, most = 0;
    for (const m of marks) { now += m.name === 'brownout:start' ? 1 : -1; most = Math.max(most, now); }
    return { most, starts: marks.filter((m) => m.name === 'brownout:start').length };
  }, dragStart);
  expect(outstanding.most).toBe(1);
  expect(outstanding.starts).toBeGreaterThan(0);
  const dragged = await cards(page);
  expect(await knob.inputValue()).toBe(String(last));
  await expect.poll(() => page.url(), { timeout: 10_000 }).toContain('k.');
  const link = page.url();
  const fresh = await open(link);
  expect(await cards(fresh.page)).toBe(dragged);
  expect(errors).toEqual([]);
  await Promise.all([context.close(), fresh.context.close()]);
});

test('the variant toggle re-runs; compare mode shows paired differences with bands and deltas on every card', async () => {
  const { page, errors, context } = await open(`${url}#s=checkout-breaker.yaml`);
  const base = await cards(page);
  await page.getByRole('radio', { name: 'no-breaker' }).check();
  await expect.poll(() => page.locator('#status').innerText(), { timeout: 30_000 }).toMatch(/no-breaker: [\d,]+ events/);
  expect(await cards(page)).not.toBe(base);
  await page.locator('.bo-runs input').fill('4');
  await page.locator('.bo-compare-with select').selectOption('base');
  await expect.poll(() => page.locator('.bo-compare').innerText(), { timeout: 60_000 }).toMatch(/4 runs of each arm/);
  expect(await page.locator('.bo-compare-table tbody tr').count()).toBeGreaterThan(3);
  expect(await page.locator('.bo-compare-charts svg').count()).toBe(2);
  const deltas = await page.locator('.bo-card-delta:not([hidden])').allInnerTexts();
  expect(deltas.length).toBe(await page.locator('.bo-card').count());
  for (const d of deltas) expect(d).toMatch(/vs base|same as base/);
  expect(await page.locator('.bo-card-delta').first().getAttribute('title')).toMatch(/95% CI .* paired seed by seed over 4 runs/);
  await shot(page, 'compare-1280');
  expect(errors).toEqual([]);
  await context.close();
});

test('Cancel stops a long run and puts back the last finished result with the settings that made it', async () => {
  const { page, context } = await open(`${url}#s=webhook-outage.yaml`);
  const before = await cards(page);
  const knob = page.locator('.bo-slider input').first();
  const value = await knob.inputValue();
  await knob.evaluate((el) => {
    const r = el as HTMLInputElement;
    r.value = String(Number(r.max));
    r.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect.poll(() => page.locator('#status').innerText(), { timeout: 10_000 }).toMatch(/so far/);
  await page.locator('#cancel').click();
  expect(await page.locator('#status').innerText()).toMatch(/^Cancelled: showing the last finished result/);
  expect(await cards(page)).toBe(before);
  expect(await page.locator('.bo-slider input').first().inputValue()).toBe(value);
  await page.waitForTimeout(1500);
  expect(await page.locator('#status').innerText()).toMatch(/^Cancelled/);
  expect(page.url()).not.toContain('k.');
  await context.close();
});

test('a bad edit shows its problem at its line and keeps the last good result', async () => {
  const { page, context } = await open();
  const before = await cards(page);
  await page.getByRole('tab', { name: 'Scenario (YAML)' }).click();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('bogus: 1\n');
  await expect.poll(() => page.locator('.scenario-editor-problems').innerText(), { timeout: 15_000 }).toMatch(/1:1 .*bogus/);
  expect(await page.locator('.cm-lint-marker-error').count()).toBeGreaterThan(0);
  expect(await page.locator('#status').innerText()).toMatch(/problem.*last good result/);
  expect(await cards(page)).toBe(before);
  await context.close();
});

test('a file opened from disk runs, and one with problems shows them at their line in the editor', async () => {
  const { page, context } = await open();
  const text = readFileSync('scenarios/retry-storm.yaml', 'utf8');
  await page.locator('#file').setInputFiles({ name: 'mine.yaml', mimeType: 'text/yaml', buffer: Buffer.from(text.replace(/^name: .*/m, 'name: My own storm')) });
  await expect.poll(() => page.title(), { timeout: 30_000 }).toMatch(/^My own storm/);
  expect(await page.locator('#scenario option:checked').innerText()).toBe('mine.yaml (opened)');
  await page.locator('#file').setInputFiles({ name: 'bad.yaml', mimeType: 'text/yaml', buffer: Buffer.from('name: Bad\nduration: 1m\nfeatures:\n  a: { rate: fast, entry: web }\n') });
  await expect.poll(() => page.locator('.scenario-editor-problems').innerText(), { timeout: 15_000 }).toMatch(/4:\d+ /);
  expect(await page.getByRole('tab', { name: /Scenario \(YAML\)/ }).getAttribute('aria-selected')).toBe('true');
  expect(await page.locator('#status').innerText()).toMatch(/last good result/);
  await context.close();
});

test('a shared link (edited text, variant, seed, time) opens the same numbers and scrubber position in a fresh browser', async () => {
  const { page, context } = await open(`${url}#s=licence-outage.yaml`);
  await page.fill('#seed', '7');
  await page.locator('#seed').dispatchEvent('change');
  await done(page);
  await page.getByRole('tab', { name: 'Scenario (YAML)' }).click();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n# an edit that only a compressed link carries: é ✓\n');
  await page.waitForTimeout(400);
  await done(page);
  await page.locator('.scrubber input').evaluate((el) => {
    const r = el as HTMLInputElement;
    r.value = String(Number(r.min) + 3 * Number(r.step) * Math.floor((Number(r.max) - Number(r.min)) / (7 * Number(r.step))));
    r.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect.poll(() => page.locator('#status').innerText()).toMatch(/link/i);
  const link = page.url();
  expect(link).toMatch(/z=/);
  const [numbers, time] = [await cards(page), await page.locator('.scrubber output').innerText()];
  const fresh = await open(link);
  expect(await cards(fresh.page)).toBe(numbers);
  expect(await fresh.page.locator('.scrubber output').innerText()).toBe(time);
  expect(await fresh.page.locator('#seed').inputValue()).toBe('7');
  await fresh.page.getByRole('tab', { name: 'Scenario (YAML)' }).click();
  // The editor draws only the lines in view: go to the end, where the edit is.
  await fresh.page.locator('.cm-content').click();
  await fresh.page.keyboard.press('Control+End');
  await expect.poll(() => fresh.page.locator('.cm-content').innerText()).toContain('é ✓');
  await Promise.all([context.close(), fresh.context.close()]);
});

test('presentation mode steps through the scenario\'s story and its breaks', async () => {
  const { page, errors, context } = await open(`${url}#s=checkout-breaker.yaml`, 1920, 1080);
  await page.getByRole('button', { name: 'Present' }).click();
  const pos = () => page.locator('.bo-present-pos').innerText();
  expect(await pos()).toMatch(/^step 1 of \d+/);
  const first = await page.locator('.bo-present-text').innerText();
  await page.keyboard.press('ArrowRight');
  await expect.poll(pos).toMatch(/^step 2 of/);
  expect(await page.locator('.bo-present-text').innerText()).not.toBe(first);
  await page.keyboard.press('End');
  await page.waitForTimeout(300);
  await shot(page, 'present-app-1920');
  await page.keyboard.press('Escape');
  expect(await page.evaluate(() => document.body.classList.contains('presenting'))).toBe(false);
  expect(errors).toEqual([]);
  await context.close();
});

test('a simulator that dies mid-run is replaced, with a message, and the next run works', async () => {
  const { page, context } = await open(`${url}#s=webhook-outage.yaml`);
  const before = await cards(page);
  await page.locator('#run').click();
  await expect.poll(() => page.locator('#status').innerText(), { timeout: 10_000 }).toMatch(/so far/);
  const workers = page.workers();
  expect(workers.length).toBeGreaterThan(0);
  // An uncaught error inside the worker while it runs: the page hears it, says so and starts a fresh one.
  await Promise.all(workers.map((w) => w.evaluate(() => { setTimeout(() => { throw new Error('simulated crash'); }); })));
  await expect.poll(() => page.locator('#status').innerText(), { timeout: 10_000 }).toMatch(/stopped unexpectedly.*fresh simulator/);
  expect(await page.locator('#progress').isHidden()).toBe(true);
  expect(await cards(page)).toBe(before);
  await page.locator('#run').click();
  await done(page);
  expect(await cards(page)).toBe(before);
  await context.close();
});

test('axe finds no serious or critical accessibility violation, plain or presenting', async () => {
  const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const { page, context } = await open(`${url}#s=checkout-breaker.yaml`);
  await expect.poll(() => page.locator('#heatmap').innerText(), { timeout: 15_000 }).toContain('payments');
  const scan = async () => {
    await page.addScriptTag({ content: axe });
    const found = await page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    });
    return found;
  };
  expect(await scan()).toEqual([]);
  await page.getByRole('button', { name: 'Present' }).click();
  expect(await scan()).toEqual([]);
  await context.close();
});

test('looks right at 1920x1080 (a projector) and 1280x720', async () => {
  const { page, context } = await open(`${url}#s=checkout-breaker.yaml`, 1920, 1080);
  await expect.poll(() => page.locator('#heatmap').innerText(), { timeout: 15_000 }).toContain('payments');
  await shot(page, 'checkout-breaker-1920');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.waitForTimeout(300);
  await shot(page, 'checkout-breaker-1280');
  await context.close();
});
