// Loaded with `node --require` by test/e2e/bundle/cli.test.ts: records how many bytes the process
// read (Linux: /proc/self/io `rchar`, page cache included) when it exits.
"use strict";
const fs = require("node:fs");

process.on("exit", () => {
  if (process.env.READ_BYTES_FILE)
    fs.writeFileSync(process.env.READ_BYTES_FILE, /rchar: (\d+)/.exec(fs.readFileSync("/proc/self/io", "utf8"))[1]);
});
