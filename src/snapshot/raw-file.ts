// Reads one file for the snapshot without ever throwing: every odd case becomes a status.
import fs from "node:fs";

/** Files above this are refused rather than read: they cannot be a real config or store. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export type RawFileStatus = "ok" | "missing" | "unreadable" | "not-a-file" | "too-large";

export interface RawFile {
  path: string;
  status: RawFileStatus;
  text?: string;
  /** Permission bits (mode & 0o777) of the file, or of the link's target. */
  mode?: number;
  mtimeMs?: number;
  size?: number;
  /** How many names the file has (hard links); a backup shares the inode only of a file with one. */
  links?: number;
  /** The owner, kept when root replaces the file (the gateway, running as the user, must still read it). */
  uid?: number;
  gid?: number;
  /** Set when `path` itself is a symbolic link. */
  symlinkTarget?: string;
  /** Why it could not be read, in words for the user (no secret ever: only the OS error). */
  error?: string;
  /** In a planned state: the file this one is being moved from (named in errors, since it is where the user finds it). */
  movedFrom?: string;
}

export function readRawFile(file: string): RawFile {
  let symlinkTarget: string | undefined;
  let linkStat: fs.Stats | undefined;
  try {
    // Most files asked for are missing (a legacy auth.json beside each agent's store): an answer,
    // not an exception, is five times cheaper on 10,000 agents. Only ENOENT comes back as undefined.
    linkStat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (linkStat === undefined) return { path: file, status: "missing" };
    if (linkStat.isSymbolicLink()) symlinkTarget = fs.readlinkSync(file);
  } catch {
    // EACCES, ENOTDIR, ELOOP…: the stat below says which, as the file's error
  }
  let stat: fs.Stats;
  try {
    // The link's own stat is the file's unless it is a link (saves a system call per file).
    stat = linkStat && !linkStat.isSymbolicLink() ? linkStat : fs.statSync(file);
  } catch (error) {
    const status = errorCode(error) === "ENOENT" ? "missing" : "unreadable";
    return { path: file, status, symlinkTarget, error: describeError(error) };
  }
  const base = { path: file, ...statFields(stat), symlinkTarget };
  if (!stat.isFile()) return { ...base, status: "not-a-file", error: "it is not a regular file" };
  if (stat.size > MAX_FILE_BYTES) {
    return {
      ...base,
      status: "too-large",
      error: `it is ${formatBytes(stat.size)}, over the ${formatBytes(MAX_FILE_BYTES)} limit`,
    };
  }
  try {
    const bytes = fs.readFileSync(file);
    try {
      return { ...base, status: "ok", text: UTF8.decode(bytes) };
    } catch {
      // Decoding would replace the bad bytes: a write would then change bytes nobody asked to change.
      return { ...base, status: "unreadable", error: "it is not valid UTF-8 text" };
    }
  } catch (error) {
    return { ...base, status: "unreadable", error: describeError(error) };
  }
}

/** Strict: invalid bytes are an error, and a byte-order mark stays in the text (it is written back). */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

export function describeError(error: unknown): string {
  const code = errorCode(error);
  const known: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EISDIR: "it is a directory",
    ENOENT: "it does not exist",
    ELOOP: "too many levels of symbolic links",
    EROFS: "read-only file system",
    ENOTDIR: "a parent is not a directory",
    ENOSPC: "no space left on device",
    EDQUOT: "disk quota exceeded",
    EIO: "input/output error",
  };
  if (code && known[code]) return `${known[code]} (${code})`;
  return code ?? (error instanceof Error ? error.message : String(error));
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} B`;
}

/** What a RawFile records of a file's stat. */
export function statFields(stat: fs.Stats) {
  return {
    mode: stat.mode & 0o777,
    mtimeMs: stat.mtimeMs,
    size: stat.size,
    links: stat.nlink,
    uid: stat.uid,
    gid: stat.gid,
  };
}
