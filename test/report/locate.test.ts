import { beforeEach, describe, expect, test, vi } from "vitest";
import * as jsonc from "jsonc-parser";
import { locateSubject, makeLocator } from "../../src/report/locate.js";
import { CONFIG, CONFIG_TEXT } from "./sample.js";

// Spy on parseTree to check that each file is parsed once, however many findings point into it.
vi.mock("jsonc-parser", async (importOriginal) => {
  const actual = await importOriginal<typeof jsonc>();
  return { ...actual, parseTree: vi.fn(actual.parseTree) };
});

const PLACES = [
  { path: [], want: { line: 2, column: 1 }, why: "the root, after the leading comment" },
  { path: ["models"], want: { line: 4, column: 3 }, why: "a top-level key, after a block comment" },
  { path: ["models", "default"], want: { line: 5, column: 5 }, why: "a nested key" },
  {
    path: ["auth", "profiles", "anthropic:claude-cli", "mode"],
    want: { line: 9, column: 58 },
    why: "a key deep on one line",
  },
  { path: ["auth", "order", "anthropic", 1], want: { line: 11, column: 54 }, why: "an array element" },
  { path: ["auth", "expiryWarnHours"], want: { line: 7, column: 3 }, why: "missing key: its parent" },
  { path: ["models", "aliases", "opus"], want: { line: 4, column: 3 }, why: "missing branch: the deepest parent" },
  { path: ["auth", "order", "anthropic", 7], want: { line: 11, column: 16 }, why: "missing index: the array" },
];

describe("makeLocator", () => {
  beforeEach(() => {
    vi.mocked(jsonc.parseTree).mockClear();
  });
  const locate = () => makeLocator(new Map([[CONFIG, CONFIG_TEXT]]));

  test.each(PLACES)("$why", ({ path, want }) => {
    expect(locate()(CONFIG, path)).toEqual(want);
  });

  test("subjects given up front are placed as on demand, with one parse per file and none after", () => {
    const other = "/home/u/.clawdia/other.json";
    const texts = new Map([
      [CONFIG, CONFIG_TEXT],
      ["/b.json", "\ufeff" + CONFIG_TEXT],
      [other, "{}"],
    ]);
    // Out of order, with a repeat, and a subject of a file with no text: one walk per file puts each where it is.
    const subjects = [...PLACES].reverse().flatMap(({ path }) => [
      { file: CONFIG, path },
      { file: "/b.json", path },
    ]);
    const upFront = makeLocator(texts, [
      ...subjects,
      { file: CONFIG, path: ["models"] },
      { file: "/none.json", path: ["a"] },
      { file: other, line: 3, path: ["a"] },
    ]);
    expect(jsonc.parseTree).toHaveBeenCalledTimes(2);
    for (const { path, want } of PLACES) {
      expect(upFront(CONFIG, path)).toEqual(want);
      expect(upFront("/b.json", path)).toEqual(want);
    }
    expect(upFront("/none.json", ["a"])).toBeUndefined();
    expect(jsonc.parseTree).toHaveBeenCalledTimes(2);
    // A place not asked for up front is still found, on demand.
    expect(upFront(other, [])).toEqual({ line: 1, column: 1 });
    expect(jsonc.parseTree).toHaveBeenCalledTimes(3);
  });

  test("an unknown file has no position", () => {
    expect(locate()("/elsewhere.json", ["a"])).toBeUndefined();
  });

  test("an empty file has no position", () => {
    expect(makeLocator(new Map([["/e.json", ""]]))("/e.json", ["a"])).toBeUndefined();
  });

  test("a byte-order mark does not shift later lines", () => {
    const withBom = makeLocator(new Map([["/b.json", "\ufeff" + CONFIG_TEXT]]));
    expect(withBom("/b.json", ["models", "default"])).toEqual({ line: 5, column: 5 });
  });

  test("each file is parsed once", () => {
    const cached = locate();
    cached(CONFIG, ["models"]);
    cached(CONFIG, ["auth"]);
    cached(CONFIG, ["nope"]);
    expect(jsonc.parseTree).toHaveBeenCalledTimes(1);
  });

  test("locateSubject needs a locator, a file and a path", () => {
    const l = locate();
    expect(locateSubject({ file: CONFIG, path: ["models"] }, l)).toEqual({ line: 4, column: 3 });
    expect(locateSubject({ file: CONFIG }, l)).toBeUndefined();
    expect(locateSubject({ path: ["models"] }, l)).toBeUndefined();
    expect(locateSubject({ file: CONFIG, path: ["models"] }, undefined)).toBeUndefined();
  });
});
