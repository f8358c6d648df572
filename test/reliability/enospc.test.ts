// A full disk (issue 13, case 2: "Failure handling that needs no free space"). Each writing command
// runs on a real tmpfs (tmpfs.ts) left with exactly N free pages, for N = 0, 1, 2, … up to the first N
// where it succeeds cleanly, and again with N free inodes (pages to spare). After every failed attempt:
//   (a) every file of the state holds its old bytes and mode, and no temp file, lock, backup or
//       manifest is left in the state dir (an empty backups/<run>/ dir or empty history file aside);
//   (b) the output says what is on disk: the disk is full, and never "nothing was written" when
//       something was; doctor reports a change applied exactly when its files changed;
//   (c) no stack trace, the documented exit code, one line for models auth … and migrate;
//   (d) `doctor --undo` next (on the disk as it is; for --undo itself once there is room again)
//       neither refuses nor fails, leaves the files as before, and doctor then reports no
//       interrupted run;
//   (e) the history has no torn line.
// Once it succeeds: (f) the files, the history and the report are those of a big disk. A run that
// seems to succeed but breaks (e) or (f) (a history line cut short) is not a success: the sweep goes on.
//
// Every attempt is checked and every broken invariant collected, so a failing test lists them all,
// one line each: "<command> @ <N> free pages: (<invariant>) <what is on disk>". The run prints how
// many pages and inodes each command needs.
//
// Knobs: ENOSPC_MAX_PAGES / ENOSPC_MAX_INODES (default 64; 128 and 256 for the 40-agent run): the
// most free pages or inodes tried before a command is reported as never succeeding. The 40-agent
// run's threshold is found by bisection, then only the ENOSPC_WINDOW (default 8) counts below it (its
// history line is cut short there) and 0 up to its manifest's pages (the manifest is cut short there)
// are tried, with no inode sweep; ENOSPC_SWEEP=full sweeps it like the others, from 0 (minutes).
// By default the inode sweep runs for migrate, doctor --fix and --undo (the multi-file runs) only.
// ENOSPC_KIND=pages|inodes runs one of the two sweeps; ENOSPC_VERBOSE=1 prints every attempt's output.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, it } from "vitest";
import { CLI_ARGV, cliEnv, sandboxAt, writeJson, type Sandbox } from "../e2e/helpers.js";
import {
  changedTargets,
  diffTree,
  falseDoctorClaims,
  readHistory,
  recordLeftovers,
  TEMP,
  tornHistory,
  untouched,
  userPart,
  type Tree,
} from "./enospc-checks.js";
import { everythingAtOnce, flatAuthMigration, manyAgents, sandbox, STACK_FRAME, tree } from "./helpers.js";
import { mountTmpfs, TMPFS_UNAVAILABLE, unmountAll, type Free, type Tmpfs } from "./tmpfs.js";

const MAX_PAGES = Number(process.env.ENOSPC_MAX_PAGES) || undefined;
const MAX_INODES = Number(process.env.ENOSPC_MAX_INODES) || undefined;
const WINDOW = Number(process.env.ENOSPC_WINDOW ?? 8) || 8;
const FULL = process.env.ENOSPC_SWEEP === "full";
const KIND = process.env.ENOSPC_KIND ?? "both";
const VERBOSE = process.env.ENOSPC_VERBOSE === "1";
/** Attempts running at once, over all tests (they run concurrently): this machine and CI have 2 cores. */
const LANES = 2;
const MOUNT = { bytes: 4 * 1024 * 1024, inodes: 2048 };

const PASTED = "sk-ant-oat01-ENOSPCpastedToken".padEnd(95, "0");
const ANTHROPIC_KEY = "sk-ant-api03-ENOSPConboardKey".padEnd(100, "0");
const OPENAI_KEY = "sk-proj-ENOSPConboardOpenaiKey".padEnd(80, "0");

