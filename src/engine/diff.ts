// The unified diff a dry run prints: every planned file change, secrets masked by the caller.
import { createTwoFilesPatch } from "diff";
import { displayPath, type StatePaths } from "../paths.js";
import type { RawFile } from "../snapshot/raw-file.js";
import type { Change } from "../types.js";
import { applyOpsToFile, groupOpsByFile } from "./file-ops.js";

export function diffChanges(changes: Change[], planned: Map<string, RawFile>, paths: StatePaths, stateDirMode: number | undefined): string {
  const parts: string[] = [];
  for (const [file, ops] of groupOpsByFile(changes.flatMap((change) => change.ops))) {
    const shown = displayPath(file, paths.home);
    const before = planned.get(file);
    let outcome;
    try {
      outcome = applyOpsToFile(before?.text, ops);
    } catch (error) {
      parts.push(`${shown}: cannot be changed: ${(error as Error).message}\n`);
      continue;
    }
    if (outcome.mode !== undefined) {
      const from = file === paths.stateDir ? stateDirMode : before?.mode;
      parts.push(`mode ${shown}: ${from === undefined ? "?" : octal(from)} → ${octal(outcome.mode)}\n`);
    }
    if (outcome.deleted) parts.push(`removed ${shown}\n`);
    if (outcome.text !== undefined) {
      const oldName = before?.text === undefined ? "/dev/null" : shown;
      parts.push(createTwoFilesPatch(oldName, shown, before?.text ?? "", outcome.text, "", "", { context: 3 }).replace(/^(Index: .*\n)?=+\n/, ""));
    }
  }
  return parts.join("\n");
}

export function octal(mode: number): string {
  return "0" + mode.toString(8).padStart(3, "0");
}
