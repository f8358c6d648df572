import rule from "../../../rules/auth/claude-code-credentials-invalid.js";
import { TEST_PATHS } from "../../support/state.js";
import { ruleTable } from "../table.js";

const file = TEST_PATHS.claudeCredentialsPath;
const shown = file.startsWith(TEST_PATHS.home) ? "~" + file.slice(TEST_PATHS.home.length) : file;
const advice = ["claude login   # Claude Code writes its credentials again", "clawdia models status --check"];
const envAdvice = [
  "unset CLAUDE_CODE_OAUTH_TOKEN   # or export it again with the token `claude setup-token` printed",
  "clawdia models status --check",
];
const GOOD = ("sk-ant-oat01-INVALIDruleGood" + "a1B2_c3D4-e5".repeat(9)).slice(0, 106) + "AA";
/** The finding for a CLAUDE_CODE_OAUTH_TOKEN that cannot be a token: the variable is named, its value never. */
const envFinding = (problem: string) => ({
  message: `Claude Code's credential in CLAUDE_CODE_OAUTH_TOKEN cannot be used: it ${problem}; Claude Code takes the variable ahead of anything it stored, so nothing is synced`,
  subject: { provider: "anthropic" },
  advice: envAdvice,
});

ruleTable(rule, {
  valid: [
    { name: "no Claude Code credentials", state: {} },
    {
      name: "a good credentials file",
      state: { claudeCode: { claudeAiOauth: { accessToken: "sk-ant-oat01-GOODgoodGOOD", expiresAt: 1 } } },
    },
    { name: "a good CLAUDE_CODE_OAUTH_TOKEN", state: { env: { CLAUDE_CODE_OAUTH_TOKEN: GOOD } } },
    {
      name: "a good CLAUDE_CODE_OAUTH_TOKEN hides a broken credentials file (Claude Code never reads it)",
      state: { env: { CLAUDE_CODE_OAUTH_TOKEN: GOOD }, claudeCode: "{ oops" },
    },
    { name: "an empty CLAUDE_CODE_OAUTH_TOKEN is unset", state: { env: { CLAUDE_CODE_OAUTH_TOKEN: "" } } },
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
      findings: [
        {
          message: `Claude Code's credentials ${shown} cannot be used: it has no claudeAiOauth.accessToken`,
          subject: { provider: "anthropic", file },
          advice,
        },
      ],
    },
    {
      // Found by the idempotence property: the sync copied " " into anthropic:claude-cli, which then
      // "has no credential", so every later run planned the same sync again.
      name: "an accessToken of only whitespace is none",
      state: { claudeCode: { claudeAiOauth: { accessToken: " \t" } } },
      findings: [
        {
          message: `Claude Code's credentials ${shown} cannot be used: it has no claudeAiOauth.accessToken`,
          subject: { provider: "anthropic", file },
          advice,
        },
      ],
    },
    {
      name: "CLAUDE_CODE_OAUTH_TOKEN with a line break inside",
      state: { env: { CLAUDE_CODE_OAUTH_TOKEN: `${GOOD.slice(0, 50)}\n${GOOD.slice(50)}` } },
      findings: [envFinding("contains whitespace or a line break: a token is one line without spaces")],
    },
    {
      name: "CLAUDE_CODE_OAUTH_TOKEN with an ESC inside",
      state: { env: { CLAUDE_CODE_OAUTH_TOKEN: `${GOOD.slice(0, 50)}\u001b${GOOD.slice(50)}` } },
      findings: [envFinding("contains control characters: a token is one line of printable characters")],
    },
    {
      name: "CLAUDE_CODE_OAUTH_TOKEN holding a refresh token, not a setup-token; the file behind it is not used",
      state: {
        env: { CLAUDE_CODE_OAUTH_TOKEN: GOOD.replace("oat01", "ort01") },
        claudeCode: { claudeAiOauth: { accessToken: GOOD } },
      },
      findings: [envFinding('is not a Claude Code token, which starts with "sk-ant-oat01-"')],
    },
    {
      name: "CLAUDE_CODE_OAUTH_TOKEN holding an API key",
      state: { env: { CLAUDE_CODE_OAUTH_TOKEN: GOOD.replace("oat01", "api03") } },
      findings: [
        envFinding(
          "is an Anthropic API key, not a token: give it to the gateway as ANTHROPIC_API_KEY in ~/.clawdia/.env (or run `clawdia onboard`)",
        ),
      ],
    },
    {
      name: "CLAUDE_CODE_OAUTH_TOKEN holding a placeholder",
      state: { env: { CLAUDE_CODE_OAUTH_TOKEN: "your-token-here" } },
      findings: [envFinding("is a placeholder, not a real token: replace it with your Anthropic token")],
    },
  ],
});
