/**
 * Progress on stderr (`\r  12/40 runs`), only when stderr is a terminal: never in pipes,
 * files or tests. Redrawn at most ten times a second; cleared when the work ends.
 */
import type { RunBatch } from '../outcomes/experiment-types.js';

export interface Progress {
  /** The runner, counting the items of every batch it is given. */
  wrap(runBatch: RunBatch): RunBatch;
  end(): void;
}

export function progress(write: ((text: string) => void) | undefined): Progress {
  if (!write) return { wrap: (r) => r, end: () => {} };
  let done = 0, total = 0, drawn = 0;
  const draw = () => write(`\r  ${done}/${total} runs`);
  return {
    wrap: (runBatch) => (arms, items, onDone) => {
      total += items.length;
      draw();
      return runBatch(arms, items, () => {
        done++;
        onDone?.();
        const now = performance.now();
        if (now - drawn > 100 || done === total) { drawn = now; draw(); }
      });
    },
    end: () => { if (total > 0) write('\r\x1b[K'); },
  };
}
