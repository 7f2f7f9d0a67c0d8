/** The text of `brownout --help`. */
export const HELP = `brownout — see what breaks first when load spikes or a dependency fails

Usage:
  brownout run FILE [--seed N] [--json] [--out FILE] [--max-events N] [--max-wall SECONDS]
  brownout validate FILE
  brownout --help | --version

Commands:
  run        Simulate the scenario in FILE and print a results table.
  validate   Check FILE and list every problem with file:line:col; prints nothing else.

Options:
  --seed N           Random seed (a whole number); overrides the file's seed.
  --json             Print exactly one JSON document on stdout instead of the table.
  --out FILE         Also write the JSON result to FILE.
  --max-events N     Stop a runaway run after N events (default 2000000000).
  --max-wall SECONDS Stop a runaway run after this much wall-clock time (default 600).
  -h, --help         Show this help.
  -v, --version      Show the version.

Exit status: 0 success, 2 invalid scenario or usage (or a run stopped by a budget), 1 internal error.
Times in the JSON are in milliseconds.
`;
