// `npm run bench`: median wall time and peak RSS of the real CLI over several runs, as a table.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeBigLegacyConfig, makeDeepConfig, makeLegacyAgentDirs, makeState, makeUnitHome } from "./states.mjs";
import { measureStartup } from "./startup.mjs";
import { makeLogs, measureSupportBundle, supportBundleVsGzipCase } from "./support-bundle.mjs";
import { median } from "./median.mjs";

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

/**
 * Runs `args` `runs` times (RUNS unless told); `prepare` (not timed) returns the state dir for each
 * run; `caseHome` replaces the shared home (for a case with a unit file in it).
 */
/** `args` may be a function of the run's index (a support bundle needs a new --output each time). */
function measure(args, stateDir, prepare, { runs = RUNS, caseHome = home } = {}) {
  const rssFile = path.join(tmp, "rss");
  const times = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    const dir = prepare ? prepare(i) : stateDir;
    // stdout to a file, as `> report.json` would: a report of thousands of findings is many
    // megabytes, past what spawnSync buffers (it kills the child), and costs nothing to hold here.
    const out = fs.openSync(path.join(tmp, "stdout"), "w");
    const runArgs = typeof args === "function" ? args(i) : args;
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ["--require", probe, bin, ...runArgs], {
      env: { PATH: process.env.PATH, HOME: caseHome, CLAWDIA_STATE_DIR: dir ?? "", BENCH_RSS_FILE: rssFile },
      encoding: "utf8",
      stdio: ["ignore", out, "pipe"],
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    fs.closeSync(out);
    if (result.status === null || result.status >= 64)
      throw new Error(
        `${runArgs.join(" ")} failed (${result.error?.message ?? result.signal ?? result.status}): ${result.stderr}`,
      );
    rss.push(Number(fs.readFileSync(rssFile, "utf8")) / 1024);
  }
  return { ms: median(times), mb: Math.max(...rss) };
}

function copyState(template, name) {
  const target = path.join(tmp, name);
  fs.cpSync(template, target, { recursive: true });
  return target;
}

function baseline() {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, ["-e", "0"], { env: { PATH: process.env.PATH, HOME: home } });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const rssFile = path.join(tmp, "rss");
  spawnSync(process.execPath, ["--require", probe, "-e", "0"], {
    env: { PATH: process.env.PATH, HOME: home, BENCH_RSS_FILE: rssFile },
  });
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
  return measureSupportBundle({
    bin,
    probe,
    home,
    stateDir: bundleLogsState(),
    outDir: path.join(tmp, "bundles"),
    args,
    runs: BUNDLE_RUNS,
  });
}

// Few runs for the cases that take seconds each (minutes, before the masker is linear).
const SCALE_RUNS = Math.min(RUNS, 3);
const HOSTILE_RUNS = Math.min(RUNS, 3);
/** doctor --json on `agents` agents × 5 profiles, each agent with an expiring token (a finding each). */
const scaleCase = (agents) => ({
  name: `doctor, ${agents.toLocaleString("en-US")} agents × 5 profiles, a finding each`,
  scale: agents,
  runs: SCALE_RUNS,
  run: () =>
    measure(["doctor", "--json"], makeState(tmp, `scale-${agents}`, agents, 5, { withFinding: true }), undefined, {
      runs: SCALE_RUNS,
    }),
});
/** A case against a unit file in a home of its own, with a one-agent state. */
const unitCase = (name, args, body) => ({
  name,
  target: "5 s",
  runs: HOSTILE_RUNS,
  run: () =>
    measure(args, makeState(tmp, `unit-state-${args[0]}-${body.length}`, 1, 2), undefined, {
      runs: HOSTILE_RUNS,
      caseHome: makeUnitHome(tmp, `unit-home-${args[0]}-${body.length}`, body),
    }),
});
/** support-bundle's arguments for run i: an --output of its own (a bundle never overwrites a file). */
const bundleTo = (name) => (i) => ["support-bundle", "--output", path.join(tmp, `${name}-${i}.tar.gz`)];
// The longest line systemd reads (1 MiB less one byte: 262,141 assignments), and one byte more, which
// systemd refuses ("Line too long") and doctor reports without reading on.
const LONGEST_LINE = `${("Environment=" + "A=1 ".repeat(256 * 1024)).slice(0, 1024 * 1024 - 1)}\n`;
const TOO_LONG_LINE = `Environment=${"A=1 ".repeat(256 * 1024)}\n`;
const CONTINUATIONS = "Environment=A=1 \\\n".repeat(50_000) + "B=2\n";

