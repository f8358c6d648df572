import rule from "../../../rules/auth/profile-mode-mismatch.js";
import { TEST_PATHS } from "../../support/state.js";
import { ruleTable, store } from "../table.js";

const TOKEN = "sk-ant-oat01-TESTTOKENTESTTOKENTEST";
const API_KEY = "sk-ant-api03-TESTKEYTESTKEYTESTKEY";
const tokenProfile = { type: "token", provider: "anthropic", token: TOKEN };
const keyProfile = { type: "api_key", provider: "anthropic", key: API_KEY };
const oauthProfile = { type: "oauth", provider: "anthropic", access: TOKEN, refresh: "sk-ant-ort01-R" };
const withProfile = (id: string, configured: object, stored: object, agents = ["main"]) => ({
  config: { auth: { profiles: { [id]: configured } } },
  stores: Object.fromEntries(agents.map((agent) => [agent, store({ [id]: stored })])),
});
const STORE = `${TEST_PATHS.agentsDir}/main/agent/auth-profiles.json`;
const modePath = (id: string) => ["auth", "profiles", id, "mode"];
const setMode = (id: string, mode: string) => ({
  title: `set auth.profiles["${id}"].mode to "${mode}"`,
  ops: [{ kind: "json-set" as const, file: TEST_PATHS.configPath, path: modePath(id), value: mode }],
});

