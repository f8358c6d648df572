// The write half of a transaction, once every file is locked and checked: back up, stage, commit,
// record. A failure at any step leaves the state as it was, and rolling back needs no free space:
// it renames the backups into place and removes what the run made, never writing new bytes.
import fs from "node:fs";
import path from "node:path";
import type { StatePaths } from "../paths.js";
import { describeError, statFields, type RawFile } from "../snapshot/raw-file.js";
import { crashPoint } from "../seams.js";
import type { Change } from "../types.js";
import {
  commitWrite,
  discardWrite,
  linkOrWrite,
  stageWrite,
  syncDirectories,
  syncFiles,
  writeNewFile,
  type Owner,
  type StagedWrite,
} from "./atomic-write.js";
import { applyOpsToFile, groupOpsByFile, type FileOutcome } from "./file-ops.js";
import { sha256 } from "./hash.js";
import type { FileRecord } from "./history.js";
import { ownerForWrite } from "./state-guard.js";

export interface WriteRunInput {
  changes: Change[];
  planned: Map<string, RawFile>;
  paths: StatePaths;
  runId: string;
  at: Date;
  /** Written into the manifest beside the files (an undo names the run it takes back). */
  manifestExtra?: Record<string, unknown>;
  /** Records the run (the history line); a failure here rolls the whole run back. */
  record: (files: FileRecord[]) => void;
  /** Confirm each file as written (WrittenRun.written), for a caller that uses them; else none. */
  confirmWritten?: boolean;
}

/** A run that could not be written; `leftOnDisk` are the files that still hold its changes. */
export class WriteFailure extends Error {
  constructor(
    readonly cause: unknown,
    readonly leftOnDisk: string[],
  ) {
    super(describeError(cause));
  }

  /** What the user needs to know: the error, and exactly what is on disk now. */
  describe(): string {
    const left = this.leftOnDisk;
    if (left.length === 0) return `could not write: ${this.message}; every file was left as it was`;
    return `could not write: ${this.message}; ${left.join(", ")} still ${left.length === 1 ? "holds" : "hold"} this run's changes: \`clawdia doctor --undo\` puts ${left.length === 1 ? "it" : "them"} back`;
  }
}

interface Planned {
  file: string;
  before: RawFile | undefined;
  outcome: FileOutcome;
}

export interface WrittenRun {
  records: FileRecord[];
  /**
   * Each file the run wrote or removed, as it is on disk after the commit, while its lock is still
   * held: the text written, with the metadata of an lstat of the file in place. A file whose lstat
   * is not what the run wrote (not a regular file, another size) is left out, so a caller that
   * needs it reads it again.
   */
  written: Map<string, RawFile>;
}

