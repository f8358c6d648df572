// setJsonValue changes one value and nothing else: every other byte of the text survives.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { setJsonValue } from "../../src/engine/json-edit.js";

const COMMENTED = `{
  // my gateway
  "gateway": { "port": 8080, "token": "x" },
  "custom": [1, 2, 3], // keep me like this
  "auth": {
    "profiles": {
      "a:b": { "provider": "a", "mode": "token" }, // from setup-token
    },
  },
}
`;

describe("setJsonValue", () => {
  it.each([
    {
      name: "replace a primitive in place",
      path: ["auth", "profiles", "a:b", "mode"],
      value: "oauth",
      expected: COMMENTED.replace('"mode": "token"', '"mode": "oauth"'),
    },
    {
      name: "add a key after a last property with a trailing comma and a comment",
      path: ["auth", "profiles", "c:d"],
      value: { provider: "c" },
      expected: COMMENTED.replace(
        '"a:b": { "provider": "a", "mode": "token" }, // from setup-token\n',
        '"a:b": { "provider": "a", "mode": "token" }, // from setup-token\n      "c:d": {\n        "provider": "c"\n      },\n',
      ),
    },
    {
      name: "add a nested path at the top level keeps the one-line array beside it",
      path: ["meta", "lastTouchedVersion"],
      value: "2026.11.0",
      expected: COMMENTED.replace('  },\n}\n', '  },\n  "meta": {\n    "lastTouchedVersion": "2026.11.0"\n  },\n}\n'),
    },
    {
      name: "add into a one-line object stays on its line",
      path: ["gateway", "host"],
      value: "0.0.0.0",
      expected: COMMENTED.replace('{ "port": 8080, "token": "x" }', '{ "port": 8080, "token": "x", "host": "0.0.0.0" }'),
    },
    {
      name: "remove a key from a one-line object",
      path: ["gateway", "token"],
      value: undefined,
      expected: COMMENTED.replace('{ "port": 8080, "token": "x" }', '{ "port": 8080 }'),
    },
  ])("$name", ({ path, value, expected }) => {
    expect(setJsonValue(COMMENTED, path, value)).toBe(expected);
  });

  it.each([
    ["the last key: the comma before it goes, comments around it stay", '{\n  "a": 1, // one\n  "b": 2 // two\n}\n', ["b"], '{\n  "a": 1 // one\n}\n'],
    ["a middle key with its own comment", '{\n  "a": 1, // one\n  "b": 2, // two\n  "c": 3\n}\n', ["b"], '{\n  "a": 1, // one\n  "c": 3\n}\n'],
    ["the first key: the next stays on its own line", '{\n  "a": 1,\n  "b": 2\n}\n', ["a"], '{\n  "b": 2\n}\n'],
    ["a trailing-comma style keeps its commas", '{\n  "a": 1,\n  "b": 2,\n}\n', ["b"], '{\n  "a": 1,\n}\n'],
    ["a nested object over several lines", '{\n  "g": {\n    "x": 1\n  },\n  "h": 2\n}\n', ["g"], '{\n  "h": 2\n}\n'],
    ["every copy of a duplicated key", '{\n  "t": 1,\n  "u": 0,\n  "t": 2\n}\n', ["t"], '{\n  "u": 0\n}\n'],
  ])("removes %s", (_name, text, path, expected) => {
    expect(setJsonValue(text, path, undefined)).toBe(expected);
  });

  it("adds to a property without a trailing comma, keeping its comment on its line", () => {
    const text = '{\n  "a": 1, // one\n  "b": 2 // two\n}\n';
    expect(setJsonValue(text, ["c"], true)).toBe('{\n  "a": 1, // one\n  "b": 2, // two\n  "c": true\n}\n');
  });

  it("fills an empty file's {} and an empty object", () => {
    expect(setJsonValue("{}\n", ["version"], 1)).toBe('{\n  "version": 1\n}\n');
    expect(setJsonValue('{\n  "order": {}\n}\n', ["order", "x"], ["a", "b"])).toBe('{\n  "order": {\n    "x": ["a", "b"]\n  }\n}\n');
  });

  it("keeps tabs and CRLF line ends", () => {
    const text = '{\r\n\t"a": 1\r\n}\r\n';
    expect(setJsonValue(text, ["b", "c"], 2)).toBe('{\r\n\t"a": 1,\r\n\t"b": {\r\n\t\t"c": 2\r\n\t}\r\n}\r\n');
  });

  it("property: setting one top-level key never changes the others' values", () => {
    // jsonc-parser (like any JS object literal) cannot hold an own "__proto__" key: leave it out.
    const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== "__proto__");
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(fc.dictionary(key, json, { maxKeys: 6 }), key, json, fc.boolean(), (object, target, value, pretty) => {
        const text = JSON.stringify(object, null, pretty ? 2 : undefined) + "\n";
        const expected = JSON.parse(JSON.stringify(object));
        const current = Object.hasOwn(expected, target) ? expected[target] : undefined;
        if (current !== undefined && (current === null || typeof current !== "object" || Array.isArray(current))) {
          // A value where an object should be is never clobbered: the edit is refused.
          if (!Array.isArray(current)) expect(() => setJsonValue(text, [target, "nested"], value)).toThrow(/not an object/);
          return;
        }
        // JSON.parse keeps an own "__proto__" key as jsonc-parser cannot; the text here is plain JSON.
        const after = JSON.parse(setJsonValue(text, [target, "nested"], value));
        expected[target] = { ...(current ?? {}), nested: value };
        expect(after).toEqual(JSON.parse(JSON.stringify(expected)));
      }),
      { numRuns: 300 },
    );
  });
});
