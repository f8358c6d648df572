#!/usr/bin/env node
// The installed command: hands over to the bundled CLI and exits with its code.
// CommonJS on purpose (bin/package.json says so; the name stays, since installed monitor units and
// npx's cache point at it): it must size libuv's thread pool, which runs the transaction's fsyncs in
// parallel, before anything starts the pool (loading an ES module does), and only the pool's own
// start reads UV_THREADPOOL_SIZE.
"use strict";

const userSize = process.env.UV_THREADPOOL_SIZE;
if (userSize === undefined) process.env.UV_THREADPOOL_SIZE = "64";
require("node:fs").stat(__filename, () => {}); // the first asynchronous fs call starts the pool
if (userSize === undefined) delete process.env.UV_THREADPOOL_SIZE; // not for the processes we start

import("../dist/cli/main.js").then(
  async ({ main }) => {
    process.exitCode = await main(process.argv.slice(2));
  },
  (error) => {
    // No build (dist/ missing or broken): one line and the internal-failure code, as for any bug.
    process.stderr.write(`clawdia: cannot load the CLI (${error.code ?? error.message}); run \`npm install\` in ${require("node:path").dirname(__dirname)}\n`);
    if (process.env.CLAWDIA_DEBUG === "1") process.stderr.write(`${error.stack}\n`);
    process.exitCode = 70;
  },
);
