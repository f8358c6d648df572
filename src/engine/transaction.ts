// apply (DESIGN.md §2): the only code that writes the user's state. One transaction per run:
// lock → check each file still holds what was planned against → back up → two-phase atomic write
// → history. A change whose file moved on since it was read is dropped, never merged blindly.
import fs from "node:fs";
import path from "node:path";
import type { StatePaths } from "../paths.js";
import { readRawFile, describeError, type RawFile } from "../snapshot/raw-file.js";
import type { Change, FileOp } from "../types.js";
import { applyOpsToFile, groupOpsByFile } from "./file-ops.js";
import { verifyFileEdits } from "./verify-edit.js";
import { newRunId, openHistory, writeHistory, type HistoryRecord } from "./history.js";
import { acquireLock, lockTimeoutMs, type LockHeldError, type Release } from "./lock.js";
import { newerStamp } from "../config-version.js";
import { canRebase } from "./rebase.js";
import { VERSION } from "../version.js";
import { backupsToKeepIn, pruneBackups, rotateHistory } from "./retention.js";
import { foreignOwner, untrustedRunDirs } from "./state-guard.js";
import { WriteFailure, writeRun } from "./write-run.js";

export { foreignOwner } from "./state-guard.js";

const LOCK_BATCH = 16;

export interface TransactionInput {
  paths: StatePaths;
  /** Each file as it was when the plan was made (by path); absent files are `status: "missing"`. */
  planned: Map<string, RawFile>;
  changes: Change[];
  command: string;
  env?: NodeJS.ProcessEnv;
  at?: Date;
  /** Drop every change when any one cannot be applied (a migration run is all or nothing). */
  allOrNothing?: boolean;
  /** Set when the run is an undo: the run it takes back (and the interrupted undo it finishes). */
  undo?: { undoes: string; finishes?: string };
  /** Files the run changes nothing in but must hold locked and unchanged (an undo's files already put back). */
  alsoLock?: string[];
  /** How many writing runs keep their backups (config `doctor.backups.keep`). */
  keepBackups?: number;
  /** Return the files as written (TransactionResult.written); only doctor reads its state from them. */
  confirmWritten?: boolean;
}

export interface DroppedChange {
  change: Change;
  reason: string;
  /** The file that could not be written, when one file is the cause. */
  file?: string;
  /** True when that file changed on disk since it was read (planning again on it may succeed). */
  changedOnDisk?: boolean;
}

export interface TransactionResult {
  runId?: string;
  applied: Change[];
  dropped: DroppedChange[];
  /** After a failed write: the files that still hold the run's changes (empty: all put back). */
  leftOnDisk?: string[];
  /** After a write: the files as written, confirmed under their locks (write-run.ts `WrittenRun`). */
  written?: Map<string, RawFile>;
}

export function applyChanges(input: TransactionInput): Promise<TransactionResult> {
  return new Transaction(input).run();
}

/** Why a file cannot be written this run (`changedOnDisk`: it is not what the plan was made on). */
type Refusal = { reason: string; changedOnDisk?: boolean };

const CHANGED_ON_DISK: Refusal = { reason: "it changed on disk since it was read", changedOnDisk: true };

/**
 * One run: it owns its locks (held until `run` returns, whatever happens), the changes still to
 * apply, the ones dropped and why, and the phases: lock and check every file, drop what cannot go
 * alone, then write (writeRun: back up, stage, commit, record) or roll back.
 */
class Transaction {
  private readonly paths: StatePaths;
  /** Each file as the plan saw it; a file rebased under its lock is planned on its new content. */
  private readonly planned: Map<string, RawFile>;
  private changes: Change[];
  private readonly dropped: DroppedChange[] = [];
  private readonly opsByFile: Map<string, FileOp[]>;
  /** A migration's history records each file's sha256 as planned: its files are never rebased. */
  private readonly migrated: Set<string>;
  private readonly releases: Release[] = [];
  /** Directories made only to hold a new file's lock: removed again if the run leaves them empty. */
  private readonly createdDirs: string[] = [];

  constructor(private readonly input: TransactionInput) {
    this.paths = input.paths;
    this.planned = new Map(input.planned);
    this.changes = input.changes.filter((change) => change.ops.length > 0);
    this.opsByFile = groupOpsByFile(this.changes.flatMap((c) => c.ops));
    this.migrated = new Set(
      this.changes.filter((c) => c.source === "migration").flatMap((c) => c.ops.map((op) => op.file)),
    );
  }

