/**
 * The scenario front end: YAML text in, a normalised Scenario or located problems out.
 * Browser-safe: Node-only file reading lives in load-file.ts, imported directly by Node code,
 * so bundling this module for a Web Worker never pulls in `node:fs`.
 */
export type { CallSpec, DistSpec, FeatureSpec, Problem, Scenario, ServiceSpec } from './types.js';
export { parseScenario, type ParseResult } from './parse.js';
export { formatPath, formatProblem } from './format.js';
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
