/** Yielding between slices (yield.ts): messages already queued get in, waiters resume in order, nothing is kept alive. */
import { expect, test } from 'vitest';
import { yieldToMessages } from '../../src/worker/yield.js';

test('a message queued before the yield is handled before it resumes', async () => {
  const other = new MessageChannel(), seen: string[] = [];
  other.port1.onmessage = (e) => seen.push(String(e.data));
  other.port2.postMessage('cancel');
  await yieldToMessages();
  expect(seen).toEqual(['cancel']);
  other.port1.close();
});

test('several waiting at once resume in the order they yielded', async () => {
  const order: number[] = [];
  await Promise.all([0, 1, 2, 3].map((i) => yieldToMessages().then(() => order.push(i))));
  expect(order).toEqual([0, 1, 2, 3]);
});

test('a yield waits for no timer: 200 take well under the 200 ms of even 1 ms timeouts', async () => {
  const started = performance.now();
  for (let i = 0; i < 200; i++) await yieldToMessages();
  expect(performance.now() - started).toBeLessThan(100);
});
