import { describe, expect, test } from 'vitest';
import type { CauseStep, RunResult } from '../../src/worker/protocol.js';
import { PALETTE } from '../../web/view.js';
import { layout } from '../../web/views/heatmap-layout.js';
import { bucketAt, edgeFigures, topology, subjects, utilColor } from '../../web/views/heatmap-model.js';

// Only what the heat map reads of a run: celebrity-spike's shape (recs calls db in two steps).
const edge = (from: string, to: string) => ({ from, to });
const run = {
  features: { feed: {}, recommendations: {} },
  services: { app: {}, recs: {}, db: {} },
  edges: {
    'user->feed': edge('user', 'app'), 'user->recommendations': edge('user', 'recs'),
    'app->db': edge('app', 'db'), 'recs->db': edge('recs', 'db'), 'recs->db#6': edge('recs', 'db'),
  },
  series: {
    bucketMs: 2000, t: [120_000, 122_000, 124_000], features: {}, services: {},
    edges: {
      'recs->db': { attempts: [10, 10, 10], retries: [0, 0, 0], timeouts: [0, 2, 0], failures: [0, 4, 0], breakerOpenShare: [0, 0, 0] },
      'recs->db#6': { attempts: [10, 10, 10], retries: [0, 0, 0], timeouts: [0, 0, 0], failures: [0, 1, 0], breakerOpenShare: [0, 0.5, 0] },
    },
  },
} as unknown as RunResult;

describe('heat map (pure parts)', () => {
  test('topology: features to their entry services, one line per caller and callee', () => {
    const topo = topology(run);
    expect(topo.nodes.map((n) => n.id)).toEqual(['f:feed', 'f:recommendations', 's:app', 's:recs', 's:db']);
    expect(topo.edges.map((e) => [e.id, e.source, e.target, e.user])).toEqual([
      ['feed->app', 'f:feed', 's:app', true], ['recommendations->recs', 'f:recommendations', 's:recs', true],
      ['app->db', 's:app', 's:db', false], ['recs->db', 's:recs', 's:db', false],
    ]);
    expect(topo.edges[3].keys).toEqual(['recs->db', 'recs->db#6']);
    expect(topology(run).key).toBe(topo.key);
  });

  test('bucket lookup and per-bucket edge figures (summed over the merged edges)', () => {
    expect([0, 120_000, 121_999, 122_000, 125_000, 1e9].map((t) => bucketAt(run.series, t))).toEqual([0, 0, 0, 1, 2, 2]);
    const recsDb = topology(run).edges[3];
    expect(edgeFigures(run.series, recsDb, 1)).toEqual({ attempts: 20, failures: 5, timeouts: 2, breaker: 0.5, badShare: 0.25 });
    expect(edgeFigures(run.series, recsDb, 0).badShare).toBe(0);
  });

  test('utilization runs green → orange → vermillion', () => {
    const hex = (c: string) => c.replace(/rgb\((\d+), (\d+), (\d+)\)/, (_, r, g, b) => '#' + [r, g, b].map((x) => Number(x).toString(16).padStart(2, '0')).join('')).toLowerCase();
    expect(hex(utilColor(0))).toBe(PALETTE.green.toLowerCase());
    expect(hex(utilColor(0.7))).toBe(PALETTE.orange.toLowerCase());
    expect(hex(utilColor(1.3))).toBe(PALETTE.vermillion.toLowerCase());
  });

  test('a cause path names services, features (a load step lists several) and edges', () => {
    const steps = [
      { kind: 'timeouts', subject: 'recs->db#6', t: 1, text: '' },
      { kind: 'load', subject: 'feed,recommendations', t: 0, text: '' },
    ] as CauseStep[];
    expect([...subjects(steps, topology(run))].sort()).toEqual(['f:feed', 'f:recommendations', 'recommendations->recs', 'recs->db', 's:db', 's:recs'].sort());
  });

  test('ELK lays features out left of the services they call, once per topology', async () => {
    const topo = topology(run);
    const [a, b] = [layout(topo), layout(topology(run))];
    expect(a).toBe(b);
    const lay = await a;
    const x = (id: string) => lay.nodes.get(id)!.x;
    expect(x('f:feed')).toBeLessThan(x('s:app'));
    expect(x('s:recs')).toBeLessThan(x('s:db'));
    expect(lay.edges.get('recs->db')!.points.length).toBeGreaterThanOrEqual(2);
  });
});
