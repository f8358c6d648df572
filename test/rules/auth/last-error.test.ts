import rule from "../../../rules/auth/last-error.js";
import { agentStorePath } from "../../../src/paths.js";
import { TEST_PATHS } from "../../support/state.js";
import { ruleTable } from "../table.js";
import { anthropicStore, cooling, KEY_A, KEY_B, MIN, NOW, OVERLOADED } from "./cooldown-fixtures.js";

const FILE = agentStorePath(TEST_PATHS, "main");
const subject = (profileId: string) => ({
  agentId: "main",
  profileId,
  provider: "anthropic",
  file: FILE,
  path: ["usageStats", profileId, "lastError"],
});

ruleTable(rule, {
  valid: [
    { name: "no usage recorded (missing)", state: { stores: { main: anthropicStore({}) } } },
    {
      name: "it has worked since (errorCount 0)",
      state: { stores: { main: anthropicStore({ "anthropic:a": { errorCount: 0, lastError: "429 rate limit" } }) } },
    },
    {
      name: "a blank error",
      state: { stores: { main: anthropicStore({ "anthropic:a": { errorCount: 2, lastError: "  " } }) } },
    },
  ],
  invalid: [
    {
      name: "a rate limit, cooling down in the future",
      state: {
        stores: { main: anthropicStore({ "anthropic:a": cooling(NOW + MIN, { lastError: "429 Too Many Requests" }) }) },
      },
      findings: [
        {
          message:
            'anthropic:a (agent main) last failed: rate limited by Anthropic (too many requests); 3 failed requests since it last worked; the provider said: "429 Too Many Requests"',
          subject: subject("anthropic:a"),
          advice: ["lower the request rate, or raise the rate limit of the Anthropic account"],
        },
      ],
    },
    {
      name: "billing, overloaded, auth refused and unknown, one of many each",
      state: {
        stores: {
          main: anthropicStore(
            {
              "anthropic:a": {
                errorCount: 1,
                lastError: "400 Your credit balance is too low to access the Anthropic API",
              },
              "anthropic:b": { errorCount: 2, lastError: OVERLOADED },
              "anthropic:c": { errorCount: 1, lastError: "401 authentication_error: invalid x-api-key" },
              "anthropic:d": { lastError: "something odd" },
            },
            { "anthropic:a": {}, "anthropic:b": {}, "anthropic:c": {}, "anthropic:d": {} },
          ),
        },
      },
      findings: [
        {
          message:
            'anthropic:a (agent main) last failed: refused by Anthropic for billing (credits or quota used up); 1 failed request since it last worked; the provider said: "400 Your credit balance is too low to access the Anthropic API"',
          subject: subject("anthropic:a"),
          advice: ["add credits or raise the quota of the Anthropic account"],
        },
        {
          message: `anthropic:b (agent main) last failed: Anthropic was overloaded or unavailable; 2 failed requests since it last worked; the provider said: "${OVERLOADED}"`,
          subject: subject("anthropic:b"),
          advice: ["Anthropic recovers by itself; add a credential of another provider as a fallback"],
        },
        {
          message:
            'anthropic:c (agent main) last failed: Anthropic refused the credential; 1 failed request since it last worked; the provider said: "401 authentication_error: invalid x-api-key"',
          subject: subject("anthropic:c"),
          advice: ["replace the credential (clawdia doctor says how)"],
        },
        {
          message:
            'anthropic:d (agent main) last failed: an error the provider did not classify; the provider said: "something odd"',
          subject: subject("anthropic:d"),
          advice: [],
        },
      ],
    },
    {
      name: "a long body quoting the key, with control characters: masked, bounded, escaped",
      state: {
        stores: {
          main: anthropicStore({
            "anthropic:a": {
              errorCount: 1,
              lastError: `\u001b[31m429\r\nrate limited for key ${KEY_A} Authorization: Bearer ${KEY_A} ${"x".repeat(500)}`,
            },
          }),
        },
      },
      findings: [
        {
          message: `anthropic:a (agent main) last failed: rate limited by Anthropic (too many requests); 1 failed request since it last worked; the provider said: "\\x1b[31m429 rate limited for key sk-ant-api03-…${KEY_A.slice(-4)} Authorization: Bearer…"`,
          subject: subject("anthropic:a"),
          advice: ["lower the request rate, or raise the rate limit of the Anthropic account"],
        },
      ],
    },
    {
      name: "the key JSON-escaped in the body (\\u002d, \\/): decoded, then masked",
      state: {
        stores: {
          main: anthropicStore({
            "anthropic:a": {
              errorCount: 1,
              lastError: `429 {"key":"${KEY_A.replace(/-/g, "\\u002d")}","url":"https:\\/\\/x\\/${KEY_B}"}`,
            },
          }),
        },
      },
      findings: [
        {
          message: `anthropic:a (agent main) last failed: rate limited by Anthropic (too many requests); 1 failed request since it last worked; the provider said: "429 {"key":"sk-ant-api03-…${KEY_A.slice(-4)}","url":"https://x/sk-ant-api03-…${KEY_B.slice(-4)}"}"`,
          subject: subject("anthropic:a"),
          advice: ["lower the request rate, or raise the rate limit of the Anthropic account"],
        },
      ],
    },
    {
      name: "a foreign key escaped twice or URL-encoded: decoded, then masked by its shape",
      state: {
        stores: {
          main: anthropicStore({
            "anthropic:a": {
              errorCount: 1,
              lastError: `429 sk\\\\u002dant\\\\u002dapi03\\\\u002d${"Zq9".repeat(12)} sk%2Dproj%2D${"Ab1".repeat(10)}`,
            },
          }),
        },
      },
      findings: [
        {
          message:
            'anthropic:a (agent main) last failed: rate limited by Anthropic (too many requests); 1 failed request since it last worked; the provider said: "429 sk-ant-api03-…9Zq9 sk-proj-…1Ab1"',
          subject: subject("anthropic:a"),
          advice: ["lower the request rate, or raise the rate limit of the Anthropic account"],
        },
      ],
    },
  ],
});
