// Sets or removes one value in JSON/JSONC text, touching nothing else: comments, key order, blank
// lines and the formatting of every other value survive byte for byte. jsonc-parser's own `modify`
// re-formats whole lines around an insertion (a one-line array beside it gets spread over lines),
// so insertions and replacements are written here and only removals use it.
import { applyEdits, modify } from "jsonc-parser";
import { locate, locatePath, type LocatedNode, type LocatedProperty } from "./json-locate.js";
import { isObject } from "../snapshot/views.js";

import type { JsonPath } from "./json-locate.js";

interface Style {
  unit: string;
  eol: string;
}

/** Sets `value` at `path` (removes it when `value` is undefined). */
export function setJsonValue(text: string, path: JsonPath, value: unknown): string {
  if (value === undefined) return removeValue(text, path);
  const style = detectStyle(text);
  const nodes = locatePath(text, path);
  const root = nodes[0];
  if (!root || root.type !== "object") throw new Error(`cannot set ${path.join(".")}: the file is not a JSON object`);
  const existing = nodes[path.length];
  if (existing) {
    const replacement = render(value, lineIndent(text, existing.offset), style);
    return text.slice(0, existing.offset) + replacement + text.slice(existing.offset + existing.length);
  }
  // The deepest ancestor that exists gets one new property holding the rest of the path.
  let depth = path.length - 1;
  while (depth > 0 && !nodes[depth]) depth--;
  const parent = nodes[depth]!;
  const key = path[depth];
  if (parent.type === "value") {
    // Never clobber a user's value to make room: the change is refused and says why.
    throw new Error(`cannot set ${path.join(".")}: ${path.slice(0, depth).join(".")} is not an object`);
  }
  if (parent.type !== "object" || typeof key !== "string") return fallback(text, path, value, style);
  let nested = value;
  for (let i = path.length - 1; i > depth; i--) nested = { [path[i]]: nested };
  return insertProperty(text, parent, path.slice(0, depth + 1), nested, style);
}

function insertProperty(text: string, parent: LocatedNode, path: JsonPath, value: unknown, style: Style): string {
  const key = path[path.length - 1] as string;
  const open = parent.offset;
  const close = parent.offset + parent.length - 1;
  const parentIndent = lineIndent(text, open);
  const singleLine = !text.slice(open, close).includes("\n");
  if (parent.childCount === 0) {
    if (singleLine && close - open <= 2) {
      const childIndent = parentIndent + style.unit;
      return `${text.slice(0, open + 1)}${style.eol}${childIndent}${JSON.stringify(key)}: ${render(value, childIndent, style)}${style.eol}${parentIndent}${text.slice(close)}`;
    }
    return fallback(text, path, value, style); // `{ /* a comment */ }` and the like
  }
  const valueEnd = parent.lastEnd;
  if (singleLine) {
    return `${text.slice(0, valueEnd)}, ${JSON.stringify(key)}: ${renderInline(value)}${text.slice(valueEnd)}`;
  }
  const lineEnd = endOfLine(text, valueEnd);
  const after = /^([ \t]*)(,?)([ \t]*(?:\/\/.*|\/\*.*?\*\/)?[ \t]*)$/.exec(text.slice(valueEnd, lineEnd));
  const childIndent = lineIndent(text, parent.lastStart);
  const entry = `${JSON.stringify(key)}: ${render(value, childIndent, style)}`;
  if (!after) return `${text.slice(0, valueEnd)}, ${entry}${text.slice(valueEnd)}`; // something else shares the line
  if (after[2] === ",") {
    // A trailing comma is the file's style: the new last property gets one too.
    return `${text.slice(0, lineEnd)}${style.eol}${childIndent}${entry},${text.slice(lineEnd)}`;
  }
  return `${text.slice(0, valueEnd)},${text.slice(valueEnd, lineEnd)}${style.eol}${childIndent}${entry}${text.slice(lineEnd)}`;
}

/** Removes a property (every copy of it, when a key is duplicated), keeping the lines around it. */
function removeValue(text: string, path: JsonPath): string {
  if (typeof path[path.length - 1] !== "string") return applyEdits(text, modify(text, path, undefined, {}));
  for (let copies = 0; copies < 100; copies++) {
    const { property } = locate(text, path);
    if (!property) return text;
    text = removeProperty(text, property);
  }
  return text;
}

function removeProperty(text: string, { start, valueEnd, prevEnd, nextStart }: LocatedProperty): string {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const lineEnd = endOfLine(text, valueEnd);
  const alone = text.slice(lineStart, start).trim() === "" && /^[ \t]*,?[ \t]*(?:\/\/.*|\/\*.*?\*\/)?[ \t]*$/.test(text.slice(valueEnd, lineEnd));
  if (!alone) {
    // It shares its line: cut it with the separator before it (or, for the first, the one after it).
    if (prevEnd !== -1) return text.slice(0, prevEnd) + text.slice(valueEnd);
    if (nextStart !== -1) return text.slice(0, start) + text.slice(nextStart);
    return text.slice(0, start) + text.slice(valueEnd);
  }
  // Its own line(s), comment included, go whole; the lines around it stay as they are.
  const next = text.indexOf("\n", lineEnd);
  let result = text.slice(0, lineStart) + (next === -1 ? "" : text.slice(next + 1));
  const hadComma = /^[ \t]*,/.test(text.slice(valueEnd, lineEnd));
  if (nextStart === -1 && prevEnd !== -1 && !hadComma) {
    // It was the last, written without a trailing comma: the one before it must not keep its comma
    // (the gateway may read its files as strict JSON).
    const comma = /^(\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*),/.exec(result.slice(prevEnd));
    if (comma) result = result.slice(0, prevEnd + comma[1].length) + result.slice(prevEnd + comma[0].length);
  }
  return result;
}

/** Objects over several lines, at the file's indentation; arrays of plain values on one line. */
function render(value: unknown, indent: string, style: Style): string {
  const inner = indent + style.unit;
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== "object")) return `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
    return `[${value.map((item) => `${style.eol}${inner}${render(item, inner, style)}`).join(",")}${style.eol}${indent}]`;
  }
  if (isObject(value)) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return "{}";
    return `{${entries.map(([k, item]) => `${style.eol}${inner}${JSON.stringify(k)}: ${render(item, inner, style)}`).join(",")}${style.eol}${indent}}`;
  }
  return JSON.stringify(value);
}

/** `{ "a": 1, "b": [2, 3] }`: for a value that goes into a one-line object. */
function renderInline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderInline).join(", ")}]`;
  if (isObject(value)) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return entries.length ? `{ ${entries.map(([k, item]) => `${JSON.stringify(k)}: ${renderInline(item)}`).join(", ")} }` : "{}";
  }
  return JSON.stringify(value);
}

function fallback(text: string, path: JsonPath, value: unknown, style: Style): string {
  const formattingOptions = { insertSpaces: style.unit[0] !== "\t", tabSize: style.unit[0] === "\t" ? 1 : style.unit.length, eol: style.eol };
  return applyEdits(text, modify(text, path, value, { formattingOptions }));
}

function detectStyle(text: string): Style {
  return { unit: /^( +|\t)\S/m.exec(text)?.[1] ?? "  ", eol: text.includes("\r\n") ? "\r\n" : "\n" };
}

function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

function endOfLine(text: string, offset: number): number {
  const end = text.indexOf("\n", offset);
  const lineEnd = end === -1 ? text.length : end;
  return text[lineEnd - 1] === "\r" ? lineEnd - 1 : lineEnd;
}
