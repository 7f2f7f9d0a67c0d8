/**
 * Knobs for a file that declares none: what a PM would want to drag. For each storm, its size
 * (a spike's factor, a slowdown's factor, an error rate, workers lost) and its length; then,
 * along the storms' path (the features they reach, and the services those call, in call order;
 * every feature when there is no storm): the features' rates when no load storm sets the load,
 * their users' timeout and attempts, each service's workers (and instances, autoscale's max) and
 * each call's timeout and attempts. Only values the file writes: a knob sets a value in place, so it cannot
 * add one. Ranges sit around the file's value (see knob-range.ts) and stay inside what the file
 * accepts (workers never below what a capacity fault takes away, attempts never 1 where the file or
 * a variant has a retry budget).
 */
import { readAmount, type AmountKind } from './amount.js';
import { dataAt, groupOf, isTimes, labelOf } from './knob-labels.js';
import { aroundRange, attemptsRange, countRange, shareRange, timesRange, type Range } from './knob-range.js';
import type { Knob } from './knobs.js';
import { isMap } from './messages.js';
import { clientOf, instancesOf, variantsOf } from './resolve.js';
import { callTargets } from './semantics.js';
import type { CallPolicy, Scenario } from './types.js';
import type { Path } from './yaml-tree.js';

/** More sliders than this stop being a story. */
const MAX_DERIVED = 12;

type Maker = (param: Path, kind: AmountKind, range: (value: number) => Range | undefined) => Knob[];

/** The derived knobs (see the module comment), at most 12, storms first. `data` is the file's plain data. */
export function deriveKnobs(scenario: Scenario, data: unknown): Knob[] {
  const make: Maker = (path, kind, range) => {
    const value = sliderValue(dataAt(data, path), kind);
    const r = value === undefined ? undefined : range(value);
    if (value === undefined || r === undefined) return [];
    const param = path.join('.');
    return [{
      param, label: labelOf(param, data), kind, ...r, value, declared: false, group: groupOf(param), times: isTimes(param),
    }];
  };
  const features = featuresReached(scenario);
  // Without a load storm, the rates are the load's dial.
  const rates = (scenario.load ?? []).length === 0 ? features.flatMap((f) => make(['features', f, 'rate'], 'rate', (c) => aroundRange('rate', c))) : [];
  const clients = features.flatMap((f) => {
    const budget = budgeted(scenario, (s) => s.features.filter((x) => x.name === f).map(clientOf));
    return policyKnobs(dataAt(data, ['features', f]), ['features', f], make, budget);
  });
  const knobs = [...stormKnobs(scenario, data, make), ...rates, ...clients, ...servicesCalled(scenario, features).flatMap((s) => serviceKnobs(scenario, data, s, make))];
  return knobs.slice(0, MAX_DERIVED);
}

/** A raw value in slider units when it is of `kind` (a share may be written as a fraction); else undefined. */
function sliderValue(raw: unknown, kind: AmountKind): number | undefined {
  const read = readAmount(raw);
  if (!read.ok) return undefined;
  const { kind: written, value } = read.amount;
  if (kind === 'share' && written === 'number' && value >= 0 && value <= 1) return value;
  if (written !== kind) return undefined;
  return kind === 'rate' ? value * 1000 : value;
}

/** Each load item and fault as written: its index, its kind's key, and its body. */
function items(list: unknown): { index: number; kind: string; body: Record<string, unknown> }[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown, index) => {
    const [entry] = isMap(item) ? Object.entries(item) : [];
    return entry !== undefined && isMap(entry[1]) ? [{ index, kind: entry[0], body: entry[1] }] : [];
  });
}

function stormKnobs(scenario: Scenario, data: unknown, make: Maker): Knob[] {
  // A storm's length goes up to the end of the run, never past it (unless it already does).
  const left = (body: Record<string, unknown>) => {
    const start = readAmount(body.start);
    return start.ok && start.amount.kind === 'duration' ? scenario.durationMs - start.amount.value : undefined;
  };
  const length = (at: Path, body: Record<string, unknown>) => make([...at, 'duration'], 'duration', (c) => aroundRange('duration', c, left(body)));
  const times = (at: Path, key: string) => make([...at, key], 'number', timesRange);
  const loads = items(dataAt(data, ['load'])).flatMap(({ index, kind, body }) => {
    const at = ['load', index, kind];
    if (kind === 'spike' || kind === 'step') return [...times(at, 'factor'), ...length(at, body)];
    return kind === 'ramp' ? [...times(at, 'to'), ...length(at, body)] : [];
  });
  const faults = items(dataAt(data, ['faults'])).flatMap(({ index, kind, body }) => {
    const at = ['faults', index, kind];
    return kind === 'cacheFlush' ? [] : [...faultSize(scenario, at, kind, body, make), ...length(at, body)];
  });
  return [...loads, ...faults];
}

