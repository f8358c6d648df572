// Sets or removes one value in JSON/JSONC text, touching nothing else: comments, key order, blank
// lines and the formatting of every other value survive byte for byte. Each edit is one splice
// placed by the tokens around it: a removal takes exactly one separator with it (its own comma, or
// the one before it when it has none), an insertion adds exactly one. jsonc-parser's `modify` is not
// used: it re-formats whole lines around an insertion (on minified text, the whole file), and its
// array removal can join two items into one (`[1, 2]` minus its last item gave `[12]`).
import { createScanner } from "jsonc-parser";
import { locate, locatePath, type JsonPath, type LocatedNode, type LocatedProperty } from "./json-locate.js";
import { isObject } from "../snapshot/views.js";
import { BLOCK_COMMENT, COMMA, EOF, LINE_BREAK, LINE_COMMENT, WHITESPACE } from "./json-tokens.js";

interface Style {
  unit: string;
  eol: string;
}

/** Sets `value` at `path` (removes it when `value` is undefined). */
export function setJsonValue(text: string, path: JsonPath, value: unknown): string {
  if (value === undefined) return removeValue(text, path);
  const json = toJson(value, path);
  const style = detectStyle(text);
  const nodes = locatePath(text, path);
  const root = nodes[0];
  if (!root || root.type !== "object") throw new Error(`cannot set ${path.join(".")}: the file is not a JSON object`);
  const existing = nodes[path.length];
  if (existing) {
    const replacement = render(json, lineIndent(text, existing.offset), style);
    return text.slice(0, existing.offset) + replacement + text.slice(existing.offset + existing.length);
  }
  // The deepest ancestor that exists gets one new member holding the rest of the path.
  let depth = path.length - 1;
  while (depth > 0 && !nodes[depth]) depth--;
  const parent = nodes[depth]!;
  const key = path[depth];
  const where = path.slice(0, depth).join(".") || "the top level";
  // Never clobber a user's value to make room: the change is refused and says why.
  if (parent.type === "value") throw new Error(`cannot set ${path.join(".")}: ${where} is not an object`);
  if (parent.type === "object" && typeof key !== "string")
    throw new Error(`cannot set ${path.join(".")}: ${where} is an object, not an array`);
  if (parent.type === "array" && typeof key !== "number")
    throw new Error(`cannot set ${path.join(".")}: ${where} is an array, not an object`);
  // JSON has no holes: an array grows by its next index only.
  if (parent.type === "array" && key !== parent.childCount)
    throw new Error(`cannot set ${path.join(".")}: ${where} has ${parent.childCount} items`);
  const nested = nest(path.slice(depth + 1), json, path);
  return insertMember(text, parent, typeof key === "string" ? `${JSON.stringify(key)}: ` : "", nested, style);
}

/** The value as JSON keeps it (undefined members dropped, NaN as null): what the text will mean. */
function toJson(value: unknown, path: JsonPath): unknown {
  const text = JSON.stringify(value);
  if (text === undefined) throw new Error(`cannot set ${path.join(".")}: the value is not JSON`);
  return JSON.parse(text);
}

/** The containers a path still needs below the deepest one that exists: objects, or arrays from index 0. */
function nest(rest: JsonPath, value: unknown, path: JsonPath): unknown {
  let nested = value;
  for (let i = rest.length - 1; i >= 0; i--) {
    const key = rest[i];
    if (typeof key === "number" && key !== 0)
      throw new Error(`cannot set ${path.join(".")}: a new array starts at index 0`);
    nested = typeof key === "number" ? [nested] : { [key]: nested }; // a computed "__proto__" key is an own key
  }
  return nested;
}

