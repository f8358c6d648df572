// apply (DESIGN.md §2): the only code that writes the user's state. One transaction per run:
// lock → check each file still holds what was planned against → back up → two-phase atomic write
// → history. A change whose file moved on since it was read is dropped, never merged blindly.
import fs from "node:fs";
import path from "node:path";
import type { StatePaths } from "../paths.js";
import { readRawFile, describeError, type RawFile } from "../snapshot/raw-file.js";
import type { Change } from "../types.js";
import { commitWrite, discardWrite, linkOrWrite, stageWrite, syncDirectories, syncFiles, writeFileAtomic, writeNewFile, type StagedWrite } from "./atomic-write.js";
import { applyOpsToFile, groupOpsByFile } from "./file-ops.js";
import { sha256 } from "./hash.js";
import { newRunId, openHistory, writeHistory, type FileRecord } from "./history.js";
import { acquireLock, lockTimeoutMs, type LockHeldError, type Release } from "./lock.js";
import { newerStamp } from "../config-version.js";
import { crashPoint } from "../seams.js";
import { canRebase } from "./rebase.js";
import { VERSION } from "../version.js";

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
}

export interface DroppedChange {
  change: Change;
  reason: string;
  /** The file that could not be written, when one file is the cause. */
  file?: string;
}

export interface TransactionResult {
  runId?: string;
  applied: Change[];
  dropped: DroppedChange[];
}

export async function applyChanges(input: TransactionInput): Promise<TransactionResult> {
  const { paths } = input;
  const planned = new Map(input.planned); // a file rebased under its lock is planned on its new content
  let changes = input.changes.filter((change) => change.ops.length > 0);
  const dropped: DroppedChange[] = [];
  const drop = (file: string, reason: string) => {
    for (const change of changes.filter((c) => c.ops.some((op) => op.file === file))) dropped.push({ change, reason, file });
    changes = changes.filter((c) => !c.ops.some((op) => op.file === file));
  };

  const foreign = foreignOwner(paths.stateDir);
  if (foreign) {
    for (const change of changes) dropped.push({ change, reason: foreign });
    return { applied: [], dropped };
  }
  const files = [...new Set(changes.flatMap((c) => c.ops.map((op) => op.file)))].sort();
  const opsByFile = groupOpsByFile(changes.flatMap((c) => c.ops));
  // A migration's history records each file's sha256 as planned: its files are never rebased.
  const migrated = new Set(changes.filter((c) => c.source === "migration").flatMap((c) => c.ops.map((op) => op.file)));
  const rebase = (file: string, current: RawFile) => {
    if (migrated.has(file) || !canRebase(planned.get(file) ?? { path: file, status: "missing" }, current, opsByFile.get(file) ?? [])) return false;
    planned.set(file, current);
    return true;
  };
  const releases: Release[] = [];
  const createdDirs: string[] = [];
  try {
    // Locks are taken a few at a time: a migration of 1,000 agents locks thousands of files.
    for (let i = 0; i < files.length; i += LOCK_BATCH) {
      const batch = files.slice(i, i + LOCK_BATCH);
      const problems = await Promise.all(batch.map((file) => lockAndCheck(file, planned.get(file), paths, lockTimeoutMs(input.env), releases, createdDirs, rebase)));
      batch.forEach((file, index) => problems[index] && drop(file, problems[index]!));
    }
    // The migrations of a run go together: one that cannot be written takes the others with it.
    if (dropped.some((d) => d.change.source === "migration")) {
      for (const change of changes.filter((c) => c.source === "migration")) dropped.push({ change, reason: "not applied: another migration of this run could not be" });
      changes = changes.filter((c) => c.source !== "migration");
    }
    if (input.allOrNothing && dropped.length) {
      const first = dropped[0];
      const reason = `not applied: ${first.change.title} could not be (${first.reason})`;
      for (const change of changes) dropped.push({ change, reason });
      changes = [];
    }
    if (changes.length === 0) return { applied: [], dropped };
    const at = input.at ?? new Date();
    const runId = newRunId(at);
    assertWritable(paths.stateDir);
    const history = openHistory(paths.historyPath);
    try {
      await writeAll(changes, planned, paths, runId, at, (files) =>
        writeHistory(history, {
          kind: "run",
          runId,
          at: at.toISOString(),
          command: input.command,
          changes: changes.map(({ id, title, source, safety, migration }) => ({ id, title, source, safety, ...(migration ? { migration } : {}) })),
          files,
        }),
      );
    } finally {
      fs.closeSync(history);
    }
    return { runId, applied: changes, dropped };
  } catch (error) {
    // Nothing is left committed (writeAll rolls back its own renames): every change is dropped.
    for (const change of changes) dropped.push({ change, reason: `could not write: ${describeError(error)}` });
    return { applied: [], dropped };
  } finally {
    await Promise.all(releases.map((release) => release()));
    removeEmptyDirs(createdDirs);
  }
}

