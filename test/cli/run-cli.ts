/** Runs the `brownout` command in-process, capturing what it writes (experiment tests). */
import { expect } from 'vitest';
import { main } from '../../src/cli/main.js';

export interface Ran { code: number; stdout: string; stderr: string }

export function cli(...argv: string[]): Ran {
  let stdout = '', stderr = '';
  const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, '9.8.7');
  return { code, stdout, stderr };
}

/** Succeeds with nothing on stderr (no progress outside a terminal) and returns stdout. */
export function ok(...argv: string[]): string {
  const r = cli(...argv);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  return r.stdout;
}
