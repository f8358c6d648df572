// Ctrl-C (SIGINT) or a SIGTERM part-way through `clawdia support-bundle` leaves nothing behind: not
// the staging directory of redacted logs in TMPDIR, not the partial archive beside the output.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_ARGV, cliEnv, sandbox, type Sandbox } from "../helpers.js";

/** Starts the bundle, waits until `ready()` says the step to interrupt has begun, then sends `signal`. */
async function interruptWhen(box: Sandbox, args: string[], ready: () => boolean, signal: NodeJS.Signals) {
  const tmp = path.join(box.home, "tmp");
  fs.mkdirSync(tmp);
  const child = spawn(process.execPath, [...CLI_ARGV, "support-bundle", ...args], { env: { ...cliEnv(box), TMPDIR: tmp }, cwd: box.home, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += String(chunk)));
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
  let seen = false;
  for (let waited = 0; waited < 60_000 && child.exitCode === null; waited += 5) {
    if ((seen = ready())) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill(signal);
  return { seen, code: await closed, stderr, tmp };
}

describe("an interrupted support-bundle", () => {
  it.each([["SIGINT", 130], ["SIGTERM", 143]] as const)("%s while logs are read: exit %i, no staging dir left in TMPDIR, no bundle", async (signal, exit) => {
    const box = sandbox("healthy");
    fs.mkdirSync(box.state("logs"));
    const log = box.state("logs", "huge.log");
    fs.writeFileSync(log, "");
    fs.truncateSync(log, 1024 ** 3); // sparse: --since reads through a gigabyte of NULs
    const out = path.join(box.home, "out");
    fs.mkdirSync(out);
    const staging = () => fs.readdirSync(path.join(box.home, "tmp")).some((name) => name.startsWith("clawdia-bundle-"));
    const run = await interruptWhen(box, ["--since", "1h", "--output", path.join(out, "b.tar.gz")], staging, signal);
    expect(run.seen, "the staging dir appeared before the run ended").toBe(true);
    expect(run.code).toBe(exit);
    expect(run.stderr).toContain(`interrupted (${signal}); temporary files removed, nothing written`);
    expect(fs.readdirSync(run.tmp)).toEqual([]);
    expect(fs.readdirSync(out)).toEqual([]);
  }, 90_000);

  it("SIGINT while the archive is compressed: no partial archive left beside the output", async () => {
    const box = sandbox("healthy");
    fs.mkdirSync(box.state("logs"));
    // 40 MB of distinct lines: slow enough to compress that the partial file is seen.
    const lines = Array.from({ length: 400_000 }, (_, i) => `2026-11-27T11:00:00Z info request ${i} ${(i * 2654435761) % 4294967296} done in ${i % 997} ms ${"x".repeat(40)}`);
    fs.writeFileSync(box.state("logs", "gateway.log"), lines.join("\n") + "\n");
    const out = path.join(box.home, "out");
    fs.mkdirSync(out);
    const partial = () => fs.readdirSync(out).some((name) => name.endsWith(".partial"));
    const run = await interruptWhen(box, ["--log-lines", "10000000", "--output", path.join(out, "b.tar.gz")], partial, "SIGINT");
    expect(run.seen, "the partial archive appeared before the run ended").toBe(true);
    expect(run.code).toBe(130);
    expect(fs.readdirSync(out)).toEqual([]);
    expect(fs.readdirSync(run.tmp)).toEqual([]);
  }, 90_000);
});
