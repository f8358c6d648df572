// The automation contract: `clawdia models status --check` exit codes, pinned case by case,
// identical with --json.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { DAY, HOUR, NOW, sandbox, writeJson } from "../helpers.js";

const KEY = "sk-ant-api03-CHECKTABLEkey000000000000000000000000000000";
const TOKEN = "sk-ant-oat01-CHECKTABLEtoken0000000000000000000000000000";
const OR_KEY = "sk-or-v1-CHECKTABLEopenrouter00000000000000000000";

type Profiles = Record<string, Record<string, unknown>>;
interface Case {
  name: string;
  code: 0 | 1 | 2;
  config?: unknown;
  stores?: Record<string, Profiles | { profiles: Profiles; [key: string]: unknown }>;
  env?: Record<string, string>;
  dotenv?: string;
  agent?: string;
}

const apiKey = { type: "api_key", provider: "anthropic", key: KEY };
const token = (expires?: number) => ({
  type: "token",
  provider: "anthropic",
  token: TOKEN,
  ...(expires === undefined ? {} : { expires }),
});
const oauth = (expires: number, refresh?: string) => ({
  type: "oauth",
  provider: "anthropic",
  access: TOKEN,
  expires,
  ...(refresh ? { refresh } : {}),
});

const cases: Case[] = [
  { name: "empty state: anthropic in use by default, nothing anywhere", code: 1 },
  { name: "an API key profile (API keys never expire)", code: 0, stores: { main: { "anthropic:default": apiKey } } },
  { name: "ANTHROPIC_API_KEY in the environment only", code: 0, env: { ANTHROPIC_API_KEY: KEY } },
  { name: "the key in <state>/.env only", code: 0, dotenv: `ANTHROPIC_API_KEY=${KEY}\n` },
  { name: "the key in config env.vars only", code: 0, config: { env: { vars: { ANTHROPIC_API_KEY: KEY } } } },
  {
    name: "a token with no expiry recorded is static: ok",
    code: 0,
    stores: { main: { "anthropic:claude-cli": token() } },
  },
  {
    name: "a token expiring in 5h (window 24h)",
    code: 2,
    stores: { main: { "anthropic:claude-cli": token(NOW + 5 * HOUR) } },
  },
  {
    name: "a token expiring in 30h is ok",
    code: 0,
    stores: { main: { "anthropic:claude-cli": token(NOW + 30 * HOUR) } },
  },
  {
    name: "auth.expiryWarnHours 48 makes 30h expiring",
    code: 2,
    config: { auth: { expiryWarnHours: 48 } },
    stores: { main: { "anthropic:claude-cli": token(NOW + 30 * HOUR) } },
  },
  { name: "a token expired an hour ago", code: 1, stores: { main: { "anthropic:claude-cli": token(NOW - HOUR) } } },
  {
    name: "expired token while an env key works: still 1 (the profile is in use)",
    code: 1,
    env: { ANTHROPIC_API_KEY: KEY },
    stores: { main: { "anthropic:claude-cli": token(NOW - HOUR) } },
  },
  {
    name: "oauth past its expiry WITH a refresh token is refreshable: ok",
    code: 0,
    stores: { main: { "anthropic:claude-cli": oauth(NOW - DAY, "sk-ant-ort01-CHECKTABLErefresh000000000000") } },
  },
  {
    name: "oauth past its expiry without a refresh token is expired",
    code: 1,
    stores: { main: { "anthropic:claude-cli": oauth(NOW - DAY) } },
  },
  {
    name: "a provider used only through an alias, with no key",
    code: 1,
    config: { models: { aliases: { fast: "openrouter/some/model" } } },
    env: { ANTHROPIC_API_KEY: KEY },
  },
  {
    name: "a provider used only through an alias, with its key",
    code: 0,
    config: { models: { aliases: { fast: "openrouter/some/model" } } },
    env: { ANTHROPIC_API_KEY: KEY, OPENROUTER_API_KEY: OR_KEY },
  },
  {
    name: "several agents: the second agent's token is expiring",
    code: 2,
    config: { agents: { list: [{ id: "main", default: true }, { id: "work" }] } },
    stores: { main: { "anthropic:default": apiKey }, work: { "anthropic:claude-cli": token(NOW + 2 * HOUR) } },
  },
  {
    name: "several agents: the second agent has nothing",
    code: 1,
    config: { agents: { list: [{ id: "main", default: true }, { id: "work" }] } },
    stores: { main: { "anthropic:default": apiKey } },
  },
  {
    name: "--agent limits the check to that agent",
    code: 0,
    agent: "main",
    config: { agents: { list: [{ id: "main", default: true }, { id: "work" }] } },
    stores: { main: { "anthropic:default": apiKey } },
  },
  {
    name: "config mode api_key does not accept the stored token: missing",
    code: 1,
    config: { auth: { profiles: { "anthropic:claude-cli": { provider: "anthropic", mode: "api_key" } } } },
    stores: { main: { "anthropic:claude-cli": token(NOW + 30 * DAY) } },
  },
  {
    name: "mode oauth accepts a setup-token",
    code: 0,
    config: { auth: { profiles: { "anthropic:claude-cli": { provider: "anthropic", mode: "oauth" } } } },
    stores: { main: { "anthropic:claude-cli": token(NOW + 30 * DAY) } },
  },
  {
    name: "an expired profile outside the agent's order is not in use",
    code: 0,
    stores: {
      main: {
        profiles: { "anthropic:default": apiKey, "anthropic:old": token(NOW - DAY) },
        order: { anthropic: ["anthropic:default"] },
      },
    },
  },
  {
    name: "a stored profile of a provider not in use never fails the check",
    code: 0,
    env: { ANTHROPIC_API_KEY: KEY },
    stores: {
      main: {
        "openai:old": {
          type: "token",
          provider: "openai",
          token: "openai-token-CHECKTABLE0000000000000",
          expires: NOW - DAY,
        },
      },
    },
  },
];

function setUp(c: Case) {
  const box = sandbox();
  if (c.config) writeJson(box.config, c.config);
  for (const [agent, value] of Object.entries(c.stores ?? {})) {
    const store =
      "profiles" in value && typeof value.profiles === "object"
        ? { version: 1, ...value }
        : { version: 1, profiles: value };
    writeJson(box.store(agent), store);
  }
  if (c.dotenv) {
    fs.mkdirSync(box.stateDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(box.dotenv, c.dotenv, { mode: 0o600 });
  }
  return box;
}

describe("models status --check", () => {
  it.each(cases)("$name → $code", (c) => {
    const box = setUp(c);
    const agentArgs = c.agent ? ["--agent", c.agent] : [];
    const text = box.run(["models", "status", "--check", ...agentArgs], { env: c.env });
    expect(text.stderr).toBe("");
    expect(text.code).toBe(c.code);
    const json = box.run(["models", "status", "--check", "--json", ...agentArgs], { env: c.env });
    expect(json.code).toBe(c.code);
    expect(JSON.parse(json.stdout).exitCode).toBe(c.code);
  });

  it("without --check the status exits 0 even when a credential is missing", () => {
    const box = sandbox();
    expect(box.run(["models", "status"]).code).toBe(0);
  });
});
