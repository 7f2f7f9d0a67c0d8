/**
 * Plain-English names for the values a knob sets, made from its path and the file it is in:
 * `load.0.spike.factor` is "Spike: size (× normal load)", `faults.0.errors.duration` "Errors at
 * payments: length", `services.checkout.calls.0.timeout` "checkout → payments: timeout". Also
 * the heading a slider is grouped under, and whether its value is a multiplier (shown ×10).
 */
import { isMap } from './messages.js';

const LOAD_THINGS: Record<string, string> = { spike: 'Spike', step: 'Step', ramp: 'Ramp', daily: 'Daily curve', replay: 'Replay' };
const TIMES = '(× normal load)';
const LOAD_FIELDS: Record<string, string> = {
  factor: `size ${TIMES}`, duration: 'length', start: 'start', ramp: 'ramp time', rampUp: 'ramp-up time', rampDown: 'ramp-down time',
  from: `start level ${TIMES}`, to: `end level ${TIMES}`, min: `low ${TIMES}`, max: `peak ${TIMES}`, peakAt: 'time of the peak',
};
const FAULT_FIELDS: Record<string, string> = {
  duration: 'length', start: 'start', at: 'time', rate: 'share failing', factor: '× slower', add: 'added delay',
  lose: 'workers lost', share: 'share of instances lost',
};
const SERVICE_FIELDS: Record<string, string> = {
  workers: 'workers', instances: 'instances', queue: 'queue size', maxWait: 'longest wait', serviceTime: 'time per request',
  costPerHour: 'cost per hour', 'autoscale.max': 'most instances (autoscale)', 'autoscale.min': 'fewest instances (autoscale)',
  'autoscale.target': 'autoscale target',
};
const CALL_FIELDS: Record<string, string> = {
  timeout: 'timeout', 'retry.attempts': 'attempts (1: no retries)', 'retry.budget.ratio': 'retry budget', bulkhead: 'bulkhead',
  'breaker.sleep': 'breaker sleep', 'breaker.errorThreshold': 'breaker threshold', 'breaker.window': 'breaker window',
};
const SHEDDING_FIELDS: Record<string, string> = { above: 'sheds above', below: 'restores below', for: 'holds for' };

/** The plain value at a dotted path in the file's plain data (list items by number), or undefined. */
export function dataAt(data: unknown, param: string | readonly (string | number)[]): unknown {
  const steps = typeof param === 'string' ? param.split('.') : param;
  return steps.reduce<unknown>((v, step) => {
    if (Array.isArray(v)) return /^\d+$/.test(String(step)) ? v[Number(step)] : undefined;
    return isMap(v) && Object.hasOwn(v, step) ? v[step] : undefined;
  }, data);
}

/** The heading a knob's slider goes under: `Storm`, `Load` (features and their users), a service's name, or `Scenario`. */
export function groupOf(param: string): string {
  const [top, name] = param.split('.');
  if (top === 'load' || top === 'faults') return 'Storm';
  if (top === 'features') return 'Load';
  if (top === 'services' && name !== undefined) return name;
  if (top === 'shedding') return 'Dimmer';
  return 'Scenario';
}

/** True when the value is a rate multiplier or slowdown factor, shown as ×N. */
export function isTimes(param: string): boolean {
  const steps = param.split('.');
  if (steps[0] === 'load') return ['factor', 'from', 'to', 'min', 'max'].includes(steps[3]);
  return steps[0] === 'faults' && steps[2] === 'latency' && steps[3] === 'factor';
}

/** The knob's default label, from its path and the file's plain data (`data`, for names of services and counts). */
export function labelOf(param: string, data: unknown): string {
  const steps = param.split('.');
  const at = (path: readonly string[]) => dataAt(data, path);
  const [top, name] = steps;
  const rest = steps.slice(2).join('.');
  if (top === 'load' && steps.length === 4) {
    const count = (at(['load']) as unknown[] | undefined)?.length ?? 1;
    const thing = `${LOAD_THINGS[steps[2]] ?? words(steps[2])}${count > 1 ? ` ${Number(name) + 1}` : ''}`;
    return `${thing}: ${LOAD_FIELDS[steps[3]] ?? words(steps[3])}`;
  }
  if (top === 'faults' && steps.length === 4) return `${faultThing(steps[2], at(steps.slice(0, 3)))}: ${FAULT_FIELDS[steps[3]] ?? words(steps[3])}`;
  if (top === 'services' && name !== undefined) {
    const call = /^calls\.(\d+)(?:\.parallel\.(\d+))?\.(.+)$/.exec(rest);
    if (call === null) return `${name}: ${SERVICE_FIELDS[rest] ?? words(rest)}`;
    const to = calleeOf(at(steps.slice(0, call[2] === undefined ? 4 : 6)));
    return `${name} → ${to}: ${CALL_FIELDS[call[3]] ?? words(call[3])}`;
  }
  if (top === 'features' && name !== undefined) {
    if (rest === 'rate') return `${name}: arrivals`;
    return `${name}: client ${CALL_FIELDS[rest] ?? words(rest)}`;
  }
  if (top === 'shedding' && steps.length === 3) {
    const service = at(['shedding', name, 'service']);
    return `Dimmer on ${typeof service === 'string' ? service : Number(name) + 1}: ${SHEDDING_FIELDS[steps[2]] ?? words(steps[2])}`;
  }
  const plain = words(steps.join(' '));
  return plain.charAt(0).toUpperCase() + plain.slice(1);
}

function faultThing(kind: string, body: unknown): string {
  const service = isMap(body) && typeof body.service === 'string' ? body.service : '?';
  switch (kind) {
    case 'outage': return `Outage of ${service}`;
    case 'latency': return `Slowdown of ${service}`;
    case 'errors': return `Errors at ${service}`;
    case 'capacity': return `Capacity loss at ${service}`;
    case 'cacheFlush': return `Cache flush at ${service}`;
    case 'partition': {
      const end = (key: string) => (isMap(body) && typeof body[key] === 'string' ? body[key] : '?');
      return `Partition ${end('from')} → ${end('to')}`;
    }
    default: return words(kind);
  }
}

const calleeOf = (call: unknown) => (typeof call === 'string' ? call : isMap(call) && typeof call.to === 'string' ? call.to : '?');

/** `retry.budget.ratio` → `retry budget ratio`; `maxWait` → `max wait`; list numbers count from 1. */
function words(path: string): string {
  return path
    .split(/[.\s]+/)
    .map((step) => (/^\d+$/.test(step) ? String(Number(step) + 1) : step.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()))
    .join(' ');
}
