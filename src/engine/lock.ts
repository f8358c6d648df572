// The gateway's lock: proper-lockfile's `<file>.lock` directory, with its stale-lock takeover; plus
// the owner record clawdia leaves beside each lock it takes (lock-owner.ts), so that a lock of a
// clawdia process that is gone is taken over at once instead of after the stale time.
/// <reference path="./proper-lockfile-lib.d.ts" />
import crypto from "node:crypto";
import fs from "node:fs";
import { lock as lockWithCallback } from "proper-lockfile/lib/lockfile.js";
import { describeError } from "../snapshot/raw-file.js";
import { describeOwner, forgetOwner, ownerRecordPath, ownerState, readOwnerRecord, recordOwner } from "./lock-owner.js";

/** How long to wait for a lock the gateway holds before giving up on that file. */
export function lockTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.CLAWDIA_LOCK_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv : 5000;
}

/** proper-lockfile's default: a lock whose mtime is older than this has a dead owner. */
const STALE_LOCK_MS = 10_000;
/** proper-lockfile rounds mtimes up to the next second on some file systems: this much ahead is not "the future". */
const FUTURE_SLACK_MS = 2_000;
/**
 * A gone owner's lock is taken over by its record only while it is this much short of the stale
 * time: past it, proper-lockfile's own stale rule (the gateway's too) may be removing it at the same
 * moment, and only one of the two may.
 */
const STALE_MARGIN_MS = 1_000;
const RETRY_MS = 100;

export type Release = () => Promise<void>;

/** The lock stayed held for the whole timeout; `holder` says by whom, when its record tells. */
export class LockHeldError extends Error {
  readonly code = "ELOCKED";
  constructor(
    readonly file: string,
    /** "clawdia doctor --fix (pid 1234, started 12:00:01)", or "another process (the gateway?)". */
    readonly holder: string,
    readonly waitedMs: number,
    /** What to add: the lock never goes stale, and how to clear it. */
    readonly hint: string,
  ) {
    super(`${file} is locked by ${holder} and stayed locked for ${waitedMs} ms${hint}`);
  }

  /** The reason a change to the file is dropped. */
  get reason(): string {
    return `it is locked by ${this.holder} and stayed locked for ${this.waitedMs} ms${this.hint}`;
  }
}

/** "is locked by …" for a lock that could not be taken (undo's refusal). */
export function lockedBy(error: unknown): string {
  return error instanceof LockHeldError
    ? `is locked by ${error.holder}${error.hint}`
    : `could not be locked (${describeError(error)})`;
}

