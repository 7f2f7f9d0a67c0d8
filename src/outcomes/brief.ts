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
import { possessive } from './possessive.js';
import { priced, type Priced } from './priced.js';
import { STATES, type BreakKind, type GridCell, type Outcomes } from './types.js';

/** A variant's metrics averaged over replications: mean and 95% interval. */
export interface ComparedVariant {
  name: string;
  description?: string;
  metrics: Record<string, { mean: number; low: number; high: number }>;
  /**
   * Paired differences from the base (variant − base, seed by seed) with their intervals, for
   * judging the verdict; `total.users.bad` is failed + gave up + refused.
   */
  differences?: Record<string, { mean: number; low: number; high: number }>;
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
  const t = o.totals, cur = o.currency, first = o.breaks[0], has = priced(scenario);
  const measured = duration(Math.max(0, o.endMs - o.warmupMs));
  const opening = first !== undefined ? `the first thing to break: ${first.path.text}.` : 'nothing crossed its limits.';
  const lostShare = t.value.potential > 0 ? ` (${percent(t.value.lost / t.value.potential)} of ${money(t.value.potential, cur)})` : '';
  const bad = t.users.failed + t.users.abandoned + t.users.refused, worse = t.users.degraded + t.users.stale;
  const users = bad + worse === 0 ? `all ${figure(t.users.ended)} user intents were served in full`
    : `${figure(bad)} of ${figure(t.users.ended)} user intents failed, gave up or were refused`
      + `${worse > 0 ? `, and ${figure(worse)} got a degraded or stale answer` : ''}`;
  const business = [
    has.tickets ? `about ${figure(t.tickets)} support ticket${t.tickets === 1 ? '' : 's'}` : '',
    has.churn ? `${figure(t.churn.users)} users lost for good${has.churnValue ? ` (${money(t.churn.value, cur)})` : ''}` : '',
  ].filter((x) => x !== '');
  return [
    scenario.description?.trim() ?? '',
    `Over ${measured} of simulated time, ${opening}`,
    felt(o),
    has.value ? `Users lost ${money(t.value.lost, cur)} of value${lostShare}: ${users}.` : `${users[0].toUpperCase()}${users.slice(1)}.`,
    business.length > 0 ? `That brings ${business.join(' and ')}.` : '',
    has.cost ? `The infrastructure cost ${money(t.cost, cur)}.` : '',
    unpriced(has),
  ].filter((s) => s !== '').join(' ');
}

/** One line on what the file would need to show what it leaves out, or nothing. */
function unpriced(has: Priced): string {
  const add = [
    has.value ? '' : '`value:` to features to see revenue', has.tickets ? '' : '`tickets:` to see support load',
    has.churn ? '' : '`churn:` to see users lost for good', has.cost ? '' : '`costPerHour:` to services to see infrastructure cost',
  ].filter((x) => x !== '');
  if (add.length === 0) return '';
  const list = add.length === 1 ? add[0] : `${add.slice(0, -1).join(', ')} and ${add[add.length - 1]}`;
  return `(Add ${list}.)`;
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
  const reach = graph(scenario).reach, has = priced(scenario);
  const rows = scenario.features.map((f) => {
    const slo = sloOf(f);
    const objective = slo === null ? 'none' : `${percent(slo.success, 2)}${within(slo.withinMs)}`;
    const value = f.value === undefined ? 'not set' : money(f.value.success, o.currency);
    const calls = (reach[f.name] ?? [f.entry]).join(' → ');
    return `| ${f.name} | ${priorityOf(f)} | ${rate(f.ratePerMs)} | ${calls} | ${has.value ? `${value} | ` : ''}${objective} |`;
  });
  const head = has.value
    ? ['| Feature | Priority | Rate | Calls (entry first) | Value per success | SLO |', '|---|---|---|---|---|---|']
    : ['| Feature | Priority | Rate | Calls (entry first) | SLO |', '|---|---|---|---|---|'];
  return ['## Features and dependencies', '', ...head, ...rows].join('\n');
}

function failureModes({ scenario, outcomes: o }: BriefInput): string {
  const has = priced(scenario);
  if (o.blast.length === 0) return '## Failure modes and blast radius\n\nThe scenario has no faults and no load storms.';
  const lines = o.blast.map((b) => {
    const when = lasted(b, o);
    if (b.features.length === 0) return `- **${b.name}** (${when}): reached no feature${b.kind === 'load' ? ' beyond its normal level' : ''}.`;
    const hit = b.features.map((f) => `${f.feature} (${figure(f.users)} users${has.value ? `, ${money(f.value, o.currency)}` : ''})`).join(', ');
    return `- **${b.name}** (${when}): reached ${hit}.`;
  });
  return ['## Failure modes and blast radius', '', ...lines].join('\n');
}

