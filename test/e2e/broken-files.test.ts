// A file that cannot be parsed is an error finding with its path and line:column, and is never
// rewritten: not by a fix of its own, not when other repairs in the same run are applied.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { DAY, modeOf, NOW, parseStdout, read, sandbox, STACK_FRAME, writeClaudeCredentials } from "./helpers.js";

/** A newer Claude Code credential: the sync pass wants to write every agent's store and the config. */
function claudeCodeCredentials(home: string): void {
  writeClaudeCredentials(home, {
    accessToken: "sk-ant-oat01-BROKENsyncAccess000000000000000000000000000000000000000",
    refreshToken: "sk-ant-ort01-BROKENsyncRefresh00000000000000000000000000000000000000",
    expiresAt: NOW + 30 * DAY,
  });
}

describe("a config that does not parse", () => {
  it("is an error finding with the file and line:column, exit 1, no stack trace", () => {
    const box = sandbox("broken-config");
    const result = box.run(["doctor"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("~/.clawdia/clawdia.json:9:1");
    expect(result.stdout).toContain("[config/invalid]");
    expect(result.stderr).not.toContain(STACK_FRAME);
    const report = parseStdout(box.run(["doctor", "--json"]));
    const finding = report.findings.find((f: any) => f.ruleId === "config/invalid");
    expect(finding).toMatchObject({ severity: "error", subject: { file: box.config } });
    expect(finding.message).toMatch(/clawdia\.json:9:1: /);
  });

  it("keeps its bytes and mode while other repairs (sync, chmod) are applied in the same run", () => {
    const box = sandbox("broken-config");
    claudeCodeCredentials(box.home);
    fs.chmodSync(box.store(), 0o644);
    const before = fs.readFileSync(box.config);
    const storeBefore = read(box.store());

    const result = box.run(["doctor"]);
    expect(result.code).toBe(1);
    expect(fs.readFileSync(box.config)).toEqual(before);
    expect(modeOf(box.config)).toBe(0o600);
    // The other repairs did happen: the store was synced and narrowed.
    expect(modeOf(box.store())).toBe(0o600);
    expect(read(box.store())).not.toBe(storeBefore);
    expect(JSON.parse(read(box.store())).profiles["anthropic:claude-cli"].type).toBe("oauth");
  });

  it("is still not rewritten with --fix --yes", () => {
    const box = sandbox("broken-config");
    claudeCodeCredentials(box.home);
    const before = fs.readFileSync(box.config);
    box.run(["doctor", "--fix", "--yes"]);
    expect(fs.readFileSync(box.config)).toEqual(before);
  });

  // Two braces are left open at the same place: one finding, not the same message twice.
  it("reports each parse problem once", () => {
    const report = parseStdout(sandbox("broken-config").run(["doctor", "--json"]));
    const messages = report.findings.filter((f: any) => f.ruleId === "config/invalid").map((f: any) => f.message);
    expect(new Set(messages).size).toBe(messages.length);
  });
});

describe("an auth store that does not parse", () => {
  it("is an error finding with the file and line:column, exit 1, no stack trace, no secret", () => {
    const box = sandbox("broken-store");
    const result = box.run(["doctor"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("~/.clawdia/agents/main/agent/auth-profiles.json:11:1");
    expect(result.stdout).toContain("[store/invalid]");
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(result.stdout + result.stderr).not.toContain("sk-ant-api03-BROKENST");
  });

  it("keeps its bytes and mode while other repairs (config chmod) are applied; the sync skips it", () => {
    const box = sandbox("broken-store");
    claudeCodeCredentials(box.home);
    fs.chmodSync(box.config, 0o644);
    const before = fs.readFileSync(box.store());

    const result = box.run(["doctor"]);
    expect(result.code).toBe(1);
    expect(fs.readFileSync(box.store())).toEqual(before);
    expect(modeOf(box.store())).toBe(0o600);
    expect(modeOf(box.config)).toBe(0o600);
    expect(fs.existsSync(`${box.store()}.lock`)).toBe(false);
  });

  // Was a bug (rules/auth/order-unknown-profile.ts): with the store unreadable, an order id that lives only in
  // that store looks unknown, and the "safe" fix drops it from the config: a rewrite on partial knowledge.
  it("does not make the config's auth.order lose ids that may live in the unreadable store", () => {
    const box = sandbox("broken-store");
    const text = read(box.config).replace(
      '"auth": {',
      '"auth": {\n    "order": { "anthropic": ["anthropic:manual", "anthropic:default"] },',
    );
    fs.writeFileSync(box.config, text);
    box.run(["doctor"]);
    expect(read(box.config)).toBe(text);
  });
});
