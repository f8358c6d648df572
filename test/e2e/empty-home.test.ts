// A new machine: no ~/.clawdia at all (or an empty one) is a valid state. The report says what to do
// first, exits 1 (Anthropic is in use by the default model and has no credential), and creates nothing.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseStdout, sandbox, STACK_FRAME, tree } from "./helpers.js";

describe("an empty home", () => {
  it("says No credentials found, gives the first steps, exits 1", () => {
    const box = sandbox();
    const result = box.run(["doctor"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("No credentials found");
    expect(result.stdout).toContain("clawdia onboard");
    expect(result.stdout).toContain("clawdia models auth setup-token --provider anthropic");
    expect(result.stdout).toMatch(/export ANTHROPIC_API_KEY=/);
    expect(result.stderr).not.toContain(STACK_FRAME);
  });

  it("creates nothing on disk, in any output format", () => {
    const box = sandbox();
    const before = tree(box.home);
    for (const args of [["doctor"], ["doctor", "--json"], ["doctor", "--sarif"], ["doctor", "--dry-run"]]) {
      expect(box.run(args).code).toBe(1);
    }
    expect(fs.existsSync(box.stateDir)).toBe(false);
    expect(tree(box.home)).toEqual(before);
  });

  it("--undo with no history says there is nothing to undo and exits 0", () => {
    const box = sandbox();
    const result = box.run(["doctor", "--undo"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/nothing to undo/i);
    expect(fs.existsSync(box.stateDir)).toBe(false);
  });

  it("the JSON report lists the missing credential as an error with its advice", () => {
    const report = parseStdout(sandbox().run(["doctor", "--json"]));
    const missing = report.findings.find((f: any) => f.ruleId === "auth/missing-credentials");
    expect(missing).toMatchObject({ severity: "error", subject: { provider: "anthropic", agentId: "main" } });
    expect(missing.message).toContain("No credentials found");
    expect(missing.advice.length).toBeGreaterThan(0);
  });

  it("an existing but empty state dir gets the same advice and is left as it is", () => {
    const box = sandbox("empty");
    const before = tree(box.stateDir);
    const result = box.run(["doctor"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("No credentials found");
    expect(result.stdout).toContain("clawdia onboard");
    expect(tree(box.stateDir)).toEqual(before);
  });

  it("an API key in the environment is enough: exit 0, still nothing created", () => {
    const box = sandbox();
    const result = box.run(["doctor"], {
      env: { ANTHROPIC_API_KEY: "sk-ant-api03-EMPTYHOMEenvKey000000000000000000000000000000000000" },
    });
    expect(result.code).toBe(0);
    expect(fs.existsSync(box.stateDir)).toBe(false);
  });
});