/** When a storm acted and how long its aftermath lasted: `05:00 to 07:00, back to normal 1m 30s later`. */
function lasted(b: Outcomes['blast'][number], o: Outcomes): string {
  const spans = o.states.recoveries.filter((r) => r.kind === b.kind && r.ref === b.ref);
  if (spans.length === 0) return `judged ${clock(b.window[0])} to ${clock(b.window[1])}`;
  const first = spans[0], last = spans[spans.length - 1];
  const when = first.span[1] > first.span[0] || spans.length > 1 ? `${clock(first.span[0])} to ${clock(last.span[1])}` : `at ${clock(first.span[0])}`;
  const after = last.recoveredAt - last.span[1];
  if (last.recoveredAt >= o.endMs && last.span[1] < o.endMs) return `${when}, not back to normal by the end of the run`;
  return after > 0 ? `${when}, back to normal ${duration(after)} later` : when;
}

/** A break's subject for people: edges as `checkout → payments`, a feature's users as `pay's users → api`. */
function subjectOf(subject: string, scenario: Scenario): string {
  const [from, to] = subject.split('->');
  if (to === undefined) return subject;
  return from === 'user' ? `${possessive(to)} users → ${scenario.features.find((f) => f.name === to)?.entry ?? to}` : `${from} → ${to}`;
}

function whatBreaksFirst({ scenario, outcomes: o }: BriefInput): string {
  if (o.breaks.length === 0) return '## What breaks first\n\nNothing crossed its limits in this run.';
  const lines = o.breaks.slice(0, MAX_BREAKS).flatMap((b, i) => {
    // The first step restates the break itself; the reasons follow it.
    const reasons = because(b.path.steps.slice(1), ', ');
    const head = `${i + 1}. ${clock(b.t)} **${subjectOf(b.subject, scenario)}** ${KIND_LABELS[b.kind]}: ${b.detail}.`;
    return reasons === '' ? [head] : [head, `   Why: ${reasons}.`];
  });
  const more = o.breaks.length > MAX_BREAKS ? [``, `${o.breaks.length - MAX_BREAKS} later crossings are left out.`] : [];
  return ['## What breaks first', '', 'Times are mm:ss (or h:mm:ss) from the start of the run.', '', ...lines, ...more].join('\n');
}

function impactGrid({ scenario, outcomes: o }: BriefInput): string {
  const has = priced(scenario), cur = o.currency;
  const time = STATES.filter((s) => o.grid.time[s].ms > 0).map((s) => `${s} ${percent(o.grid.time[s].share, 0)} (${duration(o.grid.time[s].ms)})`);
  // Columns the scenario prices; the rest would be zeros that mean "not modelled".
  const columns: [string, (c: GridCell) => string][] = [
    ['Users', (c) => figure(c.users)], ['Failed, gave up or refused', (c) => figure(c.bad.failed + c.bad.abandoned + c.bad.refused)],
    ['Degraded or stale', (c) => figure(c.bad.degraded + c.bad.stale)],
    ...(has.value ? [['Revenue lost', (c: GridCell) => money(c.revenueLost, cur)] as [string, (c: GridCell) => string]] : []),
    ...(has.churn ? [['Users lost', (c: GridCell) => `${figure(c.churnUsers)}${has.churnValue ? ` (${money(c.churnValue, cur)})` : ''}`] as [string, (c: GridCell) => string]] : []),
    ...(has.tickets ? [['Tickets', (c: GridCell) => figure(c.tickets)] as [string, (c: GridCell) => string]] : []),
  ];
  const rows: string[] = [];
  for (const [name, row] of Object.entries(o.grid.features)) {
    for (const s of STATES) {
      if (o.grid.time[s].ms === 0 && row[s].users === 0) continue;
      rows.push(`| ${[name, s, ...columns.map(([, cell]) => cell(row[s]))].join(' | ')} |`);
    }
  }
  return [
    '## Impact grid', '', `Time in each state: ${time.join(', ')}. ${AFTERMATH}`, '',
    `| Feature | State | ${columns.map(([label]) => label).join(' | ')} |`, `|---|---|${columns.map(() => '---').join('|')}|`, ...rows,
  ].join('\n');
}

/** How the states are judged, in a sentence under the grid. */
const AFTERMATH = 'A fault\'s aftermath, until the features are back near their usual failure rate, counts as degraded; a load storm\'s as peak.';

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

type Column = readonly [key: string, label: string, isMoney: boolean];

