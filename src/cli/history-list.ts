// `clawdia doctor --history`: the runs that wrote, oldest first, and what `--undo` can still take back.
import fs from "node:fs";
import path from "node:path";
import { readHistory, RUN_ID, undoneRuns, type HistoryRecord } from "../engine/history.js";
import { findInterruptedRuns } from "../engine/interrupted.js";
import { displayPath, type StatePaths } from "../paths.js";
import { printable } from "../report/printable.js";

export type RunStatus = "undoable" | "undone" | "pruned" | "interrupted";

export interface RunListing {
  runId: string;
  kind: "run" | "undo";
  at: string;
  command: string | null;
  undoes: string | null;
  status: RunStatus;
  undoneBy: string | null;
  files: string[];
}

/** `--history --json`; its schema: src/report/schemas/run-history.ts. */
export interface RunHistoryJson {
  schemaVersion: 1;
  stateDir: string;
  historyPath: string;
  runs: RunListing[];
}

function listRuns(paths: StatePaths): RunListing[] {
  // Lines that are not clawdia's (a run id of another shape) are not shown: they may carry anything.
  const history = readHistory(paths.historyPath).filter((record) => RUN_ID.test(record.runId));
  const undone = undoneRuns(history);
  const undoneBy = (runId: string) =>
    history.filter((r) => r.kind === "undo" && r.undoes === runId).at(-1)?.runId ?? null;
  const listed: RunListing[] = history.map((record: HistoryRecord) => ({
    runId: record.runId,
    kind: record.kind,
    at: record.at,
    command: typeof record.command === "string" ? record.command : null,
    undoes: record.kind === "undo" ? record.undoes : null,
    status: undone.has(record.runId)
      ? "undone"
      : fs.existsSync(path.join(paths.backupsDir, record.runId))
        ? "undoable"
        : "pruned",
    undoneBy: undone.has(record.runId) ? undoneBy(record.runId) : null,
    files: record.files.map((file) => String(file.path)),
  }));
  const interrupted: RunListing[] = findInterruptedRuns(paths, history).map((run) => ({
    runId: run.runId,
    kind: run.undoes ? "undo" : "run",
    at: run.at,
    command: null,
    undoes: run.undoes ?? null,
    status: "interrupted",
    undoneBy: null,
    files: run.files.map((file) => file.path),
  }));
  return [...listed, ...interrupted].sort((a, b) => a.at.localeCompare(b.at));
}

const STATUS_TEXT: Record<RunStatus, string> = {
  undoable: "undoable",
  undone: "undone",
  pruned: "backups pruned: no longer undoable",
  interrupted: "interrupted: `clawdia doctor --undo` puts its files back",
};

export function renderRunHistory(paths: StatePaths, json: boolean): string {
  const runs = listRuns(paths);
  if (json)
    return JSON.stringify(
      { schemaVersion: 1, stateDir: paths.stateDir, historyPath: paths.historyPath, runs } satisfies RunHistoryJson,
      null,
      2,
    );
  if (runs.length === 0) return "No run of clawdia has written anything here.";
  const lines = ["Runs that wrote, oldest first (`clawdia doctor --undo RUN_ID` takes one back):"];
  for (const run of runs) {
    // The history file is plain text anyone with access may have edited: every field is escaped.
    const what = run.kind === "undo" ? `undo of ${printable(String(run.undoes))}` : printable(run.command ?? "run");
    const status =
      run.status === "undone" && run.undoneBy ? `undone by ${printable(run.undoneBy)}` : STATUS_TEXT[run.status];
    lines.push(
      `  ${printable(run.runId)}  ${printable(String(run.at))}  ${what}  (${run.files.length} file${run.files.length === 1 ? "" : "s"}; ${status})`,
    );
    for (const file of run.files) lines.push(`      ${printable(displayPath(file, paths.home))}`);
  }
  return lines.join("\n");
}