interface Case {
  /** The command as a user types it (the invariants' labels), then the state it runs on. */
  name: string;
  /** The state, made on the normal disk; each attempt runs on a copy of it on a fresh tmpfs. */
  make: () => Sandbox;
  args: string[];
  input?: string;
  /** A run made on the tmpfs while it has room, before it is filled (the run --undo undoes). */
  prepare?: string[];
  /** The documented exit codes when it could not write (README.md and docs/: exit codes of each command). */
  failureCodes: number[];
  /** A write failure is one line on stderr and nothing on stdout (models auth …, migrate). */
  oneLine: boolean;
  /** Many files: find the page threshold by bisection, then try the WINDOW counts below it. */
  bisect?: boolean;
  /**
   * Sweep free inodes too by default. The single-store commands create the same kinds of files as
   * the multi-file ones (a lock dir, a backup, a temp file, a history line), so by default only
   * those sweep inodes; ENOSPC_SWEEP=full sweeps every command.
   */
  inodes?: boolean;
  /** The most free pages and inodes tried (64 unless said; ENOSPC_MAX_PAGES/_INODES override). */
  max?: Free;
}

const CASES: Case[] = [
  {
    name: "migrate (legacy flat auth.json: 2 stores, 2 auth.json.bak, 2 auth.json removed, config stamped)",
    make: flatAuthMigration,
    args: ["migrate"],
    failureCodes: [1],
    oneLine: true,
    inodes: true,
  },
  // Every change dropped leaves the findings: exit 1 or 2, never 0 or 70.
  {
    name: "doctor --fix --yes (everythingAtOnce: config, 2 stores, 3 chmods)",
    make: everythingAtOnce,
    args: ["doctor", "--fix", "--yes"],
    failureCodes: [1, 2],
    oneLine: false,
    inodes: true,
  },
  {
    name: "models auth order set (healthy)",
    make: () => sandbox("healthy"),
    args: ["models", "auth", "order", "set", "--provider", "anthropic", "anthropic:default"],
    failureCodes: [1],
    oneLine: true,
  },
  {
    name: "models auth order clear (a store with an order)",
    make: storeWithOrder,
    args: ["models", "auth", "order", "clear", "--provider", "anthropic"],
    failureCodes: [1],
    oneLine: true,
  },
  {
    name: "models auth paste-token (healthy, token on stdin)",
    make: () => sandbox("healthy"),
    args: ["models", "auth", "paste-token", "--provider", "anthropic"],
    input: PASTED + "\n",
    failureCodes: [1],
    oneLine: true,
  },
  {
    name: "onboard --store dotenv (healthy, --non-interactive --provider anthropic --auth-choice api-key, key on stdin)",
    make: () => sandbox("healthy"),
    args: ["onboard", "--non-interactive", "--provider", "anthropic", "--auth-choice", "api-key", "--store", "dotenv"],
    input: ANTHROPIC_KEY + "\n",
    failureCodes: [1],
    oneLine: false,
  },
  {
    name: "onboard --store profile (healthy, --non-interactive --provider openai --auth-choice api-key, key on stdin)",
    make: () => sandbox("healthy"),
    args: ["onboard", "--non-interactive", "--provider", "openai", "--auth-choice", "api-key", "--store", "profile"],
    input: OPENAI_KEY + "\n",
    failureCodes: [1],
    oneLine: false,
  },
  {
    name: "doctor --undo (of a doctor --fix --yes on everythingAtOnce)",
    make: everythingAtOnce,
    prepare: ["doctor", "--fix", "--yes"],
    args: ["doctor", "--undo"],
    failureCodes: [1],
    oneLine: false,
    inodes: true,
  },
  {
    // 0600 stores: each backup is a hard link to the replaced original, so no page comes back when the
    // new stores are renamed in, and the history line (about 14 KB) is the last thing to need room.
    name: "doctor, 40 agents (sync into 40 0600 stores: a history line > 4096 bytes)",
    make: () => chmodStores(manyAgents(40), 0o600),
    args: ["doctor"],
    failureCodes: [1, 2],
    oneLine: false,
    bisect: true,
    max: { pages: 128, inodes: 256 },
  },
];

function storeWithOrder(): Sandbox {
  const box = sandbox("healthy");
  const store = JSON.parse(fs.readFileSync(box.store(), "utf8"));
  writeJson(box.store(), { ...store, order: { anthropic: ["anthropic:default"] } });
  return box;
}

