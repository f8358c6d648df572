import { describe, expect, it } from "vitest";
import migration, { toProfile } from "../../migrations/2025.11.0-auth-json-to-auth-profiles.js";
import { migrationSpec } from "./spec.js";

const FLAT = `{
  "anthropic": { "apiKey": "sk-ant-api03-EXAMPLEflatKEY0001" },
  "openrouter": "sk-or-v1-EXAMPLEflatKEY0002"
}
`;
const NEWER = `{
  "version": 1,
  "profiles": {
    "anthropic:default": { "type": "api_key", "provider": "anthropic", "key": "sk-ant-api03-EXAMPLEnewerKEY0002" }
  }
}
`;
const COPILOT = `{ "anthropic": { "apiKey": "sk-ant-api03-EXAMPLEstaleKEY0001" }, "github-copilot": { "token": "ghu_EXAMPLEtoken", "expires": 1798761600000 } }\n`;

migrationSpec(migration, {
  migrates: [
    {
      name: "auth.json becomes <provider>:default profiles in a new store, and is kept as auth.json.bak",
      before: { "agents/main/agent/auth.json": FLAT },
      after: {
        "agents/main/agent/auth-profiles.json": `{
  "version": 1,
  "profiles": {
    "anthropic:default": {
      "type": "api_key",
      "provider": "anthropic",
      "key": "sk-ant-api03-EXAMPLEflatKEY0001"
    },
    "openrouter:default": {
      "type": "api_key",
      "provider": "openrouter",
      "key": "sk-or-v1-EXAMPLEflatKEY0002"
    }
  }
}
`,
        "agents/main/agent/auth.json.bak": FLAT,
      },
    },
    {
      name: "a profile already in the store is newer and stays; an earlier auth.json.bak is not overwritten",
      before: {
        "agents/main/agent/auth.json": COPILOT,
        "agents/main/agent/auth-profiles.json": NEWER,
        "agents/main/agent/auth.json.bak": "{}\n",
      },
      after: {
        "agents/main/agent/auth-profiles.json": `{
  "version": 1,
  "profiles": {
    "anthropic:default": { "type": "api_key", "provider": "anthropic", "key": "sk-ant-api03-EXAMPLEnewerKEY0002" },
    "github-copilot:default": {
      "type": "token",
      "provider": "github-copilot",
      "token": "ghu_EXAMPLEtoken",
      "expires": 1798761600000
    }
  }
}
`,
        "agents/main/agent/auth.json.bak": "{}\n",
        "agents/main/agent/auth.json.bak.2": COPILOT,
      },
    },
  ],
  leaves: [
    { name: "no auth.json", files: { "agents/main/agent/auth-profiles.json": NEWER } },
    {
      name: "only the backup of an earlier run",
      files: { "agents/main/agent/auth-profiles.json": NEWER, "agents/main/agent/auth.json.bak": FLAT },
    },
  ],
  fails: [
    {
      name: "an auth.json that does not parse",
      files: { "agents/main/agent/auth.json": "{ not json" },
      error: { file: "agents/main/agent/auth.json", message: /not a JSON object/ },
    },
    {
      name: "a store that does not parse: auth.json cannot be merged into it",
      files: { "agents/main/agent/auth.json": FLAT, "agents/main/agent/auth-profiles.json": "{ cut" },
      error: { file: "agents/main/agent/auth-profiles.json", message: /does not parse/ },
    },
  ],
});

// The legacy auth.json entry shapes and the profile each becomes.
const cases: { name: string; entry: unknown; profile: Record<string, unknown> | undefined }[] = [
  {
    name: "a bare string is an API key",
    entry: "sk-or-v1-abc",
    profile: { type: "api_key", provider: "p", key: "sk-or-v1-abc" },
  },
  { name: "{ apiKey }", entry: { apiKey: "k1" }, profile: { type: "api_key", provider: "p", key: "k1" } },
  { name: "{ key }", entry: { key: "k2" }, profile: { type: "api_key", provider: "p", key: "k2" } },
  { name: "{ api_key }", entry: { api_key: "k3" }, profile: { type: "api_key", provider: "p", key: "k3" } },
  {
    name: "{ token, expires }",
    entry: { token: "t", expires: 1798761600000 },
    profile: { type: "token", provider: "p", token: "t", expires: 1798761600000 },
  },
  { name: "{ token } without expiry", entry: { token: "t" }, profile: { type: "token", provider: "p", token: "t" } },
  {
    name: "{ token, expiresAt }",
    entry: { token: "t", expiresAt: 5 },
    profile: { type: "token", provider: "p", token: "t", expires: 5 },
  },
  {
    name: "{ access, refresh, expiresAt }",
    entry: { access: "a", refresh: "r", expiresAt: 1764000000000 },
    profile: { type: "oauth", provider: "p", access: "a", refresh: "r", expires: 1764000000000 },
  },
  {
    name: "{ accessToken, refreshToken, expires }",
    entry: { accessToken: "a", refreshToken: "r", expires: 7 },
    profile: { type: "oauth", provider: "p", access: "a", refresh: "r", expires: 7 },
  },
  { name: "{ access } alone", entry: { access: "a" }, profile: { type: "oauth", provider: "p", access: "a" } },
  {
    name: "a key wins over a token in the same entry",
    entry: { key: "k", token: "t" },
    profile: { type: "api_key", provider: "p", key: "k" },
  },
  {
    name: "a non-numeric expiry is dropped",
    entry: { token: "t", expires: "soon" },
    profile: { type: "token", provider: "p", token: "t" },
  },
  { name: "an empty string", entry: "", profile: undefined },
  { name: "an empty key", entry: { key: "" }, profile: undefined },
  { name: "an unknown shape", entry: { baseUrl: "http://x" }, profile: undefined },
  { name: "null", entry: null, profile: undefined },
  { name: "a number", entry: 42, profile: undefined },
  { name: "an array", entry: ["k"], profile: undefined },
];

describe("toProfile: legacy auth.json entries", () => {
  for (const { name, entry, profile } of cases) {
    it(name, () => {
      expect(toProfile("p", entry)).toEqual(profile);
    });
  }
});
