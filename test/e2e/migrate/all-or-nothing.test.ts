// When one migration of a run fails, nothing of the run is written (not the other migrations, not
// the stamp, no backup, no history line), the error names the migration and the file, exit 1.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseStdout, sandbox, STACK_FRAME, tree, type Sandbox } from "../helpers.js";
import { holdLock } from "./helpers.js";

/** Runs `migrate` and checks the state dir is exactly as before (modes and contents), lock dirs aside. */
function expectNothingWritten(box: Sandbox, args: string[] = ["migrate"], env: Record<string, string> = {}) {
  const before = tree(box.stateDir);
  const result = box.run(args, { env });
  expect(tree(box.stateDir)).toEqual(before);
  expect(fs.existsSync(box.state("backups"))).toBe(false);
  expect(fs.existsSync(box.state("doctor"))).toBe(false);
  expect(result.code).toBe(1);
  expect(result.stderr).not.toContain(STACK_FRAME);
  return result;
}

/** legacy-flat-auth plus a config migration in the same run, so "nothing" has something to hold back. */
function flatAuthWithGatewayToken(): Sandbox {
  const box = sandbox("legacy-flat-auth");
  const text = fs
    .readFileSync(box.config, "utf8")
    .replace('"port": 18789,', '"port": 18789, "token": "clawgw-LEGFLATgatewayTok000000000000",');
  fs.writeFileSync(box.config, text);
  return box;
}

describe("all or nothing: a migration that cannot do its work", () => {
  it("a flat auth.json that is not a JSON object: names auth.json-to-auth-profiles and that auth.json", () => {
    for (const bad of [
      '["sk-or-v1-LEGFLATarrayValue000000000000000000000000"]\n',
      '"sk-or-v1-LEGFLATbareString0000000000000000000000000"\n',
      "{ truncated\n",
      "",
    ]) {
      const box = flatAuthWithGatewayToken();
      fs.writeFileSync(box.state("agents", "work", "agent", "auth.json"), bad);
      const result = expectNothingWritten(box);
      expect(result.stderr).toBe(
        "clawdia: migration auth.json-to-auth-profiles failed on ~/.clawdia/agents/work/agent/auth.json: it is not a JSON object; fix or remove it, then run `clawdia migrate` again. Nothing was written.\n",
      );
      expect(result.stderr).not.toContain("LEGFLAT");
    }
  });

  it("an auth store that does not parse while auth.json must merge into it: names the store", () => {
    const box = flatAuthWithGatewayToken();
    fs.writeFileSync(box.store(), '{ "version": 1, "profiles": { } } trailing');
    const result = expectNothingWritten(box);
    expect(result.stderr).toMatch(
      /^clawdia: migration auth\.json-to-auth-profiles failed on ~\/\.clawdia\/agents\/main\/agent\/auth-profiles\.json: the auth store does not parse/,
    );
  });

  it("--json says the same: failure { migrationId, file }", () => {
    const box = flatAuthWithGatewayToken();
    fs.writeFileSync(box.store(), "{");
    const report = parseStdout(expectNothingWritten(box, ["migrate", "--json"]));
    expect(report).toMatchObject({
      applied: false,
      exitCode: 1,
      failure: { migrationId: "auth.json-to-auth-profiles", file: box.store() },
    });
  });

  it("--check and --dry-run report the failure too (exit 1), and write nothing", () => {
    const box = flatAuthWithGatewayToken();
    fs.writeFileSync(box.state("agents", "work", "agent", "auth.json"), "[]");
    for (const args of [
      ["migrate", "--check"],
      ["migrate", "--dry-run"],
    ]) {
      expect(expectNothingWritten(box, args).stderr).toContain(
        "migration auth.json-to-auth-profiles failed on ~/.clawdia/agents/work/agent/auth.json",
      );
    }
  });

  it("doctor: the migrations are held back and reported as migrate/failed (error); the files stay", () => {
    const box = flatAuthWithGatewayToken();
    fs.writeFileSync(box.state("agents", "work", "agent", "auth.json"), "[]");
    const before = tree(box.stateDir);
    const result = box.run(["doctor", "--json"]);
    expect(result.code).toBe(1);
    const report = parseStdout(result);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        ruleId: "migrate/failed",
        severity: "error",
        subject: expect.objectContaining({ file: box.state("agents", "work", "agent", "auth.json") }),
      }),
    );
    expect(report.changes.filter((c: any) => c.source === "migration")).toEqual([]);
    expect(tree(box.stateDir)).toEqual(before);
  });

  // Was a bug: src/engine/migrate.ts reports the failing file as the migration found it in the planned
  // state, after earlier migrations of the run moved it in memory. Input: legacy-everything with
  // <state>/agent/auth.json = `[...]` (not an object). Expected: the error names
  // ~/.clawdia/agent/auth.json, where the file is. Actual: "failed on
  // ~/.clawdia/agents/main/agent/auth.json", a path that does not exist (nothing was moved).
  it("a bad auth.json still in the old agent/ dir: the error names the file where it is", () => {
    const box = sandbox("legacy-everything");
    fs.writeFileSync(box.state("agent", "auth.json"), '["sk-or-v1-LEGALLarrayValue0000000000000000000000"]\n');
    const result = expectNothingWritten(box);
    expect(result.stderr).toContain("failed on ~/.clawdia/agent/auth.json:");
  });
});

