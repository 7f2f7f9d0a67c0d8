/** The text of `brownout --help`. */
export const HELP = `brownout — see what breaks first when load spikes or a dependency fails

Usage:
  brownout run FILE [--variant NAME] [--seed N] [--json|--csv] [--out FILE] [--max-events N] [--max-wall SECONDS]
  brownout run FILE --runs N [--variant NAME] [--seed N] [--threads N] [--shard K/N] [--json|--csv|--all] [--out FILE]
  brownout compare FILE [--variants a,b] [--runs N] [--seed N] [--threads N] [--shard K/N] [--json|--csv|--all] [--out FILE]
  brownout sweep FILE --param PATH=FROM..TO[:STEPS] [--runs N] [--seed N] [--threads N] [--shard K/N] [--json|--csv|--all] [--out FILE]
  brownout brief FILE [--out brief.md] [--runs N] [--variants a,b] [--seed N] [--threads N]
  brownout merge SHARD.json... [--json|--csv] [--out FILE] [--threads N]
  brownout validate FILE
  brownout --help | --version

Commands:
  run        Simulate the scenario in FILE (or one of its variants) and print a results table:
             features, services and calls, then what users got (succeeded, degraded, stale, failed,
             gave up, refused), value lost, tickets, churn, SLO budgets, what breaks first with its
             cause path, blast radius and the impact grid. With --runs N: N replications (seeds S,
             S+1, ..., S being --seed or the file's seed) and each metric's mean with its 95%
             confidence interval.
  compare    Run the base scenario and its variants (default: all the file declares) on the same
             seeds, and show each metric per arm with the paired difference variant − base and its
             95% interval. Default 5 runs.
  sweep      Run the scenario at STEPS values of one setting (default 5, evenly spaced, in the
             field's units: 2..20, 30s..5m, 10/s..100/s, 50%..90%), tabulate the metrics, and find by
             bisection where each core feature first goes out of its SLO. Default 3 runs per value.
  brief      Write the Reliability Impact Brief (Markdown): features and dependencies, failure modes
             and blast radius, what breaks first and why, the impact grid, and the variants compared
             over --runs replications (default 5) with the one that protects value best.
  merge      Combine the shard files of one experiment into the result one machine would give.
  validate   Check FILE and list every problem with file:line:col; prints nothing else.

Options:
  --seed N           Random seed (a whole number); overrides the file's seed. Replication i uses seed N+i.
  --json             Print exactly one JSON document on stdout instead of the table.
  --csv              Print CSV instead of the table: the metrics table, or for a single run its time
                     series (one row per bucket, one column per series).
  --out FILE         Also write the JSON result to FILE (with --shard: the shard file, else on stdout).
  --runs N           Replications (each arm, each swept value).
  --threads N        Worker threads for replications (default: the machine's cores). Same output for any N.
  --shard K/N        Run only shard K of N of the work (items i with i mod N = K-1) and write a shard
                     file; "brownout merge" combines all N into exactly the unsharded result.
  --variants a,b     The variants to compare, by name.
  --variant NAME     run: run this declared variant instead of the base scenario.
  --all              Tables of replications, comparisons and sweeps show every metric (default: the
                     headline ones that are not 0).
  --param SPEC       The sweep: PATH=FROM..TO[:STEPS], e.g. services.api.workers=2..20:10.
  --max-events N     Stop a runaway run after N events (default 2000000000).
  --max-wall SECONDS Stop a runaway run after this much wall-clock time (default 600).
  -h, --help         Show this help.
  -v, --version      Show the version.

Exit status: 0 success, 2 invalid scenario or usage (or a run stopped by a budget), 1 internal error.
Times in the JSON are in milliseconds. Progress ("12/40 runs") goes to stderr when it is a terminal.
`;
