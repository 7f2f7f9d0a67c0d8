/**
 * The scenario front end: YAML text in, a normalised Scenario or located problems out.
 * Browser-safe: Node-only file reading lives in load-file.ts, imported directly by Node code,
 * so bundling this module for a Web Worker never pulls in `node:fs`.
 */
export type {
  AutoscaleSpec, BackoffSpec, BreakerSpec, CacheSpec, CallPolicy, CallSpec, DistSpec, FailoverSpec, FaultSpec, FeatureSpec,
  LoadSpec, MessagingSpec, Priority, Problem, RetryBudgetSpec, RetrySpec, Scenario, ServiceSpec, SheddingSpec,
} from './types.js';
export { parseScenario, type ParseOptions, type ParseResult } from './parse.js';
export { parseRateCsv, type CsvProblem, type CsvResult, type RatePoint } from './csv.js';
export type { FileReader } from './replay.js';
export { formatPath, formatProblem } from './format.js';
export { ScenarioSchema, scenarioJsonSchema } from './schema.js';
export { DEFAULTS } from './defaults.js';
export {
  attemptsOf, bulkheadOf, clientOf, costPerHourOf, disciplineOf, faultsOf, instancesOf, loadsOf, maxWaitOf, priorityOf,
  propagatesDeadlines, retentionOf, sheddingOf, stepOf, timeoutOf,
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
