// Replays planned file operations on text, in memory. The same code computes what a dry run
// shows and what apply writes, so the two can never disagree.
import { applyEdits, findNodeAtLocation, modify, parseTree } from "jsonc-parser";
import type { FileOp } from "../types.js";
import { setDotenvValue } from "../snapshot/dotenv.js";

export interface FileOutcome {
  /** New text; undefined when only the mode changes and the file is left as it is. */
  text?: string;
  mode?: number;
}

/** Applies every op for one file, in order, on the text it had when loaded (undefined: absent). */
export function applyOpsToFile(original: string | undefined, ops: FileOp[]): FileOutcome {
  let text = original;
  let mode: number | undefined;
  for (const op of ops) {
    if (op.kind === "chmod") mode = op.mode;
    else if (op.kind === "write") text = op.content;
    else if (op.kind === "dotenv-set") text = setDotenvValue(text ?? "", op.key, op.value);
    else text = setJsonValue(text ?? "{}\n", op.path, op.value);
  }
  return { text: text === original ? undefined : text, mode };
}

function setJsonValue(text: string, path: (string | number)[], value: unknown): string {
  // jsonc-parser re-formats what it inserts; a value that replaces another in place and is not an
  // object keeps the compact form, so `"order": { "anthropic": ["a", "b"] }` stays on its line.
  const replacesInPlace = value !== undefined && (typeof value !== "object" || Array.isArray(value)) && !!findNodeAtLocation(parseTree(text) ?? EMPTY, path);
  const edits = modify(text, path, value, { formattingOptions: replacesInPlace ? undefined : detectFormatting(text) });
  return applyEdits(text, edits);
}

const EMPTY = parseTree("{}")!;

function detectFormatting(text: string) {
  const indent = /^( +|\t)\S/m.exec(text)?.[1] ?? "  ";
  return {
    insertSpaces: indent[0] !== "\t",
    tabSize: indent[0] === "\t" ? 1 : indent.length,
    eol: text.includes("\r\n") ? "\r\n" : "\n",
  };
}

/** Groups ops by file, keeping their order within each file. */
export function groupOpsByFile(ops: FileOp[]): Map<string, FileOp[]> {
  const byFile = new Map<string, FileOp[]>();
  for (const op of ops) byFile.set(op.file, [...(byFile.get(op.file) ?? []), op]);
  return byFile;
}
