// The support-bundle benchmark: a state dir with 500 MB of gateway logs (generated here, in the
// bench's temp dir), bundled a few times; median wall time and peak RSS like the other cases.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const LINE_TEMPLATES = [
  (t, i) => `${t} info request ${i} model=anthropic/claude-opus-4-5 agent=main latency_ms=${i % 997} tokens_in=${i % 4096} tokens_out=${i % 1024}`,
  (t, i) => `{"level":30,"time":"${t}","msg":"upstream call","req":${i},"url":"https://api.anthropic.com/v1/messages?beta=true","status":200,"ms":${i % 500}}`,
  (t, i) => `${t} debug headers {"authorization":"Bearer sk-ant-oat01-bench${i % 100}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","x-request-id":"req_${i.toString(36)}"}`,
  (t, i) => `${t} warn retrying https://gateway:hunter2-${i % 10}@internal.example/hook?token=tok${i % 1000}abc&attempt=2`,
  (t, i) => `    at processTicksAndRejections (node:internal/process/task_queues:95:5) #${i}`,
];

/** Writes `totalBytes` of log lines, split over gateway.log (80%) and worker.log, ending now. */
export function makeLogs(logsDir, totalBytes) {
  fs.mkdirSync(logsDir, { recursive: true, mode: 0o700 });
  const files = [["gateway.log", Math.round(totalBytes * 0.8)], ["worker.log", totalBytes - Math.round(totalBytes * 0.8)]];
  for (const [name, bytes] of files) {
    const fd = fs.openSync(path.join(logsDir, name), "w", 0o600);
    // Timestamps spread evenly over the last 24 hours, the last line about now.
    const sample = Array.from({ length: 1000 }, (_, i) => LINE_TEMPLATES[i % LINE_TEMPLATES.length](new Date().toISOString(), i).length + 1);
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
  fs.mkdirSync(outDir, { recursive: true });
  const rssFile = path.join(outDir, "rss");
  const times = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    const output = path.join(outDir, `bundle-${i}.tar.gz`);
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ["--require", probe, bin, "support-bundle", "--output", output, ...args], {
      env: { PATH: process.env.PATH, HOME: home, CLAWDIA_STATE_DIR: stateDir, BENCH_RSS_FILE: rssFile },
      encoding: "utf8",
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) throw new Error(`support-bundle failed: ${result.stderr}`);
    rss.push(Number(fs.readFileSync(rssFile, "utf8")) / 1024);
    fs.rmSync(output);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { ms: sorted[Math.floor(sorted.length / 2)], mb: Math.max(...rss) };
}
