// Checks a file's new text before it is committed: it must parse, mean exactly the old value with
// the planned changes applied, and keep the old bytes outside the containers the changes edit. The
// expected value is worked out on parsed values, independently of the text edits (json-edit.ts),
// so a bug there is caught here. A description of what is wrong names paths, keys and kinds only:
// never a value, since values are secrets.
import { parseDotenv, type ParsedDotenv } from "../snapshot/dotenv.js";
import { findDuplicateKeys } from "../snapshot/duplicate-keys.js";
import { formatJsonPath, type JsonPath } from "../snapshot/json-problems.js";
import { parseJsonc } from "../snapshot/jsonc.js";
import type { FileOp } from "../types.js";
import { locatePath } from "./json-locate.js";

export type JsonSetOp = Extract<FileOp, { kind: "json-set" }>;
export type DotenvSetOp = Extract<FileOp, { kind: "dotenv-set" }>;

/**
 * Whether `newText` is what the ops of one file (in order) make of `original`, as applyOpsToFile
 * replays them. `original`/`newText` undefined: the file is absent before/after. Returns undefined
 * when it is, else one line saying what is wrong.
 */
export function verifyFileEdits(
  original: string | undefined,
  ops: FileOp[],
  newText: string | undefined,
): string | undefined {
  if (new Set(ops.map((op) => op.file)).size > 1) return "the ops name more than one file";
  // A write or a delete replaces the file whole: what follows it edits that.
  let lastWhole = ops.length - 1;
  while (lastWhole >= 0 && ops[lastWhole].kind !== "write" && ops[lastWhole].kind !== "delete") lastWhole--;
  const wholeOp = ops[lastWhole];
  const base = wholeOp === undefined ? original : wholeOp.kind === "write" ? wholeOp.content : undefined;
  const edits = ops.slice(lastWhole + 1).filter((op) => op.kind !== "chmod");
  if (edits.length === 0) {
    if (newText === base) return undefined;
    return base === undefined
      ? "the file should be absent, and it has a text"
      : "the new text is not the text planned for the file";
  }
  if (newText === undefined) return `${describeOps(edits)}: the file is absent after the edit`;
  if (edits.every((op) => op.kind === "json-set")) return verifyJsonEdits(base, edits as JsonSetOp[], newText);
  if (edits.every((op) => op.kind === "dotenv-set")) return verifyDotenvEdits(base, edits as DotenvSetOp[], newText);
  return `${describeOps(edits)}: JSON and dotenv edits to one file`;
}

/** For json-set ops: the new text parses, means the planned value, and keeps the bytes around the edited containers. */
export function verifyJsonEdits(original: string | undefined, ops: JsonSetOp[], newText: string): string | undefined {
  const what = describeOps(ops);
  let expected: unknown = {}; // applyOpsToFile starts a new file from "{}"
  if (original !== undefined) {
    const before = parseJsonc(original);
    // Files that do not parse are never edited (assertEditable refuses them): an edit to one is a bug.
    if (before.problems.length)
      return `${what}: the text before the edit does not parse, so the edit cannot be checked`;
    expected = before.value;
  }
  const after = parseJsonc(newText);
  if (after.problems.length) {
    const { line, column, message } = after.problems[0];
    return `${what}: the new text does not parse (${line}:${column}: ${message})`;
  }
  for (const op of ops) {
    const applied = applyJsonSet(expected, op.path, op.value);
    if ("error" in applied) return `${describeOps([op])}: ${applied.error}`;
    expected = applied.value;
  }
  const difference = firstDifference(expected, after.value, []);
  if (difference)
    return `${what}: the new text means something else at ${formatJsonPath(difference.path)} (${difference.kind})`;
  return original === undefined ? undefined : checkBytesAround(original, ops, newText, what);
}