// Start-up: what a check from cron or a shell prompt costs, as ratios to starting Node at all.
const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? Math.max(RUNS, 21));
function startupRows() {
  const one = makeState(tmp, "startup", 1, 2);
  return measureStartup({
    bin,
    probe,
    home,
    tmp,
    runs: STARTUP_RUNS,
    commands: [
      {
        name: "models status --check, 1 agent",
        args: ["models", "status", "--check"],
        stateDir: one,
        target: "≤ 1.8× the floor, 48 MB",
      },
      {
        name: "doctor --non-interactive, 1 agent",
        args: ["doctor", "--non-interactive"],
        stateDir: one,
        target: "≤ 2.2× the floor, 48 MB",
      },
      { name: "--version", args: ["--version"], target: "≤ 1.3× the floor" },
      { name: "--help", args: ["--help"], target: "≤ 1.3× the floor" },
    ],
  });
}

const cases = [
  { name: "node -e 0 (baseline)", run: baseline },
  { name: "start-up", startup: true },
  {
    name: "doctor, 1 agent",
    target: "150 ms, 80 MB",
    run: () => measure(["doctor", "--json"], makeState(tmp, "one", 1, 2)),
  },
  {
    name: "models status --check, 1 agent",
    target: "100 ms, 70 MB",
    run: () => measure(["models", "status", "--check"], makeState(tmp, "one-status", 1, 2)),
  },
  {
    name: "migrate, 1 MB config (9,000 agents)",
    target: "1 s",
    run: () => {
      const template = makeBigLegacyConfig(tmp, "big-config");
      return measure(["migrate"], undefined, (i) => copyState(template, `big-config-${i}`));
    },
  },
  {
    name: "migrate, 1,000 agent dirs, nothing pending",
    target: "1 s",
    run: () => measure(["migrate"], makeState(tmp, "thousand-current", 1000, 5)),
  },
  {
    name: "migrate, 1,000 agent dirs (legacy auth.json)",
    target: "1 s",
    run: () => {
      const template = makeLegacyAgentDirs(tmp, "legacy-dirs", 1000);
      return measure(["migrate"], undefined, (i) => copyState(template, `legacy-dirs-${i}`));
    },
  },
  {
    name: "doctor --fix --yes, 1,000 agents, a store fix each",
    target: "1.2 s",
    run: () => {
      const template = makeState(tmp, "fix-template", 1000, 5, { withDanglingOrder: true });
      return measure(["doctor", "--fix", "--yes", "--json"], undefined, (i) => copyState(template, `fix-${i}`));
    },
  },
  {
    name: "doctor, 1,000 agents × 5 profiles",
    target: "1.5 s, 200 MB",
    run: () => measure(["doctor", "--json"], makeState(tmp, "thousand", 1000, 5)),
  },
  { ...scaleCase(1000), target: "200 MB" },
  { ...scaleCase(4000), target: "2 s, 200 MB; ≤ 4.5× the 1,000 case" },
  { ...scaleCase(10000), target: "5 s, 200 MB" },
  unitCase("doctor, a unit line of 1 MiB less 1 byte (Environment=)", ["doctor", "--json"], LONGEST_LINE),
  unitCase(
    "models status, a unit line of 1 MiB less 1 byte (Environment=)",
    ["models", "status", "--check"],
    LONGEST_LINE,
  ),
  unitCase("doctor, a unit line over 1 MiB (refused, as systemd does)", ["doctor", "--json"], TOO_LONG_LINE),
  unitCase("doctor, 50,000 continuation lines in the unit", ["doctor", "--json"], CONTINUATIONS),
  {
    name: "doctor, a config nested 100,000 deep",
    target: "5 s",
    runs: HOSTILE_RUNS,
    run: () =>
      measure(["doctor", "--json"], makeDeepConfig(tmp, "deep-config", 100_000), undefined, { runs: HOSTILE_RUNS }),
  },
  {
    name: "support-bundle, a unit line of 1 MiB less 1 byte (Environment=)",
    target: "5 s",
    runs: HOSTILE_RUNS,
    run: () =>
      measure(bundleTo("unit-line"), makeState(tmp, "unit-state-bundle", 1, 2), undefined, {
        runs: HOSTILE_RUNS,
        caseHome: makeUnitHome(tmp, "unit-home-bundle", LONGEST_LINE),
      }),
  },
  {
    name: "support-bundle, a config nested 100,000 deep",
    target: "5 s",
    runs: HOSTILE_RUNS,
    run: () =>
      measure(bundleTo("deep-config"), makeDeepConfig(tmp, "deep-config-bundle", 100_000), undefined, {
        runs: HOSTILE_RUNS,
      }),
  },
  { name: "support-bundle over 500 MB of logs", target: "5 s, 150 MB", runs: BUNDLE_RUNS, run: () => bundleCase([]) },
  {
    name: "support-bundle --since 1h over 500 MB of logs",
    target: "5 s, 150 MB",
    runs: BUNDLE_RUNS,
    run: () => bundleCase(["--since", "1h"]),
  },
  supportBundleVsGzipCase({
    bin,
    probe,
    home,
    stateDir: bundleLogsState,
    outDir: path.join(tmp, "bundles"),
    runs: BUNDLE_RUNS,
  }),
];

