import rule from "../../../rules/auth/next-profile-cooling-down.js";
import { ruleTable } from "../table.js";
import { anthropicStore, cooling, MIN, NOW } from "./cooldown-fixtures.js";

ruleTable(rule, {
  valid: [
    { name: "no usage recorded (missing)", state: { stores: { main: anthropicStore({}) } } },
    {
      name: "the first one's cooldown has passed",
      state: { stores: { main: anthropicStore({ "anthropic:a": cooling(NOW - MIN) }) } },
    },
    {
      name: "the second one cools down: the first still comes first",
      state: { stores: { main: anthropicStore({ "anthropic:b": cooling(NOW + MIN) }) } },
    },
    {
      name: "every candidate cooling down: nothing takes its place (provider-cooling-down)",
      state: {
        stores: { main: anthropicStore({ "anthropic:a": cooling(NOW + MIN), "anthropic:b": cooling(NOW + 2 * MIN) }) },
      },
    },
  ],
  invalid: [
    {
      name: "one of many: the first cools down, the second takes its place",
      state: { stores: { main: anthropicStore({ "anthropic:a": cooling(NOW + 15 * MIN) }) } },
      findings: [
        {
          message:
            "anthropic:a (agent main) is cooling down until 12:15 (rate limited by Anthropic (too many requests)): the gateway uses anthropic:b for anthropic meanwhile",
          subject: { agentId: "main", profileId: "anthropic:a", provider: "anthropic" },
          until: "2026-11-27T12:15:00.000Z",
          advice: [],
        },
      ],
    },
    {
      name: "absurd and with no error recorded",
      state: { stores: { main: anthropicStore({ "anthropic:a": { cooldownUntil: NOW + 48 * 60 * MIN } }) } },
      findings: [
        {
          message:
            "anthropic:a (agent main) is cooling down until 2026-11-29 12:00: the gateway uses anthropic:b for anthropic meanwhile",
          subject: { agentId: "main", profileId: "anthropic:a", provider: "anthropic" },
          until: "2026-11-29T12:00:00.000Z",
          advice: [],
        },
      ],
    },
  ],
});
