// A run that stopped half-way (killed, power cut) leaves its backup manifest but no history line.
// This finds such runs, so doctor can report them and `--undo` can put the files back.
import fs from "node:fs";
import path from "node:path";
import type { StatePaths } from "../paths.js";
import { readHistory, type FileRecord, type HistoryRecord } from "./history.js";

export interface InterruptedRun {
  runId: string;
  /** When it started (ISO, with milliseconds); from the manifest, else the manifest's mtime. */
  at: string;
  files: FileRecord[];
}

export function findInterruptedRuns(paths: StatePaths, history: HistoryRecord[] = readHistory(paths.historyPath)): InterruptedRun[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(paths.backupsDir);
  } catch {
    return [];
  }
  const known = new Set(history.map((record) => (record.kind === "undo" ? record.undoes : record.runId)));
  const runs: InterruptedRun[] = [];
  for (const runId of entries.sort()) {
    if (known.has(runId)) continue;
    try {
      const file = path.join(paths.backupsDir, runId, "manifest.json");
      const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { runId?: string; at?: string; files?: FileRecord[] };
      const at = typeof manifest.at === "string" ? manifest.at : fs.statSync(file).mtime.toISOString();
      if (manifest.runId === runId && Array.isArray(manifest.files)) runs.push({ runId, at, files: manifest.files });
    } catch {
      // No manifest (a crash before it was written, or another tool's folder): nothing was changed yet.
    }
  }
  return runs.sort((a, b) => a.at.localeCompare(b.at));
}

/** Temp files a run left beside their targets when it stopped before renaming them. */
export function leftoverTempFiles(run: InterruptedRun): string[] {
  return run.files
    .map((record) => path.join(path.dirname(record.path), `.${path.basename(record.path)}.${run.runId}.tmp`))
    .filter((file) => fs.existsSync(file));
}
