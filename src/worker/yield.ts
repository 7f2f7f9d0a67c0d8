/**
 * Yielding a worker's thread between slices of a run, so the page's next message (a newer run,
 * a cancel) gets in. A message to itself, not setTimeout(0): browsers hold back a timeout set
 * from a timeout's task more than five deep to 4 ms (HTML's timer nesting rule), which in
 * Chromium made every yield after the fifth cost about 3.7 ms, a tenth of a 40 ms slice, against
 * about 0.01 ms for a message. The message goes out as a task like the page's, so the page's
 * messages still get in between slices.
 */
type Resolve = () => void;
/** Node's ports can stop keeping the process alive; browsers' have no such methods. */
type Port = MessagePort & { ref?: () => void; unref?: () => void };

let channel: { port1: Port; port2: MessagePort } | null = null;
/** Who is waiting, oldest first: messages arrive in the order they were sent, one per yield. */
const waiting: Resolve[] = [];

function open(): { port1: Port; port2: MessagePort } {
  const { port1, port2 } = new MessageChannel() as { port1: Port; port2: MessagePort };
  port1.onmessage = () => {
    waiting.shift()?.();
    // In Node an idle port must not keep the process alive (tests, scripts); a waiting one must.
    if (waiting.length === 0) port1.unref?.();
  };
  return { port1, port2 };
}

/** Resolves after the thread has run the tasks already queued (the page's messages among them). */
export function yieldToMessages(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  const c = (channel ??= open());
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    c.port1.ref?.();
    c.port2.postMessage(0);
  });
}
