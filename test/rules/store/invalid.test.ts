import rule from "../../../rules/store/invalid.js";
import { agentStorePath } from "../../../src/paths.js";
import { NOW, TEST_PATHS } from "../../support/state.js";
import { ruleTable, store } from "../table.js";

const MAIN = agentStorePath(TEST_PATHS, "main");
const WORK = agentStorePath(TEST_PATHS, "work");
const KEY = "sk-ant-api03-PLANTEDstoreKEYstoreKEY0001";
const EDIT = (agent: string) => [
  "stop the gateway (it writes this file too)",
  `\${EDITOR:-vi} ~/.clawdia/agents/${agent}/agent/auth-profiles.json`,
  "clawdia doctor",
];
const schemaError = (path: (string | number)[], message: string, agentId = "main", profileId?: string) => ({
  message: `agent ${agentId}: ${message}`,
  subject: { agentId, profileId, file: agentId === "main" ? MAIN : WORK, path },
  advice: EDIT(agentId),
});

ruleTable(rule, {
  valid: [
    { name: "no stores", state: {} },
    { name: "a configured agent without a store yet", state: { config: { agents: { list: [{ id: "main" }] } } } },
    {
      name: "the documented store, with keys the gateway added",
      state: {
        stores: {
          main: store(
            {
              "anthropic:claude-cli": {
                type: "oauth",
                provider: "anthropic",
                access: "sk-ant-oat01-A",
                refresh: "sk-ant-ort01-R",
                expires: NOW,
              },
              "anthropic:manual": {
                type: "token",
                provider: "anthropic",
                token: "sk-ant-oat01-T",
                expires: NOW,
                email: "a@b.c",
              },
              "anthropic:default": { type: "api_key", provider: "anthropic", key: KEY },
              "anthropic:refresh-only": { type: "oauth", refresh: "sk-ant-ort01-R" },
            },
            {
              order: { anthropic: ["anthropic:default"] },
              lastGood: { anthropic: "anthropic:default" },
              usageStats: {
                "anthropic:claude-cli": { lastUsed: 0, errorCount: 2, cooldownUntil: 0, lastError: "x", extra: true },
              },
              gatewayState: {},
            },
          ),
        },
      },
    },
    { name: "no version yet", state: { stores: { main: { profiles: {} } } } },
  ],
  invalid: [
    {
      name: "broken JSON, with line and column",
      state: {
        stores: { main: `{\n  "profiles": {\n    "anthropic:default": { "type": "api_key", "key": "${KEY}" }\n  }\n` },
      },
      findings: [
        {
          message: "~/.clawdia/agents/main/agent/auth-profiles.json:5:1: close brace expected",
          subject: { agentId: "main", file: MAIN, line: 5, column: 1 },
          advice: ["${EDITOR:-vi} ~/.clawdia/agents/main/agent/auth-profiles.json", "clawdia doctor"],
        },
      ],
    },
    {
      name: "an unclosed store gives one finding per distinct parse problem",
      state: { stores: { main: `{ "profiles": { "anthropic:default": { "type": "api_key" ` } },
      findings: [
        {
          message: "~/.clawdia/agents/main/agent/auth-profiles.json:1:58: close brace expected",
          subject: { agentId: "main", file: MAIN, line: 1, column: 58 },
          advice: ["${EDITOR:-vi} ~/.clawdia/agents/main/agent/auth-profiles.json", "clawdia doctor"],
        },
      ],
    },
    {
      name: "too large to read",
      state: { stores: { main: store({}) } },
      raw: (raw) =>
        raw.stores.set("main", {
          path: MAIN,
          status: "too-large",
          mode: 0o600,
          size: 20 << 20,
          error: "it is 20 MiB, over the 16 MiB limit",
        }),
      findings: [
        {
          message:
            "~/.clawdia/agents/main/agent/auth-profiles.json could not be read: it is 20 MiB, over the 16 MiB limit",
          subject: { agentId: "main", file: MAIN },
          advice: ["ls -ld ~/.clawdia/agents/main/agent/auth-profiles.json"],
        },
      ],
    },
    {
      name: "wrong types and values, never echoed",
      state: {
        stores: {
          main: {
            version: "1",
            profiles: {
              "anthropic:default": { type: KEY, provider: "anthropic", key: KEY },
              "anthropic:manual": {
                type: "token",
                provider: "anthropic",
                token: "sk-ant-oat01-T",
                expires: "tomorrow",
              },
              "anthropic:nokey": { type: "api_key", provider: "anthropic", key: "" },
              "anthropic:bare": { provider: "anthropic" },
            },
            order: { anthropic: "anthropic:default" },
            usageStats: { "anthropic:default": { errorCount: "2" } },
          },
        },
      },
      findings: [
        schemaError(["version"], "version: expected a number, got string"),
        schemaError(
          ["profiles", "anthropic:default", "type"],
          'profiles["anthropic:default"].type: expected one of "oauth", "token", "api_key"',
          "main",
          "anthropic:default",
        ),
        schemaError(
          ["profiles", "anthropic:manual", "expires"],
          'profiles["anthropic:manual"].expires: expected a number, got string',
          "main",
          "anthropic:manual",
        ),
        schemaError(
          ["profiles", "anthropic:nokey", "key"],
          'profiles["anthropic:nokey"].key: empty, a profile of type api_key keeps its credential here',
          "main",
          "anthropic:nokey",
        ),
        schemaError(
          ["profiles", "anthropic:bare", "type"],
          'profiles["anthropic:bare"].type: missing, expected one of "oauth", "token", "api_key"',
          "main",
          "anthropic:bare",
        ),
        schemaError(["order", "anthropic"], "order.anthropic: expected an array, got string"),
        schemaError(
          ["usageStats", "anthropic:default", "errorCount"],
          'usageStats["anthropic:default"].errorCount: expected a number, got string',
          "main",
          "anthropic:default",
        ),
      ],
    },
    {
      name: "several agents, each reported on its own",
      state: { stores: { main: store({ "anthropic:x": { type: "token" } }), work: { profiles: [] } } },
      findings: [
        schemaError(
          ["profiles", "anthropic:x", "token"],
          'profiles["anthropic:x"].token: missing, a profile of type token keeps its credential here',
          "main",
          "anthropic:x",
        ),
        schemaError(["profiles"], "profiles: expected an object, got array", "work"),
      ],
    },
  ],
});