/**
 * Root writing into another user's state would leave root-owned files the user and the gateway can no
 * longer read (and a history the user's own --undo cannot see): refuse, and say how to run it.
 */
export function foreignOwner(stateDir: string): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let owner: number;
  try {
    owner = fs.statSync(stateDir).uid;
  } catch {
    return undefined;
  }
  if (owner === 0) return undefined;
  return `the state directory belongs to another user (uid ${owner}); run clawdia as that user (sudo -u "#${owner}" clawdia …) so its files keep their owner`;
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

/** Takes the file's lock and checks it is still what the plan saw; returns why not, if not. */
async function lockAndCheck(
  file: string,
  planned: RawFile | undefined,
  paths: StatePaths,
  timeoutMs: number,
  releases: Release[],
  createdDirs: string[],
  rebase: (file: string, current: RawFile) => boolean,
): Promise<string | undefined> {
  const isStateDir = file === paths.stateDir;
  try {
    if (!isStateDir) {
      // A new file's directory may not exist yet; an existing file's does (or it changed on disk).
      const first = planned?.status === "ok" ? undefined : fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      for (let dir = path.dirname(file); first && dir.length >= first.length; dir = path.dirname(dir)) createdDirs.push(dir);
      releases.push(await acquireLock(file, timeoutMs));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") {
      return (error as LockHeldError).reason;
    }
    return `could not lock it: ${describeError(error)}`;
  }
  if (isStateDir) return undefined;
  const current = readRawFile(file);
  if (current.symlinkTarget !== undefined) return "it is a symbolic link; doctor never writes through links";
  const expected = planned ?? { path: file, status: "missing" as const };
  const changed = current.status !== expected.status || current.text !== expected.text;
  if (changed && !rebase(file, current)) return "it changed on disk since it was read";
  if (current.status !== "ok" && current.status !== "missing") return `it cannot be used: ${current.error}`;
  const newer = file === paths.configPath ? newerStamp(current.text) : undefined;
  if (newer) return `it was last written by Clawdia ${newer}, newer than this one (${VERSION}), which never rewrites it`;
  return undefined;
}

/**
 * Backs up, stages and commits every file, then records the run with `record`; on any failure,
 * including the record, puts back what was already renamed, so a run is all or nothing.
 */
