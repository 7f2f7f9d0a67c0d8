/**
 * A problem with how an experiment was asked for or with its inputs (unknown variant, bad sweep
 * spec, shards that do not belong together, a run stopped by a budget): the user can fix it,
 * so the CLI reports its message in one line with exit code 2.
 */
export class ExperimentError extends Error {
  override readonly name = 'ExperimentError';
}
