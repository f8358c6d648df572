// Files and directories doctor cannot write (or read): nothing is lost, the report says why in one
// line, and no stack trace reaches the user. Runs as a non-root owner (see runAsOwner).
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DAY,
  history,
  modeOf,
  NOW,
  parseStdout,
  read,
  runAsOwner,
  sandbox,
  STACK_FRAME,
  tree,
  writeClaudeCredentials,
} from "./helpers.js";

describe("read-only and unreadable state", () => {
  it("a read-only state dir: the config fix is dropped (cannot lock), the config is unchanged", () => {
    const box = sandbox("dangling-order");
    const before = read(box.config);
    fs.chmodSync(box.stateDir, 0o500);
    const run = runAsOwner(box);
    const snapshot = tree(box.stateDir);

    const result = run(["doctor"]);
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(result.stdout).toMatch(/dropped: could not lock it: permission denied/);
    expect(result.code).toBe(2); // the dangling order is still there
    expect(read(box.config)).toBe(before);
    expect(tree(box.stateDir)).toEqual(snapshot);
  });

  it("a read-only agent dir: the sync into that store is dropped and nothing is half written", () => {
    const box = sandbox("healthy");
    writeClaudeCredentials(box.home, {
      accessToken: "sk-ant-oat01-READONLYsyncAccess000000000000000000000000000000000000000",
      refreshToken: "sk-ant-ort01-READONLYsyncRefresh00000000000000000000000000000000000000",
      expiresAt: NOW + 30 * DAY,
    });
    const store = read(box.store());
    const config = read(box.config);
    fs.chmodSync(box.state("agents", "main", "agent"), 0o500);
    const run = runAsOwner(box);

    const report = parseStdout(run(["doctor", "--json"]));
    const sync = report.changes.find((change: any) => change.source === "sync");
    expect(sync.status).toBe("dropped");
    expect(sync.reason).toMatch(/permission denied/);
    expect(read(box.store())).toBe(store);
    expect(read(box.config)).toBe(config);
    expect(report.exitCode).toBe(2);
  });

  it("a read-only (0400) config: the fix is applied with a backup, and --undo gives back the bytes and 0400", () => {
    const box = sandbox("dangling-order");
    const before = read(box.config);
    fs.chmodSync(box.config, 0o400);
    const run = runAsOwner(box);

    const result = run(["doctor"]);
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(result.code).toBe(0);
    expect(read(box.config)).not.toBe(before);
    const [entry] = history(box.stateDir);
    const record = entry.files.find((file: any) => file.path === box.config);
    expect(record.modeBefore).toBe(0o400);
    expect(read(record.backup)).toBe(before);

    expect(run(["doctor", "--undo"]).code).toBe(0);
    expect(read(box.config)).toBe(before);
    expect(modeOf(box.config)).toBe(0o400);
  });

  it("an unreadable (0000) store is an error finding with a clear reason; it is left exactly as it is", () => {
    const box = sandbox("healthy");
    fs.chmodSync(box.store(), 0o000);
    const bytes = fs.readFileSync(box.store());
    const run = runAsOwner(box);

    const result = run(["doctor"]);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(result.stdout).toContain("auth-profiles.json could not be read: permission denied (EACCES)");
    expect(modeOf(box.store())).toBe(0o000);
    expect(fs.readFileSync(box.store())).toEqual(bytes);
  });

  it("a read-only backups dir: without a backup nothing is written, and the report says so", () => {
    const box = sandbox("dangling-order");
    const before = read(box.config);
    fs.mkdirSync(box.state("backups"), { mode: 0o500 });
    const run = runAsOwner(box);

    const result = run(["doctor"]);
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(result.stdout).toMatch(/dropped: could not write: permission denied/);
    expect(read(box.config)).toBe(before);
    expect(history(box.stateDir)).toEqual([]);
    expect(result.code).toBe(2);
  });

  // Was a bug (src/engine/transaction.ts applyChanges): the history append comes after the files are
  // committed, inside the try whose catch assumes "nothing was committed". When it fails, the config
  // has been rewritten but the change is reported "dropped", and with no history line --undo cannot
  // find the run (its backup is orphaned).
  it("a read-only doctor/ dir: a change reported as dropped was not written", () => {
    const box = sandbox("dangling-order");
    const before = read(box.config);
    fs.mkdirSync(box.state("doctor"), { mode: 0o500 });
    const run = runAsOwner(box);

    const report = parseStdout(run(["doctor", "--json"]));
    const change = report.changes.find((c: any) => c.files.includes(box.config));
    if (change.status === "dropped") expect(read(box.config)).toBe(before);
    else expect(run(["doctor", "--undo"]).code).toBe(0);
  });
});
