import rule from "../../../rules/auth/missing-credentials.js";
import { HOUR, NOW } from "../../support/state.js";
import { ruleTable, store } from "../table.js";

const API_KEY = "sk-ant-api03-TESTKEYTESTKEYTESTKEY";
const TOKEN = "sk-ant-oat01-TESTTOKENTESTTOKENTEST";
const DEFAULT_USE = "in use by default model anthropic/claude-opus-4-5";
const ANTHROPIC_ADVICE = [
  "export ANTHROPIC_API_KEY=… (an Anthropic API key; recommended)",
  "clawdia models auth setup-token --provider anthropic   # runs `claude setup-token` and stores the token it prints",
  "claude setup-token; clawdia models auth paste-token --provider anthropic --profile-id anthropic:claude-cli --expires-in 365d   # the same in two steps",
];
const manualToken = (expires?: number) => ({ type: "token", provider: "anthropic", token: TOKEN, expires });

ruleTable(rule, {
  valid: [
    { name: "key in the shell environment", state: { env: { ANTHROPIC_API_KEY: API_KEY } } },
    { name: "key in .env", state: { dotenv: `ANTHROPIC_API_KEY=${API_KEY}\n` } },
    { name: "key in config env.vars", state: { config: { env: { vars: { ANTHROPIC_API_KEY: API_KEY } } } } },
    {
      name: "api_key profile",
      state: {
        stores: { main: store({ "anthropic:default": { type: "api_key", provider: "anthropic", key: API_KEY } }) },
      },
    },
    {
      name: "token with no expiry recorded",
      state: { stores: { main: store({ "anthropic:manual": manualToken() }) } },
    },
    {
      name: "token expiring in 1ms is still usable",
      state: { stores: { main: store({ "anthropic:manual": manualToken(NOW + 1) }) } },
    },
    {
      name: "oauth with a refresh token, past its expiry",
      state: {
        stores: {
          main: store({
            "anthropic:claude-cli": {
              type: "oauth",
              provider: "anthropic",
              access: TOKEN,
              refresh: "sk-ant-ort01-R",
              expires: NOW - HOUR,
            },
          }),
        },
      },
    },
    {
      name: "mode oauth accepts a token",
      state: {
        config: { auth: { profiles: { "anthropic:claude-cli": { provider: "anthropic", mode: "oauth" } } } },
        stores: { main: store({ "anthropic:claude-cli": manualToken(NOW + 100 * HOUR) }) },
      },
    },
    {
      name: "oauth with no access token yet but a refresh token (refreshed on use)",
      state: {
        stores: {
          main: store({
            "anthropic:claude-cli": { type: "oauth", provider: "anthropic", access: "", refresh: "sk-ant-ort01-R" },
          }),
        },
      },
    },
    {
      name: "a placeholder in a later place does not hide a key",
      state: { dotenv: `ANTHROPIC_API_KEY=${API_KEY}\n`, config: { env: { vars: { ANTHROPIC_API_KEY: "..." } } } },
    },
  ],
  invalid: [
    {
      name: "empty state: anthropic is in use by the default model",
      state: {},
      findings: [
        {
          message: `No credentials found for anthropic (agent main; ${DEFAULT_USE})`,
          subject: { agentId: "main", provider: "anthropic" },
          advice: ANTHROPIC_ADVICE,
        },
      ],
    },
    {
      name: "provider used only via an alias",
      state: {
        config: { models: { aliases: { fast: "openrouter/meta-llama-3" } } },
        env: { ANTHROPIC_API_KEY: API_KEY },
      },
      findings: [
        {
          message: "No credentials found for openrouter (agent main; in use by alias fast → openrouter/meta-llama-3)",
          subject: { agentId: "main", provider: "openrouter" },
          advice: ["export OPENROUTER_API_KEY=…", "clawdia models auth paste-token --provider openrouter"],
        },
      ],
    },
    {
      name: "several agents: only the one without a credential",
      state: {
        config: { agents: { list: [{ id: "main", default: true }, { id: "work" }] } },
        stores: { main: store({ "anthropic:default": { type: "api_key", provider: "anthropic", key: API_KEY } }) },
      },
      findings: [
        {
          message: `No credentials found for anthropic (agent work; ${DEFAULT_USE})`,
          subject: { agentId: "work", provider: "anthropic" },
          advice: ANTHROPIC_ADVICE,
        },
      ],
    },
    {
      name: "a store that does not parse is named as the likely cause",
      state: { stores: { main: '{ "profiles": ' } },
      findings: [
        {
          message: `No credentials found for anthropic (agent main; ${DEFAULT_USE}; its auth store could not be read, see store/invalid)`,
          subject: { agentId: "main", provider: "anthropic" },
          advice: ANTHROPIC_ADVICE,
        },
      ],
    },
    {
      name: "only credential expired exactly now",
      state: { stores: { main: store({ "anthropic:manual": manualToken(NOW) }) } },
      findings: [
        {
          message: `No usable credentials for anthropic (agent main; ${DEFAULT_USE}): profile anthropic:manual expired 1m ago`,
          subject: { agentId: "main", provider: "anthropic" },
          advice: [
            "clawdia models auth paste-token --provider anthropic --profile-id anthropic:manual",
            ...ANTHROPIC_ADVICE,
          ],
        },
      ],
    },
    {
      name: "credential of a type its mode does not accept",
      state: {
        config: { auth: { profiles: { "anthropic:default": { provider: "anthropic", mode: "api_key" } } } },
        stores: { main: store({ "anthropic:default": manualToken(NOW + 100 * HOUR) }) },
      },
      findings: [
        {
          message:
            "No usable credentials for anthropic (agent main; in use by default model anthropic/claude-opus-4-5, profile anthropic:default): " +
            'profile anthropic:default is of type token, which auth.profiles["anthropic:default"].mode "api_key" does not accept',
          subject: { agentId: "main", provider: "anthropic" },
          advice: ANTHROPIC_ADVICE,
        },
      ],
    },
    {
      name: "a key variable that is a placeholder is no credential",
      state: { dotenv: "ANTHROPIC_API_KEY=your-key-here\n" },
      findings: [
        {
          message: `No usable credentials for anthropic (agent main; ${DEFAULT_USE}): ANTHROPIC_API_KEY in ~/.clawdia/.env (line 1) is a placeholder, not a real key: replace it with your Anthropic API key`,
          subject: { agentId: "main", provider: "anthropic" },
          advice: ANTHROPIC_ADVICE,
        },
      ],
    },
    {
      name: "another provider's key in the environment is no credential, and hides a real key in .env as it does for the gateway",
      state: { env: { ANTHROPIC_API_KEY: "sk-or-v1-TESTKEYTESTKEYTESTKEY" }, dotenv: `ANTHROPIC_API_KEY=${API_KEY}\n` },
      findings: [
        {
          message:
            `No usable credentials for anthropic (agent main; ${DEFAULT_USE}): ` +
            'ANTHROPIC_API_KEY in the environment looks like an OpenRouter key (it starts with "sk-or-"), not a key for anthropic: give it to the gateway as OPENROUTER_API_KEY, and use your Anthropic API key here',
          subject: { agentId: "main", provider: "anthropic" },
          advice: ANTHROPIC_ADVICE,
        },
      ],
    },
    {
      name: "a whitespace-only token is no credential",
      state: {
        stores: { main: store({ "anthropic:manual": { type: "token", provider: "anthropic", token: "   " } }) },
      },
      findings: [
        {
          message: `No credentials found for anthropic (agent main; ${DEFAULT_USE})`,
          subject: { agentId: "main", provider: "anthropic" },
          advice: ANTHROPIC_ADVICE,
        },
      ],
    },
    {
      name: "a profile refused by the provider since it last worked",
      state: {
        stores: {
          main: store(
            { "anthropic:default": { type: "api_key", provider: "anthropic", key: API_KEY } },
            {
              usageStats: {
                "anthropic:default": { errorCount: 2, lastError: "authentication_error: invalid x-api-key" },
              },
            },
          ),
        },
      },
      findings: [
        {
          message:
            `No usable credentials for anthropic (agent main; ${DEFAULT_USE}): ` +
            "profile anthropic:default was refused by Anthropic since it last worked (an invalid key; 2 failed requests recorded): replace it, or take it out of the order",
          subject: { agentId: "main", provider: "anthropic" },
          advice: ANTHROPIC_ADVICE,
        },
      ],
    },
  ],
});
