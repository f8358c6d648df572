// Backups are bounded (issue 13, case 7): they hold old secrets, so only the newest
// `doctor.backups.keep` writing runs (10 by default) keep theirs; older runs stay in the history,
// listed by `clawdia doctor --history` as no longer undoable. The history is rotated past its size
// bound and read from its end, so a huge history is neither read whole nor read as empty.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  backupRuns,
  DAY,
  history,
  NOW,
  parseStdout,
  read,
  sandbox,
  STACK_FRAME,
  writeClaudeCredentials,
  type Sandbox,
} from "./helpers.js";

const token = (round: number) => `sk-ant-oat01-RETAINround${String(round).padStart(2, "0")}`.padEnd(100, "x");

/** Claude Code refreshed its login `rounds` times and `models status` ran after each: one sync run each. */
function syncRounds(box: Sandbox, rounds: number): void {
  for (let round = 1; round <= rounds; round++) {
    writeClaudeCredentials(box.home, {
      accessToken: token(round),
      refreshToken: `sk-ant-ort01-RETAINrefresh${round}`.padEnd(100, "y"),
      expiresAt: NOW + (30 + round) * DAY,
    });
    const status = box.run(["models", "status"]);
    expect(status.stderr).not.toContain(STACK_FRAME);
  }
}

function backupText(box: Sandbox): string {
  const dir = box.state("backups");
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .map((rel) => path.join(dir, rel))
    .filter((file) => fs.statSync(file).isFile())
    .map((file) => read(file))
    .join("\n");
}

/** More sync passes than the default keep: RETENTION_ROUNDS=30 replays the thirty. */
const ROUNDS = Math.max(12, Number(process.env.RETENTION_ROUNDS) || 0);

describe("bounded backups", () => {
  it(`${ROUNDS} sync passes keep the backups of the newest 10 runs only; the oldest tokens are gone from backups/; pruned runs are listed as such`, () => {
    const box = sandbox("healthy");
    syncRounds(box, ROUNDS);
    expect(history(box.stateDir)).toHaveLength(ROUNDS);
    const kept = backupRuns(box.stateDir);
    expect(kept).toEqual(
      history(box.stateDir)
        .slice(-10)
        .map((line) => line.runId)
        .sort(),
    );
    const text = backupText(box);
    // Round n's run backs up the store holding round n-1's token: rounds 1 to ROUNDS-11 are gone.
    for (let round = 1; round <= ROUNDS - 11; round++) expect(text, `round ${round}`).not.toContain(token(round));
    expect(text).toContain(token(ROUNDS - 10));

    const runs = parseStdout(box.run(["doctor", "--history", "--json"])).runs;
    expect(runs.map((run: any) => run.status)).toEqual([
      ...Array(ROUNDS - 10).fill("pruned"),
      ...Array(10).fill("undoable"),
    ]);
    const undo = box.run(["doctor", "--undo", runs[0].runId]);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toMatch(/its backups in .* are gone: pruned/);
  });

  it("doctor.backups.keep = 3 keeps three", () => {
    const box = sandbox("healthy");
    fs.writeFileSync(
      box.config,
      read(box.config).replace('"meta":', '"doctor": { "backups": { "keep": 3 } },\n  "meta":'),
    );
    syncRounds(box, 5);
    expect(backupRuns(box.stateDir)).toHaveLength(3);
    expect(
      parseStdout(box.run(["doctor", "--dry-run", "--json"])).findings.filter(
        (f: any) => f.ruleId === "config/invalid",
      ),
    ).toEqual([]);
  });

  it.each([0, 1001, 2.5, "ten"])("doctor.backups.keep = %j is reported by config/invalid", (keep) => {
    const box = sandbox("healthy");
    fs.writeFileSync(
      box.config,
      read(box.config).replace('"meta":', `"doctor": { "backups": { "keep": ${JSON.stringify(keep)} } },\n  "meta":`),
    );
    const report = parseStdout(box.run(["doctor", "--dry-run", "--json"]));
    expect(
      report.findings
        .filter((f: any) => f.ruleId === "config/invalid")
        .map((f: any) => f.message)
        .join("\n"),
    ).toMatch(/doctor\.backups\.keep/);
  });
});

