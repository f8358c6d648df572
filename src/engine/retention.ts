// Backups hold old secrets and the history grows with every run: both are bounded. After a run
// commits, only the newest `doctor.backups.keep` writing runs (10 by default) keep their backups;
// older runs stay in the history, no longer undoable. The history is rotated past a size bound.
import fs from "node:fs";
import path from "node:path";
import type { StatePaths } from "../paths.js";
import { parseJsonc } from "../snapshot/jsonc.js";
import type { RawFile } from "../snapshot/raw-file.js";
import { BACKUPS_KEEP, backupsToKeep } from "../snapshot/views.js";
import { HISTORY_ROTATE_BYTES, readHistory, readHistoryFile, rotatedHistoryPath, RUN_ID } from "./history.js";

/** The config's `doctor.backups.keep`; a config that never mentions it costs no parse. */
export function backupsToKeepIn(config: RawFile | undefined): number {
  if (config?.text === undefined || !config.text.includes('"keep"')) return BACKUPS_KEEP.default;
  return backupsToKeep(parseJsonc(config.text).value);
}

/** Removes the backups of every recorded run but the newest `keep`. Never fails the run that called it. */
export function pruneBackups(paths: StatePaths, keep: number): void {
  try {
    const runs = readHistory(paths.historyPath).flatMap((record) =>
      record.kind === "undo" && record.finishes ? [record.finishes, record.runId] : [record.runId],
    );
    const kept = new Set(runs.slice(-keep));
    for (const runId of runs) if (!kept.has(runId)) removeRunBackups(paths, runId);
  } catch {
    // The run has committed: a backup left over is pruned by the next one, never a reason to fail it.
  }
}

/**
 * Past its size bound, history.jsonl becomes history.1.jsonl. The runs of the generation this
 * replaces leave the history, so their backups go with them (else they would look interrupted).
 */
export function rotateHistory(paths: StatePaths): void {
  let size: number;
  try {
    size = fs.lstatSync(paths.historyPath).size;
  } catch {
    return;
  }
  if (size <= HISTORY_ROTATE_BYTES) return;
  const rotated = rotatedHistoryPath(paths.historyPath);
  const current = new Set(readHistoryFile(paths.historyPath).map((record) => record.runId));
  const leaving = readHistoryFile(rotated).filter((record) => !current.has(record.runId));
  fs.renameSync(paths.historyPath, rotated);
  for (const record of leaving) removeRunBackups(paths, record.runId);
}

function removeRunBackups(paths: StatePaths, runId: string): void {
  if (!RUN_ID.test(runId)) return; // a planted record never names a path of its own choosing
  try {
    fs.rmSync(path.join(paths.backupsDir, runId), { recursive: true, force: true });
  } catch {
    // Left for the next run to prune.
  }
}
