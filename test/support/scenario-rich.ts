/**
 * fast-check arbitrary for valid normalised scenarios with storms and defences in random
 * combinations: the plain scenarios' random service DAG (scenarios.ts), each service plain,
 * cached or a message consumer, with instances, autoscaling, failover, maxWait, LIFO...
 * (scenario-defences.ts); call policies and parallel steps on calls and on features' clients
 * (scenario-policies.ts); priorities and rate limits on features; load storms and faults
 * (scenario-storms.ts); shedding dimmers; propagated deadlines (or explicitly not); warmup.
 *
 * Runs stay short: at most `maxDurationMs` (default 2000 ms), rates up to 0.4/ms per feature, modest storm factors.
 */
import fc from 'fast-check';
import type { Scenario } from '../../src/scenario/types.js';
import { dimmer, feature, service } from './scenario-defences.js';
import { defined, sometimes } from './scenario-policies.js';
import { faultItem, loadItem } from './scenario-storms.js';
import { runShape, serviceNames, warmupOf, type ScenarioOptions } from './scenarios.js';

const nonEmpty = <T>(xs: T[]): T[] | undefined => (xs.length > 0 ? xs : undefined);

export function richScenarioArb(options: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  const maxDuration = options.maxDurationMs ?? 2000;
  const maxRate = options.maxRatePerMs ?? 1;
  return fc
    .record({ n: fc.integer({ min: 1, max: 5 }), m: fc.integer({ min: 1, max: 3 }), run: runShape(maxDuration) })
    .chain(({ n, m, run }) => {
      const names = serviceNames(n);
      const featureNames = Array.from({ length: m }, (_, k) => `f${k}`);
      return fc
        .record({
          services: fc.tuple(...names.map((name, i) => service(name, names.slice(i + 1)))),
          features: fc.tuple(...featureNames.map((name) => feature(name, names, maxRate))),
          load: fc.array(loadItem(featureNames, run.durationMs, maxRate), { maxLength: 3 }),
          shedding: fc.array(dimmer(names), { maxLength: 2 }),
          deadlines: sometimes(fc.boolean(), 2),
        })
        .chain((parts) =>
          fc.array(faultItem(parts.services, run.durationMs), { maxLength: 4 }).map((faults): Scenario => defined({
            name: 'random storm',
            durationMs: run.durationMs,
            warmupMs: warmupOf(run.durationMs, run.warmupShare),
            seed: run.seed,
            features: parts.features,
            services: parts.services,
            load: nonEmpty(parts.load),
            faults: nonEmpty(faults),
            shedding: nonEmpty(parts.shedding),
            propagateDeadlines: parts.deadlines,
          })));
    });
}
