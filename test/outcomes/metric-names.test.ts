/**
 * The metric names the CLI, the web app and saved sweeps read: pinned, in order, on a real run
 * with every business figure set. Add names freely; renaming one breaks their readers.
 */
import { describe, expect, it } from 'vitest';
import { metrics } from '../../src/outcomes/metrics.js';
import { BREAKER, run } from './real.js';

const each = (prefix: string, names: string): string[] => names.split(' ').map((n) => `${prefix}${n}`);

/** One feature's names, as metrics.ts documents them. */
function feature(f: string, slo: boolean): string[] {
  return [
    ...each(`${f}.users.`, 'arrived retried succeeded degraded stale failed abandoned shed rateLimited refused inFlight'),
    ...each(`${f}.value.`, 'potential realized lost'), ...each(`${f}.value.lost.`, 'failed abandoned refused degraded stale conversion'),
    `${f}.tickets`, `${f}.tickets.expected`, ...each(`${f}.tickets.`, 'failed abandoned degraded stale refused late'),
    ...each(`${f}.churn.`, 'users expected value failed abandoned degraded stale refused'),
    ...(slo ? each(`${f}.slo.`, 'events good bad errorRate outOfSloMs budgetBurned') : []),
    ...['normal', 'peak', 'degraded'].flatMap((s) => each(`${f}.${s}.`, 'users value.lost tickets churn.users churn.value')),
  ];
}

describe('metric names', () => {
  it('are the documented ones, in a stable order', () => {
    const names = Object.keys(metrics(run(BREAKER).outcomes));
    expect(names).toEqual([
      ...each('total.users.', 'arrived ended succeeded degraded stale failed abandoned refused'),
      ...each('total.value.', 'potential realized lost net'),
      'total.tickets', 'total.tickets.expected', 'total.churn.users', 'total.churn.value', 'total.cost', 'total.loss', 'total.breaks',
      'worst.slo.budgetBurned', 'worst.slo.outOfSloMs',
      ...['normal', 'peak', 'degraded'].flatMap((s) => each(`time.${s}.`, 'ms share')),
      ...['catalog', 'checkout', 'payments'].flatMap((s) => each(`service.${s}.`, 'cost instanceHours')),
      ...feature('checkout', true), ...feature('browse', false),
    ]);
  });
});
