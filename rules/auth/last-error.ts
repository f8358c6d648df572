import { defineRule, EXAMPLE_NOW } from "../../src/rule.js";
import { cooldownStores, MINUTE, resting } from "../../src/auth/cooldown-example.js";
import { errorExcerpt, failedRequests, failureAdvice, failureKind, failureWords } from "../../src/auth/cooldown.js";
import { collectSecrets } from "../../src/secrets.js";
import type { RuleFinding } from "../../src/types.js";

export default defineRule({
  id: "auth/last-error",
  title: "The last error the provider returned for a profile",
  severity: "info",
  fix: "none",
  docs: `The gateway records the last error a provider returned for each profile (usageStats.<profile>.lastError)
and counts the failed requests since the profile last worked. This says what it was in words you can act
on: a rate limit (slow down, or raise the account's limit), an overload (it passes), a billing refusal
(add credits), a refused credential (replace it), a network error. The provider's own text may quote a
credential or a request: only a short excerpt is shown, with every secret masked.

Bad:  anthropic:default (agent main) last failed: rate limited by Anthropic (too many requests); 3 failed
      requests since it last worked; the provider said: "429 {"type":"error","error":{"type":"rate_limit_error",…"
Good: no error recorded since the profile last worked (errorCount 0), or the cause fixed as the advice says.`,
  examples: {
    bad: [
      {
        caption: "the key failed with a 429 and rests for 10 minutes",
        stores: cooldownStores({ "anthropic:a": resting(EXAMPLE_NOW + 10 * MINUTE) }),
      },
    ],
    good: [
      {
        caption: "it has worked since its last error",
        stores: cooldownStores({
          "anthropic:a": { errorCount: 0, lastError: "429 rate limit", lastUsed: EXAMPLE_NOW - MINUTE },
        }),
      },
    ],
  },
  check({ snapshot }) {
    const findings: RuleFinding[] = [];
    let secrets: string[] | undefined;
    for (const agent of snapshot.agents) {
      for (const profile of agent.view.profiles) {
        const stats = agent.view.usageStats[profile.id];
        // errorCount 0: it has worked since (the text is history, not news).
        if (!stats?.lastError?.trim() || stats.errorCount === 0) continue;
        secrets ??= collectSecrets(snapshot);
        const kind = failureKind(profile.provider, stats.lastError);
        const count =
          stats.errorCount === undefined ? "" : `; ${failedRequests(stats.errorCount)} since it last worked`;
        const advice = failureAdvice(kind, profile.provider);
        findings.push({
          message: `${profile.id} (agent ${agent.id}) last failed: ${failureWords(kind, profile.provider)}${count}; the provider said: "${errorExcerpt(stats.lastError, secrets)}"`,
          subject: {
            agentId: agent.id,
            profileId: profile.id,
            provider: profile.provider,
            file: profile.storePath,
            path: ["usageStats", profile.id, "lastError"],
          },
          advice: advice ? [advice] : [],
        });
      }
    }
    return findings;
  },
});
