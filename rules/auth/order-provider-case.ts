import { orderKeyFor } from "../../src/auth/candidates.js";
import { defineRule } from "../../src/rule.js";
import { editAdvice, formatJsonPath, type JsonPath } from "../../src/snapshot/json-problems.js";
import { objectAt } from "../../src/snapshot/views.js";
import type { RuleFinding } from "../../src/types.js";

export default defineRule({
  id: "auth/order-provider-case",
  title: "An auth order key is not written as the lower-case provider id",
  severity: "warning",
  fix: "safe", // a rename of the key only, when no other key names the same provider
  docs: `Provider ids are lower-case ("anthropic", "openai", "openrouter"). The keys of auth.order in the
config, and of order in an agent's auth store, are matched ignoring case, so "OpenAI" is openai's order;
but a tool or a gateway release that matches them exactly would skip it without a word. The safe fix
renames the key. When two keys name the same provider in different cases, only one order is used (the
one written in lower case, else the first in the file): nothing is renamed, since only you can say
which list was meant.

Bad:  "order": { "OpenAI": ["openai:work", "openai:default"] }
Good: "order": { "openai": ["openai:work", "openai:default"] }`,
  examples: {
    bad: [{ config: { auth: { order: { OpenAI: ["openai:work", "openai:default"] } } } }],
    good: [{ config: { auth: { order: { openai: ["openai:work", "openai:default"] } } } }],
  },
  check({ snapshot, paths }) {
    const findings: RuleFinding[] = [];
    const configOrder = objectAt(snapshot.config.value, "auth", "order");
    findings.push(...findOddKeys(configOrder, paths.configPath, ["auth", "order"], "", paths.home));
    for (const agent of snapshot.agents) {
      const order = objectAt(agent.store.value, "order");
      const found = findOddKeys(order, agent.store.file.path, ["order"], ` (agent ${agent.id})`, paths.home);
      findings.push(...found.map((finding) => ({ ...finding, subject: { ...finding.subject, agentId: agent.id } })));
    }
    return findings;
  },
});

function findOddKeys(
  orders: Record<string, unknown>,
  file: string,
  at: JsonPath,
  where: string,
  home: string,
): RuleFinding[] {
  const groups = new Map<string, string[]>();
  // A list that is not an array is a schema problem (config/invalid, store/invalid), and no order.
  for (const key of Object.keys(orders).filter((key) => Array.isArray(orders[key])))
    groups.set(key.toLowerCase(), [...(groups.get(key.toLowerCase()) ?? []), key]);
  const findings: RuleFinding[] = [];
  for (const [provider, keys] of groups) {
    const odd = keys.filter((key) => key !== provider);
    if (odd.length === 0) continue;
    const subject = { file, path: [...at, odd[0]], provider };
    if (keys.length === 1) {
      const name = formatJsonPath(subject.path);
      findings.push({
        message: `${name}${where}: provider ids are lower-case; this is the order of ${provider}, write the key as "${provider}"`,
        subject,
        fix: {
          title: `rename ${name}${where} to ${formatJsonPath([...at, provider])}`,
          ops: [
            { kind: "json-set", file, path: [...at, provider], value: orders[odd[0]] },
            { kind: "json-set", file, path: subject.path, value: undefined },
          ],
        },
      });
      continue;
    }
    const used = orderKeyFor(orders, provider)!;
    const ignored = keys.filter((key) => key !== used);
    const quoted = (list: string[]) => list.map((key) => `"${key}"`).join(", ");
    findings.push({
      message: `${formatJsonPath(at)}${where} has ${keys.length} keys for ${provider} (${quoted(keys)}): "${used}" is used, ${quoted(ignored)} ignored; keep one list, under "${provider}"`,
      subject: { ...subject, path: [...at, ignored[0]] },
      advice: [editAdvice(file, home)],
    });
  }
  return findings;
}
