// --dry-run writes nothing at all (not the migrations, not the fixes, not the sync) and prints a
// unified diff of every change it would make, secrets masked.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DAY, NOW, parseStdout, sandbox, tree, writeClaudeCredentials } from "./helpers.js";

const CLI_ACCESS = "sk-ant-oat01-DRYRUNcliAccessTok0000000000000000000000000000000000000";

/**
 * Every kind of change at once: a migration, a rule fix, chmods, and a sync from Claude Code (a
 * setup-token Claude Code stored, which outlives the fixture's: the same kind, expiring later).
 */
function everythingPending(claudeDir?: string) {
  const box = sandbox("legacy-token-mode");
  fs.chmodSync(box.store(), 0o644);
  fs.chmodSync(box.stateDir, 0o755);
  const dir = claudeDir ? path.join(box.home, claudeDir) : undefined;
  writeClaudeCredentials(box.home, { accessToken: CLI_ACCESS, expiresAt: NOW + 400 * DAY }, dir);
  return box;
}

describe("doctor --dry-run", () => {
  it("writes nothing: the whole home (contents and modes) is identical afterwards, no backups/ or doctor/", () => {
    const box = everythingPending();
    const before = tree(box.home);
    const result = box.run(["doctor", "--dry-run"]);
    expect(result.stderr).toBe("");
    expect(tree(box.home)).toEqual(before);
    expect(fs.existsSync(box.state("backups"))).toBe(false);
    expect(fs.existsSync(box.state("doctor"))).toBe(false);
  });

  it("prints a unified diff of the migration, the chmods and the sync", () => {
    const box = everythingPending();
    const { stdout } = box.run(["doctor", "--dry-run"]);
    expect(stdout).toContain("--- ~/.clawdia/clawdia.json");
    expect(stdout).toContain("+++ ~/.clawdia/clawdia.json");
    expect(stdout).toMatch(/^@@ .* @@/m);
    expect(stdout).toMatch(/^-.*"mode": "token"/m);
    expect(stdout).toMatch(/^\+.*"mode": "oauth"/m);
    // The sync pass: the store gains the Claude Code credential, shown as a diff, not written.
    expect(stdout).toContain("+++ ~/.clawdia/agents/main/agent/auth-profiles.json");
    expect(stdout).toMatch(new RegExp(`^\\+.*"expires": ${NOW + 400 * DAY}`, "m"));
    expect(stdout).toContain("mode ~/.clawdia/agents/main/agent/auth-profiles.json: 0644 → 0600");
    expect(stdout).toMatch(/would apply \(dry run\)/);
  });

  it("masks the synced credential in the diff", () => {
    const { stdout, stderr } = everythingPending().run(["doctor", "--dry-run"]);
    for (const secret of [CLI_ACCESS, "sk-ant-oat01-LEGACYmodeSetupToken"]) {
      expect(stdout + stderr).not.toContain(secret.slice(0, 20));
    }
    expect(stdout).toContain("sk-ant-oat01-…");
  });

  it("finds Claude Code's credentials through CLAUDE_CONFIG_DIR", () => {
    const box = everythingPending("claude-elsewhere");
    const before = tree(box.home);
    const { stdout } = box.run(["doctor", "--dry-run"], {
      env: { CLAUDE_CONFIG_DIR: path.join(box.home, "claude-elsewhere") },
    });
    expect(stdout).toContain("+++ ~/.clawdia/agents/main/agent/auth-profiles.json");
    expect(stdout).toMatch(/sync Claude Code credentials into agent main.*would apply/);
    expect(tree(box.home)).toEqual(before);
  });

  it("--json --dry-run: dryRun true, no runId, every change would-apply, the diff in the report", () => {
    const box = everythingPending();
    const before = tree(box.home);
    const report = parseStdout(box.run(["doctor", "--dry-run", "--json"]));
    expect(report.dryRun).toBe(true);
    expect(report.runId).toBeUndefined();
    expect(report.changes.length).toBeGreaterThanOrEqual(4);
    for (const change of report.changes) expect(change.status).toBe("would-apply");
    expect(report.diff).toContain("+++ ~/.clawdia/clawdia.json");
    expect(tree(box.home)).toEqual(before);
  });

  it("then a real run applies exactly what the dry run showed", () => {
    const box = everythingPending();
    const planned = parseStdout(box.run(["doctor", "--dry-run", "--json"]))
      .changes.map((c: any) => c.id)
      .sort();
    const applied = parseStdout(box.run(["doctor", "--json"]))
      .changes.filter((c: any) => c.status === "applied")
      .map((c: any) => c.id)
      .sort();
    expect(applied).toEqual(planned);
  });

  // Was a bug (src/engine/diff.ts): the state dir is not in the planned files map, so its current mode
  // is unknown to the diff and shown as "?".
  it("shows the state dir's current mode in the diff", () => {
    const { stdout } = everythingPending().run(["doctor", "--dry-run"]);
    expect(stdout).toContain("mode ~/.clawdia: 0755 → 0700");
  });
});
