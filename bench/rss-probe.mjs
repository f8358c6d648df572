// Loaded with `node --import` by the benchmark: records the process's peak RSS when it exits.
import fs from "node:fs";

process.on("exit", () => {
  if (process.env.BENCH_RSS_FILE) fs.writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
