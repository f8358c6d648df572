import { defineRule, EXAMPLE_NOW } from "../../src/rule.js";
import { cooldownStores, MINUTE, resting } from "../../src/auth/cooldown-example.js";
import { agentCandidates, agentIdsToCheck } from "../../src/auth/credentials.js";
import { clockTime, failureAdvice, failureKind, failureWords, isCoolingDown } from "../../src/auth/cooldown.js";
import { fingerprint } from "../../src/auth/fingerprint.js";
import { providersInUse } from "../../src/auth/providers.js";
import { formatDuration } from "../../src/auth/status.js";
import type { Snapshot } from "../../src/snapshot/snapshot.js";
import type { RuleFinding } from "../../src/types.js";

export default defineRule({
  id: "auth/provider-cooling-down",
  title: "Every credential of a provider in use is cooling down",
  severity: "warning",
  fix: "manual", // a cooldown ends by itself; clearing one early is the user's call
  docs: `After a failed request (a rate limit, an overload, a billing or network error) the gateway rests
the profile for a while (a cooldown, usageStats.<profile>.cooldownUntil in the agent's auth store) and
uses the next one. When every profile it would use for a provider is resting, that agent's requests to
the provider fail ("No available auth profile … all in cooldown") until the first cooldown ends. It
recovers by itself: \`models status --check\` exits 2, not 1. The state is per agent: another agent with
the same credential may be working meanwhile.

Bad:  anthropic:default is agent main's only Anthropic profile and is cooling down until 14:05 after 429s.
Good: wait until 14:05; add a second credential (\`clawdia models auth paste-token --provider anthropic
      --profile-id anthropic:backup\`); or, once the cause is fixed,
      \`clawdia models auth cooldown clear --provider anthropic --agent main\`.`,
  examples: {
    bad: [
      {
        caption: "agent main's only Anthropic key rests for 25 more minutes after 429s",
        stores: cooldownStores({ "anthropic:a": resting(EXAMPLE_NOW + 25 * MINUTE) }, true),
      },
    ],
    good: [
      {
        caption: "one key rests, the other takes its place",
        stores: cooldownStores({ "anthropic:a": resting(EXAMPLE_NOW + 25 * MINUTE) }),
      },
    ],
  },
  check({ snapshot, config, now }) {
    const findings: RuleFinding[] = [];
    for (const provider of providersInUse(config).keys()) {
      for (const agentId of agentIdsToCheck(snapshot)) {
        const { candidates } = agentCandidates(snapshot, provider, agentId, now);
        if (candidates.length === 0 || candidates.some((candidate) => candidate.cooldownUntil === undefined)) continue;
        const usage = snapshot.agentById.get(agentId)!.view.usageStats;
        const first = candidates[0]; // cooldowns sort soonest-ending first
        const back = clockTime(first.cooldownUntil!, now);
        const kinds = [
          ...new Set(
            candidates
              .map((candidate) => usage[candidate.profileId]?.lastError)
              .filter((error) => error !== undefined)
              .map((error) => failureKind(provider, error)),
          ),
        ];
        const recorded = kinds.length
          ? `; recorded: ${kinds.map((kind) => failureWords(kind, provider)).join(", ")}`
          : "";
        const elsewhere = workingTwin(
          snapshot,
          provider,
          agentId,
          candidates.map((candidate) => candidate.profileId),
          now,
        );
        findings.push({
          message:
            `Every ${provider} credential of agent ${agentId} is cooling down after errors (${candidates.map((c) => c.profileId).join(", ")}): ` +
            `${first.profileId} comes back first, at ${back} (in ${formatDuration(first.cooldownUntil! - now)})${recorded}` +
            (elsewhere
              ? `; agent ${elsewhere.agentId} has the same credential (${elsewhere.fingerprint}) and is not cooling down: the cooldown is agent ${agentId}'s own record, not the provider's`
              : ""),
          subject: { agentId, provider },
          until: new Date(first.cooldownUntil!).toISOString(),
          advice: [
            `wait until ${back}: the gateway tries ${first.profileId} again by itself`,
            ...kinds.flatMap((kind) => failureAdvice(kind, provider) ?? []),
            `clawdia models auth paste-token --provider ${provider} --profile-id ${provider}:backup   # a second credential to use meanwhile`,
            `clawdia models auth cooldown clear --provider ${provider} --agent ${agentId}   # once the cause is fixed`,
          ],
        });
      }
    }
    return findings;
  },
});

/** Another agent holding one of these profiles' credentials, identical, that is not resting. */
function workingTwin(
  snapshot: Snapshot,
  provider: string,
  agentId: string,
  ids: string[],
  now: number,
): { agentId: string; fingerprint: string } | undefined {
  const resting = new Set(
    snapshot.agentById
      .get(agentId)!
      .view.profiles.filter((p) => ids.includes(p.id) && p.secret)
      .map((p) => p.secret!),
  );
  for (const agent of snapshot.agents) {
    if (agent.id === agentId) continue;
    const twin = agent.view.profiles.find(
      (p) =>
        p.provider === provider &&
        p.secret !== undefined &&
        resting.has(p.secret) &&
        !isCoolingDown(agent.view.usageStats[p.id], now),
    );
    if (twin) return { agentId: agent.id, fingerprint: fingerprint(twin.secret!) };
  }
  return undefined;
}