  async run(): Promise<TransactionResult> {
    const refusal = foreignOwner(this.paths.stateDir) ?? untrustedRunDirs(this.paths);
    if (refusal) return this.dropEverything({ reason: refusal });
    try {
      await this.lockAndCheckAll();
      this.dropWhatCannotGoAlone();
      if (this.changes.length === 0) return { applied: [], dropped: this.dropped };
      return await this.write();
    } catch (error) {
      if (error instanceof EditNotAsPlanned) throw error; // a bug: exit 70, and nothing was written
      // writeRun has put back what it could and says what it could not: every change is dropped.
      const failure = error instanceof WriteFailure ? error : new WriteFailure(error, []);
      this.dropEverything({ reason: failure.describe() });
      return { applied: [], dropped: this.dropped, leftOnDisk: failure.leftOnDisk };
    } finally {
      await Promise.all(this.releases.map((release) => release()));
      removeEmptyDirs(this.createdDirs);
    }
  }

  /** Locks are taken a few at a time: a migration of 1,000 agents locks thousands of files. */
  private async lockAndCheckAll(): Promise<void> {
    const files = [...new Set([...this.opsByFile.keys(), ...(this.input.alsoLock ?? [])])].sort();
    for (let i = 0; i < files.length; i += LOCK_BATCH) {
      const batch = files.slice(i, i + LOCK_BATCH);
      const refusals = await Promise.all(batch.map((file) => this.lockAndCheck(file)));
      batch.forEach((file, index) => {
        const refusal = refusals[index];
        if (refusal && this.opsByFile.has(file)) this.dropFile(file, refusal);
        else if (refusal) this.dropEverything(refusal, file); // a file the run only had to hold still
      });
    }
  }

