// `clawdia doctor --undo`: puts back the files of the last run that wrote, if nothing changed since;
// that run may also be one that was interrupted half-way (some files new, some still old).
import fs from "node:fs";
import type { StatePaths } from "../paths.js";
import { describeError, readRawFile } from "../snapshot/raw-file.js";
import { writeFileAtomic } from "./atomic-write.js";
import { sha256 } from "./hash.js";
import { appendHistory, lastUndoableRun, newRunId, readHistory, type FileRecord } from "./history.js";
import { acquireLock, lockedBy, lockTimeoutMs, type Release } from "./lock.js";
import { findInterruptedRuns, leftoverTempFiles } from "./interrupted.js";
import { foreignOwner } from "./transaction.js";

export type UndoResult =
  | { status: "restored"; runId: string; undoes: string; files: string[] }
  | { status: "nothing-to-undo" }
  | { status: "refused"; undoes: string; reason: string };

export async function undoLastRun(paths: StatePaths, env: NodeJS.ProcessEnv = process.env): Promise<UndoResult> {
  const history = readHistory(paths.historyPath);
  const complete = lastUndoableRun(history);
  const interrupted = findInterruptedRuns(paths, history).at(-1);
  // The later of the two by when each started (run ids are only to the second).
  const run = interrupted && (!complete || interrupted.at > complete.at) ? interrupted : complete;
  if (!run) return { status: "nothing-to-undo" };
  const foreign = foreignOwner(paths.stateDir);
  if (foreign) return { status: "refused", undoes: run.runId, reason: foreign };
  const wasInterrupted = run === interrupted;
  const releases: Release[] = [];
  try {
    for (const record of run.files) {
      if (record.path === paths.stateDir) continue;
      try {
        releases.push(await acquireLock(record.path, lockTimeoutMs(env)));
      } catch (error) {
        return { status: "refused", undoes: run.runId, reason: `${record.path} ${lockedBy(error)}; try again` };
      }
      const changed = changedSince(record, wasInterrupted);
      if (changed) return { status: "refused", undoes: run.runId, reason: `${record.path} ${changed}; undoing would lose that change` };
    }
    const at = new Date();
    const undoId = newRunId(at);
    // An interrupted run may not have reached a file: one still as it was is left alone.
    const reached = wasInterrupted ? run.files.filter((record) => !isAsBefore(record)) : run.files;
    const restored = reached.map((record) => restore(record, undoId));
    if (interrupted && wasInterrupted) leftoverTempFiles(interrupted).forEach((file) => fs.rmSync(file, { force: true }));
    appendHistory(paths.historyPath, { kind: "undo", runId: undoId, at: at.toISOString(), undoes: run.runId, files: restored });
    return { status: "restored", runId: undoId, undoes: run.runId, files: reached.map((f) => f.path) };
  } catch (error) {
    return { status: "refused", undoes: run.runId, reason: `could not restore: ${describeError(error)}` };
  } finally {
    await Promise.all(releases.map((release) => release()));
  }
}

/** Why the file is no longer what the run left (or, for an interrupted run, found), or undefined. */
function changedSince(record: FileRecord, interrupted: boolean): string | undefined {
  if (interrupted && isAsBefore(record)) return undefined;
  const current = readRawFile(record.path);
  if (record.existedAfter === false) {
    if (current.status !== "missing") return "was created again since that run";
  } else if (record.sha256After !== null && sha256(current.text) !== record.sha256After) return "changed since that run";
  else if (record.sha256After === null && record.existed && current.status === "missing") return "was removed since that run";
  if (record.backup && !fs.existsSync(record.backup)) return `has no backup left at ${record.backup}`;
  return undefined;
}

/** The file still has the content it had before the run (the run never got to it). */
function isAsBefore(record: FileRecord): boolean {
  if (record.sha256Before === null && record.existed) return false; // the state dir: always put its mode back
  const current = readRawFile(record.path);
  if (!record.existed) return current.status === "missing";
  return sha256(current.text) === record.sha256Before && (current.mode ?? null) === record.modeBefore;
}

function restore(record: FileRecord, tag: string): FileRecord {
  const mode = record.modeBefore ?? 0o600;
  const current = readRawFile(record.path);
  if (record.backup) {
    writeFileAtomic(record.path, fs.readFileSync(record.backup, "utf8"), mode, tag);
  } else if (!record.existed) {
    fs.rmSync(record.path, { force: true });
  } else if (record.modeBefore !== null) {
    fs.chmodSync(record.path, record.modeBefore); // a chmod-only change
  }
  return {
    ...record,
    existed: record.existedAfter !== false,
    existedAfter: record.existed,
    sha256Before: record.sha256After,
    sha256After: record.sha256Before,
    modeBefore: current.mode ?? null,
    modeAfter: record.existed ? mode : null,
    backup: null,
  };
}
