/**
 * The scenario front end: YAML text in, a normalised Scenario or located problems out.
 * Browser-safe: Node-only file reading lives in load-file.ts, imported directly by Node code,
 * so bundling this module for a Web Worker never pulls in `node:fs`.
 */
export type {
  AutoscaleSpec, BackoffSpec, BreakerSpec, BreaksSpec, CacheSpec, CallPolicy, CallSpec, ChurnSpec, ConversionPoint, DistSpec,
  FailoverSpec, FaultSpec, FeatureSpec, LoadSpec, MessagingSpec, OutcomeOdds, Priority, Problem, RetryBudgetSpec, RetrySpec,
  Scenario, ServiceSpec, SheddingSpec, SloSpec, TicketsSpec, UserRetrySpec, UsersSpec, ValueSpec, VariantSpec, KnobSpec, StoryStep,
} from './types.js';
export { parseScenario, type ParseOptions, type ParseResult } from './parse.js';
export { mergePatch } from './merge-patch.js';
export { applyParams, readParam, setParam, type ApplyOptions } from './param.js';
export { knobsOf, showKnob, writeKnob, type Knob } from './knobs.js';
export { parseRateCsv, type CsvProblem, type CsvResult, type RatePoint } from './csv.js';
export type { FileReader } from './replay.js';
export { formatPath, formatProblem } from './format.js';
export { ScenarioSchema, scenarioJsonSchema } from './schema.js';
export { DEFAULTS } from './defaults.js';
export {
  attemptsOf, breaksOf, bulkheadOf, clientOf, conversionAt, costPerHourOf, currencyOf, disciplineOf, faultsOf, hasSessions,
  instancesOf, lateOf, lifetimeValueOf, loadsOf, maxWaitOf, oddsOf, priorityOf, propagatesDeadlines, retentionOf, sheddingOf,
  sloOf, stepOf, storyOf, timeoutOf, userRetriesOf, valueOf, variantsOf,
} from './resolve.js';
export {
  DURATION_EXPECTED,
  RATE_EXPECTED,
  describeValue,
  formatDuration,
  parseDuration,
  parseRate,
  parseShare,
  type Parsed,
} from './units.js';
