// Crash safety (issue 7, part 1). The test preload makes the CLI SIGKILL itself at a named step of
// the write transaction (src/seams.ts crashPoint; CLAWDIA_TEST_CRASH_AT). After every crash: each
// file holds exactly its old or its new bytes (and mode) and parses; the next `clawdia doctor`
// completes and reports the half-finished run; `clawdia doctor --undo`, repeated until there is
// nothing to undo, gives back every byte and mode of the user's files. Then the same checks after
// real SIGKILLs at random moments of real runs.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findInterruptedRuns } from "../../src/engine/interrupted.js";
import { resolvePaths } from "../../src/paths.js";
import { CLI_ARGV, cliEnv, sandbox } from "../e2e/helpers.js";
import {
  ageLeftoverLocks,
  everythingAtOnce,
  expectAllParse,
  expectOldOrNew,
  flatAuthMigration,
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

/** RELIABILITY_SCALE=5 for a longer soak; 1 keeps the suite's time budget. */
const SCALE = Number(process.env.RELIABILITY_SCALE ?? 1) || 1;
/** Runs per crash point. The crash is deterministic; the second run varies the run id and timing. */
const RUNS_PER_POINT = 2 * SCALE;
/** Real runs killed with SIGKILL at a random moment. */
const RANDOM_KILLS = 40 * SCALE;

interface Scenario {
  name: string;
  make: () => Sandbox;
  args: string[];
  /** Files whose content one complete run rewrites (= temp files staged = renames). */
  staged: number;
}

const SCENARIOS: Scenario[] = [
  {
    name: "doctor --fix --yes: config + 2 stores rewritten, 3 chmods",
    make: everythingAtOnce,
    args: ["doctor", "--fix", "--yes"],
    staged: 3,
  },
  {
    name: "migrate: 2 stores + 2 auth.json.bak written, 2 auth.json removed, config stamped",
    make: flatAuthMigration,
    args: ["migrate"],
    staged: 5,
  },
];

function crashPoints(staged: number): string[] {
  const n = Array.from({ length: staged }, (_, i) => i + 1);
  return [
    "after-backup",
    ...n.map((i) => `after-temp-${i}`),
    ...n.map((i) => `after-rename-${i}`),
    "before-history",
    "after-history",
  ];
}

interface Reference {
  before: Record<string, string>;
  after: Record<string, string>;
  /** Entries whose content (not only mode) a complete run changes. */
  rewritten: string[];
}

const references = new Map<string, Promise<Reference>>();

/** The user's files before, and after one complete uncrashed run, of a scenario. */
function reference(scenario: Scenario): Promise<Reference> {
  if (!references.has(scenario.name)) {
    references.set(
      scenario.name,
      (async () => {
        const box = scenario.make();
        const before = userTree(box);
        const result = await run(box, scenario.args);
        expect(result.code, result.stderr).toBe(0);
        const after = userTree(box);
        const content = (entry: string | undefined) => entry?.replace(/^file \d+ /, "");
        const rewritten = Object.keys({ ...before, ...after }).filter(
          (rel) => after[rel]?.startsWith("file") && content(before[rel]) !== content(after[rel]),
        );
        return { before, after, rewritten };
      })(),
    );
  }
  return references.get(scenario.name)!;
}

/** How far the run got: entries (content-rewritten ones) that already hold their new bytes. */
function newCount(box: Sandbox, ref: Reference): number {
  const now = userTree(box);
  return ref.rewritten.filter((rel) => now[rel] === ref.after[rel]).length;
}

async function checkAfterCrash(
  box: Sandbox,
  ref: Reference,
  label: string,
  opts: { complete: boolean; nextArgs?: string[] },
): Promise<void> {
  expectOldOrNew(userTree(box), ref.before, ref.after, label);
  expectAllParse(box, label);
  ageLeftoverLocks(box);
  const nextArgs = opts.nextArgs ?? ["doctor", "--json"];

  const next = await run(box, nextArgs);
  expect(next.stderr, label).not.toContain(STACK_FRAME);
  expect([0, 1, 2], `${label}: next doctor exit ${next.code}: ${next.stderr}`).toContain(next.code);
  const report = JSON.parse(next.stdout);
  const interrupted = report.findings.filter((f: any) => f.ruleId === "engine/interrupted-run");
  expect(interrupted.length, `${label}: interrupted-run finding`).toBe(opts.complete ? 0 : 1);
  if (!opts.complete) expect(interrupted[0].advice.join(" ")).toContain("clawdia doctor --undo");

  await undoAll(box, label);
  expect(userTree(box), `${label}: after --undo`).toEqual(ref.before);
  // Undone, it is no longer reported as interrupted (the same check doctor makes).
  expect(findInterruptedRuns(resolvePaths({ stateDir: box.stateDir, env: { HOME: box.home } })), label).toEqual([]);
}

for (const scenario of SCENARIOS) {
  describe(`crash points: ${scenario.name}`, () => {
    it(`one complete run stages ${scenario.staged} temp files (so the points below are every step)`, async () => {
      const ref = await reference(scenario);
      expect(ref.rewritten).toHaveLength(scenario.staged);
    });

    it.each(crashPoints(scenario.staged))(
      `killed at %s: old-or-new bytes, next doctor reports it, --undo restores (${RUNS_PER_POINT} runs)`,
      async (point) => {
        const ref = await reference(scenario);
        await pool([...Array(RUNS_PER_POINT).keys()], 2, async (k) => {
          const label = `${point} run ${k + 1}`;
          const box = scenario.make();
          expect(userTree(box)).toEqual(ref.before);
          const crashed = await run(box, scenario.args, { CLAWDIA_TEST_CRASH_AT: point });
          expect(crashed.signal, `${label}: ${crashed.stderr}`).toBe("SIGKILL");

          // How far the run got, exactly: temp files are never renamed before every one is staged.
          const renamed = /^after-rename-(\d+)$/.exec(point)?.[1];
          const expectedNew =
            point === "before-history" || point === "after-history" ? scenario.staged : renamed ? Number(renamed) : 0;
          expect(newCount(box, ref), label).toBe(expectedNew);
          const temps = fs
            .readdirSync(box.stateDir, { recursive: true })
            .map(String)
            .filter((rel) => rel.endsWith(".tmp"));
          const staged = /^after-temp-(\d+)$/.exec(point)?.[1];
          expect(temps.length, label).toBe(staged ? Number(staged) : renamed ? scenario.staged - Number(renamed) : 0);
          expect(historyRuns(box).length, label).toBe(point === "after-history" ? 1 : 0);

          await checkAfterCrash(box, ref, label, { complete: point === "after-history" });
        });
      },
      60_000 * SCALE,
    );
  });
}

describe("right after a crash (before its locks go stale)", () => {
  // Each lock records its owner: a dead run's `<file>.lock` dirs are taken over at once, not after 10 s.
  it("--undo takes over the dead run's locks at once and restores", async () => {
    const scenario = SCENARIOS[0];
    const ref = await reference(scenario);
    const box = scenario.make();
    await run(box, scenario.args, { CLAWDIA_TEST_CRASH_AT: "after-rename-2" });
    expect(Object.keys(userTree(box)).some((rel) => rel.endsWith(".lock"))).toBe(true);

    const undo = await run(box, ["doctor", "--undo"], { CLAWDIA_LOCK_TIMEOUT_MS: "20000" });
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.ms).toBeLessThan(5_000); // not the lock timeout, nor the 10 s stale time
    await undoAll(box, "after the undo");
    expect(userTree(box)).toEqual(ref.before);
  });
});

