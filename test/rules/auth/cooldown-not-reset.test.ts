import rule from "../../../rules/auth/cooldown-not-reset.js";
import { agentStorePath } from "../../../src/paths.js";
import { TEST_PATHS } from "../../support/state.js";
import type { FileOp } from "../../../src/types.js";
import { ruleTable } from "../table.js";
import { anthropicStore, cooling, HOUR, MIN, NOW } from "./cooldown-fixtures.js";

const FILE = agentStorePath(TEST_PATHS, "main");
const subject = (profileId: string) => ({
  agentId: "main",
  profileId,
  provider: "anthropic",
  file: FILE,
  path: ["usageStats", profileId],
});
const reset = (profileId: string): FileOp[] => [
  { kind: "json-set", file: FILE, path: ["usageStats", profileId, "cooldownUntil"], value: undefined },
  { kind: "json-set", file: FILE, path: ["usageStats", profileId, "errorCount"], value: 0 },
];

ruleTable(rule, {
  valid: [
    { name: "no usage recorded (missing)", state: { stores: { main: anthropicStore({}) } } },
    {
      name: "a cooldown in the future is not over",
      state: { stores: { main: anthropicStore({ "anthropic:a": cooling(NOW + MIN) }) } },
    },
    {
      name: "reset by the gateway: errorCount 0, cooldownUntil 0",
      state: {
        stores: { main: anthropicStore({ "anthropic:a": { errorCount: 0, cooldownUntil: 0, lastError: "429" } }) },
      },
    },
    {
      name: "a past cooldownUntil with the count reset",
      state: { stores: { main: anthropicStore({ "anthropic:a": { errorCount: 0, cooldownUntil: NOW - HOUR } }) } },
    },
    {
      name: "errors counted but no cooldown recorded",
      state: { stores: { main: anthropicStore({ "anthropic:a": { errorCount: 2 } }) } },
    },
    {
      name: "a refused credential keeps its count (it is what rules the credential out)",
      state: {
        stores: {
          main: anthropicStore({ "anthropic:a": cooling(NOW - HOUR, { lastError: "401 invalid x-api-key" }) }),
        },
      },
    },
  ],
  invalid: [
    {
      name: "absurd: a cooldown that ended before 1970 (-1e300), its count still there",
      state: { stores: { main: anthropicStore({ "anthropic:a": cooling(-1e300) }) } },
      findings: [
        {
          message:
            "anthropic:a (agent main): its cooldown ended at 1970-01-01 00:00, but its 3 failed requests are still counted, so its next error rests it for longer",
          subject: subject("anthropic:a"),
          advice: [],
          fix: { title: "reset the ended cooldown of anthropic:a (agent main)", ops: reset("anthropic:a") },
        },
      ],
    },
    {
      name: "a cooldown in the past, its count still there",
      state: { stores: { main: anthropicStore({ "anthropic:a": cooling(NOW - 20 * MIN, { errorCount: 7 }) }) } },
      findings: [
        {
          message:
            "anthropic:a (agent main): its cooldown ended at 11:40, but its 7 failed requests are still counted, so its next error rests it for longer",
          subject: subject("anthropic:a"),
          advice: [],
          fix: { title: "reset the ended cooldown of anthropic:a (agent main)", ops: reset("anthropic:a") },
        },
      ],
    },
    {
      name: "one of many: only the profile whose cooldown is over",
      state: {
        stores: {
          main: anthropicStore({
            "anthropic:a": cooling(NOW + MIN),
            "anthropic:b": cooling(NOW - 2 * HOUR, { errorCount: 1 }),
          }),
        },
      },
      findings: [
        {
          message:
            "anthropic:b (agent main): its cooldown ended at 10:00, but its 1 failed request is still counted, so its next error rests it for longer",
          subject: subject("anthropic:b"),
          advice: [],
          fix: { title: "reset the ended cooldown of anthropic:b (agent main)", ops: reset("anthropic:b") },
        },
      ],
    },
  ],
});
