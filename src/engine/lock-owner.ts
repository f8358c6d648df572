// Who holds a lock clawdia took: a record beside `<file>.lock`, `<file>.lock.owner`, so that a lock
// left by a clawdia process that is gone is taken over at once instead of after the stale time.
//
// The record is beside the lock directory, never inside it: proper-lockfile (the gateway's too)
// removes a stale lock with rmdir, which fails on a directory that is not empty; a record inside
// would make a killed clawdia's lock one the gateway can never take over.
//
// Cheap, as every write takes locks (thousands in a migration): a process writes one owner file per
// file system, a JSON line (pid, process start, host, command) and then one line per lock it takes
// (`<inode> <birth time> <created at>` of the lock directory), and each `<file>.lock.owner` is a hard
// link to it. A lock costs an append and a link, no new inode; letting go, an unlink. A record names
// its lock directories by identity: beside a later directory (the gateway's, made after it took a
// dead clawdia's lock over by the stale rule) it is no record.
import fs from "node:fs";
import os from "node:os";

export interface LockOwner {
  program: "clawdia";
  pid: number;
  /** Tells this process from a later one with the same pid (Linux: boot id and start time in ticks since boot). */
  start: string | null;
  /** When the process started, by its clock: for people. */
  startedAt: number;
  host: string;
  /** The pid namespace (Linux): a pid means nothing in another one, even on the same host. */
  pidns: string | null;
  command: string;
}

/** A record found beside a lock directory, about that directory. */
export interface FoundRecord {
  owner: LockOwner;
  /** When the lock was taken, by the taker's clock (Date.now(), the clock of proper-lockfile's mtimes). */
  createdAt: number;
  /** The owner file the record links to (a taker checks it moved this very one aside). */
  file: { dev: number; ino: number };
}

/** A record of 200,000 locks is about 8 MB; more is not one of ours. */
const MAX_RECORD_BYTES = 8 * 1024 * 1024;
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

export function ownerRecordPath(lockPath: string): string {
  return `${lockPath}.owner`;
}

// ---- this process ---------------------------------------------------------------------------

let self: LockOwner | undefined;

function me(): LockOwner {
  self ??= {
    program: "clawdia",
    pid: process.pid,
    start: processStart(process.pid),
    startedAt: Math.round(Date.now() - process.uptime() * 1000),
    host: os.hostname(),
    pidns: pidNamespace(),
    command: process.argv.slice(2).join(" ").slice(0, 200),
  };
  return self;
}

let bootId: string | null | undefined;

/** Linux: `<boot id>:<start time in clock ticks since boot>` (/proc/<pid>/stat field 22); null elsewhere or when gone. */
function processStart(pid: number): string | null {
  if (process.platform !== "linux") return null;
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  if (fields[0] === "Z" || fields[0] === "X") return null; // dead, not yet reaped: holds nothing
  bootId ??= readOrNull("/proc/sys/kernel/random/boot_id")?.trim() ?? null;
  return fields[19] ? `${bootId}:${fields[19]}` : null;
}

function pidNamespace(): string | null {
  try {
    return fs.readlinkSync("/proc/self/ns/pid");
  } catch {
    return null;
  }
}

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

// ---- writing --------------------------------------------------------------------------------

/** This process's owner file on one file system: open for appending, and its names (the records of the locks held). */
interface OwnerFile {
  fd: number;
  names: Set<string>;
  /** The name last linked: the one to link from. */
  last: string;
}

const ownerFiles = new Map<number, OwnerFile>();
const recordOf = new Map<string, OwnerFile>();

/**
 * Records this process as the owner of the lock directory just made (`lock`: its stat). Best effort:
 * a lock without a record is still a lock (the stale rule then applies to it). Synchronous, as the
 * lock itself is: an append and a link cost less than one round trip through the thread pool.
 */
export function recordOwner(lockPath: string, lock: fs.Stats): void {
  const record = ownerRecordPath(lockPath);
  const line = `${lock.ino} ${lock.birthtimeMs} ${Date.now()}\n`;
  const file = ownerFiles.get(lock.dev);
  const source = file && (file.names.has(file.last) ? file.last : file.names.values().next().value);
  if (!file || !source) return newOwnerFile(lock.dev, lockPath, line);
  try {
    fs.writeSync(file.fd, line); // the line first: a reader that finds the link finds the line
  } catch {
    return;
  }
  for (let retried = false; ; retried = true) {
    try {
      fs.linkSync(source, record);
      file.names.add(record);
      file.last = record;
      recordOf.set(lockPath, file);
      return;
    } catch (error) {
      // A record left by an earlier lock (we hold this one now): replace it, once.
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && !retried) {
        if (unlinkQuietly(record)) continue;
        return;
      }
      // The name linked from was let go of meanwhile, or too many links (EMLINK): a new owner file.
      return newOwnerFile(lock.dev, lockPath, line);
    }
  }
}