export async function writeRun(input: WriteRunInput): Promise<WrittenRun> {
  const { paths, runId } = input;
  const backupDir = path.join(paths.backupsDir, runId);
  fs.mkdirSync(paths.backupsDir, { recursive: true, mode: 0o700 });
  fs.mkdirSync(backupDir, { mode: 0o700 }); // never an existing one: the run owns what is inside
  let records: FileRecord[];
  let files: Planned[];
  let moveSources: Map<string, RawFile>;
  try {
    files = plannedOutcomes(input.changes, input.planned, paths);
    ({ records, moveSources } = backUp(files, backupDir, paths));
    const manifest = path.join(backupDir, "manifest.json");
    writeNewFile(
      manifest,
      JSON.stringify({ runId, at: input.at.toISOString(), ...input.manifestExtra, files: records }, null, 2) + "\n",
      0o600,
    );
    // A backup is only a backup once it is on the disk: fsynced before any original is replaced.
    await syncFiles([...records.flatMap((r) => (r.backup ? [r.backup] : [])), manifest]);
    await syncDirectories([backupDir]);
  } catch (error) {
    fs.rmSync(backupDir, { recursive: true, force: true }); // nothing was replaced yet: no run at all
    throw new WriteFailure(error, []);
  }
  crashPoint("after-backup");

  const staged = new Map<string, StagedWrite>();
  try {
    files.forEach(({ file, before, outcome }, index) => {
      if (outcome.text === undefined) return;
      const mode = records[index].modeAfter ?? 0o600;
      const source = moveSources.get(outcome.text);
      moveSources.delete(outcome.text); // one inode, one new name
      const owner = ownerForWrite(ownerOf(before) ?? ownerOf(source), paths.stateDir);
      staged.set(file, stageWrite(file, outcome.text, mode, runId, linkable(source, mode), owner));
      crashPoint(`after-temp-${staged.size}`);
    });
    await syncFiles([...staged.values()].map((write) => write.temp));
  } catch (error) {
    staged.forEach(discardWrite);
    fs.rmSync(backupDir, { recursive: true, force: true });
    throw new WriteFailure(error, []);
  }

  const done: Done = { renamed: new Set(), chmodded: new Set(), removed: new Set() };
  try {
    for (const write of staged.values()) {
      commitWrite(write);
      done.renamed.add(write.target);
      crashPoint(`after-rename-${done.renamed.size}`);
    }
    // One fsync per directory, not per rename, makes every rename of the run durable.
    await syncDirectories([...done.renamed].map((file) => path.dirname(file)));
    for (const { file, outcome } of files) {
      if (outcome.mode === undefined || outcome.deleted || done.renamed.has(file)) continue;
      fs.chmodSync(file, outcome.mode);
      done.chmodded.add(file);
    }
    // Removals come last: each is the second half of a move whose new copy is now in place.
    for (const { file, outcome } of files) {
      if (!outcome.deleted) continue;
      fs.unlinkSync(file);
      done.removed.add(file);
    }
    await syncDirectories([...done.removed].map((file) => path.dirname(file)));
    crashPoint("before-history");
    input.record(records);
    crashPoint("after-history");
  } catch (error) {
    for (const write of staged.values()) if (!done.renamed.has(write.target)) discardWrite(write);
    const leftOnDisk = rollBack(files, records, done);
    await syncDirectories(files.map(({ file }) => path.dirname(file))).catch(() => {});
    // Fully put back: the run never happened, so nothing may report it as interrupted.
    if (leftOnDisk.length === 0) fs.rmSync(backupDir, { recursive: true, force: true });
    throw new WriteFailure(error, leftOnDisk);
  }
  return { records, written: input.confirmWritten ? asWritten(files) : new Map() };
}

/** WrittenRun.written: the run's files as written, each confirmed by an lstat (see there). */
function asWritten(files: Planned[]): Map<string, RawFile> {
  const written = new Map<string, RawFile>();
  for (const { file, before, outcome } of files) {
    const text = outcome.deleted ? undefined : (outcome.text ?? before?.text);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.lstatSync(file, { throwIfNoEntry: false });
    } catch {
      continue;
    }
    if (stat === undefined) {
      if (outcome.deleted) written.set(file, { path: file, status: "missing" });
      continue;
    }
    if (text === undefined || !stat.isFile() || stat.size !== Buffer.byteLength(text)) continue;
    written.set(file, { path: file, status: "ok", text, ...statFields(stat) });
  }
  return written;
}

interface Done {
  renamed: Set<string>;
  chmodded: Set<string>;
  removed: Set<string>;
}

function plannedOutcomes(changes: Change[], planned: Map<string, RawFile>, paths: StatePaths): Planned[] {
  return (
    [...groupOpsByFile(changes.flatMap((c) => c.ops))]
      .map(([file, ops]) => {
        const before = file === paths.stateDir ? undefined : planned.get(file);
        return { file, before, outcome: applyOpsToFile(before?.text, ops) };
      })
      // A file created and removed again within the run (moved twice) has nothing to record.
      .filter(({ outcome }) => outcome.text !== undefined || outcome.mode !== undefined || outcome.deleted)
  );
}