describe("all or nothing: a file locked by another process", () => {
  it("the config locked (fresh <file>.lock): names the migration and the config; nothing written", () => {
    const box = sandbox("legacy-gateway-token");
    holdLock(box.config);
    const started = Date.now();
    const result = expectNothingWritten(box, ["migrate"], { CLAWDIA_LOCK_TIMEOUT_MS: "200" });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.stderr).toBe(
      "clawdia: migration gateway.token-to-gateway.auth.token failed on ~/.clawdia/clawdia.json: it is locked by another process (the gateway?) and stayed locked for 200 ms. Nothing was written.\n",
    );
  });

  it("an agent's store locked: the other agent's merge and the config's migration and stamp are held back too", () => {
    const box = flatAuthWithGatewayToken();
    holdLock(box.store("main"));
    const result = expectNothingWritten(box, ["migrate"], { CLAWDIA_LOCK_TIMEOUT_MS: "200" });
    expect(result.stderr).toMatch(
      /^clawdia: migration auth\.json-to-auth-profiles failed on ~\/\.clawdia\/agents\/main\/agent\/auth-profiles\.json: it is locked/,
    );
  });

  it("the lock released: the same run goes through", () => {
    const box = sandbox("legacy-gateway-token");
    const lock = holdLock(box.config);
    expectNothingWritten(box, ["migrate"], { CLAWDIA_LOCK_TIMEOUT_MS: "200" });
    fs.rmdirSync(lock);
    expect(box.run(["migrate"]).code).toBe(0);
  });

  // Was a bug: src/engine/run-migrations.ts names `change.ops[0].file` of the first dropped change, not
  // the file that was locked. Input: legacy-flat-auth with agents/main/agent/auth.json.lock held.
  // Expected: "failed on ~/.clawdia/agents/main/agent/auth.json: it is locked …". Actual: "failed on
  // ~/.clawdia/agents/main/agent/auth-profiles.json: it is locked …" (the store, which is not locked).
  // Same with agents/work/agent/auth-profiles.json.lock held: main's store is named.
  it("the locked file is the one named (auth.json, not the store the migration writes first)", () => {
    const box = sandbox("legacy-flat-auth");
    holdLock(box.state("agents", "main", "agent", "auth.json"));
    const result = expectNothingWritten(box, ["migrate"], { CLAWDIA_LOCK_TIMEOUT_MS: "200" });
    expect(result.stderr).toContain("failed on ~/.clawdia/agents/main/agent/auth.json: it is locked");
  });

  it("the locked file is the one named (work's store, not main's)", () => {
    const box = sandbox("legacy-flat-auth");
    holdLock(box.store("work"));
    const result = expectNothingWritten(box, ["migrate"], { CLAWDIA_LOCK_TIMEOUT_MS: "200" });
    expect(result.stderr).toContain("failed on ~/.clawdia/agents/work/agent/auth-profiles.json: it is locked");
  });

  // Was a bug: src/engine/transaction.ts lockAndCheck() runs mkdirSync(dirname(file), { recursive: true })
  // for every planned file before it knows whether the run can go ahead, so a run that writes
  // nothing still creates the directories of files it would have moved. Input: legacy-agent-dir
  // with clawdia.json.lock held. Expected: the state dir exactly as before. Actual: new empty
  // agents/, agents/main/, agents/main/agent/. (The message also calls the stamp a migration:
  // "migration stamp failed on ~/.clawdia/clawdia.json".)
  it("a locked config stops a move without creating the move's directories", () => {
    const box = sandbox("legacy-agent-dir");
    holdLock(box.config);
    expectNothingWritten(box, ["migrate"], { CLAWDIA_LOCK_TIMEOUT_MS: "200" });
  });
});

describe("all or nothing: an edit that cannot be made", () => {
  // Was a bug: planMigrations (src/engine/migrate.ts) builds each next state with withOps
  // (src/engine/virtual-state.ts), which swallows an edit that throws; so a plan whose edit cannot
  // be applied looks fine until writeAll (src/engine/transaction.ts) throws after it has created
  // backups/<runId>/ and doctor/history.jsonl (empty). Input: legacy-gateway-token with
  // `"meta": "hand-edited"` (the stamp cannot set meta.lastTouchedVersion). Expected: exit 1,
  // nothing written, --dry-run/--check report the failure (exit 1) as the real run does. Actual:
  // --dry-run exits 0 ("Pending 1 migration(s)"), the real run exits 1 naming
  // gateway.token-to-gateway.auth.token ("could not write: cannot set meta.lastTouchedVersion:
  // meta is not an object") and leaves an empty backups/<runId>/ and an empty doctor/history.jsonl.
  it("meta that is not an object: nothing written, and the dry run says the run would fail", () => {
    const box = sandbox("legacy-gateway-token");
    const text = fs.readFileSync(box.config, "utf8").replace(/"meta": \{.*\},/, '"meta": "hand-edited",');
    fs.writeFileSync(box.config, text);
    expect(box.run(["migrate", "--dry-run"]).code).toBe(1);
    expectNothingWritten(box);
  });
});
