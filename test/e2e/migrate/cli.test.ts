// `clawdia migrate [--dry-run] [--check] [--json]`, `clawdia doctor` running the pending migrations,
// and `clawdia doctor --undo` after a migration run (DESIGN.md §4, issue 4 §3).
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { backupRuns, history, parseStdout, read, sandbox, STACK_FRAME, tree } from "../helpers.js";
import { expectNoSecrets, userFileContents, userFiles } from "./helpers.js";

const FIXTURE = "legacy-everything";
const SECRETS = [
  "clawgw-LEGALLgatewayBearerTok0000000000",
  "sk-ant-oat01-LEGALLclaudeSetupTok00000000000000000000000000000000000",
  "sk-or-v1-LEGALLopenrouterKey000000000000000000000000000000000000000000000",
];
const MIGRATIONS = [
  { id: "config.json-to-clawdia.json", version: "2025.6.0" },
  { id: "agent-dir-to-agents-main", version: "2025.9.0" },
  { id: "auth.json-to-auth-profiles", version: "2025.11.0" },
  { id: "gateway.token-to-gateway.auth.token", version: "2026.1.0" },
  { id: "auth.claude-cli-mode-oauth", version: "2026.2.0" },
  { id: "agent.model-to-agents.defaults.model.primary", version: "2026.4.0" },
];

describe("migrate --check", () => {
  it("exits 1 when migrations are pending, lists them, writes nothing", () => {
    const box = sandbox(FIXTURE);
    const before = tree(box.home);
    const result = box.run(["migrate", "--check"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^Pending 6 migration\(s\):\n {2}2025\.6\.0 {2}move <state>\/config\.json/);
    expect(tree(box.home)).toEqual(before);
  });

  it("exits 0 when nothing is pending: a current state, an empty state dir, no state dir", () => {
    for (const fixture of ["healthy", "empty", undefined]) {
      const box = sandbox(fixture);
      const before = tree(box.home);
      expect(box.run(["migrate", "--check"]), String(fixture)).toMatchObject({
        code: 0,
        stdout: "No migrations pending.\n",
        stderr: "",
      });
      expect(tree(box.home)).toEqual(before);
    }
  });

  it("--check with --dry-run is bad usage (64)", () => {
    const result = sandbox(FIXTURE).run(["migrate", "--check", "--dry-run"]);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/--check and --dry-run/);
  });
});

