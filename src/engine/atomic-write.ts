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

/** Who a new file belongs to when it is not the writing process (root writing a user's file). */
export interface Owner {
  uid: number;
  gid: number;
}

/**
 * Writes the temp file beside `target`, not yet on the disk: a run stages all its files, then makes
 * them durable together with `syncFiles` before the first rename.
 */
export function stageWrite(
  target: string,
  content: string,
  mode: number,
  tag: string,
  sameContentAs?: string,
  owner?: Owner,
): StagedWrite {
  const temp = tempPathFor(target, tag);
  linkOrWrite(sameContentAs, temp, content, mode, owner);
  return { target, temp, mode };
}

/** The temp file a run stages beside `target`: named by the run, so a leftover says whose it is. */
export function tempPathFor(target: string, tag: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${tag}.tmp`);
}

/**
 * Gives `content` a new name `file`: a hard link to `source` when the caller knows that `source`
 * holds exactly that content with `mode` and goes away (or is replaced) in the same run, else a
 * copy. Creating a file is the costly step on many file systems; a link is not. Links are refused
 * across file systems and on some (FAT, some network mounts): then it is a copy.
 */
export function linkOrWrite(
  source: string | undefined,
  file: string,
  content: string,
  mode: number,
  owner?: Owner,
): void {
  if (source !== undefined) {
    try {
      fs.linkSync(source, file); // the inode keeps its own owner
      return;
    } catch {
      // a copy below does the same job
    }
  }
  writeNewFile(file, content, mode, owner);
}

/**
 * Creates a file that must not exist yet, with exactly `mode` (and `owner`); `syncFiles` puts it on
 * the disk. A file it could not finish (a full disk) is removed: it never leaves a partial file.
 */
export function writeNewFile(file: string, content: string, mode: number, owner?: Owner): void {
  const fd = fs.openSync(file, "wx", mode);
  try {
    writeFully(fd, Buffer.from(content, "utf8"));
    fs.fchmodSync(fd, mode); // the umask may have narrowed (or the file system widened) the mode
    if (owner) fs.fchownSync(fd, owner.uid, owner.gid);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw error;
  }
  fs.closeSync(fd);
}

/**
 * Writes every byte of `data` at the descriptor's position. A write may be short (a disk filling up
 * answers with fewer bytes before it answers ENOSPC): the rest is written until done or refused.
 */
export function writeFully(fd: number, data: Buffer): void {
  for (let done = 0; done < data.length;) {
    const written = fs.writeSync(fd, data, done, data.length - done);
    if (written <= 0) throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
    done += written;
  }
}

/**
 * fsyncs every file, many at a time: a journaling file system commits concurrent fsyncs together,
 * so 2,000 files take a fraction of 2,000 one-by-one fsyncs (bin/clawdia.js widens the thread pool).
 */
export async function syncFiles(files: readonly string[]): Promise<void> {
  await inParallel(files, (file) => fsyncPath(file));
}

/** Makes the renames and removals in each directory durable, many directories at a time. */
export async function syncDirectories(dirs: Iterable<string>): Promise<void> {
  await inParallel([...new Set(dirs)], (dir) =>
    fsyncPath(dir).catch(() => {
      // Some file systems refuse fsync on a directory; the rename itself is still atomic.
    }),
  );
}

/** Renames the staged file over its target; the caller fsyncs the directory (once per directory). */
export function commitWrite(staged: StagedWrite): void {
  fs.renameSync(staged.temp, staged.target);
}

export function discardWrite(staged: StagedWrite): void {
  fs.rmSync(staged.temp, { force: true });
}

// Only the fsync waits for the disk: it alone goes to the thread pool (the callback API; a
// FileHandle per file costs more than the fsync itself on small files). The open and the close are
// done here, as a round trip through the pool costs more CPU than either system call.
function fsyncPath(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fd = fs.openSync(file, "r");
    fs.fsync(fd, (syncError) => {
      try {
        fs.closeSync(fd);
      } catch {
        // The fsync's answer is what counts; a close that fails loses nothing written.
      }
      if (syncError) reject(syncError);
      else resolve();
    });
  });
}

const PARALLEL_SYNCS = 64;

/** Runs `task` on every item, a bounded number at once; settles them all before reporting a failure. */
async function inParallel<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async () => {
    while (next < items.length) await task(items[next++]).catch((error: unknown) => void failures.push(error));
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_SYNCS, items.length) }, worker));
  if (failures.length) throw failures[0];
}
