// The legacy auth.json entry shapes and the profile each becomes (migrations/2025.11.0-flat-auth-json.ts).
import { describe, expect, it } from "vitest";
import { toProfile } from "../../migrations/2025.11.0-flat-auth-json.js";

const cases: { name: string; entry: unknown; profile: Record<string, unknown> | undefined }[] = [
  { name: "a bare string is an API key", entry: "sk-or-v1-abc", profile: { type: "api_key", provider: "p", key: "sk-or-v1-abc" } },
  { name: "{ apiKey }", entry: { apiKey: "k1" }, profile: { type: "api_key", provider: "p", key: "k1" } },
  { name: "{ key }", entry: { key: "k2" }, profile: { type: "api_key", provider: "p", key: "k2" } },
  { name: "{ api_key }", entry: { api_key: "k3" }, profile: { type: "api_key", provider: "p", key: "k3" } },
  { name: "{ token, expires }", entry: { token: "t", expires: 1798761600000 }, profile: { type: "token", provider: "p", token: "t", expires: 1798761600000 } },
  { name: "{ token } without expiry", entry: { token: "t" }, profile: { type: "token", provider: "p", token: "t" } },
  { name: "{ token, expiresAt }", entry: { token: "t", expiresAt: 5 }, profile: { type: "token", provider: "p", token: "t", expires: 5 } },
  {
    name: "{ access, refresh, expiresAt }",
    entry: { access: "a", refresh: "r", expiresAt: 1764000000000 },
    profile: { type: "oauth", provider: "p", access: "a", refresh: "r", expires: 1764000000000 },
  },
  { name: "{ accessToken, refreshToken, expires }", entry: { accessToken: "a", refreshToken: "r", expires: 7 }, profile: { type: "oauth", provider: "p", access: "a", refresh: "r", expires: 7 } },
  { name: "{ access } alone", entry: { access: "a" }, profile: { type: "oauth", provider: "p", access: "a" } },
  { name: "a key wins over a token in the same entry", entry: { key: "k", token: "t" }, profile: { type: "api_key", provider: "p", key: "k" } },
  { name: "a non-numeric expiry is dropped", entry: { token: "t", expires: "soon" }, profile: { type: "token", provider: "p", token: "t" } },
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
