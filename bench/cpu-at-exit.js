// Preloaded (node --import) into the CLI processes the bench spawns: at exit, on stderr, the
// process's CPU time (user + system, all its threads, finished worker threads included) and the
// CPU time of its busiest thread still running (Linux /proc, else NaN; worker threads are
// stopped by then, the main thread is not), both in ms. From them the bench estimates what the
// wall time would be on idle cores.
import { readdirSync, readFileSync, writeSync } from 'node:fs';

/** CPU ms of each live thread of this process, or [] where /proc is not there. */
function threadsCpuMs() {
  try {
    return readdirSync('/proc/self/task').map((task) => {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 1/100 s
    });
  } catch {
    return [];
  }
}

process.on('exit', () => {
  const { user, system } = process.cpuUsage(), total = (user + system) / 1000;
  const live = threadsCpuMs(), busiest = live.length > 0 ? Math.max(...live) : NaN;
  writeSync(2, `\nbrownout-bench-cpu-ms ${Math.round(total)} ${Math.round(busiest)}\n`);
});
