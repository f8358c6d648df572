import { defineRule, EXAMPLE_NOW } from "../../src/rule.js";
import { cooldownStores, MINUTE, resting } from "../../src/auth/cooldown-example.js";
import { clockTime, cooldownBoundMs, failureKind, failureWords } from "../../src/auth/cooldown.js";
import { formatDuration } from "../../src/auth/status.js";
import type { RuleFinding } from "../../src/types.js";

export default defineRule({
  id: "auth/cooldown-too-long",
  title: "A cooldown lasts longer than the gateway's backoff ever gives",
  severity: "warning",
  fix: "manual", // it may be real (a billing hold): clearing it is the user's call
  docs: `The gateway's backoff after rate limits, overload and network errors tops out at an hour; after a
billing error it waits up to a day. A cooldown that ends later than that was not set by the backoff: a
clock that jumped ahead when it was recorded, or a store edited or copied from another host. The profile
stays unused until then.

Bad:  anthropic:default is cooling down until next week after a rate limit.
Good: \`clawdia models auth cooldown clear --provider anthropic --profile anthropic:default --agent main\`.`,
  examples: {
    bad: [
      {
        caption: "a rate limit's cooldown that ends in 3 hours",
        stores: cooldownStores({ "anthropic:a": resting(EXAMPLE_NOW + 180 * MINUTE) }),
      },
    ],
    good: [
      {
        caption: "a rate limit's cooldown of 10 minutes",
        stores: cooldownStores({ "anthropic:a": resting(EXAMPLE_NOW + 10 * MINUTE) }),
      },
    ],
  },
  check({ snapshot, now }) {
    const findings: RuleFinding[] = [];
    for (const agent of snapshot.agents) {
      for (const profile of agent.view.profiles) {
        const stats = agent.view.usageStats[profile.id];
        if (stats?.cooldownUntil === undefined) continue;
        const kind = failureKind(profile.provider, stats.lastError ?? "");
        const bound = cooldownBoundMs(kind);
        if (stats.cooldownUntil - now <= bound) continue;
        const after = stats.lastError === undefined ? "any error" : failureWords(kind, profile.provider);
        findings.push({
          message: `${profile.id} (agent ${agent.id}) is cooling down until ${clockTime(stats.cooldownUntil, now)} (in ${formatDuration(stats.cooldownUntil - now)}), longer than the gateway rests a profile after ${after} (at most ${formatDuration(bound)}): a clock that jumped, or a store edited by hand`,
          subject: {
            agentId: agent.id,
            profileId: profile.id,
            provider: profile.provider,
            file: profile.storePath,
            path: ["usageStats", profile.id, "cooldownUntil"],
          },
          advice: [
            `clawdia models auth cooldown clear --provider ${profile.provider} --profile ${profile.id} --agent ${agent.id}`,
          ],
        });
      }
    }
    return findings;
  },
});
