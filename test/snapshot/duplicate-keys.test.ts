import { describe, expect, it } from "vitest";
import { findDuplicateKeys } from "../../src/snapshot/duplicate-keys.js";

describe("findDuplicateKeys", () => {
  it("names each key given twice in one object, with both positions", () => {
    const text = '{\n  "auth": {\n    "order": {},\n    // again\n    "order": { "a": [] }\n  },\n  "x": 1\n}\n';
    expect(findDuplicateKeys(text)).toEqual([{ path: ["auth", "order"], first: { line: 3, column: 5 }, last: { line: 5, column: 5 } }]);
  });

  it("the same key in different objects is no duplicate", () => {
    expect(findDuplicateKeys('{ "a": { "k": 1 }, "b": { "k": 2 }, "c": [{ "k": 1 }, { "k": 2 }] }')).toEqual([]);
  });
});
