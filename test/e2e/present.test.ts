/**
 * Presentation mode on its development page (web/dev/present.html: checkout-breaker with a
 * three-step story at 01:00, 05:00 and 07:00; its breaks are payments errors and checkout's SLO
 * at 05:00 and the breaker at 05:04). Screenshots at 1280x720 and 1920x1080 go to
 * test/e2e/screenshots/ (not committed) for a look.
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
  url = new URL('dev/present.html', served.url).href;
});

afterAll(async () => {
  await served?.close();
});

async function open(query = '', viewport = { width: 1280, height: 720 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url + query);
  await page.locator('body[data-ready]').waitFor({ timeout: 30_000 });
  await page.locator('#heatmap .nodes g').first().waitFor();
  return { page, errors };
}

const caption = (page: Page) => page.locator('.bo-present');
const pos = (page: Page) => page.locator('.bo-present-pos').innerText();
const clockShown = (page: Page) => page.locator('.scrubber output').innerText();
/** A service's node on the heat map (a feature's title reads `name (feature) at …`). */
const service = (page: Page, name: string) => page.locator('#heatmap .nodes g', { has: page.locator(`title:text-matches("^${name} at ")`) });

test('steps through the story and the breaks with the keyboard, and Esc leaves', async () => {
  const { page, errors } = await open();
  const button = page.getByRole('button', { name: 'Present' });
  expect(await button.getAttribute('aria-pressed')).toBe('false');
  expect(await caption(page).isVisible()).toBe(false);

  await button.click();
  expect(await page.evaluate(() => document.body.classList.contains('presenting'))).toBe(true);
  expect(await button.getAttribute('aria-pressed')).toBe('true');
  expect(await pos(page)).toBe('step 1 of 6');
  expect(await page.locator('.bo-present-text').innerText()).toMatch(/^A normal afternoon/);
  expect(await clockShown(page)).toBe('01:00');
  expect(await page.locator('#editor').isVisible()).toBe(false);

  // → glides the cursor from 01:00 to 05:00: the scrubber passes times in between.
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { seen: string[] }).seen = []);
    new MutationObserver(() => seen.push(document.querySelector('.scrubber output')!.textContent!))
      .observe(document.querySelector('.scrubber output')!, { childList: true, characterData: true, subtree: true });
  });
  await page.keyboard.press('ArrowRight');
  expect(await pos(page)).toBe('step 2 of 6');
  expect(await page.locator('.bo-present-text').innerText()).toMatch(/^At 05:00 the payments provider/);
  await expect.poll(() => clockShown(page)).toBe('05:00');
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  expect(seen.some((t) => t > '01:00' && t < '05:00')).toBe(true);

  // Space (focus is on the caption, not the Present button): the first break, its path lit on the heat map.
  await page.keyboard.press(' ');
  expect(await pos(page)).toBe('step 3 of 6');
  expect(await page.locator('.bo-present-title').innerText()).toBe('Break 1 at 05:00 — payments: errors');
  expect(await page.locator('.bo-present-why').innerText()).toMatch(/^Why: the injected errors at payments/);
  expect(await service(page, 'payments').getAttribute('opacity')).toBe('1');
  expect(Number(await service(page, 'checkout').getAttribute('opacity'))).toBeLessThan(1);
  expect(await page.locator('#timeline .bo-break').first().getAttribute('aria-pressed')).toBe('true');

  await page.keyboard.press('End');
  expect(await pos(page)).toBe('step 6 of 6');
  expect(await page.locator('.bo-present-text').innerText()).toMatch(/^Two minutes later/);
  await expect.poll(() => clockShown(page)).toBe('07:00');
  expect(await service(page, 'checkout').getAttribute('opacity')).toBe('1'); // a story step clears the highlight
  await page.keyboard.press('PageUp');
  expect(await pos(page)).toBe('step 5 of 6');
  expect(await clockShown(page)).toBe('05:04'); // going back jumps
  await page.keyboard.press('Home');
  expect(await pos(page)).toBe('step 1 of 6');
  await page.keyboard.press('ArrowLeft');
  expect(await pos(page)).toBe('step 1 of 6');

  await page.keyboard.press('Escape');
  expect(await page.evaluate(() => document.body.classList.contains('presenting'))).toBe(false);
  expect(await caption(page).isVisible()).toBe(false);
  expect(await button.getAttribute('aria-pressed')).toBe('false');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Present');
  expect(await clockShown(page)).toBe('01:00'); // the cursor stays where the presentation left it
  // Keys are the page's again.
  await page.keyboard.press('End');
  expect(await pos(page)).toBe('step 1 of 6');
  expect(errors).toEqual([]);
});

test('jumps without gliding for viewers who prefer reduced motion; the close button leaves', async () => {
  const { page } = await open();
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.getByRole('button', { name: 'Present' }).click();
  await page.keyboard.press('ArrowRight');
  expect(await clockShown(page)).toBe('05:00');
  await page.getByRole('button', { name: 'Next stop' }).click();
  expect(await pos(page)).toBe('step 3 of 6');
  await page.locator('.bo-present-close').click();
  expect(await page.evaluate(() => document.body.classList.contains('presenting'))).toBe(false);
});

test('without a story: Start, then the breaks alone', async () => {
  const { page } = await open('?story=none');
  await page.getByRole('button', { name: 'Present' }).click();
  expect(await pos(page)).toBe('step 1 of 4');
  expect(await page.locator('.bo-present-title').innerText()).toBe('Start');
  expect(await page.locator('.bo-present-text').innerText()).toMatch(/3 breaks ahead/);
  await page.keyboard.press('PageDown');
  expect(await page.locator('.bo-present-title').innerText()).toBe('Break 1 at 05:00 — payments: errors');
  await page.keyboard.press('End');
  expect(await page.locator('.bo-present-title').innerText()).toBe('Break 3 at 05:04 — checkout → payments: breaker open');
});

test('screenshots at 1280x720 and 1920x1080: large type, the caption clear of the heat map', async () => {
  mkdirSync('test/e2e/screenshots', { recursive: true });
  for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    const { page } = await open('', viewport);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.getByRole('button', { name: 'Present' }).click();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    // The text is large, and the heat map ends above the caption.
    expect(parseFloat(await page.locator('.bo-present-text').evaluate((e) => getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(24);
    const map = (await page.locator('#heatmap svg[role="img"]').boundingBox())!, cap = (await caption(page).boundingBox())!;
    expect(map.y + map.height).toBeLessThanOrEqual(cap.y);
    await page.screenshot({ path: `test/e2e/screenshots/present-${viewport.width}.png` });
    await page.close();
  }
});
