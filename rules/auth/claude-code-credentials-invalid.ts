import { defineRule } from "../../src/rule.js";
import { displayPath } from "../../src/paths.js";

export default defineRule({
  id: "auth/claude-code-credentials-invalid",
  title: "Claude Code's credentials exist but cannot be read",
  severity: "error",
  fix: "none",
  docs: `Clawdia imports Claude Code's login into each agent's anthropic:claude-cli profile (the sync pass)
from the Keychain item "Claude Code-credentials" on macOS, else $CLAUDE_CONFIG_DIR/.credentials.json or
~/.claude/.credentials.json. When that item or file exists but cannot be read or parsed, nothing can be
synced and what the gateway will get for Anthropic cannot be known: \`clawdia models status --check\`
fails ("the state cannot be read"), naming the file and the position. Clawdia never rewrites Claude
Code's own file; logging in to Claude Code again (\`claude login\`, or \`claude setup-token\` and
\`clawdia models auth setup-token --provider anthropic\`) writes a good one.

Bad:  ~/.claude/.credentials.json holds '{ "claudeAiOauth": { "accessToken": ' (cut short).
Good: it holds { "claudeAiOauth": { "accessToken": "sk-ant-oat01-…", "refreshToken": …, "expiresAt": … } }.`,
  check({ snapshot }) {
    const claude = snapshot.claudeCode;
    if (claude.source === "none" || !claude.problem) return [];
    const home = snapshot.raw.paths.home;
    const where = claude.source === "file" ? displayPath(claude.location, home) : claude.location;
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
