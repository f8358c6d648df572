import rule from "../../../rules/auth/token-expiring.js";
import { SETUP_TOKEN_ADVICE } from "../../../src/auth/advice.js";
import { agentStorePath } from "../../../src/paths.js";
import { TEST_PATHS, DAY, HOUR, NOW } from "../../support/state.js";
import { ruleTable, store } from "../table.js";

const TOKEN = "sk-ant-oat01-TESTTOKENTESTTOKENTEST";
const token = (expires?: number) => ({ type: "token", provider: "anthropic", token: TOKEN, expires });
const subject = (profileId: string) => ({
  agentId: "main",
  profileId,
  provider: "anthropic",
  file: agentStorePath(TEST_PATHS, "main"),
  path: ["profiles", profileId, "expires"],
});

ruleTable(rule, {
  valid: [
    {
      name: "1ms past the 24h window",
      state: { stores: { main: store({ "anthropic:manual": token(NOW + DAY + 1) }) } },
    },
    {
      name: "already expired (token-expired reports it)",
      state: { stores: { main: store({ "anthropic:manual": token(NOW) }) } },
    },
    { name: "no expiry recorded", state: { stores: { main: store({ "anthropic:manual": token() }) } } },
    {
      name: "oauth with a refresh token, expiring",
      state: {
        stores: {
          main: store({
            "anthropic:claude-cli": {
              type: "oauth",
              provider: "anthropic",
              access: TOKEN,
              refresh: "sk-ant-ort01-R",
              expires: NOW + HOUR,
            },
          }),
        },
      },
    },
    {
      name: "auth.expiryWarnHours narrows the window",
      state: {
        config: { auth: { expiryWarnHours: 1 } },
        stores: { main: store({ "anthropic:manual": token(NOW + 2 * HOUR) }) },
      },
    },
  ],
  invalid: [
    {
      name: "exactly at the window's edge",
      state: { stores: { main: store({ "anthropic:manual": token(NOW + DAY) }) } },
      findings: [
        {
          message: "anthropic:manual (agent main) expires in 24h",
          subject: subject("anthropic:manual"),
          advice: ["clawdia models auth paste-token --provider anthropic --profile-id anthropic:manual"],
        },
      ],
    },
    {
      name: "the Claude Code setup-token, 1ms from now",
      state: { stores: { main: store({ "anthropic:claude-cli": token(NOW + 1) }) } },
      findings: [
        {
          message: "anthropic:claude-cli (agent main) expires in 1m",
          subject: subject("anthropic:claude-cli"),
          advice: [...SETUP_TOKEN_ADVICE, "clawdia models status"],
        },
      ],
    },
  ],
});
