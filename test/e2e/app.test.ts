/**
 * The web app in a real Chromium (Debian's): the default scenario loads with its outcomes; the
 * seed and the variant re-run it; a bad edit shows its problem at the line and keeps the last
 * good result; no request leaves the machine and no console error is logged. Screenshots at
 * 1280x720 and 1920x1080 go to test/e2e/screenshots/ (not committed) for a look.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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

/** A page on the app with console errors, page errors and requests off this server collected. */
async function open(width = 1280, height = 720): Promise<{ page: Page; errors: string[]; away: string[] }> {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [], away: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) away.push(r.url()); });
  await page.goto(url);
  await expect.poll(() => page.locator('#status').innerText(), { timeout: 30_000 }).toMatch(/events in/);
  return { page, errors, away };
}

test('the default scenario loads with its outcomes, heat map, timeline and charts', async () => {
  const { page, errors, away } = await open();
  expect(await page.locator('#status').innerText()).toMatch(/Three-tier shop at steady load: [\d,]+ events/);
  expect(await page.locator('#cards').innerText()).toMatch(/users/i);
  // The graph layout loads on first use: the heat map fills in a moment after the cards.
  await expect.poll(() => page.locator('#heatmap').innerText(), { timeout: 15_000 }).toContain('payments');
  expect(await page.locator('#charts svg').count()).toBeGreaterThan(0);
  expect(await page.locator('.cm-content').innerText()).toContain('Three-tier shop');
  mkdirSync('test/e2e/screenshots', { recursive: true });
  await page.screenshot({ path: 'test/e2e/screenshots/three-tier-1280.png' });
  expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  expect(away).toEqual([]);
});

test('another seed, and a variant, give another run', async () => {
  const { page } = await open();
  const first = await page.locator('#status').innerText();
  await page.fill('#seed', '2');
  await page.locator('#seed').dispatchEvent('change');
  await expect.poll(() => page.locator('#status').innerText()).not.toBe(first);
  await page.selectOption('#scenario', 'licence-outage.yaml');
  await expect.poll(() => page.locator('#status').innerText(), { timeout: 30_000 }).toMatch(/Streaming licence outage.*events in/);
  const base = await page.locator('#cards').innerText();
  await page.selectOption('#variant', 'no-cache');
  await expect.poll(() => page.locator('#cards').innerText(), { timeout: 30_000 }).not.toBe(base);
  expect(await page.locator('#timeline').innerText()).toMatch(/licence/);
});

test('a bad edit shows its problem at its line and keeps the last good result', async () => {
  const { page } = await open();
  const cards = await page.locator('#cards').innerText();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('bogus: 1\n');
  await expect.poll(() => page.locator('.scenario-editor-problems').innerText(), { timeout: 15_000 }).toMatch(/1:1 .*bogus/);
  expect(await page.locator('#status').innerText()).toMatch(/problem.*last good result/);
  expect(await page.locator('#cards').innerText()).toBe(cards);
});

test('looks right at 1920x1080 (a projector)', async () => {
  const { page } = await open(1920, 1080);
  await page.selectOption('#scenario', 'checkout-breaker.yaml');
  await expect.poll(() => page.locator('#status').innerText(), { timeout: 30_000 }).toMatch(/Checkout fails fast.*events in/);
  await expect.poll(() => page.locator('#heatmap').innerText(), { timeout: 15_000 }).toContain('payments');
  mkdirSync('test/e2e/screenshots', { recursive: true });
  await page.screenshot({ path: 'test/e2e/screenshots/checkout-breaker-1920.png' });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: 'test/e2e/screenshots/checkout-breaker-1280.png' });
});
