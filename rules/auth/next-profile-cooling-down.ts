import { defineRule, EXAMPLE_NOW } from "../../src/rule.js";
import { cooldownStores, MINUTE, resting } from "../../src/auth/cooldown-example.js";
import { agentCandidates, agentIdsToCheck } from "../../src/auth/credentials.js";
import { clockTime, failureKind, failureWords } from "../../src/auth/cooldown.js";
import { providersInUse } from "../../src/auth/providers.js";
import type { RuleFinding } from "../../src/types.js";

export default defineRule({
  id: "auth/next-profile-cooling-down",
  title: "The first profile of the order is cooling down; another takes its place",
  severity: "info",
  fix: "none",
  docs: `The gateway uses a provider's profiles in order, but puts those resting after errors (a cooldown)
last. While the first profile of the order cools down, requests go to the next one that works: nothing
fails, but they run on another credential (another account, another bill) until the cooldown ends.

Bad:  anthropic:claude-cli is cooling down until 14:05 after a rate limit; the gateway uses anthropic:default
      meanwhile (and goes back to anthropic:claude-cli by itself at 14:05).
Good: the first profile of the order is not resting, or \`clawdia models auth cooldown clear --provider
      anthropic --profile anthropic:claude-cli\` once the cause is fixed.`,
  examples: {
    bad: [
      {
        caption: "the first key of the order rests: the second answers meanwhile",
        stores: cooldownStores({ "anthropic:a": resting(EXAMPLE_NOW + 10 * MINUTE) }),
      },
    ],
    good: [
      {
        caption: "the first key's cooldown has passed and was reset",
        stores: cooldownStores({ "anthropic:a": { errorCount: 0, lastUsed: EXAMPLE_NOW - MINUTE } }),
      },
    ],
  },
  check({ snapshot, config, now }) {
    const findings: RuleFinding[] = [];
    for (const provider of providersInUse(config).keys()) {
      for (const agentId of agentIdsToCheck(snapshot)) {
        const { order, candidates, next } = agentCandidates(snapshot, provider, agentId, now);
        // The candidate the gateway would take if no profile were resting: the first of the order.
        const preferred = candidates.find(
          (candidate) => candidate.profileId === order.find((id) => candidates.some((c) => c.profileId === id)),
        );
        const taking = candidates.find((candidate) => candidate.profileId === next);
        if (!preferred?.cooldownUntil || !taking || taking.cooldownUntil !== undefined) continue;
        const lastError = snapshot.agentById.get(agentId)!.view.usageStats[preferred.profileId]?.lastError;
        const why = lastError === undefined ? "" : ` (${failureWords(failureKind(provider, lastError), provider)})`;
        findings.push({
          message: `${preferred.profileId} (agent ${agentId}) is cooling down until ${clockTime(preferred.cooldownUntil, now)}${why}: the gateway uses ${taking.profileId} for ${provider} meanwhile`,
          subject: { agentId, profileId: preferred.profileId, provider },
          until: new Date(preferred.cooldownUntil).toISOString(),
          advice: [],
        });
      }
    }
    return findings;
  },
});
