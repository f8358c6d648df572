// Loaded with `node --require` by the benchmark: records the process's peak RSS when it exits.
// CommonJS, so that loading it does not start libuv's thread pool before bin/clawdia.js sizes it.
"use strict";
const fs = require("node:fs");

process.on("exit", () => {
  if (process.env.BENCH_RSS_FILE) fs.writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
