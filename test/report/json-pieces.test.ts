import { describe, expect, test } from "vitest";
import { jsonPieces } from "../../src/report/json-pieces.js";
import { toJsonReport } from "../../src/report/json.js";
import { toSarif } from "../../src/report/sarif.js";
import { busy, finding, PLACES, result, rules } from "./sample.js";

describe("jsonPieces", () => {
  // Whatever the depth, the pieces join to exactly what JSON.stringify(value, null, 2) writes.
  test.each([
    { why: "scalars", value: ["a", 1, -0, 1e21, true, null, 'line\nbreak "quoted" \\ \u2028 \u0007'] },
    { why: "empty containers, nested", value: { a: {}, b: [], c: [[], [{}]], d: { e: { f: [] } } } },
    {
      why: "members JSON leaves out, and null in their place in arrays",
      value: { a: undefined, b: () => 1, c: Symbol("s"), d: [undefined, () => 1, , 2], e: 1 },
    },
    { why: "an object of nothing but such members", value: { a: { b: undefined } } },
    { why: "key order: integer keys first, as JSON.stringify", value: { b: 1, 2: "two", a: [1], 1: "one" } },
    { why: "keys that need escaping", value: { 'we"ird\n': { "\\": [1] } } },
    { why: "a value with toJSON", value: { at: new Date(0), list: [new Date(1)] } },
    { why: "a doctor report", value: toJsonReport(busy, { version: "2026.11.0" }) },
    { why: "a SARIF log", value: toSarif(busy, rules, { version: "2026.11.0", places: PLACES }) },
  ])("$why", ({ value }) => {
    for (let depth = 0; depth <= 6; depth++)
      expect([...jsonPieces(value, depth)].join(""), `depth ${depth}`).toBe(JSON.stringify(value, null, 2));
  });

  test("each finding of a report is a piece of its own, so a long report is never one string", () => {
    const findings = Array.from({ length: 50 }, (_, i) =>
      finding({ ruleId: "auth/token-expiring", severity: "warning", message: `p${i} expires in 6h` }),
    );
    const pieces = [...jsonPieces(toJsonReport(result({ findings }), { version: "1" }), 2)];
    const withFinding = pieces.filter((piece) => piece.includes('"ruleId"'));
    expect(withFinding).toHaveLength(50);
    withFinding.forEach((piece, i) => expect(piece).toContain(`"p${i} expires in 6h"`));
  });
});
