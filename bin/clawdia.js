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

// `[command…] --help`: the help the build rendered (dist/cli/help.json: the CLI's own output, which
// is 80 columns wide everywhere), without loading the CLI. With any other flag the CLI renders it.
if ((argv.at(-1) === "--help" || argv.at(-1) === "-h") && printed(prerenderedHelp(argv.slice(0, -1)))) return;

let cli;
try {
  const command = argv.find((word) => !word.startsWith("-"));
  cli = require("./code-cache.cjs").loadWithCodeCache(
    require("node:path").join(__dirname, "../dist/cli/clawdia.cjs"),
    command,
  );
} catch (error) {
  // No build (dist/ missing or broken): one line and the internal-failure code, as for any bug.
  process.stderr.write(
    `clawdia: cannot load the CLI (${error.code ?? error.message}); run \`npm install\` in ${require("node:path").dirname(__dirname)}\n`,
  );
  if (process.env.CLAWDIA_DEBUG === "1") process.stderr.write(`${error.stack}\n`);
  process.exitCode = 70;
}
if (cli) cli.main(argv).then((code) => (process.exitCode = code));

function printed(text) {
  if (text === undefined) return false;
  try {
    return require("node:fs").writeSync(1, text) === Buffer.byteLength(text);
  } catch {
    return false;
  }
}

/** The rendered help of a command given as its words, or undefined. */
function prerenderedHelp(words) {
  if (words.some((word) => word.startsWith("-"))) return undefined;
  try {
    const texts = JSON.parse(
      require("node:fs").readFileSync(require("node:path").join(__dirname, "../dist/cli/help.json"), "utf8"),
    );
    return Object.hasOwn(texts, words.join(" ")) ? texts[words.join(" ")] : undefined;
  } catch {
    return undefined; // no help.json (a build from before it): the CLI renders it
  }
}

/** migrate, onboard and doctor --fix; the word itself is enough (a wrong guess only costs time). */
function writesManyFiles(args) {
  return args.includes("migrate") || args.includes("onboard") || args.includes("--fix");
}
