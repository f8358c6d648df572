// `clawdia doctor --undo [RUN_ID]`: takes back a run (by default the newest one that has not been
// undone) through the same transaction as every write: locked, checked, backed up, crash-safe, and
// itself recorded, so an undo can be undone by its id and an interrupted one is finished by running
// `--undo` again. The run may be one that was interrupted half-way (some files new, some still old).
import fs from "node:fs";
import path from "node:path";
import type { StatePaths } from "../paths.js";
import { describeError, readRawFile, type RawFile } from "../snapshot/raw-file.js";
import type { Change, FileOp } from "../types.js";
import { sha256 } from "./hash.js";
import {
  appendHistory,
  lastUndoableRun,
  readHistory,
  undoneRuns,
  newRunId,
  type FileRecord,
  type HistoryRecord,
} from "./history.js";
import { findInterruptedRuns, leftoverTempFiles, type InterruptedRun } from "./interrupted.js";
import { untrustedRecord } from "./run-record-check.js";
import { foreignOwner, untrustedRunDirs, untrustedStateDir } from "./state-guard.js";
import { acquireLock, lockedBy, lockTimeoutMs, type Release } from "./lock.js";
import { applyChanges } from "./transaction.js";

export type UndoResult =
  | { status: "restored"; runId: string; undoes: string; files: string[]; finishes?: string }
  | { status: "nothing-to-undo" }
  | { status: "refused"; undoes: string; reason: string };

interface Target {
  runId: string;
  at: string;
  files: FileRecord[];
  /** An interrupted undo of this run, which this undo finishes. */
  finishes?: string;
  /** Temp files an interrupted run left, removed once it is undone. */
  leftovers: string[];
}

export async function undoLastRun(
  paths: StatePaths,
  env: NodeJS.ProcessEnv = process.env,
  runId?: string,
): Promise<UndoResult> {
  const refusal = untrustedStateDir(paths.stateDir) ?? untrustedRunDirs(paths) ?? foreignOwner(paths.stateDir);
  const history = readHistory(paths.historyPath);
  const interrupted = findInterruptedRuns(paths, history);
  const target =
    runId === undefined ? newestTarget(history, interrupted) : chosenTarget(paths, runId, history, interrupted);
  if (target === undefined) return { status: "nothing-to-undo" };
  if ("refused" in target) return { status: "refused", undoes: runId ?? "", reason: target.refused };
  if (refusal) return { status: "refused", undoes: target.runId, reason: refusal };
  const why = untrustedRecord(paths, target.runId, target.files);
  if (why)
    return {
      status: "refused",
      undoes: target.runId,
      reason: `its record is not one clawdia wrote (${why}); nothing in it is trusted`,
    };

  if (target.files.some((file) => file.backup) && !fs.existsSync(path.join(paths.backupsDir, target.runId))) {
    return {
      status: "refused",
      undoes: target.runId,
      reason: `its backups in ${path.join(paths.backupsDir, target.runId)} are gone: pruned (only the newest runs keep theirs, \`doctor.backups.keep\` in the config) or removed by hand`,
    };
  }
  let plan: UndoPlan;
  try {
    plan = planUndo(paths, target);
  } catch (error) {
    return {
      status: "refused",
      undoes: target.runId,
      reason: error instanceof UndoRefusal ? error.message : `could not read it: ${describeError(error)}`,
    };
  }
  const undo = { undoes: target.runId, ...(target.finishes ? { finishes: target.finishes } : {}) };
  if (plan.ops.length === 0) {
    // Nothing of it is on disk (an interrupted run or undo that never got to a file, or got to all):
    // only the record, made while holding the files' locks (which clears a killed run's leftovers).
    const at = new Date();
    const id = newRunId(at);
    const held = await lockAll(plan.untouched, lockTimeoutMs(env));
    if (typeof held === "string") return { status: "refused", undoes: target.runId, reason: held };
    try {
      appendHistory(paths.historyPath, {
        kind: "undo",
        runId: id,
        at: at.toISOString(),
        command: "doctor --undo",
        files: [],
        ...undo,
      });
    } finally {
      await Promise.all(held.map((release) => release()));
    }
    target.leftovers.forEach((file) => fs.rmSync(file, { force: true }));
    return {
      status: "restored",
      runId: id,
      undoes: target.runId,
      files: [],
      ...(target.finishes ? { finishes: target.finishes } : {}),
    };
  }
  const change: Change = {
    id: `undo:${target.runId}`,
    title: `undo run ${target.runId}`,
    source: "fix",
    safety: "unsafe",
    ops: plan.ops,
  };
  // Files already as before are locked too: a killed run's leftover locks on them are cleared, and
  // the gateway cannot change them while the others are put back.
  const result = await applyChanges({
    paths,
    planned: plan.planned,
    changes: [change],
    command: "doctor --undo",
    env,
    allOrNothing: true,
    undo,
    alsoLock: plan.untouched,
  });
  if (result.dropped.length || !result.runId) {
    const { reason, file } = result.dropped[0] ?? { reason: "nothing was applied" };
    return { status: "refused", undoes: target.runId, reason: file ? `${file}: ${reason}` : reason };
  }
  target.leftovers.forEach((file) => fs.rmSync(file, { force: true }));
  return {
    status: "restored",
    runId: result.runId,
    undoes: target.runId,
    files: plan.files,
    ...(target.finishes ? { finishes: target.finishes } : {}),
  };
}

