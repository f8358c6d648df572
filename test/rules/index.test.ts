// The rule list is what --list-rules, --explain, SARIF and docs/rules.md read: every entry must be
// complete, and its executable examples must say what the rule does.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "../../rules/index.js";
import { checkExample } from "../../src/rule-example.js";
import type { Rule } from "../../src/rule.js";

const RULES_DIR = path.resolve(import.meta.dirname, "../../rules");

/** Every severity the rule's own file can give a finding: its declared one and each literal in it. */
function severitiesInCode(rule: Rule): string[] {
  const source = fs.readFileSync(path.join(RULES_DIR, `${rule.id}.ts`), "utf8");
  // Template literals (its docs, its messages) are prose: an "error" quoted there is not a severity.
  const code = source.replace(/`(?:\\.|[^`\\])*`/g, "``");
  return [
    ...new Set([rule.severity, ...[...code.matchAll(/"(error|warning|info)"/g)].map((match) => match[1])]),
  ].sort();
}

describe("rules/index", () => {
  it("lists every rule file once, under its own id", () => {
    const files = fs
      .readdirSync(RULES_DIR, { recursive: true, encoding: "utf8" })
      .filter((file) => file.includes(path.sep) && file.endsWith(".ts"))
      .map((file) => file.replace(/\.ts$/, "").split(path.sep).join("/"))
      .sort();
    expect(rules.map((rule) => rule.id).sort()).toEqual(files);
  });

  it.each(rules.map((rule) => [rule.id, rule] as const))("%s explains itself", (_, rule) => {
    expect(rule.id).toMatch(/^[a-z]+\/[a-z-]+$/);
    expect(rule.category).toBe(rule.id.split("/")[0]);
    expect(["error", "warning", "info"]).toContain(rule.severity);
    expect(["safe", "unsafe", "manual", "none"]).toContain(rule.fix);
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.docs).toMatch(/\nBad: /);
    expect(rule.docs).toMatch(/\nGood: /);
  });
});

describe.each(rules.map((rule) => [rule.id, rule] as const))("%s: its examples", (_, rule) => {
  it("has a bad and a good example", () => {
    expect(
      rule.examples?.bad?.length,
      `${rule.id} has no bad example (examples.bad in rules/${rule.id}.ts)`,
    ).toBeGreaterThan(0);
    expect(
      rule.examples?.good?.length,
      `${rule.id} has no good example (examples.good in rules/${rule.id}.ts)`,
    ).toBeGreaterThan(0);
  });

  it.each((rule.examples?.bad ?? []).map((example, i) => [i + 1, example] as const))(
    "bad example %i gives its finding",
    (_, example) => {
      expect(checkExample(rule, example).length).toBeGreaterThan(0);
    },
  );

  it.each((rule.examples?.good ?? []).map((example, i) => [i + 1, example] as const))(
    "good example %i gives none",
    (_, example) => {
      expect(checkExample(rule, example)).toEqual([]);
    },
  );

  // A severity computed from data (service-file-invalid's) is not in the file: the examples may show more.
  it("the bad examples show every severity the rule's file names (docs/rules.md lists them from these)", () => {
    const shown = new Set(
      (rule.examples?.bad ?? []).flatMap((example) =>
        checkExample(rule, example).map((finding) => finding.severity ?? rule.severity),
      ),
    );
    expect([...shown]).toEqual(expect.arrayContaining(severitiesInCode(rule)));
  });
});
