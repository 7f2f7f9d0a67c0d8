/**
 * Checks that need the whole file: warm-up shorter than the run, entry and call targets that
 * exist, and calls that never loop (storms and defences: references.ts). They read the plain data defensively rather than zod's
 * output, so they still run (and report) when other parts of the file are wrong.
 */
import { isMap } from './messages.js';
import { listOptions, suggest } from './suggest.js';
import { parseDuration } from './units.js';
import type { Draft, Path } from './yaml-tree.js';

/** One call between two existing services, and where it is written. */
interface Edge {
  to: string;
  path: Path;
}

/** All cross-reference problems in `data` (plain data from the YAML), as unplaced drafts. */
export function checkReferences(data: unknown): Draft[] {
  if (!isMap(data)) return [];
  const drafts = checkWarmup(data);
  if (!isMap(data.services)) return drafts;
  const names = Object.keys(data.services);
  drafts.push(...checkEntries(data.features, names));
  const { edges, problems } = collectCalls(data.services, names);
  return [...drafts, ...problems, ...findCycles(edges)];
}

function checkWarmup(data: Record<string, unknown>): Draft[] {
  if (data.warmup === undefined) return [];
  const run = parseDuration(data.duration);
  const warmup = parseDuration(data.warmup, { allowZero: true });
  if (!run.ok || !warmup.ok || warmup.value < run.value) return [];
  const message = `must be shorter than the duration (${String(data.duration)}), got ${String(data.warmup)}`;
  const expected = 'a warm-up shorter than the run, e.g. warmup: 5m with duration: 2h';
  return [{ path: ['warmup'], at: 'value', message, expected }];
}

function checkEntries(features: unknown, names: string[]): Draft[] {
  if (!isMap(features)) return [];
  const drafts: Draft[] = [];
  for (const [name, feature] of Object.entries(features)) {
    const entry = isMap(feature) ? feature.entry : undefined;
    if (typeof entry === 'string' && entry !== '' && !names.includes(entry)) {
      drafts.push(unknownService(['features', name, 'entry'], entry, names));
    }
  }
  return drafts;
}

/** One call as written: its target, where the call is, and where its target name is. */
export interface CallTarget {
  to: string;
  path: Path;
  namePath: Path;
}

/** Every call in a service's raw `calls` list, the members of parallel groups included. */
export function callTargets(calls: unknown, base: Path): CallTarget[] {
  if (!Array.isArray(calls)) return [];
  return calls.flatMap((call: unknown, index): CallTarget[] => {
    const path: Path = [...base, index];
    if (typeof call === 'string') return call === '' ? [] : [{ to: call, path, namePath: path }];
    if (!isMap(call)) return [];
    if (Object.hasOwn(call, 'parallel') && !Object.hasOwn(call, 'to')) return callTargets(call.parallel, [...path, 'parallel']);
    return typeof call.to === 'string' && call.to !== '' ? [{ to: call.to, path, namePath: [...path, 'to'] }] : [];
  });
}

/** Calls to existing services become edges; calls to missing ones become problems. */
function collectCalls(services: Record<string, unknown>, names: string[]) {
  const edges = new Map<string, Edge[]>();
  const problems: Draft[] = [];
  for (const [name, service] of Object.entries(services)) {
    const out: Edge[] = [];
    for (const call of callTargets(isMap(service) ? service.calls : undefined, ['services', name, 'calls'])) {
      if (names.includes(call.to)) out.push({ to: call.to, path: call.path });
      else problems.push(unknownService(call.namePath, call.to, names));
    }
    edges.set(name, out);
  }
  return { edges, problems };
}

/** A reference to a service or feature that does not exist, with a did-you-mean or the options. */
export function unknownName(kind: 'service' | 'feature', path: Path, target: string, names: string[]): Draft {
  const guess = suggest(target, names);
  const expected = guess
    ? `did you mean "${guess}"?`
    : names.length > 0
      ? `one of the ${kind}s: ${listOptions(names)}`
      : `a ${kind} listed under ${kind}s`;
  return { path, at: 'value', message: `there is no ${kind} named "${target}"`, expected };
}

export const unknownService = (path: Path, target: string, names: string[]): Draft => unknownName('service', path, target, names);

/**
 * Depth-first search over calls; every edge back into the current chain closes a loop,
 * reported at that call as `a -> b -> a`. Iterative so a very long chain cannot overflow
 * the stack.
 */
function findCycles(edges: Map<string, Edge[]>): Draft[] {
  const state = new Map<string, 'active' | 'done'>();
  const drafts: Draft[] = [];
  for (const root of edges.keys()) {
    if (state.has(root)) continue;
    const stack = [{ name: root, next: 0 }];
    state.set(root, 'active');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const out = edges.get(top.name) ?? [];
      if (top.next >= out.length) {
        state.set(top.name, 'done');
        stack.pop();
        continue;
      }
      const edge = out[top.next++];
      const seen = state.get(edge.to);
      if (seen === 'active') drafts.push(loopDraft(stack.map((frame) => frame.name), edge));
      if (seen === undefined) {
        state.set(edge.to, 'active');
        stack.push({ name: edge.to, next: 0 });
      }
    }
  }
  return drafts;
}

function loopDraft(chain: string[], edge: Edge): Draft {
  const loop = [...chain.slice(chain.indexOf(edge.to)), edge.to].join(' -> ');
  const message =
    loop === `${edge.to} -> ${edge.to}` ? `"${edge.to}" calls itself: ${loop}` : `these calls go round in a loop: ${loop}`;
  const expected = 'calls that never lead back to a service already waiting in the chain';
  return { path: edge.path, at: 'value', message, expected };
}
