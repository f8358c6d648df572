// Migration auth.claude-cli-mode-oauth (2026.2.0): auth.profiles["anthropic:claude-cli"].mode "token"
// becomes "oauth" (the documentation: "Older configs that used 'token' are auto-migrated on load").
// Other profiles in mode "token" are right as they are.
import fs from "node:fs";
import { parse } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { parseStdout, read, sandbox } from "../helpers.js";
import { expectSecondRunChangesNothing, stampedMetaLine, textDiff } from "./helpers.js";

const FIXTURE = "legacy-claude-cli-mode";

describe("migration auth.claude-cli-mode-oauth (legacy-claude-cli-mode)", () => {
  it("changes one word on one line (its comment kept), plus the stamp", () => {
    const box = sandbox(FIXTURE);
    const before = read(box.config);
    const result = box.run(["migrate"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain('2026.2.0  auth.profiles["anthropic:claude-cli"].mode "token" → "oauth"');
    expect(textDiff(before, read(box.config))).toEqual([
      ...stampedMetaLine("2026.1.3", "2026-01-19T07:05:00Z"),
      '-        "mode": "token", // the old name of "oauth" for this profile',
      '+        "mode": "oauth", // the old name of "oauth" for this profile',
    ]);
  });

  it("anthropic:manual keeps mode token; the store is not touched", () => {
    const box = sandbox(FIXTURE);
    const store = read(box.store());
    expect(box.run(["migrate"]).code).toBe(0);
    expect(parse(read(box.config)).auth.profiles["anthropic:manual"]).toEqual({ provider: "anthropic", mode: "token" });
    expect(read(box.store())).toBe(store);
  });

  it("a second run changes nothing", () => {
    expectSecondRunChangesNothing(sandbox(FIXTURE));
  });

  it('any other mode ("api_key", "oauth") is left alone', () => {
    for (const mode of ["api_key", "oauth"]) {
      const box = sandbox(FIXTURE);
      const text = read(box.config).replace('"mode": "token", // the old', `"mode": "${mode}", // the old`);
      fs.writeFileSync(box.config, text);
      expect(box.run(["migrate"]).stdout).toBe("No migrations pending.\n");
      expect(read(box.config)).toBe(text);
    }
  });

  it("doctor applies it as a safe migration and reports no finding about the mode", () => {
    const box = sandbox(FIXTURE);
    const report = parseStdout(box.run(["doctor", "--json"]));
    expect(report.changes).toContainEqual(
      expect.objectContaining({
        id: "migration:auth.claude-cli-mode-oauth",
        source: "migration",
        safety: "safe",
        status: "applied",
      }),
    );
    expect(parse(read(box.config)).auth.profiles["anthropic:claude-cli"].mode).toBe("oauth");
  });
});
