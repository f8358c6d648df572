// Migration auth.json-to-auth-profiles (2025.11.0): each agent's flat agent/auth.json becomes
// <provider>:default profiles in auth-profiles.json, never over a profile the store already has;
// auth.json is kept, byte for byte, as auth.json.bak.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { modeOf, parseStdout, read, readJson, sandbox } from "../helpers.js";
import { expectSecondRunChangesNothing, stampedMetaLine, textDiff } from "./helpers.js";

const FIXTURE = "legacy-flat-auth";
const NEWER_STORE_KEY = "sk-ant-api03-LEGFLATnewerStoreKey0000000000000000000000000000000000";

/** What the store of agent main gains: string, { key }, { token, expires }, { access, refresh, expiresAt }. */
const MAIN_STORE_ADDED = [
  "+    },",
  '+    "openrouter:default": {',
  '+      "type": "api_key",',
  '+      "provider": "openrouter",',
  '+      "key": "sk-or-v1-LEGFLATopenrouterStr0000000000000000000000000000000000000000000000"',
  "+    },",
  '+    "openai:default": {',
  '+      "type": "api_key",',
  '+      "provider": "openai",',
  '+      "key": "sk-proj-LEGFLATopenaiKeyShape000000000000000000000000"',
  "+    },",
  '+    "github-copilot:default": {',
  '+      "type": "token",',
  '+      "provider": "github-copilot",',
  '+      "token": "ghu_LEGFLATcopilotToken00000000000000000",',
  '+      "expires": 1798761600000',
  "+    },",
  '+    "openai-codex:default": {',
  '+      "type": "oauth",',
  '+      "provider": "openai-codex",',
  '+      "access": "eyJLEGFLATcodexAccess.0000000000000000",',
  '+      "refresh": "rt_LEGFLATcodexRefresh000000000000",',
  '+      "expires": 1764000000000',
];

describe("migration auth.json-to-auth-profiles (legacy-flat-auth)", () => {
  it("adds the flat entries as <provider>:default profiles: the store's text only gains lines", () => {
    const box = sandbox(FIXTURE);
    const store = read(box.store());
    const config = read(box.config);
    const result = box.run(["migrate"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(textDiff(store, read(box.store()))).toEqual(MAIN_STORE_ADDED);
    // The config holds nothing to migrate: the run's stamp is all that changes.
    expect(textDiff(config, read(box.config))).toEqual(stampedMetaLine("2025.10.4", "2025-10-28T08:00:00Z"));
  });

  it("never overwrites an existing <provider>:default: the store's newer key stays, the stale one is only in the .bak", () => {
    const box = sandbox(FIXTURE);
    expect(box.run(["migrate"]).code).toBe(0);
    const store = readJson(box.store());
    expect(store.profiles["anthropic:default"]).toEqual({
      type: "api_key",
      provider: "anthropic",
      key: NEWER_STORE_KEY,
    });
    expect(store.lastGood).toEqual({ anthropic: "anthropic:default" });
    expect(store.usageStats).toEqual({ "anthropic:default": { lastUsed: 1761638400000, errorCount: 0 } });
    expect(read(box.state("agents", "main", "agent", "auth.json.bak"))).toContain("LEGFLATstaleFlatKey");
  });

  it("an unknown shape is not imported (it stays in the .bak)", () => {
    const box = sandbox(FIXTURE);
    expect(box.run(["migrate"]).code).toBe(0);
    expect(Object.keys(readJson(box.store()).profiles)).not.toContain("custom-proxy:default");
  });

  it("creates the store of an agent that had none: version 1, { token, expires } and { apiKey } entries", () => {
    const box = sandbox(FIXTURE);
    expect(box.run(["migrate"]).code).toBe(0);
    expect(readJson(box.store("work"))).toEqual({
      version: 1,
      profiles: {
        "anthropic:default": {
          type: "token",
          provider: "anthropic",
          token: "sk-ant-oat01-LEGFLATworkSetupTok000000000000000000000000000000000000",
          expires: 1798761600000,
        },
        "openrouter:default": {
          type: "api_key",
          provider: "openrouter",
          key: "sk-or-v1-LEGFLATworkOpenrouterKey0000000000000000000000000000000000000",
        },
      },
    });
    expect(modeOf(box.store("work"))).toBe(0o600);
  });

  it("keeps each auth.json byte for byte as auth.json.bak (0600) and removes auth.json", () => {
    const box = sandbox(FIXTURE);
    const flat = ["main", "work"].map((id) => fs.readFileSync(box.state("agents", id, "agent", "auth.json")));
    expect(box.run(["migrate"]).code).toBe(0);
    ["main", "work"].forEach((id, i) => {
      expect(fs.existsSync(box.state("agents", id, "agent", "auth.json"))).toBe(false);
      expect(fs.readFileSync(box.state("agents", id, "agent", "auth.json.bak"))).toEqual(flat[i]);
      expect(modeOf(box.state("agents", id, "agent", "auth.json.bak"))).toBe(0o600);
    });
  });

  it("a second run changes nothing; doctor finds no leftover", () => {
    const box = sandbox(FIXTURE);
    expectSecondRunChangesNothing(box);
    const report = parseStdout(box.run(["doctor", "--json"]));
    expect(report.findings.filter((f: any) => f.ruleId === "state/legacy-leftovers")).toEqual([]);
  });

  it("a store without `version` gets one; with one, it is left as it is", () => {
    const box = sandbox(FIXTURE);
    const text = read(box.store()).replace('  "version": 1,\n', "");
    fs.writeFileSync(box.store(), text);
    expect(box.run(["migrate"]).code).toBe(0);
    expect(readJson(box.store()).version).toBe(1);
  });

  // Was a bug: migrations/2025.11.0-auth-json-to-auth-profiles.ts always writes <agent>/auth.json.bak; when one is
  // already there (an older Clawdia wrote auth.json again after an earlier migration), the
  // transaction refuses the run with "auth-profiles.json: it changed on disk since it was read",
  // which names a file that did not change and gives a reason that is not true, and the migration
  // can never succeed. Expected: the old .bak is kept and the run succeeds (another backup name), or
  // the error names auth.json.bak and says it already exists.
  it("an auth.json.bak from an earlier migration: kept, and the run succeeds or names auth.json.bak", () => {
    const box = sandbox(FIXTURE);
    const earlier = '{ "anthropic": "sk-ant-api03-LEGFLATearlierBakKey00000000000000000000000000000" }\n';
    fs.writeFileSync(box.state("agents", "main", "agent", "auth.json.bak"), earlier, { mode: 0o600 });
    const result = box.run(["migrate"]);
    expect(read(box.state("agents", "main", "agent", "auth.json.bak"))).toBe(earlier);
    if (result.code !== 0) {
      expect(result.stderr).toContain("auth.json.bak");
      expect(result.stderr).not.toContain("changed on disk");
    }
  });
});
