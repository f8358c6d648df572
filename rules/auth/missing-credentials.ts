import { defineRule } from "../../src/rule.js";
import { missingCredentialAdvice, renewalAdvice } from "../../src/auth/advice.js";
import {
  agentCandidates,
  agentIdsToCheck,
  credentialSources,
  gatewayCredential,
  isUsable,
  type CredentialSource,
} from "../../src/auth/credentials.js";
import { providersInUse } from "../../src/auth/providers.js";
import { credentialStatus, describeExpiry } from "../../src/auth/status.js";
import { formatJsonPath } from "../../src/snapshot/json-problems.js";
import type { Snapshot } from "../../src/snapshot/snapshot.js";
import type { RuleFinding } from "../../src/types.js";

export default defineRule({
  id: "auth/missing-credentials",
  title: "A provider in use has no usable credential",
  severity: "error",
  fix: "manual",
  docs: `A provider is in use when the default model, a model alias or a configured auth profile names it
(with no models.default, the gateway uses anthropic/claude-opus-4-5). Each agent needs a usable credential
for it: a stored profile that is not expired and whose type its configured mode accepts, or the
provider's key variable (ANTHROPIC_API_KEY, …) in the environment, ~/.clawdia/.env or config env.vars.
A value counts only if it is a credential: not empty, one line, not a placeholder ("...", "<key>",
"your-key-here", "changeme"), of its provider's shape (Anthropic API keys start "sk-ant-api", OpenRouter
keys "sk-or-", OpenAI keys "sk-"; a Claude Code token is no API key), and not refused by the provider
since it last worked. Without one, every request of that agent to that provider fails.

Bad:  models.default is "openrouter/…", and no profile or OPENROUTER_API_KEY exists anywhere.
Bad:  ANTHROPIC_API_KEY=your-key-here (or an OpenRouter key) in ~/.clawdia/.env and nothing else.
Good: OPENROUTER_API_KEY=… in ~/.clawdia/.env, or \`clawdia models auth paste-token --provider openrouter\`.`,
  examples: {
    bad: [
      {
        caption: "the default model is OpenRouter's, and no OpenRouter key anywhere",
        config: { models: { default: "openrouter/anthropic/claude-sonnet-4-5" } },
      },
      { caption: "a placeholder is not a key", dotenv: "ANTHROPIC_API_KEY=your-key-here\n" },
    ],
    good: [
      {
        config: { models: { default: "openrouter/anthropic/claude-sonnet-4-5" } },
        dotenv: "OPENROUTER_API_KEY=sk-or-v1-EXAMPLEopenrouterKEY0001\n",
      },
    ],
  },
  check({ snapshot, config, now }) {
    const findings: RuleFinding[] = [];
    for (const [provider, reasons] of providersInUse(config)) {
      for (const agentId of agentIdsToCheck(snapshot)) {
        // The gateway uses a stored profile only as a candidate of its order (the same resolver as
        // \`models status --check\`), else the key variable as its own environment has it.
        const resolution = agentCandidates(snapshot, provider, agentId, now);
        if (gatewayCredential(snapshot, provider, agentId, now, undefined, resolution)) continue;
        const sources = credentialSources(snapshot, provider, agentId);
        const where = `agent ${agentId}; in use by ${reasons.join(", ")}${brokenStoreNote(snapshot, agentId)}`;
        const subject = { agentId, provider };
        const outOfOrder = sources.filter(
          (source) =>
            source.profile && !resolution.order.includes(source.profile.id) && isUsable(source, snapshot, now),
        );
        if (outOfOrder.length) {
          const ids = outOfOrder.map((source) => source.profile!.id);
          findings.push({
            message: `No usable credentials for ${provider} (${where}): ${ids.join(", ")} ${ids.length === 1 ? "is" : "are"} stored but not in the order the gateway follows (${resolution.order.join(", ") || "none"}), so ${ids.length === 1 ? "it is" : "they are"} never tried`,
            subject,
            advice: [`clawdia models auth order set --provider ${provider} --agent ${agentId} ${ids.join(" ")}`],
          });
          continue;
        }
        if (sources.length === 0) {
          findings.push({
            message: `No credentials found for ${provider} (${where})`,
            subject,
            advice: missingCredentialAdvice(provider),
          });
          continue;
        }
        const why = sources.map((source) => whyUnusable(source, snapshot, now)).join("; ");
        const renew = sources.flatMap((source) =>
          source.profile && isExpired(source, snapshot, now) ? renewalAdvice(source.profile) : [],
        );
        findings.push({
          message: `No usable credentials for ${provider} (${where}): ${why}`,
          subject,
          advice: [...new Set([...renew, ...missingCredentialAdvice(provider)])],
        });
      }
    }
    return findings;
  },
});

function isExpired(source: CredentialSource, snapshot: Snapshot, now: number): boolean {
  return credentialStatus(source.profile!, now, snapshot.configView.expiryWarnHours) === "expired";
}

/** A key variable is unusable only when its value is not a key; a stored profile also when expired or of the wrong type. */
function whyUnusable(source: CredentialSource, snapshot: Snapshot, now: number): string {
  if (source.rejection) return source.rejection;
  const profile = source.profile!;
  if (profile.unusable) return `${source.label}: ${profile.unusable} (see store/invalid)`;
  if (isExpired(source, snapshot, now)) return `${source.label} ${describeExpiry(profile.expires!, now)}`;
  const mode = snapshot.configView.profiles[profile.id]?.mode;
  const modePath = formatJsonPath(["auth", "profiles", profile.id, "mode"]);
  return `${source.label} is of type ${profile.type}, which ${modePath} "${mode}" does not accept`;
}

/** A store that cannot be read shows no profiles: say so, or the user looks for a credential that is there. */
function brokenStoreNote(snapshot: Snapshot, agentId: string): string {
  const store = snapshot.agents.find((agent) => agent.id === agentId)?.store;
  if (!store || store.file.status === "missing" || store.value !== undefined) return "";
  return "; its auth store could not be read, see store/invalid";
}
