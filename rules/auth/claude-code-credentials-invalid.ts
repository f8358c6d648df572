import { defineRule, EXAMPLE_NOW, HOUR } from "../../src/rule.js";
import { claudeCodeSourceLabel, OAUTH_TOKEN_VARIABLE } from "../../src/snapshot/claude-code.js";

export default defineRule({
  id: "auth/claude-code-credentials-invalid",
  title: "Claude Code's credentials exist but cannot be used",
  severity: "error",
  fix: "none",
  docs: `Clawdia imports Claude Code's credential into each agent's anthropic:claude-cli profile (the sync pass)
from where Claude Code takes it: the ${OAUTH_TOKEN_VARIABLE} variable, then on macOS the Keychain item
"Claude Code-credentials", then $CLAUDE_CONFIG_DIR/.credentials.json or ~/.claude/.credentials.json.
When the first of them that exists cannot be read or parsed, or the variable holds something that
cannot be a token (whitespace, control characters, not "sk-ant-oat01-…"), Claude Code would use it and
fail, nothing can be synced, and what the gateway will get for Anthropic cannot be known:
\`clawdia models status --check\` fails ("the state cannot be read"), naming the variable or the file and
the position, never the value. Clawdia never rewrites Claude Code's own file; logging in to Claude Code
again (\`claude login\`) writes a good one, and a variable is fixed where it is exported.

Bad:  ~/.claude/.credentials.json holds '{ "claudeAiOauth": { "accessToken": ' (cut short).
Bad:  ${OAUTH_TOKEN_VARIABLE} holds the token with a line break inside it.
Good: it holds { "claudeAiOauth": { "accessToken": "sk-ant-oat01-…", "refreshToken": …, "expiresAt": … } }.`,
  examples: {
    bad: [
      { caption: "Claude Code's credentials file was cut short", claudeCode: '{ "claudeAiOauth": { "accessToken": ' },
      {
        caption: "CLAUDE_CODE_OAUTH_TOKEN holds a line break",
        env: { CLAUDE_CODE_OAUTH_TOKEN: "sk-ant-oat01-EXAMPLEtoken\nEXAMPLEtoken" },
      },
    ],
    good: [
      {
        caption: "a complete login",
        claudeCode: {
          claudeAiOauth: {
            accessToken: "sk-ant-oat01-EXAMPLEaccessEXAMPLEaccess",
            refreshToken: "sk-ant-ort01-EXAMPLErefresh",
            expiresAt: EXAMPLE_NOW + 6 * HOUR,
            scopes: [],
            subscriptionType: "max",
          },
        },
      },
    ],
  },
  check({ snapshot }) {
    const claude = snapshot.claudeCode;
    if (claude.source === "none" || !claude.problem) return [];
    if (claude.source === "env") {
      return [
        {
          message: `Claude Code's credential in ${OAUTH_TOKEN_VARIABLE} cannot be used: ${claude.problem}; Claude Code takes the variable ahead of anything it stored, so nothing is synced`,
          subject: { provider: "anthropic" },
          advice: [
            `unset ${OAUTH_TOKEN_VARIABLE}   # or export it again with the token \`claude setup-token\` printed`,
            "clawdia models status --check",
          ],
        },
      ];
    }
    const where = claudeCodeSourceLabel(claude, snapshot.raw.paths.home);
    const at = claude.problemAt ? `:${claude.problemAt.line}:${claude.problemAt.column}` : "";
    return [
      {
        message: `Claude Code's credentials ${where}${at} cannot be used: ${claude.problem}`,
        subject: {
          provider: "anthropic",
          ...(claude.source === "file" ? { file: claude.location } : {}),
          ...(claude.problemAt ? { line: claude.problemAt.line, column: claude.problemAt.column } : {}),
        },
        advice: ["claude login   # Claude Code writes its credentials again", "clawdia models status --check"],
      },
    ];
  },
});