/** Backs up each original into `backupDir` and describes the run's files for manifest and history. */
function backUp(
  files: Planned[],
  backupDir: string,
  paths: StatePaths,
): { records: FileRecord[]; moveSources: Map<string, RawFile> } {
  // A file the run removes whose text reappears elsewhere (a move) lends its inode to the new name;
  // an inode is lent once, so its backup is then a copy (two names on one inode would change together).
  const moveSources = new Map<string, RawFile>();
  for (const { before, outcome } of files)
    if (outcome.deleted && before?.text !== undefined) moveSources.set(before.text, before);
  const movedTexts = new Set(
    files.flatMap(({ outcome }) => (outcome.text !== undefined && moveSources.has(outcome.text) ? [outcome.text] : [])),
  );
  const records = files.map(({ file, before, outcome }, index): FileRecord => {
    const isStateDir = file === paths.stateDir;
    const existed = isStateDir || before?.status === "ok";
    const original = before?.text;
    const backup = original !== undefined ? path.join(backupDir, `${index}-${path.basename(file)}`) : null;
    // The original's own inode is the backup when the run replaces or removes it (nothing else can
    // reach it afterwards); a file only chmod-ed stays live, so its backup is a copy.
    const replaced = outcome.text !== undefined || (outcome.deleted && !movedTexts.has(original!));
    if (backup) linkOrWrite(replaced ? linkable(before, 0o600) : undefined, backup, original!, 0o600);
    const modeBefore = isStateDir ? fs.statSync(file).mode & 0o777 : (before?.mode ?? null);
    const textAfter = outcome.deleted ? undefined : (outcome.text ?? original);
    return {
      path: file,
      existed,
      existedAfter: !outcome.deleted && (existed || outcome.text !== undefined),
      modeBefore,
      modeAfter: outcome.deleted ? null : (outcome.mode ?? (outcome.text !== undefined ? 0o600 : modeBefore)),
      sha256Before: isStateDir ? null : sha256(original),
      sha256After: isStateDir ? null : sha256(textAfter),
      backup,
    };
  });
  return { records, moveSources };
}

/**
 * Puts back every file the run already changed, without writing new bytes: a
 * backup is renamed into place (it is the original inode, or a copy of it the run made), a new file
 * is removed, a mode is set back. Returns the files it could not put back.
 */
function rollBack(files: Planned[], records: FileRecord[], done: Done): string[] {
  const left: string[] = [];
  files.forEach(({ file, before }, index) => {
    const record = records[index];
    const touched = done.renamed.has(file) || done.removed.has(file);
    try {
      if (touched && record.backup)
        restoreByRename(
          record.backup,
          file,
          record.modeBefore ?? 0o600,
          ownerForWrite(ownerOf(before), path.dirname(file)),
        );
      else if (touched) fs.rmSync(file, { force: true });
      else if (done.chmodded.has(file) && record.modeBefore !== null) fs.chmodSync(file, record.modeBefore);
    } catch {
      left.push(file);
    }
  });
  return left;
}

function restoreByRename(backup: string, file: string, mode: number, owner: Owner | undefined): void {
  try {
    fs.renameSync(backup, file);
  } catch (error) {
    // A config on another file system: the backup cannot be renamed there, only copied.
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    const temp = `${file}.rollback-${process.pid}.tmp`;
    writeNewFile(temp, fs.readFileSync(backup, "utf8"), mode, owner);
    fs.renameSync(temp, file);
  }
  fs.chmodSync(file, mode);
  if (owner) fs.chownSync(file, owner.uid, owner.gid);
}

function ownerOf(file: RawFile | undefined): Owner | undefined {
  return file?.uid !== undefined && file.gid !== undefined ? { uid: file.uid, gid: file.gid } : undefined;
}

/**
 * The file's path when its inode can stand for a new file of `mode`: a regular file with that mode
 * and no other name (a second name, kept by the user, would go on changing the backup).
 */
function linkable(file: RawFile | undefined, mode: number): string | undefined {
  return file?.status === "ok" && file.symlinkTarget === undefined && file.mode === mode && file.links === 1
    ? file.path
    : undefined;
}