function insertMember(text: string, parent: LocatedNode, key: string, value: unknown, style: Style): string {
  const open = parent.offset;
  const close = parent.offset + parent.length - 1;
  const parentIndent = lineIndent(text, open);
  const singleLine = !hasLineBreak(text, open, close);
  if (parent.childCount === 0) {
    const childIndent = parentIndent + style.unit;
    if (singleLine && close - open <= 2) {
      if (parent.type === "array")
        return `${text.slice(0, open + 1)}${render(value, parentIndent, style)}${text.slice(close)}`;
      // Inside a one-line parent (`{ "order": {} }` with more after it on the line), it stays on that line.
      if (!lineTail(text, close + 1).clean)
        return `${text.slice(0, open + 1)} ${key}${renderInline(value)} ${text.slice(close)}`;
      return `${text.slice(0, open + 1)}${style.eol}${childIndent}${key}${render(value, childIndent, style)}${style.eol}${parentIndent}${text.slice(close)}`;
    }
    // Only comments inside (`{ /* none yet */ }`): the member goes on a line of its own before the
    // closing bracket when that bracket starts its line, else just before it.
    const closeLineStart = lineStartOf(text, close);
    if (!singleLine && isBlank(text, closeLineStart, close)) {
      return `${text.slice(0, closeLineStart)}${childIndent}${key}${render(value, childIndent, style)}${style.eol}${text.slice(closeLineStart)}`;
    }
    let end = close;
    while (end > open + 1 && (text[end - 1] === " " || text[end - 1] === "\t")) end--;
    return `${text.slice(0, end)} ${key}${renderInline(value)} ${text.slice(close)}`;
  }
  const valueEnd = parent.lastEnd;
  if (singleLine) return `${text.slice(0, valueEnd)}, ${key}${renderInline(value)}${text.slice(valueEnd)}`;
  const childIndent = lineIndent(text, parent.lastStart);
  const entry = `${key}${render(value, childIndent, style)}`;
  const tail = lineTail(text, valueEnd);
  if (!tail.clean) return `${text.slice(0, valueEnd)}, ${entry}${text.slice(valueEnd)}`; // something else shares the line
  if (tail.comma !== -1) {
    // A trailing comma is the file's style: the new last member gets one too.
    return `${text.slice(0, tail.end)}${style.eol}${childIndent}${entry},${text.slice(tail.end)}`;
  }
  return `${text.slice(0, valueEnd)},${text.slice(valueEnd, tail.end)}${style.eol}${childIndent}${entry}${text.slice(tail.end)}`;
}

/** Removes a property (every copy of it, when a key is duplicated) or an array item, keeping the lines around it. */
function removeValue(text: string, path: JsonPath): string {
  if (path.length === 0) throw new Error("cannot remove the whole document");
  const item = typeof path[path.length - 1] === "number";
  for (;;) {
    const { property } = locate(text, path);
    if (!property) return text;
    const next = removeMember(text, property);
    // Each removal shortens the text, so this ends; an item is removed once (the next one takes its index).
    if (next.length >= text.length) throw new Error(`cannot remove ${path.join(".")}`);
    if (item) return next;
    text = next;
  }
}

function removeMember(text: string, { start, valueEnd, prevEnd, nextStart }: LocatedProperty): string {
  const after = nextToken(text, valueEnd);
  const commaAfter = after.kind === COMMA ? after.offset : -1;
  const lineStart = lineStartOf(text, start);
  const tail = lineTail(text, valueEnd);
  if (tail.clean && isBlank(text, lineStart, start)) {
    // Its own line(s), comment included, go whole; the lines around it stay as they are.
    const lineEnd = pastLineBreak(text, tail.end);
    const result = cut(text, lineStart, lineEnd);
    if (tail.comma !== -1) return result; // its comma went with its line
    if (commaAfter !== -1) {
      // Its comma starts a later line (a comma-first layout): it goes too.
      const at = commaAfter - (lineEnd - lineStart);
      return cut(result, at, spacesEnd(result, at + 1));
    }
    // It was the last, written without a trailing comma: the one before it must not keep its comma
    // (the gateway may read its files as strict JSON).
    const before = prevEnd === -1 ? undefined : nextToken(text, prevEnd);
    return before?.kind === COMMA ? cut(result, before.offset, before.offset + 1) : result;
  }
  // It shares a line: cut it with the separator on its side (the one before it when its neighbour
  // before is on the same line or it has no comma of its own, else its own comma).
  if (prevEnd !== -1 && (commaAfter === -1 || !hasLineBreak(text, prevEnd, start))) return cut(text, prevEnd, valueEnd);
  if (commaAfter !== -1)
    return nextStart !== -1 ? cut(text, start, nextStart) : cut(text, start, spacesEnd(text, commaAfter + 1));
  return cut(text, start, valueEnd);
}

