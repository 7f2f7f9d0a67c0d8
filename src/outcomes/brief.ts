/**
 * The Reliability Impact Brief: one page of Markdown a PM can paste into a design review. It
 * says what breaks first and what it costs, then backs it up: features and their dependencies,
 * failure modes and their blast radius, the breaks with their causes, the Impact Grid, SLO
 * budgets and, when variants were compared, which choice protects value best and at what cost.
 * Every figure comes from the outcomes or the comparison given; nothing is estimated here.
 */
import { priorityOf, sloOf } from '../scenario/resolve.js';
import type { Scenario } from '../scenario/types.js';
import { formatDuration } from '../scenario/units.js';
import { because } from './because.js';
import { clock } from './clock.js';
import { duration } from './duration.js';
import { figure } from './figure.js';
import { graph } from './graph.js';
import { money } from './money.js';
import { percent } from './percent.js';
import { STATES, type BreakKind, type Outcomes } from './types.js';

/** A variant's metrics averaged over replications: mean and 95% interval. */
export interface ComparedVariant {
  name: string;
  description?: string;
  metrics: Record<string, { mean: number; low: number; high: number }>;
}

export interface BriefInput {
  scenario: Scenario;
  /** One run's outcomes (summarize), shown in detail. */
  outcomes: Outcomes;
  /** Variants compared over replications; the first is the base, named 'base'. */
  comparison?: ComparedVariant[];
  /** Replications behind the comparison. */
  runs?: number;
}

const KIND_LABELS: Record<BreakKind, string> = {
  saturation: 'saturation', 'queue-growing': 'queue growing', rejections: 'rejections', errors: 'errors', timeouts: 'timeouts',
  'breaker-open': 'breaker open', shedding: 'shedding', 'autoscale-max': 'autoscale at max', abandonment: 'abandonment', slo: 'SLO missed',
};

/** Most breaks listed: the first few tell the story, the rest is in the app. */
const MAX_BREAKS = 6;

