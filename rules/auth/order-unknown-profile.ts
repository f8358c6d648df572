import { defineRule } from "../../src/rule.js";
import { formatJsonPath, type JsonPath } from "../../src/snapshot/json-problems.js";
import { objectAt } from "../../src/snapshot/views.js";
import type { FileOp, RuleFinding } from "../../src/types.js";

export default defineRule({
  id: "auth/order-unknown-profile",
  title: "An auth order names a profile that does not exist",
  severity: "warning",
  fix: "safe", // only ids that resolve to nothing are dropped
  docs: `auth.order[provider] in the config, and order[provider] in an agent's auth store (set with
\`clawdia models auth order set\`), list the profiles to try, in order. An id that names no profile is
skipped at best, and usually means a profile was renamed or removed and the order was not updated.
The config order may name any profile of the config or of any agent store; an agent's own order only
the profiles of that store.

Bad:  "order": { "anthropic": ["anthropic:old", "anthropic:default"] } with no anthropic:old profile.
Good: "order": { "anthropic": ["anthropic:default"] }. An order left with no known id is removed, so the
      default order applies again (an empty list would allow no profile at all).`,
  examples: {
    bad: [
      {
        config: {
          auth: {
            profiles: { "anthropic:default": { provider: "anthropic", mode: "api_key" } },
            order: { anthropic: ["anthropic:old", "anthropic:default"] },
          },
        },
      },
    ],
    good: [
      {
        config: {
          auth: {
            profiles: { "anthropic:default": { provider: "anthropic", mode: "api_key" } },
            order: { anthropic: ["anthropic:default"] },
          },
        },
      },
    ],
  },
  check({ snapshot, config, paths }) {
    const findings: RuleFinding[] = [];
    const everywhere = new Set([...Object.keys(config.profiles), ...snapshot.profiles.map((profile) => profile.id)]);
    // An id may live in a store that cannot be read right now: then nothing can be called unknown.
    const someStoreUnreadable = snapshot.agents.some(
      (agent) => agent.store.file.status !== "missing" && agent.store.value === undefined,
    );
    const configOrder = someStoreUnreadable ? {} : objectAt(snapshot.config.value, "auth", "order");
    for (const [provider, list] of Object.entries(configOrder)) {
      const finding = findUnknownIds(list, everywhere, paths.configPath, ["auth", "order"], provider, configOrder, "");
      if (finding) findings.push({ ...finding, subject: { ...finding.subject, provider } });
    }
    for (const agent of snapshot.agents) {
      const inStore = new Set(agent.view.profiles.map((profile) => profile.id));
      const storeOrder = objectAt(agent.store.value, "order");
      for (const [provider, list] of Object.entries(storeOrder)) {
        const finding = findUnknownIds(
          list,
          inStore,
          agent.store.file.path,
          ["order"],
          provider,
          storeOrder,
          ` (agent ${agent.id})`,
        );
        if (finding) findings.push({ ...finding, subject: { ...finding.subject, provider, agentId: agent.id } });
      }
    }
    return findings;
  },
});

function findUnknownIds(
  list: unknown,
  known: Set<string>,
  file: string,
  at: JsonPath,
  key: string,
  orders: Record<string, unknown>,
  where: string,
): RuleFinding | undefined {
  const path = [...at, key];
  if (!Array.isArray(list)) return undefined; // a schema problem, reported by config/invalid or store/invalid
  const unknown = list.filter((id): id is string => typeof id === "string" && !known.has(id));
  if (unknown.length === 0) return undefined;
  // Only the dangling ids go; anything else in the list (even a wrong type) is the schema rules' business.
  const kept = list.filter((id) => !(typeof id === "string" && unknown.includes(id)));
  const name = formatJsonPath(path);
  const names =
    unknown.length === 1
      ? `a profile that does not exist: ${unknown[0]}`
      : `profiles that do not exist: ${unknown.join(", ")}`;
  // A key in another case ("Anthropic") that auth/order-provider-case renames (it runs first): the
  // edit goes where the list is moved to, or the rename would bring the dangling ids back.
  const renamedTo = key.toLowerCase();
  const renamed =
    renamedTo !== key && Object.keys(orders).filter((other) => other.toLowerCase() === renamedTo).length === 1;
  const target = renamed ? [...at, renamedTo] : path;
  const moved: FileOp[] = renamed ? [{ kind: "json-set", file, path, value: undefined }] : [];
  return {
    message: `${name}${where} names ${names}`,
    subject: { file, path },
    fix: kept.length
      ? {
          title: `drop unknown ids from ${name}${where}`,
          ops: [{ kind: "json-set", file, path: target, value: kept }, ...moved],
        }
      : {
          title: `remove ${name}${where}, which names no existing profile`,
          ops: [{ kind: "json-set", file, path: target, value: undefined }, ...moved],
        },
  };
}
