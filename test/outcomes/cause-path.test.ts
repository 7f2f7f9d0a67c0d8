/** Cause paths: from a feature's break to the storm, through origins and earlier breaks. */
import { describe, expect, it } from 'vitest';
import { breaks } from '../../src/outcomes/breaks.js';
import { causePath } from '../../src/outcomes/cause-path.js';
import { graph } from '../../src/outcomes/graph.js';
import { slo } from '../../src/outcomes/slo.js';
import { storms } from '../../src/outcomes/storms.js';
import type { RunResult } from '../../src/model/result.js';
import type { Scenario } from '../../src/scenario/types.js';
import { storyResult, storyScenario } from './story.js';

function paths(sc: Scenario, r: RunResult) {
  const slos = Object.fromEntries(sc.features.map((f) => [f.name, slo(f, r.features[f.name], r.series.features[f.name], r.series.t, r.series.bucketMs, r.endMs)]));
  const list = breaks(r, sc, slos);
  const ctx = { scenario: sc, result: r, breaks: list, storms: storms(sc, r.endMs), graph: graph(sc), tailMs: 10_000 };
  return list.map((b) => ({ b, path: causePath(b, ctx) }));
}

describe('causePath', () => {
  const sc = storyScenario(), all = paths(sc, storyResult());
  const of = (kind: string, subject: string) => all.find((x) => x.b.kind === kind && x.b.subject === subject)!;

  it('explains an SLO break: payments times out because it saturates during the spike', () => {
    expect(of('slo', 'checkout').path.text).toBe(
      'checkout leaves its SLO at 02:40 because calls to payments time out (78% of its bad requests) because payments saturates (97% busy) from 02:30 because of the 10x spike on browse from 02:00 to 05:00',
    );
  });

  it('gives the structured steps for the heat map', () => {
    const steps = of('slo', 'checkout').path.steps;
    expect(steps.map((s) => [s.kind, s.subject, s.t])).toEqual([
      ['slo', 'checkout', 160_000], ['cause', 'payments', null], ['saturation', 'payments', 150_000], ['load', 'browse', 120_000],
    ]);
    // Payments' share of checkout's bad requests in the SLO's window (14 of 18 a bucket); timeouts are its only reason.
    expect(steps[1]).toMatchObject({ reason: 'timeout', share: 14 / 18 });
    expect(steps[3].ref).toBe(0);
  });

  it('explains abandonment from its own causes, through the entry service to its callee', () => {
    expect(of('abandonment', 'checkout').path.text).toBe(
      "checkout's users start giving up (6% of them) at 02:50 because web answers too slowly (100% of its abandonments) because payments saturates (97% busy) from 02:30 because of the 10x spike on browse from 02:00 to 05:00",
    );
  });

  it('explains an edge break at its callee, and a fault at the service itself', () => {
    expect(of('timeouts', 'web->payments').path.text).toBe(
      'calls from web to payments time out (2% of attempts) from 02:40 because payments saturates (97% busy) from 02:30 because of the 10x spike on browse from 02:00 to 05:00',
    );
    expect(of('errors', 'recs').path.text).toBe('recs fails 100% of requests from 06:00 because of the outage of recs from 06:00 to 07:00');
  });

  it('explains a service break by its own earlier one', () => {
    const r = storyResult();
    r.series.services.payments.rejected = r.series.services.payments.utilization.map((u) => (u > 0.9 ? 200 : 0));
    const rejections = paths(sc, r).find((x) => x.b.kind === 'rejections')!;
    expect(rejections.path.text).toBe('payments turns away 4% of requests from 02:30 because payments saturates (97% busy) from 02:30 because of the 10x spike on browse from 02:00 to 05:00');
  });

  it('stops where nothing explains a break', () => {
    const quiet = { ...sc, load: [], faults: [] };
    expect(paths(quiet, storyResult()).find((x) => x.b.kind === 'saturation')!.path.text).toBe('payments saturates (97% busy) from 02:30');
  });
});
