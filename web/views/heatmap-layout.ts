/**
 * The heat map's layout: ELK's layered algorithm, left to right, features pinned to the first
 * layer. Laid out once per topology (cached by its key); ELK answers asynchronously.
 */
import type ElkModule from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { Topology } from './heatmap-model.js';

export interface Point { x: number; y: number }
export interface PlacedNode { id: string; x: number; y: number; width: number; height: number }
export interface PlacedEdge { id: string; points: Point[] }
export interface Layout { width: number; height: number; nodes: Map<string, PlacedNode>; edges: Map<string, PlacedEdge> }

export const FEATURE_H = 30, SERVICE_H = 46;
/** Room for a label at ~7.5 px a character (13 px system font), and the service's figure line. */
export function nodeSize(kind: 'feature' | 'service', name: string): { width: number; height: number } {
  const label = name.length * 8.4 + 30;
  return kind === 'feature' ? { width: Math.max(96, label), height: FEATURE_H } : { width: Math.max(168, label), height: SERVICE_H };
}

// elkjs is CommonJS typed as `export default`: under NodeNext the default import is the module
// object, at run time it is the constructor (which also carries `.default`). Take either. It is
// 1.5 MB, so it loads on first use, after the page has drawn everything else.
type ElkCtor = typeof ElkModule.default;
let elk: Promise<InstanceType<ElkCtor>> | null = null;
const engine = () => (elk ??= import('elkjs/lib/elk.bundled.js').then((m) => {
  const mod = m as unknown as { default: ElkCtor & { default?: ElkCtor } };
  const ELK = mod.default.default ?? mod.default;
  return new ELK();
}));
const cache = new Map<string, Promise<Layout>>();

export function layout(topo: Topology): Promise<Layout> {
  let hit = cache.get(topo.key);
  if (!hit) {
    hit = compute(topo);
    hit.catch(() => cache.delete(topo.key));
    if (cache.size >= 16) cache.delete(cache.keys().next().value!);
    cache.set(topo.key, hit);
  }
  return hit;
}

async function compute(topo: Topology): Promise<Layout> {
  const input: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': '22',
      'elk.layered.spacing.nodeNodeBetweenLayers': '72',
      'elk.layered.spacing.edgeNodeBetweenLayers': '18',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      // Features top to bottom in the scenario's order.
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
    },
    children: topo.nodes.map((n) => ({
      id: n.id, ...nodeSize(n.kind, n.name),
      layoutOptions: (n.kind === 'feature' ? { 'elk.layered.layering.layerConstraint': 'FIRST' } : {}) as Record<string, string>,
    })),
    edges: topo.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const graph = await (await engine()).layout(input);
  const nodes = new Map<string, PlacedNode>();
  for (const c of graph.children ?? []) nodes.set(c.id, { id: c.id, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 });
  const edges = new Map<string, PlacedEdge>();
  for (const e of graph.edges ?? []) {
    const points: Point[] = [];
    for (const s of e.sections ?? []) points.push(s.startPoint, ...(s.bendPoints ?? []), s.endPoint);
    edges.set(e.id, { id: e.id, points });
  }
  return { width: graph.width ?? 0, height: graph.height ?? 0, nodes, edges };
}
