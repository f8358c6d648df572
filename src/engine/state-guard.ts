// Who may write where: the checks a run makes on the state directory and on its own directories
// (backups/, doctor/) before it writes or restores anything. Their contents are data that another
// user or a planted link could control, so a run refuses rather than follow them.
import fs from "node:fs";
import path from "node:path";
import type { StatePaths } from "../paths.js";
import type { Owner } from "./atomic-write.js";

const myUid = () => process.getuid?.() ?? -1;

/**
 * Root writing into another user's state would leave root-owned files the user and the gateway can no
 * longer read (and a history the user's own --undo cannot see): refuse, and say how to run it. A
 * state dir that does not exist yet is judged by the directory it would be made in (the home).
 */
export function foreignOwner(stateDir: string): string | undefined {
  if (myUid() !== 0) return undefined;
  const owner = ownerOfNearest(stateDir);
  if (owner === undefined || owner.uid === 0) return undefined;
  const where = fs.existsSync(stateDir)
    ? "the state directory belongs"
    : `${path.dirname(stateDir)} (where the state directory would be made) belongs`;
  return `${where} to another user (uid ${owner.uid}); run clawdia as that user (sudo -u "#${owner.uid}" clawdia …) so its files keep their owner`;
}

/** The owner of `dir`, or of its nearest ancestor that exists. */
function ownerOfNearest(dir: string): Owner | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    try {
      const stat = fs.statSync(current);
      return { uid: stat.uid, gid: stat.gid };
    } catch {
      if (path.dirname(current) === current) return undefined;
    }
  }
}

/**
 * Why the run's own directory `dir` (backups/ or doctor/) cannot be trusted, if it cannot: a symbolic
 * link would send copies of the credential stores wherever it points; a directory another user owns
 * or may write could hold files planted to steer `--undo`. Missing is fine: the run creates it.
 */
export function untrustedDir(dir: string, what: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch {
    return undefined;
  }
  if (stat.isSymbolicLink())
    return `${what} ${dir} is a symbolic link; clawdia never writes or reads its backups through a link (remove the link, or move the directory there and pass --state-dir)`;
  if (!stat.isDirectory()) return `${what} ${dir} is not a directory; move it away`;
  return writableByOthers(stat, dir, what);
}

/** The state directory as `--undo` needs it: a real directory that only its owner may write. */
export function untrustedStateDir(stateDir: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(stateDir);
  } catch {
    return undefined;
  }
  if (stat.isSymbolicLink()) {
    return `the state directory ${stateDir} is a symbolic link; undo only restores into the real directory: pass --state-dir ${realpathOr(stateDir)}`;
  }
  return writableByOthers(stat, stateDir, "the state directory");
}

function writableByOthers(stat: fs.Stats, dir: string, what: string): string | undefined {
  const uid = myUid();
  if (uid !== -1 && stat.uid !== uid && stat.uid !== 0)
    return `${what} ${dir} belongs to another user (uid ${stat.uid}); its contents are not trusted`;
  if (stat.mode & 0o022) {
    return `${what} ${dir} is writable by other users (mode ${(stat.mode & 0o777).toString(8).padStart(4, "0")}), so its contents are not trusted: run \`chmod go-w ${dir}\` first`;
  }
  return undefined;
}

function realpathOr(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** The first reason the run's own directories cannot be written, if any. */
export function untrustedRunDirs(paths: StatePaths): string | undefined {
  return (
    untrustedDir(paths.backupsDir, "the backups directory") ??
    untrustedDir(path.dirname(paths.historyPath), "the history directory")
  );
}

/**
 * The owner a file written by root must get: the original's, or for a new file the state dir's.
 * Undefined when no chown is needed (not root, or the owner is root already).
 */
export function ownerForWrite(original: Owner | undefined, stateDir: string): Owner | undefined {
  if (myUid() !== 0) return undefined;
  const owner = original ?? ownerOfNearest(stateDir);
  return owner && (owner.uid !== 0 || owner.gid !== 0) ? owner : undefined;
}