/** How hard a fault strikes: the share of requests failing, how much slower, or how much capacity lost. */
function faultSize(scenario: Scenario, at: Path, kind: string, body: Record<string, unknown>, make: Maker): Knob[] {
  switch (kind) {
    case 'errors': return make([...at, 'rate'], 'share', (c) => shareRange(c, 0.05));
    case 'latency':
      if (body.factor !== undefined) return make([...at, 'factor'], 'number', timesRange);
      return make([...at, 'add'], 'duration', (c) => (c > 0 ? aroundRange('duration', c) : undefined));
    case 'capacity': return capacitySize(scenario, at, body, make);
    default: return [];
  }
}

/** Workers lost, up to all the service's workers; or a share of its instances. */
function capacitySize(scenario: Scenario, at: Path, body: Record<string, unknown>, make: Maker): Knob[] {
  const service = scenario.services.find((s) => s.name === body.service);
  if (body.share !== undefined) return make([...at, 'share'], 'share', (c) => shareRange(c, 0.1));
  if (service === undefined) return [];
  return make([...at, 'lose'], 'number', (c) => ({ min: 1, max: Math.max(c, service.workers * instancesOf(service)), step: 1, whole: true }));
}

/** Names of the features the storms reach, in the file's order; every feature when there is no storm. */
function featuresReached(scenario: Scenario): string[] {
  const all = scenario.features.map((f) => f.name);
  const loads = scenario.load ?? [], faults = scenario.faults ?? [];
  if (loads.length === 0 && faults.length === 0) return all;
  const struck = new Set(faults.map((f) => (f.kind === 'partition' ? f.from : f.service)));
  const reached = new Set(loads.flatMap((l) => (l.features.length === 0 ? all : l.features)));
  for (const f of scenario.features) if (servicesCalled(scenario, [f.name]).some((s) => struck.has(s))) reached.add(f.name);
  return all.filter((name) => reached.has(name));
}

/** The services `features` reach, breadth first from their entries, in call order. */
function servicesCalled(scenario: Scenario, features: readonly string[]): string[] {
  const order = features.flatMap((name) => scenario.features.filter((f) => f.name === name).map((f) => f.entry));
  const seen = new Set<string>();
  for (let i = 0; i < order.length; i++) {
    if (seen.has(order[i])) continue;
    seen.add(order[i]);
    order.push(...(scenario.services.find((s) => s.name === order[i])?.calls.map((c) => c.to) ?? []));
  }
  return [...seen];
}

/** A service's workers, instances and autoscale max, then each of its calls' timeout and attempts. */
function serviceKnobs(scenario: Scenario, data: unknown, name: string, make: Maker): Knob[] {
  const at = ['services', name];
  const raw = dataAt(data, at);
  const service = scenario.services.find((s) => s.name === name);
  if (!isMap(raw) || service === undefined) return [];
  const instances = instancesOf(service);
  // A capacity fault may not take more workers than there are.
  const lost = (scenario.faults ?? []).flatMap((f) => (f.kind === 'capacity' && f.service === name ? [f.workers] : []));
  const fewest = Math.max(1, ...lost.map((lose) => Math.ceil(lose / instances)));
  const auto = service.autoscale;
  return [
    ...make([...at, 'workers'], 'number', (c) => countRange(c, fewest)),
    ...make([...at, 'instances'], 'number', (c) => (auto === undefined ? countRange(c, 1) : { min: auto.min, max: auto.max, step: 1, whole: true })),
    ...make([...at, 'autoscale', 'max'], 'number', (c) => ({ ...countRange(c, 1), min: Math.max(auto?.min ?? 1, instances) })),
    ...callTargets(raw.calls, [...at, 'calls']).flatMap((call) => {
      const policies = (s: Scenario) => s.services.find((x) => x.name === name)?.calls.filter((c) => c.to === call.to) ?? [];
      return policyKnobs(dataAt(data, call.path), call.path, make, budgeted(scenario, policies));
    }),
  ];
}

/**
 * Whether the policy (or policies) `of` picks has a retry budget in the file or in any variant:
 * a budget needs attempts of 2 or more, so their slider starts at 2.
 */
function budgeted(scenario: Scenario, of: (s: Scenario) => readonly CallPolicy[]): boolean {
  return [scenario, ...variantsOf(scenario).map((v) => v.scenario)].some((s) => of(s).some((p) => p.retry?.budget !== undefined));
}

/** A call's (or a feature's client's) timeout and attempts, where the file writes them. */
function policyKnobs(policy: unknown, at: Path, make: Maker, budget: boolean): Knob[] {
  if (!isMap(policy)) return [];
  return [
    ...make([...at, 'timeout'], 'duration', (c) => aroundRange('duration', c)),
    ...make([...at, 'retry', 'attempts'], 'number', (c) => attemptsRange(c, budget ? 2 : 1)),
  ];
}