  /** Takes the file's lock and checks it is still what the plan saw; returns why not, if not. */
  private async lockAndCheck(file: string): Promise<Refusal | undefined> {
    if (file === this.paths.stateDir) return undefined;
    const planned = this.planned.get(file);
    try {
      this.releases.push(
        await lockMakingDir(file, planned?.status !== "ok", lockTimeoutMs(this.input.env), this.createdDirs),
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ELOCKED") return { reason: (error as LockHeldError).reason };
      return { reason: `could not lock it: ${describeError(error)}` };
    }
    const current = readRawFile(file);
    if (current.symlinkTarget !== undefined)
      return { reason: "it is a symbolic link; doctor never writes through links" };
    const expected = planned ?? { path: file, status: "missing" as const };
    const changed = current.status !== expected.status || current.text !== expected.text;
    if (changed && !this.rebase(file, current)) return CHANGED_ON_DISK;
    if (current.status !== "ok" && current.status !== "missing")
      return { reason: `it cannot be used: ${current.error}` };
    const newer = file === this.paths.configPath ? newerStamp(current.text) : undefined;
    if (newer)
      return {
        reason: `it was last written by Clawdia ${newer}, newer than this one (${VERSION}), which never rewrites it`,
      };
    return undefined;
  }

  /** Plans the file's edits on what is there now, when they do not depend on what changed (rebase.ts). */
  private rebase(file: string, current: RawFile): boolean {
    const planned = this.planned.get(file) ?? { path: file, status: "missing" as const };
    if (this.migrated.has(file) || !canRebase(planned, current, this.opsByFile.get(file) ?? [])) return false;
    this.planned.set(file, current);
    return true;
  }

  /**
   * The migrations of a run go together: one that cannot be written takes the others with it. An
   * all-or-nothing run (migrate, undo) drops everything when anything was dropped.
   */
  private dropWhatCannotGoAlone(): void {
    if (this.dropped.some((d) => d.change.source === "migration")) {
      const migrations = this.changes.filter((c) => c.source === "migration");
      this.changes = this.changes.filter((c) => c.source !== "migration");
      for (const change of migrations)
        this.dropped.push({ change, reason: "not applied: another migration of this run could not be" });
    }
    if (this.input.allOrNothing && this.dropped.length) {
      const first = this.dropped[0];
      this.dropEverything({ reason: `not applied: ${first.change.title} could not be (${first.reason})` });
    }
  }

  /** Every change still to apply that edits `file`. */
  private dropFile(file: string, refusal: Refusal): void {
    const touches = (change: Change) => change.ops.some((op) => op.file === file);
    for (const change of this.changes.filter(touches)) this.dropped.push({ change, file, ...refusal });
    this.changes = this.changes.filter((change) => !touches(change));
  }

  private dropEverything(refusal: Refusal, file?: string): TransactionResult {
    for (const change of this.changes.splice(0)) this.dropped.push({ change, ...(file ? { file } : {}), ...refusal });
    return { applied: [], dropped: this.dropped };
  }

  /** Every file locked and checked: verify the edits, then back up, stage, commit and record (write-run.ts). */
  private async write(): Promise<TransactionResult> {
    const { input, paths, planned, changes } = this;
    assertEditsAsPlanned(changes, planned, paths);
    const at = input.at ?? new Date();
    const runId = newRunId(at);
    assertWritable(paths.stateDir);
    rotateHistory(paths);
    const history = openHistory(paths.historyPath);
    let written: Map<string, RawFile>;
    try {
      ({ written } = await writeRun({
        changes,
        planned,
        paths,
        runId,
        at,
        manifestExtra: input.undo ? { kind: "undo", ...input.undo } : undefined,
        record: (files) => writeHistory(history, historyRecord(input, changes, runId, at, files)),
        confirmWritten: input.confirmWritten,
      }));
    } finally {
      fs.closeSync(history);
    }
    pruneBackups(
      paths,
      input.keepBackups ?? backupsToKeepIn(planned.get(paths.configPath) ?? readRawFile(paths.configPath)),
    );
    return { runId, applied: changes, dropped: this.dropped, written };
  }
}

/** An edit whose text does not mean what was planned: a bug in the edit code, never the user's doing. */
export class EditNotAsPlanned extends Error {}

/**
 * Every file's new text, as the edits make it of the text now under the lock, must parse and mean
 * exactly its old value with the planned changes applied; one that does not stops the whole run
 * before anything is written (the user's file would otherwise be damaged by our own bug).
 */
function assertEditsAsPlanned(changes: Change[], planned: Map<string, RawFile>, paths: StatePaths): void {
  for (const [file, ops] of groupOpsByFile(changes.flatMap((c) => c.ops))) {
    if (file === paths.stateDir) continue;
    const before = planned.get(file)?.text;
    const outcome = applyOpsToFile(before, ops);
    const problem = verifyFileEdits(before, ops, outcome.deleted ? undefined : (outcome.text ?? before));
    if (problem)
      throw new EditNotAsPlanned(`the edit of ${file} is not what was planned (${problem}); nothing was written`);
  }
}

function historyRecord(
  input: TransactionInput,
  changes: Change[],
  runId: string,
  at: Date,
  files: HistoryRecord["files"],
): HistoryRecord {
  const base = { runId, at: at.toISOString(), command: input.command, files };
  if (input.undo) return { kind: "undo", ...base, ...input.undo };
  const summary = changes.map(({ id, title, source, safety, migration }) => ({
    id,
    title,
    source,
    safety,
    ...(migration ? { migration } : {}),
  }));
  return { kind: "run", ...base, changes: summary };
}

/** Directories made only to hold a lock or a file that was then not written: leave no trace. */
function removeEmptyDirs(dirs: string[]): void {
  for (const dir of [...dirs].sort((a, b) => b.length - a.length)) {
    try {
      fs.rmdirSync(dir);
    } catch {
      // Not empty (the run wrote there) or already gone: either way it stays as it is.
    }
  }
}

/**
 * The file's lock. A new file's directory may not exist yet (an existing file's does, or it changed
 * on disk): it is made only when the lock cannot be made without it, as it almost always exists.
 */
async function lockMakingDir(file: string, isNew: boolean, timeoutMs: number, createdDirs: string[]): Promise<Release> {
  try {
    return await acquireLock(file, timeoutMs);
  } catch (error) {
    if (!isNew || (error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const first = fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  for (let dir = path.dirname(file); first && dir.length >= first.length; dir = path.dirname(dir))
    createdDirs.push(dir);
  return acquireLock(file, timeoutMs);
}

/** A read-only file system says so here (a recursive mkdir under it reports ENOENT instead). */
function assertWritable(stateDir: string): void {
  try {
    fs.accessSync(stateDir, fs.constants.W_OK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