/** The brief as Markdown (ends with a newline). Never throws on outcomes of the scenario given. */
export function brief(input: BriefInput): string {
  const sections = [
    `# Reliability Impact Brief: ${input.scenario.name}`, summary(input), features(input), failureModes(input),
    whatBreaksFirst(input), impactGrid(input), slos(input), variants(input),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

function summary({ scenario, outcomes: o }: BriefInput): string {
  const t = o.totals, cur = o.currency, first = o.breaks[0];
  const measured = duration(Math.max(0, o.endMs - o.warmupMs));
  const opening = first !== undefined ? `the first thing to break: ${first.path.text}.` : 'nothing crossed its limits.';
  const lostShare = t.value.potential > 0 ? ` (${percent(t.value.lost / t.value.potential)} of ${money(t.value.potential, cur)})` : '';
  const bad = t.users.failed + t.users.abandoned + t.users.refused, worse = t.users.degraded + t.users.stale;
  return [
    scenario.description?.trim() ?? '',
    `Over ${measured} of simulated time, ${opening}`,
    felt(o),
    `Users lost ${money(t.value.lost, cur)} of value${lostShare}: ${figure(bad)} of ${figure(t.users.ended)} user intents`
      + ` failed, gave up or were refused${worse > 0 ? `, and ${figure(worse)} got a degraded or stale answer` : ''}.`,
    `That brings about ${figure(t.tickets)} support tickets and ${figure(t.churn.users)} users lost for good`
      + ` (${money(t.churn.value, cur)}); the infrastructure cost ${money(t.cost, cur)}.`,
  ].filter((s) => s !== '').join(' ');
}

/** When users first feel it: the first feature break, if it is not the first break of all. */
function felt(o: Outcomes): string {
  const b = o.breaks.find((x) => x.kind === 'slo' || x.kind === 'abandonment');
  if (b === undefined || b === o.breaks[0]) return '';
  const cause = b.path.steps.find((s) => s.kind === 'cause');
  return `Users first feel it when ${b.path.steps[0].text}${cause !== undefined ? `, as ${cause.text}` : ''}.`;
}

/** ` within 1s` for a latency target; nothing for availability only. */
const within = (ms: number | null) => (ms !== null && Number.isFinite(ms) ? ` within ${formatDuration(ms)}` : '');

function rate(perMs: number): string {
  return perMs * 1000 >= 1 ? `${figure(perMs * 1000, 2)}/s` : `${figure(perMs * 60_000, 2)}/min`;
}

function features({ scenario, outcomes: o }: BriefInput): string {
  const reach = graph(scenario).reach;
  const rows = scenario.features.map((f) => {
    const slo = sloOf(f);
    const objective = slo === null ? 'none' : `${percent(slo.success, 2)}${within(slo.withinMs)}`;
    const value = f.value === undefined ? 'not set' : money(f.value.success, o.currency);
    const calls = (reach[f.name] ?? [f.entry]).join(' → ');
    return `| ${f.name} | ${priorityOf(f)} | ${rate(f.ratePerMs)} | ${calls} | ${value} | ${objective} |`;
  });
  const head = ['| Feature | Priority | Rate | Calls (entry first) | Value per success | SLO |', '|---|---|---|---|---|---|'];
  return ['## Features and dependencies', '', ...head, ...rows].join('\n');
}

function failureModes({ outcomes: o }: BriefInput): string {
  if (o.blast.length === 0) return '## Failure modes and blast radius\n\nThe scenario has no faults and no load storms.';
  const lines = o.blast.map((b) => {
    const when = `${clock(b.window[0])} to ${clock(b.window[1])}`;
    if (b.features.length === 0) return `- **${b.name}** (judged ${when}): reached no feature${b.kind === 'load' ? ' beyond its normal level' : ''}.`;
    const hit = b.features.map((f) => `${f.feature} (${figure(f.users)} users, ${money(f.value, o.currency)})`).join(', ');
    return `- **${b.name}** (judged ${when}): reached ${hit}.`;
  });
  return ['## Failure modes and blast radius', '', ...lines].join('\n');
}

function whatBreaksFirst({ outcomes: o }: BriefInput): string {
  if (o.breaks.length === 0) return '## What breaks first\n\nNothing crossed its limits in this run.';
  const lines = o.breaks.slice(0, MAX_BREAKS).flatMap((b, i) => {
    // The first step restates the break itself; the reasons follow it.
    const reasons = because(b.path.steps.slice(1), ', ');
    const head = `${i + 1}. ${clock(b.t)} **${b.subject}** ${KIND_LABELS[b.kind]}: ${b.detail}.`;
    return reasons === '' ? [head] : [head, `   Why: ${reasons}.`];
  });
  const more = o.breaks.length > MAX_BREAKS ? [``, `${o.breaks.length - MAX_BREAKS} later crossings are left out.`] : [];
  return ['## What breaks first', '', ...lines, ...more].join('\n');
}

function impactGrid({ outcomes: o }: BriefInput): string {
  const time = STATES.filter((s) => o.grid.time[s].ms > 0).map((s) => `${s} ${percent(o.grid.time[s].share, 0)} (${duration(o.grid.time[s].ms)})`);
  const rows: string[] = [];
  for (const [name, row] of Object.entries(o.grid.features)) {
    for (const s of STATES) {
      const c = row[s];
      if (o.grid.time[s].ms === 0 && c.users === 0) continue;
      const bad = c.bad.failed + c.bad.abandoned + c.bad.refused;
      const cells = [
        name, s, figure(c.users), figure(bad), figure(c.bad.degraded + c.bad.stale), money(c.revenueLost, o.currency),
        `${figure(c.churnUsers)} (${money(c.churnValue, o.currency)})`, figure(c.tickets),
      ];
      rows.push(`| ${cells.join(' | ')} |`);
    }
  }
  return [
    '## Impact grid', '', `Time in each state: ${time.join(', ')}.`, '',
    '| Feature | State | Users | Failed, gave up or refused | Degraded or stale | Revenue lost | Users lost (value) | Tickets |',
    '|---|---|---|---|---|---|---|---|', ...rows,
  ].join('\n');
}

function slos({ outcomes: o }: BriefInput): string {
  const rows = Object.entries(o.features).flatMap(([name, f]) => {
    const s = f.slo;
    if (s === null) return [];
    const objective = `${percent(s.target, 2)}${within(s.withinMs)}`;
    const burned = s.budgetBurned === null ? 'no budget' : percent(s.budgetBurned);
    const left = s.leftAt === null ? 'never' : clock(s.leftAt);
    const good = s.events > 0 ? percent(s.good / s.events, 2) : 'no requests';
    return [`| ${name} | ${objective} | ${good} | ${burned} | ${duration(s.outOfSloMs)} | ${left} |`];
  });
  if (rows.length === 0) return '';
  return [
    '## SLO and error budget', '', 'Budget burned is the share of a 30-day error budget (at the base rate) this run used.', '',
    '| Feature | Objective | Good | Budget burned | Time out of SLO | Left SLO at |', '|---|---|---|---|---|---|', ...rows,
  ].join('\n');
}

const COLUMNS = [
  ['total.value.lost', 'Value lost', true], ['total.users.failed', 'Users failed', false], ['total.users.abandoned', 'Users gave up', false],
  ['total.tickets', 'Tickets', false], ['total.cost', 'Cost', true], ['worst.slo.budgetBurned', 'Budget burned (worst)', false],
] as const;

function variants({ outcomes: o, comparison, runs }: BriefInput): string {
  if (comparison === undefined || comparison.length === 0) return '';
  const cell = (v: ComparedVariant, key: string, isMoney: boolean) => {
    const m = v.metrics[key];
    if (m === undefined) return 'n/a';
    const f = (x: number) => (key === 'worst.slo.budgetBurned' ? percent(x) : figure(x, isMoney && Math.abs(x) >= 100 ? 0 : isMoney ? 2 : 1));
    return `${f(m.mean)} (${f(m.low)} to ${f(m.high)})`;
  };
  const head = `| Variant | ${COLUMNS.map(([, label, isMoney]) => (isMoney ? `${label} (${o.currency})` : label)).join(' | ')} |`;
  const rows = comparison.map((v) => {
    const name = `${v.name}${v.description !== undefined ? `: ${v.description}` : ''}`;
    return `| ${name} | ${COLUMNS.map(([key, , isMoney]) => cell(v, key, isMoney)).join(' | ')} |`;
  });
  const over = runs !== undefined ? `Over ${figure(runs)} runs each, on the same seeds: mean (95% interval).` : 'Mean (95% interval).';
  return ['## Variants', '', over, '', head, `|---|${COLUMNS.map(() => '---').join('|')}|`, ...rows, '', verdict(comparison, o.currency)].join('\n');
}

/** The sentence naming the variant that protects value best (least value lost, churn included), and its cost. */
function verdict(comparison: ComparedVariant[], currency: string): string {
  const loss = (v: ComparedVariant) => v.metrics['total.loss'] ?? v.metrics['total.value.lost'];
  const scored = comparison.filter((v) => loss(v) !== undefined);
  if (scored.length === 0) return 'The comparison has no value figures to rank the variants by.';
  const base = comparison[0], best = scored.reduce((a, b) => (loss(b).mean < loss(a).mean ? b : a));
  if (best === base || loss(base) === undefined) return `${best.name} protects value best: no variant loses less than it.`;
  const saved = loss(base).mean - loss(best).mean;
  const cost = (v: ComparedVariant) => v.metrics['total.cost']?.mean;
  const extra = cost(best) !== undefined && cost(base) !== undefined ? (cost(best) as number) - (cost(base) as number) : undefined;
  const costText = extra === undefined ? ''
    : extra > 0 ? `, for ${money(extra, currency)} more infrastructure cost`
    : extra < 0 ? `, and costs ${money(-extra, currency)} less to run` : ', at the same infrastructure cost';
  const noise = loss(best).high >= loss(base).low ? ' The 95% intervals overlap: more runs would make this surer.' : '';
  const loses = `it loses ${money(saved, currency)} less than ${base.name} on average (value lost plus churn)`;
  return `${best.name} protects value best: ${loses}${costText}.${noise}`;
}
