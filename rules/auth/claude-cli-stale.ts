import { DAY, defineRule, EXAMPLE_NOW, HOUR } from "../../src/rule.js";
import { CLAUDE_CLI_PROFILE } from "../../src/auth/advice.js";
import { planClaudeCliSync } from "../../src/auth/claude-sync.js";

export default defineRule({
  id: "auth/claude-cli-stale",
  title: "Claude Code has newer credentials than the synced profile",
  severity: "warning",
  fix: "safe",
  docs: `Clawdia copies Claude Code's credential into each agent's anthropic:claude-cli profile, from where
Claude Code itself takes it: the CLAUDE_CODE_OAUTH_TOKEN variable (a \`claude setup-token\` token: static,
expiry unknown), then on macOS the Keychain item "Claude Code-credentials", then
$CLAUDE_CONFIG_DIR/.credentials.json or ~/.claude/.credentials.json (\`claude login\`: a refreshable OAuth
login). "Refreshable" means it has a refresh token; anything else is a static token. The profile takes
Claude Code's credential when
- it is absent, has no credential, or has expired (and Claude Code's is usable: refreshable, or not expired);
- Claude Code's is of the same kind and expires later (both expiries known);
- it is a static token inside the warning window (auth.expiryWarnHours, 24h by default) and Claude Code's
  is refreshable, or static with no known expiry.
A valid credential is never replaced by one that becomes unusable sooner, a refreshable profile never by a
static token, and an equal credential is left alone: a year-long setup-token stays until its last day.
\`clawdia doctor\` and \`clawdia models status\` do this sync; this rule reports an agent still behind.

Bad:  Claude Code's token expires in 300d; agent main's anthropic:claude-cli expired 2h ago.
Good: agent main's anthropic:claude-cli holds the same credential as Claude Code.`,
  examples: {
    bad: [
      {
        caption: "Claude Code has a new setup-token; the agent's copy expired 2h ago",
        claudeCode: {
          claudeAiOauth: {
            accessToken: "sk-ant-oat01-NEWsetupTokenNEWsetupToken",
            expiresAt: EXAMPLE_NOW + 300 * DAY,
            scopes: [],
            subscriptionType: "max",
          },
        },
        stores: {
          main: {
            version: 1,
            profiles: {
              "anthropic:claude-cli": {
                type: "token",
                provider: "anthropic",
                token: "sk-ant-oat01-OLDsetupTokenOLDsetupToken",
                expires: EXAMPLE_NOW - 2 * HOUR,
              },
            },
          },
        },
      },
    ],
    good: [
      {
        caption: "the agent's profile holds the same credential as Claude Code",
        claudeCode: {
          claudeAiOauth: {
            accessToken: "sk-ant-oat01-NEWsetupTokenNEWsetupToken",
            expiresAt: EXAMPLE_NOW + 300 * DAY,
            scopes: [],
            subscriptionType: "max",
          },
        },
        stores: {
          main: {
            version: 1,
            profiles: {
              "anthropic:claude-cli": {
                type: "token",
                provider: "anthropic",
                token: "sk-ant-oat01-NEWsetupTokenNEWsetupToken",
                expires: EXAMPLE_NOW + 300 * DAY,
              },
            },
          },
        },
      },
    ],
  },
  check({ snapshot, now }) {
    return planClaudeCliSync(snapshot, now).map((plan) => ({
      message: `Claude Code's credential in ${plan.source} is not synced into agent ${plan.agentId}: ${plan.reason}`,
      subject: {
        agentId: plan.agentId,
        profileId: CLAUDE_CLI_PROFILE,
        provider: "anthropic",
        file: plan.storePath,
        path: ["profiles", CLAUDE_CLI_PROFILE],
      },
      advice: ["clawdia models status"],
      fix: { title: plan.title, ops: plan.ops, safety: "safe" },
    }));
  },
});
