// <state>/doctor/history.jsonl: one line per run that wrote something, and one per undo.
import fs from "node:fs";
import path from "node:path";
import type { Change } from "../types.js";
import { writeFully } from "./atomic-write.js";

export interface FileRecord {
  path: string;
  existed: boolean;
  /** False when the run removed the file (the old half of a move). */
  existedAfter: boolean;
  modeBefore: number | null;
  modeAfter: number | null;
  sha256Before: string | null;
  sha256After: string | null;
  /** The copy of the original inside the run's backup directory; null when the file did not exist. */
  backup: string | null;
}

export interface RunRecord {
  kind: "run";
  runId: string;
  at: string;
  command: string;
  changes: { id: string; title: string; source: string; safety: string; migration?: Change["migration"] }[];
  files: FileRecord[];
}

/** An undo is a run of its own (backed up, undoable with `--undo ID`) that takes back `undoes`. */
export interface UndoRecord {
  kind: "undo";
  runId: string;
  at: string;
  undoes: string;
  /** An undo of the same run that was interrupted, which this one finished. */
  finishes?: string;
  command?: string;
  files: FileRecord[];
}

export type HistoryRecord = RunRecord | UndoRecord;

/** Past this size the history is rotated to history.1.jsonl (one generation is kept). */
export const HISTORY_ROTATE_BYTES = 4 * 1024 * 1024;
/** At most this much of each history file is read (its end): a planted 1 GB file costs no more. */
const HISTORY_READ_BYTES = 16 * 1024 * 1024;

export function rotatedHistoryPath(historyPath: string): string {
  return historyPath.replace(/\.jsonl$/, "") + ".1.jsonl";
}

/** Every record of the rotated file and the current one, oldest first. */
export function readHistory(historyPath: string): HistoryRecord[] {
  return [...readHistoryFile(rotatedHistoryPath(historyPath)), ...readHistoryFile(historyPath)];
}

/** The records of one history file (not its rotated generation). */
export function readHistoryFile(file: string): HistoryRecord[] {
  const text = readTail(file, HISTORY_READ_BYTES);
  const records: HistoryRecord[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const record = JSON.parse(line) as HistoryRecord;
      if (isRecordShape(record)) records.push(record);
    } catch {
      // A torn last line (a crash mid-append) is skipped; the backups still hold the run.
    }
  }
  return records;
}

/** The last `limit` bytes of a regular file, from its first whole line; "" when it cannot be read. */
function readTail(file: string, limit: number): string {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch {
    return "";
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return "";
    const length = Math.min(stat.size, limit);
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const got = fs.readSync(fd, buffer, read, length - read, stat.size - length + read);
      if (got <= 0) break;
      read += got;
    }
    const text = buffer.subarray(0, read).toString("utf8");
    return length < stat.size ? text.slice(text.indexOf("\n") + 1) : text;
  } catch {
    return "";
  } finally {
    fs.closeSync(fd);
  }
}

function isRecordShape(record: unknown): record is HistoryRecord {
  if (typeof record !== "object" || record === null) return false;
  const r = record as Partial<HistoryRecord>;
  return (
    (r.kind === "run" || r.kind === "undo") &&
    typeof r.runId === "string" &&
    typeof r.at === "string" &&
    Array.isArray(r.files)
  );
}

/** Appends one record on its own (a run that changed no file: an undo of a run that never got to one). */
export function appendHistory(historyPath: string, record: HistoryRecord): void {
  const fd = openHistory(historyPath);
  try {
    writeHistory(fd, record);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Opens the history for appending; done before a run writes anything, so a history that cannot be
 * written stops the run before it changes a file. A history past its size bound is rotated first.
 */
export function openHistory(historyPath: string): number {
  fs.mkdirSync(path.dirname(historyPath), { recursive: true, mode: 0o700 });
  const fd = fs.openSync(
    historyPath,
    // Read too: writeHistory looks at the last byte (see there).
    fs.constants.O_RDWR | fs.constants.O_APPEND | fs.constants.O_CREAT | fs.constants.O_NOFOLLOW,
    0o600,
  );
  return fd;
}

/**
 * Appends one record and makes it durable. A line that cannot be written whole (a full disk) is cut
 * off again, so the history never holds a torn line that would make the run look interrupted.
 */
export function writeHistory(fd: number, record: HistoryRecord): void {
  const size = fs.fstatSync(fd).size;
  // A run killed in the middle of its append can leave a cut last line (Linux ends a write early at a
  // page boundary when a fatal signal arrives): the record starts on a line of its own, or it would
  // be glued to the cut one and skipped with it.
  const line = JSON.stringify(record) + "\n";
  try {
    writeFully(fd, Buffer.from(endsCut(fd, size) ? "\n" + line : line, "utf8"));
    fs.fsyncSync(fd);
  } catch (error) {
    try {
      fs.ftruncateSync(fd, size); // frees space, needs none
    } catch {
      // The torn line stays; readHistory skips it.
    }
    throw error;
  }
}

/**
 * The ids of the runs whose changes are taken back now: an undo takes back its run, and an undo of
 * that undo (`--undo UNDO_ID`) gives the run its changes again.
 */
export function undoneRuns(records: HistoryRecord[]): Set<string> {
  const byId = new Map(records.map((record) => [record.runId, record]));
  const undone = new Set<string>();
  for (const record of records) {
    if (record.kind !== "undo") continue;
    undone.add(record.undoes);
    const target = byId.get(record.undoes);
    if (target?.kind === "undo") undone.delete(target.undoes);
  }
  return undone;
}

/** The newest run that has not been undone yet (undos themselves are undone only by id). */
export function lastUndoableRun(records: HistoryRecord[]): RunRecord | undefined {
  const undone = undoneRuns(records);
  return records.filter((r): r is RunRecord => r.kind === "run" && !undone.has(r.runId)).at(-1);
}

export function newRunId(at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}

/** What a run id looks like; anything else in backups/ or the history is not ours. */
export const RUN_ID = /^\d{8}T\d{6}Z-[a-z0-9]{1,12}$/;

/** Whether the history's last byte is not a newline (a line cut by a kill). */
function endsCut(fd: number, size: number): boolean {
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  return fs.readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
}