describe("doctor --history and --undo RUN_ID", () => {
  it("lists every run with its id, time, command and files; --undo of an undo gives the changes back", () => {
    const box = sandbox("dangling-order");
    const original = read(box.config);
    expect(box.run(["doctor"]).code).toBe(0);
    const fixed = read(box.config);
    const text = box.run(["doctor", "--history"]);
    const [run] = history(box.stateDir);
    expect(text.stdout).toContain(run.runId);
    expect(text.stdout).toContain("~/.clawdia/clawdia.json");
    expect(text.stdout).toMatch(/undoable/);

    const undo = box.run(["doctor", "--undo", run.runId]);
    expect(undo.code, undo.stderr).toBe(0);
    expect(read(box.config)).toBe(original);
    const undoId = history(box.stateDir)[1].runId;
    expect(undo.stdout).toContain(`clawdia doctor --undo ${undoId}`);
    const listed = parseStdout(box.run(["doctor", "--history", "--json"])).runs;
    expect(listed.map((r: any) => [r.kind, r.status])).toEqual([
      ["run", "undone"],
      ["undo", "undoable"],
    ]);
    expect(listed[0].undoneBy).toBe(undoId);

    const again = box.run(["doctor", "--undo", run.runId]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`already undone by run ${undoId}`));

    const redo = box.run(["doctor", "--undo", undoId]);
    expect(redo.code, redo.stderr).toBe(0);
    expect(read(box.config)).toBe(fixed);
    // The run is in effect again: plain --undo takes it back once more.
    expect(box.run(["doctor", "--undo"]).code).toBe(0);
    expect(read(box.config)).toBe(original);
  });

  it("an unknown run id is refused with the command that lists them; --undo with --history is bad usage", () => {
    const box = sandbox("healthy");
    const result = box.run(["doctor", "--undo", "20200101T000000Z-abcdef"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no run .*`clawdia doctor --history` lists the runs/);
    expect(box.run(["doctor", "--undo", "--history"]).code).toBe(64);
    expect(box.run(["doctor", "--history"]).stdout).toMatch(/No run of clawdia has written anything here/);
  });
});

describe("a large history", () => {
  it("a 600 MB history is read from its end: --undo still finds the last run; the next run rotates it", () => {
    const box = sandbox("dangling-order");
    const original = read(box.config);
    fs.mkdirSync(box.state("doctor"), { recursive: true, mode: 0o700 });
    const file = box.state("doctor", "history.jsonl");
    const fd = fs.openSync(file, "w", 0o600);
    fs.ftruncateSync(fd, 600 * 1024 * 1024 - 1); // sparse: costs no disk
    fs.writeSync(fd, "\n", 600 * 1024 * 1024 - 1);
    fs.closeSync(fd);
    expect(box.run(["doctor"]).code).toBe(0);
    // The run rotated the old history away before appending its own line.
    expect(fs.statSync(file).size).toBeLessThan(1024 * 1024);
    expect(fs.statSync(box.state("doctor", "history.1.jsonl")).size).toBe(600 * 1024 * 1024);
    const undo = box.run(["doctor", "--undo"]);
    expect(undo.code, undo.stderr).toBe(0);
    expect(read(box.config)).toBe(original);
  });

  it("a run recorded in the rotated generation is still undoable", () => {
    const box = sandbox("dangling-order");
    const original = read(box.config);
    expect(box.run(["doctor"]).code).toBe(0);
    const file = box.state("doctor", "history.jsonl");
    // Past the rotation bound: pad the history with blank lines (readHistory skips them).
    fs.appendFileSync(file, "\n".repeat(5 * 1024 * 1024));
    fs.chmodSync(box.store(), 0o644);
    expect(box.run(["doctor"]).code).toBe(0); // a second run: rotates, then records itself
    expect(fs.existsSync(box.state("doctor", "history.1.jsonl"))).toBe(true);
    expect(box.run(["doctor", "--undo"]).code).toBe(0);
    expect(box.run(["doctor", "--undo"]).code).toBe(0);
    expect(read(box.config)).toBe(original);
    expect(
      parseStdout(box.run(["doctor", "--dry-run", "--json"])).findings.filter(
        (f: any) => f.ruleId === "engine/interrupted-run",
      ),
    ).toEqual([]);
  });
});