describe("SIGKILL at random moments", () => {
  it(
    `${RANDOM_KILLS} real runs of doctor (6 agents to sync: 7 files) killed at random: never a torn file, always undoable`,
    async () => {
      const AGENTS = 6;
      // Calibrate: how long a whole run takes here, and how long its transaction lasts (from its
      // backup directory appearing to its history line).
      const probe = manyAgents(AGENTS);
      const before = userTree(probe);
      const probing = start(probe, ["doctor"]);
      let exited = false;
      probing.done.then(() => (exited = true));
      await firstWrite(probe, probing);
      const wroteAt = Date.now();
      const history = probe.state("doctor", "history.jsonl");
      while (!exited && !(fs.existsSync(history) && fs.statSync(history).size > 0)) await sleep(1);
      const writePhase = Math.max(10, Date.now() - wroteAt);
      const full = await probing.done;
      expect(full.code, full.stderr).toBe(0);
      const after = userTree(probe);
      const ref: Reference = {
        before,
        after,
        rewritten: Object.keys(after).filter((rel) => after[rel] !== before[rel] && after[rel].startsWith("file")),
      };

      // Half the kills at a random moment of the run's whole life (most land before it writes); half at
      // a random moment of its writing (after its backup directory appears), inside the transaction.
      type Plan = { from: "start" | "first write"; delay: number };
      const plans = Array.from({ length: RANDOM_KILLS }, (_, i): Plan =>
        i % 2 === 0
          ? { from: "start", delay: Math.random() * full.ms }
          : { from: "first write", delay: Math.random() * writePhase * 1.2 },
      );
      const tally = { beforeAnyWrite: 0, interrupted: 0, complete: 0 };
      await pool(plans, 2, async (plan, i) => {
        const box = manyAgents(AGENTS);
        const started = start(box, ["doctor"]);
        const label = `kill ${i + 1}, ${Math.round(plan.delay)} ms after its ${plan.from}`;
        if (plan.from === "first write") await firstWrite(box, started);
        await sleep(plan.delay);
        started.child.kill("SIGKILL");
        await started.done;
        const backups = fs.existsSync(box.state("backups")) ? fs.readdirSync(box.state("backups")) : [];
        // A manifest cut short by the kill (written before any file of the user's is touched) is no run.
        const manifest = backups.some((id) => parses(path.join(box.state("backups"), id, "manifest.json")));
        const complete = historyRuns(box).length === 1;
        if (!manifest) {
          tally.beforeAnyWrite++;
          expectOldOrNew(userTree(box), before, before, label); // not one of the user's files changed
          if (backups.length) {
            // Killed while writing its backup: a half-written backup is no run to undo.
            const next = await run(box, ["doctor", "--undo"]);
            expect(next.stdout, label).toMatch(/Nothing to undo/);
          }
          return;
        }
        if (complete) tally.complete++;
        else tally.interrupted++;
        if (complete) {
          // It finished before the kill: an ordinary run, which --undo takes back (the crash-point
          // tests above check the next doctor after an after-history kill).
          expectOldOrNew(userTree(box), after, after, label);
          ageLeftoverLocks(box); // killed between its history line and letting go of its locks
          await undoAll(box, label);
          expect(userTree(box), `${label}: after --undo`).toEqual(before);
        } else await checkAfterCrash(box, ref, label, { complete, nextArgs: ["doctor", "--dry-run", "--json"] });
      });
      console.info(
        `random SIGKILL: ${RANDOM_KILLS} kills ${JSON.stringify(tally)} (a whole run: ${full.ms} ms, its transaction: ${writePhase} ms)`,
      );
      // The kills did land inside transactions. How many depends on the machine's speed and load (18 to
      // 40 of 100 seen); the deterministic crash points above cover every step, so this only guards
      // against a test that never hits a transaction at all.
      expect(tally.interrupted).toBeGreaterThanOrEqual(RANDOM_KILLS / 20);
    },
    170_000 * SCALE,
  );
});

