// The support-bundle benchmark: a state dir with 500 MB of gateway logs (generated here, in the
// bench's temp dir), bundled a few times; median wall time and peak RSS like the other cases; and
// `--since 30d` (every line read, redacted and compressed) against `gzip -6 -c` of the same logs.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { median } from "./median.mjs";

const LINE_TEMPLATES = [
  (t, i) =>
    `${t} info request ${i} model=anthropic/claude-opus-4-5 agent=main latency_ms=${i % 997} tokens_in=${i % 4096} tokens_out=${i % 1024}`,
  (t, i) =>
    `{"level":30,"time":"${t}","msg":"upstream call","req":${i},"url":"https://api.anthropic.com/v1/messages?beta=true","status":200,"ms":${i % 500}}`,
  (t, i) =>
    `${t} debug headers {"authorization":"Bearer sk-ant-oat01-bench${i % 100}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","x-request-id":"req_${i.toString(36)}"}`,
  (t, i) =>
    `${t} warn retrying https://gateway:hunter2-${i % 10}@internal.example/hook?token=tok${i % 1000}abc&attempt=2`,
  (t, i) => `    at processTicksAndRejections (node:internal/process/task_queues:95:5) #${i}`,
];

/** Writes `totalBytes` of log lines, split over gateway.log (80%) and worker.log, ending now. */
export function makeLogs(logsDir, totalBytes) {
  fs.mkdirSync(logsDir, { recursive: true, mode: 0o700 });
  const files = [
    ["gateway.log", Math.round(totalBytes * 0.8)],
    ["worker.log", totalBytes - Math.round(totalBytes * 0.8)],
  ];
  for (const [name, bytes] of files) {
    const fd = fs.openSync(path.join(logsDir, name), "w", 0o600);
    // Timestamps spread evenly over the last 24 hours, the last line about now.
    const sample = Array.from(
      { length: 1000 },
      (_, i) => LINE_TEMPLATES[i % LINE_TEMPLATES.length](new Date().toISOString(), i).length + 1,
    );
    const lineCount = Math.ceil(bytes / (sample.reduce((a, b) => a + b) / sample.length));
    const start = Date.now() - 24 * 3_600_000;
    const step = (24 * 3_600_000) / lineCount;
    let written = 0;
    let i = 0;
    while (written < bytes) {
      let chunk = "";
      while (chunk.length < 4 * 1024 * 1024 && written + chunk.length < bytes) {
        chunk += LINE_TEMPLATES[i % LINE_TEMPLATES.length](new Date(start + i * step).toISOString(), i) + "\n";
        i++;
      }
      written += fs.writeSync(fd, chunk);
    }
    fs.closeSync(fd);
  }
}

/** Runs `clawdia support-bundle …args` `runs` times in a fresh output dir; median ms and peak MB. */
export function measureSupportBundle({ bin, probe, home, stateDir, outDir, args, runs }) {
  const times = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    const { ms, mb } = bundleOnce({ bin, probe, home, stateDir, outDir, args });
    times.push(ms);
    rss.push(mb);
  }
  return { ms: median(times), mb: Math.max(...rss) };
}

/**
 * The case: `support-bundle --since 30d` over the logs, each run next to a run of
 * `gzip -6 -c` over the same files (the same bytes, the same page cache, the same load), so the
 * ratio holds on a busy machine too. The case's name gets gzip's time and the ratio of the medians.
 */
export function supportBundleVsGzipCase({ bin, probe, home, stateDir, outDir, runs }) {
  return {
    name: "support-bundle --since 30d over 500 MB of logs, vs gzip -6 -c of them",
    target: "1.5× gzip, 150 MB",
    runs,
    run() {
      const dir = stateDir();
      const logsDir = path.join(dir, "logs");
      const logs = fs
        .readdirSync(logsDir)
        .sort()
        .map((name) => path.join(logsDir, name));
      const bundle = [];
      const gzip = [];
      const rss = [];
      for (let i = 0; i < runs; i++) {
        gzip.push(gzipOnce(logs));
        const once = bundleOnce({ bin, probe, home, stateDir: dir, outDir, args: ["--since", "30d"] });
        bundle.push(once.ms);
        rss.push(once.mb);
      }
      const ratio = median(bundle) / median(gzip);
      this.name = `${this.name} (gzip ${median(gzip).toFixed(0)} ms; ratio ${ratio.toFixed(2)}×)`;
      return { ms: median(bundle), mb: Math.max(...rss) };
    },
  };
}

function bundleOnce({ bin, probe, home, stateDir, outDir, args }) {
  fs.mkdirSync(outDir, { recursive: true });
  const rssFile = path.join(outDir, "rss");
  const output = path.join(outDir, "bundle.tar.gz");
  fs.rmSync(output, { force: true });
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--require", probe, bin, "support-bundle", "--output", output, ...args], {
    env: { PATH: process.env.PATH, HOME: home, CLAWDIA_STATE_DIR: stateDir, BENCH_RSS_FILE: rssFile },
    encoding: "utf8",
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`support-bundle failed: ${result.stderr}`);
  fs.rmSync(output);
  return { ms, mb: Number(fs.readFileSync(rssFile, "utf8")) / 1024 };
}

/** `gzip -6 -c FILES > /dev/null`: wall ms. */
function gzipOnce(files) {
  const devNull = fs.openSync("/dev/null", "w");
  try {
    const start = process.hrtime.bigint();
    const result = spawnSync("gzip", ["-6", "-c", ...files], { stdio: ["ignore", devNull, "pipe"] });
    if (result.status !== 0) throw new Error(`gzip failed: ${result.error?.message ?? result.stderr}`);
    return Number(process.hrtime.bigint() - start) / 1e6;
  } finally {
    fs.closeSync(devNull);
  }
}
