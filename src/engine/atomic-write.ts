// Two-phase atomic replacement of several files: every new content is first written and fsynced
// to a temp file beside its target, then each temp file is renamed over its target. A crash at any
// point leaves each file with either its old or its new content. (write-file-atomic does both
// phases per file in one call, which cannot give a multi-file transaction this shape.)
import fs from "node:fs";
import path from "node:path";

export interface StagedWrite {
  target: string;
  temp: string;
  mode: number;
}

export function stageWrite(target: string, content: string, mode: number, tag: string): StagedWrite {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${tag}.tmp`);
  writeNewFileDurably(temp, content, mode);
  return { target, temp, mode };
}

/** Creates a file that must not exist yet, with exactly `mode`, and returns once it is on the disk. */
export function writeNewFileDurably(file: string, content: string, mode: number): void {
  const fd = fs.openSync(file, "wx", mode);
  try {
    fs.writeSync(fd, content);
    fs.fchmodSync(fd, mode); // the umask may have narrowed (or the file system widened) the mode
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Renames the staged file over its target; the caller fsyncs the directory (once per directory). */
export function commitWrite(staged: StagedWrite): void {
  fs.renameSync(staged.temp, staged.target);
}

export function discardWrite(staged: StagedWrite): void {
  fs.rmSync(staged.temp, { force: true });
}

/** Makes a rename durable: fsync the directory that holds the entry. */
export function syncDirectory(dir: string): void {
  try {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself is still atomic.
  }
}

/** Writes one file atomically (stage + commit). */
export function writeFileAtomic(target: string, content: string, mode: number, tag: string): void {
  const staged = stageWrite(target, content, mode, tag);
  try {
    commitWrite(staged);
    syncDirectory(path.dirname(target));
  } catch (error) {
    discardWrite(staged);
    throw error;
  }
}