function parses(file: string): boolean {
  try {
    JSON.parse(fs.readFileSync(file, "utf8"));
    return true;
  } catch {
    return false;
  }
}

/** Resolves when the run creates its backup directory (its first write), or when it exits. */
function firstWrite(box: Sandbox, started: ReturnType<typeof start>): Promise<void> {
  return new Promise((resolve) => {
    const watcher = fs.watch(box.stateDir, (_event, name) => {
      if (name === "backups") finish();
    });
    const finish = () => {
      watcher.close();
      resolve();
    };
    started.done.then(finish);
  });
}

describe("two runs in the same second", () => {
  // BUG (src/engine/undo.ts undoLastRun, ids from src/engine/history.ts newRunId): an interrupted run
  // and a complete one are ordered by run id, "<second>-<6 random chars>". When the next run comes
  // in the same wall-clock second as the crashed one, which one --undo takes first is a coin toss:
  // with the wrong pick it undoes the older (interrupted) run first, then refuses the newer one
  // forever ("changed since that run") - or, when their contents differ, refuses at once.
  // Seen at random in the crash-point runs above (about 1 in 3 before the work-around there). Here
  // made certain: the crashed run's id is given the same second as the next run and a larger suffix,
  // as the random draw would have given it half the time.
  it("a crashed run and the next run in the same second: --undo undoes the newer first and restores everything", async () => {
    const scenario = SCENARIOS[1];
    const ref = await reference(scenario);
    const box = scenario.make();
    await run(box, scenario.args, { CLAWDIA_TEST_CRASH_AT: "after-temp-1" });
    ageLeftoverLocks(box);
    const [crashedId] = fs.readdirSync(box.state("backups"));
    expect((await run(box, ["doctor"])).code).toBe(2); // the interrupted-run warning
    const nextId = historyRuns(box)[0].runId as string;

    const sameSecondId = `${nextId.split("-")[0]}-zzzzzz`;
    const dir = (id: string) => box.state("backups", id);
    fs.renameSync(dir(crashedId), dir(sameSecondId));
    const manifest = path.join(dir(sameSecondId), "manifest.json");
    fs.writeFileSync(manifest, fs.readFileSync(manifest, "utf8").replaceAll(crashedId, sameSecondId));
    for (const rel of fs
      .readdirSync(box.stateDir, { recursive: true })
      .map(String)
      .filter((r) => r.includes(`${crashedId}.tmp`))) {
      const from = path.join(box.stateDir, rel);
      fs.renameSync(from, from.replace(crashedId, sameSecondId));
    }

    await undoAll(box, "same second");
    expect(userTree(box)).toEqual(ref.before);
  });
});

