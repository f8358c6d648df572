import { defineRule, EXAMPLE_NOW } from "../../src/rule.js";
import { cooldownStores, MINUTE, resting } from "../../src/auth/cooldown-example.js";
import { clearCooldownOps, clockTime, failedRequestsAre, isStaleCooldown } from "../../src/auth/cooldown.js";
import type { RuleFinding } from "../../src/types.js";

export default defineRule({
  id: "auth/cooldown-not-reset",
  title: "A cooldown has ended but its error count was not reset",
  severity: "warning",
  fix: "safe", // only fields of a cooldown that is over, under the gateway's lock; undoable
  docs: `When a cooldown ends and the profile works again, the gateway resets its failure count
(usageStats.<profile>.errorCount) and clears cooldownUntil. A record where the cooldown time has passed
but the count is still there holds the profile back: it stays behind profiles that have worked, and
its next error backs off from the old count, for longer each time (a burst of 429s a week ago turns the
next one into a 20-minute rest). The fix clears only those two fields of a cooldown that is over, under
the gateway's lock, and keeps lastError and lastUsed. Refused credentials are left alone: there the
count is what rules the credential out (auth/missing-credentials reports them).

Bad:  "usageStats": { "anthropic:default": { "errorCount": 7, "cooldownUntil": <an hour ago> } }
Good: "usageStats": { "anthropic:default": { "errorCount": 0 } }`,
  examples: {
    bad: [
      {
        caption: "a cooldown that ended an hour ago, its error count still 3",
        stores: cooldownStores({ "anthropic:a": resting(EXAMPLE_NOW - 60 * MINUTE) }),
      },
    ],
    good: [
      {
        caption: "reset by the gateway after a request that worked",
        stores: cooldownStores({ "anthropic:a": { errorCount: 0, lastUsed: EXAMPLE_NOW - MINUTE } }),
      },
    ],
  },
  check({ snapshot, now }) {
    const findings: RuleFinding[] = [];
    for (const agent of snapshot.agents) {
      for (const profile of agent.view.profiles) {
        const stats = agent.view.usageStats[profile.id];
        if (!isStaleCooldown(profile.provider, stats, now)) continue;
        const raw = (agent.store.value as { usageStats?: Record<string, unknown> }).usageStats?.[profile.id];
        findings.push({
          message: `${profile.id} (agent ${agent.id}): its cooldown ended at ${clockTime(stats!.cooldownUntil!, now)}, but its ${failedRequestsAre(stats!.errorCount!)} still counted, so its next error rests it for longer`,
          subject: {
            agentId: agent.id,
            profileId: profile.id,
            provider: profile.provider,
            file: profile.storePath,
            path: ["usageStats", profile.id],
          },
          advice: [],
          fix: {
            title: `reset the ended cooldown of ${profile.id} (agent ${agent.id})`,
            ops: clearCooldownOps(profile.storePath, profile.id, raw),
          },
        });
      }
    }
    return findings;
  },
});
