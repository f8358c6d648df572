// `npm run bench`: median wall time and peak RSS of the real CLI over several runs, as a table.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeBigLegacyConfig, makeLegacyAgentDirs, makeState } from "./states.mjs";
import { makeLogs, measureSupportBundle, supportBundleVsGzipCase } from "./support-bundle.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = path.join(root, "bin/clawdia.js");
const probe = path.join(root, "bench/rss-probe.cjs");
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

// BENCH_DIR: where the states are made (default: the system's temp dir). File-creation cost differs
// a lot between directories of one disk, so the figures name it.
const benchDir = process.env.BENCH_DIR ?? os.tmpdir();
// BENCH_ONLY: run only the cases whose name contains this text (the baseline always runs).
const only = process.env.BENCH_ONLY;
const tmp = fs.mkdtempSync(path.join(benchDir, "clawdia-bench-"));
const home = path.join(tmp, "home");
fs.mkdirSync(home);

/** Runs `args` RUNS times; `prepare` (not timed) returns the state dir for each run. */
function measure(args, stateDir, prepare) {
  const rssFile = path.join(tmp, "rss");
  const times = [];
  const rss = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = prepare ? prepare(i) : stateDir;
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ["--require", probe, bin, ...args], {
      env: { PATH: process.env.PATH, HOME: home, CLAWDIA_STATE_DIR: dir ?? "", BENCH_RSS_FILE: rssFile },
      encoding: "utf8",
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status === null || result.status >= 64) throw new Error(`${args.join(" ")} failed: ${result.stderr}`);
    rss.push(Number(fs.readFileSync(rssFile, "utf8")) / 1024);
  }
  return { ms: median(times), mb: Math.max(...rss) };
}

function copyState(template, name) {
  const target = path.join(tmp, name);
  fs.cpSync(template, target, { recursive: true });
  return target;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function baseline() {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ["-e", "0"]);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const rssFile = path.join(tmp, "rss");
  spawnSync(process.execPath, ["--require", probe, "-e", "0"], { env: { ...process.env, BENCH_RSS_FILE: rssFile } });
  return { ms: median(times), mb: Number(fs.readFileSync(rssFile, "utf8")) / 1024 };
}

// Few runs: each one reads through hundreds of megabytes.
const BUNDLE_RUNS = Math.min(RUNS, 3);
let bundleState;
function bundleLogsState() {
  if (!bundleState) {
    bundleState = makeState(tmp, "bundle", 1, 2);
    makeLogs(path.join(bundleState, "logs"), 500 * 1024 * 1024);
  }
  return bundleState;
}
function bundleCase(args) {
  return measureSupportBundle({ bin, probe, home, stateDir: bundleLogsState(), outDir: path.join(tmp, "bundles"), args, runs: BUNDLE_RUNS });
}

const cases = [
  { name: "node -e 0 (baseline)", run: baseline },
  { name: "doctor, 1 agent", target: "150 ms, 80 MB", run: () => measure(["doctor", "--json"], makeState(tmp, "one", 1, 2)) },
  { name: "models status --check, 1 agent", target: "100 ms, 70 MB", run: () => measure(["models", "status", "--check"], makeState(tmp, "one-status", 1, 2)) },
  {
    name: "migrate, 1 MB config (9,000 agents)",
    target: "1 s",
    run: () => {
      const template = makeBigLegacyConfig(tmp, "big-config");
      return measure(["migrate"], undefined, (i) => copyState(template, `big-config-${i}`));
    },
  },
  { name: "migrate, 1,000 agent dirs, nothing pending", target: "1 s", run: () => measure(["migrate"], makeState(tmp, "thousand-current", 1000, 5)) },
  {
    name: "migrate, 1,000 agent dirs (legacy auth.json)",
    target: "1 s",
    run: () => {
      const template = makeLegacyAgentDirs(tmp, "legacy-dirs", 1000);
      return measure(["migrate"], undefined, (i) => copyState(template, `legacy-dirs-${i}`));
    },
  },
  { name: "doctor, 1,000 agents × 5 profiles", target: "1.5 s, 200 MB", run: () => measure(["doctor", "--json"], makeState(tmp, "thousand", 1000, 5)) },
  { name: "support-bundle over 500 MB of logs", target: "5 s, 150 MB", runs: BUNDLE_RUNS, run: () => bundleCase([]) },
  { name: "support-bundle --since 1h over 500 MB of logs", target: "5 s, 150 MB", runs: BUNDLE_RUNS, run: () => bundleCase(["--since", "1h"]) },
  supportBundleVsGzipCase({ bin, probe, home, stateDir: bundleLogsState, outDir: path.join(tmp, "bundles"), runs: BUNDLE_RUNS }),
];

const rows = [];
try {
  for (const c of cases) {
    if (only && c.run !== baseline && !c.name.includes(only)) continue;
    const { ms, mb } = c.run();
    rows.push([c.runs ? `${c.name} (${c.runs} runs)` : c.name, `${ms.toFixed(0)} ms`, `${mb.toFixed(0)} MB`, c.target ?? ""]);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

const header = ["case", `median wall (${RUNS} runs)`, "peak RSS", "target"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => "| " + cells.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
console.log(`${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, states in ${benchDir}`);
console.log(line(header));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
rows.forEach((r) => console.log(line(r)));
