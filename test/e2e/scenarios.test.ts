// What each sample state dir is about, as a user sees it: the finding, its advice (the exact command),
// and how expiry follows the injectable clock (and that only the test preload can move that clock).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliEnv, DAY, HOUR, NOW, parseStdout, read, ROOT, sandbox, writeJson } from "./helpers.js";

const finding = (report: any, ruleId: string) => report.findings.filter((f: any) => f.ruleId === ruleId);

describe("expiring and expired tokens", () => {
  it("expiring-token: a warning 5h before expiry that says to rerun `claude setup-token`", () => {
    const result = sandbox("expiring-token").run(["doctor"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/claude-cli \(agent main\) expires in 5h \[auth\/token-expiring\]/);
    expect(result.stdout).toContain("→ clawdia models auth setup-token --provider anthropic");
  });

  it("expired-token: an error, with the same advice, and the agent has no usable credential", () => {
    const report = parseStdout(sandbox("expired-token").run(["doctor", "--json"]));
    const [expired] = finding(report, "auth/token-expired");
    expect(expired.message).toMatch(/expired 3h ago/);
    expect(expired.advice[0]).toMatch(/^clawdia models auth setup-token --provider anthropic /);
    expect(finding(report, "auth/missing-credentials")[0].message).toMatch(/No usable credentials/);
    expect(report.exitCode).toBe(1);
  });

  it("expiry follows the clock: 20 days earlier the token is fine; 6h later it has expired", () => {
    const box = sandbox("expiring-token");
    expect(box.run(["doctor"], { now: NOW - 20 * DAY }).code).toBe(0);
    expect(box.run(["doctor"], { now: NOW + 6 * HOUR }).code).toBe(1);
  });

  it("auth.expiryWarnHours sets the window: 2h makes a 5h token fine", () => {
    const box = sandbox("expiring-token");
    fs.writeFileSync(box.config, read(box.config).replace('"expiryWarnHours": 24', '"expiryWarnHours": 2'));
    expect(box.run(["doctor"]).code).toBe(0);
  });

  it("a pasted token's advice is `clawdia models auth paste-token` for that provider and profile", () => {
    const box = sandbox("healthy");
    const store = JSON.parse(read(box.store()));
    store.profiles["openrouter:manual"] = {
      type: "token",
      provider: "openrouter",
      token: "sk-or-v1-SCENARIOpastedOpenRouterTok0000000000000000000",
      expires: NOW + 3 * HOUR,
    };
    writeJson(box.store(), store);
    const [expiring] = finding(parseStdout(box.run(["doctor", "--json"])), "auth/token-expiring");
    expect(expiring.advice).toContain(
      "clawdia models auth paste-token --provider openrouter --profile-id openrouter:manual",
    );
  });

  it("a refreshable OAuth profile is never expired while it has a refresh token", () => {
    const result = sandbox("multi-agent").run(["doctor", "--agent", "work"], { now: NOW + 400 * DAY });
    expect(result.stdout).not.toContain("[auth/token-expired]");
    expect(result.code).toBe(0);
  });

  it("the clock seam is only in the test preload: CLAWDIA_TEST_NOW alone changes nothing", () => {
    const box = sandbox("healthy");
    const store = JSON.parse(read(box.store()));
    const expires = Date.now() + 30 * DAY;
    store.profiles["anthropic:manual"] = {
      type: "token",
      provider: "anthropic",
      token: "sk-ant-oat01-SCENARIOseamToken000000000000000000000000000000000000",
      expires,
    };
    store.order = { anthropic: ["anthropic:manual", "anthropic:default"] }; // tried by the gateway, so its expiry counts
    writeJson(box.store(), store);
    const env = cliEnv(box, { now: expires + DAY });
    const withSeam = spawnSync(
      process.execPath,
      ["--import", path.join(ROOT, "test/support/seams.mjs"), path.join(ROOT, "bin/clawdia.js"), "doctor"],
      { env, encoding: "utf8" },
    );
    const production = spawnSync(process.execPath, [path.join(ROOT, "bin/clawdia.js"), "doctor"], {
      env,
      encoding: "utf8",
    });
    expect(withSeam.status).toBe(1); // the moved clock: expired
    expect(production.status).toBe(0); // the real clock: 30 days left
  });
});

describe("a Claude Code credential where an API key is needed (claude-code-only)", () => {
  it("reports the sk-ant-oat value stored as api_key and the recorded gateway error, advising an API key", () => {
    const result = sandbox("claude-code-only").run(["doctor", "--json"]);
    const found = finding(parseStdout(result), "auth/claude-code-only-credential");
    expect(found).toHaveLength(2);
    expect(found.map((f: any) => f.message).join("\n")).toMatch(
      /holds a Claude Code token, not an API key[\s\S]*only authorized for use with Claude Code/,
    );
    for (const f of found) expect(f.advice.join("\n")).toMatch(/API key/);
    expect(result.code).toBe(1);
  });

  it("the same token in ANTHROPIC_API_KEY is reported too: a warning while the gateway uses a working profile instead", () => {
    const result = sandbox("healthy").run(["doctor", "--json"], {
      env: { ANTHROPIC_API_KEY: "sk-ant-oat01-SCENARIOenvClaudeCodeTok000000000000000000000000000000" },
    });
    const [found] = finding(parseStdout(result), "auth/claude-code-only-credential");
    expect(found.message).toMatch(
      /ANTHROPIC_API_KEY in the shell environment holds a Claude Code token.*; the gateway skips it and uses profile anthropic:default/,
    );
    expect(found.severity).toBe("warning");
    expect(result.code).toBe(2);
  });

  it("the token in ANTHROPIC_API_KEY with nothing else: an error, as --check says", () => {
    const box = sandbox("healthy");
    writeJson(box.store(), { version: 1, profiles: {} });
    const env = { ANTHROPIC_API_KEY: "sk-ant-oat01-SCENARIOenvClaudeCodeTok000000000000000000000000000000" };
    const [found] = finding(parseStdout(box.run(["doctor", "--json"], { env })), "auth/claude-code-only-credential");
    expect(found.severity).toBe("error");
    expect(box.run(["models", "status", "--check"], { env }).code).toBe(1);
  });
});

describe("multi-agent", () => {
  it("--agent keeps the findings about that agent (and global ones)", () => {
    const box = sandbox("multi-agent");
    const store = JSON.parse(read(box.store("work")));
    store.profiles["anthropic:claude-cli"] = {
      type: "token",
      provider: "anthropic",
      token: "sk-ant-oat01-SCENARIOworkExpiredTok0000000000000000000000000000000",
      expires: NOW - HOUR,
    };
    writeJson(box.store("work"), store);
    const all = parseStdout(box.run(["doctor", "--json"]));
    expect(finding(all, "auth/token-expired").map((f: any) => f.subject.agentId)).toEqual(["work"]);
    const main = parseStdout(box.run(["doctor", "--agent", "main", "--json"]));
    expect(main.findings.filter((f: any) => f.subject.agentId === "work")).toEqual([]);
    expect(main.exitCode).toBe(0);
    expect(parseStdout(box.run(["doctor", "--agent", "work", "--json"])).exitCode).toBe(1);
  });

  it("an agent directory not in agents.list is still checked", () => {
    const box = sandbox("multi-agent");
    writeJson(box.store("stray"), { version: 1, profiles: {} });
    const report = parseStdout(box.run(["doctor", "--json"]));
    expect(finding(report, "auth/missing-credentials").map((f: any) => f.subject.agentId)).toContain("stray");
  });
});