class UndoRefusal extends Error {}

/** The newest of: the last run not undone, and the last interrupted run (an interrupted undo is finished). */
function newestTarget(
  history: HistoryRecord[],
  interrupted: InterruptedRun[],
): Target | { refused: string } | undefined {
  const complete = lastUndoableRun(history);
  const cut = interrupted.at(-1);
  // The later of the two by when each started (run ids are only to the second).
  if (cut && (!complete || cut.at > complete.at)) return fromInterrupted(cut, history, interrupted);
  return complete && { runId: complete.runId, at: complete.at, files: complete.files, leftovers: [] };
}

function fromInterrupted(
  cut: InterruptedRun,
  history: HistoryRecord[],
  interrupted: InterruptedRun[],
): Target | { refused: string } {
  const leftovers = leftoverTempFiles(cut);
  if (cut.undoes === undefined) return { runId: cut.runId, at: cut.at, files: cut.files, leftovers };
  // An undo that was interrupted: finish it by undoing its run again; files it already put back are skipped.
  const original =
    history.find((record) => record.runId === cut.undoes) ?? interrupted.find((run) => run.runId === cut.undoes);
  if (!original)
    return {
      refused: `the interrupted undo ${cut.runId} takes back run ${cut.undoes}, which is in neither the history nor the backups`,
    };
  return { runId: original.runId, at: original.at, files: original.files, finishes: cut.runId, leftovers };
}

function chosenTarget(
  paths: StatePaths,
  runId: string,
  history: HistoryRecord[],
  interrupted: InterruptedRun[],
): Target | { refused: string } {
  const cut = interrupted.find((run) => run.runId === runId);
  if (cut) return fromInterrupted(cut, history, interrupted);
  const record = history.find((r) => r.runId === runId);
  if (!record)
    return {
      refused: `there is no run ${JSON.stringify(runId.slice(0, 60))} in ${paths.historyPath}; \`clawdia doctor --history\` lists the runs`,
    };
  if (undoneRuns(history).has(runId)) {
    const by = history.filter((r) => r.kind === "undo" && r.undoes === runId).at(-1)!.runId;
    return { refused: `it was already undone by run ${by} (\`clawdia doctor --undo ${by}\` gives its changes back)` };
  }
  return { runId: record.runId, at: record.at, files: record.files, leftovers: [] };
}

/**
 * The ops that put every file of the run back, planned against each file as it is now. A file still
 * as the run found it is left alone (an interrupted run or undo never got to it); one that is
 * neither as the run left it nor as it found it was changed since, and the undo is refused.
 */
