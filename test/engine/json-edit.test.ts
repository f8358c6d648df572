// setJsonValue changes one value and nothing else: every other byte of the text survives, and the
// text it leaves parses and means exactly the old value with that one change.
import fc from "fast-check";
import { parse } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { setJsonValue } from "../../src/engine/json-edit.js";
import type { JsonPath } from "../../src/engine/json-locate.js";
import { verifyJsonEdits, type JsonSetOp } from "../../src/engine/verify-edit.js";
import { jsonObject, jsoncStyle, pathsIn, renderJsonc } from "../migrations/render-jsonc.js";

/** More runs on demand: FC_RUNS=5000 npx vitest run test/engine/json-edit.test.ts */
const RUNS = Math.max(300, Number(process.env.FC_RUNS) || 0);

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
      expected: COMMENTED.replace("  },\n}\n", '  },\n  "meta": {\n    "lastTouchedVersion": "2026.11.0"\n  },\n}\n'),
    },
    {
      name: "add into a one-line object stays on its line",
      path: ["gateway", "host"],
      value: "0.0.0.0",
      expected: COMMENTED.replace(
        '{ "port": 8080, "token": "x" }',
        '{ "port": 8080, "token": "x", "host": "0.0.0.0" }',
      ),
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
    [
      "the last key: the comma before it goes, comments around it stay",
      '{\n  "a": 1, // one\n  "b": 2 // two\n}\n',
      ["b"],
      '{\n  "a": 1 // one\n}\n',
    ],
    [
      "a middle key with its own comment",
      '{\n  "a": 1, // one\n  "b": 2, // two\n  "c": 3\n}\n',
      ["b"],
      '{\n  "a": 1, // one\n  "c": 3\n}\n',
    ],
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
    expect(setJsonValue('{\n  "order": {}\n}\n', ["order", "x"], ["a", "b"])).toBe(
      '{\n  "order": {\n    "x": ["a", "b"]\n  }\n}\n',
    );
  });

  it("keeps tabs and CRLF line ends", () => {
    const text = '{\r\n\t"a": 1\r\n}\r\n';
    expect(setJsonValue(text, ["b", "c"], 2)).toBe('{\r\n\t"a": 1,\r\n\t"b": {\r\n\t\t"c": 2\r\n\t}\r\n}\r\n');
  });

  // Each of these left text that does not parse, or that means something else, before the fix.
  it.each([
    [
      "a one-line object's only property, with a trailing comma",
      '{ "auth": { "order": { "anthropic": ["anthropic:gone"], } } }',
      ["auth", "order", "anthropic"],
      '{ "auth": { "order": { } } }',
    ],
    [
      "a minified object's only property, with a trailing comma",
      '{"auth":{"order":{"openai":["b"],}}}',
      ["auth", "order", "openai"],
      '{"auth":{"order":{}}}',
    ],
    ["the only property, a comment between it and its trailing comma", '{ "a": 1 /* one */, }', ["a"], "{ }"],
    [
      "a property whose line goes on, after a comment, with the next one",
      '{\n  "a": 1, /* x */ "b": 2 /* y */\n}',
      ["a"],
      '{\n  "b": 2 /* y */\n}',
    ],
    ["the first property of a comma-first layout", '{\n  "a": 1\n  , "b": 2\n}', ["a"], '{\n  "b": 2\n}'],
    [
      "a key of an object whose key is duplicated, with a key between the copies",
      '{"a": {"y": 1}, "b": 0, "a": {"z": 2}}',
      ["a", "y"],
      '{"a": {}, "b": 0, "a": {"z": 2}}',
    ],
    ["an array's last item", '{"a": [1, 2]}', ["a", 1], '{"a": [1]}'],
    ["an array's last item after a line comment", '{"a": [1, // one\n  2]}', ["a", 1], '{"a": [1]}'],
    ["an index past an array's end (nothing)", '{"a": [1]}', ["a", 3], '{"a": [1]}'],
    [
      "an array's last item, CRLF line ends kept",
      '{\r\n  "a": [\r\n    1,\r\n    2\r\n  ]\r\n}\r\n',
      ["a", 1],
      '{\r\n  "a": [\r\n    1\r\n  ]\r\n}\r\n',
    ],
    [
      "a property after a lone-CR line comment that hides brackets up to the next LF",
      '{\r  "x": [1, // ]\r  2],\r  "a": [ // [\n  0],\r  "b": 1\r}',
      ["a"],
      '{\r  "x": [1, // ]\r  2],\r  "b": 1\r}',
    ],
  ])("removes %s", (_name, text, path, expected) => {
    expect(setJsonValue(text, path, undefined)).toBe(expected);
  });

  it("removes both properties of a minified object with a trailing comma, one after the other", () => {
    const first = setJsonValue(
      '{"auth":{"order":{"anthropic":["a"],"openai":["b"],}}}',
      ["auth", "order", "anthropic"],
      undefined,
    );
    expect(first).toBe('{"auth":{"order":{"openai":["b"],}}}');
    expect(setJsonValue(first, ["auth", "order", "openai"], undefined)).toBe('{"auth":{"order":{}}}');
  });

  it.each([
    [
      "into an object whose last line closes it and goes on",
      '{\n  "o": {\n    "b": 2 /* x */ }, "c": 3 /* y */\n}',
      ["o", "d"],
      1,
      '{\n  "o": {\n    "b": 2, "d": 1 /* x */ }, "c": 3 /* y */\n}',
    ],
    [
      "an item at an array's end, touching nothing else of a minified file",
      '{"a":[1, 2]}',
      ["a", 2],
      3,
      '{"a":[1, 2, 3]}',
    ],
    [
      "into a minified object holding only a comment",
      '{"a":{/*none*/},"b":[1,2]}',
      ["a", "x"],
      1,
      '{"a":{/*none*/ "x": 1 },"b":[1,2]}',
    ],
    [
      "into an object holding only a comment line, after the comment",
      '{\n  "a": {\n    // none yet\n  }\n}',
      ["a", "x"],
      1,
      '{\n  "a": {\n    // none yet\n    "x": 1\n  }\n}',
    ],
    ["an array with an undefined item, as JSON has it (null)", "{}", ["a"], [1, undefined], '{\n  "a": [1, null]\n}'],
    ["an index under a path that does not exist: a new array", "{}", ["a", 0], 3, '{\n  "a": [3]\n}'],
    [
      "below a duplicated key: into its last copy, the one parsers read",
      '{"a": {"b": {}}, "a": {}}',
      ["a", "b", "c"],
      1,
      '{"a": {"b": {}}, "a": { "b": { "c": 1 } }}',
    ],
  ])("adds %s", (_name, text, path, value, expected) => {
    expect(setJsonValue(text, path as JsonPath, value)).toBe(expected);
  });

  it.each([
    [
      "a key below a duplicated key whose last copy is not an object",
      '{"a": {"b": 2}, "a": 1}',
      ["a", "b"],
      /a is not an object/,
    ],
    ["an index past an array's end (JSON has no holes)", '{"a": [1]}', ["a", 3], /a has 1 items/],
    ["a key in an array", '{"a": [1]}', ["a", "x"], /a is an array, not an object/],
    ["an index in an object", '{"a": {}}', ["a", 0], /a is an object, not an array/],
  ])("refuses to set %s", (_name, text, path, message) => {
    expect(() => setJsonValue(text, path as JsonPath, 1)).toThrow(message);
  });

  it.each([
    ["a one-line object with a trailing comma", '{ "a": 1, }', ["c"], 3, '{ "a": 1, "c": 3, }'],
    [
      "a multi-line object with a trailing comma and a comment",
      '{\n  "a": 1,\n  "b": 2, // two\n}',
      ["c"],
      3,
      '{\n  "a": 1,\n  "b": 2, // two\n  "c": 3,\n}',
    ],
    [
      "an empty object inside a one-line parent, on that line",
      '{ "auth": { "order": { } } }\n',
      ["auth", "order", "openai"],
      ["openai:default"],
      '{ "auth": { "order": { "openai": ["openai:default"] } } }\n',
    ],
    ["lone-CR lines", '{\r  "a": 1\r}', ["b"], 2, '{\r  "a": 1,\r  "b": 2\r}'],
    ["an object holding only a line comment ended by a lone CR", "{ // c\r}", ["b"], 2, '{ // c\r  "b": 2\r}'],
  ])("adds to %s", (_name, text, path, value, expected) => {
    expect(setJsonValue(text, path, value)).toBe(expected);
  });

  it("never removes the whole document", () => {
    expect(() => setJsonValue('{"a": 1}', [], undefined)).toThrow("cannot remove the whole document");
  });

  it("property: setting one top-level key never changes the others' values", () => {
    // jsonc-parser (like any JS object literal) cannot hold an own "__proto__" key: leave it out.
    const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== "__proto__");
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(
        fc.dictionary(key, json, { maxKeys: 6 }),
        key,
        json,
        fc.boolean(),
        (object, target, value, pretty) => {
          const text = JSON.stringify(object, null, pretty ? 2 : undefined) + "\n";
          const expected = JSON.parse(JSON.stringify(object));
          const current = Object.hasOwn(expected, target) ? expected[target] : undefined;
          if (current !== undefined && (current === null || typeof current !== "object" || Array.isArray(current))) {
            // A value where an object should be is never clobbered: the edit is refused.
            if (!Array.isArray(current))
              expect(() => setJsonValue(text, [target, "nested"], value)).toThrow(/not an object/);
            return;
          }
          // JSON.parse keeps an own "__proto__" key as jsonc-parser cannot; the text here is plain JSON.
          const after = JSON.parse(setJsonValue(text, [target, "nested"], value));
          expected[target] = { ...(current ?? {}), nested: value };
          expect(after).toEqual(JSON.parse(JSON.stringify(expected)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------- random documents, random edits

type Json = Record<string, unknown> | unknown[];
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const own = (node: Json, key: string | number) =>
  Array.isArray(node)
    ? typeof key === "number" && key < node.length
    : typeof key === "string" && Object.hasOwn(node, key);

/**
 * The edit on the value, written plainly (the oracle beside verifyJsonEdits): "refused" where
 * setJsonValue must refuse (through a value that is not a container, a key of the wrong kind, a
 * hole), the new value otherwise. Mutates `root`.
 */
function applyPlainly(root: Json, path: JsonPath, value: unknown): Json | "refused" {
  const json = value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const fits = (Array.isArray(node) && typeof key === "number") || (isObject(node) && typeof key === "string");
    if (!fits) return value === undefined ? root : "refused";
    const container = node as Json;
    if (!own(container, key)) {
      if (value === undefined) return root;
      const next = path[i + 1];
      if (typeof next === "number" && next !== 0) return "refused";
      if (Array.isArray(container) && key !== container.length) return "refused";
      Object.defineProperty(container, key, {
        value: typeof next === "number" ? [] : {},
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    node = (container as Record<string | number, unknown>)[key];
  }
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(node) && typeof last === "number" && last < node.length) node.splice(last, 1);
    else if (isObject(node) && typeof last === "string") delete node[last];
    return root;
  }
  if (Array.isArray(node) && typeof last === "number" && last <= node.length) node[last] = json;
  else if (isObject(node) && typeof last === "string")
    Object.defineProperty(node, last, { value: json, enumerable: true, writable: true, configurable: true });
  else return "refused";
  return root;
}

const chars = fc.string({
  unit: fc.constantFrom("a", "b", "{", "}", "[", "]", '"', "\\", "/", "*", ",", ":", " ", "é", "\n", "\r"),
});
const documents = jsonObject(chars, fc.oneof(chars, fc.constantFrom("a", "b", "order", "anthropic", "__proto__")));
const edit = fc.record({
  pick: fc.nat(),
  deeper: fc.constantFrom<JsonPath>([], [], ["new"], [0], ["new", 0], [1]),
  value: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined, freq: 3 }),
});

describe("setJsonValue on random JSONC documents", () => {
  it("leaves text that parses and means the old value with the edits applied, or refuses", () => {
    fc.assert(
      fc.property(
        documents,
        jsoncStyle,
        fc.boolean(),
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        (value, style, plain, edits) => {
          const document = plain ? JSON.stringify(value) : renderJsonc(value, style);
          const paths = pathsIn(value).filter((path) => path.length > 0);
          let text = document;
          let expected: Json | "refused" = JSON.parse(JSON.stringify(value));
          const ops: JsonSetOp[] = [];
          for (const { pick, deeper, value: planned } of edits) {
            const path = [...paths[pick % paths.length], ...deeper];
            const next = applyPlainly(structuredClone(expected as Json), path, planned);
            let edited: string | undefined;
            try {
              edited = setJsonValue(text, path, planned);
            } catch {
              edited = undefined;
            }
            expect(edited === undefined, `refused ${JSON.stringify(path)}`).toBe(next === "refused");
            if (edited === undefined || next === "refused") continue;
            text = edited;
            expected = next;
            ops.push({ kind: "json-set", file: "clawdia.json", path, value: planned });
          }
          expect(verifyJsonEdits(document, ops, text)).toBeUndefined();
          // jsonc-parser's own parse, as the independent reader; it cannot hold a "__proto__" key.
          if (!document.includes("__proto__") && !JSON.stringify(ops).includes("__proto__")) {
            const errors: unknown[] = [];
            expect(parse(text, errors as never, { allowTrailingComma: true })).toEqual(expected);
            expect(errors).toEqual([]);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