ruleTable(rule, {
  valid: [
    {
      name: "mode oauth accepts a token",
      state: withProfile("anthropic:claude-cli", { provider: "anthropic", mode: "oauth" }, tokenProfile),
    },
    {
      name: "mode oauth, oauth stored",
      state: withProfile("anthropic:claude-cli", { provider: "anthropic", mode: "oauth" }, oauthProfile),
    },
    {
      name: "mode api_key, api_key stored",
      state: withProfile("anthropic:default", { provider: "anthropic", mode: "api_key" }, keyProfile),
    },
    { name: "no mode configured", state: withProfile("anthropic:default", { provider: "anthropic" }, tokenProfile) },
    {
      name: "an unknown mode is config/invalid's",
      state: withProfile("anthropic:default", { mode: "apikey" }, tokenProfile),
    },
    {
      name: "a configured profile no store holds",
      state: { config: { auth: { profiles: { "anthropic:default": { mode: "api_key" } } } } },
    },
  ],
  invalid: [
    {
      name: "a token under mode api_key, in two agents",
      state: withProfile("anthropic:default", { provider: "anthropic", mode: "api_key" }, tokenProfile, [
        "main",
        "work",
      ]),
      findings: ["main", "work"].map((agentId) => ({
        message: `anthropic:default (agent ${agentId}) holds a token, but auth.profiles["anthropic:default"].mode is "api_key"`,
        subject: {
          agentId,
          profileId: "anthropic:default",
          provider: "anthropic",
          file: TEST_PATHS.configPath,
          path: modePath("anthropic:default"),
        },
        advice: [
          'set auth.profiles["anthropic:default"].mode to "token" in ~/.clawdia/clawdia.json',
          "or store an API key under it: clawdia onboard --non-interactive --provider anthropic --auth-choice api-key --store profile --profile-id anthropic:default",
        ],
        fix: setMode("anthropic:default", "token"),
      })),
    },
    {
      name: "an API key under mode oauth",
      state: withProfile("anthropic:claude-cli", { provider: "anthropic", mode: "oauth" }, keyProfile),
      findings: [
        {
          message:
            'anthropic:claude-cli (agent main) holds an API key, but auth.profiles["anthropic:claude-cli"].mode is "oauth"',
          subject: {
            agentId: "main",
            profileId: "anthropic:claude-cli",
            provider: "anthropic",
            file: TEST_PATHS.configPath,
            path: modePath("anthropic:claude-cli"),
          },
          advice: [
            'set auth.profiles["anthropic:claude-cli"].mode to "api_key" in ~/.clawdia/clawdia.json',
            "or store a token under it: clawdia models auth paste-token --provider anthropic --profile-id anthropic:claude-cli",
          ],
          fix: setMode("anthropic:claude-cli", "api_key"),
        },
      ],
    },
    {
      name: "an OAuth credential under mode token",
      state: withProfile("anthropic:claude-cli", { provider: "anthropic", mode: "token" }, oauthProfile),
      findings: [
        {
          message:
            'anthropic:claude-cli (agent main) holds an OAuth credential, but auth.profiles["anthropic:claude-cli"].mode is "token"',
          subject: {
            agentId: "main",
            profileId: "anthropic:claude-cli",
            provider: "anthropic",
            file: TEST_PATHS.configPath,
            path: modePath("anthropic:claude-cli"),
          },
          advice: [
            'set auth.profiles["anthropic:claude-cli"].mode to "oauth" in ~/.clawdia/clawdia.json',
            "or store a token under it: clawdia models auth paste-token --provider anthropic --profile-id anthropic:claude-cli",
          ],
          fix: setMode("anthropic:claude-cli", "oauth"),
        },
      ],
    },
    {
      name: "agents disagree on the mode: no fix, only advice",
      state: {
        config: { auth: { profiles: { "anthropic:default": { provider: "anthropic", mode: "oauth" } } } },
        stores: {
          main: store({ "anthropic:default": keyProfile }),
          work: store({ "anthropic:default": tokenProfile }),
        },
      },
      findings: [
        {
          message:
            'anthropic:default (agent main) holds an API key, but auth.profiles["anthropic:default"].mode is "oauth"',
          subject: {
            agentId: "main",
            profileId: "anthropic:default",
            provider: "anthropic",
            file: TEST_PATHS.configPath,
            path: modePath("anthropic:default"),
          },
          advice: [
            'set auth.profiles["anthropic:default"].mode to "api_key" in ~/.clawdia/clawdia.json',
            "or store a token under it: clawdia models auth paste-token --provider anthropic --profile-id anthropic:default",
          ],
        },
      ],
    },
    {
      name: "the configured provider disagrees with the stored one",
      state: withProfile(
        "router:main",
        { provider: "openrouter", mode: "api_key" },
        { type: "api_key", provider: "anthropic", key: API_KEY },
      ),
      findings: [
        {
          message:
            'router:main (agent main) holds a credential for anthropic, but auth.profiles["router:main"].provider is "openrouter"',
          subject: {
            agentId: "main",
            profileId: "router:main",
            provider: "anthropic",
            file: TEST_PATHS.configPath,
            path: ["auth", "profiles", "router:main", "provider"],
          },
          advice: [
            'set auth.profiles["router:main"].provider to "anthropic" in ~/.clawdia/clawdia.json',
            "or store a credential for openrouter under it: clawdia onboard --non-interactive --provider openrouter --auth-choice api-key --store profile --profile-id router:main",
          ],
        },
      ],
    },
    {
      name: "only the store's provider disagrees: the id prefix, the config and the token say anthropic",
      state: withProfile(
        "anthropic:claude-cli",
        { provider: "anthropic", mode: "oauth" },
        { ...tokenProfile, provider: "openrouter" },
      ),
      findings: [
        {
          message:
            'anthropic:claude-cli (agent main) holds a credential for openrouter, but auth.profiles["anthropic:claude-cli"].provider is "anthropic"',
          subject: {
            agentId: "main",
            profileId: "anthropic:claude-cli",
            provider: "anthropic",
            file: STORE,
            path: ["profiles", "anthropic:claude-cli", "provider"],
          },
          advice: [
            'set profiles["anthropic:claude-cli"].provider to "anthropic" in ~/.clawdia/agents/main/agent/auth-profiles.json',
          ],
        },
      ],
    },
    {
      name: "the id prefix agrees with the config but the credential is another provider's: the config's advice",
      state: withProfile(
        "openrouter:main",
        { provider: "openrouter", mode: "api_key" },
        { type: "api_key", provider: "anthropic", key: API_KEY },
      ),
      findings: [
        {
          message:
            'openrouter:main (agent main) holds a credential for anthropic, but auth.profiles["openrouter:main"].provider is "openrouter"',
          subject: {
            agentId: "main",
            profileId: "openrouter:main",
            provider: "anthropic",
            file: TEST_PATHS.configPath,
            path: ["auth", "profiles", "openrouter:main", "provider"],
          },
          advice: [
            'set auth.profiles["openrouter:main"].provider to "anthropic" in ~/.clawdia/clawdia.json',
            "or store a credential for openrouter under it: clawdia onboard --non-interactive --provider openrouter --auth-choice api-key --store profile --profile-id openrouter:main",
          ],
        },
      ],
    },
  ],
});
