import { defineRule } from "../../src/rule.js";
import { CLAUDE_CLI_PROFILE } from "../../src/auth/advice.js";
import { planClaudeCliSync } from "../../src/auth/claude-sync.js";

export default defineRule({
  id: "auth/claude-cli-stale",
  title: "Claude Code has newer credentials than the synced profile",
  severity: "warning",
  fix: "safe",
  docs: `Clawdia copies Claude Code's credentials (~/.claude/.credentials.json, or the Keychain on macOS)
into each agent's anthropic:claude-cli profile. It updates the profile when it is absent, expired, or
when Claude Code's credential expires later; it never replaces a refreshable OAuth credential with a
static token, and an identical credential is left alone. \`clawdia doctor\` and \`clawdia models status\`
do this sync; this rule reports an agent still behind (for instance after \`claude setup-token\`).

Bad:  Claude Code's token expires in 300d; agent main's anthropic:claude-cli expired 2h ago.
Good: agent main's anthropic:claude-cli holds the same credential as Claude Code.`,
  check({ snapshot, now }) {
    return planClaudeCliSync(snapshot, now).map((plan) => ({
      message: `Claude Code credentials are not synced into agent ${plan.agentId}: ${plan.reason}`,
      subject: { agentId: plan.agentId, profileId: CLAUDE_CLI_PROFILE, provider: "anthropic", file: plan.storePath, path: ["profiles", CLAUDE_CLI_PROFILE] },
      advice: ["clawdia models status"],
      fix: { title: `sync Claude Code credentials into ${plan.agentId}`, ops: plan.ops, safety: "safe" },
    }));
  },
});
