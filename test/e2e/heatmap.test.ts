import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serve, type Served } from './browser.js';

// The heat map alone, on its development page (web/dev/heatmap.html: celebrity-spike, opened at 10:00).
let served: Served;
let browser: Browser;
let url: string;
const shot = process.env.HEATMAP_SCREENSHOT ?? join(tmpdir(), 'brownout-heatmap.png');

beforeAll(async () => {
  served = await serve();
  browser = served.browser;
  url = new URL('dev/heatmap.html', served.url).href;
});

afterAll(async () => {
  await served?.close();
});

async function open(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.locator('svg[role="img"] .nodes g').first().waitFor();
  return { page, errors };
}

test('lays out features and services left to right, coloured at the cursor', async () => {
  const { page, errors } = await open();
  const svg = page.locator('svg[role="img"]');
  expect(await svg.getAttribute('aria-label')).toMatch(/^Dependency heat map of 3 features and 4 services at 10:00: busiest db \d+%/);
  const titles = await page.locator('.nodes g > title').allTextContents();
  for (const name of ['feed', 'comments', 'recommendations', 'app', 'comments-api', 'recs', 'db']) {
    expect(titles.some((t) => t.startsWith(`${name} `))).toBe(true);
  }
  // Features in the left column, the database right of every caller.
  const x = async (name: string) => (await page.locator('.nodes g', { has: page.locator(`title:text-matches("^${name} ")`) }).boundingBox())!.x;
  expect(await x('feed')).toBeLessThan(await x('app'));
  expect(await x('recs')).toBeLessThan(await x('db'));
  // recs calls db in two steps: one line. Three user edges and three calls.
  expect(await page.locator('.edges path').count()).toBe(6);
  await page.screenshot({ path: shot, fullPage: true });
  expect(errors).toEqual([]);
});

test('moving the cursor recolours without a relayout; a cause path dims the rest', async () => {
  const { page } = await open();
  const db = page.locator('.nodes g', { has: page.locator('title:text-matches("^db ")') });
  const atPeak = await db.locator('rect').getAttribute('fill');
  const where = await db.getAttribute('transform');
  await page.locator('#time').fill('200000');
  await page.locator('#time').dispatchEvent('input');
  expect(await db.locator('rect').getAttribute('fill')).not.toBe(atPeak);
  expect(await db.locator('.fig').textContent()).toMatch(/^util \d+% · q [\d.]+/);
  expect(await db.getAttribute('transform')).toBe(where);
  await page.click('#cause');
  expect(await db.getAttribute('opacity')).toBe('1');
  const app = page.locator('.nodes g', { has: page.locator('title:text-matches("^app ")') });
  expect(Number(await app.getAttribute('opacity'))).toBeLessThan(1);
  await page.click('#clear');
  expect(await app.getAttribute('opacity')).toBe('1');
});
