// The library entry the gateway calls at start-up: runMigrations({ stateDir, dryRun }), in process.
// Run from source, VERSION is "0.0.0-dev", so fixtures stamped by any real release count as newer:
// these tests use legacy-everything, which predates meta.lastTouchedVersion.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { runMigrations } from "../../src/index.js";
import { VERSION } from "../../src/version.js";
import { copyFixture, tempHome } from "../support/cli.js";
import { tree } from "../e2e/helpers.js";

const NOW = Date.UTC(2026, 10, 27, 12);
const SEAMS = Symbol.for("clawdia.test-seams");
const SECRETS = ["clawgw-LEGALLgatewayBearerTok", "sk-ant-oat01-LEGALLclaudeSetupTok", "sk-or-v1-LEGALLopenrouterKey"];
const IDS = [
  "config.json-to-clawdia.json",
  "agent-dir-to-agents-main",
  "auth.json-to-auth-profiles",
  "gateway.token-to-gateway.auth.token",
  "auth.claude-cli-mode-oauth",
  "agent.model-to-agents.defaults.model.primary",
];

// The clock seam, as test/support/seams.mjs sets it for the CLI.
let saved: unknown;
beforeAll(() => {
  saved = (globalThis as any)[SEAMS];
  (globalThis as any)[SEAMS] = { now: () => NOW };
});
afterAll(() => {
  (globalThis as any)[SEAMS] = saved;
});

function state(fixture?: string) {
  const { home, stateDir, cleanup } = tempHome();
  onTestFinished(cleanup);
  if (fixture) copyFixture(fixture, stateDir);
  // Only what the test gives: no CLAWDIA_CONFIG_PATH or HOME of the machine running the tests.
  const env = { HOME: home, CLAWDIA_LOCK_TIMEOUT_MS: "200" };
  return { home, stateDir, env, file: (...parts: string[]) => [stateDir, ...parts].join("/") };
}

describe("runMigrations (library)", () => {
  it("dryRun: returns what is pending and the masked diff, writes nothing", async () => {
    const s = state("legacy-everything");
    const before = tree(s.home);
    const run = await runMigrations({ stateDir: s.stateDir, dryRun: true, env: s.env });
    expect(run.applied).toBe(false);
    expect(run.runId).toBeUndefined();
    expect(run.migrations.map((m) => m.id)).toEqual(IDS);
    expect(run.migrations[0]).toEqual({
      id: "config.json-to-clawdia.json",
      version: "2025.6.0",
      describe: "move <state>/config.json to <state>/clawdia.json",
      files: [s.file("clawdia.json"), s.file("config.json")],
    });
    expect(run.diff).toContain("+++ ~/.clawdia/clawdia.json");
    for (const secret of SECRETS) expect(run.diff).not.toContain(secret);
    expect(run.paths.stateDir).toBe(s.stateDir);
    expect(tree(s.home)).toEqual(before);
  });

  it("applies: one run in the history (command migrate), the new layout, stamped with this version", async () => {
    const s = state("legacy-everything");
    const run = await runMigrations({ stateDir: s.stateDir, env: s.env });
    expect(run).toMatchObject({ applied: true, runId: expect.any(String) });
    expect(run.diff).toBeUndefined();
    expect(fs.existsSync(s.file("config.json"))).toBe(false);
    const config = fs.readFileSync(s.file("clawdia.json"), "utf8");
    expect(config).toContain(`"lastTouchedVersion": "${VERSION}"`);
    expect(config).toContain('"lastTouchedAt": "2026-11-27T12:00:00Z"');
    const lines = fs
      .readFileSync(s.file("doctor", "history.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ kind: "run", runId: run.runId, command: "migrate" });

    const again = await runMigrations({ stateDir: s.stateDir, env: s.env });
    expect(again).toMatchObject({ applied: false, migrations: [] });
    expect(again.runId).toBeUndefined();
  });

  it("records the caller's command in the history", async () => {
    const s = state("legacy-everything");
    await runMigrations({ stateDir: s.stateDir, env: s.env, command: "gateway start-up" });
    expect(fs.readFileSync(s.file("doctor", "history.jsonl"), "utf8")).toContain('"command":"gateway start-up"');
  });

  it("a failing migration: returned (never thrown), nothing written", async () => {
    const s = state("legacy-everything");
    fs.writeFileSync(s.file("agent", "auth.json"), "[]");
    const before = tree(s.stateDir);
    for (const dryRun of [true, false]) {
      const run = await runMigrations({ stateDir: s.stateDir, dryRun, env: s.env });
      expect(run).toMatchObject({
        applied: false,
        failure: { migrationId: "auth.json-to-auth-profiles", message: expect.stringContaining("not a JSON object") },
      });
      expect(run.migrations).toEqual([]);
    }
    expect(tree(s.stateDir)).toEqual(before);
  });

  it("a state dir that does not exist, or is empty: nothing pending, nothing created", async () => {
    for (const fixture of [undefined, "empty"]) {
      const s = state(fixture);
      const before = tree(s.home);
      const run = await runMigrations({ stateDir: s.stateDir, env: s.env });
      expect(run).toMatchObject({ applied: false, migrations: [] });
      expect(tree(s.home)).toEqual(before);
    }
  });

  it("a config stamped by a newer release: newerVersion, nothing written", async () => {
    const s = state("legacy-gateway-token");
    fs.writeFileSync(
      s.file("clawdia.json"),
      fs.readFileSync(s.file("clawdia.json"), "utf8").replace("2025.12.0", "2099.1.0"),
    );
    const before = tree(s.stateDir);
    const run = await runMigrations({ stateDir: s.stateDir, env: s.env });
    expect(run).toMatchObject({ applied: false, newerVersion: "2099.1.0", migrations: [] });
    expect(tree(s.stateDir)).toEqual(before);
  });

  it("a locked config: the run is given up after CLAWDIA_LOCK_TIMEOUT_MS, nothing written", async () => {
    const s = state("legacy-config-json");
    fs.writeFileSync(
      s.file("config.json"),
      fs.readFileSync(s.file("config.json"), "utf8").replace(/ *"meta": .*\n/, ""),
    );
    fs.mkdirSync(s.file("config.json.lock"));
    const before = tree(s.stateDir);
    const run = await runMigrations({ stateDir: s.stateDir, env: s.env });
    expect(run).toMatchObject({
      applied: false,
      failure: { migrationId: "config.json-to-clawdia.json", message: expect.stringContaining("locked") },
    });
    expect(tree(s.stateDir)).toEqual(before);
  });
});