/** The columns the scenario can fill: money only where it prices it, and the loss the verdict ranks by. */
function columns(p: Priced): Column[] {
  const loss: Column[] = p.value || p.churnValue ? [['total.loss', p.churnValue ? 'Loss: value + churn' : 'Value lost', true]] : [];
  return [
    ...loss, ['total.users.failed', 'Users failed', false], ['total.users.abandoned', 'Users gave up', false],
    ['total.users.refused', 'Users refused', false],
    ...(p.tickets ? [['total.tickets', 'Tickets', false] as const] : []), ...(p.cost ? [['total.cost', 'Cost', true] as const] : []),
    ['worst.slo.budgetBurned', 'Budget burned (worst)', false],
  ];
}

function variants({ scenario, outcomes: o, comparison, runs }: BriefInput): string {
  if (comparison === undefined || comparison.length === 0) return '';
  const cols = columns(priced(scenario));
  const unit = (isMoney: boolean) => (isMoney && o.currency !== 'value' ? ` (${o.currency})` : '');
  const cell = (v: ComparedVariant, key: string, isMoney: boolean) => {
    const m = v.metrics[key];
    if (m === undefined) return 'n/a';
    const f = (x: number) => (key === 'worst.slo.budgetBurned' ? percent(x) : figure(x, isMoney && Math.abs(x) >= 100 ? 0 : isMoney ? 2 : 1));
    return Number.isFinite(m.low) ? `${f(m.mean)} (${f(m.low)} to ${f(m.high)})` : f(m.mean);
  };
  const head = `| Variant | ${cols.map(([, label, isMoney]) => `${label}${unit(isMoney)}`).join(' | ')} |`;
  const rows = comparison.map((v) => {
    const name = `${v.name}${v.description !== undefined ? `: ${v.description}` : ''}`;
    return `| ${name} | ${cols.map(([key, , isMoney]) => cell(v, key, isMoney)).join(' | ')} |`;
  });
  const n = runs ?? 0, p = priced(scenario);
  const over = runs !== undefined ? `Over ${figure(n)} run${n === 1 ? '' : 's'} each, on the same seeds: mean (95% interval).` : 'Mean (95% interval).';
  return ['## Variants', '', over, '', head, `|---|${cols.map(() => '---').join('|')}|`, ...rows, '', verdict(comparison, o.currency, p.value || p.churnValue)].join('\n');
}

/**
 * The sentence naming the variant that protects value best (least value lost, churn included),
 * and its cost; when the scenario prices nothing (`priced`), the one that leaves the fewest users
 * failed, gone or refused.
 * Whether the lead is sure comes from the paired difference (common random numbers), when given.
 */
function verdict(comparison: ComparedVariant[], currency: string, priced: boolean): string {
  const key = priced ? 'total.loss' : 'total.users.bad';
  const score = (v: ComparedVariant): number | undefined => (priced ? v.metrics['total.loss']?.mean : badUsers(v));
  const scored = comparison.filter((v) => score(v) !== undefined);
  if (scored.length === 0) return 'The comparison has no figures to rank the variants by.';
  const base = comparison[0], best = scored.reduce((a, b) => (score(b)! < score(a)! ? b : a));
  const what = priced ? 'protects value best' : 'leaves the fewest users failed, gone or refused';
  if (best === base || score(base) === undefined) return `${best.name} ${what}: no variant does better.`;
  const saved = score(base)! - score(best)!;
  const cost = (v: ComparedVariant) => v.metrics['total.cost']?.mean;
  const extra = cost(best) !== undefined && cost(base) !== undefined ? (cost(best) as number) - (cost(base) as number) : undefined;
  const costText = extra === undefined || extra === 0 ? ''
    : extra > 0 ? `, for ${money(extra, currency)} more infrastructure cost` : `, and costs ${money(-extra, currency)} less to run`;
  const diff = best.differences?.[key];
  const sure = diff === undefined ? '' : diff.high < 0 ? ' The paired difference is clear of 0 at 95%.'
    : ' Its paired difference from the base is not clear of 0 at 95%: more runs would make this surer.';
  const lead = priced ? `it loses ${money(saved, currency)} less than ${base.name} on average (value lost plus churn)`
    : `${figure(saved, 1)} fewer users on average than ${base.name}`;
  return `${best.name} ${what}: ${lead}${costText}.${sure}`;
}

/** Users failed, gone or refused in a variant's mean (undefined when the comparison lacks them). */
function badUsers(v: ComparedVariant): number | undefined {
  const parts = ['total.users.failed', 'total.users.abandoned', 'total.users.refused'].map((k) => v.metrics[k]?.mean);
  return parts.every((x) => x === undefined) ? undefined : parts.reduce((a: number, x) => a + (x ?? 0), 0);
}
