import rule from "../../../rules/auth/claude-code-credentials-invalid.js";
import { TEST_PATHS } from "../../support/state.js";
import { ruleTable } from "../table.js";

const file = TEST_PATHS.claudeCredentialsPath;
const shown = file.startsWith(TEST_PATHS.home) ? "~" + file.slice(TEST_PATHS.home.length) : file;
const advice = ["claude login   # Claude Code writes its credentials again", "clawdia models status --check"];

ruleTable(rule, {
  valid: [
    { name: "no Claude Code credentials", state: {} },
    { name: "a good credentials file", state: { claudeCode: { claudeAiOauth: { accessToken: "sk-ant-oat01-GOODgoodGOOD", expiresAt: 1 } } } },
  ],
  invalid: [
    {
      name: "cut short: not JSON, with its position",
      state: { claudeCode: '{ "claudeAiOauth": { "accessToken": ' },
      findings: [
        {
          message: `Claude Code's credentials ${shown}:1:37 cannot be used: it is not valid JSON: value expected`,
          subject: { provider: "anthropic", file, line: 1, column: 37 },
          advice,
        },
      ],
    },
    {
      name: "JSON without claudeAiOauth.accessToken",
      state: { claudeCode: { claudeAiOauth: { refreshToken: "sk-ant-ort01-x" } } },
      findings: [{ message: `Claude Code's credentials ${shown} cannot be used: it has no claudeAiOauth.accessToken`, subject: { provider: "anthropic", file }, advice }],
    },
  ],
});
