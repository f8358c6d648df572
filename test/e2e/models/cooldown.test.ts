// Cooldowns end to end (issue 20) on the cooling-down fixture: agent main's only Anthropic profile
// rests until 12:25 after 429s (agent work has the same key, and an ended cooldown never reset).
// `models status` shows when it comes back, --check exits 2, doctor agrees and resets only the ended
// cooldown; `models auth cooldown clear` clears through the transaction and is undone by doctor --undo.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { schemaErrors } from "../../support/json-schemas.js";
import { history, parseStdout, read, sandbox, STACK_FRAME } from "../helpers.js";

const UTC = { env: { TZ: "UTC" } };
const COMES_BACK = "2026-11-27T12:25:00.000Z";

describe("a provider whose every candidate is cooling down", () => {
  it("models status shows when it comes back; --check exits 2; the JSON has the ISO time", () => {
    const box = sandbox("cooling-down");
    const text = box.run(["models", "status", "--agent", "main"], UTC);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("⚠ anthropic");
    expect(text.stdout).toMatch(/anthropic:default .* cooling down until 12:25 \(in 25m\)  3 error\(s\)/);
    expect(text.stdout).toContain(
      "every candidate is cooling down after errors (anthropic:default): anthropic:default comes back first, at 12:25 (in 25m)",
    );
    expect(text.stdout).toContain("clawdia models auth cooldown clear --provider anthropic");
    expect(text.stdout).toContain("--check exits 2");
    expect(box.run(["models", "status", "--check"]).code).toBe(2);

    const json = parseStdout(box.run(["models", "status", "--json"]));
    expect(schemaErrors("models-status", json)).toEqual([]);
    const main = json.agents.find((agent: any) => agent.agentId === "main").providers[0];
    expect(main).toMatchObject({ health: "cooling-down", comesBackAt: COMES_BACK });
    expect(main.profiles[0]).toMatchObject({ comesBackAt: COMES_BACK, errorCount: 3 });
    expect(json.agents.find((agent: any) => agent.agentId === "work").providers[0].health).toBe("ok");
    expect(json.exitCode).toBe(2);
  });

  it("doctor agrees (exit 2), names the agent whose identical credential works, and resets only the ended cooldown", () => {
    const box = sandbox("cooling-down");
    const mainBefore = read(box.store("main"));
    const result = box.run(["doctor", "--json"], UTC);
    const report = parseStdout(result);
    expect(result.code).toBe(2);
    const cooling = report.findings.find((f: any) => f.ruleId === "auth/provider-cooling-down");
    expect(cooling.message).toContain(
      "comes back first, at 12:25 (in 25m); recorded: rate limited by Anthropic (too many requests)",
    );
    expect(cooling.until).toBe(COMES_BACK);
    expect(schemaErrors("report", report)).toEqual([]);
    expect(cooling.message).toContain(
      "agent work has the same credential (sk-ant-api03-…0000) and is not cooling down",
    );
    const reset = report.changes.find(
      (c: any) => c.title === "reset the ended cooldown of anthropic:default (agent work)",
    );
    expect(reset).toMatchObject({ status: "applied", safety: "safe" });
    expect(JSON.parse(read(box.store("work"))).usageStats["anthropic:default"]).toEqual({
      lastUsed: expect.any(Number),
      errorCount: 0,
      lastError: "529 overloaded_error",
    });
    // Main's cooldown is still running: only its permissions were touched, never its record.
    expect(JSON.parse(read(box.store("main"))).usageStats).toEqual(JSON.parse(mainBefore).usageStats);
    expect(result.stdout).not.toContain("sk-ant-api03-COOLING");
  });
});

describe("models auth cooldown clear", () => {
  it("--dry-run writes nothing; then it clears, --check passes, and doctor --undo puts the bytes back", () => {
    const box = sandbox("cooling-down");
    const before = read(box.store("main"));
    const dry = box.run(["models", "auth", "cooldown", "clear", "--provider", "anthropic", "--dry-run"], UTC);
    expect(dry.stdout).toContain("anthropic:default: cooling down until 12:25, 3 failed requests");
    expect(dry.stdout).toContain("Nothing was written (--dry-run).");
    expect(read(box.store("main"))).toBe(before);
    expect(history(box.stateDir)).toEqual([]);

    const cleared = box.run(["models", "auth", "cooldown", "clear", "--provider", "anthropic", "--json"]);
    const json = parseStdout(cleared);
    expect(schemaErrors("auth-cooldown", json)).toEqual([]);
    expect(json).toMatchObject({
      agent: "main",
      dryRun: false,
      cleared: [{ profileId: "anthropic:default", errorCount: 3 }],
      runId: expect.any(String),
    });
    const stats = JSON.parse(read(box.store("main"))).usageStats["anthropic:default"];
    expect(stats).toEqual({
      lastUsed: expect.any(Number),
      errorCount: 0,
      lastError: expect.stringContaining("rate_limit_error"),
    });
    expect(box.run(["models", "status", "--check"]).code).toBe(0);
    expect(fs.statSync(box.store("main")).mode & 0o777).toBe(0o600);

    expect(box.run(["models", "auth", "cooldown", "clear", "--provider", "anthropic"]).stdout).toContain(
      "nothing to clear",
    );
    expect(box.run(["doctor", "--undo"]).code).toBe(0);
    expect(read(box.store("main"))).toBe(before);
  });

  it("--profile and --agent pick one profile of one agent; an unknown profile is bad usage", () => {
    const box = sandbox("cooling-down");
    const main = read(box.store("main"));
    const result = box.run([
      "models",
      "auth",
      "cooldown",
      "clear",
      "--provider",
      "anthropic",
      "--profile",
      "anthropic:default",
      "--agent",
      "work",
      "--json",
    ]);
    expect(parseStdout(result).cleared).toEqual([
      { profileId: "anthropic:default", cooldownUntil: expect.any(Number), errorCount: 2 },
    ]);
    expect(read(box.store("main"))).toBe(main);
    const unknown = box.run([
      "models",
      "auth",
      "cooldown",
      "clear",
      "--provider",
      "anthropic",
      "--profile",
      "anthropic:nope",
    ]);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain(
      `"anthropic:nope" is not one of agent main's anthropic profiles; known: anthropic:default`,
    );
    expect(box.run(["models", "auth", "cooldown", "clear"]).code).toBe(64);
  });

  it("refuses while the gateway holds the store's lock past the timeout, and writes nothing", () => {
    const box = sandbox("cooling-down");
    const before = read(box.store("main"));
    fs.mkdirSync(`${box.store("main")}.lock`);
    const result = box.run(["models", "auth", "cooldown", "clear", "--provider", "anthropic"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/locked by .* and stayed locked/);
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(read(box.store("main"))).toBe(before);
    expect(history(box.stateDir)).toEqual([]);
  });

  it("--help says what it does and how to undo it", () => {
    const help = sandbox().run(["models", "auth", "cooldown", "clear", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--provider <provider>");
    expect(help.stdout).toContain("--dry-run");
    expect(help.stdout).toContain("Undo: clawdia doctor --undo.");
  });
});