/** For dotenv-set ops: each key holds its planned value, every other key and every other line is as it was. */
export function verifyDotenvEdits(
  original: string | undefined,
  ops: DotenvSetOp[],
  newText: string,
): string | undefined {
  const what = describeOps(ops);
  const before = parseDotenv(original ?? "");
  const after = parseDotenv(newText);
  const expected = new Map(Object.entries(before.vars));
  for (const op of ops) {
    if (op.value === undefined) expected.delete(op.key);
    else expected.set(op.key, op.value);
  }
  const edited = new Set(ops.map((op) => op.key));
  const actual = new Map(Object.entries(after.vars));
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    if (expected.get(key) === actual.get(key)) continue;
    const state = !actual.has(key) ? "is not set" : !expected.has(key) ? "is set" : "has another value";
    if (edited.has(key)) return `${what}: after the edit ${showKey(key)} ${state}, not as planned`;
    // A variable neither the old text nor the ops name is not named: it could be a value out of place.
    if (!Object.hasOwn(before.vars, key)) return `${what}: a variable that was not planned is set after the edit`;
    return `${what}: ${showKey(key)}, which the edit does not touch, ${state} after it`;
  }
  // The lines that assign none of the edited keys (comments, blank lines, other variables) survive as they were.
  const kept = (text: string, parsed: ParsedDotenv) => {
    const editedLines = new Set<number>();
    for (const entry of parsed.entries)
      if (edited.has(entry.key)) for (let n = entry.line; n <= entry.endLine; n++) editedLines.add(n);
    return linesOf(text).filter((_, index) => !editedLines.has(index + 1));
  };
  const old = kept(original ?? "", before);
  const now = kept(newText, after);
  const differ = old.findIndex((line, i) => line !== now[i]);
  if (differ !== -1 || now.length !== old.length)
    return `${what}: the lines the edit does not touch changed (line ${(differ === -1 ? old.length : differ) + 1} of them)`;
  return undefined;
}

// ---------------------------------------------------------------- values

type Applied = { value: unknown } | { error: string };

/**
 * The value-level meaning of a json-set op. Numbers index arrays and strings key objects; a missing
 * container is created (an array only from index 0); an array grows by its next index only; a
 * removal of something absent changes nothing. Objects are given keys with defineProperty, so a
 * "__proto__" key is a key like any other (as the parser reads it). Mutates `root`, which is ours.
 */
function applyJsonSet(root: unknown, path: JsonPath, value: unknown): Applied {
  if (value !== undefined) {
    const text = JSON.stringify(value);
    if (text === undefined) return { error: "the planned value is not JSON" };
    value = JSON.parse(text); // what JSON keeps of it: undefined members dropped, NaN as null
  }
  if (path.length === 0) return value === undefined ? { error: "the whole document cannot be removed" } : { value };
  let node = root;
  for (let depth = 0; depth < path.length - 1; depth++) {
    const member = memberOf(node, path[depth]);
    if (member === MISMATCH)
      return value === undefined
        ? { value: root }
        : { error: `${formatJsonPath(path.slice(0, depth))} is not ${containerFor(path[depth])}` };
    if (member !== MISSING) {
      node = member;
      continue;
    }
    if (value === undefined) return { value: root };
    const key = path[depth + 1];
    if (typeof key === "number" && key !== 0)
      return { error: `${formatJsonPath(path.slice(0, depth + 1))} is absent, and a new array starts at index 0` };
    const created = typeof key === "number" ? [] : {};
    const put = putMember(node, path[depth], created);
    if (put) return { error: `${formatJsonPath(path.slice(0, depth))} ${put}` };
    node = created;
  }
  const last = path[path.length - 1];
  const where = formatJsonPath(path.slice(0, -1));
  if (value === undefined) {
    if (isPlainObject(node) && typeof last === "string" && Object.hasOwn(node, last)) delete node[last];
    else if (Array.isArray(node) && typeof last === "number" && last < node.length) node.splice(last, 1);
    return { value: root };
  }
  const put = putMember(node, last, value);
  return put ? { error: `${where} ${put}` } : { value: root };
}

const MISSING = Symbol("missing");
const MISMATCH = Symbol("mismatch");

function memberOf(node: unknown, key: string | number): unknown {
  if (isPlainObject(node) && typeof key === "string") return Object.hasOwn(node, key) ? node[key] : MISSING;
  if (Array.isArray(node) && typeof key === "number") return key < node.length ? node[key] : MISSING;
  return MISMATCH;
}

/** Sets a member; a reason when it cannot be set. */
function putMember(node: unknown, key: string | number, value: unknown): string | undefined {
  if (isPlainObject(node) && typeof key === "string") {
    Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
    return undefined;
  }
  if (Array.isArray(node) && typeof key === "number") {
    if (key > node.length) return `has ${node.length} items, and JSON arrays have no holes`;
    node[key] = value;
    return undefined;
  }
  return `is not ${containerFor(key)}`;
}

