import rule from "../../../rules/auth/cooldown-too-long.js";
import { agentStorePath } from "../../../src/paths.js";
import { TEST_PATHS } from "../../support/state.js";
import { ruleTable } from "../table.js";
import { anthropicStore, cooling, HOUR, MIN, NOW } from "./cooldown-fixtures.js";

const FILE = agentStorePath(TEST_PATHS, "main");
const finding = (profileId: string, message: string) => ({
  message,
  subject: {
    agentId: "main",
    profileId,
    provider: "anthropic",
    file: FILE,
    path: ["usageStats", profileId, "cooldownUntil"],
  },
  advice: [`clawdia models auth cooldown clear --provider anthropic --profile ${profileId} --agent main`],
});

ruleTable(rule, {
  valid: [
    { name: "no usage recorded (missing)", state: { stores: { main: anthropicStore({}) } } },
    {
      name: "a cooldown in the past",
      state: { stores: { main: anthropicStore({ "anthropic:a": cooling(NOW - 5 * HOUR) }) } },
    },
    {
      name: "a rate limit's cooldown of exactly an hour",
      state: { stores: { main: anthropicStore({ "anthropic:a": cooling(NOW + HOUR) }) } },
    },
    {
      name: "a billing hold of 20 hours",
      state: {
        stores: {
          main: anthropicStore({
            "anthropic:a": cooling(NOW + 20 * HOUR, { lastError: "400 Your credit balance is too low" }),
          }),
        },
      },
    },
  ],
  invalid: [
    {
      name: "absurd: a rate limit's cooldown of 61 minutes",
      state: { stores: { main: anthropicStore({ "anthropic:a": cooling(NOW + HOUR + MIN) }) } },
      findings: [
        finding(
          "anthropic:a",
          "anthropic:a (agent main) is cooling down until 13:01 (in 1h), longer than the gateway rests a profile after rate limited by Anthropic (too many requests) (at most 1h): a clock that jumped, or a store edited by hand",
        ),
      ],
    },
    {
      name: "absurd: next year, no error recorded; one of many",
      state: {
        stores: {
          main: anthropicStore({
            "anthropic:a": cooling(NOW + MIN),
            "anthropic:b": { cooldownUntil: NOW + 400 * 24 * HOUR },
          }),
        },
      },
      findings: [
        finding(
          "anthropic:b",
          "anthropic:b (agent main) is cooling down until 2028-01-01 12:00 (in 400d), longer than the gateway rests a profile after any error (at most 1h): a clock that jumped, or a store edited by hand",
        ),
      ],
    },
  ],
});
