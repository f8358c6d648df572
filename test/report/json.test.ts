import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, test } from "vitest";
import type * as z from "zod";
import { doctorReportSchema, REPORT_SCHEMA_ID, reportJsonSchema } from "../../src/report/json-schema.js";
import { JSON_SCHEMA_VERSION, toJsonReport, type DoctorReport } from "../../src/report/json.js";
import { makeLocator } from "../../src/report/locate.js";
import { busy, CONFIG, CONFIG_TEXT, crashed, result } from "./sample.js";

const locate = makeLocator(new Map([[CONFIG, CONFIG_TEXT]]));

/** Parses with the zod schema; the strip-mode output equals the input only if no key is unknown. */
function expectValid(report: DoctorReport) {
  const parsed = doctorReportSchema.safeParse(report);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(parsed.data).toEqual(report);
}

describe("toJsonReport", () => {
  test("a busy run validates against the schema", () => {
    expectValid(toJsonReport(busy, { version: "2026.11.0", locate }));
  });

  test("an empty run validates and has no optional keys", () => {
    const report = toJsonReport(result(), { version: "2026.11.0" });
    expectValid(report);
    expect(report).toEqual({
      schemaVersion: JSON_SCHEMA_VERSION,
      tool: { name: "clawdia", version: "2026.11.0" },
      stateDir: "/home/u/.clawdia",
      configPath: CONFIG,
      dryRun: false,
      exitCode: 0,
      summary: { errors: 0, warnings: 0, info: 0, applied: 0, pending: 0 },
      findings: [],
      changes: [],
      unverified: [],
    });
    expect(Object.keys(report)).not.toContain("runId");
  });

  test("counts findings by severity and changes by outcome", () => {
    expect(toJsonReport(busy, { version: "1" }).summary).toEqual({
      errors: 1,
      warnings: 1,
      info: 1,
      applied: 2,
      pending: 2,
    });
  });

  test("adds line and column where the locator finds the subject", () => {
    const [error, warning, info] = toJsonReport(
      { ...busy, findings: [...busy.findings].reverse() },
      { version: "1", locate },
    ).findings;
    expect(error.subject).toEqual({
      provider: "anthropic",
      file: CONFIG,
      path: ["models", "default"],
      line: 5,
      column: 5,
    });
    expect(warning.subject).toMatchObject({ line: 9, column: 58 });
    expect(info.subject).not.toHaveProperty("line"); // a file but no path
  });

  test("without a locator there are no positions", () => {
    expect(toJsonReport(busy, { version: "1" }).findings.every((f) => f.subject.line === undefined)).toBe(true);
  });

  test("keeps runId, diff and engine findings, and survives a JSON round trip", () => {
    const report = toJsonReport(
      { ...busy, findings: [crashed], dryRun: true, diff: "--- a\n+++ b\n" },
      { version: "1" },
    );
    expectValid(report);
    expect(report).toMatchObject({ runId: busy.runId, diff: "--- a\n+++ b\n" });
    expect(JSON.parse(JSON.stringify(report))).toStrictEqual(report);
  });

  test("does not share arrays with the result", () => {
    const report = toJsonReport(busy, { version: "1" });
    report.findings[0].advice.push("x");
    report.unverified.push("x");
    expect(busy.findings[2].advice).toHaveLength(2);
    expect(busy.unverified).toHaveLength(1);
  });

  test("the hand-written types match the schema", () => {
    expectTypeOf<DoctorReport>().toEqualTypeOf<z.infer<typeof doctorReportSchema>>();
  });
});

describe("reportJsonSchema", () => {
  const schema = reportJsonSchema() as Record<string, any>;

  test("is identified and versioned", () => {
    expect(schema.$id).toBe(REPORT_SCHEMA_ID);
    expect(schema.$id).toBe("https://clawdia.dev/schema/doctor-report.json");
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.properties.schemaVersion.const).toBe(1);
    expect(schema.properties.exitCode.enum).toEqual([0, 1, 2]);
    expect(schema.properties.findings.items.properties.severity.enum).toEqual(["error", "warning", "info"]);
  });

  test("describes every top-level field", () => {
    const undocumented = Object.entries(schema.properties).filter(
      ([name, field]: [string, any]) => !field.description && !["changes", "findings"].includes(name),
    );
    expect(undocumented.map(([name]) => name)).toEqual([]);
  });
});

test("the run-time report modules never import zod", () => {
  for (const file of ["json", "json-pieces", "text", "sarif", "locate"]) {
    const source = readFileSync(new URL(`../../src/report/${file}.ts`, import.meta.url), "utf8");
    expect(source, file).not.toMatch(/from\s+["']zod|import\(\s*["']zod|json-schema\.js/);
  }
});
