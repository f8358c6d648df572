#!/usr/bin/env node
// The installed command: runs the bundled CLI (with a code cache, see code-cache.cjs) and exits with
// its code. CommonJS on purpose (bin/package.json says so; the name stays, since installed monitor
// units and npx's cache point at it).
"use strict";

// The commands that write many files run the transaction's fsyncs in parallel on libuv's thread
// pool, which must be sized before anything starts it (only the pool's own start reads
// UV_THREADPOOL_SIZE). Starting 64 threads costs a check that writes nothing several milliseconds,
// so only these get them.
const argv = process.argv.slice(2);
const userSize = process.env.UV_THREADPOOL_SIZE;
if (userSize === undefined && writesManyFiles(argv)) {
  process.env.UV_THREADPOOL_SIZE = "64";
  require("node:fs").stat(__filename, () => {}); // the first asynchronous fs call starts the pool
  delete process.env.UV_THREADPOOL_SIZE; // not for the processes we start
}

// `--version` alone: the package's version, as the CLI prints it, without loading the CLI. When it
// cannot be written (a full disk, a closed pipe), the CLI runs and reports that as for any output.
if (argv.length === 1 && argv[0] === "--version" && printed(`${require("../package.json").version}\n`)) return;

let cli;
try {
  const command = argv.find((word) => !word.startsWith("-"));
  cli = require("./code-cache.cjs").loadWithCodeCache(require("node:path").join(__dirname, "../dist/cli/clawdia.cjs"), command);
} catch (error) {
  // No build (dist/ missing or broken): one line and the internal-failure code, as for any bug.
  process.stderr.write(`clawdia: cannot load the CLI (${error.code ?? error.message}); run \`npm install\` in ${require("node:path").dirname(__dirname)}\n`);
  if (process.env.CLAWDIA_DEBUG === "1") process.stderr.write(`${error.stack}\n`);
  process.exitCode = 70;
}
if (cli) cli.main(argv).then((code) => (process.exitCode = code));

function printed(text) {
  try {
    return require("node:fs").writeSync(1, text) === Buffer.byteLength(text);
  } catch {
    return false;
  }
}

/** migrate, onboard and doctor --fix; the word itself is enough (a wrong guess only costs time). */
function writesManyFiles(args) {
  return args.includes("migrate") || args.includes("onboard") || args.includes("--fix");
}
