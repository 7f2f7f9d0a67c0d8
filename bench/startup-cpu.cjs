// Preloaded (`node -r bench/startup-cpu.cjs …`) by bench/startup.js: when the process exits it
// writes its own CPU time since start (user + system, ms) as the last line of stderr. A child's
// CPU time is steadier than its wall time on a machine shared with other work.
'use strict';
const { writeSync } = require('node:fs');

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeSync(2, `\nstartup-cpu-ms ${((user + system) / 1000).toFixed(3)}\n`);
});
