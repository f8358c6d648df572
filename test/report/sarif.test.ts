import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { makeLocator } from "../../src/report/locate.js";
import { toSarif } from "../../src/report/sarif.js";
import { busy, CONFIG, CONFIG_TEXT, crashed, result, rules, STORE } from "./sample.js";

const locate = makeLocator(new Map([[CONFIG, CONFIG_TEXT]]));
const sarif = toSarif({ ...busy, findings: [...busy.findings, crashed] }, rules, { version: "2026.11.0", locate });
const run = sarif.runs[0];
const byRule = (id: string) => run.results.find((r) => r.ruleId === id)!;

describe("toSarif", () => {
  test("is a SARIF 2.1.0 log with one run", () => {
    expect(sarif.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: "clawdia-doctor", version: "2026.11.0" });
    expect(run.invocations).toEqual([{ executionSuccessful: true, exitCode: 1 }]);
  });

  test("declares every rule passed, even those with no finding, then engine rule ids", () => {
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual([...rules.map((r) => r.id), "engine/rule-crashed"]);
    expect(run.tool.driver.rules[2]).toEqual({
      id: "config/profile-mode-mismatch",
      name: "Profile mode does not match its credential",
      shortDescription: { text: "Profile mode does not match its credential" },
      fullDescription: { text: "mode token → oauth." },
      help: { text: "mode token → oauth." },
      defaultConfiguration: { level: "warning" },
      properties: { category: "config", fix: "unsafe" },
    });
    expect(run.tool.driver.rules.at(-1)).toMatchObject({ defaultConfiguration: { level: "error" }, properties: { category: "engine", fix: "none" } });
  });

  test("every result points at its declared rule", () => {
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  test.each([
    { ruleId: "auth/missing-credentials", level: "error" },
    { ruleId: "config/profile-mode-mismatch", level: "warning" },
    { ruleId: "files/permissions", level: "note" },
    { ruleId: "engine/rule-crashed", level: "error" },
  ])("$ruleId is level $level", ({ ruleId, level }) => {
    expect(byRule(ruleId).level).toBe(level);
    expect(run.tool.driver.rules.find((r) => r.id === ruleId)!.defaultConfiguration.level).toBe(level);
  });

  test("locates findings in JSONC with comments", () => {
    expect(byRule("auth/missing-credentials").locations).toEqual([
      { physicalLocation: { artifactLocation: { uri: pathToFileURL(CONFIG).href }, region: { startLine: 5, startColumn: 5 } } },
    ]);
    expect(byRule("config/profile-mode-mismatch").locations?.[0].physicalLocation.region).toEqual({ startLine: 9, startColumn: 58 });
    expect(run.columnKind).toBe("utf16CodeUnits");
  });

  test("a file without a path has a location but no region; no file, no location", () => {
    expect(byRule("files/permissions").locations).toEqual([{ physicalLocation: { artifactLocation: { uri: "file://" + STORE } } }]);
    expect(byRule("engine/rule-crashed")).not.toHaveProperty("locations");
  });

  test("the message carries the advice; properties carry subject and fix", () => {
    const missing = byRule("auth/missing-credentials");
    expect(missing.message.text).toBe("No credentials found for anthropic\n→ claude setup-token\n→ export ANTHROPIC_API_KEY=…");
    expect(missing.properties).toEqual({ subject: { provider: "anthropic", file: CONFIG, path: ["models", "default"] } });
    expect(byRule("config/profile-mode-mismatch").properties.fix).toEqual({ id: "fix:mode", title: "Set the mode to oauth", safety: "unsafe", applied: false });
  });

  test("an empty run still declares the rules and has no results", () => {
    const empty = toSarif(result(), rules, { version: "1" }).runs[0];
    expect(empty.tool.driver.rules).toHaveLength(rules.length);
    expect(empty.results).toEqual([]);
  });

  test("survives a JSON round trip unchanged (no undefined values)", () => {
    expect(JSON.parse(JSON.stringify(sarif))).toStrictEqual(sarif);
  });
});