const rows = [];
/** Median ms of the scale cases that ran, by agent count, for the ratios. */
const scaleMs = new Map();
try {
  for (const c of cases) {
    if (only && c.run !== baseline && !c.name.includes(only)) continue;
    if (c.startup) {
      for (const r of startupRows())
        rows.push([
          `${r.name} (${STARTUP_RUNS} runs, interleaved)`,
          `${r.ms.toFixed(0)} ms = ${r.ratio.toFixed(2)}×`,
          `${r.mb.toFixed(0)} MB`,
          r.target ?? "",
        ]);
      continue;
    }
    const { ms, mb } = c.run();
    if (c.scale) scaleMs.set(c.scale, ms);
    rows.push([
      c.runs ? `${c.name} (${c.runs} run${c.runs === 1 ? "" : "s"})` : c.name,
      `${ms.toFixed(0)} ms`,
      `${mb.toFixed(0)} MB`,
      c.target ?? "",
    ]);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

const header = ["case", `median wall (${RUNS} runs)`, "peak RSS", "target"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => "| " + cells.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
console.log(
  `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, states in ${benchDir}`,
);
console.log(line(header));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
rows.forEach((r) => console.log(line(r)));
// Linear means 4× the agents take about 4× the time: the ratios of the same run say it, whatever the machine.
for (const [agents, limit] of [
  [4000, 4.5],
  [10000, undefined],
]) {
  if (!scaleMs.has(1000) || !scaleMs.has(agents)) continue;
  const ratio = scaleMs.get(agents) / scaleMs.get(1000);
  console.log(
    `doctor ${agents.toLocaleString("en-US")} / 1,000 agents: ${ratio.toFixed(2)}×${limit ? ` (target ≤ ${limit}×)` : ` (linear: ${(agents / 1000).toFixed(0)}×)`}`,
  );
}
