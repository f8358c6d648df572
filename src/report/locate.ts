// Turns a finding's JSON path into a line:column in the file's text, for text, JSON and SARIF reports.
import { findNodeAtLocation, parseTree, type Node } from "jsonc-parser";
import { positionAt, type TextPosition } from "../snapshot/jsonc.js";
import type { Subject } from "../types.js";

export type JsonPath = (string | number)[];

/** Where `path` is in `file`, or undefined when the file's text is unknown or has no such place. */
export type Locator = (file: string, path: JsonPath) => TextPosition | undefined;

/** A locator over the texts the run loaded (file path → text). Each file is parsed at most once. */
export function makeLocator(texts: Map<string, string>): Locator {
  const trees = new Map<string, Node | undefined>();
  return (file, path) => {
    const text = texts.get(file);
    if (text === undefined) return undefined;
    // Same BOM handling as parseJsonc: parse without it, then shift offsets back into `text`.
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (!trees.has(file)) {
      trees.set(file, parseTree(text.slice(bom), [], { allowTrailingComma: true, disallowComments: false }));
    }
    const root = trees.get(file);
    if (!root) return undefined;
    // A finding often names a key that is missing (e.g. an unset `models.default`): point at the
    // deepest parent that exists, which is where the user would add it.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = findNodeAtLocation(root, path.slice(0, depth));
      if (node) return positionAt(text, startOf(node) + bom);
    }
    return undefined;
  };
}

/** A property's value is reported at its key (`"mode": …`), which is what a reader looks for. */
function startOf(node: Node): number {
  return node.parent?.type === "property" ? node.parent.offset : node.offset;
}

/** Where a finding's subject is, when it names both a file and a path inside it. */
export function locateSubject(subject: Subject, locate: Locator | undefined): TextPosition | undefined {
  if (subject.line !== undefined) return { line: subject.line, column: subject.column ?? 1 };
  if (!locate || subject.file === undefined || subject.path === undefined) return undefined;
  return locate(subject.file, subject.path);
}
