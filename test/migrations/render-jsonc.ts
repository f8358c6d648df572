// Prints a JSON value as a hand-written JSONC config might look: a chosen indentation and line
// ending, comments before and after properties (and between members, and before or after their
// commas), trailing commas, small containers on one line, a comma-first layout, or the whole file
// minified. With the fast-check arbitraries the property tests draw documents and styles from.
import fc from "fast-check";
import type { JsonPath } from "../../src/engine/json-locate.js";

export interface JsoncStyle {
  unit: string;
  /** "\r" alone is a line break for JSONC (and whitespace for JSON.parse): old Mac files. */
  eol: string;
  trailingCommas: boolean;
  comments: boolean;
  /** Objects and arrays at this depth and below are written on one line: `{ "a": 1, "b": [2] }`. */
  inlineFromDepth: number;
  /** The whole document on one line with no spaces: `{"a":1,"b":[2]}` (comments as block comments). */
  minified: boolean;
  /** Multi-line containers put each comma at the start of the next member's line: `, "b": 2`. */
  commaFirst: boolean;
}

/** Every style renderJsonc knows. */
export const jsoncStyle: fc.Arbitrary<JsoncStyle> = fc.record({
  unit: fc.constantFrom("  ", "    ", "\t"),
  eol: fc.constantFrom("\n", "\r\n", "\r"),
  trailingCommas: fc.boolean(),
  comments: fc.boolean(),
  inlineFromDepth: fc.integer({ min: 0, max: 4 }),
  minified: fc.boolean(),
  commaFirst: fc.boolean(),
});

/** Small JSON objects, nested a few levels, whose strings and keys come from the given arbitraries. */
export function jsonObject(
  strings: fc.Arbitrary<string>,
  keys: fc.Arbitrary<string>,
): fc.Arbitrary<Record<string, unknown>> {
  return fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      strings,
      tie("array"),
      tie("object"),
    ),
    array: fc.array(tie("value"), { maxLength: 4 }),
    object: fc.dictionary(keys, tie("value"), { maxKeys: 4 }),
  })).object as fc.Arbitrary<Record<string, unknown>>;
}

export function renderJsonc(value: unknown, style: JsoncStyle): string {
  if (style.minified) return (style.comments ? "/*a config*/" : "") + renderOneLine(value, style, "");
  const head = style.comments ? `// a config as a user left it${style.eol}` : "";
  return head + renderValue(value, style, "", 0) + style.eol;
}

/** The members of a container, as text, each with its key when it has one. */
function members(value: object, render: (item: unknown) => string, colon: string): string[] {
  if (Array.isArray(value)) return value.map(render);
  return Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${colon}${render(item)}`);
}

function brackets(value: object): [string, string] {
  return Array.isArray(value) ? ["[", "]"] : ["{", "}"];
}

/** `{ "a": 1, /* c *\/ "b": [2,], }`, or with `space` "" the minified `{"a":1,/*c*\/"b":[2]}`. */
function renderOneLine(value: unknown, style: JsoncStyle, space: string): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const [open, close] = brackets(value);
  const parts = members(value, (item) => renderOneLine(item, style, space), space);
  if (parts.length === 0) return style.comments ? `${open}${space}/*none*/${space}${close}` : `${open}${close}`;
  const text = parts.map((part, index) => {
    const last = index === parts.length - 1;
    const comma = !last || style.trailingCommas ? "," : "";
    // A comment after the comma before this member, or between this member and its comma.
    const before = style.comments && index % 3 === 1 ? `/*c*/${space}` : "";
    const beforeComma = style.comments && index % 3 === 2 && comma ? `${space}/*d*/` : "";
    return `${before}${part}${beforeComma}${comma}`;
  });
  return `${open}${space}${text.join(space)}${space}${close}`;
}

function renderValue(value: unknown, style: JsoncStyle, indent: string, depth: number): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (depth >= style.inlineFromDepth) return renderOneLine(value, style, " ");
  const [open, close] = brackets(value);
  const inner = indent + style.unit;
  const parts = members(value, (item) => renderValue(item, style, inner, depth + 1), " ");
  if (parts.length === 0)
    return style.comments ? `${open}${style.eol}${inner}// none yet${style.eol}${indent}${close}` : `${open}${close}`;
  const lines = parts.map((part, index) => {
    const before = style.comments && index % 2 === 0 ? `${inner}// about the next member${style.eol}` : "";
    const after = !style.comments ? "" : index % 3 === 1 ? " /* note */" : index % 3 === 2 ? " // note" : "";
    if (style.commaFirst) return `${before}${inner}${index > 0 ? ", " : ""}${part}${after}`;
    const comma = index < parts.length - 1 || style.trailingCommas ? "," : "";
    return `${before}${inner}${part}${comma}${after}`;
  });
  return `${open}${style.eol}${lines.join(style.eol)}${style.eol}${indent}${close}`;
}

/** Every path to a value in `value`, plus a missing key under each object and one past each array. */
export function pathsIn(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item, index) => out.push(...pathsIn(item, [...prefix, index])));
    out.push([...prefix, value.length]);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) out.push(...pathsIn(item, [...prefix, key]));
    out.push([...prefix, "not-there"]);
  }
  return out;
}
