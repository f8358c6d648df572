// Safe repairs are applied without asking, as one transaction: a backup of every original under
// <state>/backups/<runId>/, one line in <state>/doctor/history.jsonl; `doctor --undo` puts back the
// exact bytes and modes, run by run, and refuses when a file changed since.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { backupRuns, history, modeOf, parseStdout, read, sandbox, STACK_FRAME } from "./helpers.js";

/** The healthy fixture with every secret file 0644 and the state dir 0755. */
function widePermissions() {
  const box = sandbox("healthy");
  for (const file of [box.config, box.dotenv, box.store()]) fs.chmodSync(file, 0o644);
  fs.chmodSync(box.stateDir, 0o755);
  return box;
}

describe("safe repairs", () => {
  it("files/permissions: 0644 → 0600 and 0755 → 0700 without asking, exit 0", () => {
    const box = widePermissions();
    const bytes = [box.config, box.dotenv, box.store()].map((file) => read(file));
    const result = box.run(["doctor"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/chmod 600 ~\/\.clawdia\/\.env: applied/);
    for (const file of [box.config, box.dotenv, box.store()]) expect(modeOf(file)).toBe(0o600);
    expect(modeOf(box.stateDir)).toBe(0o700);
    expect([box.config, box.dotenv, box.store()].map((file) => read(file))).toEqual(bytes);
  });

  it("keeps a backup under backups/<runId>/ and appends one history line naming the run", () => {
    const box = sandbox("dangling-order");
    const original = read(box.config);
    const report = parseStdout(box.run(["doctor", "--json"]));
    expect(report.runId).toEqual(expect.any(String));
    expect(backupRuns(box.stateDir)).toEqual([report.runId]);
    expect(modeOf(box.state("backups", report.runId))).toBe(0o700);

    const lines = history(box.stateDir);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ kind: "run", runId: report.runId, command: expect.stringContaining("doctor") });
    const record = lines[0].files.find((file: any) => file.path === box.config);
    expect(path.dirname(record.backup)).toBe(box.state("backups", report.runId));
    expect(read(record.backup)).toBe(original);
    expect(modeOf(record.backup)).toBe(0o600);
    expect(modeOf(box.state("doctor", "history.jsonl"))).toBe(0o600);
  });

  it("a run with nothing to repair writes nothing: no backup, no history", () => {
    const box = sandbox("healthy");
    expect(box.run(["doctor"]).code).toBe(0);
    expect(fs.existsSync(box.state("backups"))).toBe(false);
    expect(fs.existsSync(box.state("doctor"))).toBe(false);
  });

  it("leaves no temp file and no lock behind", () => {
    const box = widePermissions();
    fs.chmodSync(box.config, 0o600);
    box.run(["doctor"]);
    const stray = fs
      .readdirSync(box.stateDir, { recursive: true })
      .map(String)
      .filter((name) => /\.tmp$|\.lock(\.owner)?$/.test(name));
    expect(stray).toEqual([]);
  });
});

describe("doctor --undo", () => {
  it("restores the exact original bytes and modes (content change + chmod, state dir too)", () => {
    const box = sandbox("dangling-order");
    fs.writeFileSync(box.dotenv, "# daemon environment\nCLAWDIA_LOG_LEVEL=debug\n", { mode: 0o644 });
    fs.chmodSync(box.dotenv, 0o644);
    fs.chmodSync(box.stateDir, 0o755);
    const config = fs.readFileSync(box.config);
    expect(box.run(["doctor"]).code).toBe(0);
    expect(fs.readFileSync(box.config)).not.toEqual(config);

    const result = box.run(["doctor", "--undo"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Restored the files of run/);
    expect(fs.readFileSync(box.config)).toEqual(config);
    expect(modeOf(box.config)).toBe(0o600);
    expect(modeOf(box.dotenv)).toBe(0o644);
    expect(modeOf(box.stateDir)).toBe(0o755);
    expect(history(box.stateDir).map((line) => line.kind)).toEqual(["run", "undo"]);
  });

  it("a second --undo goes to the run before, then says there is nothing to undo", () => {
    const box = sandbox("dangling-order");
    const original = read(box.config);
    box.run(["doctor"]); // run 1: drops the dangling id
    const afterFirst = read(box.config);
    fs.chmodSync(box.store(), 0o644);
    box.run(["doctor"]); // run 2: chmods the store
    expect(history(box.stateDir)).toHaveLength(2);

    expect(box.run(["doctor", "--undo"]).code).toBe(0);
    expect(modeOf(box.store())).toBe(0o644);
    expect(read(box.config)).toBe(afterFirst);

    expect(box.run(["doctor", "--undo"]).code).toBe(0);
    expect(read(box.config)).toBe(original);

    const third = box.run(["doctor", "--undo"]);
    expect(third.code).toBe(0);
    expect(third.stdout).toMatch(/nothing to undo/i);
    expect(read(box.config)).toBe(original);
  });

  it("refuses, with a message and a non-zero exit, when a file changed since the run", () => {
    const box = sandbox("dangling-order");
    box.run(["doctor"]);
    const edited = read(box.config).replace("// tried first to last", "// tried first to last (edited by hand)");
    fs.writeFileSync(box.config, edited);

    const result = box.run(["doctor", "--undo"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/cannot undo run .*changed since/);
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(read(box.config)).toBe(edited);
    expect(history(box.stateDir).map((line) => line.kind)).toEqual(["run"]);
  });

  it("refuses when the backup it needs is gone", () => {
    const box = sandbox("dangling-order");
    const report = parseStdout(box.run(["doctor", "--json"]));
    const after = read(box.config);
    fs.rmSync(box.state("backups", report.runId), { recursive: true });
    const result = box.run(["doctor", "--undo"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/its backups in .* are gone/);
    expect(read(box.config)).toBe(after);
  });
});

describe("a history whose last line a kill cut short", () => {
  it("the next run's record starts on a line of its own: it is read, and --undo takes the run back", () => {
    const box = sandbox("dangling-order");
    const historyFile = box.state("doctor", "history.jsonl");
    fs.mkdirSync(path.dirname(historyFile), { recursive: true, mode: 0o700 });
    // What Linux leaves when a fatal signal ends an append early, at a page boundary.
    fs.writeFileSync(historyFile, '{"kind":"run","runId":"20261127T115900Z-cut","files":[{"path":"/x', { mode: 0o600 });
    const config = fs.readFileSync(box.config);
    expect(box.run(["doctor"]).code).toBe(0);
    expect(fs.readFileSync(box.config)).not.toEqual(config);
    const lines = fs.readFileSync(historyFile, "utf8").split("\n");
    expect(lines[0]).toMatch(/"path":"\/x$/);
    expect(JSON.parse(lines[1]).kind).toBe("run");
    const result = box.run(["doctor", "--undo"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Restored the files of run/);
    expect(fs.readFileSync(box.config)).toEqual(config);
  });
});