function chmodStores(box: Sandbox, mode: number): Sandbox {
  for (const rel of fs.readdirSync(box.stateDir, { recursive: true }).map(String)) {
    if (rel.endsWith("auth-profiles.json")) fs.chmodSync(path.join(box.stateDir, rel), mode);
  }
  return box;
}

const label = (c: Case) => c.name.replace(/ \(.*$/, "");

// ---- running the CLI, two at a time ------------------------------------------------------------

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(box: Sandbox, args: string[], input = ""): Promise<Outcome> {
  const child = spawn(process.execPath, [...CLI_ARGV, ...args], { env: cliEnv(box), stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += String(chunk)));
  child.stderr.on("data", (chunk) => (stderr += String(chunk)));
  child.stdin.on("error", () => {}); // a command that does not read stdin may exit first
  child.stdin.end(input);
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

let freeLanes = LANES;
const waiting: (() => void)[] = [];

/** Runs `work` when one of the LANES is free (shared by the tests, which run concurrently). */
async function inLane<T>(work: () => Promise<T>): Promise<T> {
  if (freeLanes > 0) freeLanes--;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else freeLanes++;
  }
}

// ---- one attempt --------------------------------------------------------------------------------

const NO_SPACE = /ENOSPC|no space left|disk is full|file system is full/i;
const NOTHING_WRITTEN = /nothing (was |has been )?written|wrote nothing/i;

interface Reference {
  code: number | null;
  /** stdout and stderr, paths and run ids normalised. */
  report: string;
  /** The user's files after the command on a big disk. */
  after: Tree;
  historyLines: number;
  /** The user's files before `prepare`: what --undo gives back. */
  original: Tree;
  /** Pages the run's backup manifest takes (it is written before any other new data). */
  manifestPages: number;
}

interface Attempt {
  count: number;
  /** It succeeded: the exit code of a big disk, and no word of a full disk. */
  ok: boolean;
  violations: string[];
}

/** Succeeded and broke nothing: a history cut short (exit 0, nothing said) is no success yet. */
const clean = (a: Attempt) => a.ok && a.violations.length === 0;

/** A fresh tmpfs with a copy of the template's home on it, `prepare` run while it has room. */
async function stage(c: Case, template: string): Promise<{ fsys: Tmpfs; box: Sandbox; original: Tree }> {
  const fsys = mountTmpfs(MOUNT);
  try {
    const home = path.join(fsys.dir, "home");
    copyHome(template, home);
    const box = sandboxAt(home, path.join(home, ".clawdia"));
    const original = tree(home);
    if (c.prepare) {
      const prepared = await runCli(box, c.prepare);
      if (
        prepared.code === 70 ||
        NO_SPACE.test(prepared.stdout + prepared.stderr) ||
        readHistory(box).lines.length === 0
      ) {
        throw new Error(
          `${c.prepare.join(" ")} did not write on a tmpfs with room: exit ${prepared.code}\n${prepared.stdout}${prepared.stderr}`,
        );
      }
    }
    return { fsys, box, original };
  } catch (error) {
    fsys.unmount();
    throw error;
  }
}

/** cp -a: modes, hard links and times as the state was made. */
function copyHome(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  const copy = spawnSync("cp", ["-a", `${from}/.`, to], { encoding: "utf8" });
  if (copy.status !== 0) throw new Error(`cp -a ${from} ${to}: ${copy.stderr}`);
}

/** The command on a tmpfs with room: what every successful attempt must give. */
function reference(c: Case, template: string): Promise<Reference> {
  return inLane(async () => {
    const { fsys, box, original } = await stage(c, template);
    try {
      const before = tree(box.home);
      const result = await runCli(box, c.args, c.input);
      const after = tree(box.home);
      if (result.code === 70 || NO_SPACE.test(result.stdout + result.stderr))
        throw new Error(`${c.name} fails with room: exit ${result.code}\n${result.stdout}${result.stderr}`);
      if (diffTree(userPart(before), userPart(after)).length === 0)
        throw new Error(`${c.name} changes nothing with room: not a writing command on this state`);
      const manifests = Object.keys(after).filter(
        (rel) => /^\.clawdia\/backups\/[^/]+\/manifest\.json$/.test(rel) && !(rel in before),
      );
      const manifestPages = Math.max(
        0,
        ...manifests.map((rel) => Math.ceil(fs.statSync(path.join(box.home, rel)).size / fsys.pageSize)),
      );
      return {
        code: result.code,
        report: normalise(result, box.home, fsys.dir),
        after: userPart(after),
        historyLines: readHistory(box).lines.length,
        original: userPart(original),
        manifestPages,
      };
    } finally {
      fsys.unmount();
    }
  });
}

function attempt(c: Case, template: string, ref: Reference, key: keyof Free, count: number): Promise<Attempt> {
  return inLane(async () => {
    const violations: string[] = [];
    const where = `${label(c)} @ ${count} free ${key}`;
    const { fsys, box } = await stage(c, template);
    const shown = (text: string) => text.replaceAll(box.home, "~").replaceAll(fsys.dir, "<tmpfs>");
    const broke = (invariant: string, what: string) => violations.push(`${where}: (${invariant}) ${shown(what)}`);
    try {
      const before = tree(box.home);
      const historyBefore = readHistory(box);
      fsys.fill({ [key]: count });
      const result = await runCli(box, c.args, c.input);
      const after = tree(box.home);
      const output = result.stdout + result.stderr;
      const ok = result.code === ref.code && !NO_SPACE.test(output);
      if (VERBOSE) console.log(`--- ${where}: exit ${result.code}${ok ? " (succeeded)" : ""}\n${shown(output)}`);

      if (result.stderr.includes(STACK_FRAME)) broke("c", `a stack trace on stderr: ${lines(result.stderr, 3)}`);
      if (result.code === 70) broke("c", `exit 70 (internal failure): ${lines(result.stderr, 2)}`);
      for (const torn of tornHistory(box)) broke("e", `after the command: ${torn}`);
      if (ok) {
        for (const what of sameAsBigDisk(ref, after, result, box, fsys.dir)) broke("f", what);
        return { count, ok, violations };
      }

      // (a) the user's files as they were; none of doctor's leftovers
      const changes = diffTree(userPart(before), userPart(after));
      const leftovers = recordLeftovers(before, after, historyBefore, box);
      for (const what of [...changes, ...leftovers]) broke("a", what);

      // (b) the output says what is on disk
      const written = NOTHING_WRITTEN.exec(output)?.[0];
      const left = changes.length + leftovers.length;
      if (written && left)
        broke(
          "b",
          `says "${written}", but it left ${left} change${left > 1 ? "s" : ""} (see (a)): ${lines(output, 2)}`,
        );
      if (!NO_SPACE.test(output))
        broke("b", `exit ${result.code} without saying the disk is full: ${lines(output, 3)}`);
      if (c.args[0] === "doctor" && !c.args.includes("--undo"))
        for (const what of falseDoctorClaims(result.stdout, changedTargets(userPart(before), userPart(after))))
          broke("b", what);

      // (c) the documented exit code; one line where that is documented
      if (!c.failureCodes.includes(result.code ?? -1))
        broke("c", `exit ${result.code}, documented: ${c.failureCodes.join(" or ")}: ${lines(output, 2)}`);
      if (c.oneLine && (result.stderr.trim().split("\n").length !== 1 || result.stdout.trim() !== "")) {
        broke(
          "c",
          `not one line: stdout ${JSON.stringify(result.stdout.slice(0, 120))}, stderr ${JSON.stringify(result.stderr.slice(0, 240))}`,
        );
      }

      // (d) what the user does next. A disk left exactly as it was (but for empty directories and
      // an empty history file) is where the command started: nothing there for --undo to trip on.
      if (!c.prepare && untouched(before, after)) return { count, ok, violations };
      if (c.prepare) fsys.unfill(); // --undo again, once there is room
      for (const what of await afterwards(
        box,
        c.prepare ? ref.original : userPart(before),
        c.prepare ? "before the undone run" : "before the command",
      ))
        broke(what[0], what[1]);
      return { count, ok, violations };
    } finally {
      fsys.unmount();
    }
  });
}

/** (d) `doctor --undo`, then `doctor --dry-run --json`: no refusal, files as `expected`, no interrupted run. */
async function afterwards(box: Sandbox, expected: Tree, what: string): Promise<[string, string][]> {
  const broken: [string, string][] = [];
  const undo = await runCli(box, ["doctor", "--undo"]);
  const said = lines(undo.stdout + undo.stderr, 1);
  if (/locked.*try again/i.test(undo.stdout + undo.stderr))
    broken.push(["d", `doctor --undo refuses: ${lines(undo.stdout + undo.stderr, 2)}`]);
  else if (undo.code !== 0)
    broken.push(["d", `doctor --undo exits ${undo.code}: ${lines(undo.stdout + undo.stderr, 2)}`]);
  if (undo.stderr.includes(STACK_FRAME))
    broken.push(["d", `doctor --undo prints a stack trace: ${lines(undo.stderr, 3)}`]);
  const left = diffTree(expected, userPart(tree(box.home)));
  if (left.length)
    broken.push(["d", `after doctor --undo ("${said}") the files are not as ${what}: ${left.join("; ")}`]);
  for (const torn of tornHistory(box)) broken.push(["e", `after doctor --undo: ${torn}`]);
  const check = await runCli(box, ["doctor", "--dry-run", "--json"]);
  try {
    for (const finding of (JSON.parse(check.stdout).findings as any[]).filter(
      (f) => f.ruleId === "engine/interrupted-run",
    )) {
      broken.push(["d", `after doctor --undo, doctor still reports engine/interrupted-run: ${finding.message}`]);
    }
  } catch {
    broken.push([
      "d",
      `doctor --dry-run --json afterwards gives no JSON (exit ${check.code}): ${lines(check.stdout + check.stderr, 3)}`,
    ]);
  }
  return broken;
}

/** (f): the files, the history and the report of a big disk (paths and run ids aside). */
function sameAsBigDisk(ref: Reference, after: Tree, result: Outcome, box: Sandbox, mount: string): string[] {
  const broken = diffTree(ref.after, userPart(after)).map((line) => `not the big-disk result: ${line}`);
  for (const rel of Object.keys(after).filter((rel) => TEMP.test(rel) && !(rel in ref.after)))
    broken.push(`~/${rel}: a temp file is left`);
  const { lines: historyLines, records } = readHistory(box);
  if (records.length !== ref.historyLines)
    broken.push(
      `${records.length} whole history records (${historyLines.length} lines), ${ref.historyLines} on a big disk`,
    );
  if (normalise(result, box.home, mount) !== ref.report)
    broken.push(`the report is not the big-disk one: ${lines(result.stdout + result.stderr, 3)}`);
  return broken;
}

function normalise(result: Outcome, home: string, mount: string): string {
  const norm = (text: string) =>
    text
      .replaceAll(home, "~")
      .replaceAll(mount, "<tmpfs>")
      .replace(/\d{8}T\d{6}Z-[a-z0-9]+/g, "<run>");
  return `${norm(result.stdout)}\n-- stderr --\n${norm(result.stderr)}`;
}

function lines(text: string, n: number): string {
  const all = text.trim().split("\n");
  return all.slice(0, n).join(" ⏎ ") + (all.length > n ? " ⏎ …" : "");
}

// ---- the sweeps ---------------------------------------------------------------------------------

interface Sweep {
  /** The fewest free pages (inodes) with which the command succeeded. */
  needed?: number;
  attempts: Attempt[];
}

/** Attempts at 0, 1, 2, … (two lanes) until one succeeds cleanly or `max` is passed. */
async function sweepUp(c: Case, template: string, ref: Reference, key: keyof Free, max: number): Promise<Sweep> {
  const attempts: Attempt[] = [];
  let next = 0;
  let needed: number | undefined;
  const lane = async () => {
    for (let n = next++; n <= max && (needed === undefined || n < needed); n = next++) {
      const result = await attempt(c, template, ref, key, n);
      attempts.push(result);
      if (clean(result) && (needed === undefined || n < needed)) needed = n;
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  return { needed, attempts: attempts.sort((a, b) => a.count - b.count) };
}

/**
 * The fewest pages that succeed, by bisection (every probe a checked attempt), then the WINDOW counts
 * below it (where the history line is cut short), and 0 up to the pages of the manifest (where it is).
 */
async function bisectThenWindow(c: Case, template: string, ref: Reference, max: number): Promise<Sweep> {
  const attempts = new Map<number, Attempt>();
  const probe = async (n: number) => {
    const result = await attempt(c, template, ref, "pages", n);
    attempts.set(n, result);
    return clean(result);
  };
  const sorted = () => [...attempts.values()].sort((a, b) => a.count - b.count);
  if (!(await probe(max))) return { attempts: sorted() };
  let [lo, hi] = [0, max];
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (await probe(mid)) hi = mid;
    else lo = mid + 1;
  }
  const below = Array.from({ length: Math.min(WINDOW, hi) }, (_, i) => hi - 1 - i);
  const low = Array.from({ length: Math.min(ref.manifestPages + 1, hi) }, (_, i) => i);
  await Promise.all([...new Set([...below, ...low])].filter((n) => !attempts.has(n)).map((n) => probe(n)));
  return { needed: hi, attempts: sorted() };
}

const summary = new Map<Case, string>();

/** "7", or "52 (48 with broken invariants)" when it seemed to succeed with fewer, or ">64". */
function needs(sweep: Sweep, max: number): string {
  if (sweep.needed === -1) return "-".padEnd(24);
  const seeming = sweep.attempts.find(
    (a) => a.ok && !clean(a) && (sweep.needed === undefined || a.count < sweep.needed),
  );
  return `${sweep.needed ?? `>${max}`}${seeming ? ` (${seeming.count} with broken invariants)` : ""}`.padEnd(24);
}

afterAll(() => {
  unmountAll();
  const rows = CASES.filter((c) => summary.has(c)).map((c) => summary.get(c));
  if (rows.length)
    console.log(
      `Free pages (${fs.statfsSync(os.tmpdir()).bsize} bytes) and free inodes each command needs on a tmpfs:\n${rows.join("\n")}`,
    );
});

describe.skipIf(TMPFS_UNAVAILABLE !== undefined)(
  `a full disk (tmpfs): every writing command at each count of free pages and inodes${TMPFS_UNAVAILABLE ? `; skipped: ${TMPFS_UNAVAILABLE}` : ""}`,
  { concurrent: true },
  () => {
    it.for(CASES)("$name", { timeout: 600_000 }, async (c, { expect }) => {
      const began = Date.now();
      // A copy of our own: sandbox() removes its home when "the current test" ends, which in a
      // concurrent block may be another one.
      const made = c.make();
      const template = fs.mkdtempSync(path.join(os.tmpdir(), "clawdia-enospc-state-"));
      try {
        copyHome(made.home, template);
        const ref = await reference(c, template);
        const windowed = c.bisect && !FULL;
        const maxPages = MAX_PAGES ?? c.max?.pages ?? 64;
        const maxInodes = MAX_INODES ?? c.max?.inodes ?? 64;
        const none: Sweep = { attempts: [], needed: -1 };
        const pages =
          KIND === "inodes"
            ? none
            : windowed
              ? await bisectThenWindow(c, template, ref, maxPages)
              : await sweepUp(c, template, ref, "pages", maxPages);
        const inodes =
          KIND === "pages" || windowed || (!FULL && !c.inodes && KIND !== "inodes")
            ? none
            : await sweepUp(c, template, ref, "inodes", maxInodes);
        const violations = [...pages.attempts, ...inodes.attempts].flatMap((a) => a.violations);
        if (pages.needed === undefined)
          violations.push(`${label(c)}: never succeeded cleanly with up to ${maxPages} free pages (ENOSPC_MAX_PAGES)`);
        if (inodes.needed === undefined)
          violations.push(
            `${label(c)}: never succeeded cleanly with up to ${maxInodes} free inodes (ENOSPC_MAX_INODES)`,
          );
        summary.set(
          c,
          `  ${label(c).padEnd(28)} pages ${needs(pages, maxPages)}  inodes ${needs(inodes, maxInodes)}  ${String(pages.attempts.length + inodes.attempts.length).padStart(3)} attempts, ${String(violations.length).padStart(3)} broken, ${((Date.now() - began) / 1000).toFixed(1)} s`,
        );
        expect(violations, `${label(c)}: ${violations.length} broken invariants:\n${violations.join("\n")}\n`).toEqual(
          [],
        );
      } finally {
        fs.rmSync(template, { recursive: true, force: true });
      }
    });
  },
);
