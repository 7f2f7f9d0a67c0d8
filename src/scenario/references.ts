/**
 * Whole-file checks for storms and defences: the features and services that load, faults and
 * shedding name exist; a partition cuts a call that is made; starts fall inside the run; a
 * capacity fault loses no more workers than there are; autoscale bounds hold the instances;
 * a cache flush has a cache to flush; a message consumer has no cache. Like semantics.ts they
 * read the plain data defensively, so they report even when other parts of the file are wrong.
 */
import { DEFAULTS } from './defaults.js';
import { isMap } from './messages.js';
import { callTargets, unknownName, unknownService } from './semantics.js';
import { formatDuration, parseDuration } from './units.js';
import type { Draft, Path } from './yaml-tree.js';

interface Context {
  features?: string[];
  services?: Record<string, unknown>;
  runMs?: number;
  /** Calls made, as `from->to`. */
  edges: Set<string>;
}

/** All storm and defence cross-reference problems in `data` (plain data from the YAML). */
export function checkStormsAndDefences(data: unknown): Draft[] {
  if (!isMap(data)) return [];
  const services = isMap(data.services) ? data.services : undefined;
  const run = parseDuration(data.duration);
  const context: Context = {
    features: isMap(data.features) ? Object.keys(data.features) : undefined,
    services,
    runMs: run.ok ? run.value : undefined,
    edges: new Set(Object.entries(services ?? {}).flatMap(([name, s]) =>
      callTargets(isMap(s) ? s.calls : undefined, []).map((call) => `${name}->${call.to}`))),
  };
  const drafts = [
    ...items(data.load, 'load').flatMap((item) => checkLoad(item, context)),
    ...items(data.faults, 'faults').flatMap((item) => checkFault(item, context)),
    ...items(data.shedding, 'shedding').flatMap(({ body, path }) => checkService(body.service, [...path, 'service'], context)),
  ];
  for (const [name, service] of Object.entries(services ?? {})) {
    if (isMap(service)) drafts.push(...checkAutoscale(service, name), ...checkCacheKind(service, name));
  }
  return drafts;
}

interface Item {
  kind: string;
  body: Record<string, unknown>;
  path: Path;
}

/** The maps in a raw list: `- spike: {...}` gives kind spike; shedding items are their own body. */
function items(list: unknown, key: string): Item[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown, index): Item[] => {
    if (!isMap(item)) return [];
    if (key === 'shedding') return [{ kind: 'shedding', body: item, path: [key, index] }];
    return Object.entries(item).flatMap(([kind, body]) => (isMap(body) ? [{ kind, body, path: [key, index, kind] }] : []));
  });
}

function checkLoad({ body, path }: Item, context: Context): Draft[] {
  const drafts = checkStart(body.start, [...path, 'start'], context);
  const names = context.features;
  if (names === undefined) return drafts;
  const check = (name: unknown, at: Path) => {
    if (typeof name === 'string' && name !== '' && !names.includes(name)) drafts.push(unknownName('feature', at, name, names));
  };
  check(body.feature, [...path, 'feature']);
  if (Array.isArray(body.features)) body.features.forEach((name: unknown, i) => check(name, [...path, 'features', i]));
  return drafts;
}

function checkFault({ kind, body, path }: Item, context: Context): Draft[] {
  const start = kind === 'cacheFlush' ? 'at' : 'start';
  const drafts = checkStart(body[start], [...path, start], context);
  if (kind === 'partition') return [...drafts, ...checkPartition(body, path, context)];
  const found = checkService(body.service, [...path, 'service'], context);
  if (found.length > 0 || typeof body.service !== 'string') return [...drafts, ...found];
  const service = context.services?.[body.service];
  if (!isMap(service)) return drafts;
  if (kind === 'cacheFlush' && service.cache === undefined) {
    const message = `"${body.service}" has no cache to flush`;
    drafts.push({ path: [...path, 'service'], at: 'value', message, expected: 'a service with a cache' });
  }
  if (kind === 'capacity') drafts.push(...checkLose(body.lose, [...path, 'lose'], service));
  return drafts;
}

/** A start (or a cache flush's `at`) must come before the end of the run. */
function checkStart(raw: unknown, path: Path, context: Context): Draft[] {
  const start = parseDuration(raw, { allowZero: true });
  if (!start.ok || context.runMs === undefined || start.value < context.runMs) return [];
  const end = formatDuration(context.runMs);
  return [{ path, at: 'value', message: `starts after the run ends (duration: ${end})`, expected: `a time before ${end}` }];
}

function checkService(raw: unknown, path: Path, context: Context): Draft[] {
  const names = context.services === undefined ? undefined : Object.keys(context.services);
  if (typeof raw !== 'string' || raw === '' || names === undefined || names.includes(raw)) return [];
  return [unknownService(path, raw, names)];
}

function checkPartition(body: Record<string, unknown>, path: Path, context: Context): Draft[] {
  const drafts = [...checkService(body.from, [...path, 'from'], context), ...checkService(body.to, [...path, 'to'], context)];
  const { from, to } = body;
  if (drafts.length > 0 || typeof from !== 'string' || typeof to !== 'string' || context.services === undefined) return drafts;
  if (from === '' || to === '' || context.edges.has(`${from}->${to}`)) return drafts;
  const message = `"${from}" never calls "${to}", so there is no call to cut`;
  return [{ path, at: 'value', message, expected: `a call listed under services.${from}.calls` }];
}

/** A whole number of at least 1, or `fallback` when absent; undefined when it is not valid. */
function count(raw: unknown, fallback?: number): number | undefined {
  if (raw === undefined) return fallback;
  return typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 1 ? raw : undefined;
}

function checkLose(raw: unknown, path: Path, service: Record<string, unknown>): Draft[] {
  const lose = count(raw);
  const workers = count(service.workers);
  const instances = count(service.instances, DEFAULTS.service.instances);
  if (lose === undefined || workers === undefined || instances === undefined || lose <= workers * instances) return [];
  const has = `${workers * instances} worker${workers * instances === 1 ? '' : 's'} (${workers} × ${instances} instance${instances === 1 ? '' : 's'})`;
  return [{ path, at: 'value', message: `must be at most the service's ${has}, got ${lose}`, expected: 'lose: at most workers × instances' }];
}

function checkAutoscale(service: Record<string, unknown>, name: string): Draft[] {
  const auto = service.autoscale;
  if (!isMap(auto)) return [];
  const min = count(auto.min), max = count(auto.max), instances = count(service.instances, DEFAULTS.service.instances);
  if (min === undefined || max === undefined || instances === undefined || min > max) return [];
  if (instances >= min && instances <= max) return [];
  if (service.instances !== undefined) {
    const message = `must be within autoscale's min and max (${min} to ${max}), got ${instances}`;
    return [{ path: ['services', name, 'instances'], at: 'value', message, expected: 'instances inside the autoscale range, or a wider range' }];
  }
  const message = `is more than the service's instances (${DEFAULTS.service.instances}, the default)`;
  return [{ path: ['services', name, 'autoscale', 'min'], at: 'value', message, expected: `instances: ${min} (or up to ${max}) beside autoscale` }];
}

function checkCacheKind(service: Record<string, unknown>, name: string): Draft[] {
  if (service.cache === undefined || service.messages === undefined) return [];
  const message = 'a service that consumes messages cannot have a cache';
  return [{ path: ['services', name, 'cache'], at: 'key', message, expected: 'a cache on a service that answers calls, or no messages' }];
}

