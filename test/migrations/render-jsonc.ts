// Prints a JSON value as a hand-written JSONC config might look: a chosen indentation and line
// ending, comments before and after properties, trailing commas, small objects on one line. With the
// fast-check arbitraries the property tests draw documents and styles from.
import fc from "fast-check";

export interface JsoncStyle {
  unit: string;
  eol: string;
  trailingCommas: boolean;
  comments: boolean;
  /** Objects at this depth and below are written on one line: `{ "a": 1, "b": [2] }`. */
  inlineFromDepth: number;
}

/** Every style renderJsonc knows. */
export const jsoncStyle: fc.Arbitrary<JsoncStyle> = fc.record({
  unit: fc.constantFrom("  ", "    ", "\t"),
  eol: fc.constantFrom("\n", "\r\n"),
  trailingCommas: fc.boolean(),
  comments: fc.boolean(),
  inlineFromDepth: fc.integer({ min: 1, max: 4 }),
});

/** Small JSON objects, nested a few levels, whose strings and keys come from the given arbitraries. */
export function jsonObject(strings: fc.Arbitrary<string>, keys: fc.Arbitrary<string>): fc.Arbitrary<Record<string, unknown>> {
  return fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small" }, fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), strings, tie("array"), tie("object")),
    array: fc.array(tie("value"), { maxLength: 4 }),
    object: fc.dictionary(keys, tie("value"), { maxKeys: 4 }),
  })).object as fc.Arbitrary<Record<string, unknown>>;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export function renderJsonc(value: unknown, style: JsoncStyle): string {
  const head = style.comments ? `// a config as a user left it${style.eol}` : "";
  return head + renderValue(value, style, "", 0) + style.eol;
}

function renderValue(value: unknown, style: JsoncStyle, indent: string, depth: number): string {
  if (!isObject(value)) return JSON.stringify(value);
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  if (depth >= style.inlineFromDepth) return `{ ${entries.map(([key, item]) => `${JSON.stringify(key)}: ${JSON.stringify(item)}`).join(", ")} }`;
  const inner = indent + style.unit;
  const lines = entries.map(([key, item], index) => {
    const comma = index < entries.length - 1 || style.trailingCommas ? "," : "";
    const before = style.comments && index % 2 === 0 ? `${inner}// about the next key${style.eol}` : "";
    const after = !style.comments ? "" : index % 3 === 1 ? " /* note */" : index % 3 === 2 ? " // note" : "";
    return `${before}${inner}${JSON.stringify(key)}: ${renderValue(item, style, inner, depth + 1)}${comma}${after}`;
  });
  return `{${style.eol}${lines.join(style.eol)}${style.eol}${indent}}`;
}
