// Who holds a lock clawdia took: a small record beside `<file>.lock` (pid, process start, host,
// command, creation time), so that a lock left by a clawdia process that is gone is taken over at once.
//
// The record is a file beside the lock directory, never inside it: proper-lockfile (the gateway's
// too) removes a stale lock with rmdir, which fails on a directory that is not empty; a record inside
// would make a killed clawdia's lock one the gateway can never take over.
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
  /** When the lock was taken, by the taker's clock (Date.now(), the clock of proper-lockfile's mtimes). */
  createdAt: number;
  /** The `<file>.lock` directory this record is about: beside another one (the gateway's, later), it is no record. */
  lock: { ino: number; birth: number };
}

const MAX_RECORD_BYTES = 4096;
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;

export function ownerRecordPath(lockPath: string): string {
  return `${lockPath}.owner`;
}

interface Self {
  pid: number;
  start: string | null;
  startedAt: number;
  host: string;
  pidns: string | null;
  command: string;
}

let self: Self | undefined;

/** This process, read once. */
function me(): Self {
  self ??= {
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

/**
 * Writes this process's record for the lock directory just made (`lock`: its stat). On the hot path:
 * one open, one write, one close; a record left by an earlier lock is replaced. Best effort: a lock
 * without a record is still a lock (the stale rule then applies to it).
 */
export function writeOwnerRecord(lockPath: string, lock: fs.Stats): boolean {
  const { pid, start, startedAt, host, pidns, command } = me();
  const record: LockOwner = { program: "clawdia", pid, start, startedAt, host, pidns, command, createdAt: Date.now(), lock: { ino: lock.ino, birth: lock.birthtimeMs } };
  const file = ownerRecordPath(lockPath);
  const text = JSON.stringify(record);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // O_EXCL: never through a link, never into a file someone else made (a hard link to theirs).
      const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | O_NOFOLLOW, 0o600);
      try {
        fs.writeSync(fd, text);
      } finally {
        fs.closeSync(fd);
      }
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) return false;
      // We hold the lock: whatever has the record's name is left from an earlier one.
      try {
        fs.unlinkSync(file);
      } catch {
        return false; // a directory, say: this lock goes without a record
      }
    }
  }
  return false;
}

export function removeOwnerRecord(lockPath: string): void {
  try {
    fs.unlinkSync(ownerRecordPath(lockPath));
  } catch {
    // Already gone (or never written): nothing to do.
  }
}

/** The record beside `lockPath` as raw text and parsed, if it is one (anything else is no record). */
export function readOwnerRecord(lockPath: string): { text: string; owner: LockOwner } | undefined {
  const text = readSmallFile(ownerRecordPath(lockPath));
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isLockOwner(value) ? { text, owner: value } : undefined;
}

/** A regular file of at most MAX_RECORD_BYTES, not through a link, never blocking on a FIFO. */
export function readSmallFile(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_RECORD_BYTES) return undefined;
    const buffer = Buffer.alloc(MAX_RECORD_BYTES + 1);
    const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return length > MAX_RECORD_BYTES ? undefined : buffer.toString("utf8", 0, length);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function isLockOwner(value: unknown): value is LockOwner {
  const v = value as Partial<LockOwner> | null;
  return (
    typeof v === "object" && v !== null &&
    v.program === "clawdia" &&
    Number.isSafeInteger(v.pid) && v.pid! > 0 &&
    (v.start === null || typeof v.start === "string") &&
    Number.isFinite(v.startedAt) &&
    typeof v.host === "string" &&
    (v.pidns === null || typeof v.pidns === "string") &&
    typeof v.command === "string" &&
    Number.isFinite(v.createdAt) &&
    typeof v.lock === "object" && v.lock !== null && Number.isFinite(v.lock.ino) && Number.isFinite(v.lock.birth)
  );
}

/** The record is about this very directory (not one the gateway made after taking a stale one over). */
export function recordIsFor(owner: LockOwner, lock: fs.Stats): boolean {
  return owner.lock.ino === lock.ino && owner.lock.birth === lock.birthtimeMs;
}

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
  const host = owner.host === me().host ? "" : ` on ${printable(owner.host)}`;
  const command = owner.command ? ` ${printable(owner.command.slice(0, 200))}` : "";
  return `clawdia${command} (pid ${owner.pid}${host}, started ${formatTime(owner.startedAt)})`;
}

/** Control characters escaped: a record is data someone else may have written. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** Local time, with the date when it is not today. */
export function formatTime(ms: number): string {
  const at = new Date(ms);
  if (Number.isNaN(at.getTime())) return "at an unknown time";
  const pad = (n: number) => String(n).padStart(2, "0");
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  const today = new Date();
  const sameDay = at.getFullYear() === today.getFullYear() && at.getMonth() === today.getMonth() && at.getDate() === today.getDate();
  return sameDay ? time : `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}
