// The flags of `clawdia onboard --non-interactive` and the profile id they lead to: tables.
import { describe, expect, it } from "vitest";
import { parseScriptFlags, resolveProfileId, type OnboardFlags } from "../../src/onboard/options.js";
import { snapshotOf } from "../support/state.js";

describe("parseScriptFlags", () => {
  it.each([
    [
      { provider: "anthropic", authChoice: "api-key" },
      { provider: "anthropic", choice: "api-key", store: undefined, json: false },
    ],
    [
      { provider: "Anthropic", authChoice: "api-key", json: true },
      { provider: "anthropic", json: true },
    ],
    [
      { provider: "anthropic", authChoice: "api-key", profileId: "anthropic:work" },
      { store: "profile", profileId: "anthropic:work" },
    ],
    [
      { provider: "openrouter", authChoice: "token", expiresIn: "2w" },
      { store: "profile", expiresInMs: 14 * 86_400_000 },
    ],
    [{ provider: "anthropic", authChoice: "setup-token", profileId: "anthropic:claude-cli" }, { store: "profile" }],
  ] as [OnboardFlags, object][])("%j", (flags, expected) => {
    expect(parseScriptFlags(flags)).toMatchObject(expected);
  });

  it.each([
    [{ authChoice: "api-key" }, /needs --provider/],
    [{ provider: "anthropic" }, /needs --auth-choice/],
    [{ provider: "openai", authChoice: "setup-token" }, /for --provider anthropic only/],
    [{ provider: "openai", authChoice: "token", store: "dotenv" }, /--store dotenv is for API keys/],
    [
      { provider: "openai", authChoice: "api-key", store: "dotenv", profileId: "openai:x" },
      /--profile-id names a profile/,
    ],
    [{ provider: "openai", authChoice: "api-key", expiresIn: "1d" }, /API keys do not expire/],
    [
      { provider: "anthropic", authChoice: "setup-token", profileId: "anthropic:mine" },
      /stored as anthropic:claude-cli/,
    ],
    [{ provider: "openai", authChoice: "token", expiresIn: "0d" }, /more than zero/],
  ] as [OnboardFlags, RegExp][])("refuses %j", (flags, message) => {
    expect(() => parseScriptFlags(flags)).toThrow(message);
  });
});

describe("resolveProfileId", () => {
  const snapshot = snapshotOf({
    config: { auth: { profiles: { "router:main": { provider: "openrouter", mode: "api_key" } } } },
  });
  it.each([
    ["anthropic", "api-key", undefined, "anthropic:default"],
    ["anthropic", "token", undefined, "anthropic:manual"],
    ["anthropic", "setup-token", undefined, "anthropic:claude-cli"],
    ["anthropic", "api-key", "anthropic:work", "anthropic:work"],
    ["openrouter", "api-key", "router:main", "router:main"],
  ] as const)("%s %s %s → %s", (provider, choice, requested, expected) => {
    expect(resolveProfileId(snapshot, provider, choice, requested)).toBe(expected);
  });

  it.each([
    ["anthropic", "api-key", "router:main", /"router:main" is configured for openrouter, not anthropic/],
    ["anthropic", "api-key", "openai:x", /--profile-id must be "anthropic:<name>"/],
    ["anthropic", "api-key", "anthropic:", /--profile-id must be "anthropic:<name>"/],
    ["anthropic", "token", "anthropic:claude-cli", /holds Claude Code's credentials/],
  ] as const)("refuses %s %s %s", (provider, choice, requested, message) => {
    expect(() => resolveProfileId(snapshot, provider, choice, requested)).toThrow(message);
  });
});