interface UndoPlan {
  planned: Map<string, RawFile>;
  ops: FileOp[];
  /** The files the undo puts back. */
  files: string[];
  /** The run's files that are already as they were before it. */
  untouched: string[];
}

function planUndo(paths: StatePaths, target: Target): UndoPlan {
  const planned = new Map<string, RawFile>();
  const ops: FileOp[] = [];
  const files: string[] = [];
  const untouched: string[] = [];
  for (const record of target.files) {
    if (record.path === paths.stateDir) {
      const mode = fs.statSync(paths.stateDir).mode & 0o777;
      if (record.modeBefore !== null && mode !== record.modeBefore) {
        ops.push({ kind: "chmod", file: paths.stateDir, mode: record.modeBefore });
        files.push(record.path);
      }
      continue;
    }
    const current = readRawFile(record.path);
    if (current.symlinkTarget !== undefined)
      throw new UndoRefusal(`${record.path} is a symbolic link now; undo never writes through links`);
    if (current.status !== "ok" && current.status !== "missing")
      throw new UndoRefusal(`${record.path} cannot be read (${current.error})`);
    planned.set(record.path, current);
    if (isAsBefore(record, current)) {
      untouched.push(record.path);
      continue;
    }
    const changed = changedSince(record, current);
    if (changed) throw new UndoRefusal(`${record.path} ${changed}; undoing would lose that change`);
    ops.push(...restoreOps(record, current));
    files.push(record.path);
  }
  return { planned, ops, files, untouched };
}

/** The file has the content and mode it had before the run (the run never got to it, or it is back). */
function isAsBefore(record: FileRecord, current: RawFile): boolean {
  if (!record.existed) return current.status === "missing";
  return (
    current.status === "ok" &&
    sha256(current.text) === record.sha256Before &&
    (current.mode ?? null) === record.modeBefore
  );
}

/** Why the file is no longer what the run left, or undefined. */
function changedSince(record: FileRecord, current: RawFile): string | undefined {
  if (record.existedAfter === false)
    return current.status === "missing" ? undefined : "was created again since that run";
  if (current.status === "missing") return "was removed since that run";
  if (record.sha256After !== null && sha256(current.text) !== record.sha256After) return "changed since that run";
  return undefined;
}

function restoreOps(record: FileRecord, current: RawFile): FileOp[] {
  if (!record.existed) return [{ kind: "delete", file: record.path }];
  const mode: FileOp = { kind: "chmod", file: record.path, mode: record.modeBefore ?? 0o600 };
  if (current.status === "ok" && sha256(current.text) === record.sha256Before) return [mode]; // a chmod-only run
  return [{ kind: "write", file: record.path, content: readBackup(record) }, mode];
}

/** The original's bytes from the run's own backup, which must be what the run recorded. */
function readBackup(record: FileRecord): string {
  if (!record.backup) throw new UndoRefusal(`${record.path} has no backup recorded`);
  const backup = readRawFile(record.backup);
  if (backup.status === "missing")
    throw new UndoRefusal(
      `${record.path} has no backup left at ${record.backup} (its backups were removed or pruned: \`doctor.backups.keep\` keeps the newest runs' only)`,
    );
  if (backup.status !== "ok" || backup.symlinkTarget !== undefined)
    throw new UndoRefusal(`the backup of ${record.path} cannot be used (${backup.error ?? "it is a symbolic link"})`);
  if (sha256(backup.text) !== record.sha256Before)
    throw new UndoRefusal(
      `the backup of ${record.path} at ${record.backup} is not what that run recorded (its sha256 differs)`,
    );
  return backup.text!;
}

/** Every file's lock, or why one could not be had (then none is held). */
async function lockAll(files: string[], timeoutMs: number): Promise<Release[] | string> {
  const held: Release[] = [];
  for (const file of files) {
    try {
      held.push(await acquireLock(file, timeoutMs));
    } catch (error) {
      await Promise.all(held.map((release) => release()));
      return `${file} ${lockedBy(error)}`;
    }
  }
  return held;
}
