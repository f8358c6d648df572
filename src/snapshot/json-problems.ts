// Turns what is wrong with a JSON document (unreadable, unparseable, off-schema) into one-line messages
// with positions, for config/invalid and store/invalid. Never echoes a value: store values are secrets.
import type * as z from "zod/mini";
import { displayPath } from "../paths.js";
import { findDuplicateKeys, mayHaveDuplicateKeys } from "./duplicate-keys.js";
import type { JsonDocument } from "./snapshot.js";
import { isObject } from "./views.js";

export type JsonPath = (string | number)[];

export interface DocumentProblem {
  message: string;
  advice: string[];
  path?: JsonPath;
  /** Where a parse error is. */
  line?: number;
  column?: number;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** ["auth", "profiles", "anthropic:claude-cli", "mode"] → auth.profiles["anthropic:claude-cli"].mode */
export function formatJsonPath(path: JsonPath): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else if (IDENTIFIER.test(key)) text += text ? `.${key}` : key;
    else text += `[${JSON.stringify(key)}]`;
  }
  return text || "the top level";
}

/** The command that opens a file for a hand edit. */
export function editAdvice(file: string, home: string): string {
  return `\${EDITOR:-vi} ${displayPath(file, home)}`;
}

/** A file that could not be read or parsed: one problem per reason, with line:column for parse errors. */
export function readProblems(doc: JsonDocument, home: string): DocumentProblem[] {
  const { file } = doc;
  const shown = displayPath(file.path, home);
  if (file.status === "unreadable" || file.status === "too-large" || file.status === "not-a-file") {
    const denied = /EACCES|EPERM/.test(file.error ?? "");
    const advice = denied ? [`sudo chown "$(id -un)" ${shown}`, `chmod 600 ${shown}`] : [`ls -ld ${shown}`];
    return [{ message: `${shown} could not be read: ${file.error ?? "unknown error"}`, advice }];
  }
  // A file that does not parse is never rewritten by doctor: only a hand edit can say what was meant.
  const advice = [editAdvice(file.path, home), "clawdia doctor"];
  // jsonc-parser calls an empty file "value expected" at 1:1, which says less than this.
  if (doc.problems.length && file.text?.trim() === "") return [{ message: `${shown}: the file is empty`, advice }];
  // jsonc-parser may report the same error several times at one position (an unclosed object, say).
  const seen = new Set<string>();
  return doc.problems.flatMap(({ line, column, message }) => {
    const text = `${shown}:${line}:${column}: ${message}`;
    if (seen.has(text)) return [];
    seen.add(text);
    return [{ message: text, advice, line, column }];
  });
}

/** Every schema violation of `value`, in words of our own (zod's may quote the received value). */
export function schemaProblems(schema: z.ZodMiniType, value: unknown): { path: JsonPath; message: string }[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const path = issue.path.filter((key): key is string | number => typeof key !== "symbol");
    return { path, message: `${formatJsonPath(path)}: ${describeIssue(issue, valueAt(value, path))}` };
  });
}

function describeIssue(issue: z.core.$ZodIssue, actual: unknown): string {
  switch (issue.code) {
    case "invalid_type":
      if (actual === undefined) return `missing, expected ${expectedName(issue.expected)}`;
      // 1e400 is valid JSON, but parses as Infinity: no number at all.
      if (
        (issue.expected === "number" || issue.expected === "int") &&
        typeof actual === "number" &&
        !Number.isFinite(actual)
      ) {
        return "expected a finite number, got one too large to hold (it reads as infinity)";
      }
      if (issue.expected === "int" && typeof actual === "number") return "expected a whole number";
      return `expected ${expectedName(issue.expected)}, got ${kindOf(actual)}`;
    case "invalid_value": {
      const allowed = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
      return actual === undefined ? `missing, ${allowed}` : allowed;
    }
    case "too_small":
      return issue.origin === "number" || issue.origin === "int"
        ? `expected a number ${issue.inclusive ? ">=" : ">"} ${issue.minimum}`
        : `expected at least ${issue.minimum} ${issue.origin === "array" ? "items" : "characters"}`;
    case "too_big":
      return issue.origin === "number" || issue.origin === "int"
        ? `expected a number ${issue.inclusive ? "<=" : "<"} ${issue.maximum}`
        : `expected at most ${issue.maximum} ${issue.origin === "array" ? "items" : "characters"}`;
    case "invalid_format":
    case "custom":
      return issue.message; // written in our schemas, never containing the value
    default:
      return "is not valid";
  }
}

function expectedName(expected: string): string {
  const names: Record<string, string> = {
    int: "a whole number",
    object: "an object",
    record: "an object",
    array: "an array",
    boolean: "true or false",
  };
  return names[expected] ?? `a ${expected}`;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function valueAt(root: unknown, path: JsonPath): unknown {
  let current = root;
  for (const key of path) {
    if (Array.isArray(current) && typeof key === "number") current = current[key];
    else if (isObject(current) && typeof key === "string") current = current[key];
    else return undefined;
  }
  return current;
}

/** A key given twice: a warning naming both lines (the gateway uses the last). */
export function duplicateKeyProblems(
  doc: JsonDocument,
): { path: JsonPath; message: string; line: number; column: number }[] {
  if (doc.file.text === undefined || doc.problems.length || !mayHaveDuplicateKeys(doc.file.text, doc.value)) return [];
  return findDuplicateKeys(doc.file.text).map(({ path, first, last }) => ({
    path,
    message: `${formatJsonPath(path)} is given more than once (lines ${first.line} and ${last.line}); the first is ignored, the gateway uses the last`,
    line: first.line,
    column: first.column,
  }));
}
