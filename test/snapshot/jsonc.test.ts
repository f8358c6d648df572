// parseJsonc: plain JSON goes through JSON.parse, everything else through jsonc-parser's visitor;
// both must give the same value jsonc-parser's own `parse` gives, and read "__proto__" as a key.
import fc from "fast-check";
import { parse } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { MAX_NESTING, parseJsonc } from "../../src/snapshot/jsonc.js";
import { jsonObject, jsoncStyle, renderJsonc } from "../migrations/render-jsonc.js";

const RUNS = Math.max(300, Number(process.env.FC_RUNS) || 0);

const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom("a", "constructor", "toString")); // no "__proto__": parse() cannot hold it
const json = jsonObject(fc.string(), key);

describe("parseJsonc", () => {
  it("gives what jsonc-parser's parse gives, for plain JSON and for JSONC with comments and trailing commas", () => {
    fc.assert(
      fc.property(json, jsoncStyle, fc.boolean(), (value, style, plain) => {
        const text = plain ? JSON.stringify(value, null, 2) : renderJsonc(value, style);
        const { value: parsed, problems } = parseJsonc(text);
        expect(problems).toEqual([]);
        expect(parsed).toEqual(parse(text, [], { allowTrailingComma: true }));
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ["plain JSON", '{ "order": { "__proto__": ["a:default"], "b": [] } }'],
    ["JSONC", '{ "order": { "__proto__": ["a:default"], "b": [], }, // a comment\n}'],
  ])('reads "__proto__" as a key, never as the prototype (%s)', (_, text) => {
    const order = (parseJsonc(text).value as { order: Record<string, unknown> }).order;
    expect(Object.getPrototypeOf(order)).toBe(Object.prototype);
    expect(Object.keys(order)).toEqual(["__proto__", "b"]);
    expect(Object.getOwnPropertyDescriptor(order, "__proto__")?.value).toEqual(["a:default"]);
  });

  it("a byte-order mark is not part of the value, on either path", () => {
    expect(parseJsonc('\uFEFF{"a": 1}').value).toEqual({ a: 1 });
    expect(parseJsonc('\uFEFF{"a": 1, }').value).toEqual({ a: 1 });
  });

  it.each([
    ["", "value expected"], // json-problems.ts words an empty file as such
    ['{"a": 1', "close brace expected"],
    ['{"a": }', "value expected"],
  ])("%j: no value, a problem with its position (%s)", (text, message) => {
    const { value, problems } = parseJsonc(text);
    expect(value).toBeUndefined();
    expect(problems[0]).toMatchObject({ line: 1, message });
  });

  it(`nesting past ${MAX_NESTING} levels is a problem even where JSON.parse would cope`, () => {
    const text = "[".repeat(MAX_NESTING + 1) + "]".repeat(MAX_NESTING + 1);
    expect(() => JSON.parse(text)).not.toThrow();
    expect(parseJsonc(text).problems[0].message).toBe(`nested deeper than ${MAX_NESTING} levels`);
  });
});
