// A 2025.4 state dir (legacy-everything) holds every old shape at once: the six migrations run in
// version order, each on what the one before left, in one run; the second run finds nothing.
import fs from "node:fs";
import { parse } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { history, modeOf, read, readJson, sandbox } from "../helpers.js";
import { STAMP_AT, STAMP_VERSION, textDiff, userFiles } from "./helpers.js";

const FIXTURE = "legacy-everything";
const GATEWAY_TOKEN = "clawgw-LEGALLgatewayBearerTok0000000000";
const SETUP_TOKEN = "sk-ant-oat01-LEGALLclaudeSetupTok00000000000000000000000000000000000";
const OPENROUTER_KEY = "sk-or-v1-LEGALLopenrouterKey000000000000000000000000000000000000000000000";

const MIGRATION_IDS = [
  "config.json-to-clawdia.json",
  "agent-dir-to-agents-main",
  "auth.json-to-auth-profiles",
  "gateway.token-to-gateway.auth.token",
  "auth.claude-cli-mode-oauth",
  "agent.model-to-agents.defaults.model.primary",
];

describe("every migration in one run (legacy-everything)", () => {
  it("applies all six in version order and says so", () => {
    const box = sandbox(FIXTURE);
    const result = box.run(["migrate"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const versions = [...result.stdout.matchAll(/^ {2}(\d+\.\d+\.\d+) {2}/gm)].map((m) => m[1]);
    expect(versions).toEqual(["2025.6.0", "2025.9.0", "2025.11.0", "2026.1.0", "2026.2.0", "2026.4.0"]);
    expect(result.stdout).toMatch(/^Applied 6 migration\(s\):/);
  });

  it("leaves the new layout: config, store, models.json, auth.json.bak; nothing at the old paths", () => {
    const box = sandbox(FIXTURE);
    const flat = read(box.state("agent", "auth.json"));
    const models = read(box.state("agent", "models.json"));
    expect(box.run(["migrate"]).code).toBe(0);
    expect(
      Object.keys(userFiles(box))
        .filter((name) => !name.startsWith("agent/") && name !== "agent")
        .sort(),
    ).toEqual([
      ".",
      "agents",
      "agents/main",
      "agents/main/agent",
      "agents/main/agent/auth-profiles.json",
      "agents/main/agent/auth.json.bak",
      "agents/main/agent/models.json",
      "clawdia.json",
    ]);
    expect(fs.readdirSync(box.state("agent"))).toEqual([]);
    expect(fs.existsSync(box.state("config.json"))).toBe(false);
    expect(read(box.state("agents", "main", "agent", "auth.json.bak"))).toBe(flat);
    expect(read(box.state("agents", "main", "agent", "models.json"))).toBe(models);
    expect(readJson(box.store())).toEqual({
      version: 1,
      profiles: {
        "anthropic:default": { type: "token", provider: "anthropic", token: SETUP_TOKEN, expires: 1798761600000 },
        "openrouter:default": { type: "api_key", provider: "openrouter", key: OPENROUTER_KEY },
      },
    });
    for (const file of [box.config, box.store(), box.state("agents", "main", "agent", "auth.json.bak")])
      expect(modeOf(file)).toBe(0o600);
  });

  it("the config's parsed value: every migrated key in its new place, every other key as it was", () => {
    const box = sandbox(FIXTURE);
    const before = parse(read(box.state("config.json")));
    expect(box.run(["migrate"]).code).toBe(0);
    expect(parse(read(box.config))).toEqual({
      gateway: { port: 18789, bind: "loopback", auth: { token: GATEWAY_TOKEN } },
      auth: { profiles: { ...before.auth.profiles, "anthropic:claude-cli": { provider: "anthropic", mode: "oauth" } } },
      logging: before.logging,
      agents: { defaults: { model: { primary: "anthropic/claude-opus-4-5" } } },
      meta: { lastTouchedVersion: STAMP_VERSION, lastTouchedAt: STAMP_AT },
    });
  });

  // Was a bug: src/engine/json-edit.ts (removal through jsonc-parser's modify()) moves the trailing
  // comment of the removed gateway.token line onto the line before it. Input: legacy-everything's
  // config.json, `"port": 18789,` then `"token": "…", // clients send this`. Expected: the token line
  // removed whole, the port line unchanged. Actual: `"port": 18789, // clients send this`.
  it("the config's text differs from config.json only in the migrated lines and the stamp", () => {
    const box = sandbox(FIXTURE);
    const before = read(box.state("config.json"));
    expect(box.run(["migrate"]).code).toBe(0);
    expect(textDiff(before, read(box.config))).toEqual([
      `-    "token": "${GATEWAY_TOKEN}", // clients send this`,
      '+    "auth": {',
      `+      "token": "${GATEWAY_TOKEN}"`,
      "+    },",
      '-  "agent": { "model": "anthropic/claude-opus-4-5" },',
      '-      "anthropic:claude-cli": { "provider": "anthropic", "mode": "token" }, // setup-token',
      '+      "anthropic:claude-cli": { "provider": "anthropic", "mode": "oauth" }, // setup-token',
      '+  "agents": {',
      '+    "defaults": {',
      '+      "model": {',
      '+        "primary": "anthropic/claude-opus-4-5"',
      "+      }",
      "+    }",
      "+  },",
      '+  "meta": {',
      `+    "lastTouchedVersion": "${STAMP_VERSION}",`,
      `+    "lastTouchedAt": "${STAMP_AT}"`,
      "+  },",
    ]);
  });

  it("a second run changes nothing: --check exits 0, no new history line", () => {
    const box = sandbox(FIXTURE);
    expect(box.run(["migrate"]).code).toBe(0);
    const migrated = userFiles(box);
    expect(box.run(["migrate", "--check"])).toMatchObject({ code: 0, stdout: "No migrations pending.\n" });
    expect(box.run(["migrate"])).toMatchObject({ code: 0, stdout: "No migrations pending.\n" });
    expect(userFiles(box)).toEqual(migrated);
    expect(history(box.stateDir)).toHaveLength(1);
    expect(history(box.stateDir)[0].changes.map((c: any) => c.id)).toEqual([
      ...MIGRATION_IDS.map((id) => `migration:${id}`),
      "migration:stamp",
    ]);
  });
});
