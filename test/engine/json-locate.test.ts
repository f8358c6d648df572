// The fast locator (only the path's containers tokenized, everything else stepped over) must find
// exactly what the full tokenizing pass finds, and hand any text it does not understand to it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { locate, locateBySkipping, skipContainer, type JsonPath } from "../../src/engine/json-locate.js";
import { locateByVisit } from "../../src/engine/json-locate-visit.js";
import { jsonObject, jsoncStyle, pathsIn, renderJsonc } from "../migrations/render-jsonc.js";

/** More runs on demand: FC_RUNS=5000 npx vitest run test/engine/json-locate.test.ts */
const RUNS = Math.max(300, Number(process.env.FC_RUNS) || 0);

const text = fc.string({ unit: fc.constantFrom("a", "{", "}", "[", "]", '"', "\\", "/", "*", ",", ":", " ", "é") });
const json = jsonObject(text, fc.oneof(text, fc.constantFrom("a", "b", "gateway", "token")));

describe("locate: the skipping pass agrees with the full pass", () => {
  it("on random JSONC documents, at every path in them and at missing ones", () => {
    fc.assert(
      fc.property(json, jsoncStyle, fc.boolean(), fc.nat(), (value, style, plain, pick) => {
        const document = plain ? JSON.stringify(value) : renderJsonc(value, style);
        const paths = pathsIn(value);
        const path = paths[pick % paths.length];
        // The skipping pass itself, not its fallback: a well-formed document never needs the full pass.
        expect(locateBySkipping(document, path)).toEqual(locateByVisit(document, path));
      }),
      { numRuns: RUNS },
    );
  });

  it("on random text (mostly broken): never throws, and falls back where it cannot follow", () => {
    fc.assert(
      fc.property(text, fc.array(fc.oneof(fc.string(), fc.nat({ max: 3 })), { maxLength: 3 }), (document, path) => {
        expect(() => locate(document, path)).not.toThrow();
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ['{"a": "}]{[", "b": 1}', ["b"]],
    ['{"a": {"x": "\\"}"}, "b": [1, /* ] */ 2]}', ["b", 1]],
    ['{"a": [1, // ]\n 2], "b": true}', ["b"]],
    ['{"a": 1, "a": 2}', ["a"]],
    ['{"a": 1,}', ["b"]],
    ['[{"k": 1}, {"k": 2}]', [1, "k"]],
    ['{"a": [1 2], "b": 1}', ["b"]], // broken inside a stepped-over array
    ['{"a": {"b": 1}', ["a", "b"]], // unclosed root
    ['{"a": "unterminated}', ["a"]],
    ["", ["a"]],
    ["  // only a comment\n", []],
    // A lone CR ends a line comment: the skipping pass once ran on to the next LF, over real brackets.
    ['{\r  "x": [1, // ]\r  2],\r  "a": [ // [\n  0],\r  "b": 1\r}', ["a"]],
    ['{"a": [1, 2, 3]}', ["a", 1]],
    ['{"a": {"y": 1}, "b": 0, "a": {"z": 2}}', ["a", "y"]],
  ])("%s at %j", (document, path) => {
    expect(locate(document, path as JsonPath)).toEqual(locateByVisit(document, path as JsonPath));
  });
});

describe("locate: what a removal and an insertion rely on", () => {
  it.each([
    ["the skipping pass", locateBySkipping],
    ["the full pass", locateByVisit],
  ])("%s: an array item has its neighbours, as a property has", (_name, locator) => {
    expect(locator('{"a": [1, 2, 3]}', ["a", 1])?.property).toEqual({
      start: 10,
      valueEnd: 11,
      prevEnd: 8,
      nextStart: 13,
    });
  });

  it.each([
    ["the skipping pass", locateBySkipping],
    ["the full pass", locateByVisit],
  ])("%s: a duplicated key is its last copy, and a neighbour is one of the same object", (_name, locator) => {
    // The first copy's "y" is the last of its object: the next copy's "z" is no neighbour of it.
    expect(locator('{"a": {"y": 1}, "b": 0, "a": {"z": 2}}', ["a", "y"])?.property).toEqual({
      start: 7,
      valueEnd: 13,
      prevEnd: -1,
      nextStart: -1,
    });
    // What an earlier copy held below it is not what parsers read.
    const nodes = locator('{"a": {"b": 2}, "a": 1}', ["a", "b"])!.nodes;
    expect(nodes[1]?.type).toBe("value");
    expect(nodes[2]).toBeUndefined();
    expect(locator('{"a": {"b": {}}, "a": {}}', ["a", "b", "c"])!.nodes[2]).toBeUndefined();
  });
});

describe("skipContainer", () => {
  it.each([
    ["{}", 2],
    ['{"a": [1, {"b": "]"}]} tail', 22],
    ["[1, /* } */ 2]", 14],
    ["[1, // ]\n2]", 11],
    ['["\\"]"]', 7],
    ["[}", -1],
    ["[1, 2", -1],
    ['["a\nb"]', -1],
    ["[/* ", -1],
  ])("%j ends at %i", (document, end) => {
    expect(skipContainer(document, 0)).toBe(end);
  });
});
