// Finds the nodes along one JSON path. Only the containers on the path are tokenized; every other
// value is stepped over by a bracket matcher, so an edit near the top of a 1 MB config does not
// tokenize the megabyte (jsonc-parser's scanner is most of an edit's cost). Text the matcher does not
// understand is handed to the full tokenizing pass in json-locate-visit.ts, which the fast one must
// agree with (test/engine/json-locate.test.ts checks that on random documents).
import { createScanner } from "jsonc-parser";
import { locateByVisit } from "./json-locate-visit.js";
import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  EOF,
  FALSE,
  NULL,
  NUMBER,
  OPEN_BRACE,
  OPEN_BRACKET,
  STRING,
  TRUE,
} from "./json-tokens.js";

export type JsonPath = (string | number)[];

export interface LocatedNode {
  type: "object" | "array" | "value";
  offset: number;
  length: number;
  /** For containers: how many properties or items, and where the last one starts and ends. */
  childCount: number;
  lastStart: number;
  lastEnd: number;
}

/**
 * The property (or array item) a path ends at, with its neighbours in the same container: what a
 * removal needs to keep the text tidy.
 */
export interface LocatedProperty {
  /** Where its key (an item: its value) starts and its value ends. */
  start: number;
  valueEnd: number;
  /** Where the previous member's value ends (-1 for the first) and the next one starts (-1 for the last). */
  prevEnd: number;
  nextStart: number;
}

export interface Located {
  nodes: (LocatedNode | undefined)[];
  property?: LocatedProperty;
}

/**
 * `nodes[d]` is the node at `path.slice(0, d)`, for every depth that exists (nodes[0] is the root).
 * A key given twice means its last copy, as parsers read it, and so do the nodes below it.
 */
export function locatePath(text: string, path: JsonPath): (LocatedNode | undefined)[] {
  return locate(text, path).nodes;
}

export function locate(text: string, path: JsonPath): Located {
  return locateBySkipping(text, path) ?? locateByVisit(text, path);
}

/** The one-pass locator; undefined when the text is not well-formed JSONC. */
export function locateBySkipping(text: string, path: JsonPath): Located | undefined {
  const scanner = createScanner(text, true); // comments and whitespace are skipped
  const nodes: (LocatedNode | undefined)[] = [];
  let property: LocatedProperty | undefined;
  let propertyIn: LocatedNode | undefined;
  let kind = 0;
  const scan = () => (kind = scanner.getTokenError() === 0 ? scanner.scan() : EOF + 1);

  /** Reads the value starting at the current token; returns where it ends, or -1 when malformed. */
  const value = (depth: number, onPath: boolean): number => {
    if (scanner.getTokenError() !== 0) return -1;
    const offset = scanner.getTokenOffset();
    // A later copy of a duplicated key: what an earlier copy held below it is not what parsers read.
    if (onPath && nodes.length > depth) nodes.length = depth;
    if (kind === OPEN_BRACE || kind === OPEN_BRACKET) {
      if (onPath) return container(depth, kind === OPEN_BRACE);
      const end = skipContainer(text, offset);
      if (end === -1) return -1;
      scanner.setPosition(end);
      scan();
      return end;
    }
    if (kind !== STRING && kind !== NUMBER && kind !== TRUE && kind !== FALSE && kind !== NULL) return -1;
    const end = offset + scanner.getTokenLength();
    if (onPath)
      nodes[depth] = { type: "value", offset, length: end - offset, childCount: 0, lastStart: -1, lastEnd: -1 };
    scan();
    return end;
  };

  const container = (depth: number, isObject: boolean): number => {
    const node: LocatedNode = {
      type: isObject ? "object" : "array",
      offset: scanner.getTokenOffset(),
      length: 0,
      childCount: 0,
      lastStart: -1,
      lastEnd: -1,
    };
    const holdsLast = depth === path.length - 1;
    const want = depth < path.length ? path[depth] : undefined;
    scan();
    while (kind !== (isObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
      const start = scanner.getTokenOffset();
      let key: string | undefined;
      if (isObject) {
        if (kind !== STRING || scanner.getTokenError() !== 0) return -1;
        key = scanner.getTokenValue();
        if (scan() !== COLON) return -1;
        scan();
      }
      const onPath = isObject ? key === want : node.childCount === want;
      if (holdsLast) {
        // The next member of the same container only: another copy of a duplicated parent is not a neighbour.
        if (property && propertyIn === node && property.nextStart === -1 && property.valueEnd !== -1)
          property.nextStart = start;
        if (onPath) {
          property = { start, valueEnd: -1, prevEnd: node.childCount ? node.lastEnd : -1, nextStart: -1 };
          propertyIn = node;
        }
      }
      node.childCount += 1;
      node.lastStart = start;
      const end = value(depth + 1, onPath);
      if (end === -1) return -1;
      node.lastEnd = end;
      if (holdsLast && onPath && property && property.valueEnd === -1) property.valueEnd = end;
      if (kind === COMMA) scan();
      else if (kind !== (isObject ? CLOSE_BRACE : CLOSE_BRACKET)) return -1;
    }
    const end = scanner.getTokenOffset() + 1;
    node.length = end - node.offset;
    nodes[depth] = node;
    scan();
    return end;
  };

  scan();
  if (value(0, true) === -1 || kind !== EOF) return undefined;
  return { nodes, property: property && property.valueEnd !== -1 ? property : undefined };
}

/**
 * Where the object or array opening at `start` ends (just past its closing bracket), stepping over
 * strings and comments; -1 when its brackets do not match or a string or comment does not end.
 */
export function skipContainer(text: string, start: number): number {
  const open: number[] = [];
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: up to the next quote that is not escaped, on this line
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x0a || s === 0x0d) return -1;
      }
      if (i >= text.length) return -1;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      // a line comment ends at a line break, which for the JSONC scanner is a lone \r too
      for (i += 2; i < text.length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d; i++);
      if (i >= text.length) return -1;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf("*/", i + 2);
      if (end === -1) return -1;
      i = end + 1;
    } else if (c === 0x7b || c === 0x5b) {
      open.push(c === 0x7b ? 0x7d : 0x5d);
    } else if (c === 0x7d || c === 0x5d) {
      if (open.pop() !== c) return -1;
      if (open.length === 0) return i + 1;
    }
  }
  return -1;
}
