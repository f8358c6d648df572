// Crash safety of `clawdia doctor --undo` (issue 13, case 5). An undo is a run of the transaction:
// killed at any named step of it, or at a random moment, every file holds either what the run left
// or what it found; the next `clawdia doctor` reports the half-done undo; `--undo` again finishes
// it, and the user's files are back as they were before the run, byte for byte and mode for mode.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { findInterruptedRuns } from "../../src/engine/interrupted.js";
import { resolvePaths } from "../../src/paths.js";
import {
  ageLeftoverLocks,
  everythingAtOnce,
  expectAllParse,
  expectOldOrNew,
  historyRuns,
  manyAgents,
  pool,
  run,
  sleep,
  STACK_FRAME,
  start,
  undoAll,
  userTree,
  type Sandbox,
} from "./helpers.js";

const SCALE = Number(process.env.RELIABILITY_SCALE ?? 1) || 1;
const RANDOM_KILLS = 10 * SCALE;

/** everythingAtOnce's run rewrites 3 files (config, 2 stores): its undo stages 3 temp files. */
const STAGED = 3;
const POINTS = [
  "after-backup",
  ...[1, 2, 3].map((i) => `after-temp-${i}`),
  ...[1, 2, 3].map((i) => `after-rename-${i}`),
  "before-history",
  "after-history",
];

async function ranOnce(make: () => Sandbox, args: string[]) {
  const box = make();
  const before = userTree(box);
  const result = await run(box, args);
  expect(result.code, result.stderr).toBe(0);
  return { box, before, after: userTree(box) };
}

/** Resolves when the undo makes its own backup directory (its first write), or when it exits. */
function undoStartsWriting(box: Sandbox, started: ReturnType<typeof start>): Promise<void> {
  const before = fs.readdirSync(box.state("backups")).length;
  return new Promise((resolve) => {
    const watcher = fs.watch(box.state("backups"), () => {
      if (fs.readdirSync(box.state("backups")).length > before) finish();
    });
    const finish = () => {
      watcher.close();
      resolve();
    };
    started.done.then(finish);
  });
}

/** The user's files without the lock dirs a killed process left (stale for the gateway, taken over by the next run). */
function withoutLeftLocks(now: Record<string, string>, left: string[], box: Sandbox): Record<string, string> {
  const rels = new Set(left.map((lock) => lock.slice(box.home.length + 1)));
  return Object.fromEntries(Object.entries(now).filter(([rel]) => !rels.has(rel)));
}

function noInterruptedRun(box: Sandbox, label: string): void {
  expect(findInterruptedRuns(resolvePaths({ stateDir: box.stateDir, env: { HOME: box.home } })), label).toEqual([]);
}

describe("crash points of --undo (doctor --fix --yes: config + 2 stores, 3 chmods)", () => {
  it.each(POINTS)(
    "undo killed at %s: each file is as the run left it or found it; --undo again finishes it",
    async (point) => {
      const label = `undo killed at ${point}`;
      const { box, before, after } = await ranOnce(everythingAtOnce, ["doctor", "--fix", "--yes"]);
      const crashed = await run(box, ["doctor", "--undo"], { CLAWDIA_TEST_CRASH_AT: point });
      expect(crashed.signal, `${label}: ${crashed.stderr}`).toBe("SIGKILL");
      expectOldOrNew(userTree(box), after, before, label);
      expectAllParse(box, label);
      const renamed = Number(/^after-rename-(\d+)$/.exec(point)?.[1] ?? (point.endsWith("history") ? STAGED : 0));
      const restored = Object.keys(after).filter(
        (rel) => after[rel] !== before[rel] && userTree(box)[rel] === before[rel] && after[rel].startsWith("file"),
      );
      expect(
        restored.filter((rel) => before[rel]?.replace(/^file \d+ /, "") !== after[rel].replace(/^file \d+ /, ""))
          .length,
        label,
      ).toBe(renamed);
      const left = ageLeftoverLocks(box);

      // The half-done undo is reported like any interrupted run, with the command that finishes it.
      const report = JSON.parse((await run(box, ["doctor", "--dry-run", "--json"])).stdout);
      const interrupted = report.findings.filter((f: any) => f.ruleId === "engine/interrupted-run");
      expect(interrupted.length, label).toBe(point === "after-history" ? 0 : 1);

      await undoAll(box, label);
      expect(withoutLeftLocks(userTree(box), left, box), `${label}: after --undo again`).toEqual(before);
      noInterruptedRun(box, label);
      const kinds = historyRuns(box).map((line) => line.kind);
      expect(kinds, label).toEqual(["run", "undo"]);
      if (point !== "after-history") expect(historyRuns(box)[1].finishes, label).toMatch(/^\d{8}T\d{6}Z-/);
    },
    60_000,
  );

  it("40 agents: an undo killed half-way through its renames is finished by the next --undo", async () => {
    const { box, before } = await ranOnce(() => manyAgents(40), ["doctor"]);
    const crashed = await run(box, ["doctor", "--undo"], { CLAWDIA_TEST_CRASH_AT: "after-rename-20" });
    expect(crashed.signal).toBe("SIGKILL");
    ageLeftoverLocks(box);
    const finished = await run(box, ["doctor", "--undo"]);
    expect(finished.stderr).not.toContain(STACK_FRAME);
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stdout).toMatch(/Restored the files of run/);
    expect(userTree(box)).toEqual(before);
    expect((await run(box, ["doctor", "--undo"])).stdout).toMatch(/Nothing to undo/);
  }, 60_000);
});

describe("--undo killed at random moments", () => {
  it(
    `${RANDOM_KILLS} undos of a 7-file run killed at random: never a torn file, --undo always finishes`,
    async () => {
      const tally = { notStarted: 0, interrupted: 0, complete: 0 };
      await pool([...Array(RANDOM_KILLS).keys()], 2, async (i) => {
        const { box, before, after } = await ranOnce(() => manyAgents(6), ["doctor"]);
        const probe = Date.now();
        const started = start(box, ["doctor", "--undo"]);
        const label = `undo kill ${i + 1}`;
        // Most kills inside the undo's transaction (from its backup directory appearing), some before.
        // A 7-file undo takes a few milliseconds once it writes: the delays after that are mostly short
        // (cubed), or most kills would land after it finished.
        if (i % 4 !== 0) await undoStartsWriting(box, started);
        await sleep(i % 4 === 0 ? Math.random() * 300 : Math.random() ** 3 * 40);
        started.child.kill("SIGKILL");
        const outcome = await started.done;
        expectOldOrNew(userTree(box), after, before, label);
        expectAllParse(box, label);
        const kinds = historyRuns(box).map((line) => line.kind);
        if (outcome.signal !== "SIGKILL" || kinds.length === 2) tally.complete++;
        else if (fs.readdirSync(box.state("backups")).length > 1) tally.interrupted++;
        else tally.notStarted++;
        const left = ageLeftoverLocks(box);
        await undoAll(box, `${label} (${Date.now() - probe} ms)`);
        expect(withoutLeftLocks(userTree(box), left, box), `${label}: after --undo`).toEqual(before);
        noInterruptedRun(box, label);
      });
      console.info(`random SIGKILL of --undo: ${JSON.stringify(tally)}`);
      expect(tally.interrupted).toBeGreaterThan(0);
    },
    170_000 * SCALE,
  );
});
