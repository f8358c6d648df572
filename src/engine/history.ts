// <state>/doctor/history.jsonl: one line per run that wrote something, and one per undo.
import fs from "node:fs";
import path from "node:path";
import type { Change } from "../types.js";

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

export interface UndoRecord {
  kind: "undo";
  runId: string;
  at: string;
  undoes: string;
  files: FileRecord[];
}

export type HistoryRecord = RunRecord | UndoRecord;

export function readHistory(historyPath: string): HistoryRecord[] {
  let text: string;
  try {
    text = fs.readFileSync(historyPath, "utf8");
  } catch {
    return [];
  }
  const records: HistoryRecord[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as HistoryRecord);
    } catch {
      // A torn last line (a crash mid-append) is skipped; the backups still hold the run.
    }
  }
  return records;
}

export function appendHistory(historyPath: string, record: HistoryRecord): void {
  const fd = openHistory(historyPath);
  try {
    writeHistory(fd, record);
  } finally {
    fs.closeSync(fd);
  }
}

/** Opens the history for appending; done before a run writes anything, so a history that cannot be
 *  written stops the run before it changes a file. */
export function openHistory(historyPath: string): number {
  fs.mkdirSync(path.dirname(historyPath), { recursive: true, mode: 0o700 });
  return fs.openSync(historyPath, "a", 0o600);
}

export function writeHistory(fd: number, record: HistoryRecord): void {
  fs.writeSync(fd, JSON.stringify(record) + "\n");
  fs.fsyncSync(fd);
}

/** The newest run that has not been undone yet. */
export function lastUndoableRun(records: HistoryRecord[]): RunRecord | undefined {
  const undone = new Set(records.filter((r): r is UndoRecord => r.kind === "undo").map((r) => r.undoes));
  return records.filter((r): r is RunRecord => r.kind === "run" && !undone.has(r.runId)).at(-1);
}

export function newRunId(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}
