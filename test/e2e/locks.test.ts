// Locks interoperate with the gateway: proper-lockfile's `<file>.lock` directory. A held lock makes
// doctor drop the change to that file (and say why); a stale one (mtime older than 10 s) is taken over.
// runCli sets CLAWDIA_LOCK_TIMEOUT_MS=300, so a held lock costs a test well under a second.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { DAY, history, NOW, parseStdout, read, sandbox, STACK_FRAME, startCli, writeClaudeCredentials } from "./helpers.js";

/** Lock directories and owner records left anywhere in the state dir. */
function leftoverLocks(stateDir: string): string[] {
  return fs.readdirSync(stateDir, { recursive: true }).map(String).filter((rel) => /\.lock(\.owner)?$/.test(rel));
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
      store.profiles["anthropic:other"] = { type: "api_key", provider: "anthropic", key: "sk-ant-api03-LOCKSother0000000000000000000000" };
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
    expect(JSON.parse(read(box.store())).profiles["anthropic:claude-cli"]).toMatchObject({ type: "oauth", expires: NOW + 30 * DAY });
    expect(fs.statSync(box.dotenv).mode & 0o777).toBe(0o600);
    expect(elapsed).toBeLessThan(5_000); // it did not wait for the dead run's locks (20 s, or their 10 s stale time)
    expect(leftoverLocks(box.stateDir)).toEqual([]);
  });
});
