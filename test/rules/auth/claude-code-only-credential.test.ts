import rule from "../../../rules/auth/claude-code-only-credential.js";
import { agentStorePath } from "../../../src/paths.js";
import { TEST_PATHS } from "../../support/state.js";
import { ruleTable, store } from "../table.js";

const OAT = "sk-ant-oat01-PLANTEDclaudecodeTOKENQ9z4";
const API_KEY = "sk-ant-api03-PLANTEDapikeyAPIKEYab12";
const ERROR = "This credential is only authorized for use with Claude Code and cannot be used for other API requests.";
const CREATE_KEY = "create an API key in the Anthropic Console (https://console.anthropic.com/settings/keys)";
const mainStore = agentStorePath(TEST_PATHS, "main");

ruleTable(rule, {
  valid: [
    {
      name: "an API key as api_key",
      state: {
        stores: { main: store({ "anthropic:default": { type: "api_key", provider: "anthropic", key: API_KEY } }) },
      },
    },
    {
      name: "a setup-token stored as a token",
      state: {
        stores: { main: store({ "anthropic:claude-cli": { type: "token", provider: "anthropic", token: OAT } }) },
      },
    },
    {
      name: "an API key in every env place",
      state: {
        env: { ANTHROPIC_API_KEY: API_KEY },
        dotenv: `ANTHROPIC_API_KEY=${API_KEY}\n`,
        config: { env: { vars: { ANTHROPIC_API_KEY: API_KEY } } },
      },
    },
    { name: "another provider's key variable", state: { env: { OPENROUTER_API_KEY: OAT } } },
    {
      name: "another recorded error",
      state: {
        stores: {
          main: store({}, { usageStats: { "anthropic:default": { errorCount: 3, lastError: "rate limited" } } }),
        },
      },
    },
    {
      name: "the error, but the profile has worked since",
      state: {
        stores: { main: store({}, { usageStats: { "anthropic:claude-cli": { errorCount: 0, lastError: ERROR } } }) },
      },
    },
  ],
  invalid: [
    {
      name: "a Claude Code token stored as api_key",
      state: { stores: { main: store({ "anthropic:default": { type: "api_key", provider: "anthropic", key: OAT } }) } },
      findings: [
        {
          message:
            "anthropic:default (agent main) is an api_key profile but holds a Claude Code token, not an API key (sk-ant-oat01-…Q9z4)",
          subject: {
            agentId: "main",
            profileId: "anthropic:default",
            provider: "anthropic",
            file: mainStore,
            path: ["profiles", "anthropic:default", "key"],
          },
          advice: [
            CREATE_KEY,
            "clawdia onboard --non-interactive --provider anthropic --auth-choice api-key --store profile --profile-id anthropic:default (paste the new key when asked)",
            "clawdia models status",
          ],
        },
      ],
    },
    {
      name: "ANTHROPIC_API_KEY in the shell environment",
      state: { env: { ANTHROPIC_API_KEY: OAT } },
      findings: [
        {
          message:
            "ANTHROPIC_API_KEY in the shell environment holds a Claude Code token, not an API key (sk-ant-oat01-…Q9z4)",
          subject: { provider: "anthropic" },
          advice: [
            CREATE_KEY,
            "export ANTHROPIC_API_KEY=… (the new key, where your shell sets it now; for the daemon, put ANTHROPIC_API_KEY=… in ~/.clawdia/.env)",
            "clawdia models status",
          ],
        },
      ],
    },
    {
      name: "ANTHROPIC_API_KEY in .env",
      state: { dotenv: `# keys\nexport ANTHROPIC_API_KEY="${OAT}"\n` },
      findings: [
        {
          message:
            "ANTHROPIC_API_KEY in ~/.clawdia/.env (line 2) holds a Claude Code token, not an API key (sk-ant-oat01-…Q9z4)",
          subject: { provider: "anthropic", file: TEST_PATHS.dotenvPath },
          advice: [
            CREATE_KEY,
            "replace ANTHROPIC_API_KEY=… in ~/.clawdia/.env with the new key, then restart the gateway",
            "clawdia models status",
          ],
        },
      ],
    },
    {
      name: "ANTHROPIC_API_KEY in config env.vars",
      state: { config: { env: { vars: { ANTHROPIC_API_KEY: OAT } } } },
      findings: [
        {
          message:
            "env.vars.ANTHROPIC_API_KEY in ~/.clawdia/clawdia.json holds a Claude Code token, not an API key (sk-ant-oat01-…Q9z4)",
          subject: { provider: "anthropic", file: TEST_PATHS.configPath, path: ["env", "vars", "ANTHROPIC_API_KEY"] },
          advice: [
            CREATE_KEY,
            "replace env.vars.ANTHROPIC_API_KEY in ~/.clawdia/clawdia.json with the new key (or move it to ~/.clawdia/.env)",
            "clawdia models status",
          ],
        },
      ],
    },
    {
      name: "the gateway recorded Anthropic's refusal",
      state: {
        stores: { work: store({}, { usageStats: { "anthropic:claude-cli": { errorCount: 2, lastError: ERROR } } }) },
      },
      findings: [
        {
          message:
            'anthropic:claude-cli (agent work) was refused by Anthropic: "This credential is only authorized for use with Claude Code"',
          subject: {
            agentId: "work",
            profileId: "anthropic:claude-cli",
            provider: "anthropic",
            file: agentStorePath(TEST_PATHS, "work"),
            path: ["usageStats", "anthropic:claude-cli", "lastError"],
          },
          advice: [
            CREATE_KEY,
            "export ANTHROPIC_API_KEY=… (or put ANTHROPIC_API_KEY=… in ~/.clawdia/.env for the daemon)",
            "clawdia models status",
            "alternative: clawdia models auth setup-token --provider anthropic",
          ],
        },
      ],
    },
  ],
});
