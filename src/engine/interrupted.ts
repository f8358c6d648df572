// A run that stopped half-way (killed, power cut) leaves its backup manifest but no history line.
// This finds such runs, so doctor can report them and `--undo` can put the files back. A manifest
// that names a file clawdia does not write, or a backup outside its own directory, is not a run of
// ours (it may have been planted): it is never offered for undo.
import fs from "node:fs";
import path from "node:path";
import type { StatePaths } from "../paths.js";
import { readHistory, RUN_ID, type FileRecord, type HistoryRecord } from "./history.js";
import { tempPathFor } from "./atomic-write.js";
import { untrustedRecord } from "./run-record-check.js";
import { untrustedDir } from "./state-guard.js";

export interface InterruptedRun {
  runId: string;
  /** When it started (ISO, with milliseconds); from the manifest, else the manifest's mtime. */
  at: string;
  files: FileRecord[];
  /** Set when the interrupted run was itself an undo: the run it was taking back. */
  undoes?: string;
}

/** The ids the history accounts for: runs, undos, the runs they undid and the undos they finished. */
function knownRunIds(history: HistoryRecord[]): Set<string> {
  const known = new Set<string>();
  for (const record of history) {
    known.add(record.runId);
    if (record.kind === "undo") {
      known.add(record.undoes);
      if (record.finishes) known.add(record.finishes);
    }
  }
  return known;
}

export function findInterruptedRuns(
  paths: StatePaths,
  history: HistoryRecord[] = readHistory(paths.historyPath),
): InterruptedRun[] {
  if (untrustedDir(paths.backupsDir, "the backups directory")) return [];
  let entries: string[];
  try {
    entries = fs.readdirSync(paths.backupsDir);
  } catch {
    return [];
  }
  const known = knownRunIds(history);
  const runs: InterruptedRun[] = [];
  for (const runId of entries.sort()) {
    if (known.has(runId) || !RUN_ID.test(runId)) continue;
    const run = readManifest(paths, runId);
    if (run) runs.push(run);
  }
  return runs.sort((a, b) => a.at.localeCompare(b.at));
}

function readManifest(paths: StatePaths, runId: string): InterruptedRun | undefined {
  const file = path.join(paths.backupsDir, runId, "manifest.json");
  try {
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.size > 64 * 1024 * 1024) return undefined;
    const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as {
      runId?: string;
      at?: string;
      files?: FileRecord[];
      kind?: string;
      undoes?: string;
    };
    if (manifest.runId !== runId || untrustedRecord(paths, runId, manifest.files)) return undefined;
    const at = typeof manifest.at === "string" ? manifest.at : stat.mtime.toISOString();
    const undoes = manifest.kind === "undo" && typeof manifest.undoes === "string" ? manifest.undoes : undefined;
    return { runId, at, files: manifest.files!, ...(undoes ? { undoes } : {}) };
  } catch {
    // No manifest (a crash before it was written, or another tool's folder): nothing was changed yet.
    return undefined;
  }
}

/** Temp files a run left beside their targets when it stopped before renaming them. */
export function leftoverTempFiles(run: { runId: string; files: FileRecord[] }): string[] {
  return run.files.map((record) => tempPathFor(record.path, run.runId)).filter((file) => fs.existsSync(file));
}
