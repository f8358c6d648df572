// Locks interoperate with the gateway: proper-lockfile's `<file>.lock` directory. A held lock makes
// doctor drop the change to that file (and say why); a stale one (mtime older than 10 s) is taken over.
// runCli sets CLAWDIA_LOCK_TIMEOUT_MS=300, so a held lock costs a test well under a second.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import lockfile from "proper-lockfile";
import { describe, expect, it } from "vitest";
import {
  CLI_ARGV,
  cliEnv,
  DAY,
  history,
  NOW,
  parseStdout,
  read,
  sandbox,
  STACK_FRAME,
  startCli,
  writeClaudeCredentials,
  type Sandbox,
} from "./helpers.js";

/** Lock directories and owner records left anywhere in the state dir. */
function leftoverLocks(stateDir: string): string[] {
  return fs
    .readdirSync(stateDir, { recursive: true })
    .map(String)
    .filter((rel) => /\.lock(\.owner)?$/.test(rel));
}

/** Healthy state plus a newer Claude Code credential: the sync pass wants to write the main store. */
function pendingSync() {
  const box = sandbox("healthy");
  writeClaudeCredentials(box.home, {
    accessToken: "sk-ant-oat01-LOCKSsyncAccessTok00000000000000000000000000000000000000",
    refreshToken: "sk-ant-ort01-LOCKSsyncRefreshTok000000000000000000000000000000000000000",
    expiresAt: NOW + 30 * DAY,
  });
  return box;
}

function holdLock(file: string, ageMs = 0): string {
  const lock = `${file}.lock`;
  fs.mkdirSync(lock);
  const at = new Date(Date.now() - ageMs);
  fs.utimesSync(lock, at, at);
  return lock;
}

