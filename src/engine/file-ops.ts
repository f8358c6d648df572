// Replays planned file operations on text, in memory. The same code computes what a dry run
// shows and what apply writes, so the two can never disagree.
import { setJsonValue } from "./json-edit.js";
import type { FileOp } from "../types.js";
import { setDotenvValue } from "../snapshot/dotenv-write.js";
import { editedText } from "../seams.js";

export interface FileOutcome {
  /** New text; undefined when only the mode changes and the file is left as it is. */
  text?: string;
  mode?: number;
  /** The file is removed. */
  deleted?: boolean;
}

interface Replay {
  original: string | undefined;
  ops: FileOp[];
  outcome: FileOutcome;
}

/**
 * The engine replays the same ops on the same text several times (the plan, the state after it, the
 * write); each file's outcome is computed once and remembered by its last op. Outcomes are shared:
 * callers never mutate them.
 */
const replays = new WeakMap<FileOp, Replay>();

/** Applies every op for one file, in order, on the text it had when loaded (undefined: absent). */
export function applyOpsToFile(original: string | undefined, ops: FileOp[]): FileOutcome {
  const last = ops.at(-1);
  const seen = last && replays.get(last);
  if (seen && seen.original === original && seen.ops.length === ops.length && seen.ops.every((op, i) => op === ops[i]))
    return seen.outcome;
  const outcome = computeOutcome(original, ops);
  if (last) replays.set(last, { original, ops, outcome });
  return outcome;
}

function computeOutcome(original: string | undefined, ops: FileOp[]): FileOutcome {
  let text = original;
  let mode: number | undefined;
  let deleted = false;
  for (const op of ops) {
    deleted = op.kind === "delete" || (deleted && op.kind === "chmod");
    if (op.kind === "delete") text = undefined;
    else if (op.kind === "chmod") mode = op.mode;
    else if (op.kind === "write") text = op.content;
    else if (op.kind === "dotenv-set") text = setDotenvValue(text ?? "", op.key, op.value);
    else text = editedText(setJsonValue(text ?? "{}\n", op.path, op.value));
  }
  if (deleted) return original === undefined ? {} : { deleted: true };
  return { text: text === original ? undefined : text, mode };
}

/** Groups ops by file, keeping their order within each file. */
export function groupOpsByFile(ops: FileOp[]): Map<string, FileOp[]> {
  const byFile = new Map<string, FileOp[]>();
  for (const op of ops) {
    const group = byFile.get(op.file);
    if (group) group.push(op);
    else byFile.set(op.file, [op]);
  }
  return byFile;
}