async function writeAll(
  changes: Change[],
  planned: Map<string, RawFile>,
  paths: StatePaths,
  runId: string,
  at: Date,
  record: (files: FileRecord[]) => void,
): Promise<void> {
  const backupDir = path.join(paths.backupsDir, runId);
  fs.mkdirSync(backupDir, { recursive: true, mode: 0o700 });
  const outcomes = [...groupOpsByFile(changes.flatMap((c) => c.ops))]
    .map(([file, ops]) => {
      const before = file === paths.stateDir ? undefined : planned.get(file);
      return { file, before, outcome: applyOpsToFile(before?.text, ops) };
    })
    // A file created and removed again within the run (moved twice) has nothing to record.
    .filter(({ outcome }) => outcome.text !== undefined || outcome.mode !== undefined || outcome.deleted);
  // A file the run removes whose text reappears elsewhere (a move) lends its inode to the new name;
  // an inode is lent once, so its backup is then a copy (two names on one inode would change together).
  const moveSources = new Map<string, RawFile>();
  for (const { before, outcome } of outcomes) if (outcome.deleted && before?.text !== undefined) moveSources.set(before.text, before);
  const movedTexts = new Set(outcomes.flatMap(({ outcome }) => (outcome.text !== undefined && moveSources.has(outcome.text) ? [outcome.text] : [])));

  const records: FileRecord[] = outcomes.map(({ file, before, outcome }, index) => {
    const existed = file === paths.stateDir || before?.status === "ok";
    const backup = before?.text !== undefined ? path.join(backupDir, `${index}-${path.basename(file)}`) : null;
    // The original's own inode is the backup when the run replaces or removes it (nothing else can
    // reach it afterwards); a file only chmod-ed stays live, so its backup is a copy.
    const replaced = outcome.text !== undefined || (outcome.deleted && !movedTexts.has(before!.text!));
    if (backup) linkOrWrite(replaced ? linkable(before, 0o600) : undefined, backup, before!.text!, 0o600);
    const modeBefore = file === paths.stateDir ? fs.statSync(file).mode & 0o777 : (before?.mode ?? null);
    const textAfter = outcome.deleted ? undefined : (outcome.text ?? before?.text);
    return {
      path: file,
      existed,
      existedAfter: !outcome.deleted && (existed || outcome.text !== undefined),
      modeBefore,
      modeAfter: outcome.deleted ? null : (outcome.mode ?? (outcome.text !== undefined ? 0o600 : modeBefore)),
      sha256Before: file === paths.stateDir ? null : sha256(before?.text),
      sha256After: file === paths.stateDir ? null : sha256(textAfter),
      backup,
    };
  });
  const manifest = path.join(backupDir, "manifest.json");
  writeNewFile(manifest, JSON.stringify({ runId, at: at.toISOString(), files: records }, null, 2) + "\n", 0o600);
  // A backup is only a backup once it is on the disk: fsynced before any original is replaced.
  await syncFiles([...records.flatMap((r) => (r.backup ? [r.backup] : [])), manifest]);
  await syncDirectories([backupDir]);
  crashPoint("after-backup");

  const staged: StagedWrite[] = [];
  try {
    outcomes.forEach(({ file, outcome }, index) => {
      if (outcome.text === undefined) return;
      const mode = records[index].modeAfter ?? 0o600;
      const source = moveSources.get(outcome.text);
      moveSources.delete(outcome.text); // one inode, one new name
      staged.push(stageWrite(file, outcome.text, mode, runId, linkable(source, mode)));
      crashPoint(`after-temp-${staged.length}`);
    });
    await syncFiles(staged.map((write) => write.temp));
  } catch (error) {
    staged.forEach(discardWrite);
    throw error;
  }
  const committed: StagedWrite[] = [];
  const removed: string[] = [];
  try {
    for (const write of staged) {
      commitWrite(write);
      committed.push(write);
      crashPoint(`after-rename-${committed.length}`);
    }
    // One fsync per directory, not per rename, makes every rename of the run durable.
    await syncDirectories(committed.map((write) => path.dirname(write.target)));
    outcomes.forEach(({ file, outcome }) => {
      if (outcome.mode !== undefined && !outcome.deleted) fs.chmodSync(file, outcome.mode);
    });
    // Removals come last: each is the second half of a move whose new copy is now in place.
    for (const { file, outcome } of outcomes) {
      if (!outcome.deleted) continue;
      fs.unlinkSync(file);
      removed.push(file);
    }
    await syncDirectories(removed.map((file) => path.dirname(file)));
    crashPoint("before-history");
    record(records);
    crashPoint("after-history");
  } catch (error) {
    rollBack(committed, removed, records, runId);
    staged.filter((write) => !committed.includes(write)).forEach(discardWrite);
    throw error;
  }
}

/**
 * The file's path when its inode can stand for a new file of `mode`: a regular file with that mode
 * and no other name (a second name, kept by the user, would go on changing the backup).
 */
function linkable(file: RawFile | undefined, mode: number): string | undefined {
  return file?.status === "ok" && file.symlinkTarget === undefined && file.mode === mode && file.links === 1 ? file.path : undefined;
}

/** A read-only file system says so here (a recursive mkdir under it reports ENOENT instead). */
function assertWritable(stateDir: string): void {
  try {
    fs.accessSync(stateDir, fs.constants.W_OK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

function rollBack(committed: StagedWrite[], removed: string[], records: FileRecord[], runId: string): void {
  for (const record of records) {
    try {
      const write = committed.find((w) => w.target === record.path) ?? removed.includes(record.path);
      if (write && record.backup) writeFileAtomic(record.path, fs.readFileSync(record.backup, "utf8"), record.modeBefore ?? 0o600, `${runId}-rollback`);
      else if (write) fs.rmSync(record.path, { force: true });
      else if (record.modeBefore !== null && fs.existsSync(record.path)) fs.chmodSync(record.path, record.modeBefore);
    } catch {
      // Best effort: the backup directory still holds the original, for `--undo` or by hand.
    }
  }
}
