// The rule list is what --list-rules, --explain and SARIF read: every entry must be complete.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "../../rules/index.js";

const RULES_DIR = path.resolve(import.meta.dirname, "../../rules");

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
