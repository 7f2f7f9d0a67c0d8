/** The metrics and the SLO judgement of the CLI's experiments (its worker threads import this module too). */
export { runMetrics as metricsOf } from '../outcomes/run-metrics.js';
export { sloBroken } from '../outcomes/slo-broken.js';
