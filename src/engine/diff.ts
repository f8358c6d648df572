// The unified diff a dry run prints: every planned file change, each file's text masked before it is
// diffed (src/redact/raw-text.ts: on disk a secret may be written with escapes its value has not).
import { formatPatch, structuredPatch } from "diff";
import { displayPath, type StatePaths } from "../paths.js";
import { maskFileText, textKindOf, type TextKind } from "../redact/raw-text.js";
import type { RawFile } from "../snapshot/raw-file.js";
import type { Change } from "../types.js";
import { applyOpsToFile, groupOpsByFile } from "./file-ops.js";

export function diffChanges(
  changes: Change[],
  planned: Map<string, RawFile>,
  paths: StatePaths,
  stateDirMode: number | undefined,
  secrets: readonly string[],
): string {
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
      parts.push(maskedPatch(oldName, shown, before?.text ?? "", outcome.text, textKindOf(file), secrets));
    }
  }
  return parts.join("\n");
}

export function octal(mode: number): string {
  return "0" + mode.toString(8).padStart(3, "0");
}

/**
 * The diff of the raw texts, shown with the lines of the masked texts: two secrets with the same
 * fingerprint still show as a change, and no line is shown unmasked. Masking keeps every line where
 * it is; should it not, the whole patch is masked as text instead.
 */
function maskedPatch(
  oldName: string,
  newName: string,
  oldText: string,
  newText: string,
  kind: TextKind,
  secrets: readonly string[],
): string {
  const patch = structuredPatch(oldName, newName, oldText, newText, "", "", { context: 3 });
  const oldLines = maskFileText(oldText, kind, secrets).split("\n");
  const newLines = maskFileText(newText, kind, secrets).split("\n");
  const aligned = oldLines.length === oldText.split("\n").length && newLines.length === newText.split("\n").length;
  for (const hunk of patch.hunks) {
    let oldAt = hunk.oldStart - 1;
    let newAt = hunk.newStart - 1;
    hunk.lines = hunk.lines.map((line) => {
      const mark = line[0];
      if (mark === "\\") return line; // "\ No newline at end of file"
      const shown = !aligned
        ? maskFileText(line.slice(1), "text", secrets)
        : mark === "+"
          ? newLines[newAt]
          : oldLines[oldAt];
      if (mark !== "+") oldAt++;
      if (mark !== "-") newAt++;
      return mark + shown;
    });
  }
  return formatPatch(patch).replace(/^(Index: .*\n)?=+\n/, "");
}
