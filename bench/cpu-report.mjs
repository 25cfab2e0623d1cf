// Loaded with `node --import` before a command the tiering bench measures: prints the process's CPU time (user +
// system, in ms) as the last line of stderr when it exits, which no other way gives for a child process in Node.
process.on('exit', () => {
  const u = process.cpuUsage();
  process.stderr.write(`\ncpu-ms ${((u.user + u.system) / 1000).toFixed(1)}\n`);
});