/** What follows `from` up to the end of its line: clean when only spaces, comments and at most one comma. */
function lineTail(text: string, from: number): { clean: boolean; comma: number; end: number } {
  const scanner = createScanner(text, false);
  scanner.setPosition(from);
  let comma = -1;
  for (;;) {
    const kind = scanner.scan();
    const offset = scanner.getTokenOffset();
    if (kind === LINE_BREAK || kind === EOF) return { clean: true, comma, end: offset };
    if (scanner.getTokenError() !== 0) break;
    if (kind === WHITESPACE || kind === LINE_COMMENT) continue;
    if (kind === BLOCK_COMMENT && !hasLineBreak(text, offset, offset + scanner.getTokenLength())) continue;
    if (kind === COMMA && comma === -1) comma = offset;
    else break;
  }
  return { clean: false, comma: -1, end: -1 };
}

/** The first token at or after `from` that is not a space, a line break or a comment. */
function nextToken(text: string, from: number): { kind: number; offset: number } {
  const scanner = createScanner(text, true);
  scanner.setPosition(from);
  const kind = scanner.scan();
  return { kind, offset: scanner.getTokenOffset() };
}

/** Objects over several lines, at the file's indentation; arrays of plain values on one line. */
function render(value: unknown, indent: string, style: Style): string {
  const inner = indent + style.unit;
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== "object"))
      return `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
    return `[${value.map((item) => `${style.eol}${inner}${render(item, inner, style)}`).join(",")}${style.eol}${indent}]`;
  }
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return `{${entries.map(([k, item]) => `${style.eol}${inner}${JSON.stringify(k)}: ${render(item, inner, style)}`).join(",")}${style.eol}${indent}}`;
  }
  return JSON.stringify(value);
}

/** `{ "a": 1, "b": [2, 3] }`: for a value that goes into a one-line object. */
function renderInline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderInline).join(", ")}]`;
  if (isObject(value)) {
    const entries = Object.entries(value);
    return entries.length
      ? `{ ${entries.map(([k, item]) => `${JSON.stringify(k)}: ${renderInline(item)}`).join(", ")} }`
      : "{}";
  }
  return JSON.stringify(value);
}

function detectStyle(text: string): Style {
  const eol = text.includes("\r\n") ? "\r\n" : !text.includes("\n") && text.includes("\r") ? "\r" : "\n";
  return { unit: /^( +|\t)\S/m.exec(text)?.[1] ?? "  ", eol };
}

function cut(text: string, from: number, to: number): string {
  return text.slice(0, from) + text.slice(to);
}

/** Line breaks are what the JSONC scanner takes for them: \n, \r\n and a lone \r. */
function hasLineBreak(text: string, from: number, to: number): boolean {
  const lf = text.indexOf("\n", from);
  if (lf !== -1 && lf < to) return true;
  const cr = text.indexOf("\r", from);
  return cr !== -1 && cr < to;
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text[i] !== " " && text[i] !== "\t") return false;
  return true;
}

function lineStartOf(text: string, offset: number): number {
  if (offset === 0) return 0;
  return Math.max(text.lastIndexOf("\n", offset - 1), text.lastIndexOf("\r", offset - 1)) + 1;
}

function lineIndent(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  let end = start;
  while (end < offset && (text[end] === " " || text[end] === "\t")) end++;
  return text.slice(start, end);
}

/** Just past the line break at `at` (nothing at the end of the text). */
function pastLineBreak(text: string, at: number): number {
  if (text[at] === "\r" && text[at + 1] === "\n") return at + 2;
  return at < text.length ? at + 1 : at;
}

/** Past the spaces and tabs from `at`. */
function spacesEnd(text: string, at: number): number {
  while (text[at] === " " || text[at] === "\t") at++;
  return at;
}
