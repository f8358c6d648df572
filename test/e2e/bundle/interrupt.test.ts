// Ctrl-C (SIGINT), SIGTERM or SIGHUP at any point of `clawdia support-bundle` leaves nothing behind
// (not the spool of compressed logs in TMPDIR, not the partial archive beside the output) and exits
// 130, 143 or 129: while a log is read, while one long line is redacted (the JavaScript thread busy
// for minutes in one call), while logs are redacted and compressed into a spool file, while the
// archive is written.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_ARGV, cliEnv, sandbox, type Sandbox } from "../helpers.js";

const EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
type Signal = keyof typeof EXIT;

interface Interrupted {
  /** The step to interrupt was seen to begin before the run ended. */
  seen: boolean;
  code: number | null;
  stderr: string;
  /** From the signal to the exit. */
  stopMs: number;
  tmp: string;
  out: string;
}

/**
 * Starts the bundle (TMPDIR and --output in dirs of their own), waits until `ready(pid)` says the step
 * to interrupt has begun (polled, and on every change in TMPDIR or the output dir), sends `signal`.
 */
async function interruptWhen(
  box: Sandbox,
  args: string[],
  ready: (pid: number, dirs: { tmp: string; out: string }) => boolean,
  signal: Signal,
  env: Record<string, string> = {},
): Promise<Interrupted> {
  const tmp = path.join(box.home, "tmp");
  const out = path.join(box.home, "out");
  fs.mkdirSync(tmp);
  fs.mkdirSync(out);
  const child = spawn(
    process.execPath,
    [...CLI_ARGV, "support-bundle", ...args, "--output", path.join(out, "b.tar.gz")],
    {
      env: { ...cliEnv(box), TMPDIR: tmp, ...env },
      cwd: box.home,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += String(chunk)));
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
  let signalledAt = 0;
  const seen = await new Promise<boolean>((resolve) => {
    const check = () => {
      if (signalledAt || child.exitCode !== null) return;
      if (!ready(child.pid!, { tmp, out })) return;
      signalledAt = performance.now();
      child.kill(signal);
      finish(true);
    };
    const watchers = [fs.watch(tmp, check), fs.watch(out, check)];
    const timer = setInterval(check, 5);
    const finish = (value: boolean) => {
      clearInterval(timer);
      watchers.forEach((w) => w.close());
      resolve(value);
    };
    void closed.then(() => finish(false));
    setTimeout(() => finish(false), 60_000);
  });
  // A run the signal did not stop is killed after 10 s, so that a failure leaves no process behind.
  const kill = setTimeout(() => child.kill("SIGKILL"), seen ? 10_000 : 0);
  const code = await closed;
  clearTimeout(kill);
  return { seen, code, stderr, stopMs: performance.now() - signalledAt, tmp, out };
}

/** The process has `file` open (Linux: /proc/<pid>/fd). */
function hasOpen(pid: number, file: string): boolean {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === file;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** CPU seconds the process has used (Linux: /proc/<pid>/stat). */
function cpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks
  } catch {
    return 0;
  }
}

function expectNothingLeft(run: Interrupted, signal: Signal): void {
  expect(run.seen, "the step to interrupt began before the run ended").toBe(true);
  expect(run.code, run.stderr).toBe(EXIT[signal]);
  expect(run.stderr).toContain(`interrupted (${signal}); temporary files removed, nothing written`);
  expect(run.stopMs, "stopped promptly after the signal").toBeLessThan(3000);
  expect(fs.readdirSync(run.tmp)).toEqual([]);
  expect(fs.readdirSync(run.out)).toEqual([]);
}

/** Distinct, compressible-but-not-too-well lines: ~5:1, so 28 MB of log is ~6 MB compressed, more than the spool keeps in memory (1 MiB). */
function writeBusyLog(file: string, lines: number): void {
  const fd = fs.openSync(file, "w");
  for (let i = 0; i < lines; i += 10_000) {
    let chunk = "";
    for (let j = i; j < Math.min(i + 10_000, lines); j++)
      chunk += `2026-11-27T11:00:00Z info request ${j} ${(j * 2654435761) % 4294967296} ${((j * 40503) % 65536).toString(36)} done in ${j % 997} ms\n`;
    fs.writeSync(fd, chunk);
  }
  fs.closeSync(fd);
}

const linux = fs.existsSync("/proc/self/fd");

describe("an interrupted support-bundle", () => {
  it.runIf(linux).each(["SIGINT", "SIGTERM", "SIGHUP"] as const)(
    "%s while a log is read: exit 130/143/129, nothing left in TMPDIR or beside the output",
    async (signal) => {
      const box = sandbox("healthy");
      fs.mkdirSync(box.state("logs"));
      const log = box.state("logs", "huge.log");
      fs.writeFileSync(log, "");
      fs.truncateSync(log, 1024 ** 3); // sparse: no newline, no time, so --since reads through a gigabyte of NULs
      const run = await interruptWhen(box, ["--since", "1h"], (pid) => hasOpen(pid, log), signal);
      expectNothingLeft(run, signal);
    },
    90_000,
  );

  it.runIf(linux)(
    "SIGTERM while a redaction holds the thread in one call for minutes: stopped at once",
    async () => {
      const box = sandbox("healthy");
      // The redaction is linear now; a test seam holds the redacting thread in one synchronous call for
      // two minutes, as a long redaction would (a 1 MiB line took minutes before it was made linear).
      const started = performance.now();
      // Well past reading the state and doctor (half a second), and still busy: in the config's redaction.
      const run = await interruptWhen(
        box,
        [],
        (pid) => performance.now() - started > 3000 && cpuSeconds(pid) > 2,
        "SIGTERM",
        { CLAWDIA_TEST_BUSY_REDACTION_MS: "120000" },
      );
      expectNothingLeft(run, "SIGTERM");
    },
    90_000,
  );

  it.runIf(linux)(
    "SIGINT while logs are redacted and compressed into the spool file in TMPDIR: the spool is removed",
    async () => {
      const box = sandbox("healthy");
      fs.mkdirSync(box.state("logs"));
      writeBusyLog(box.state("logs", "gateway.log"), 400_000);
      const spool = ({ tmp }: { tmp: string }) =>
        fs.readdirSync(tmp).some((name) => name.startsWith("clawdia-bundle-"));
      const run = await interruptWhen(box, ["--log-lines", "10000000"], (_pid, dirs) => spool(dirs), "SIGINT");
      expectNothingLeft(run, "SIGINT");
    },
    90_000,
  );

  it.runIf(linux)(
    "SIGHUP while the archive is written: no partial archive left beside the output",
    async () => {
      const box = sandbox("healthy");
      fs.mkdirSync(box.state("logs"));
      writeBusyLog(box.state("logs", "gateway.log"), 400_000);
      const partial = ({ out }: { out: string }) => fs.readdirSync(out).some((name) => name.endsWith(".partial"));
      const run = await interruptWhen(box, ["--log-lines", "10000000"], (_pid, dirs) => partial(dirs), "SIGHUP");
      expectNothingLeft(run, "SIGHUP");
    },
    90_000,
  );
});