const HAS_STRACE = spawnSync("strace", ["-V"]).status === 0;

describe("durability beyond SIGKILL (a power cut)", () => {
  // A SIGKILL leaves the page cache intact, so the tests above cannot see data that was written but
  // never fsynced; a power cut loses it. This traces the system calls of one run instead: every
  // backup (a copy, or a hard link to the original) and the manifest must be fsynced before the
  // first rename over a user's file, else a power cut could leave the new file without its backup.
  // Only a file that already has mode 0600 lends its inode to its backup (or, moved, to its new
  // name): doctor on 0644 files backs up copies; migrate on 0600 files links.
  it.skipIf(!HAS_STRACE).each([
    { fixture: "dangling-order", args: ["doctor"], linked: false },
    { fixture: "legacy-flat-auth", args: ["migrate"], linked: true },
  ])(
    "every backup and the manifest are fsynced before the first rename over a user's file ($fixture, $args.0)",
    ({ fixture, args, linked }) => {
      const box = sandbox(fixture);
      if (!linked) for (const file of [box.config, box.store()]) fs.chmodSync(file, 0o644);
      const trace = path.join(box.home, "strace.txt");
      const traced = spawnSync(
        "strace",
        [
          "-f",
          "-e",
          "trace=openat,link,linkat,fsync,fdatasync,close,rename,renameat,renameat2",
          "-o",
          trace,
          process.execPath,
          ...CLI_ARGV,
          ...args,
        ],
        { env: cliEnv(box), encoding: "utf8" },
      );
      expect(traced.status, traced.stderr).toBe(0);
      const created = new Set<string>();
      const synced = new Set<string>();
      const openFiles = new Map<string, string>(); // fd → file (one process: its threads share the fds)
      let renamed = false;
      let links = 0;
      for (const line of joinResumedCalls(fs.readFileSync(trace, "utf8"))) {
        const opened = /^(\d+) +openat\(AT_FDCWD, "([^"]+)", ([^)]*)\) += (\d+)$/.exec(line);
        if (opened) {
          openFiles.set(opened[4], opened[2]);
          if (opened[3].includes("O_CREAT") && opened[2].includes("/backups/")) created.add(opened[2]);
        }
        const linked = /^\d+ +link(?:at)?\(.*"([^"]+)"(?:, \d+)?\) += 0$/.exec(line);
        if (linked && !linked[1].endsWith(".lock.owner")) links++; // lock owner records are links too (src/engine/lock-owner.ts)
        if (linked && linked[1].includes("/backups/")) created.add(linked[1]);
        const fsynced = /^\d+ +f(?:data)?sync\((\d+)\) += 0/.exec(line);
        const file = fsynced && openFiles.get(fsynced[1]);
        if (file) synced.add(file);
        if (/^\d+ +rename(at2?)?\(.*\.tmp"/.test(line)) {
          renamed = true;
          break;
        }
      }
      expect(renamed).toBe(true);
      expect(links > 0).toBe(linked);
      expect(created.size).toBeGreaterThan(1); // a backup and the manifest at least
      expect([...created].filter((file) => !synced.has(file)).map((file) => path.basename(file))).toEqual([]);
    },
  );
});

/** strace -f splits a call that another thread interrupts ("<unfinished ...>", "<... resumed>"): one line per call again. */
function joinResumedCalls(text: string): string[] {
  const pending = new Map<string, string>();
  const lines: string[] = [];
  for (const line of text.split("\n")) {
    const unfinished = /^(\d+) +(.*) <unfinished \.\.\.>$/.exec(line);
    if (unfinished) {
      pending.set(unfinished[1], `${unfinished[1]} ${unfinished[2]}`);
      continue;
    }
    const resumed = /^(\d+) +<\.\.\. \w+ resumed>(.*)$/.exec(line);
    if (resumed && pending.has(resumed[1])) {
      lines.push(pending.get(resumed[1]) + resumed[2]);
      pending.delete(resumed[1]);
      continue;
    }
    lines.push(line);
  }
  return lines;
}
