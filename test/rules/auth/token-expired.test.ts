import rule from "../../../rules/auth/token-expired.js";
import { SETUP_TOKEN_ADVICE } from "../../../src/auth/advice.js";
import { TEST_PATHS, DAY, HOUR, NOW } from "../../support/state.js";
import { agentStorePath } from "../../../src/paths.js";
import { ruleTable, store } from "../table.js";

const TOKEN = "sk-ant-oat01-TESTTOKENTESTTOKENTEST";
const token = (expires?: number) => ({ type: "token", provider: "anthropic", token: TOKEN, expires });
const subject = (profileId: string, agentId = "main") => ({
  agentId,
  profileId,
  provider: "anthropic",
  file: agentStorePath(TEST_PATHS, agentId),
  path: ["profiles", profileId, "expires"],
});

ruleTable(rule, {
  valid: [
    { name: "expires 1ms from now", state: { stores: { main: store({ "anthropic:manual": token(NOW + 1) }) } } },
    { name: "no expiry recorded", state: { stores: { main: store({ "anthropic:manual": token() }) } } },
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
              expires: NOW - DAY,
            },
          }),
        },
      },
    },
    {
      name: "a profile with no credential is missing, not expired",
      state: { stores: { main: store({ "anthropic:manual": { type: "token", expires: NOW - DAY } }) } },
    },
  ],
  invalid: [
    {
      name: "expires exactly now",
      state: { stores: { main: store({ "anthropic:manual": token(NOW) }) } },
      findings: [
        {
          message: "anthropic:manual (agent main) expired 1m ago",
          subject: subject("anthropic:manual"),
          advice: ["clawdia models auth paste-token --provider anthropic --profile-id anthropic:manual"],
        },
      ],
    },
    {
      name: "the Claude Code setup-token: rerun claude setup-token",
      state: { stores: { main: store({ "anthropic:claude-cli": token(NOW - 3 * HOUR) }) } },
      findings: [
        {
          message: "anthropic:claude-cli (agent main) expired 3h ago",
          subject: subject("anthropic:claude-cli"),
          advice: [...SETUP_TOKEN_ADVICE, "clawdia models status"],
        },
      ],
    },
    {
      name: "oauth without a refresh token is static",
      state: {
        stores: {
          work: store({
            "anthropic:claude-cli": { type: "oauth", provider: "anthropic", access: TOKEN, expires: NOW - 3 * DAY },
          }),
        },
      },
      findings: [
        {
          message: "anthropic:claude-cli (agent work) expired 3d ago",
          subject: subject("anthropic:claude-cli", "work"),
          advice: [...SETUP_TOKEN_ADVICE, "clawdia models status"],
        },
      ],
    },
    {
      name: "several agents",
      state: {
        stores: {
          main: store({ "anthropic:manual": token(NOW - HOUR) }),
          work: store({ "anthropic:manual": token(NOW - 2 * HOUR), "anthropic:ok": token(NOW + DAY) }),
        },
      },
      findings: [
        {
          message: "anthropic:manual (agent main) expired 1h ago",
          subject: subject("anthropic:manual"),
          advice: ["clawdia models auth paste-token --provider anthropic --profile-id anthropic:manual"],
        },
        {
          message: "anthropic:manual (agent work) expired 2h ago",
          subject: subject("anthropic:manual", "work"),
          advice: ["clawdia models auth paste-token --provider anthropic --profile-id anthropic:manual"],
        },
      ],
    },
  ],
});
