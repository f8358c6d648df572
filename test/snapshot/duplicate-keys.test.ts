import { describe, expect, it } from "vitest";
import { findDuplicateKeys, mayHaveDuplicateKeys } from "../../src/snapshot/duplicate-keys.js";
import { parseJsonc } from "../../src/snapshot/jsonc.js";

describe("findDuplicateKeys", () => {
  it("names each key given twice in one object, with both positions", () => {
    const text = '{\n  "auth": {\n    "order": {},\n    // again\n    "order": { "a": [] }\n  },\n  "x": 1\n}\n';
    expect(findDuplicateKeys(text)).toEqual([
      { path: ["auth", "order"], first: { line: 3, column: 5 }, last: { line: 5, column: 5 } },
    ]);
  });

  it("the same key in different objects is no duplicate", () => {
    expect(findDuplicateKeys('{ "a": { "k": 1 }, "b": { "k": 2 }, "c": [{ "k": 1 }, { "k": 2 }] }')).toEqual([]);
  });
});

describe("mayHaveDuplicateKeys", () => {
  // Every text here parses; "maybe" is always safe (the visit decides), "no" only when it is sure.
  it.each([
    {
      text: '{ "a": { "k": 1 }, "b": { "k": 2 }, "c": [{ "k": 1 }, { "k": 2 }] }',
      maybe: false,
      why: "the same key in different objects",
    },
    {
      text: '{ "a\\": \\"b": "c:", "d": "\\\\", "e": ["x", "y"], "f": "" }',
      maybe: false,
      why: "quotes, colons and backslashes inside strings",
    },
    {
      text: '\ufeff{ "__proto__": { "x": 1 }, "y": 2 }',
      maybe: false,
      why: "a __proto__ key is a key like any other; a BOM is no key",
    },
    { text: '{\r\n\t"a" :\r\n 1,\n "b": 2,\n}', maybe: false, why: "JSON whitespace around colons, a trailing comma" },
    { text: '"just a string"', maybe: false, why: "no object at all" },
    { text: '{ "a": 1, "a": 2 }', maybe: true, why: "a key given twice" },
    {
      text: '{ "a": { "k": 1, "k": 2 }, "b": [{ "x": 1, "x": 1 }] }',
      maybe: true,
      why: "keys given twice in nested objects",
    },
    { text: '{ "a" /* why */ : 1, "a": 2 }', maybe: true, why: "a comment between a key and its colon" },
    { text: '{ "a": 1 // a comment\n}', maybe: true, why: "any comment" },
  ])("$why", ({ text, maybe }) => {
    const { value, problems } = parseJsonc(text);
    expect(problems).toEqual([]);
    expect(mayHaveDuplicateKeys(text, value)).toBe(maybe);
    if (!maybe) expect(findDuplicateKeys(text)).toEqual([]);
  });
});