describe("migrate --dry-run", () => {
  it("writes nothing: the whole home, contents and modes, is identical; no backups/, no doctor/", () => {
    const box = sandbox(FIXTURE);
    fs.chmodSync(box.state("config.json"), 0o644);
    const before = tree(box.home);
    const result = box.run(["migrate", "--dry-run"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(tree(box.home)).toEqual(before);
    expect(fs.existsSync(box.state("backups"))).toBe(false);
    expect(fs.existsSync(box.state("doctor"))).toBe(false);
  });

  it("prints a unified diff of every file the run would write, move or remove", () => {
    const { stdout } = sandbox(FIXTURE).run(["migrate", "--dry-run"]);
    expect(stdout).toMatch(/^Pending 6 migration\(s\):/);
    expect(stdout).toContain("--- /dev/null\n+++ ~/.clawdia/clawdia.json\n");
    expect(stdout).toContain("removed ~/.clawdia/config.json\n");
    expect(stdout).toContain("removed ~/.clawdia/agent/auth.json\n");
    expect(stdout).toContain("removed ~/.clawdia/agent/models.json\n");
    expect(stdout).toContain("+++ ~/.clawdia/agents/main/agent/models.json\n");
    expect(stdout).toContain("+++ ~/.clawdia/agents/main/agent/auth-profiles.json\n");
    expect(stdout).toContain("+++ ~/.clawdia/agents/main/agent/auth.json.bak\n");
    expect(stdout).toMatch(/^\+.*"mode": "oauth" \}, \/\/ setup-token$/m);
    expect(stdout).toMatch(/^\+ *"primary": "anthropic\/claude-opus-4-5"$/m);
    expect(stdout).toMatch(/^\+ *"lastTouchedVersion": "2026\.11\.0",$/m);
    expect(stdout).toMatch(/Nothing was written \(dry run\)\.\n$/);
  });

  it("on a current config, the diff is that of the changed lines", () => {
    const { stdout } = sandbox("legacy-claude-cli-mode").run(["migrate", "--dry-run"]);
    expect(stdout).toContain("--- ~/.clawdia/clawdia.json\n+++ ~/.clawdia/clawdia.json\n");
    expect(stdout).toContain('-        "mode": "token", // the old name of "oauth" for this profile\n');
    expect(stdout).toContain('+        "mode": "oauth", // the old name of "oauth" for this profile\n');
  });

  it("masks every secret the diff would show: gateway token, flat auth.json values, moved store keys", () => {
    for (const fixture of [FIXTURE, "legacy-agent-dir", "legacy-flat-auth", "legacy-gateway-token"]) {
      const box = sandbox(fixture);
      const planted = Object.values(userFileContents(box))
        .map((entry) => Buffer.from(entry.split(" ")[2], "base64").toString("utf8"))
        .flatMap((text) =>
          [
            ...text.matchAll(
              /"(sk-[A-Za-z0-9_-]{20,}|clawgw-[A-Za-z0-9]{20,}|ghu_[A-Za-z0-9]{20,}|eyJ[A-Za-z0-9.]{20,}|rt_[A-Za-z0-9]{20,})"/g,
            ),
          ].map((m) => m[1]),
        );
      expect(planted.length, fixture).toBeGreaterThan(0);
      for (const args of [
        ["migrate", "--dry-run"],
        ["migrate", "--dry-run", "--json"],
        ["migrate", "--check"],
      ]) {
        const result = box.run(args);
        expect(result.stdout).toMatch(/…/);
        expectNoSecrets(result.stdout + result.stderr, planted);
      }
    }
  });
});

describe("migrate --json", () => {
  it("applied: the stable shape, each migration with id, version, describe and files; runId names the backup", () => {
    const box = sandbox(FIXTURE);
    const result = box.run(["migrate", "--json"]);
    expect(result.code).toBe(0);
    const report = parseStdout(result);
    expect(Object.keys(report).sort()).toEqual([
      "applied",
      "dryRun",
      "exitCode",
      "migrations",
      "runId",
      "schemaVersion",
      "stateDir",
      "tool",
    ]);
    expect(report).toMatchObject({
      schemaVersion: 1,
      tool: { name: "clawdia", version: "2026.11.0" },
      stateDir: box.stateDir,
      dryRun: false,
      applied: true,
      exitCode: 0,
    });
    expect(report.migrations.map(({ id, version }: any) => ({ id, version }))).toEqual(MIGRATIONS);
    for (const migration of report.migrations) {
      expect(Object.keys(migration).sort()).toEqual(["describe", "files", "id", "version"]);
      expect(migration.describe).toEqual(expect.any(String));
      for (const file of migration.files) expect(file.startsWith(box.stateDir + "/")).toBe(true);
    }
    expect(report.migrations[0].files).toEqual([box.config, box.state("config.json")]);
    expect(backupRuns(box.stateDir)).toEqual([report.runId]);
    expect(history(box.stateDir)[0].runId).toBe(report.runId);
  });

  it("dry run: dryRun true, applied false, the masked diff, no runId", () => {
    const box = sandbox(FIXTURE);
    const report = parseStdout(box.run(["migrate", "--dry-run", "--json"]));
    expect(report).toMatchObject({
      dryRun: true,
      applied: false,
      exitCode: 0,
      diff: expect.stringContaining("+++ ~/.clawdia/clawdia.json"),
    });
    expect(report.runId).toBeUndefined();
    expect(report.migrations).toHaveLength(6);
  });

  it("--check: exit 1 in the document and the process when pending; 0 and no migrations when not", () => {
    const box = sandbox(FIXTURE);
    const pending = box.run(["migrate", "--check", "--json"]);
    expect(pending.code).toBe(1);
    expect(parseStdout(pending)).toMatchObject({ dryRun: true, applied: false, exitCode: 1 });
    expect(box.run(["migrate"]).code).toBe(0);
    const none = box.run(["migrate", "--check", "--json"]);
    expect(none.code).toBe(0);
    expect(parseStdout(none)).toMatchObject({ migrations: [], applied: false, exitCode: 0 });
  });

  it("a failure: { migrationId, file, message }, exit 1, nothing written", () => {
    const box = sandbox("legacy-flat-auth");
    fs.writeFileSync(
      box.state("agents", "work", "agent", "auth.json"),
      '"sk-or-v1-LEGFLATbareString00000000000000000000000000000"\n',
    );
    const before = tree(box.stateDir);
    const result = box.run(["migrate", "--json"]);
    expect(result.code).toBe(1);
    expect(parseStdout(result)).toMatchObject({
      applied: false,
      exitCode: 1,
      failure: {
        migrationId: "auth.json-to-auth-profiles",
        file: box.state("agents", "work", "agent", "auth.json"),
        message: expect.stringContaining("not a JSON object"),
      },
    });
    expect(result.stdout).not.toContain("LEGFLATbareString");
    expect(tree(box.stateDir)).toEqual(before);
  });
});

describe("clawdia doctor runs pending migrations", () => {
  it("applies them as safe changes in its run, reports each as applied, and migrate has nothing left", () => {
    const box = sandbox(FIXTURE);
    const result = box.run(["doctor", "--json"]);
    expect(result.stderr).toBe("");
    const report = parseStdout(result);
    const migrations = report.changes.filter((change: any) => change.source === "migration");
    expect(migrations.map((change: any) => change.id)).toEqual([
      ...MIGRATIONS.map(({ id }) => `migration:${id}`),
      "migration:stamp",
    ]);
    for (const change of migrations) expect(change).toMatchObject({ safety: "safe", status: "applied" });
    expect(report.runId).toEqual(expect.any(String));
    expect(history(box.stateDir)).toHaveLength(1);
    expect(history(box.stateDir)[0].command).toMatch(/^doctor/);
    expect(fs.existsSync(box.state("config.json"))).toBe(false);
    expect(box.run(["migrate", "--check"]).code).toBe(0);
    expectNoSecrets(result.stdout, SECRETS);
  });

  it("text: lists every migration as applied", () => {
    const box = sandbox("legacy-gateway-token");
    const result = box.run(["doctor"]);
    expect(result.stdout).toContain("gateway.token → gateway.auth.token: applied (~/.clawdia/clawdia.json)");
    expect(result.stdout).toContain("stamp meta.lastTouchedVersion 2026.11.0: applied");
    expectNoSecrets(result.stdout + result.stderr, ["clawgw-LEGGWTKgatewayBearer000000000000"]);
  });

  it("doctor --dry-run shows them as would-apply and writes nothing", () => {
    const box = sandbox(FIXTURE);
    const before = tree(box.home);
    const report = parseStdout(box.run(["doctor", "--dry-run", "--json"]));
    expect(report.changes.filter((c: any) => c.source === "migration").map((c: any) => c.status)).toEqual(
      Array(7).fill("would-apply"),
    );
    expect(tree(box.home)).toEqual(before);
  });
});

describe("clawdia doctor --undo after clawdia migrate", () => {
  it("restores every file byte for byte and mode for mode, moved ones included; migrations are pending again", () => {
    const box = sandbox(FIXTURE);
    fs.chmodSync(box.state("config.json"), 0o644);
    fs.chmodSync(box.state("agent", "models.json"), 0o640);
    const before = userFileContents(box);
    expect(box.run(["migrate"]).code).toBe(0);
    expect(userFileContents(box)).not.toEqual(before);

    const undo = box.run(["doctor", "--undo"]);
    expect(undo).toMatchObject({ code: 0, stderr: "" });
    expect(undo.stdout).toMatch(/Restored the files of run/);
    expect(userFileContents(box)).toEqual(before);
    // What is left of the run beside the files: the directories it created for the moved files.
    const extra = Object.entries(userFiles(box)).filter(([name]) => !(name in before));
    for (const [name, entry] of extra) expect(entry, name).toMatch(/^dir /);
    expect(history(box.stateDir).map((line) => line.kind)).toEqual(["run", "undo"]);
    expect(box.run(["migrate", "--check"]).code).toBe(1);
  });

  it("after a doctor run that migrated: the same", () => {
    const box = sandbox("legacy-flat-auth");
    const before = userFileContents(box);
    box.run(["doctor"]);
    expect(userFileContents(box)).not.toEqual(before);
    expect(box.run(["doctor", "--undo"]).code).toBe(0);
    expect(userFileContents(box)).toEqual(before);
  });

  it("refuses, and changes nothing, when a moved file changed since the run", () => {
    const box = sandbox(FIXTURE);
    expect(box.run(["migrate"]).code).toBe(0);
    fs.appendFileSync(box.state("agents", "main", "agent", "models.json"), "\n");
    const migrated = userFiles(box);
    const undo = box.run(["doctor", "--undo"]);
    expect(undo.code).not.toBe(0);
    expect(undo.stderr + undo.stdout).toContain("models.json");
    expect(undo.stderr).not.toContain(STACK_FRAME);
    expect(userFiles(box)).toEqual(migrated);
  });
});

describe("no stack traces", () => {
  it("a failing migration is one line on stderr", () => {
    const box = sandbox("legacy-flat-auth");
    fs.writeFileSync(box.store(), "{ not json");
    const result = box.run(["migrate"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).not.toContain(STACK_FRAME);
    expect(read(box.store())).toBe("{ not json");
  });
});
