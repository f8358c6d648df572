import rule from "../../../rules/auth/provider-cooling-down.js";
import { ruleTable } from "../table.js";
import { anthropicStore, apiKey, cooling, HOUR, KEY_A, MIN, NOW, OVERLOADED } from "./cooldown-fixtures.js";

const advice = (agent: string, first: string, back: string, ...extra: string[]) => [
  `wait until ${back}: the gateway tries ${first} again by itself`,
  ...extra,
  "clawdia models auth paste-token --provider anthropic --profile-id anthropic:backup   # a second credential to use meanwhile",
  `clawdia models auth cooldown clear --provider anthropic --agent ${agent}   # once the cause is fixed`,
];
const RATE_ADVICE = "lower the request rate, or raise the rate limit of the Anthropic account";
const only = (usage: Record<string, unknown>) => anthropicStore(usage, { "anthropic:a": apiKey() });

ruleTable(rule, {
  valid: [
    { name: "no usage recorded (missing)", state: { stores: { main: only({}) } } },
    { name: "a cooldown that has passed", state: { stores: { main: only({ "anthropic:a": cooling(NOW - MIN) }) } } },
    {
      name: "a cooldown ending exactly now is over",
      state: { stores: { main: only({ "anthropic:a": cooling(NOW) }) } },
    },
    {
      name: "one of many cooling down: the other works",
      state: { stores: { main: anthropicStore({ "anthropic:a": cooling(NOW + 10 * MIN) }) } },
    },
    {
      name: "a provider not in use",
      state: {
        stores: {
          main: anthropicStore({}, { "openrouter:x": { type: "api_key", provider: "openrouter", key: "sk-or-v1-x" } }),
        },
      },
    },
    {
      name: "cooling down but left out (an expired token): no candidate, auth/token-expired says so",
      state: {
        stores: {
          main: anthropicStore(
            { "anthropic:a": cooling(NOW + MIN) },
            {
              "anthropic:a": {
                type: "token",
                provider: "anthropic",
                token: "sk-ant-oat01-COOLDOWNexpired00000000",
                expires: NOW - HOUR,
              },
            },
          ),
        },
      },
    },
  ],
  invalid: [
    {
      name: "the only candidate, in the future",
      state: { stores: { main: only({ "anthropic:a": cooling(NOW + 25 * MIN) }) } },
      findings: [
        {
          message:
            "Every anthropic credential of agent main is cooling down after errors (anthropic:a): anthropic:a comes back first, at 12:25 (in 25m); recorded: rate limited by Anthropic (too many requests)",
          subject: { agentId: "main", provider: "anthropic" },
          until: "2026-11-27T12:25:00.000Z",
          advice: advice("main", "anthropic:a", "12:25", RATE_ADVICE),
        },
      ],
    },
    {
      name: "every candidate: the soonest first, every reason recorded",
      state: {
        stores: {
          main: anthropicStore({
            "anthropic:a": cooling(NOW + 40 * MIN),
            "anthropic:b": cooling(NOW + 5 * MIN, { lastError: OVERLOADED }),
          }),
        },
      },
      findings: [
        {
          message:
            "Every anthropic credential of agent main is cooling down after errors (anthropic:b, anthropic:a): anthropic:b comes back first, at 12:05 (in 5m); recorded: Anthropic was overloaded or unavailable, rate limited by Anthropic (too many requests)",
          subject: { agentId: "main", provider: "anthropic" },
          until: "2026-11-27T12:05:00.000Z",
          advice: advice(
            "main",
            "anthropic:b",
            "12:05",
            "Anthropic recovers by itself; add a credential of another provider as a fallback",
            RATE_ADVICE,
          ),
        },
      ],
    },
    {
      name: "absurd: until tomorrow, with no error recorded",
      state: { stores: { main: only({ "anthropic:a": { cooldownUntil: NOW + 30 * HOUR } }) } },
      findings: [
        {
          message:
            "Every anthropic credential of agent main is cooling down after errors (anthropic:a): anthropic:a comes back first, at 2026-11-28 18:00 (in 30h)",
          subject: { agentId: "main", provider: "anthropic" },
          until: "2026-11-28T18:00:00.000Z",
          advice: advice("main", "anthropic:a", "2026-11-28 18:00"),
        },
      ],
    },
    {
      name: "per agent: another agent's identical credential is not cooling down",
      state: { stores: { main: only({ "anthropic:a": cooling(NOW + 25 * MIN) }), work: only({}) } },
      findings: [
        {
          message:
            "Every anthropic credential of agent main is cooling down after errors (anthropic:a): anthropic:a comes back first, at 12:25 (in 25m); recorded: rate limited by Anthropic (too many requests); " +
            `agent work has the same credential (sk-ant-api03-…${KEY_A.slice(-4)}) and is not cooling down: the cooldown is agent main's own record, not the provider's`,
          subject: { agentId: "main", provider: "anthropic" },
          until: "2026-11-27T12:25:00.000Z",
          advice: advice("main", "anthropic:a", "12:25", RATE_ADVICE),
        },
      ],
    },
  ],
});
