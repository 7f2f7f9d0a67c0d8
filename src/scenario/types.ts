/**
 * The normalised scenario: what the model is built from. All times are in milliseconds,
 * all rates are per millisecond. The YAML front end (parse.ts, schema.ts) produces this;
 * nothing downstream ever sees units or raw YAML.
 */

/** A distribution of durations (ms), normalised from the YAML forms. */
export type DistSpec =
  | { kind: 'constant'; value: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'uniform'; min: number; max: number }
  /** Log-normal with log-mean `mu` and log-sd `sigma` (of the duration in ms). */
  | { kind: 'lognormal'; mu: number; sigma: number }
  /** Resampled uniformly from the given samples (ms). */
  | { kind: 'empirical'; samples: number[] };

/** One synchronous call a service makes after its own work. */
export interface CallSpec {
  to: string;
  /** Network delay added before the callee receives the request; none when absent. */
  latency?: DistSpec;
}

export interface ServiceSpec {
  name: string;
  workers: number;
  /** Waiting-room size; Infinity when unbounded, 0 rejects whenever all workers are busy. */
  queue: number;
  serviceTime: DistSpec;
  calls: CallSpec[];
}

export interface FeatureSpec {
  name: string;
  /** Poisson arrival rate, requests per millisecond. */
  ratePerMs: number;
  entry: string;
}

export interface Scenario {
  name: string;
  description?: string;
  durationMs: number;
  warmupMs: number;
  /** Seed from the file; the CLI's --seed overrides it. Default 1. */
  seed: number;
  features: FeatureSpec[];
  services: ServiceSpec[];
}

/** One problem with a scenario file, located in the source. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  /** Dotted path into the document, e.g. `services.api.workers` (empty for the whole file). */
  path: string;
  message: string;
  /** What was expected instead, e.g. `a duration like 250ms, 5s, 10m, 2h`. */
  expected?: string;
}
