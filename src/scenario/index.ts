export type { CallSpec, DistSpec, FeatureSpec, Problem, Scenario, ServiceSpec } from './types.js';
export { parseScenario, type ParseResult } from './parse.js';
export { formatPath, formatProblem } from './format.js';
export { loadScenarioFile } from './load-file.js';
export { ScenarioSchema, scenarioJsonSchema } from './schema.js';
export {
  DURATION_EXPECTED,
  RATE_EXPECTED,
  describeValue,
  formatDuration,
  parseDuration,
  parseRate,
  type Parsed,
} from './units.js';