describe("a store locked by another process", () => {
  it("drops the change to it with a clear reason; the store and the config are unchanged", () => {
    const box = pendingSync();
    const lock = holdLock(box.store());
    const store = read(box.store());
    const config = read(box.config);

    const result = box.run(["doctor"]);
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(result.stdout).toMatch(/dropped: it is locked by another process/);
    expect(read(box.store())).toBe(store);
    // The sync change also touches the config; it is dropped whole, not half applied.
    expect(read(box.config)).toBe(config);
    expect(fs.existsSync(lock)).toBe(true); // someone else's lock is left alone
    expect(history(box.stateDir)).toEqual([]);
    // The stale-profile warning is still there, and the exit code says so.
    expect(result.stdout).toContain("[auth/claude-cli-stale]");
    expect(result.code).toBe(2);
  });

  it("--json reports the change as dropped with its reason, and the same exit code", () => {
    const box = pendingSync();
    holdLock(box.store());
    const result = box.run(["doctor", "--json"]);
    const report = parseStdout(result);
    const sync = report.changes.find((change: any) => change.source === "sync");
    expect(sync).toMatchObject({ status: "dropped", files: expect.arrayContaining([box.store()]) });
    expect(sync.reason).toMatch(/locked/);
    expect(report.exitCode).toBe(2);
    expect(result.code).toBe(2);
    expect(report.runId).toBeUndefined();
  });

  it("other files' changes still go through when one store is locked", () => {
    const box = pendingSync();
    holdLock(box.store());
    fs.chmodSync(box.dotenv, 0o644);
    const report = parseStdout(box.run(["doctor", "--json"]));
    const chmod = report.changes.find((change: any) => change.files.includes(box.dotenv));
    expect(chmod.status).toBe("applied");
    expect(fs.statSync(box.dotenv).mode & 0o777).toBe(0o600);
  });

  it("a stale lock (60 s old) is taken over and the change is applied", () => {
    const box = pendingSync();
    const lock = holdLock(box.store(), 60_000);
    const result = box.run(["doctor"]);
    expect(result.code).toBe(0);
    const profile = JSON.parse(read(box.store())).profiles["anthropic:claude-cli"];
    expect(profile).toMatchObject({ type: "oauth", expires: NOW + 30 * DAY });
    expect(fs.existsSync(lock)).toBe(false); // taken over, then released
    expect(history(box.stateDir)).toHaveLength(1);
  });

  it("--undo refuses while the store is locked, and restores nothing", () => {
    const box = pendingSync();
    expect(box.run(["doctor"]).code).toBe(0);
    const synced = read(box.store());
    holdLock(box.store());
    const result = box.run(["doctor", "--undo"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/locked/);
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(read(box.store())).toBe(synced);
  });

  it("a file rewritten while doctor waited for its lock: doctor's change is dropped, the other write kept", async () => {
    const box = pendingSync(); // the sync writes the store and the config (its auth.profiles entry)
    const lock = holdLock(box.config);
    const store = read(box.store());
    // Doctor locks files in path order: the store's lock appearing means it has loaded and planned,
    // and now waits for the config. Then "the gateway" rewrites the config and lets go of it.
    const running = startCli(box, ["doctor", "--json"], { env: { CLAWDIA_LOCK_TIMEOUT_MS: "20000" } });
    for (let waited = 0; !fs.existsSync(`${box.store()}.lock`); waited += 20) {
      if (waited > 15_000) throw new Error("doctor never took the store's lock");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const rewritten = read(box.config).replace('"models": {', '"models": { "fallback": "anthropic/claude-sonnet-4-5",');
    fs.writeFileSync(box.config, rewritten);
    fs.rmdirSync(lock);

    const result = await running;
    const sync = parseStdout(result).changes.find((change: any) => change.source === "sync");
    expect(sync).toMatchObject({ status: "dropped", reason: expect.stringMatching(/changed on disk/) });
    expect(read(box.config)).toBe(rewritten);
    expect(read(box.store())).toBe(store);
    expect(fs.existsSync(`${box.store()}.lock`)).toBe(false);
    expect(result.code).toBe(2);
  });
});

describe("a store the gateway rewrote while doctor waited for its lock", () => {
  /**
   * Holds the store's lock, starts doctor on a pending sync (it writes the store and the config), and
   * once doctor has planned (the config's lock appears: it takes the locks it can while it waits for
   * the store's), rewrites the store with `edit` and lets go. Returns doctor's result.
   */
  async function rewriteWhileWaiting(edit: (store: any) => void) {
    const box = pendingSync();
    const lock = holdLock(box.store());
    const running = startCli(box, ["doctor", "--json"], { env: { CLAWDIA_LOCK_TIMEOUT_MS: "20000" } });
    for (let waited = 0; !fs.existsSync(`${box.config}.lock`); waited += 20) {
      if (waited > 15_000) throw new Error("doctor never took the config's lock");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const store = JSON.parse(read(box.store()));
    edit(store);
    fs.writeFileSync(box.store(), JSON.stringify(store, null, 2) + "\n");
    fs.rmdirSync(lock);
    const result = await running;
    return { box, result, sync: parseStdout(result).changes.find((change: any) => change.source === "sync") };
  }

  it("only usage recorded (usageStats, lastGood): the sync is made on the new content, the gateway's write kept", async () => {
    const { box, sync } = await rewriteWhileWaiting((store) => {
      store.usageStats = { "anthropic:default": { lastUsed: NOW, errorCount: 0 } };
      store.lastGood = { anthropic: "anthropic:default" };
    });
    expect(sync).toMatchObject({ status: "applied" });
    const after = JSON.parse(read(box.store()));
    expect(after.usageStats).toEqual({ "anthropic:default": { lastUsed: NOW, errorCount: 0 } });
    expect(after.lastGood).toEqual({ anthropic: "anthropic:default" });
    expect(after.profiles["anthropic:claude-cli"].access).toMatch(/^sk-ant-oat01-LOCKSsync/);
    expect(fs.existsSync(`${box.store()}.lock`)).toBe(false);
  });

  it("a profile changed too: the sync is dropped, the gateway's write kept", async () => {
    let written = "";
    const { box, sync } = await rewriteWhileWaiting((store) => {
      store.usageStats = { "anthropic:default": { lastUsed: NOW } };
      store.profiles["anthropic:other"] = {
        type: "api_key",
        provider: "anthropic",
        key: "sk-ant-api03-LOCKSother0000000000000000000000",
      };
      written = JSON.stringify(store, null, 2) + "\n";
    });
    expect(sync).toMatchObject({ status: "dropped", reason: expect.stringMatching(/changed on disk/) });
    expect(read(box.store())).toBe(written);
  });
});

describe("locks left by a clawdia run that was killed", () => {
  it("doctor --fix --yes SIGKILLed while it holds its locks: the next run takes them over at once and applies its changes", () => {
    const box = pendingSync();
    fs.chmodSync(box.dotenv, 0o644); // a second file to write: the run holds more than one lock
    const killed = box.run(["doctor", "--fix", "--yes"], { env: { CLAWDIA_TEST_CRASH_AT: "after-backup" } });
    expect(killed.code).toBeNull(); // SIGKILLed, its locks left behind
    expect(leftoverLocks(box.stateDir).length).toBeGreaterThan(0);

    const began = Date.now();
    const next = box.run(["doctor", "--fix", "--yes", "--json"], { env: { CLAWDIA_LOCK_TIMEOUT_MS: "20000" } });
    const elapsed = Date.now() - began;
    expect(next.stderr).not.toContain(STACK_FRAME);
    const report = parseStdout(next);
    expect(report.changes.filter((change: any) => change.status === "dropped")).toEqual([]);
    expect(report.changes.find((change: any) => change.source === "sync")).toMatchObject({ status: "applied" });
    expect(JSON.parse(read(box.store())).profiles["anthropic:claude-cli"]).toMatchObject({
      type: "oauth",
      expires: NOW + 30 * DAY,
    });
    expect(fs.statSync(box.dotenv).mode & 0o777).toBe(0o600);
    expect(elapsed).toBeLessThan(5_000); // it did not wait for the dead run's locks (20 s, or their 10 s stale time)
    expect(leftoverLocks(box.stateDir)).toEqual([]);
  });
});

// The owner record clawdia writes beside each lock it takes: `<file>.lock.owner`, a JSON line about the
// process, then a line per lock directory it is about, `<inode> <birth time ms> <created at>`. `start`
// is "<boot id>:<start time in clock ticks since boot>" (/proc/<pid>/stat field 22) on Linux.
function plantRecord(lock: string, fields: Record<string, unknown> = {}, createdAt = Date.now()): void {
  const stat = fs.statSync(lock);
  const owner = {
    program: "clawdia",
    pid: process.pid,
    start: null,
    startedAt: Date.now() - 60_000,
    host: os.hostname(),
    pidns: pidNamespace(),
    command: "doctor --fix",
    ...fields,
  };
  fs.writeFileSync(`${lock}.owner`, `${JSON.stringify(owner)}\n${stat.ino} ${stat.birthtimeMs} ${createdAt}\n`);
}

function pidNamespace(): string | null {
  try {
    return fs.readlinkSync("/proc/self/ns/pid");
  } catch {
    return null;
  }
}

/** What clawdia records as a Linux process's start. */
function linuxStart(pid: number): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const bootId = fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  return `${bootId}:${stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]}`;
}

/** A pid no process has any longer. */
function gonePid(): number {
  return spawnSync(process.execPath, ["-e", "0"]).pid!;
}

/** Runs doctor with a long lock timeout; returns the sync change, the result and how long it took. */
function syncRun(box: Sandbox, timeoutMs = 20_000) {
  const began = Date.now();
  const result = box.run(["doctor", "--json"], { env: { CLAWDIA_LOCK_TIMEOUT_MS: String(timeoutMs) } });
  const elapsed = Date.now() - began;
  expect(result.stderr).not.toContain(STACK_FRAME);
  const sync = parseStdout(result).changes.find((change: any) => change.source === "sync");
  return { result, sync, elapsed };
}

const GATEWAY_HOLDER = /it is locked by another process \(the gateway\?\) and stayed locked for 300 ms/;

describe("locks that know their owner", () => {
  it("a lock held by a live clawdia run is waited for, and the reason names that run", async () => {
    const box = pendingSync();
    // "The gateway" holds the config: the first run takes the store's lock, then waits for the config's.
    const configLock = holdLock(box.config);
    const first = spawn(process.execPath, [...CLI_ARGV, "doctor", "--json"], {
      env: cliEnv(box, { env: { CLAWDIA_LOCK_TIMEOUT_MS: "20000" } }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let firstOut = "";
    first.stdout.on("data", (chunk) => (firstOut += String(chunk)));
    const firstDone = new Promise<number | null>((resolve) => first.on("close", resolve));
    for (let waited = 0; !fs.existsSync(`${box.store()}.lock.owner`); waited += 20) {
      if (waited > 15_000) throw new Error("the first run never recorded the store's lock");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const { sync, elapsed } = syncRun(box, 1000);
    expect(sync.status).toBe("dropped");
    expect(sync.reason).toMatch(
      new RegExp(
        `^it is locked by clawdia doctor --json \\(pid ${first.pid}, started \\d\\d:\\d\\d:\\d\\d\\) and stayed locked for 1000 ms$`,
      ),
    );
    expect(elapsed).toBeGreaterThanOrEqual(1000);

    fs.rmdirSync(configLock);
    expect(await firstDone).toBe(0);
    expect(JSON.parse(firstOut).changes.find((change: any) => change.source === "sync").status).toBe("applied");
    expect(leftoverLocks(box.stateDir)).toEqual([]);
  });

  it("the gateway takes over a killed clawdia run's lock by its own stale rule (the record beside the lock does not stop its rmdir)", async () => {
    const box = pendingSync();
    expect(box.run(["doctor"], { env: { CLAWDIA_TEST_CRASH_AT: "after-backup" } }).code).toBeNull();
    const lock = `${box.store()}.lock`;
    expect(fs.existsSync(`${lock}.owner`)).toBe(true);
    const old = new Date(Date.now() - 11_000);
    fs.utimesSync(lock, old, old);
    const release = await lockfile.lock(box.store(), { realpath: false, stale: 10_000, onCompromised: () => {} }); // as the gateway locks
    await release();
    expect(fs.existsSync(lock)).toBe(false);
  });

  it.runIf(process.platform === "linux")(
    "a record naming a live pid with another start time (the pid reused) is taken over at once",
    () => {
      const box = pendingSync();
      plantRecord(holdLock(box.store()), { pid: process.pid, start: `${linuxStart(process.pid)}0` });
      const { sync, elapsed } = syncRun(box);
      expect(sync.status).toBe("applied");
      expect(elapsed).toBeLessThan(5_000);
      expect(leftoverLocks(box.stateDir)).toEqual([]);
    },
  );

  it.runIf(process.platform === "linux")(
    "the same record with that pid's real start time is a live owner: waited for and named",
    () => {
      const box = pendingSync();
      const lock = holdLock(box.store());
      plantRecord(lock, { pid: process.pid, start: linuxStart(process.pid) });
      const { sync } = syncRun(box, 300);
      expect(sync).toMatchObject({
        status: "dropped",
        reason: expect.stringContaining(`it is locked by clawdia doctor --fix (pid ${process.pid}, started `),
      });
      expect(fs.existsSync(lock)).toBe(true);
    },
  );

  it("a record of this host whose pid is gone is taken over at once", () => {
    const box = pendingSync();
    plantRecord(holdLock(box.store()), { pid: gonePid() });
    const { sync, elapsed } = syncRun(box);
    expect(sync.status).toBe("applied");
    expect(elapsed).toBeLessThan(5_000);
  });

  it("an mtime in the future with a record created more than 10 s ago (by its own clock) is taken over", () => {
    const box = pendingSync();
    plantRecord(holdLock(box.store(), -3_600_000), { host: "other-host" }, Date.now() - 11_000);
    const { sync, elapsed } = syncRun(box);
    expect(sync.status).toBe("applied");
    expect(elapsed).toBeLessThan(5_000);
    expect(leftoverLocks(box.stateDir)).toEqual([]);
  });

  it("an mtime in the future and no record: reported with the exact command that clears it, which works", () => {
    const box = pendingSync();
    const lock = holdLock(box.store(), -3_600_000);
    const { sync } = syncRun(box, 300);
    expect(sync.status).toBe("dropped");
    expect(sync.reason).toMatch(GATEWAY_HOLDER);
    expect(sync.reason).toContain("its modification time is in the future");
    const command = /clear it with: (rmdir '.+')$/.exec(sync.reason)?.[1];
    expect(command).toBe(`rmdir '${lock}'`);
    expect(spawnSync("sh", ["-c", command!]).status).toBe(0);
    expect(syncRun(box).sync.status).toBe("applied");
  });

  it("another host's record is never taken over by its pid (gone here), only by the stale rule", () => {
    const box = pendingSync();
    const lock = holdLock(box.store());
    const pid = gonePid();
    plantRecord(lock, { host: "other-host", pid });
    const held = syncRun(box, 300).sync;
    expect(held.status).toBe("dropped");
    expect(held.reason).toMatch(
      new RegExp(
        `^it is locked by clawdia doctor --fix \\(pid ${pid} on other-host, started .+\\) and stayed locked for 300 ms$`,
      ),
    );

    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    expect(syncRun(box).sync.status).toBe("applied");
  });

  it("a record beside a lock it is not about (the gateway's, made after a stale takeover) is no record", () => {
    const box = pendingSync();
    const lock = holdLock(box.store());
    plantRecord(lock, { pid: gonePid() });
    fs.rmdirSync(lock);
    holdLock(box.store()); // a new directory: another inode and birth time
    expect(syncRun(box, 300).sync).toMatchObject({ status: "dropped", reason: expect.stringMatching(GATEWAY_HOLDER) });
  });

  describe("an owner record that is not one never crashes doctor: no record (the stale rule)", () => {
    const elsewhere = (box: Sandbox) => `${box.home}/elsewhere.json`;
    const kinds: Record<string, (record: string, box: Sandbox) => void> = {
      "not JSON": (record) => fs.writeFileSync(record, "{ not json"),
      "JSON of another shape": (record) => fs.writeFileSync(record, JSON.stringify({ program: "clawdia", pid: "1" })),
      "huge (9 MB, over the 8 MB a record may have)": (record) =>
        fs.writeFileSync(record, `{"program":"clawdia","pad":"${"x".repeat(9 * 1024 * 1024)}"}\n`),
      "a directory": (record) => fs.mkdirSync(record),
      "a FIFO": (record) => expect(spawnSync("mkfifo", [record]).status).toBe(0),
      // A valid record of a gone pid, through a link: never followed (else it would be taken over at once).
      "a symbolic link to a record": (record, box) => {
        fs.writeFileSync(elsewhere(box), "");
        plantRecord(record.replace(/\.owner$/, ""), { pid: gonePid() });
        fs.renameSync(record, elsewhere(box));
        fs.symlinkSync(elsewhere(box), record);
      },
    };
    it.each(Object.keys(kinds))("%s", (kind) => {
      const box = pendingSync();
      const lock = holdLock(box.store());
      const record = `${lock}.owner`;
      kinds[kind](record, box);
      const target = fs.existsSync(elsewhere(box)) ? read(elsewhere(box)) : undefined;

      const { result, sync } = syncRun(box, 300);
      expect(result.code).toBe(2);
      expect(sync).toMatchObject({ status: "dropped", reason: expect.stringMatching(GATEWAY_HOLDER) });

      const old = new Date(Date.now() - 60_000);
      fs.utimesSync(lock, old, old);
      expect(syncRun(box).sync.status).toBe("applied");
      if (target !== undefined) expect(read(elsewhere(box))).toBe(target); // nothing written through the link
      expect(fs.existsSync(lock)).toBe(false);
    });
  });
});