export async function acquireLock(file: string, timeoutMs: number): Promise<Release> {
  const deadline = Date.now() + timeoutMs;
  let retriedAtOnce = false;
  for (;;) {
    try {
      const release = lockNow(file);
      return async () => {
        try {
          release();
        } catch {
          // Already let go of (compromised, or taken over by the stale rule): nothing is ours to remove.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
      const held = inspect(`${file}.lock`);
      // Let go of meanwhile, or taken over from its gone owner: try again now (once in a row: a
      // gateway that locks back to back must not make us spin).
      if (!retriedAtOnce && (held.vanished || (held.takeOver && takeOver(`${file}.lock`, held.takeOver)))) {
        retriedAtOnce = true;
        continue;
      }
      if (Date.now() >= deadline) throw new LockHeldError(file, held.holder, timeoutMs, held.hint);
      retriedAtOnce = false;
      await new Promise((resolve) => setTimeout(resolve, held.takeOver ? 10 : RETRY_MS));
    }
  }
}

/**
 * proper-lockfile's own lock function (the one its promise and sync APIs wrap) on a file system whose
 * callbacks answer at once: the same mkdir, stat and rmdir of `<file>.lock` (the gateway's protocol),
 * the same stale rule and refresh timer, without a thread-pool round trip for each step. Called
 * directly rather than through `lockSync`, which builds a new file-system object for every lock: the
 * mtime precision proper-lockfile learns on its first lock (a `utimes` and a `stat`) is remembered on
 * that object, so through `lockSync` every lock paid for both again. Here it is learnt once per
 * process, as the gateway's own (asynchronous, one file system) locks do.
 */
function lockNow(file: string): () => void {
  let failure: NodeJS.ErrnoException | null = null;
  let release: ((done?: (error: NodeJS.ErrnoException | null) => void) => void) | undefined;
  lockWithCallback(file, LOCK_OPTIONS, (error, releaser) => {
    failure = error;
    release = releaser;
  });
  if (failure) throw failure;
  if (!release) throw new Error(`proper-lockfile did not answer at once for ${file}`); // a sync file system always does
  const releaseLock = release;
  return () => {
    let releaseError: NodeJS.ErrnoException | null = null;
    releaseLock((error) => (releaseError = error));
    if (releaseError) throw releaseError;
  };
}

interface Held {
  holder: string;
  hint: string;
  vanished?: boolean;
  /** Set when the lock's owner is gone: what was judged, to take it over only if it is still that. */
  takeOver?: Judged;
}

/** The lock directory and the owner file its record links to, as judged. */
interface Judged {
  lock: fs.Stats;
  file: { dev: number; ino: number };
}

/** Who holds the lock, and whether it may be taken over now. */
function inspect(lockPath: string): Held {
  let lock: fs.Stats;
  try {
    lock = fs.lstatSync(lockPath);
  } catch {
    return { holder: "another process (the gateway?)", hint: "", vanished: true };
  }
  const now = Date.now();
  const inFuture = lock.mtimeMs > now + FUTURE_SLACK_MS;
  const record = readOwnerRecord(lockPath, lock);
  const futureHint = inFuture
    ? `; its modification time is in the future (${new Date(lock.mtimeMs).toISOString()}), so it never goes stale: if nothing is using the file, clear it with: rmdir ${shellQuote(lockPath)}`
    : "";
  if (!record) return { holder: "another process (the gateway?)", hint: futureHint };
  const state = ownerState(record.owner);
  const takeOver =
    (state === "gone" && (inFuture || now - lock.mtimeMs < STALE_LOCK_MS - STALE_MARGIN_MS)) ||
    // Another host's: only the stale rule, by the clock of its own record when the mtime cannot be trusted.
    (state === "unknown" && inFuture && now - record.createdAt > STALE_LOCK_MS);
  return {
    holder: describeOwner(record.owner),
    hint: state === "alive" ? "" : futureHint,
    ...(takeOver ? { takeOver: { lock, file: record.file } } : {}),
  };
}

/**
 * Removes a lock whose owner is gone, if it is still the one judged. Two takers may judge the same
 * lock at once: the first to move its record aside wins; a loser that finds it moved the winner's
 * new record puts it back. So only one removes the lock directory, and never a newer one.
 */
function takeOver(lockPath: string, judged: Judged): boolean {
  const record = ownerRecordPath(lockPath);
  const tag = `${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  const claim = `${record}.${tag}.claim`;
  try {
    fs.renameSync(record, claim);
  } catch {
    return false; // another taker has it
  }
  try {
    const claimed = fs.lstatSync(claim);
    if (claimed.dev !== judged.file.dev || claimed.ino !== judged.file.ino) {
      putBack(claim, record);
      return false;
    }
    if (!sameDir(fs.lstatSync(lockPath), judged.lock)) return false; // already replaced: that one has no record of ours to judge
    const away = `${lockPath}.${tag}.stale`;
    fs.renameSync(lockPath, away);
    if (!sameDir(fs.lstatSync(away), judged.lock)) {
      fs.renameSync(away, lockPath); // cannot happen (nobody else removes it meanwhile); if it did, it is not ours
      return false;
    }
    fs.rmdirSync(away);
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(claim, { force: true });
  }
}

function putBack(claim: string, record: string): void {
  try {
    fs.linkSync(claim, record); // never over a record written meanwhile
  } catch {
    // Then that lock goes without its record: others wait for it as for the gateway's.
  }
}

function sameDir(a: fs.Stats, b: fs.Stats): boolean {
  return a.isDirectory() && a.dev === b.dev && a.ino === b.ino && a.birthtimeMs === b.birthtimeMs;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

// The file system proper-lockfile uses (its synchronous API calls the `…Sync` methods), with the
// owner record: written right after the lock directory is made (when proper-lockfile stats it, which
// gives the record its inode), removed just before our own directory is (a record without its lock
// would name a lock that is not there). A stale lock proper-lockfile removes keeps its record: it
// names that directory, no later one.
const made = new Set<string>();

/** A `…Sync` method as the callback method proper-lockfile calls, answering before it returns. */
function answeringAtOnce<A extends unknown[], R>(method: (...args: A) => R) {
  return (...args: [...A, (error: NodeJS.ErrnoException | null, result?: R) => void]): void => {
    const callback = args.pop() as (error: NodeJS.ErrnoException | null, result?: R) => void;
    let result: R;
    try {
      result = method(...(args as unknown as A));
    } catch (error) {
      return callback(error as NodeJS.ErrnoException);
    }
    callback(null, result);
  };
}

const recordingFsSync = {
  mkdirSync(lockPath: string): void {
    fs.mkdirSync(lockPath);
    made.add(lockPath);
  },
  statSync(target: string): fs.Stats {
    const stat = fs.statSync(target);
    if (made.delete(target)) recordOwner(target, stat);
    return stat;
  },
  // Also what proper-lockfile's exit handler lets go of the locks still held with.
  rmdirSync(lockPath: string): void {
    made.delete(lockPath);
    if (forgetOwner(lockPath)) {
      try {
        fs.unlinkSync(ownerRecordPath(lockPath));
      } catch {
        // Already gone: the record is what is removed here, and it is not there.
      }
    }
    fs.rmdirSync(lockPath);
  },
  utimesSync: (target: string, atime: Date, mtime: Date) => fs.utimesSync(target, atime, mtime),
  realpathSync: (target: string) => fs.realpathSync(target),
};

/** One object for the whole process: proper-lockfile remembers the mtime precision on it. */
const recordingFs = {
  ...recordingFsSync,
  mkdir: answeringAtOnce(recordingFsSync.mkdirSync),
  stat: answeringAtOnce(recordingFsSync.statSync),
  rmdir: answeringAtOnce(recordingFsSync.rmdirSync),
  utimes: answeringAtOnce(recordingFsSync.utimesSync),
  realpath: answeringAtOnce(recordingFsSync.realpathSync),
};

const LOCK_OPTIONS = {
  realpath: false, // the file may not exist yet (a new auth store)
  stale: STALE_LOCK_MS,
  retries: 0, // we wait and retry ourselves (acquireLock), reading who holds the lock meanwhile
  fs: recordingFs as unknown as typeof fs,
  // The default throws from a timer and kills the process; a compromised lock is noticed at release.
  onCompromised: () => {},
};