const containerFor = (key: string | number) => (typeof key === "number" ? "an array" : "an object");

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Where two JSON values first differ, and how (kinds only, never values); key order does not count. */
function firstDifference(
  expected: unknown,
  actual: unknown,
  path: JsonPath,
): { path: JsonPath; kind: string } | undefined {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length)
      return { path, kind: `${actual.length} items where ${expected.length} were planned` };
    for (let i = 0; i < expected.length; i++) {
      const difference = firstDifference(expected[i], actual[i], [...path, i]);
      if (difference) return difference;
    }
    return undefined;
  }
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const keys = Object.keys(expected);
    for (const key of keys) {
      if (!Object.hasOwn(actual, key)) return { path: [...path, key], kind: "missing" };
      const difference = firstDifference(expected[key], actual[key], [...path, key]);
      if (difference) return difference;
    }
    // An unplanned key is not named: it could be a value that landed in a key's place.
    if (Object.keys(actual).length !== keys.length) return { path, kind: "a key that was not planned" };
    return undefined;
  }
  const [want, got] = [kindOf(expected), kindOf(actual)];
  if (want !== got) return { path, kind: `${withArticle(got)} where ${withArticle(want)} was planned` };
  return expected === actual ? undefined : { path, kind: `a different ${got}` };
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

const withArticle = (kind: string) =>
  kind === "null" ? "null" : kind === "array" || kind === "object" ? `an ${kind}` : `a ${kind}`;

// ---------------------------------------------------------------- bytes

/**
 * The bytes that changed lie inside the containers the ops edit: the one holding each op's target,
 * or the deepest of its ancestors the old text has (a path that does not exist yet is added there).
 * Old offsets of later ops can be stale after earlier ones, but an earlier op that moved them edits
 * an enclosing container, which then covers them.
 */
function checkBytesAround(original: string, ops: JsonSetOp[], newText: string, what: string): string | undefined {
  const shorter = Math.min(original.length, newText.length);
  let head = 0;
  while (head < shorter && original.charCodeAt(head) === newText.charCodeAt(head)) head++;
  if (head === original.length && head === newText.length) return undefined;
  let tail = 0;
  while (
    tail < shorter - head &&
    original.charCodeAt(original.length - 1 - tail) === newText.charCodeAt(newText.length - 1 - tail)
  )
    tail++;
  const changedFrom = head;
  const changedTo = original.length - tail;
  let from = Infinity;
  let to = -Infinity;
  // Shallow paths first: their containers are the largest, and once the changed bytes are covered
  // the deeper ones need not be located (each locate is a pass over the text).
  for (const path of ops.map((op) => op.path).sort((a, b) => a.length - b.length)) {
    if (path.length === 0) return undefined; // the whole document is replaced
    const nodes = locatePath(original, path);
    let depth = path.length - 1;
    while (depth > 0 && !nodes[depth]) depth--;
    const container = nodes[depth];
    if (!container) return undefined;
    from = Math.min(from, container.type === "value" ? container.offset : container.offset + 1);
    to = Math.max(
      to,
      container.type === "value" ? container.offset + container.length : container.offset + container.length - 1,
    );
    if (changedFrom >= from && changedTo <= to) return undefined;
  }
  // A duplicated key puts one path in several places, and a removal takes every copy: no bound then.
  if (findDuplicateKeys(original).length) return undefined;
  return `${what}: bytes outside the edited containers changed (old offsets ${changedFrom} to ${changedTo})`;
}

// ---------------------------------------------------------------- descriptions

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A file's lines as dotenv counts them (CRLF, LF or a lone CR), a final line break not counting as one more. */
function linesOf(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

const showKey = (key: string) => (IDENTIFIER.test(key) ? key : JSON.stringify(key));

/** "remove auth.order.anthropic", "set profiles.x and 2 more": what the ops are, never their values. */
function describeOps(ops: FileOp[]): string {
  const one = (op: FileOp): string => {
    if (op.kind === "json-set") return `${op.value === undefined ? "remove" : "set"} ${formatJsonPath(op.path)}`;
    if (op.kind === "dotenv-set") return `${op.value === undefined ? "remove" : "set"} ${showKey(op.key)}`;
    return op.kind;
  };
  if (ops.length === 0) return "no edit";
  return ops.length === 1 ? one(ops[0]) : `${one(ops[0])} and ${ops.length - 1} more`;
}
