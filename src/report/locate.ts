// Turns a finding's JSON path into a line:column in the file's text, for text, JSON and SARIF reports.
import { findNodeAtLocation, parseTree, type Node } from "jsonc-parser";
import { positionAt, type TextPosition } from "../snapshot/jsonc.js";
import type { Subject } from "../types.js";

export type JsonPath = (string | number)[];

/** Where `path` is in `file`, or undefined when the file's text is unknown or has no such place. */
export type Locator = (file: string, path: JsonPath) => TextPosition | undefined;

/**
 * A locator over the texts the run loaded (file path → text). Each file is parsed at most once.
 * The places of `subjects` are found up front, one file at a time, and each file's tree is dropped
 * once they are: a report on 10,000 agent stores would otherwise hold 10,000 syntax trees (125 MiB)
 * until it is printed. A place not asked for up front is found on demand, keeping that file's tree.
 */
export function makeLocator(texts: Map<string, string>, subjects: Iterable<Subject> = []): Locator {
  const placed = placeSubjects(texts, subjects);
  const trees = new Map<string, Node | undefined>();
  return (file, path) => {
    const known = placed.get(file);
    const key = pathKey(path);
    if (known?.has(key)) return known.get(key);
    const text = texts.get(file);
    if (text === undefined) return undefined;
    if (!trees.has(file)) trees.set(file, parseText(text));
    const offset = offsetOf(trees.get(file), text, path);
    return offset === undefined ? undefined : positionAt(text, offset);
  };
}

/** Where a finding's subject is, when it names both a file and a path inside it. */
export function locateSubject(subject: Subject, locate: Locator | undefined): TextPosition | undefined {
  if (subject.line !== undefined) return { line: subject.line, column: subject.column ?? 1 };
  if (!locate || subject.file === undefined || subject.path === undefined) return undefined;
  return locate(subject.file, subject.path);
}

/** The positions of the subjects' paths, by file, then by path key: one parse and one walk per file. */
function placeSubjects(
  texts: Map<string, string>,
  subjects: Iterable<Subject>,
): Map<string, Map<string, TextPosition | undefined>> {
  const pathsByFile = new Map<string, Map<string, JsonPath>>();
  for (const { file, path, line } of subjects) {
    // The subjects locateSubject would ask about; any other is answered on demand.
    if (line !== undefined || file === undefined || path === undefined || !texts.has(file)) continue;
    let paths = pathsByFile.get(file);
    if (!paths) pathsByFile.set(file, (paths = new Map()));
    paths.set(pathKey(path), path);
  }
  const placed = new Map<string, Map<string, TextPosition | undefined>>();
  for (const [file, paths] of pathsByFile) {
    const text = texts.get(file)!;
    const root = parseText(text);
    const keys = [...paths.keys()];
    const offsets = keys.map((key) => offsetOf(root, text, paths.get(key)!));
    const positions = positionsAt(text, offsets);
    placed.set(file, new Map(keys.map((key, i) => [key, positions[i]])));
  }
  return placed;
}

function parseText(text: string): Node | undefined {
  // Same BOM handling as parseJsonc: parse without it (offsetOf shifts offsets back into `text`).
  return parseTree(text.slice(byteOrderMark(text)), [], { allowTrailingComma: true, disallowComments: false });
}

function byteOrderMark(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/** The offset in `text` of the place `path` names. */
function offsetOf(root: Node | undefined, text: string, path: JsonPath): number | undefined {
  if (!root) return undefined;
  // A finding often names a key that is missing (e.g. an unset `models.default`): point at the
  // deepest parent that exists, which is where the user would add it.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = findNodeAtLocation(root, path.slice(0, depth));
    if (node) return startOf(node) + byteOrderMark(text);
  }
  return undefined;
}

/** A property's value is reported at its key (`"mode": …`), which is what a reader looks for. */
function startOf(node: Node): number {
  return node.parent?.type === "property" ? node.parent.offset : node.offset;
}

/**
 * positionAt for many offsets of one text in a single walk over its lines (positionAt walks from the
 * start each time: thousands of findings in one big config would cost thousands of walks).
 */
function positionsAt(text: string, offsets: (number | undefined)[]): (TextPosition | undefined)[] {
  const order = offsets
    .flatMap((offset, i) => (offset === undefined ? [] : [i]))
    .sort((a, b) => offsets[a]! - offsets[b]!);
  const positions: (TextPosition | undefined)[] = offsets.map(() => undefined);
  let line = 1;
  let lineStart = 0;
  let newline = text.indexOf("\n");
  for (const i of order) {
    const offset = offsets[i]!;
    while (newline !== -1 && newline < offset) {
      line += 1;
      lineStart = newline + 1;
      newline = text.indexOf("\n", newline + 1);
    }
    positions[i] = { line, column: offset - lineStart + 1 };
  }
  return positions;
}

function pathKey(path: JsonPath): string {
  return JSON.stringify(path);
}