/** Starts a new owner file at the lock's record (once per process and file system: open, write). */
function newOwnerFile(dev: number, lockPath: string, line: string): void {
  const record = ownerRecordPath(lockPath);
  const flags = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_APPEND | O_NOFOLLOW;
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      // O_EXCL: never through a link, never into a file someone else made (a hard link to theirs).
      fd = fs.openSync(record, flags, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0 || !unlinkQuietly(record)) return;
      continue;
    }
    try {
      fs.writeSync(fd, `${JSON.stringify(me())}\n${line}`);
    } catch {
      fs.closeSync(fd);
      unlinkQuietly(record);
      return;
    }
    const previous = ownerFiles.get(dev);
    if (previous) closeQuietly(previous.fd); // its records stay; no new line goes to it
    const file = { fd, names: new Set([record]), last: record };
    ownerFiles.set(dev, file);
    recordOf.set(lockPath, file);
    return;
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // Closed is closed.
  }
}

/** Whether this process recorded itself as the lock's owner; forgets it (before the directory goes). */
export function forgetOwner(lockPath: string): boolean {
  const file = recordOf.get(lockPath);
  if (!file) return false;
  recordOf.delete(lockPath);
  file.names.delete(ownerRecordPath(lockPath));
  return true;
}

function unlinkQuietly(file: string): boolean {
  try {
    fs.unlinkSync(file);
    return true;
  } catch {
    return false; // a directory, say: this lock goes without a record
  }
}

// ---- reading --------------------------------------------------------------------------------

/** The record beside `lockPath` if it is one and is about this very directory (`lock`); anything else is no record. */
export function readOwnerRecord(lockPath: string, lock: fs.Stats): FoundRecord | undefined {
  const read = readRecordFile(ownerRecordPath(lockPath));
  if (!read) return undefined;
  const { text, dev, ino } = read;
  const end = text.indexOf("\n");
  let owner: unknown;
  try {
    owner = JSON.parse(text.slice(0, end));
  } catch {
    return undefined;
  }
  if (end < 0 || !isLockOwner(owner)) return undefined;
  const key = `\n${lock.ino} ${lock.birthtimeMs} `;
  const at = text.indexOf(key);
  if (at < 0) return undefined;
  const createdAt = Number(text.slice(at + key.length, text.indexOf("\n", at + key.length)));
  return Number.isFinite(createdAt) ? { owner, createdAt, file: { dev, ino } } : undefined;
}

/** A regular file of at most MAX_RECORD_BYTES, not through a link, never blocking on a FIFO. */
function readRecordFile(file: string): { text: string; dev: number; ino: number } | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_RECORD_BYTES) return undefined;
    const buffer = Buffer.alloc(stat.size);
    const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return { text: buffer.toString("utf8", 0, length), dev: stat.dev, ino: stat.ino };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function isLockOwner(value: unknown): value is LockOwner {
  const v = value as Partial<LockOwner> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    v.program === "clawdia" &&
    Number.isSafeInteger(v.pid) &&
    v.pid! > 0 &&
    (v.start === null || typeof v.start === "string") &&
    Number.isFinite(v.startedAt) &&
    typeof v.host === "string" &&
    (v.pidns === null || typeof v.pidns === "string") &&
    typeof v.command === "string"
  );
}

// ---- judging --------------------------------------------------------------------------------

/**
 * "gone": the owner is a process of this host that no longer runs (or its pid is another process's
 * now); "alive": it still runs; "unknown": another host's (or pid namespace's), which only the stale
 * rule can tell.
 */
export function ownerState(owner: LockOwner): "gone" | "alive" | "unknown" {
  const here = me();
  if (owner.host !== here.host || owner.pidns !== here.pidns) return "unknown";
  if (here.start !== null) {
    // Linux: the pid's start time tells a reused pid (and a reboot: the boot id) from the owner.
    const start = processStart(owner.pid);
    if (start !== null) return start === owner.start ? "alive" : "gone";
  }
  try {
    process.kill(owner.pid, 0);
    return "alive";
  } catch (error) {
    // EPERM: it runs, as another user (or /proc hides it): it may be the owner.
    return (error as NodeJS.ErrnoException).code === "ESRCH" ? "gone" : "alive";
  }
}

/** "clawdia doctor --fix (pid 1234, started 12:00:01)", with the host when it is another one. */
export function describeOwner(owner: LockOwner): string {
  const host = owner.host === me().host ? "" : ` on ${printable(owner.host.slice(0, 255))}`;
  const command = owner.command ? ` ${printable(owner.command.slice(0, 200))}` : "";
  return `clawdia${command} (pid ${owner.pid}${host}, started ${formatTime(owner.startedAt)})`;
}

/** Control characters escaped: a record is data someone else may have written. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** Local time, with the date when it is not today. */
function formatTime(ms: number): string {
  const at = new Date(ms);
  if (Number.isNaN(at.getTime())) return "at an unknown time";
  const pad = (n: number) => String(n).padStart(2, "0");
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  const today = new Date();
  const sameDay =
    at.getFullYear() === today.getFullYear() && at.getMonth() === today.getMonth() && at.getDate() === today.getDate();
  return sameDay ? time : `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}
