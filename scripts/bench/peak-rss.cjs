// Preloaded into a benchmarked Node process (node -r): reports its peak resident set size on exit.
process.on('exit', () => {
  process.stderr.write(`\npeakRssKiB=${process.resourceUsage().maxRSS}\n`);
});
